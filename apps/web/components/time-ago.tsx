import { fullDate, timeAgo } from "@/lib/format";

/** "3 minutes ago", with the exact date on hover and in the markup. */
export function TimeAgo({ iso }: { iso: string }) {
  return (
    <time dateTime={iso} title={fullDate(iso)}>
      {timeAgo(iso)}
    </time>
  );
}
