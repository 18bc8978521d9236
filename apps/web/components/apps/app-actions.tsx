"use client";

import type { AppSummary } from "@plinth/contract";
import { DownloadIcon, ExternalLinkIcon, PlayIcon, SquareIcon, Trash2Icon } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { errorMessage } from "@/lib/api/client";
import { ConfirmDialog } from "@/lib/confirm-dialog";
import { PendingButton } from "@/lib/pending-button";
import { useAppActions } from "@/lib/queries";
import { cn } from "@/lib/utils";

/** Where an app's runtime lives; same origin as the control plane. */
export const runtimePath = (app: Pick<AppSummary, "slug">) => `/apps/${app.slug}`;

/** Open, Start/Stop and Delete for one app. */
export function AppActions({
  app,
  onDeleted,
  className,
  size = "sm",
}: {
  app: AppSummary;
  onDeleted?: () => void;
  className?: string;
  size?: "sm" | "default";
}) {
  const { start, stop, remove } = useAppActions();
  const [confirming, setConfirming] = useState(false);
  const [confirmingStop, setConfirmingStop] = useState(false);
  const [typedName, setTypedName] = useState("");
  const running = app.status === "RUNNING";
  const busy = start.isPending || stop.isPending || remove.isPending || app.status === "DELETING";
  const canToggle = app.status === "RUNNING" || app.status === "STOPPED" || app.status === "ERROR";

  const toggle = () => {
    const action = running ? stop : start;
    setConfirmingStop(false);
    action.mutate(app, {
      onSuccess: (updated) =>
        toast.success(`${updated.name} is ${updated.status === "RUNNING" ? "running" : "stopped"}.`),
      onError: (error) => toast.error(`Could not ${running ? "stop" : "start"} ${app.name}: ${errorMessage(error)}`),
    });
  };

  const confirmDelete = () => {
    remove.mutate(app, {
      onSuccess: () => {
        setConfirming(false);
        toast.success(`${app.name} was deleted.`);
        onDeleted?.();
      },
      onError: (error) => {
        setConfirming(false);
        toast.error(`Could not delete ${app.name}: ${errorMessage(error)}`);
      },
    });
  };

  return (
    <div className={cn("flex flex-wrap items-center gap-2", className)}>
      {running ? (
        <Button asChild size={size} variant="outline">
          <a
            href={runtimePath(app)}
            target="_blank"
            rel="noopener"
            aria-label={`Open ${app.name} (opens in a new tab)`}
          >
            <ExternalLinkIcon aria-hidden="true" />
            Open
          </a>
        </Button>
      ) : (
        <Button
          size={size}
          variant="outline"
          disabled
          title={app.status === "DRAFT" ? "The app is still being built." : "Start the app to open it."}
          aria-label={`Open ${app.name} (available when the app is running)`}
        >
          <ExternalLinkIcon aria-hidden="true" />
          Open
        </Button>
      )}
      <PendingButton
        size={size}
        variant="outline"
        onClick={running ? () => setConfirmingStop(true) : toggle}
        pending={start.isPending || stop.isPending}
        disabled={busy || !canToggle}
        icon={running ? <SquareIcon aria-hidden="true" /> : <PlayIcon aria-hidden="true" />}
        title={canToggle ? undefined : "Available once the app has been built."}
        aria-label={`${running ? "Stop" : "Start"} ${app.name}`}
      >
        {running ? (stop.isPending ? "Stopping…" : "Stop") : start.isPending ? "Starting…" : "Start"}
      </PendingButton>
      <Button
        size={size}
        variant="ghost"
        className="text-destructive hover:bg-destructive/10 hover:text-destructive"
        onClick={() => setConfirming(true)}
        disabled={busy}
        aria-label={`Delete ${app.name}`}
      >
        <Trash2Icon aria-hidden="true" />
        Delete
      </Button>
      <ConfirmDialog
        open={confirmingStop}
        onOpenChange={setConfirmingStop}
        title={`Stop ${app.name}?`}
        description="Its members cannot use it until you start it again. Anyone filling in a form right now is told the app is being stopped and keeps what they typed on screen, but cannot save it until you start the app again."
        cancelLabel="Keep running"
        confirm={
          <Button variant="destructive" onClick={toggle}>
            Stop {app.name}
          </Button>
        }
      />
      <ConfirmDialog
        open={confirming}
        onOpenChange={(open) => {
          setConfirming(open);
          setTypedName("");
        }}
        title={`Delete ${app.name}?`}
        description={
          <>
            This permanently deletes <strong className="text-foreground">{app.name}</strong>, its database with every
            record in it, and its members' access. It cannot be undone.
          </>
        }
        cancelLabel="Keep app"
        busy={remove.isPending}
        confirm={
          <PendingButton
            variant="destructive"
            onClick={confirmDelete}
            pending={remove.isPending}
            disabled={typedName.trim() !== app.name}
          >
            {remove.isPending ? "Deleting…" : `Delete ${app.name}`}
          </PendingButton>
        }
      >
        {/* An app that ran has records; the founder may want them before they are gone. */}
        {(app.status === "RUNNING" || app.status === "STOPPED") && (
          <div className="bg-muted/40 grid gap-2 rounded-md border p-3 text-sm">
            <p id={`delete-${app.id}-export`}>
              Keep a copy first: a zip with one CSV file per table (opens in any spreadsheet) and the app's blueprint.
            </p>
            <Button asChild variant="outline" size="sm" className="justify-self-start">
              <a href={`/api/apps/${app.id}/export`} download aria-describedby={`delete-${app.id}-export`}>
                <DownloadIcon aria-hidden="true" />
                Download {app.name}'s data
              </a>
            </Button>
          </div>
        )}
        <div className="grid gap-2">
          <Label htmlFor={`delete-${app.id}-name`}>Type the app's name, {app.name}, to confirm</Label>
          <Input
            id={`delete-${app.id}-name`}
            value={typedName}
            autoComplete="off"
            onChange={(e) => setTypedName(e.target.value)}
          />
        </div>
      </ConfirmDialog>
    </div>
  );
}
