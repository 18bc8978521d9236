/**
 * A model can answer with megabytes (a runaway completion, an echoed prompt); the job
 * record keeps each call's request and response to at most a fixed size, with the start
 * and end of what was said and how big it was, so a founder can still see what went wrong.
 */

/** Characters of JSON kept per model request and per model response in a job record. */
export const MAX_RECORDED_CHARS = 64 * 1024;

export interface CappedRecord {
  truncated: true;
  original_chars: number;
  head: string;
  tail: string;
}

export function capForRecord(value: unknown, maxChars = MAX_RECORDED_CHARS): unknown {
  const json = JSON.stringify(value) ?? "null";
  if (json.length <= maxChars) return value;
  const half = Math.floor(maxChars / 2);
  return {
    truncated: true,
    original_chars: json.length,
    head: json.slice(0, half),
    tail: json.slice(json.length - half),
  } satisfies CappedRecord;
}
