"use client";
import { createContext, useContext } from "react";
import type { RecordScopeValue } from "./runtime-context";

/** A modal to open: one of ui.modals, or a form over a table when an action names no modal. */
export type ModalRequest =
  | { modalId: string; scope: RecordScopeValue }
  | { form: { table: string; mode: "create" | "edit" }; scope: RecordScopeValue };

const ModalContext = createContext<(request: ModalRequest) => void>(() => {
  throw new Error("openModal used outside the runtime's modal host");
});
export const ModalContextProvider = ModalContext.Provider;
export const useOpenModal = () => useContext(ModalContext);
