import Link from "next/link";
import { cn } from "@/lib/utils";

/** The Plinth mark: a block resting on a wider base. */
export function BrandMark({ className }: { className?: string }) {
  return (
    <svg viewBox="0 0 32 32" aria-hidden="true" className={cn("size-7", className)}>
      <rect width="32" height="32" rx="8" className="fill-primary" />
      <rect x="11" y="8" width="10" height="9" rx="1.5" className="fill-primary-foreground" />
      <rect x="8" y="19" width="16" height="2.5" rx="1" className="fill-primary-foreground/85" />
      <rect x="6" y="23" width="20" height="2.5" rx="1" className="fill-primary-foreground/70" />
    </svg>
  );
}

export function Brand({ href = "/dashboard", className }: { href?: string; className?: string }) {
  return (
    <Link
      href={href}
      className={cn(
        "inline-flex items-center gap-2 rounded-md text-lg font-semibold tracking-tight outline-none focus-visible:ring-[3px] focus-visible:ring-ring/50",
        className,
      )}
    >
      <BrandMark />
      <span>Plinth</span>
    </Link>
  );
}
