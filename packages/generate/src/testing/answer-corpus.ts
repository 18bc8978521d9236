/**
 * Realistic model answers, made from the example blueprints the way models slip:
 * each mutation is a habit seen in one model family's output (GPT-4o-mini, Llama 3.x,
 * Mistral, Qwen, DeepSeek, Gemini Flash), applied to two examples. A mutation that
 * keeps the app whole must be read back to exactly the example; the rest (refusals,
 * empties, cut-off answers, questions, YAML, SQL filters, real mistakes) must end
 * with their own reason. Used by the corpus test and the generate benchmark.
 */
import { readdirSync, readFileSync } from "node:fs";
import type { Ending } from "../endings.js";
import type { ScriptedReply } from "./scripted-server.js";

export type ModelStyle = "gpt-4o-mini" | "llama-3" | "mistral" | "qwen" | "deepseek" | "gemini-flash";

// biome-ignore lint/suspicious/noExplicitAny: mutations reach anywhere into example JSON
type Bp = any;
type Json = Record<string, unknown>;

export type Expected = { accepted: true } | { ending: Ending; code?: string };

export interface CorpusCase {
  name: string;
  style: ModelStyle;
  /** The first answer. */
  answer: ScriptedReply;
  expected: Expected;
  /** The example the answer was made from (its name under schemas/examples). */
  example: string;
  /** What an accepted answer must read back to: the example, plus what the mutation meant to change. */
  blueprint: Bp;
}

const examplesDir = new URL("../../../../schemas/examples/", import.meta.url);
const EXAMPLES = readdirSync(examplesDir)
  .filter((f) => f.endsWith(".json"))
  .sort()
  .map((f) => ({ name: f.replace(/\.json$/, ""), text: readFileSync(new URL(f, examplesDir), "utf8") }));

const isRecord = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const pretty = (bp: Bp) => JSON.stringify(bp, null, 2);

const blocksOf = (bp: Bp): Bp[] => [
  ...bp.ui.pages.flatMap((p: Bp) => p.blocks),
  ...(bp.ui.modals ?? []).flatMap((m: Bp) => m.blocks),
];
const columnsOf = (bp: Bp): Bp[] => bp.data.tables.flatMap((t: Bp) => t.columns);

function mapFilters(bp: Bp, fn: (filter: Bp) => Bp): void {
  for (const rf of bp.security.rowFilters ?? []) rf.filter = fn(rf.filter);
  for (const block of blocksOf(bp)) if (block.filter) block.filter = fn(block.filter);
}

function renameKeys(value: unknown, rename: (key: string) => string, skip = new Set<string>()): unknown {
  if (Array.isArray(value)) return value.map((v) => renameKeys(v, rename, skip));
  if (!isRecord(value)) return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [rename(k), skip.has(k) ? v : renameKeys(v, rename, skip)]),
  );
}

/** Python's repr of the JSON: single quotes, True/False/None. */
function pythonRepr(value: unknown, indent = ""): string {
  if (value === null) return "None";
  if (value === true) return "True";
  if (value === false) return "False";
  if (typeof value === "number") return String(value);
  if (typeof value === "string") return `'${value.replaceAll("\\", "\\\\").replaceAll("'", "\\'")}'`;
  const inner = `${indent}    `;
  if (Array.isArray(value)) return `[${value.map((v) => pythonRepr(v, inner)).join(", ")}]`;
  const entries = Object.entries(value as Json).map(([k, v]) => `\n${inner}'${k}': ${pythonRepr(v, inner)}`);
  return `{${entries.join(",")}\n${indent}}`;
}

interface Mutation {
  name: string;
  style: ModelStyle;
  /** Changes that are meant (they are in the expected blueprint too). */
  prepare?: (bp: Bp) => void;
  /** The blueprint → the answer text. */
  write: (bp: Bp) => string;
}

const ACTIONS = ["list", "read", "create", "update", "delete"];

const MUTATIONS: Mutation[] = [
  { name: "clean", style: "gpt-4o-mini", write: pretty },
  {
    name: "fenced with prose",
    style: "gpt-4o-mini",
    write: (bp) =>
      `Here's the blueprint for your app:\n\n\`\`\`json\n${pretty(bp)}\n\`\`\`\n\nThis design gives each role only the data it needs. Let me know if you'd like any changes!`,
  },
  { name: "wrapped in a blueprint key", style: "gpt-4o-mini", write: (bp) => pretty({ blueprint: bp }) },
  {
    name: "commentary keys",
    style: "gpt-4o-mini",
    write: (bp) =>
      pretty({
        $schema: "https://plinth.dev/schemas/blueprint-v2.schema.json",
        ...bp,
        explanation: "Tables for each entity, role-based permissions and a dashboard.",
        data: { ...bp.data, notes: "Every table has system columns." },
      }),
  },
  {
    name: "strict-mode nulls",
    style: "gpt-4o-mini",
    write: (bp) => {
      for (const column of columnsOf(bp)) {
        for (const key of ["description", "format", "enum", "maxLength", "min", "max", "default"]) column[key] ??= null;
      }
      for (const table of bp.data.tables) table.description ??= null;
      for (const role of bp.security.roles) role.description ??= null;
      return pretty(bp);
    },
  },
  { name: "python literals", style: "llama-3", write: (bp) => pythonRepr(bp) },
  {
    name: "comments and trailing commas",
    style: "llama-3",
    write: (bp) =>
      pretty(bp)
        .replace('"version": 2,', '"version": 2, // BlueprintV2')
        .replace('"data": {', '"data": { /* tables and how they relate */')
        .replace(/("|\d|true|false|null|\]|\})\n(\s*[}\]])/g, "$1,\n$2"),
  },
  {
    name: "declared system columns",
    style: "llama-3",
    write: (bp) => {
      for (const table of bp.data.tables) {
        table.columns.unshift(
          { name: "id", type: "uuid", required: true, unique: true },
          { name: "created_at", type: "timestamptz", default: "$now" },
        );
        table.columns.push({ name: "updatedAt", type: "timestamptz" });
      }
      return pretty(bp);
    },
  },
  {
    name: "SQL column types",
    style: "llama-3",
    write: (bp) => {
      for (const c of columnsOf(bp)) {
        if (c.type === "text" && c.maxLength && !c.format) {
          c.type = `varchar(${c.maxLength})`;
          delete c.maxLength;
        } else if (c.type === "text" && c.format === "email") {
          c.type = "email";
          delete c.format;
        } else if (c.type === "float" && c.format === "currency") {
          c.type = "money";
          delete c.format;
        } else if (c.type === "int") c.type = "integer";
        else if (c.type === "bool") c.type = "boolean";
        else if (c.type === "timestamptz") c.type = "datetime";
        else if (c.type === "text" && !c.enum) c.type = "string";
      }
      return pretty(bp);
    },
  },
  {
    name: "stray brace in the prose",
    style: "llama-3",
    write: (bp) =>
      `Sure! I used the {entity}_id pattern for references.\n\n${JSON.stringify(bp)}\n\nEach table gets its own page.`,
  },
  {
    name: "Rails relationship words",
    style: "mistral",
    write: (bp) => {
      for (const r of bp.data.relationships) {
        r.type = r.type === "many_to_one" ? "belongs_to" : "has_many";
        if (r.onDelete) r.onDelete = r.onDelete === "set_null" ? "SET NULL" : r.onDelete.toUpperCase();
      }
      return pretty(bp);
    },
  },
  {
    name: "action words",
    style: "mistral",
    write: (bp) => {
      for (const p of bp.security.permissions) {
        const on = ACTIONS.filter((a) => p.actions[a]);
        if (on.length === 5) p.actions = "crud";
        else {
          const seeing = p.actions.list && p.actions.read;
          p.actions = [...(seeing ? ["view"] : []), ...on.filter((a) => !seeing || (a !== "list" && a !== "read"))];
          p.actions = p.actions.map((a: string) => (a === "update" ? "edit" : a));
        }
      }
      return pretty(bp);
    },
  },
  {
    name: "aggregates as text",
    style: "mistral",
    write: (bp) => {
      for (const b of blocksOf(bp)) {
        if (b.aggregate) b.aggregate = b.aggregate.column ? `${b.aggregate.fn}(${b.aggregate.column})` : b.aggregate.fn;
      }
      return pretty(bp);
    },
  },
  {
    name: "SQL defaults",
    style: "mistral",
    write: (bp) => {
      for (const c of columnsOf(bp)) {
        if (c.default === "$now") c.default = c.type === "date" ? "CURRENT_DATE" : "now()";
        else if (c.default === "$user.id") c.default = "auth.uid()";
        else if (c.enum && typeof c.default === "string") c.default = c.default.toUpperCase();
        else if (typeof c.default === "number" || typeof c.default === "boolean") c.default = String(c.default);
      }
      return pretty(bp);
    },
  },
  {
    name: "route parameters",
    style: "mistral",
    write: (bp) => {
      bp.ui.pages.forEach((p: Bp, i: number) => {
        p.route = p.route.replace(":id", i % 2 ? "[id]" : "{id}");
      });
      return pretty(bp);
    },
  },
  {
    name: "filter operators",
    style: "qwen",
    write: (bp) => {
      const rewrite = (f: Bp): Bp => {
        if (f.and) return { and: f.and.map(rewrite) };
        if (f.or) return { or: f.or.map(rewrite) };
        if (f.equals) {
          const [c, v] = f.equals;
          return v === "$user.id" ? { eq: [c, "$userId"] } : { field: c, op: "==", value: v };
        }
        return { field: f.in[0], op: "in", value: f.in[1] === "$user.team_ids" ? "$user.teamIds" : f.in[1] };
      };
      mapFilters(bp, rewrite);
      return pretty(bp);
    },
  },
  {
    name: "SQL comparisons as filters",
    style: "qwen",
    write: (bp) => {
      const literal = (v: unknown) => (v === "$user.id" ? "auth.uid()" : typeof v === "string" ? `'${v}'` : String(v));
      const sql = (f: Bp): string | undefined => {
        if (f.equals) return `${f.equals[0]} = ${literal(f.equals[1])}`;
        if (f.in) return `${f.in[0]} IN (${Array.isArray(f.in[1]) ? f.in[1].map(literal).join(", ") : f.in[1]})`;
        if (f.and?.every((p: Bp) => !p.and && !p.or)) return f.and.map(sql).join(" AND ");
        return undefined;
      };
      mapFilters(bp, (f) => sql(f) ?? f);
      return pretty(bp);
    },
  },
  {
    name: "columns as maps",
    style: "qwen",
    write: (bp) => {
      for (const t of bp.data.tables) {
        t.columns = Object.fromEntries(t.columns.map(({ name, ...rest }: Bp) => [name, rest]));
      }
      return pretty(bp);
    },
  },
  {
    name: "permissions as a map",
    style: "qwen",
    // A map of action lists has no room for scopes or read-only columns, so the answer means none.
    prepare: (bp) => {
      for (const p of bp.security.permissions) {
        delete p.scopes;
        delete p.readOnlyColumns;
      }
    },
    write: (bp) => {
      const map: Json = {};
      for (const p of bp.security.permissions) {
        const role = (map[p.role] ?? {}) as Json;
        role[p.resource] = ACTIONS.filter((a) => p.actions[a]);
        map[p.role] = role;
      }
      bp.security.permissions = map;
      return pretty(bp);
    },
  },
  {
    name: "sections at the top level",
    style: "qwen",
    write: (bp) => pretty({ version: bp.version, app: bp.app, ...bp.data, ...bp.security, ...bp.ui }),
  },
  {
    name: "raw line breaks in strings",
    style: "qwen",
    prepare: (bp) => {
      bp.app.description = `${bp.app.description}\nBuilt for a small team.\n\tNo code.`;
    },
    write: (bp) => pretty(bp).replace(/\\n/g, "\n").replace(/\\t/g, "\t"),
  },
  {
    name: "numbers and booleans as strings",
    style: "qwen",
    write: (bp) => {
      for (const c of columnsOf(bp)) {
        for (const key of ["required", "unique", "indexed"]) if (typeof c[key] === "boolean") c[key] = String(c[key]);
        if (typeof c.maxLength === "number") c.maxLength = String(c.maxLength);
      }
      for (const b of blocksOf(bp)) if (typeof b.pageSize === "number") b.pageSize = String(b.pageSize);
      bp.version = "2";
      return pretty(bp);
    },
  },
  {
    name: "thinking before the answer",
    style: "deepseek",
    write: (bp) =>
      `<think>\nThe founder wants an app. Each table needs {name, columns}; filters look like {"equals": ["owner_id", "$user.id"]}. I'll write it now.\n</think>\n\n\`\`\`json\n${pretty(bp)}\n\`\`\``,
  },
  {
    name: "draft then final version",
    style: "deepseek",
    write: (bp) => {
      const draft = structuredClone(bp);
      draft.ui.pages = [];
      draft.security.roles = draft.security.roles.map((r: Bp) => r.name);
      return `Draft:\n\`\`\`json\n${JSON.stringify(draft)}\n\`\`\`\nWait, the draft has no pages. Final version:\n\`\`\`json\n${pretty(bp)}\n\`\`\``;
    },
  },
  {
    name: "code fences inside strings",
    style: "deepseek",
    prepare: (bp) => {
      bp.app.description = "Notes support Markdown, e.g. ```code``` blocks and `inline` code.";
    },
    write: (bp) => `\`\`\`json\n${pretty(bp)}\n\`\`\``,
  },
  {
    name: "fenced example, blueprint outside the fence",
    style: "deepseek",
    write: (bp) =>
      `Row filters look like this:\n\`\`\`json\n{"equals": ["owner_id", "$user.id"]}\n\`\`\`\nHere is the complete app:\n${pretty(bp)}`,
  },
  {
    name: "key synonyms",
    style: "deepseek",
    write: (bp) => {
      columnsOf(bp).forEach((c: Bp, i: number) => {
        if (c.label !== undefined) {
          c.displayName = c.label;
          delete c.label;
        }
        if (c.enum) {
          c[i % 2 ? "options" : "values"] = c.enum;
          delete c.enum;
        }
      });
      const fallback = bp.security.defaultRole;
      if (fallback) {
        delete bp.security.defaultRole;
        for (const r of bp.security.roles) if (r.name === fallback) r.isDefault = true;
      }
      return pretty(bp);
    },
  },
  {
    name: "snake_case keys",
    style: "gemini-flash",
    write: (bp) =>
      pretty(renameKeys(bp, (k) => k.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase(), new Set(["default"]))),
  },
  {
    name: "colour names",
    style: "gemini-flash",
    prepare: (bp) => {
      bp.app.theme = { ...bp.app.theme, primaryColor: "#16a34a" };
    },
    write: (bp) => {
      bp.app.theme.primaryColor = "green";
      return pretty(bp);
    },
  },
  {
    name: "menu entry to a missing page",
    style: "gemini-flash",
    write: (bp) => {
      bp.ui.navigation.push({ label: "Reports", page: "reports" });
      return pretty(bp);
    },
  },
  {
    name: "system columns spelled in camelCase",
    style: "gemini-flash",
    prepare: (bp) => {
      const table = blocksOf(bp).find((b) => b.type === "TABLE");
      table.defaultSort = { column: "created_at", direction: "desc" };
    },
    write: (bp) => {
      blocksOf(bp).find((b) => b.type === "TABLE").defaultSort.column = "createdAt";
      return pretty(bp);
    },
  },
  {
    name: "block type spellings",
    style: "gemini-flash",
    write: (bp) => {
      const names: Record<string, string> = {
        KANBAN: "kanban_board",
        "STAT-CARD": "StatCard",
        DETAIL: "detail_view",
        TABLE: "data_table",
      };
      for (const b of blocksOf(bp)) {
        if (b.type === "CHART") {
          b.type = `${b.chartType}_chart`;
          delete b.chartType;
        } else b.type = names[b.type] ?? b.type;
      }
      return pretty(bp);
    },
  },
  {
    name: "unquoted keys",
    style: "llama-3",
    write: (bp) => pretty(bp).replace(/"([A-Za-z_][\w]*)":/g, "$1:"),
  },
  {
    name: "double-encoded JSON",
    style: "qwen",
    write: (bp) => JSON.stringify(JSON.stringify(bp)),
  },
  {
    name: "strings that look like code",
    style: "gemini-flash",
    prepare: (bp) => {
      bp.app.description = 'Tracks {everything}: it\'s simple // really /* no comments */ and {"json": true} inside.';
    },
    write: (bp) => `Here's the JSON:\n${pretty(bp)}`,
  },
];

/**
 * Real answers slip in several ways at once: each family's habits applied together,
 * the in-place changes first and the family's way of writing JSON last.
 */
function combined(style: ModelStyle, changes: string[], writer: string): Mutation {
  const find = (name: string) => {
    const found = MUTATIONS.find((m) => m.name === name);
    if (!found) throw new Error(`no mutation "${name}"`);
    return found;
  };
  return {
    name: `${changes.join(" + ")}, written as ${writer}`,
    style,
    prepare: (bp) => {
      for (const name of [...changes, writer]) find(name).prepare?.(bp);
    },
    write: (bp) => {
      for (const change of changes) find(change).write(bp);
      return find(writer).write(bp);
    },
  };
}

MUTATIONS.push(
  combined("llama-3", ["declared system columns", "SQL column types", "Rails relationship words"], "python literals"),
  combined(
    "mistral",
    ["action words", "aggregates as text", "SQL defaults", "route parameters"],
    "comments and trailing commas",
  ),
  combined(
    "qwen",
    ["filter operators", "numbers and booleans as strings", "columns as maps"],
    "sections at the top level",
  ),
  combined(
    "gemini-flash",
    ["block type spellings", "menu entry to a missing page", "permissions as a map"],
    "snake_case keys",
  ),
  combined("deepseek", ["key synonyms", "SQL comparisons as filters"], "thinking before the answer"),
  combined("gpt-4o-mini", ["strict-mode nulls", "declared system columns"], "wrapped in a blueprint key"),
);

interface Ended {
  name: string;
  style: ModelStyle;
  answer: (bp: Bp, text: string) => ScriptedReply;
  expected: Expected;
}

const ENDINGS: Ended[] = [
  {
    name: "refusal field",
    style: "gpt-4o-mini",
    answer: () => ({ content: "", refusal: "I'm sorry, I can't help with that request." }),
    expected: { ending: "model_refused", code: "model_refused" },
  },
  {
    name: "refusal as text",
    style: "llama-3",
    answer: () => ({
      content:
        "I cannot create that. Building systems to track people without consent is not something I can assist with.",
    }),
    expected: { ending: "model_refused", code: "model_refused" },
  },
  {
    name: "content filter",
    style: "gemini-flash",
    answer: () => ({ content: "", finishReason: "content_filter" }),
    expected: { ending: "content_filter", code: "content_filter" },
  },
  { name: "empty answer", style: "qwen", answer: () => ({ content: "" }), expected: { ending: "empty_answer" } },
  {
    name: "cut off at the output limit",
    style: "deepseek",
    answer: (_, text) => ({ content: text.slice(0, Math.floor(text.length * 0.6)), finishReason: "length" }),
    expected: { ending: "answer_cut_off", code: "answer_cut_off" },
  },
  {
    name: "stream ended mid-object",
    style: "mistral",
    answer: (_, text) => ({ content: `\`\`\`json\n${text.slice(0, Math.floor(text.length * 0.7))}` }),
    expected: { ending: "answer_cut_off", code: "truncated_json" },
  },
  {
    name: "asks a question",
    style: "llama-3",
    answer: () => ({
      content: "Before I design this, could you tell me whether managers should be able to delete records?",
    }),
    expected: { ending: "not_a_blueprint", code: "question_instead_of_blueprint" },
  },
  {
    name: "YAML",
    style: "mistral",
    answer: (bp) => ({
      content: `version: 2\napp:\n  name: ${bp.app.name}\n  slug: ${bp.app.slug}\ndata:\n  tables:\n${bp.data.tables.map((t: Bp) => `    - name: ${t.name}`).join("\n")}`,
    }),
    expected: { ending: "not_a_blueprint", code: "yaml_instead_of_json" },
  },
  {
    name: "JSON Schema instead of a blueprint",
    style: "qwen",
    answer: () => ({
      content: JSON.stringify({
        $schema: "http://json-schema.org/draft-07/schema#",
        type: "object",
        properties: { version: { type: "integer" }, app: { type: "object" } },
        required: ["version", "app"],
      }),
    }),
    expected: { ending: "not_a_blueprint", code: "json_schema_instead_of_blueprint" },
  },
  {
    name: "prose plan without JSON",
    style: "gemini-flash",
    answer: (bp) => ({
      content: `Here's a plan: tables for ${bp.data.tables.map((t: Bp) => t.name).join(", ")}, with a page for each.`,
    }),
    expected: { ending: "not_a_blueprint", code: "no_json" },
  },
  {
    name: "missing comma",
    style: "llama-3",
    answer: (_, text) => ({ content: text.replace(/",\n(\s*)"label"/, '"\n$1"label"') }),
    expected: { ending: "not_a_blueprint", code: "invalid_json" },
  },
  {
    name: "SQL subquery filter",
    style: "qwen",
    answer: (bp) => {
      const copy = structuredClone(bp);
      const rf = copy.security.rowFilters[0];
      rf.filter = `${rf.filter.equals?.[0] ?? "created_by"} IN (SELECT user_id FROM memberships WHERE org_id = 7)`;
      return { content: pretty(copy) };
    },
    expected: { ending: "problems_remain", code: "sql_filter" },
  },
  {
    name: "block names a column that does not exist",
    style: "gpt-4o-mini",
    answer: (bp) => {
      const copy = structuredClone(bp);
      const block = blocksOf(copy).find((b) => b.type === "TABLE");
      block.columns.push(`${block.columns[0]}_name`);
      return { content: pretty(copy) };
    },
    expected: { ending: "problems_remain", code: "unknown_column" },
  },
];

/** Every case: each mutation on two examples, and each ending on one. */
export function answerCorpus(): CorpusCase[] {
  const cases: CorpusCase[] = [];
  MUTATIONS.forEach((mutation, m) => {
    for (const offset of [0, 3]) {
      const example = EXAMPLES[(m + offset) % EXAMPLES.length] as { name: string; text: string };
      const blueprint = JSON.parse(example.text);
      mutation.prepare?.(blueprint);
      cases.push({
        name: `${mutation.name} (${example.name})`,
        style: mutation.style,
        answer: { content: mutation.write(structuredClone(blueprint)) },
        expected: { accepted: true },
        example: example.name,
        blueprint,
      });
    }
  });
  ENDINGS.forEach((ending, e) => {
    const example = EXAMPLES[e % EXAMPLES.length] as { name: string; text: string };
    const blueprint = JSON.parse(example.text);
    cases.push({
      name: `${ending.name} (${example.name})`,
      style: ending.style,
      answer: ending.answer(blueprint, example.text),
      expected: ending.expected,
      example: example.name,
      blueprint,
    });
  });
  return cases;
}
