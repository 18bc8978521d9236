import { TriangleAlertIcon } from "lucide-react";
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
      {dataLoss.length > 0 && (
        <Alert variant="destructive">
          <TriangleAlertIcon />
          <AlertTitle>This removes data</AlertTitle>
          <AlertDescription>
            <ul className="list-disc pl-4">
              {dataLoss.map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
          </AlertDescription>
        </Alert>
      )}
      {accessChanges.length > 0 && (
        <Alert variant="destructive">
          <TriangleAlertIcon />
          <AlertTitle>This changes who can see or change what</AlertTitle>
          <AlertDescription>
            <ul className="list-disc pl-4">
              {accessChanges.map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
          </AlertDescription>
        </Alert>
      )}
    </div>
  );
}
