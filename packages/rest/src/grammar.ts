/**
 * PostgREST's query-string grammar (ApiRequest/QueryParams.hs): select trees, filter
 * expressions, logic trees, order terms, column lists and embed paths. Pure parsing;
 * nothing here knows the schema. Every failure is a PGRST100 naming the parameter
 * and the column where parsing stopped.
 */
import { queryParamError } from "./errors.js";

export const aggregateFunctions = ["sum", "avg", "count", "min", "max"] as const;
export type AggregateFunction = (typeof aggregateFunctions)[number];

/** One step of a JSON path: `->key`, `->>key` or `->0` (`->` keeps JSON, `->>` gives text). */
export interface JsonStep {
  arrow: "->" | "->>";
  /** A key, or an array index. */
  operand: string | number;
}

export interface SelectField {
  kind: "field";
  name: string;
  /** `meta->a->>b`: a path into a JSON value (or into the column's JSON form). */
  jsonPath?: JsonStep[];
  alias?: string;
  cast?: string;
  /** `amount.sum()`: the column aggregated over the rows grouped by the other fields. */
  aggregate?: AggregateFunction;
  /** `amount.sum()::int`: a cast of the aggregate's result. */
  aggregateCast?: string;
}
/** `count()`: the number of rows in the group. */
export interface SelectCount {
  kind: "count";
  alias?: string;
  cast?: string;
}
export interface SelectStar {
  kind: "star";
}
export interface SelectEmbed {
  kind: "embed";
  relation: string;
  alias?: string;
  hint?: string;
  inner: boolean;
  /** `...rel(cols)`: the embedded columns become the parent's own keys. */
  spread?: true;
  /** Empty (`rel()`) when the embed only filters the parents. */
  children: SelectItem[];
}
export type SelectItem = SelectField | SelectCount | SelectStar | SelectEmbed;

/** Operators that also take a quantifier, `like(any).{a*,b*}` (QueryParams.hs `quantOperator`). */
export const quantifiableOperators = ["eq", "gt", "gte", "lt", "lte", "like", "ilike", "match", "imatch"] as const;
export const simpleOperators = [
  ...quantifiableOperators,
  "neq",
  "cs",
  "cd",
  "ov",
  "sl",
  "sr",
  "nxr",
  "nxl",
  "adj",
] as const;
export type SimpleOperator = (typeof simpleOperators)[number];
export type Quantifier = "any" | "all";
export const ftsOperators = ["fts", "plfts", "phfts", "wfts"] as const;
export type FtsOperator = (typeof ftsOperators)[number];
export type IsValue = "null" | "not_null" | "true" | "false" | "unknown";

export type Operation =
  | { kind: "op"; op: SimpleOperator; quantifier?: Quantifier; value: string }
  | { kind: "isdistinct"; value: string }
  | { kind: "in"; values: string[] }
  | { kind: "is"; value: IsValue }
  | { kind: "fts"; op: FtsOperator; language?: string; value: string };

export interface Filter {
  column: string;
  jsonPath?: JsonStep[];
  negate: boolean;
  operation: Operation;
}

export type LogicTree =
  | { kind: "filter"; filter: Filter }
  | { kind: "logic"; op: "and" | "or"; negate: boolean; children: LogicTree[] };

export interface OrderTerm {
  /** `rel(col)`: order by a column of a to-one embed. */
  relation?: string;
  column: string;
  jsonPath?: JsonStep[];
  direction?: "asc" | "desc";
  nulls?: "first" | "last";
}

class ParseFailure extends Error {
  constructor(
    readonly position: number,
    readonly details: string,
  ) {
    super(details);
  }
}

const identifierChar = /[\p{L}\p{N}_ $]/u;

class Cursor {
  i = 0;
  constructor(readonly s: string) {}

  get done(): boolean {
    return this.i >= this.s.length;
  }
  peek(offset = 0): string | undefined {
    return this.s[this.i + offset];
  }
  startsWith(text: string): boolean {
    return this.s.startsWith(text, this.i);
  }
  eat(text: string): boolean {
    if (!this.startsWith(text)) return false;
    this.i += text.length;
    return true;
  }
  skipSpaces(): void {
    while (this.peek() === " " || this.peek() === "\t") this.i++;
  }
  fail(expecting: string): never {
    const ch = this.peek();
    const unexpected = ch === undefined ? "end of input" : JSON.stringify(ch);
    throw new ParseFailure(this.i, `unexpected ${unexpected} expecting ${expecting}`);
  }
  expect(text: string, description = JSON.stringify(text)): void {
    if (!this.eat(text)) this.fail(description);
  }
}

function run<T>(what: string, input: string, parse: (c: Cursor) => T): T {
  const cursor = new Cursor(input);
  try {
    return parse(cursor);
  } catch (err) {
    if (err instanceof ParseFailure) throw queryParamError(what, input, err.position + 1, err.details);
    throw err;
  }
}

function quotedValue(c: Cursor): string {
  c.expect('"');
  let out = "";
  for (;;) {
    const ch = c.peek();
    if (ch === undefined) c.fail('closing quote (")');
    c.i++;
    if (ch === '"') return out;
    if (ch === "\\") {
      const next = c.peek();
      if (next === undefined) c.fail("escaped character");
      out += next;
      c.i++;
    } else {
      out += ch;
    }
  }
}

/** A field name: a quoted string, or identifier words joined by dashes (not `->`). */
function fieldName(c: Cursor): string {
  if (c.peek() === '"') return quotedValue(c);
  const start = c.i;
  for (;;) {
    const ch = c.peek();
    if (ch !== undefined && identifierChar.test(ch)) {
      c.i++;
    } else if (
      ch === "-" &&
      c.peek(1) !== ">" &&
      c.i > start &&
      c.peek(1) !== undefined &&
      identifierChar.test(c.peek(1) as string)
    ) {
      c.i++;
    } else {
      break;
    }
  }
  const name = c.s.slice(start, c.i).trim();
  if (name === "") {
    c.i = start;
    c.fail("field name (* or [a..z0..9_$])");
  }
  return name;
}

function identifier(c: Cursor): string {
  const start = c.i;
  while (c.peek() !== undefined && identifierChar.test(c.peek() as string)) c.i++;
  const name = c.s.slice(start, c.i).trim();
  if (name === "") c.fail("letter or digit");
  return name;
}

/** A JSON key: quoted, or any run of characters but `(-:.,>)`, words joined by single dashes. */
function jsonKey(c: Cursor): string {
  if (c.peek() === '"') return quotedValue(c);
  const start = c.i;
  for (;;) {
    const ch = c.peek();
    if (ch !== undefined && !"(-:.,>)".includes(ch)) c.i++;
    else if (
      ch === "-" &&
      c.peek(1) !== ">" &&
      c.i > start &&
      c.peek(1) !== undefined &&
      !"(-:.,>)".includes(c.peek(1) as string)
    )
      c.i++;
    else break;
  }
  const key = c.s.slice(start, c.i).trim();
  if (key === "") c.fail("any non reserved character different from: .,>()");
  return key;
}

/** `->a->>b->0` after a field name (QueryParams.hs pJsonPath); empty when there is none. */
function jsonPath(c: Cursor): JsonStep[] {
  const steps: JsonStep[] = [];
  for (;;) {
    const arrow = c.eat("->>") ? "->>" : c.eat("->") ? "->" : undefined;
    if (!arrow) return steps;
    const index = /^-?\d+/.exec(c.s.slice(c.i))?.[0];
    const after = index === undefined ? undefined : c.s.slice(c.i + index.length);
    if (index !== undefined && (after === "" || /^(->|::|\.|,|\))/.test(after as string))) {
      c.i += index.length;
      steps.push({ arrow, operand: Number(index) });
    } else {
      steps.push({ arrow, operand: jsonKey(c) });
    }
  }
}

/** A field name and its JSON path, if any. */
function field(c: Cursor): { name: string; jsonPath?: JsonStep[] } {
  const name = fieldName(c);
  const path = jsonPath(c);
  return path.length > 0 ? { name, jsonPath: path } : { name };
}

function lexemeComma(c: Cursor): boolean {
  const save = c.i;
  c.skipSpaces();
  if (c.eat(",")) {
    c.skipSpaces();
    return true;
  }
  c.i = save;
  return false;
}

// --- select ---------------------------------------------------------------------------

function selectForest(c: Cursor): SelectItem[] {
  const items: SelectItem[] = [];
  c.skipSpaces();
  do {
    items.push(selectItem(c));
  } while (lexemeComma(c));
  c.skipSpaces();
  return items;
}

function selectItem(c: Cursor): SelectItem {
  if (c.eat("*")) {
    atItemEnd(c);
    return { kind: "star" };
  }
  if (c.eat("...")) {
    const relation = fieldName(c);
    if (c.peek() !== "!" && c.peek() !== "(") c.fail('"!" or "(" (a spread must embed a relationship)');
    return embedItem(c, relation, undefined, true);
  }
  if (c.startsWith("count()")) return countItem(c, undefined);
  let alias: string | undefined;
  let name = fieldName(c);
  if (c.peek() === ":" && c.peek(1) !== ":") {
    c.i++;
    alias = name;
    if (c.startsWith("count()")) return countItem(c, alias);
    name = fieldName(c);
  }
  if (c.peek() === "!" || c.peek() === "(") return embedItem(c, name, alias, false);
  const path = jsonPath(c);
  let cast: string | undefined;
  if (c.eat("::")) cast = identifier(c);
  let aggregate: AggregateFunction | undefined;
  let aggregateCast: string | undefined;
  if (c.peek() === ".") {
    c.i++;
    aggregate = aggregateFunctions.find((fn) => c.eat(`${fn}()`));
    if (!aggregate) c.fail("aggregate function (sum(), avg(), count(), min() or max())");
    if (c.eat("::")) aggregateCast = identifier(c);
  }
  atItemEnd(c);
  return {
    kind: "field",
    name,
    ...(path.length > 0 && { jsonPath: path }),
    ...(alias !== undefined && { alias }),
    ...(cast !== undefined && { cast }),
    ...(aggregate !== undefined && { aggregate }),
    ...(aggregateCast !== undefined && { aggregateCast }),
  };
}

/** `rel!hint!inner(children)` after the relation's name; `!left` is the default join. */
function embedItem(c: Cursor, relation: string, alias: string | undefined, spread: boolean): SelectEmbed {
  let hint: string | undefined;
  let inner = false;
  while (c.eat("!")) {
    const param = fieldName(c);
    if (param === "inner") inner = true;
    else if (param !== "left") hint = param;
  }
  c.expect("(");
  c.skipSpaces();
  const children = c.peek() === ")" ? [] : selectForest(c);
  c.expect(")", '")" or ","');
  atItemEnd(c);
  return {
    kind: "embed",
    relation,
    ...(alias !== undefined && { alias }),
    ...(hint !== undefined && { hint }),
    inner,
    ...(spread && { spread: true as const }),
    children,
  };
}

function countItem(c: Cursor, alias: string | undefined): SelectCount {
  c.expect("count()");
  let cast: string | undefined;
  if (c.eat("::")) cast = identifier(c);
  atItemEnd(c);
  return { kind: "count", ...(alias !== undefined && { alias }), ...(cast !== undefined && { cast }) };
}

function atItemEnd(c: Cursor): void {
  const save = c.i;
  c.skipSpaces();
  const ch = c.peek();
  if (ch === undefined || ch === "," || ch === ")") {
    c.i = save;
    return;
  }
  c.fail('"::", ".", ")", "," or end of input');
}

export function parseSelect(input: string): SelectItem[] {
  return run("select parameter", input, (c) => {
    const forest = selectForest(c);
    if (!c.done) c.fail('"," or end of input');
    return forest;
  });
}

// --- filters --------------------------------------------------------------------------

type ValueParser = (c: Cursor) => string;

const restOfInput: ValueParser = (c) => {
  const value = c.s.slice(c.i);
  c.i = c.s.length;
  return value;
};

/** Inside and=/or= a value ends at `,` or `)` unless quoted or a `{…}` array literal. */
const logicValue: ValueParser = (c) => {
  if (c.peek() === '"') {
    const save = c.i;
    const value = quotedValue(c);
    const next = c.peek();
    if (next === undefined || next === "," || next === ")") return value;
    c.i = save;
  }
  if (c.peek() === "{") {
    const close = c.s.indexOf("}", c.i);
    const nested = c.s.indexOf("{", c.i + 1);
    if (close > 0 && (nested < 0 || nested > close)) {
      const value = c.s.slice(c.i, close + 1);
      c.i = close + 1;
      return value;
    }
  }
  const start = c.i;
  while (c.peek() !== undefined && c.peek() !== "," && c.peek() !== ")") c.i++;
  return c.s.slice(start, c.i);
};

function listValue(c: Cursor): string[] {
  c.skipSpaces();
  c.expect("(");
  c.skipSpaces();
  const values: string[] = [];
  do {
    values.push(logicValue(c));
  } while (c.eat(","));
  c.skipSpaces();
  c.expect(")", '"," or ")"');
  c.skipSpaces();
  return values;
}

const isValues: IsValue[] = ["null", "not_null", "unknown", "true", "false"];

function operation(c: Cursor, value: ValueParser, negate: boolean): Operation {
  if (c.eat("in.")) return { kind: "in", values: listValue(c) };
  if (c.eat("is.")) {
    const rest = c.s.slice(c.i).toLowerCase();
    const match = isValues.find((v) => rest.startsWith(v));
    if (!match) c.fail("null or trilean value (not_null, unknown, true, false)");
    c.i += match.length;
    return { kind: "is", value: match };
  }
  if (c.eat("isdistinct.")) return { kind: "isdistinct", value: value(c) };
  const start = c.i;
  while (c.peek() !== undefined && c.peek() !== "." && c.peek() !== "(") c.i++;
  const name = c.s.slice(start, c.i);
  if ((ftsOperators as readonly string[]).includes(name)) {
    let language: string | undefined;
    if (c.eat("(")) {
      language = identifier(c);
      c.expect(")");
    }
    c.expect(".", "delimiter (.)");
    return { kind: "fts", op: name as FtsOperator, ...(language !== undefined && { language }), value: value(c) };
  }
  if (name === "" || c.peek() === undefined) {
    c.i = start;
    c.fail(negate ? "operator (eq, gt, ...)" : '"not" or operator (eq, gt, ...)');
  }
  if (!(simpleOperators as readonly string[]).includes(name)) {
    throw new ParseFailure(start + name.length + 1, `unknown single value operator ${name}`);
  }
  let quantifier: Quantifier | undefined;
  if (c.peek() === "(") {
    if (!(quantifiableOperators as readonly string[]).includes(name)) {
      throw new ParseFailure(
        c.i,
        `the operator ${name} takes no quantifier; (any) and (all) apply to ${quantifiableOperators.join(", ")}`,
      );
    }
    if (c.eat("(any)")) quantifier = "any";
    else if (c.eat("(all)")) quantifier = "all";
    else c.fail('"(any)" or "(all)"');
  }
  c.expect(".", "delimiter (.)");
  return { kind: "op", op: name as SimpleOperator, ...(quantifier && { quantifier }), value: value(c) };
}

function opExpr(c: Cursor, value: ValueParser): { negate: boolean; operation: Operation } {
  const negate = c.eat("not.");
  return { negate, operation: operation(c, value, negate) };
}

/** The value side of `column=<value>`, e.g. `not.in.(1,2)`. */
export function parseFilter(column: string, input: string): Filter {
  return run("filter", input, (c) => {
    const { negate, operation: op } = opExpr(c, restOfInput);
    if (!c.done) c.fail("end of input");
    return { column, negate, operation: op };
  });
}

function logicTree(c: Cursor): LogicTree {
  c.skipSpaces();
  const save = c.i;
  const negate = c.eat("not.");
  for (const op of ["and", "or"] as const) {
    if (c.startsWith(`${op}(`)) {
      c.i += op.length + 1;
      const children: LogicTree[] = [];
      do {
        children.push(logicTree(c));
      } while (lexemeComma(c));
      c.skipSpaces();
      c.expect(")", '"," or ")"');
      c.skipSpaces();
      return { kind: "logic", op, negate, children };
    }
  }
  c.i = save;
  const target = field(c);
  c.expect(".", "delimiter (.)");
  const expr = opExpr(c, logicValue);
  return {
    kind: "filter",
    filter: { column: target.name, ...(target.jsonPath && { jsonPath: target.jsonPath }), ...expr },
  };
}

/** `or=(a.eq.1,b.eq.2)` given the operator from the key (`or`, `not.or`, …) and the value. */
export function parseLogic(op: "and" | "or", negate: boolean, input: string): LogicTree {
  const full = `${negate ? "not." : ""}${op}${input}`;
  return run("logic tree", full, (c) => {
    const tree = logicTree(c);
    if (!c.done || tree.kind !== "logic") c.fail('"," or end of input');
    return tree;
  });
}

// --- order, columns, paths ------------------------------------------------------------

export function parseOrder(input: string): OrderTerm[] {
  return run("order", input, (c) => {
    const terms: OrderTerm[] = [];
    do {
      c.skipSpaces();
      const name = fieldName(c);
      let relation: string | undefined;
      let target: { name: string; jsonPath?: JsonStep[] };
      if (c.eat("(")) {
        relation = name;
        target = field(c);
        c.expect(")");
      } else {
        const path = jsonPath(c);
        target = path.length > 0 ? { name, jsonPath: path } : { name };
      }
      const term: OrderTerm = {
        ...(relation !== undefined && { relation }),
        column: target.name,
        ...(target.jsonPath && { jsonPath: target.jsonPath }),
      };
      if (c.eat(".asc")) term.direction = "asc";
      else if (c.eat(".desc")) term.direction = "desc";
      if (c.eat(".nullsfirst")) term.nulls = "first";
      else if (c.eat(".nullslast")) term.nulls = "last";
      c.skipSpaces();
      if (!c.done && c.peek() !== ",") c.fail('"asc", "desc", "nullsfirst", "nullslast", "," or end of input');
      terms.push(term);
    } while (c.eat(","));
    return terms;
  });
}

export function parseColumns(what: string, input: string): string[] {
  return run(what, input, (c) => {
    const names: string[] = [];
    c.skipSpaces();
    do {
      names.push(fieldName(c));
    } while (lexemeComma(c));
    if (!c.done) c.fail('"," or end of input');
    return names;
  });
}

/** A filter's key, `a.b.col->x`: the embed path `[a, b]`, the column and its JSON path. */
export function parseFilterKey(input: string): { path: string[]; column: string; jsonPath?: JsonStep[] } {
  return run("filter", input, (c) => {
    const names: string[] = [];
    let last = field(c);
    while (!last.jsonPath && c.eat(".")) {
      names.push(last.name);
      last = field(c);
    }
    if (!c.done) c.fail("delimiter (.) or end of input");
    return { path: names, column: last.name, ...(last.jsonPath && { jsonPath: last.jsonPath }) };
  });
}

/** `a.b.col` → embed path `[a, b]` and the last name. */
export function parseTreePath(input: string): string[] {
  return run("tree path", input, (c) => {
    const names: string[] = [];
    do {
      names.push(fieldName(c));
    } while (c.eat("."));
    if (!c.done) c.fail("delimiter (.) or end of input");
    return names;
  });
}
