/**
 * A form's pieces every screen shows alike, console and runtime: a labelled control with
 * the problem with its value (or else its hint) under it, and the form's own error above.
 */
import { CircleAlertIcon } from "lucide-react";
import type { ComponentProps, ReactNode } from "react";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Label } from "@/components/ui/label";
import { cn } from "@/lib/utils";

/** What the control needs to be labelled and described: spread it onto the Input, Textarea or select. */
export interface FieldControl {
  id: string;
  "aria-invalid": true | undefined;
  "aria-describedby": string | undefined;
}

export function Field({
  id,
  label,
  problem,
  hint,
  optional = false,
  className,
  children,
}: {
  id: string;
  label: ReactNode;
  /** Said beside the label, so nobody thinks they must fill it in. */
  optional?: boolean;
  /** Why the value was refused; it takes the hint's place while there is one. */
  problem?: string;
  hint?: ReactNode;
  className?: string;
  children: (control: FieldControl) => ReactNode;
}) {
  const describedBy = problem ? `${id}-problem` : hint ? `${id}-hint` : undefined;
  return (
    <div className={cn("grid gap-2", className)}>
      <Label htmlFor={id}>
        {label}
        {optional && (
          <>
            {" "}
            <span className="text-muted-foreground font-normal">(optional)</span>
          </>
        )}
      </Label>
      {children({ id, "aria-invalid": problem ? true : undefined, "aria-describedby": describedBy })}
      {problem ? (
        <p id={`${id}-problem`} className="text-destructive text-sm">
          {problem}
        </p>
      ) : hint ? (
        <p id={`${id}-hint`} className="text-muted-foreground text-xs">
          {hint}
        </p>
      ) : null}
    </div>
  );
}

/** Why the form as a whole failed (the API's refusal), above its fields. */
export function FormError({ message, id }: { message: string | null | undefined; id?: string }) {
  if (!message) return null;
  return (
    <Alert variant="destructive" id={id}>
      <CircleAlertIcon aria-hidden="true" />
      <AlertDescription>{message}</AlertDescription>
    </Alert>
  );
}

/** A checkbox with its label and what ticking it means beside it. */
export function CheckboxField({
  id,
  label,
  hint,
  className,
  ...input
}: Omit<ComponentProps<"input">, "type"> & { id: string; label: ReactNode; hint: ReactNode }) {
  return (
    <div className="flex items-start gap-2">
      <input
        id={id}
        type="checkbox"
        className={cn("mt-1 size-4", className)}
        aria-describedby={`${id}-hint`}
        {...input}
      />
      <div className="grid gap-1">
        <Label htmlFor={id}>{label}</Label>
        <p id={`${id}-hint`} className="text-muted-foreground text-xs">
          {hint}
        </p>
      </div>
    </div>
  );
}
