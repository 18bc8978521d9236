"use client";
/** Opens ui.modals (and generated forms for actions without a modal) over the current page. */
import type { Block } from "@plinth/blueprint";
import { useCallback, useState } from "react";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { findTable } from "../config/model";
import { BlockCard } from "./block-view";
import { ModalContextProvider, type ModalRequest } from "./modal-context";
import { useReturnFocus } from "./return-focus";
import { RecordScopeProvider, useRuntime } from "./runtime-context";

const SIZES = { sm: "sm:max-w-sm", md: "sm:max-w-lg", lg: "sm:max-w-2xl", xl: "sm:max-w-4xl" } as const;

export function ModalHost({ children }: { children: React.ReactNode }) {
  const { blueprint } = useRuntime();
  const [request, setRequest] = useState<ModalRequest | null>(null);
  const focus = useReturnFocus();
  const open = useCallback(
    (next: ModalRequest) => {
      focus.remember();
      setRequest(next);
    },
    [focus],
  );
  const close = () => setRequest(null);
  let title = "";
  let blocks: Block[] = [];
  let size: keyof typeof SIZES = "md";
  if (request && "modalId" in request) {
    const modal = blueprint.ui.modals.find((m) => m.id === request.modalId);
    if (modal) {
      title = modal.title;
      blocks = modal.blocks;
      size = modal.size;
    }
  } else if (request) {
    const table = findTable(blueprint, request.form.table);
    // Columns the database fills with the signed-in user are not typed in.
    const fields = (table?.columns ?? []).filter((c) => c.default !== "$user.id").map((c) => c.name);
    title = `${request.form.mode === "create" ? "New" : "Edit"} ${(table?.label ?? request.form.table).toLowerCase()}`;
    if (fields.length > 0) {
      blocks = [{ id: "generated_form", type: "FORM", table: request.form.table, mode: request.form.mode, fields }];
    }
  }
  return (
    <ModalContextProvider value={open}>
      {children}
      <Dialog open={request !== null} onOpenChange={(open) => !open && close()}>
        <DialogContent
          className={`max-h-[90dvh] overflow-y-auto ${SIZES[size]}`}
          onCloseAutoFocus={focus.onCloseAutoFocus}
        >
          <DialogHeader>
            <DialogTitle>{title || "Not found"}</DialogTitle>
            <DialogDescription className="sr-only">{title}</DialogDescription>
          </DialogHeader>
          {blocks.length === 0 ? (
            <p className="text-muted-foreground text-sm">This window has nothing to show.</p>
          ) : (
            <RecordScopeProvider value={{ ...request?.scope, onDone: close }}>
              <div className="grid gap-4">
                {blocks.map((b) => (
                  <BlockCard key={b.id} block={b} bare={blocks.length === 1} />
                ))}
              </div>
            </RecordScopeProvider>
          )}
        </DialogContent>
      </Dialog>
    </ModalContextProvider>
  );
}
