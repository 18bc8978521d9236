/**
 * The loading outcomes every screen shows alike, in the console and in a running app:
 * a failure with a way to try again, and an empty list with what to do next.
 */
import type { UseQueryResult } from "@tanstack/react-query";
import { AlertTriangleIcon, RotateCwIcon } from "lucide-react";
import type { ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { errorMessage } from "@/lib/api/client";
import { cn } from "@/lib/utils";

/** A failure to load something, with its reason and a way to try again. */
export function ErrorState({
  title = "This could not be loaded",
  message,
  onRetry,
  retryLabel = "Try again",
  className,
}: {
  title?: string;
  message: string;
  onRetry?: () => void;
  retryLabel?: string;
  className?: string;
}) {
  return (
    <div
      role="alert"
      className={cn(
        "border-destructive/30 bg-destructive/5 flex flex-col items-start gap-3 rounded-xl border p-5 sm:flex-row sm:items-center",
        className,
      )}
    >
      <AlertTriangleIcon className="text-destructive size-5 shrink-0" aria-hidden="true" />
      <div className="grid flex-1 gap-1">
        <p className="font-medium">{title}</p>
        <p className="text-muted-foreground text-sm">{message}</p>
      </div>
      {onRetry && (
        <Button variant="outline" size="sm" onClick={onRetry}>
          <RotateCwIcon aria-hidden="true" />
          {retryLabel}
        </Button>
      )}
    </div>
  );
}

/** Something on its way: grey shapes where it will stand (one a class list), and the words a screen reader says. */
export function LoadingState({ label, rows, className }: { label: string; rows: string[]; className?: string }) {
  return (
    <div className={cn("grid gap-3", className)} role="status" aria-busy="true">
      <span className="sr-only">{label}</span>
      {rows.map((row, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: placeholders that never move; their place is who they are
        <Skeleton key={i} className={row} />
      ))}
    </div>
  );
}

/** A query's outcome as a screen shows it: its loading shapes, its failure with a way to retry, or what it loaded. */
export function QueryView<T>({
  query,
  loading,
  failure,
  children,
}: {
  query: UseQueryResult<T>;
  loading: { label: string; rows: string[] };
  /** The failure's title, e.g. "Members could not be loaded"; the API's message says why. */
  failure: string;
  children: (data: T) => ReactNode;
}) {
  if (query.isPending) return <LoadingState {...loading} />;
  if (query.isError) {
    return <ErrorState title={failure} message={errorMessage(query.error)} onRetry={() => query.refetch()} />;
  }
  return children(query.data);
}

export function EmptyState({
  icon,
  title,
  description,
  action,
  className,
}: {
  icon?: React.ReactNode;
  title: string;
  description?: React.ReactNode;
  action?: React.ReactNode;
  className?: string;
}) {
  return (
    <div
      className={cn(
        "flex flex-col items-center gap-3 rounded-xl border border-dashed px-6 py-12 text-center",
        className,
      )}
    >
      {icon && (
        <div className="bg-accent text-primary flex size-12 items-center justify-center rounded-full">{icon}</div>
      )}
      <h2 className="text-lg font-semibold">{title}</h2>
      {description && <p className="text-muted-foreground max-w-md text-sm">{description}</p>}
      {action && <div className="mt-2">{action}</div>}
    </div>
  );
}
