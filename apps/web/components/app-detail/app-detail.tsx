"use client";

import type { AppDetail as AppDetailData } from "@plinth/contract";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { ArrowLeftIcon } from "lucide-react";
import Link from "next/link";
import type { ReactNode } from "react";
import { AppActions } from "@/components/apps/app-actions";
import { StatusBadge } from "@/components/apps/status-badge";
import { StageTimeline } from "@/components/generate/job-progress";
import { TimeAgo } from "@/components/time-ago";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { errorMessage } from "@/lib/api/client";
import { api } from "@/lib/api/endpoints";
import type { EventSourceFactory } from "@/lib/job-events";
import { keys } from "@/lib/queries";
import { EmptyState, ErrorState, LoadingState } from "@/lib/states";
import { BlueprintSummaryView } from "./blueprint-summary";
import { BlueprintEditor } from "./editor/blueprint-editor";
import type { Blueprint } from "./editor/types";
import { HistoryPanel } from "./history-panel";
import { JobLog } from "./job-log";
import { JsonViewer } from "./json-viewer";
import { MembersPanel } from "./members-panel";
import { RefineBox } from "./refine-box";
import { SampleDataNotice } from "./sample-data-notice";

const settling = (detail: AppDetailData | undefined) =>
  detail && (detail.app.status === "DRAFT" || detail.app.status === "DELETING") ? 2_000 : false;

export function AppDetail({
  appId,
  onDeleted,
  createEventSource,
}: {
  appId: string;
  onDeleted: () => void;
  createEventSource?: EventSourceFactory;
}) {
  const detail = useQuery({
    queryKey: keys.app(appId),
    queryFn: () => api.app(appId),
    refetchInterval: (q) => settling(q.state.data),
  });
  const version = detail.data?.blueprint?.version;
  const blueprint = useQuery({
    queryKey: keys.blueprint(appId, version ?? "latest"),
    queryFn: () => api.blueprint(appId, version ?? "latest"),
    enabled: version !== undefined,
    // While a new version loads, the previous one stays on screen (the editor keeps its state).
    placeholderData: keepPreviousData,
    staleTime: Number.POSITIVE_INFINITY,
  });

  if (detail.isPending) {
    return (
      <LoadingState
        label="Loading the app…"
        rows={["h-8 w-64", "h-10 w-full max-w-md", "h-64 w-full"]}
        className="gap-6"
      />
    );
  }
  if (detail.isError) {
    return (
      <div className="grid gap-4">
        <BackLink />
        <ErrorState
          title="This app could not be loaded"
          message={errorMessage(detail.error)}
          onRetry={() => detail.refetch()}
        />
      </div>
    );
  }

  const { app, latest_job: job } = detail.data;
  const building = app.status === "DRAFT";

  return (
    <div className="grid gap-6">
      <BackLink />
      <header className="flex flex-col gap-4 lg:flex-row lg:items-start lg:justify-between">
        <div className="grid min-w-0 gap-2">
          <div className="flex flex-wrap items-center gap-3">
            <h1 className="truncate text-2xl font-semibold tracking-tight">{app.name}</h1>
            <StatusBadge status={app.status} reason={app.status_reason} />
          </div>
          <p className="text-muted-foreground flex flex-wrap gap-x-4 gap-y-1 text-sm">
            <span className="font-mono">/apps/{app.slug}</span>
            <span>{app.latest_version ? `Version ${app.latest_version}` : "No version yet"}</span>
            <span>
              Updated <TimeAgo iso={app.updated_at} />
            </span>
          </p>
          {app.status_reason && app.status !== "RUNNING" && (
            <p className={app.status === "ERROR" ? "text-destructive text-sm" : "text-muted-foreground text-sm"}>
              {app.status_reason}
            </p>
          )}
        </div>
        <AppActions app={app} size="default" onDeleted={onDeleted} />
      </header>

      {building && job && (
        <SectionCard
          title="Plinth is building this app"
          description="The steps appear as they happen; this page updates when it is ready."
        >
          <StageTimeline stages={job.stages} done={null} />
        </SectionCard>
      )}

      <Tabs defaultValue="overview" className="gap-4">
        <div className="-mx-4 overflow-x-auto px-4 sm:mx-0 sm:px-0">
          <TabsList aria-label="App sections">
            <TabsTrigger value="overview">Overview</TabsTrigger>
            <TabsTrigger value="members">Members</TabsTrigger>
            <TabsTrigger value="history">History</TabsTrigger>
            <TabsTrigger value="job">Latest job</TabsTrigger>
            <TabsTrigger value="editor">Editor</TabsTrigger>
            <TabsTrigger value="blueprint">Blueprint</TabsTrigger>
          </TabsList>
        </div>

        <TabsContent value="overview" className="grid gap-6">
          {app.status === "RUNNING" && <SampleDataNotice appId={app.id} />}
          <SectionCard
            title="Change this app"
            description="Say what to add or change in plain words. You see what will change before it is applied."
          >
            <RefineBox
              appId={app.id}
              currentVersion={app.latest_version}
              createEventSource={createEventSource}
              disabledReason={
                app.latest_version === null
                  ? "You can change the app once it has been built."
                  : app.status === "DELETING"
                    ? "This app is being deleted."
                    : undefined
              }
            />
          </SectionCard>
          <SectionCard
            title="What this app does"
            description={
              detail.data.blueprint ? `Blueprint version ${detail.data.blueprint.version}, in plain words.` : ""
            }
          >
            {!detail.data.blueprint ? (
              <EmptyState
                title="No blueprint yet"
                description={
                  building
                    ? "The summary appears here as soon as the app is generated."
                    : "Generation did not produce a blueprint. See the Latest job tab for the reason."
                }
              />
            ) : blueprint.isPending ? (
              <LoadingState label="Loading the summary…" rows={["h-24 w-full", "h-24 w-full"]} />
            ) : blueprint.isError ? (
              <ErrorState
                title="The blueprint could not be loaded"
                message={errorMessage(blueprint.error)}
                onRetry={() => blueprint.refetch()}
              />
            ) : (
              <BlueprintSummaryView blueprint={blueprint.data.blueprint} />
            )}
          </SectionCard>
        </TabsContent>

        <TabsContent value="members">
          <SectionCard title="Members" description={<>Who can sign in to {app.name}, and with which role.</>}>
            {app.latest_version === null ? (
              <p className="text-muted-foreground text-sm">You can invite people once the app has been built.</p>
            ) : (
              <MembersPanel appId={app.id} />
            )}
          </SectionCard>
        </TabsContent>

        <TabsContent value="history">
          <SectionCard
            title="History"
            description="Every version of the blueprint and everything that happened to the app."
          >
            <HistoryPanel appId={app.id} currentVersion={app.latest_version} />
          </SectionCard>
        </TabsContent>

        <TabsContent value="job">
          <SectionCard title="Latest job" description="The last generation or refinement, step by step.">
            {job ? (
              <JobLog key={job.id} job={job} createEventSource={createEventSource} />
            ) : (
              <p className="text-muted-foreground text-sm">No job has run for this app.</p>
            )}
          </SectionCard>
        </TabsContent>

        <TabsContent value="editor">
          <SectionCard
            title="Edit the app"
            description={
              <>
                Change tables, fields, who can do what and the pages directly. You see what changes, with figures,
                before it is applied as a new version.
              </>
            }
          >
            {blueprint.data && app.latest_version !== null && (app.status === "RUNNING" || app.status === "STOPPED") ? (
              <BlueprintEditor
                appId={app.id}
                version={blueprint.data.version}
                blueprint={blueprint.data.blueprint as Blueprint}
                createEventSource={createEventSource}
              />
            ) : (
              <p className="text-muted-foreground text-sm">You can edit the app once it has been built.</p>
            )}
          </SectionCard>
        </TabsContent>

        <TabsContent value="blueprint">
          <SectionCard
            title="Blueprint"
            description={
              <>
                The app's complete definition (read-only).
                {blueprint.data && (
                  <span className="font-mono">
                    {" "}
                    Version {blueprint.data.version} · {blueprint.data.hash.slice(0, 12)}
                  </span>
                )}
              </>
            }
          >
            {blueprint.data ? (
              <JsonViewer
                value={blueprint.data.blueprint}
                label={`Blueprint version ${blueprint.data.version} as JSON`}
              />
            ) : blueprint.isError ? (
              <ErrorState message={errorMessage(blueprint.error)} onRetry={() => blueprint.refetch()} />
            ) : (
              <p className="text-muted-foreground text-sm">No blueprint yet.</p>
            )}
          </SectionCard>
        </TabsContent>
      </Tabs>
    </div>
  );
}

/** One part of the app's page: a card with its heading and what the part is for. */
function SectionCard({ title, description, children }: { title: string; description: ReactNode; children: ReactNode }) {
  return (
    <Card>
      <CardHeader>
        <CardTitle>
          <h2>{title}</h2>
        </CardTitle>
        <CardDescription>{description}</CardDescription>
      </CardHeader>
      <CardContent>{children}</CardContent>
    </Card>
  );
}

function BackLink() {
  return (
    <Link
      href="/dashboard"
      className="text-muted-foreground hover:text-foreground inline-flex w-fit items-center gap-1 rounded-sm text-sm outline-none focus-visible:ring-[3px] focus-visible:ring-ring/50"
    >
      <ArrowLeftIcon className="size-4" aria-hidden="true" />
      All apps
    </Link>
  );
}
