/**
 * Finds the blueprint JSON in a model's answer: models wrap it in code fences, put
 * prose before and after it, and sometimes leave comments or trailing commas in.
 * Truncated or otherwise broken JSON is refused, never patched up.
 */
import type { Problem } from "../problems.js";

export interface IntakeWarning {
  /** JSON pointer into the (fixed) blueprint; "" for the answer as a whole. */
  path: string;
  message: string;
}

export type Extracted = { ok: true; value: unknown; warnings: IntakeWarning[] } | { ok: false; problem: Problem };

interface Span {
  start: number;
  /** Index after the closing brace, or undefined when the text ends first. */
  end?: number;
}

/** Top-level `{…}` spans of `text`, skipping braces inside strings. */
function objectSpans(text: string): Span[] {
  const spans: Span[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  let escaped = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (escaped) escaped = false;
      else if (ch === "\\") escaped = true;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"' && depth > 0) inString = true;
    else if (ch === "{") {
      if (depth === 0) start = i;
      depth++;
    } else if (ch === "}" && depth > 0) {
      depth--;
      if (depth === 0) spans.push({ start, end: i + 1 });
    }
  }
  if (depth > 0) spans.push({ start });
  return spans;
}

/** Removes // and /* *\/ comments and trailing commas outside strings. */
function stripJsonNoise(text: string): string {
  let out = "";
  let inString = false;
  let escaped = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (inString) {
      out += ch;
      if (escaped) escaped = false;
      else if (ch === "\\") escaped = true;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') {
      inString = true;
      out += ch;
    } else if (ch === "/" && text[i + 1] === "/") {
      while (i < text.length && text[i] !== "\n") i++;
      out += "\n";
    } else if (ch === "/" && text[i + 1] === "*") {
      const close = text.indexOf("*/", i + 2);
      i = close < 0 ? text.length : close + 1;
    } else if (ch === ",") {
      const rest = /^\s*[}\]]/.exec(text.slice(i + 1));
      if (!rest) out += ch;
    } else out += ch;
  }
  return out;
}

type Parsed = { ok: true; value: unknown; cleaned: boolean } | { ok: false; error: string };

function parse(text: string): Parsed {
  try {
    return { ok: true, value: JSON.parse(text), cleaned: false };
  } catch (error) {
    try {
      return { ok: true, value: JSON.parse(stripJsonNoise(text)), cleaned: true };
    } catch {
      return { ok: false, error: (error as Error).message };
    }
  }
}

function problem(code: string, message: string, hint: string): Problem {
  return { path: "", code, message, hint };
}

/**
 * A "{" in prose that is never closed swallows the JSON after it. Rescanning past it
 * finds the blueprint; only an object that looks like a whole blueprint counts, so a
 * genuinely truncated answer is never mistaken for one of its complete parts.
 */
function blueprintAfterStrayBrace(text: string): string | undefined {
  let offset = 0;
  for (let attempt = 0; attempt < 5; attempt++) {
    const spans = objectSpans(text.slice(offset));
    for (const span of spans) {
      if (span.end === undefined) continue;
      const source = text.slice(offset + span.start, offset + span.end);
      try {
        const value = JSON.parse(source) as Record<string, unknown>;
        if ("data" in value && "ui" in value && "security" in value) return source;
      } catch {
        // not JSON: keep looking
      }
    }
    const open = spans.find((s) => s.end === undefined);
    if (!open) return undefined;
    offset += open.start + 1;
  }
  return undefined;
}

/** The largest top-level JSON object in `text`: the blueprint, not an example quoted in prose. */
export function extractJson(text: string): Extracted {
  const fenced = [...text.matchAll(/```[\w-]*[^\S\n]*\n?([\s\S]*?)```/g)].map((m) => m[1] ?? "");
  const candidates = fenced.some((f) => f.includes("{")) ? fenced : [text];
  let largest: { source: string; truncated: boolean } | undefined;
  for (const candidate of candidates) {
    for (const span of objectSpans(candidate)) {
      const source = candidate.slice(span.start, span.end);
      if (!largest || source.length > largest.source.length) largest = { source, truncated: span.end === undefined };
    }
  }
  if (!largest) {
    return {
      ok: false,
      problem: problem(
        "no_json",
        "The answer contains no JSON object.",
        "Answer with one complete BlueprintV2 JSON object and nothing else.",
      ),
    };
  }
  if (largest.truncated) {
    const rescued = candidates.map(blueprintAfterStrayBrace).find((source) => source !== undefined);
    if (rescued !== undefined) {
      const value = JSON.parse(rescued) as unknown;
      return {
        ok: true,
        value,
        warnings: [{ path: "", message: 'Ignored an unmatched "{" in the text before the JSON object.' }],
      };
    }
    return {
      ok: false,
      problem: problem(
        "truncated_json",
        "The answer stops in the middle of the JSON: an object is opened but never closed, so part of the blueprint is missing.",
        "Answer again with the complete blueprint; keep it shorter (fewer pages or blocks) if it does not fit.",
      ),
    };
  }
  const parsed = parse(largest.source);
  if (!parsed.ok) {
    return {
      ok: false,
      problem: problem(
        "invalid_json",
        `The answer contains something that looks like JSON but is not valid JSON (${parsed.error}).`,
        "Answer with one valid JSON object: double-quoted keys and strings, no comments, no trailing commas.",
      ),
    };
  }
  const warnings: IntakeWarning[] = [];
  if (text.trim().length !== largest.source.length) {
    warnings.push({ path: "", message: "Took the JSON object out of the surrounding text and code fences." });
  }
  if (parsed.cleaned) {
    warnings.push({ path: "", message: "Removed comments and trailing commas, which JSON does not allow." });
  }
  return { ok: true, value: parsed.value, warnings };
}
