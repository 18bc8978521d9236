"use client";
import { EmptyState, ErrorState } from "@/components/console/states";
/** Loading, empty and error states every block shows the same way. */
import { Skeleton } from "@/components/ui/skeleton";

export function BlockLoading({ rows = 3 }: { rows?: number }) {
  const keys = Array.from({ length: rows }, (_, i) => `loading-row-${i}`);
  return (
    <div className="grid gap-2" role="status" aria-busy="true">
      <span className="sr-only">Loading…</span>
      {keys.map((key) => (
        <Skeleton key={key} className="h-8 w-full" />
      ))}
    </div>
  );
}

export function BlockEmpty({
  title,
  description,
  action,
}: {
  title: string;
  description?: string;
  action?: React.ReactNode;
}) {
  return <EmptyState title={title} description={description} action={action} className="py-8" />;
}

/** A failed data call, in words: PostgREST's message when it has one. */
export function BlockError({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const e = error as { code?: string; message?: string } | undefined;
  const message =
    e?.code === "PGRST503"
      ? "This app was stopped; try again once its owner starts it."
      : e?.code === "42501"
        ? "Your role is not allowed to see this."
        : e?.message || "The data could not be loaded.";
  return <ErrorState message={message} onRetry={onRetry} />;
}
