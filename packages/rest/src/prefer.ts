/**
 * `Prefer` header parsing per RFC 7240: `preference *( ";" parameter )` items separated
 * by commas, each `token [ "=" ( token / quoted-string ) ]`. Names are case-insensitive;
 * when a preference repeats (also across several headers) only the first counts.
 */
export interface Preference {
  name: string;
  value: string;
}

function splitOutsideQuotes(input: string, separator: string): string[] {
  const parts: string[] = [];
  let current = "";
  let quoted = false;
  for (let i = 0; i < input.length; i++) {
    const ch = input[i] as string;
    if (quoted && ch === "\\" && i + 1 < input.length) {
      current += ch + input[i + 1];
      i++;
      continue;
    }
    if (ch === '"') quoted = !quoted;
    if (ch === separator && !quoted) {
      parts.push(current);
      current = "";
    } else {
      current += ch;
    }
  }
  parts.push(current);
  return parts;
}

function unquote(value: string): string {
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) {
    return value.slice(1, -1).replace(/\\(.)/g, "$1");
  }
  return value;
}

export function parsePreferHeader(header: string | string[] | undefined): Preference[] {
  if (header === undefined) return [];
  const raw = Array.isArray(header) ? header.join(",") : header;
  const seen = new Set<string>();
  const prefs: Preference[] = [];
  for (const item of splitOutsideQuotes(raw, ",")) {
    // Parameters after ";" refine a preference; none of the ones PostgREST knows take any.
    const head = splitOutsideQuotes(item, ";")[0]?.trim() ?? "";
    if (head === "") continue;
    const eq = head.indexOf("=");
    const name = (eq < 0 ? head : head.slice(0, eq)).trim().toLowerCase();
    const value = eq < 0 ? "" : unquote(head.slice(eq + 1).trim());
    if (name === "" || seen.has(name)) continue;
    seen.add(name);
    prefs.push({ name, value });
  }
  return prefs;
}

export type ReturnPreference = "representation" | "minimal" | "headers-only";
export type CountPreference = "exact" | "planned" | "estimated";
export type ResolutionPreference = "merge-duplicates" | "ignore-duplicates";

export interface Preferences {
  return?: ReturnPreference;
  count?: CountPreference;
  resolution?: ResolutionPreference;
  missing?: "default" | "null";
  handling?: "strict" | "lenient";
  /** `tx=commit|rollback`: honoured only where the server allows overriding its transaction end. */
  tx?: "commit" | "rollback";
  /** `max-affected=N`: with handling=strict, a PATCH or DELETE touching more rows fails. */
  maxAffected?: number;
  /** Preferences PostgREST does not know, as sent (`name=value`). */
  invalid: string[];
}

const accepted = new Map<string, readonly string[]>(
  Object.entries({
    return: ["representation", "minimal", "headers-only"],
    count: ["exact", "planned", "estimated"],
    resolution: ["merge-duplicates", "ignore-duplicates"],
    missing: ["default", "null"],
    handling: ["strict", "lenient"],
    tx: ["commit", "rollback"],
    // Accepted so strict handling does not refuse it; Plinth has no functions to call.
    params: ["single-object"],
  }),
);

export function interpretPreferences(header: string | string[] | undefined): Preferences {
  const result: Preferences = { invalid: [] };
  for (const { name, value } of parsePreferHeader(header)) {
    if (name === "max-affected" && /^\d+$/.test(value)) {
      result.maxAffected = Number(value);
      continue;
    }
    const values = accepted.get(name);
    if (!values?.includes(value)) {
      result.invalid.push(value === "" ? name : `${name}=${value}`);
      continue;
    }
    switch (name) {
      case "return":
        result.return = value as ReturnPreference;
        break;
      case "count":
        result.count = value as CountPreference;
        break;
      case "resolution":
        result.resolution = value as ResolutionPreference;
        break;
      case "missing":
        result.missing = value as "default" | "null";
        break;
      case "handling":
        result.handling = value as "strict" | "lenient";
        break;
      case "tx":
        result.tx = value as "commit" | "rollback";
        break;
    }
  }
  return result;
}
