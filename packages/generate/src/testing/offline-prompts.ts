/**
 * The offline planner's corpus: varied prompts (domains, phrasings, five words to a
 * paragraph, English, Spanish, French, German, Portuguese), each with what it plainly
 * names — tables, roles, access scopes and choice lists. The tests report the share
 * of each the planner produces; the benchmark times the planner over the prompts.
 *
 * Scopes are [role, table, kind, column]: person (the column holding the member),
 * team (the column linking to the app's teams table), parent (the reference the row follows),
 * readOnly (the role may only look; no column) and readOnlyColumn (the column it may not set).
 */
import { z } from "zod";
import corpus from "./offline-prompts.json" with { type: "json" };

export type ScopeKind = "person" | "team" | "parent" | "readOnly" | "readOnlyColumn";

export interface PromptCase {
  prompt: string;
  tables: string[];
  roles: string[];
  scopes: [role: string, table: string, kind: ScopeKind, column?: string][];
  choices: [table: string, column: string, values: string[]][];
}

/** Prompts with no app in them: the planner asks what to keep instead of making one up. */
export const NOT_APPS = [
  "blorp zing",
  "write me a poem",
  "hello",
  "asdf qwer zxcv",
  "what is the weather tomorrow?",
  "顧客と請求書を管理するアプリ",
];

/**
 * The prompts themselves are data, in offline-prompts.json: groups (short prompts, roles and
 * access, Spanish, …) of rows `[prompt, tables, roles?, scopes?, choices?]`, checked at load.
 */
const name = z.string().min(1);
const scope = z.union([
  z.tuple([name, name, z.enum(["person", "team", "parent", "readOnlyColumn"]), name]),
  z.tuple([name, name, z.literal("readOnly")]),
]);
const row = z.tuple([
  name,
  z.array(name),
  z.array(name).optional(),
  z.array(scope).optional(),
  z.array(z.tuple([name, name, z.array(name).min(1)])).optional(),
]);

export const OFFLINE_PROMPTS: PromptCase[] = Object.values(z.record(name, z.array(row)).parse(corpus))
  .flat()
  .map(([prompt, tables, roles = [], scopes = [], choices = []]) => ({ prompt, tables, roles, scopes, choices }));
