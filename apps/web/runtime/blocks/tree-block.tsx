"use client";
/** TREE: a hierarchy over a self-referencing column; expand/collapse, open, and move a node under another. */
import type { Block } from "@plinth/blueprint";
import { useCan, useList, useUpdate } from "@refinedev/core";
import { ChevronDownIcon, ChevronRightIcon, MoveIcon } from "lucide-react";
import { useMemo, useState } from "react";
import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "@/components/ui/dialog";
import { NativeSelect } from "@/components/ui/native-select";
import { BlockEmpty, BlockError, BlockLoading } from "../components/block-states";
import { useOpenModal } from "../components/modal-context";
import { useRuntime } from "../components/runtime-context";
import { readOnlyColumns } from "../config/access";
import { pagePath } from "../config/refine-config";
import { buildTree, moveTargets, type TreeNode } from "../config/tree";

type TreeBlock = Extract<Block, { type: "TREE" }>;
export const TREE_ROW_LIMIT = 1000;
const ROOT = "";

export function TreeBlockView({ block }: { block: TreeBlock }) {
  const { blueprint, basePath, navigate, user } = useRuntime();
  const openModal = useOpenModal();
  const { result, query } = useList({
    resource: block.table,
    pagination: { currentPage: 1, pageSize: TREE_ROW_LIMIT },
    meta: { select: `id,${block.parentColumn},${block.labelColumn}` },
  });
  const roots = useMemo(
    () => buildTree(result.data, block.parentColumn, block.labelColumn),
    [result.data, block.parentColumn, block.labelColumn],
  );
  const [expanded, setExpanded] = useState<Set<string>>(new Set());
  const [moving, setMoving] = useState<TreeNode | null>(null);
  const [target, setTarget] = useState(ROOT);
  const { data: canUpdate } = useCan({ resource: block.table, action: "edit" });
  // A role that may not set the parent column cannot move anything; the rest the database decides per row.
  const movable =
    canUpdate?.can === true && !readOnlyColumns(blueprint, user.role, block.table).includes(block.parentColumn);
  const { mutate: update, mutation: moveMutation } = useUpdate();
  const isPending = moveMutation.isPending;
  const showPage = blueprint.ui.pages.find(
    (p) => p.route.includes(":id") && p.blocks.some((b) => b.type === "DETAIL" && b.table === block.table),
  );

  if (query.isLoading) return <BlockLoading rows={4} />;
  if (query.isError) return <BlockError error={query.error} onRetry={() => query.refetch()} />;
  if (roots.length === 0) return <BlockEmpty title="Nothing here yet" />;

  const toggle = (id: string) =>
    setExpanded((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const open = (id: string) =>
    showPage
      ? navigate(pagePath(basePath, showPage, id))
      : openModal({ form: { table: block.table, mode: "edit" }, scope: { id } });

  const renderNodes = (nodes: TreeNode[], level: number): React.ReactNode => (
    <ul className={level > 1 ? "ml-5 border-l pl-2" : undefined}>
      {nodes.map((node) => {
        const isOpen = expanded.has(node.id);
        const hasChildren = node.children.length > 0;
        return (
          <li key={node.id}>
            <div className="hover:bg-muted/50 flex items-center gap-1 rounded py-0.5 pr-1">
              {hasChildren ? (
                <Button
                  size="icon"
                  variant="ghost"
                  className="size-7"
                  aria-label={`${isOpen ? "Collapse" : "Expand"} ${node.label}`}
                  aria-expanded={isOpen}
                  onClick={() => toggle(node.id)}
                >
                  {isOpen ? <ChevronDownIcon /> : <ChevronRightIcon />}
                </Button>
              ) : (
                <span className="inline-block size-7" aria-hidden="true" />
              )}
              <button
                type="button"
                className="min-w-0 flex-1 truncate text-left text-sm hover:underline"
                onClick={() => open(node.id)}
              >
                {node.label}
                {hasChildren && <span className="text-muted-foreground ml-1 text-xs">({node.children.length})</span>}
              </button>
              {movable && (
                <Button
                  size="sm"
                  variant="ghost"
                  aria-label={`Move ${node.label}`}
                  onClick={() => {
                    setMoving(node);
                    setTarget(ROOT);
                  }}
                >
                  <MoveIcon aria-hidden="true" />
                </Button>
              )}
            </div>
            {hasChildren && isOpen && renderNodes(node.children, level + 1)}
          </li>
        );
      })}
    </ul>
  );

  return (
    <div className="grid gap-2">
      <div className="flex gap-2">
        <Button size="sm" variant="outline" onClick={() => setExpanded(new Set(result.data.map((r) => String(r.id))))}>
          Expand all
        </Button>
        <Button size="sm" variant="outline" onClick={() => setExpanded(new Set())}>
          Collapse all
        </Button>
      </div>
      {renderNodes(roots, 1)}
      <Dialog open={moving !== null} onOpenChange={(o) => !o && setMoving(null)}>
        <DialogContent>
          <DialogHeader>
            <DialogTitle>Move “{moving?.label}”</DialogTitle>
            <DialogDescription>Choose its new parent. It keeps everything under it.</DialogDescription>
          </DialogHeader>
          <NativeSelect aria-label="New parent" value={target} onChange={(e) => setTarget(e.target.value)}>
            <option value={ROOT}>(top level)</option>
            {moving &&
              moveTargets(roots, moving).map((n) => (
                <option key={n.id} value={n.id}>
                  {n.label}
                </option>
              ))}
          </NativeSelect>
          <DialogFooter>
            <Button variant="outline" onClick={() => setMoving(null)}>
              Cancel
            </Button>
            <Button
              disabled={isPending}
              onClick={() => {
                if (!moving) return;
                update(
                  {
                    resource: block.table,
                    id: moving.id,
                    values: { [block.parentColumn]: target === ROOT ? null : target },
                    successNotification: () => ({ type: "success", message: `Moved “${moving.label}”.` }),
                    errorNotification: (error) => ({
                      type: "error",
                      message: "Could not move it",
                      description: error?.message,
                    }),
                  },
                  {
                    onSuccess: () => {
                      if (target) setExpanded((s) => new Set(s).add(target));
                      setMoving(null);
                    },
                  },
                );
              }}
            >
              Move
            </Button>
          </DialogFooter>
        </DialogContent>
      </Dialog>
    </div>
  );
}
