"use client";
/**
 * What every block needs besides its own config: the blueprint, the signed-in user,
 * where the app lives (/apps/<slug>) and how to move between its pages. The record a
 * block is about (a route's :id, a modal's record, a calendar day's defaults) comes
 * from the nearest RecordScope.
 */
import type { BlueprintV2 } from "@plinth/blueprint";
import { createContext, useContext, useMemo } from "react";
import type { RuntimeUser } from "../config/filters";
import type { AppLocale } from "../config/locale";
import { type Texts, textsFor } from "../config/texts";
import type { AppMember } from "../data/runtime-api";
import { requiredContext } from "./required-context";

export interface RuntimeContextValue {
  blueprint: BlueprintV2;
  user: RuntimeUser;
  basePath: string;
  /** The current path under basePath, e.g. "/deals/42". */
  subPath: string;
  navigate: (to: string) => void;
  /** Who is in the app (chat names them); absent where nobody can be looked up. */
  loadMembers?: () => Promise<AppMember[]>;
  /** Whether others' changes arrive as they commit, so nothing needs to poll. */
  liveUpdates: boolean;
}

export const [RuntimeContextProvider, useRuntime] = requiredContext<RuntimeContextValue>("useRuntime");

/** How the app writes numbers, money and dates. */
export function useAppLocale(): AppLocale {
  const { locale, currency } = useRuntime().blueprint.app;
  return useMemo(() => ({ locale, currency }), [locale, currency]);
}

/** The runtime's own words in the app's language. */
export function useTexts(): Texts {
  return textsFor(useRuntime().blueprint.app.locale);
}

export interface RecordScopeValue {
  id?: string;
  /** Values a create form starts with (a clicked calendar day, the parent of a related list). */
  defaults?: Record<string, unknown>;
  /** What the action that opened this scope asked for; a modal's form follows it over its own mode. */
  intent?: "create" | "edit";
  /** Called after a form in this scope saves, e.g. to close its modal. */
  onDone?: () => void;
}

const RecordScope = createContext<RecordScopeValue>({});
export const RecordScopeProvider = RecordScope.Provider;
export const useRecordScope = () => useContext(RecordScope);
