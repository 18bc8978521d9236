"use client";
/**
 * Forms holding changes not yet saved. While any does, the browser asks before the page
 * is left, and when the app's owner stops the app the runtime keeps the page (and what
 * was typed) under a banner instead of replacing it with the stopped notice.
 */
import { createContext, useContext, useEffect, useId, useSyncExternalStore } from "react";

export interface UnsavedForms {
  set(formId: string, dirty: boolean): void;
  any(): boolean;
  subscribe(listener: () => void): () => void;
}

export function createUnsavedForms(): UnsavedForms {
  const dirty = new Set<string>();
  const listeners = new Set<() => void>();
  return {
    set(formId, isDirty) {
      if (isDirty === dirty.has(formId)) return;
      if (isDirty) dirty.add(formId);
      else dirty.delete(formId);
      for (const listener of listeners) listener();
    },
    any: () => dirty.size > 0,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

// Outside a provider (a block rendered on its own) forms still warn before unload; nobody else asks.
const UnsavedFormsContext = createContext<UnsavedForms>(createUnsavedForms());
export const UnsavedFormsProvider = UnsavedFormsContext.Provider;

export function useHasUnsavedForms(forms: UnsavedForms): boolean {
  return useSyncExternalStore(forms.subscribe, forms.any, () => false);
}

/** Marks the calling form as holding unsaved changes while `dirty` is true. */
export function useUnsavedChanges(dirty: boolean): void {
  const forms = useContext(UnsavedFormsContext);
  const formId = useId();
  useEffect(() => {
    forms.set(formId, dirty);
    return () => forms.set(formId, false);
  }, [forms, formId, dirty]);
  useEffect(() => {
    if (!dirty) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [dirty]);
}

const AppStoppingContext = createContext(false);
/** True while the owner has stopped the app but this page is kept for its unsaved forms. */
export const AppStoppingProvider = AppStoppingContext.Provider;
export const useAppStopping = () => useContext(AppStoppingContext);
