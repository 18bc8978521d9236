/**
 * Reads JSON the way models write it. JSON5 (pinned) reads single quotes, comments,
 * trailing commas and unquoted keys; one pass before it escapes raw line breaks inside
 * strings and turns Python's True/False/None into JSON's words. Each slip found is
 * named so the intake can say what it repaired. Nothing is ever appended: an answer
 * that stops early stays unreadable.
 */
import JSON5 from "json5";

export type TolerantParse = { ok: true; value: unknown; slips: string[] } | { ok: false; error: string };

const PYTHON_WORDS: Record<string, string> = { True: "true", False: "false", None: "null" };

interface Prepared {
  text: string;
  slips: Set<string>;
}

/** Escapes raw control characters inside strings and rewrites Python literals outside them. */
function prepare(source: string): Prepared {
  const slips = new Set<string>();
  let out = "";
  let quote: string | undefined;
  let escaped = false;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i] as string;
    if (quote) {
      if (escaped) escaped = false;
      else if (ch === "\\") escaped = true;
      else if (ch === quote) quote = undefined;
      else if (ch === "\n" || ch === "\r" || ch === "\t") {
        slips.add("line breaks or tabs typed inside strings");
        out += ch === "\n" ? "\\n" : ch === "\r" ? "\\r" : "\\t";
        continue;
      }
      out += ch;
      continue;
    }
    if (ch === '"' || ch === "'") {
      if (ch === "'") slips.add("single quotes");
      quote = ch;
      out += ch;
    } else if (ch === "/" && source[i + 1] === "/") {
      slips.add("comments");
      const end = source.indexOf("\n", i);
      const stop = end < 0 ? source.length : end;
      out += source.slice(i, stop);
      i = stop - 1;
    } else if (ch === "/" && source[i + 1] === "*") {
      slips.add("comments");
      const end = source.indexOf("*/", i + 2);
      const stop = end < 0 ? source.length : end + 2;
      out += source.slice(i, stop);
      i = stop - 1;
    } else if (ch === ",") {
      if (/^(\s|\/\/[^\n]*\n|\/\*[\s\S]*?\*\/)*[}\]]/.test(source.slice(i + 1, i + 400))) slips.add("trailing commas");
      out += ch;
    } else if (/[A-Za-z_$]/.test(ch) && !/[\w$]/.test(source[i - 1] ?? "")) {
      const word = /^[A-Za-z_$][\w$]*/.exec(source.slice(i))?.[0] ?? ch;
      const python = PYTHON_WORDS[word];
      if (python) slips.add("Python's True, False and None");
      else if (!["true", "false", "null", "Infinity", "NaN"].includes(word)) slips.add("unquoted keys");
      out += python ?? word;
      i += word.length - 1;
    } else out += ch;
  }
  return { text: out, slips };
}

export function parseTolerantJson(source: string): TolerantParse {
  try {
    return { ok: true, value: JSON.parse(source), slips: [] };
  } catch (strictError) {
    const prepared = prepare(source);
    try {
      return { ok: true, value: JSON5.parse(prepared.text), slips: [...prepared.slips] };
    } catch (error) {
      const reason = error instanceof Error ? error.message.replace(/^JSON5: /, "") : String(error);
      return { ok: false, error: reason || (strictError as Error).message };
    }
  }
}
