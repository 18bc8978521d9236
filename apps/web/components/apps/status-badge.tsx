import type { AppStatus } from "@plinth/contract";
import { cn } from "@/lib/utils";

const LOOK: Record<AppStatus, { label: string; className: string; dot: string; hint: string }> = {
  RUNNING: {
    label: "Running",
    className: "bg-emerald-50 text-emerald-800 border-emerald-200",
    dot: "bg-emerald-500",
    hint: "Members can open and use the app.",
  },
  STOPPED: {
    label: "Stopped",
    className: "bg-slate-100 text-slate-700 border-slate-200",
    dot: "bg-slate-400",
    hint: "Nobody can use the app until you start it; its data is kept.",
  },
  DRAFT: {
    label: "Building",
    className: "bg-sky-50 text-sky-800 border-sky-200",
    dot: "bg-sky-500 animate-pulse",
    hint: "Plinth is still generating this app.",
  },
  ERROR: {
    label: "Needs attention",
    className: "bg-red-50 text-red-800 border-red-200",
    dot: "bg-red-500",
    hint: "Something went wrong; open the app for the reason.",
  },
  DELETING: {
    label: "Deleting",
    className: "bg-amber-50 text-amber-800 border-amber-200",
    dot: "bg-amber-500 animate-pulse",
    hint: "The app and its data are being removed.",
  },
};

export function statusLabel(status: AppStatus): string {
  return LOOK[status]?.label ?? status;
}

export function StatusBadge({
  status,
  reason,
  className,
}: {
  status: AppStatus;
  reason?: string | null;
  className?: string;
}) {
  const look = LOOK[status] ?? LOOK.ERROR;
  return (
    <span
      title={reason || look.hint}
      className={cn(
        "inline-flex w-fit items-center gap-1.5 rounded-full border px-2.5 py-0.5 text-xs font-medium whitespace-nowrap",
        look.className,
        className,
      )}
    >
      <span className={cn("size-1.5 rounded-full", look.dot)} aria-hidden="true" />
      <span>
        <span className="sr-only">Status: </span>
        {statusLabel(status)}
      </span>
    </span>
  );
}
