"use client";
/**
 * A blueprint action as a button: navigate, openModal, create, edit or delete. An
 * action the user's role may not perform is not rendered at all (the database would
 * refuse it anyway), nor one on a record outside the rows the role's scope reaches.
 */
import type { BlockAction, BlueprintV2 } from "@plinth/blueprint";
import { useCan, useDelete } from "@refinedev/core";
import { PencilIcon, PlusIcon, Trash2Icon } from "lucide-react";
import { useState } from "react";
import { AlertDialogAction } from "@/components/ui/alert-dialog";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/lib/confirm-dialog";
import { pagePath } from "../config/refine-config";
import type { Texts } from "../config/texts";
import { type Reference, useReferences } from "../data/references";
import { useOpenModal } from "./modal-context";
import { useReturnFocus } from "./return-focus";
import { useRuntime, useTexts } from "./runtime-context";

/** The Refine action an action needs permission for, or undefined when only a route is followed. */
export function permissionFor(
  blueprint: BlueprintV2,
  action: BlockAction,
  table: string,
): { resource: string; action: string } | undefined {
  switch (action.type) {
    case "create":
      return { resource: table, action: "create" };
    case "edit":
      return { resource: table, action: "edit" };
    case "delete":
      return { resource: table, action: "delete" };
    case "openModal": {
      const form = blueprint.ui.modals.find((m) => m.id === action.modal)?.blocks.find((b) => b.type === "FORM");
      if (form?.type === "FORM") return { resource: form.table, action: form.mode === "create" ? "create" : "edit" };
      return undefined;
    }
    case "navigate": {
      const page = blueprint.ui.pages.find((p) => p.id === action.page);
      const table = page?.blocks[0]?.table;
      return table ? { resource: table, action: page.route.includes(":id") ? "show" : "list" } : undefined;
    }
  }
}

export function defaultActionLabel(action: BlockAction): string {
  if (action.label) return action.label;
  switch (action.type) {
    case "create":
      return "New";
    case "edit":
      return "Edit";
    case "delete":
      return "Delete";
    case "navigate":
      return "Open";
    case "openModal":
      return "Open";
  }
}

export interface ActionButtonProps {
  action: BlockAction;
  table: string;
  recordId?: string;
  /** Shown in the delete confirmation, e.g. the record's title. */
  recordLabel?: string;
  /** The record's values, so an action outside the role's scope for it is left out. */
  record?: Record<string, unknown>;
  defaults?: Record<string, unknown>;
  size?: "sm" | "default";
  onDeleted?: () => void;
}

export function ActionButton(props: ActionButtonProps) {
  const { action, table, recordId, record, defaults, size = "sm" } = props;
  const { blueprint, basePath, navigate } = useRuntime();
  const openModal = useOpenModal();
  const permission = permissionFor(blueprint, action, table);
  // The record only scopes actions on its own table (a modal's form may be about another).
  const row = permission?.resource === table && recordId !== undefined ? record : undefined;
  const { data: allowed } = useCan({
    resource: permission?.resource ?? table,
    action: permission?.action ?? "list",
    params: row ? { id: recordId, row } : undefined,
    queryOptions: { enabled: permission !== undefined },
  });
  if (permission && !allowed?.can) return null;
  const label = defaultActionLabel(action);

  if (action.type === "navigate") {
    const page = blueprint.ui.pages.find((p) => p.id === action.page);
    if (!page || (page.route.includes(":id") && !recordId)) return null;
    return (
      <Button size={size} variant="outline" onClick={() => navigate(pagePath(basePath, page, recordId))}>
        {label}
      </Button>
    );
  }
  if (action.type === "openModal") {
    return (
      <Button
        size={size}
        variant="outline"
        onClick={() => openModal({ modalId: action.modal, scope: { id: recordId, defaults } })}
      >
        {label}
      </Button>
    );
  }
  if (action.type === "create" || action.type === "edit") {
    if (action.type === "edit" && !recordId) return null;
    const scope =
      action.type === "edit" ? { id: recordId, intent: "edit" as const } : { defaults, intent: "create" as const };
    return (
      <Button
        size={size}
        variant={action.type === "create" ? "default" : "outline"}
        onClick={() =>
          action.modal
            ? openModal({ modalId: action.modal, scope })
            : openModal({ form: { table, mode: action.type === "create" ? "create" : "edit" }, scope })
        }
      >
        {action.type === "create" ? <PlusIcon aria-hidden="true" /> : <PencilIcon aria-hidden="true" />}
        {label}
      </Button>
    );
  }
  if (!recordId) return null;
  return <DeleteButton {...props} recordId={recordId} label={label} size={size} />;
}

/**
 * Delete with its confirmation. Its own component so that only delete actions carry
 * Refine's delete mutation (a stack of hooks): a table renders an action bar per row,
 * and the other actions are plain buttons.
 */
function DeleteButton(props: ActionButtonProps & { recordId: string; label: string; size: "sm" | "default" }) {
  const { table, recordId, recordLabel, label, size, onDeleted } = props;
  const { blueprint } = useRuntime();
  const t = useTexts();
  const [confirming, setConfirming] = useState(false);
  const focus = useReturnFocus();
  const { mutate: remove, mutation } = useDelete();
  const references = useReferences(blueprint, table, recordId, confirming);
  const blocked = references.data?.some((r) => r.rule === "restrict") ?? false;
  return (
    <>
      <Button
        size={size}
        variant="outline"
        className="text-destructive"
        onClick={() => {
          focus.remember();
          setConfirming(true);
        }}
        disabled={mutation.isPending}
      >
        <Trash2Icon aria-hidden="true" />
        {label}
      </Button>
      <ConfirmDialog
        open={confirming}
        onOpenChange={setConfirming}
        onCloseAutoFocus={focus.onCloseAutoFocus}
        title={t.deleteTitle(recordLabel ? `“${recordLabel}”` : t.thisRecord)}
        description={t.cannotUndo}
        cancelLabel={t.cancel}
        confirm={
          <AlertDialogAction
            disabled={blocked || references.isLoading}
            className="bg-destructive text-white hover:bg-destructive/90"
            onClick={() =>
              remove(
                {
                  resource: table,
                  id: recordId,
                  successNotification: () => ({ type: "success", message: "Deleted." }),
                  errorNotification: (error) => ({
                    type: "error",
                    message: "Could not delete",
                    description: error?.message,
                  }),
                },
                { onSuccess: () => onDeleted?.() },
              )
            }
          >
            {t.delete}
          </AlertDialogAction>
        }
      >
        {references.isLoading ? (
          <p className="text-muted-foreground text-sm">{t.checkingReferences}</p>
        ) : (
          references.data?.map((reference) => (
            <p key={reference.table} className="text-sm">
              {referenceSentence(reference, t)}
            </p>
          ))
        )}
      </ConfirmDialog>
    </>
  );
}

function referenceSentence(reference: Reference, t: Texts): string {
  const say =
    reference.rule === "restrict"
      ? t.referencesBlock
      : reference.rule === "set_null"
        ? t.referencesClear
        : t.referencesCascade;
  return say(reference.count, reference.label);
}

export function ActionBar(props: Omit<ActionButtonProps, "action"> & { actions: BlockAction[]; wrap?: boolean }) {
  const { actions, wrap = true, ...rest } = props;
  if (actions.length === 0) return null;
  return (
    <div className={`flex items-center gap-2 ${wrap ? "flex-wrap" : "flex-nowrap"}`}>
      {actions.map((action) => (
        <ActionButton key={JSON.stringify(action)} action={action} {...rest} />
      ))}
    </div>
  );
}
