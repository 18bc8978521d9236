"use client";
import { Skeleton } from "@/components/ui/skeleton";
/** Loading, empty and error states every block shows the same way, in the app's language. */
import { EmptyState, ErrorState } from "@/lib/states";
import type { Texts } from "../config/texts";
import { useTexts } from "./runtime-context";

export function BlockLoading({ rows = 3 }: { rows?: number }) {
  const t = useTexts();
  const keys = Array.from({ length: rows }, (_, i) => `loading-row-${i}`);
  return (
    <div className="grid gap-2" role="status" aria-busy="true">
      <span className="sr-only">{t.loading}</span>
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

/** A failed data call, in words: PostgREST's message when it has one, a lost connection as such. */
export function BlockError({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const t = useTexts();
  return (
    <ErrorState title={t.couldNotLoad} message={describeLoadError(error, t)} onRetry={onRetry} retryLabel={t.retry} />
  );
}

export function describeLoadError(error: unknown, t: Texts): string {
  const e = error as { code?: string; message?: string } | undefined;
  if (e?.code === "PGRST503") return t.appStopped;
  if (e?.code === "42501") return t.notAllowed;
  // supabase-js reports a failed fetch as a PostgREST error without a code, its message the browser's TypeError.
  if (!e?.code && /fetch|network|load failed/i.test(e?.message ?? "")) return t.unreachable;
  return e?.message || t.loadFailed;
}
