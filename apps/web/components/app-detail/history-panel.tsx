"use client";

import type { History, HistoryEvent, HistoryVersion } from "@plinth/contract";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { HistoryIcon, Loader2Icon, RotateCcwIcon } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { TimeAgo } from "@/components/time-ago";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ApiError, errorMessage } from "@/lib/api/client";
import { api } from "@/lib/api/endpoints";
import { ConfirmDialog } from "@/lib/confirm-dialog";
import { PendingButton } from "@/lib/pending-button";
import { keys } from "@/lib/queries";
import { QueryView } from "@/lib/states";
import { ChangePreview } from "./change-preview";

const SOURCE_WORDS: Record<string, string> = {
  generate: "Generated",
  refine: "Refined",
  restore: "Restored",
};

/** The refusal of a restore that would drop data, which the founder may then confirm. */
const needsConfirmation = (error: unknown) => error instanceof ApiError && error.code === "needs_confirmation";

export function HistoryPanel({ appId, currentVersion }: { appId: string; currentVersion: number | null }) {
  const history = useQuery({ queryKey: keys.history(appId), queryFn: () => api.history(appId) });

  return (
    <QueryView
      query={history}
      loading={{ label: "Loading history…", rows: ["h-14 w-full", "h-14 w-full"] }}
      failure="The history could not be loaded"
    >
      {(data) => <HistoryLists appId={appId} history={data} currentVersion={currentVersion} />}
    </QueryView>
  );
}

function HistoryLists({
  appId,
  history,
  currentVersion,
}: {
  appId: string;
  history: History;
  currentVersion: number | null;
}) {
  const versions = [...history.versions].sort((a, b) => b.version - a.version);
  const events = [...history.events].sort((a, b) => b.created_at.localeCompare(a.created_at));

  return (
    <div className="grid gap-8 lg:grid-cols-2">
      <section aria-labelledby="versions-heading" className="grid content-start gap-3">
        <h3 id="versions-heading" className="font-medium">
          Blueprint versions
        </h3>
        {versions.length === 0 ? (
          <p className="text-muted-foreground text-sm">No version yet; one is saved when the app is generated.</p>
        ) : (
          <ol className="divide-y rounded-lg border" aria-label="Blueprint versions">
            {versions.map((version) => (
              <VersionRow
                key={version.version}
                appId={appId}
                version={version}
                current={version.version === currentVersion}
              />
            ))}
          </ol>
        )}
      </section>
      <section aria-labelledby="activity-heading" className="grid content-start gap-3">
        <h3 id="activity-heading" className="font-medium">
          Activity
        </h3>
        {events.length === 0 ? (
          <p className="text-muted-foreground text-sm">Nothing has happened yet.</p>
        ) : (
          <ol className="grid gap-3" aria-label="Activity">
            {events.map((event) => (
              <li key={event.id} className="flex gap-3 text-sm">
                <HistoryIcon className="text-muted-foreground mt-0.5 size-4 shrink-0" aria-hidden="true" />
                <div className="min-w-0">
                  <p>{describeEvent(event)}</p>
                  <p className="text-muted-foreground text-xs">
                    {event.actor_email ? `${event.actor_email} · ` : ""}
                    <TimeAgo iso={event.created_at} />
                  </p>
                </div>
              </li>
            ))}
          </ol>
        )}
      </section>
    </div>
  );
}

function VersionRow({ appId, version, current }: { appId: string; version: HistoryVersion; current: boolean }) {
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  // The first dialog already says what the restore does, with figures, so no second warning is needed.
  const preview = useQuery({
    queryKey: ["app", appId, "restore-preview", version.version],
    queryFn: () => api.restorePreview(appId, version.version),
    enabled: confirming,
    staleTime: 0,
    gcTime: 0,
  });
  const restore = useMutation({
    mutationFn: (confirmDestructive: boolean) => api.restore(appId, version.version, confirmDestructive),
    onSuccess: (result) => {
      setConfirming(false);
      void queryClient.invalidateQueries({ queryKey: ["app", appId] });
      void queryClient.invalidateQueries({ queryKey: keys.apps });
      toast.success(`Version ${version.version} is live again as version ${result.version}.`);
    },
  });
  const destructive = needsConfirmation(restore.error) || preview.data?.destructive === true;

  return (
    <li className="flex flex-col gap-2 p-3 sm:flex-row sm:items-center">
      <div className="min-w-0 flex-1">
        <p className="flex flex-wrap items-center gap-2 text-sm font-medium">
          Version {version.version}
          {current && <Badge>Current</Badge>}
          <span className="text-muted-foreground font-normal">{SOURCE_WORDS[version.source] ?? version.source}</span>
        </p>
        {version.note && <p className="text-muted-foreground truncate text-sm">“{version.note}”</p>}
        <p className="text-muted-foreground text-xs">
          <TimeAgo iso={version.created_at} />
        </p>
      </div>
      {!current && (
        <Button
          variant="outline"
          size="sm"
          onClick={() => setConfirming(true)}
          aria-label={`Restore version ${version.version}`}
        >
          <RotateCcwIcon aria-hidden="true" />
          Restore
        </Button>
      )}
      <ConfirmDialog
        open={confirming}
        onOpenChange={(open) => {
          setConfirming(open);
          if (!open) restore.reset();
        }}
        title={`Restore version ${version.version}?`}
        description={`Plinth saves the blueprint of version ${version.version} as a new version and changes the app's database to match it. The current version stays in the history.`}
        cancelLabel="Cancel"
        busy={restore.isPending}
        confirm={
          <PendingButton
            variant={destructive ? "destructive" : "default"}
            onClick={() => restore.mutate(destructive)}
            pending={restore.isPending}
            disabled={preview.isPending}
          >
            {destructive
              ? `Restore version ${version.version} and accept these changes`
              : `Restore version ${version.version}`}
          </PendingButton>
        }
      >
        <section aria-label="What the restore does" className="grid max-h-72 gap-2 overflow-y-auto">
          {preview.isPending ? (
            <p className="text-muted-foreground flex items-center gap-2 text-sm" role="status">
              <Loader2Icon className="size-4 animate-spin" aria-hidden="true" />
              Working out what changes…
            </p>
          ) : preview.isError ? (
            <Alert variant="destructive">
              <AlertDescription>{errorMessage(preview.error)}</AlertDescription>
            </Alert>
          ) : (
            <ChangePreview
              summary={preview.data.summary}
              dataLoss={preview.data.data_loss}
              accessChanges={preview.data.access_changes}
            />
          )}
        </section>
        {restore.isError && (
          <Alert variant="destructive">
            <AlertDescription>{errorMessage(restore.error)}</AlertDescription>
          </Alert>
        )}
      </ConfirmDialog>
    </li>
  );
}

const detailOf = (event: HistoryEvent) => (event.detail ?? {}) as Record<string, unknown>;

export function describeEvent(event: HistoryEvent): string {
  const d = detailOf(event);
  switch (event.event) {
    case "created":
      return "App created";
    case "generated":
      return "Blueprint generated";
    case "provisioned":
      return "Database set up";
    case "version_added":
      return `Version ${d.version ?? "?"} saved${d.source ? ` (${String(SOURCE_WORDS[String(d.source)] ?? d.source).toLowerCase()})` : ""}`;
    case "migrated":
      return `Database updated to version ${d.version ?? "?"}`;
    case "started":
      return "App started";
    case "stopped":
      return "App stopped";
    case "failed":
      return `Something failed${typeof d.error === "string" ? `: ${d.error}` : ""}`;
    case "member_added":
      return `${d.email ?? "Someone"} was invited as ${d.role ?? "a member"}`;
    case "member_changed":
      return `${d.email ?? "A member"} is now ${d.role ?? "changed"}`;
    case "member_removed":
      return `${d.email ?? "A member"} was removed`;
    case "deleted":
      return "App deleted";
    default:
      return event.event.replaceAll("_", " ");
  }
}
