import { Loader2Icon } from "lucide-react";
import type { ComponentProps, ReactNode } from "react";
import { Button } from "@/components/ui/button";

/** A button that shows a spinner in place of its icon while its action runs, and cannot be pressed again meanwhile. */
export function PendingButton({
  pending,
  icon,
  disabled,
  children,
  ...props
}: ComponentProps<typeof Button> & { pending: boolean; icon?: ReactNode }) {
  return (
    <Button disabled={pending || disabled} {...props}>
      {pending ? <Loader2Icon className="animate-spin" aria-hidden="true" /> : icon}
      {children}
    </Button>
  );
}
