"use client";
/**
 * One cell of a TABLE being edited in place: the form's input for the column, checked by
 * the form's rules (form-values) before it is saved. Enter saves, Escape cancels, Tab
 * saves and moves on; the table does the saving (optimistically, with rollback).
 */
import type { Column } from "@plinth/blueprint";
import { useEffect, useId, useRef, useState } from "react";
import { useAppLocale } from "../components/runtime-context";
import { type FormValue, validateValue } from "../config/form-values";
import type { ForeignKey } from "../config/model";
import { FieldInput } from "./field-input";

export type EditEnd = "save" | "cancel" | "save-next" | "save-previous";

export function CellEditor({
  column,
  label,
  initial,
  foreignKey,
  onEnd,
}: {
  column: Column;
  label: string;
  initial: FormValue;
  foreignKey?: ForeignKey;
  onEnd: (how: EditEnd, value: FormValue) => void;
}) {
  const id = useId();
  const locale = useAppLocale();
  const [value, setValue] = useState<FormValue>(initial);
  const [problem, setProblem] = useState<string>();
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    box.current?.querySelector<HTMLElement>("input, select, textarea")?.focus();
  }, []);
  const finish = (how: EditEnd) => {
    if (how !== "cancel") {
      const found = validateValue(column, value, label, locale);
      setProblem(found);
      if (found) return;
    }
    onEnd(how, value);
  };
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: the keys belong to the input inside; this only listens.
    <div
      ref={box}
      className="grid min-w-40 gap-1"
      onKeyDown={(event) => {
        if (event.key === "Escape") {
          event.preventDefault();
          event.stopPropagation();
          finish("cancel");
        } else if (event.key === "Enter" && !(event.target instanceof HTMLTextAreaElement && event.shiftKey)) {
          event.preventDefault();
          event.stopPropagation();
          finish("save");
        } else if (event.key === "Tab") {
          event.preventDefault();
          event.stopPropagation();
          finish(event.shiftKey ? "save-previous" : "save-next");
        }
      }}
    >
      <label htmlFor={id} className="sr-only">
        {label}
      </label>
      <FieldInput
        id={id}
        column={column}
        value={value}
        onChange={setValue}
        invalid={Boolean(problem)}
        describedBy={problem ? `${id}-problem` : undefined}
        foreignKey={foreignKey}
      />
      {problem && (
        <p id={`${id}-problem`} className="text-destructive text-xs" role="alert">
          {problem}
        </p>
      )}
    </div>
  );
}
