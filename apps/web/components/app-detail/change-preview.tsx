import { CircleAlertIcon, TriangleAlertIcon } from "lucide-react";
import type { ReactNode } from "react";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";

/** A migration preview in the founder's words: what changes, what data goes, who sees what. */
export function ChangePreview({
  summary,
  dataLoss,
  accessChanges,
}: {
  summary: string[];
  dataLoss: string[];
  accessChanges: string[];
}) {
  const plain = summary.filter((line) => !dataLoss.includes(line) && !accessChanges.includes(line));
  return (
    <div className="grid gap-3">
      {plain.length > 0 ? (
        <ul className="grid list-disc gap-1 pl-5 text-sm" aria-label="What changes">
          {plain.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      ) : dataLoss.length + accessChanges.length === 0 ? (
        <p className="text-muted-foreground text-sm">Nothing in the app would change.</p>
      ) : null}
      <ChangeAlert title="This removes data" lines={dataLoss} />
      <ChangeAlert title="This changes who can see or change what" lines={accessChanges} />
    </div>
  );
}

/** A consequence the founder must see before applying: each line a listed warning; nothing when there is none. */
function ChangeAlert({ title, lines }: { title: string; lines: string[] }) {
  if (lines.length === 0) return null;
  return (
    <Alert variant="destructive">
      <TriangleAlertIcon />
      <AlertTitle>{title}</AlertTitle>
      <AlertDescription>
        <ul className="list-disc pl-4">
          {lines.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      </AlertDescription>
    </Alert>
  );
}

/** A change that was not applied: why, and which version the app still runs (nothing was lost). */
export function ChangeNotMade({ reason, running }: { reason: string; running: ReactNode }) {
  return (
    <Alert variant="destructive">
      <CircleAlertIcon />
      <AlertTitle>The change was not made</AlertTitle>
      <AlertDescription>
        {reason} The app still runs {running}.
      </AlertDescription>
    </Alert>
  );
}
