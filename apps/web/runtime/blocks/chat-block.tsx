"use client";
/**
 * CHAT: the latest 50 messages of a thread, newest at the bottom, each under its
 * author's name and initials, with a send box. Others' messages arrive as they are
 * committed (live updates), or every pollSeconds where there are none. The thread is the
 * record in scope (a ticket's page) or one the user picks when the thread column points
 * at another table.
 */
import type { Block } from "@plinth/blueprint";
import { useCan, useCreate, useList } from "@refinedev/core";
import { SendIcon } from "lucide-react";
import { useEffect, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { NativeSelect } from "@/components/ui/native-select";
import { Textarea } from "@/components/ui/textarea";
import { BlockEmpty, BlockError, BlockLoading } from "../components/block-states";
import { Initials } from "../components/person";
import { useAppLocale, useRecordScope, useRuntime } from "../components/runtime-context";
import { formatValue } from "../config/format";
import { columnLabel, findTable, foreignKeyOf } from "../config/model";
import { useMembers } from "../data/use-members";

type ChatBlock = Extract<Block, { type: "CHAT" }>;
export const CHAT_MESSAGES = 50;

export function ChatBlockView({ block }: { block: ChatBlock }) {
  const { blueprint } = useRuntime();
  const scope = useRecordScope();
  const fk = block.threadColumn ? foreignKeyOf(blueprint, block.table, block.threadColumn) : undefined;
  const [picked, setPicked] = useState<string>("");
  const thread = block.threadColumn ? (scope.id ?? picked) : undefined;
  return (
    <div className="grid gap-3">
      {block.threadColumn && !scope.id && fk && (
        <ThreadPicker
          table={fk.refTable}
          labelColumn={fk.labelColumn}
          value={picked}
          onChange={setPicked}
          label={columnLabel(findTable(blueprint, block.table), block.threadColumn)}
        />
      )}
      {block.threadColumn && !thread ? (
        <p className="text-muted-foreground text-sm">Choose a conversation to see its messages.</p>
      ) : (
        <Messages block={block} thread={thread} />
      )}
    </div>
  );
}

function ThreadPicker({
  table,
  labelColumn,
  value,
  onChange,
  label,
}: {
  table: string;
  labelColumn: string;
  value: string;
  onChange: (v: string) => void;
  label: string;
}) {
  const { result } = useList({
    resource: table,
    pagination: { currentPage: 1, pageSize: 100 },
    sorters: [{ field: "created_at", order: "desc" }],
  });
  return (
    <NativeSelect aria-label={label} value={value} onChange={(e) => onChange(e.target.value)}>
      <option value="">Choose {label.toLowerCase()}…</option>
      {result.data.map((row) => (
        <option key={String(row.id)} value={String(row.id)}>
          {String(row[labelColumn] ?? row.id)}
        </option>
      ))}
    </NativeSelect>
  );
}

function Messages({ block, thread }: { block: ChatBlock; thread: string | undefined }) {
  const { user, liveUpdates } = useRuntime();
  const locale = useAppLocale();
  const members = useMembers().byId;
  const [draft, setDraft] = useState("");
  const [sendError, setSendError] = useState<string>();
  const bottom = useRef<HTMLDivElement>(null);
  const { result, query } = useList({
    resource: block.table,
    pagination: { currentPage: 1, pageSize: CHAT_MESSAGES },
    sorters: [{ field: "created_at", order: "desc" }],
    filters: block.threadColumn && thread ? [{ field: block.threadColumn, operator: "eq", value: thread }] : [],
    queryOptions: { refetchInterval: liveUpdates ? false : block.pollSeconds * 1000 },
  });
  const { data: canSend } = useCan({ resource: block.table, action: "create" });
  const { mutateAsync: create, mutation: creation } = useCreate();
  const isPending = creation.isPending;
  const messages = [...result.data].reverse();
  const newest = messages[messages.length - 1]?.id;
  useEffect(() => {
    if (newest !== undefined) bottom.current?.scrollIntoView({ block: "nearest" });
  }, [newest]);

  async function send(event: React.FormEvent) {
    event.preventDefault();
    const body = draft.trim();
    if (!body) return;
    setSendError(undefined);
    try {
      await create({
        resource: block.table,
        values: { [block.bodyColumn]: body, ...(block.threadColumn && thread ? { [block.threadColumn]: thread } : {}) },
        successNotification: false,
        errorNotification: false,
      });
      setDraft("");
    } catch (error) {
      setSendError((error as Error).message || "The message was not sent; try again.");
    }
  }

  return (
    <div className="grid gap-3">
      <div
        className="bg-muted/30 grid max-h-96 min-h-32 gap-2 overflow-y-auto rounded-lg border p-3"
        role="log"
        aria-live="polite"
        aria-label="Messages"
      >
        {query.isLoading ? (
          <BlockLoading />
        ) : query.isError ? (
          <BlockError error={query.error} onRetry={() => query.refetch()} />
        ) : messages.length === 0 ? (
          <BlockEmpty title="No messages yet" description="Say hello below." />
        ) : (
          messages.map((m) => {
            const mine = m.created_by === user.id;
            const author = members.get(String(m.created_by));
            return (
              <div
                key={String(m.id)}
                className={`flex max-w-[85%] items-end gap-2 ${mine ? "flex-row-reverse justify-self-end text-right" : "justify-self-start"}`}
              >
                <Initials member={author} size="lg" />
                <div className="grid gap-0.5">
                  <p
                    className={`rounded-lg px-3 py-2 text-sm whitespace-pre-line ${mine ? "bg-primary text-primary-foreground" : "bg-card border"}`}
                  >
                    {String(m[block.bodyColumn] ?? "")}
                  </p>
                  <span className="text-muted-foreground text-[11px]">
                    {mine ? "You" : (author?.name ?? "Someone")} ·{" "}
                    {formatValue(
                      { name: "created_at", type: "timestamptz", required: false, unique: false, indexed: false },
                      m.created_at,
                      locale,
                    )}
                  </span>
                </div>
              </div>
            );
          })
        )}
        <div ref={bottom} />
      </div>
      {canSend?.can && (
        <form onSubmit={send} className="flex items-end gap-2">
          <Textarea
            aria-label="Message"
            rows={2}
            value={draft}
            placeholder="Write a message…"
            onChange={(e) => setDraft(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === "Enter" && !e.shiftKey) {
                e.preventDefault();
                e.currentTarget.form?.requestSubmit();
              }
            }}
          />
          <Button type="submit" disabled={isPending || !draft.trim()} aria-label="Send">
            <SendIcon aria-hidden="true" />
          </Button>
        </form>
      )}
      {sendError && (
        <p className="text-destructive text-sm" role="alert">
          {sendError}
        </p>
      )}
    </div>
  );
}
