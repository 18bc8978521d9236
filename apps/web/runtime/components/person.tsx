"use client";
/** A member of the app as people columns, cards and calendars show them: initials in a circle, then the name. */
import type { AppMember } from "../data/runtime-api";
import { useMembers } from "../data/use-members";

const SIZES = { sm: "size-5 text-[9px]", md: "size-6 text-[10px]", lg: "size-7 text-[11px]" };

export function Initials({ member, size = "md" }: { member: AppMember | undefined; size?: keyof typeof SIZES }) {
  return (
    <span
      aria-hidden="true"
      className={`bg-muted text-muted-foreground grid shrink-0 place-items-center rounded-full font-medium ${SIZES[size]}`}
    >
      {member?.initials ?? "?"}
    </span>
  );
}

/** The person whose user id this is; someone no longer in the app shows as "Former member". */
export function Person({ id, compact = false }: { id: string; compact?: boolean }) {
  const members = useMembers();
  const member = members.byId.get(id);
  const name = member?.name ?? (members.isLoading ? "…" : "Former member");
  if (compact) {
    return (
      <span title={name} className="inline-flex">
        <Initials member={member} size="sm" />
        <span className="sr-only">{name}</span>
      </span>
    );
  }
  return (
    <span className="inline-flex min-w-0 items-center gap-1.5">
      <Initials member={member} />
      <span className="truncate">{name}</span>
    </span>
  );
}
