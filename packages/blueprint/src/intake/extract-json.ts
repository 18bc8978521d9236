/**
 * Finds the blueprint in a model's answer. Models wrap it in code fences and prose,
 * quote small examples before it, write a draft and then a corrected copy, and stop
 * mid-object when they run out of tokens. The whole text is scanned for complete
 * top-level objects (strings and comments are skipped, so a brace or a fence inside a
 * string changes nothing) and the last one that is a blueprint wins. An answer whose
 * blueprint never closes is refused: the missing end is never invented.
 */
import type { Problem } from "../problems.js";
import { describeNonJson, noJson } from "./non-json.js";
import { parseTolerantJson } from "./tolerant-json.js";

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

const OPEN = 123; // {
const CLOSE = 125; // }
const QUOTE = 34; // "
const APOSTROPHE = 39; // '
const SLASH = 47; // /
const STAR = 42; // *

/** Index of the quote closing the string opened at `start`, or -1 when the text ends first. */
function stringEnd(text: string, start: number, quote: string): number {
  let i = start + 1;
  for (;;) {
    const end = text.indexOf(quote, i);
    if (end < 0) return -1;
    let backslashes = 0;
    while (text.charCodeAt(end - 1 - backslashes) === 92) backslashes++;
    if (backslashes % 2 === 0) return end;
    i = end + 1;
  }
}

/** The characters that matter to the scan; everything else is skipped natively. */
const SIGNIFICANT = /[{}"'/]/g;

/** Top-level `{…}` spans of `text` from `from` on, skipping strings and comments inside objects. */
function objectSpans(text: string, from: number): Span[] {
  const spans: Span[] = [];
  let depth = 0;
  let start = -1;
  SIGNIFICANT.lastIndex = from;
  for (let match = SIGNIFICANT.exec(text); match; match = SIGNIFICANT.exec(text)) {
    const i = match.index;
    const ch = text.charCodeAt(i);
    if (ch === OPEN) {
      if (depth === 0) start = i;
      depth++;
    } else if (ch === CLOSE) {
      if (depth === 0) continue;
      depth--;
      if (depth === 0) spans.push({ start, end: i + 1 });
    } else if (depth === 0) {
      // Prose between objects: quotes and slashes there mean nothing.
    } else if (ch === QUOTE || ch === APOSTROPHE) {
      const end = stringEnd(text, i, ch === QUOTE ? '"' : "'");
      if (end < 0) break;
      SIGNIFICANT.lastIndex = end + 1;
    } else if (text.charCodeAt(i + 1) === SLASH) {
      const end = text.indexOf("\n", i);
      if (end < 0) break;
      SIGNIFICANT.lastIndex = end + 1;
    } else if (text.charCodeAt(i + 1) === STAR) {
      const end = text.indexOf("*/", i + 2);
      if (end < 0) break;
      SIGNIFICANT.lastIndex = end + 2;
    }
  }
  if (depth > 0) spans.push({ start });
  return spans;
}

const BLUEPRINT_KEYS = ["version", "app", "data", "security", "ui", "tables", "pages", "roles"];
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** A blueprint, or an object wrapping exactly one (e.g. {"blueprint": …}). */
export function looksLikeBlueprint(value: unknown, depth = 0): boolean {
  if (!isRecord(value)) return false;
  const keys = Object.keys(value);
  if (keys.filter((k) => BLUEPRINT_KEYS.includes(k)).length >= 2 && !("properties" in value)) return true;
  // A JSON Schema of a blueprint has the blueprint's keys under "properties": it is not one.
  if ("properties" in value || "$schema" in value) return false;
  return depth === 0 && keys.some((k) => looksLikeBlueprint(value[k], 1));
}

interface Candidate {
  span: Required<Span>;
  value: unknown;
  slips: string[];
}

/** Parses each complete span; stray "{" in prose are stepped over by rescanning after them. */
function scan(text: string): { candidates: Candidate[]; unclosed?: number; errors: { span: Span; error: string }[] } {
  const candidates: Candidate[] = [];
  const errors: { span: Span; error: string }[] = [];
  let from = 0;
  let unclosed: number | undefined;
  // Each round steps one level into an unclosed object: a stray brace, or a truncated blueprint's parts.
  for (let round = 0; round < 8; round++) {
    const spans = objectSpans(text, from);
    for (const span of spans) {
      if (span.end === undefined) continue;
      const parsed = parseTolerantJson(text.slice(span.start, span.end));
      if (parsed.ok)
        candidates.push({ span: { start: span.start, end: span.end }, value: parsed.value, slips: parsed.slips });
      else errors.push({ span, error: parsed.error });
    }
    const open = spans.find((s) => s.end === undefined);
    if (!open) break;
    unclosed ??= open.start;
    if (candidates.some((c) => looksLikeBlueprint(c.value))) break;
    from = open.start + 1;
  }
  return { candidates, ...(unclosed === undefined ? {} : { unclosed }), errors };
}

function refuse(code: string, message: string, hint: string): Extracted {
  return { ok: false, problem: { path: "", code, message, hint } };
}

/** The answer as one JSON string holding the blueprint's JSON ("{\"version\": 2, …}"), decoded. */
function doubleEncoded(text: string): string | undefined {
  const trimmed = text.trim();
  if (!trimmed.startsWith('"') || !trimmed.endsWith('"')) return undefined;
  try {
    const inner: unknown = JSON.parse(trimmed);
    return typeof inner === "string" && inner.trim().startsWith("{") ? inner : undefined;
  } catch {
    return undefined;
  }
}

export function extractJson(text: string): Extracted {
  const decoded = doubleEncoded(text);
  if (decoded !== undefined) {
    const inner = extractJson(decoded);
    if (!inner.ok) return inner;
    const note = { path: "", message: "Decoded the blueprint, which was sent as one JSON string." };
    return { ...inner, warnings: [note, ...inner.warnings] };
  }
  const { candidates, unclosed, errors } = scan(text);
  const blueprints = candidates.filter((c) => looksLikeBlueprint(c.value));
  const chosen = blueprints.at(-1);
  const size = (span: Span) => (span.end ?? text.length) - span.start;
  const largest = [...candidates].sort((a, b) => size(b.span) - size(a.span))[0];
  if (!chosen) {
    // An unclosed object larger than anything complete is a blueprint cut short.
    if (unclosed !== undefined && text.length - unclosed > Math.max(largest ? size(largest.span) : 0, 40)) {
      return refuse(
        "truncated_json",
        "The answer stops in the middle of the JSON: an object is opened but never closed, so part of the blueprint is missing.",
        "Answer again with the complete blueprint; keep it shorter (fewer pages, blocks and descriptions) so it fits.",
      );
    }
    const broken = [...errors].sort((a, b) => size(b.span) - size(a.span))[0];
    if (broken && size(broken.span) > (largest ? size(largest.span) : 0)) {
      return refuse(
        "invalid_json",
        `The answer's JSON cannot be read: ${broken.error}.`,
        "Answer with one JSON object: keys and strings in double quotes, commas between items, every bracket closed.",
      );
    }
    const notBlueprint = describeNonJson(text, largest?.value);
    if (notBlueprint || !largest) return { ok: false, problem: notBlueprint ?? noJson() };
    // Some object that is not recognisably a blueprint: the schema check says what it lacks.
    return { ok: true, value: largest.value, warnings: [] };
  }
  const warnings: IntakeWarning[] = [];
  const outside = (text.slice(0, chosen.span.start) + text.slice(chosen.span.end)).replace(/```[\w-]*/g, "").trim();
  if (outside.length > 0) {
    warnings.push({ path: "", message: "Took the JSON object out of the text and code fences around it." });
  }
  if (blueprints.length > 1) {
    warnings.push({
      path: "",
      message: `The answer held ${blueprints.length} blueprints; used the last one, the model's final version.`,
    });
  }
  if (chosen.slips.length > 0) {
    warnings.push({
      path: "",
      message: `Read JSON written with ${chosen.slips.join(", ")}, which JSON does not allow.`,
    });
  }
  return { ok: true, value: chosen.value, warnings };
}
