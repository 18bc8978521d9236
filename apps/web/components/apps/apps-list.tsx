"use client";

import type { AppSummary } from "@plinth/contract";
import { useQuery } from "@tanstack/react-query";
import { ChevronRightIcon, SparklesIcon } from "lucide-react";
import Link from "next/link";
import { PageHeader } from "@/components/console/page-header";
import { TimeAgo } from "@/components/time-ago";
import { Button } from "@/components/ui/button";
import { errorMessage } from "@/lib/api/client";
import { api } from "@/lib/api/endpoints";
import { keys } from "@/lib/queries";
import { EmptyState, ErrorState, LoadingState } from "@/lib/states";
import { AppActions } from "./app-actions";
import { StatusBadge } from "./status-badge";

/** Apps change state on their own while they build or delete; poll only then. */
const settling = (apps: AppSummary[] | undefined) =>
  apps?.some((a) => a.status === "DRAFT" || a.status === "DELETING") ? 3_000 : false;

export function AppsList() {
  const apps = useQuery({ queryKey: keys.apps, queryFn: api.apps, refetchInterval: (q) => settling(q.state.data) });

  return (
    <>
      <PageHeader
        title="Your apps"
        description="Every app Plinth built for you, with who can use it and whether it is running."
      />
      {apps.isPending ? (
        <LoadingState label="Loading your apps…" rows={Array(3).fill("h-20 w-full rounded-xl")} />
      ) : apps.isError ? (
        <ErrorState
          title="Your apps could not be loaded"
          message={errorMessage(apps.error)}
          onRetry={() => apps.refetch()}
        />
      ) : apps.data.length === 0 ? (
        <EmptyState
          icon={<SparklesIcon className="size-6" aria-hidden="true" />}
          title="No apps yet"
          description="Describe the app your business needs — who uses it, what they keep track of, who may see what — and Plinth builds it in seconds."
          action={
            <Button asChild size="lg">
              <Link href="/dashboard/new">
                <SparklesIcon aria-hidden="true" />
                Generate your first app
              </Link>
            </Button>
          }
        />
      ) : (
        <ul className="grid gap-3" aria-label="Apps">
          {apps.data.map((app) => (
            <AppRow key={app.id} app={app} />
          ))}
        </ul>
      )}
    </>
  );
}

function AppRow({ app }: { app: AppSummary }) {
  return (
    <li
      aria-label={app.name}
      className="bg-card flex flex-col gap-4 rounded-xl border p-4 shadow-xs transition-shadow hover:shadow-sm md:flex-row md:items-center"
    >
      <div className="grid min-w-0 flex-1 gap-1.5">
        <div className="flex min-w-0 flex-wrap items-center gap-x-3 gap-y-1">
          <Link
            href={`/dashboard/apps/${app.id}`}
            className="group inline-flex min-w-0 items-center gap-1 rounded-sm font-semibold outline-none hover:underline focus-visible:ring-[3px] focus-visible:ring-ring/50"
          >
            <span className="truncate">{app.name}</span>
            <ChevronRightIcon className="text-muted-foreground size-4 shrink-0" aria-hidden="true" />
          </Link>
          <StatusBadge status={app.status} reason={app.status_reason} />
        </div>
        <p className="text-muted-foreground flex flex-wrap gap-x-3 gap-y-1 text-xs">
          <span className="font-mono">/apps/{app.slug}</span>
          <span>
            Created <TimeAgo iso={app.created_at} />
          </span>
          <span>
            Updated <TimeAgo iso={app.updated_at} />
          </span>
        </p>
        {app.status === "ERROR" && app.status_reason && <p className="text-destructive text-sm">{app.status_reason}</p>}
      </div>
      <AppActions app={app} />
    </li>
  );
}
