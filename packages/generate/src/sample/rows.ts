/**
 * Sample rows for any blueprint: names, dates spread around today, amounts, choices in
 * order, links to rows of the parent tables, and people columns shared among the
 * members of the role the column is named after ("walker_id" → the walkers), so each
 * role's members see some rows of their own. Pure and deterministic for a seed: the
 * caller inserts the rows through the data API, as a user would.
 *
 * Values come from `@faker-js/faker` in the app's language (es, fr, de, pt, else en).
 */
import { type Faker, fakerDE, fakerEN_US, fakerES, fakerFR, fakerPT_BR } from "@faker-js/faker";
import type { BlueprintV2 } from "@plinth/blueprint";

type Table = BlueprintV2["data"]["tables"][number];
type Column = Table["columns"][number];
export type SampleValue = string | number | boolean | null | Record<string, never>;
export type SampleRow = Record<string, SampleValue>;

export interface SampleTable {
  table: string;
  rows: SampleRow[];
}

export interface SampleOptions {
  /** "Today" for dates; sample dates fall within a few weeks of it. */
  today: Date;
  /** The app's members by role: person columns take ids from here. */
  people: Record<string, string[]>;
  /** Who is adding the rows (the owner): people columns with no member of their role get this id. */
  ownerId: string;
  /** Rows per table (the teams table gets at most 4). */
  perTable?: number;
  seed?: number;
}

const FAKERS: Record<string, Faker> = { es: fakerES, fr: fakerFR, de: fakerDE, pt: fakerPT_BR };
const DAY = 24 * 3600 * 1000;

/** Rows for every table, parents before children, with ids set so links hold before anything is written. */
export function sampleData(blueprint: BlueprintV2, options: SampleOptions): SampleTable[] {
  const faker = FAKERS[(blueprint.app.locale ?? "en").slice(0, 2)] ?? fakerEN_US;
  faker.seed(options.seed ?? 16);
  const perTable = options.perTable ?? 8;
  const links = linksOf(blueprint);
  const ids = new Map<string, string[]>();
  const out: SampleTable[] = [];
  for (const table of insertionOrder(blueprint)) {
    const count = table.name === blueprint.security.teamTable ? Math.min(4, perTable) : perTable;
    const rows: SampleRow[] = [];
    const mine: string[] = [];
    for (let i = 0; i < count; i++) {
      const id = faker.string.uuid();
      const row: SampleRow = { id };
      for (const column of table.columns) {
        const link = links.find((l) => l.child === table.name && l.column === column.name);
        const value = link ? linkValue(ids.get(link.parent), i, column) : valueFor(faker, column, i, table, options);
        if (value !== undefined) row[column.name] = value;
      }
      rows.push(row);
      mine.push(id);
    }
    ids.set(table.name, mine);
    out.push({ table: table.name, rows });
  }
  return out;
}

/** Parents before children; a self-link (a tree) is left empty, a cycle is broken where it closes. */
function insertionOrder(blueprint: BlueprintV2): Table[] {
  const tables = blueprint.data.tables;
  const placed: Table[] = [];
  const visiting = new Set<string>();
  const visit = (table: Table) => {
    if (placed.includes(table) || visiting.has(table.name)) return;
    visiting.add(table.name);
    for (const link of linksOf(blueprint)) {
      if (link.child !== table.name || link.parent === table.name) continue;
      const parent = tables.find((t) => t.name === link.parent);
      if (parent) visit(parent);
    }
    visiting.delete(table.name);
    placed.push(table);
  };
  for (const table of tables) visit(table);
  return placed;
}

/** Every link child.column → parent, whichever end the relationship is written from. */
function linksOf(blueprint: BlueprintV2): { child: string; column: string; parent: string }[] {
  return blueprint.data.relationships.map((r) =>
    r.type === "many_to_one"
      ? { child: r.fromTable, column: r.fromColumn, parent: r.toTable }
      : { child: r.toTable, column: r.toColumn, parent: r.fromTable },
  );
}

function linkValue(parents: string[] | undefined, i: number, column: Column): SampleValue | undefined {
  // A parent placed later (a cycle, a self-link) has no rows yet: leave the link empty unless required.
  if (!parents?.length) return column.required ? undefined : null;
  return parents[(i * 7 + 3) % parents.length] ?? null;
}

function valueFor(
  faker: Faker,
  column: Column,
  i: number,
  table: Table,
  options: SampleOptions,
): SampleValue | undefined {
  if (column.enum?.length) return column.enum[i % column.enum.length] ?? null;
  switch (column.type) {
    case "user":
      return personFor(column.name, i, options);
    case "uuid":
      // An unlinked uuid that defaults to the user holds a person (blueprints before people columns).
      return column.default === "$user.id"
        ? personFor(column.name, i, options)
        : column.required
          ? faker.string.uuid()
          : null;
    case "bool":
      return i % 3 === 0;
    case "int":
      return between(faker, column, 1, /year/.test(column.name) ? 2030 : 40, true);
    case "float":
      if (column.format === "percent") return between(faker, column, 0, 100, false);
      if (column.format === "currency") return between(faker, column, 15, 2500, false);
      return between(faker, column, 1, 100, false);
    case "date":
      return isoDay(dayAround(options.today, column.name, i));
    case "timestamptz":
      return new Date(dayAround(options.today, column.name, i).getTime() + (9 + (i % 8)) * 3600 * 1000).toISOString();
    case "jsonb":
      return {};
    case "file":
    case "image":
      return null;
    default:
      return textFor(faker, column, i, table);
  }
}

/** Members of the role a person column is named after ("walker_id" → walker), else of any role, else the owner. */
function personFor(columnName: string, i: number, options: SampleOptions): string {
  const role = columnName.replace(/_id$/, "");
  const pool = options.people[role]?.length
    ? options.people[role]
    : Object.values(options.people).flat().length
      ? Object.values(options.people).flat()
      : [options.ownerId];
  // Every member of the role gets rows; the owner keeps a share so the first look is never empty.
  const everyone = [...(pool ?? []), options.ownerId];
  return everyone[i % everyone.length] ?? options.ownerId;
}

function between(faker: Faker, column: Column, low: number, high: number, whole: boolean): number {
  const min = typeof column.min === "number" ? Math.max(low, column.min) : low;
  const max = typeof column.max === "number" ? Math.min(high, column.max) : high;
  const top = Math.max(min, max);
  return whole ? faker.number.int({ min, max: top }) : faker.number.float({ min, max: top, fractionDigits: 2 });
}

/** Due and start dates ahead, past events behind: a spread of a few weeks around today. */
function dayAround(today: Date, name: string, i: number): Date {
  const ahead = /due|deadline|start|scheduled|ends?|expires|renews|next|close|until|valid/.test(name);
  const behind = /birth|dob|joined|hired|hire|opened|created|purchased|issued|received|paid|happened|taken|last/.test(
    name,
  );
  const offset = ahead ? 2 + ((i * 5) % 30) : behind ? -(20 + ((i * 37) % 700)) : ((i * 11) % 41) - 20;
  const day = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate()));
  return new Date(day.getTime() + offset * DAY);
}

function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function textFor(faker: Faker, column: Column, i: number, table: Table): string {
  const name = column.name;
  const cap = (s: string) => s.slice(0, column.maxLength ?? 500);
  if (column.format === "email" || /email/.test(name)) return cap(faker.internet.email().toLowerCase());
  if (column.format === "phone" || /phone|mobile/.test(name)) return cap(faker.phone.number());
  if (column.format === "url" || /website|url|link/.test(name)) return cap(faker.internet.url());
  if (column.format === "image_url") return cap(`https://picsum.photos/seed/${table.name}${i}/400/300`);
  if (column.format === "color") return faker.color.rgb();
  if (column.format === "markdown" || /notes|description|comment|body|bio|summary|details|instructions/.test(name))
    return cap(faker.lorem.sentence());
  if (/(^|_)(full_name|contact_name|person|owner_name)$/.test(name) || (name === "name" && isPeopleTable(table)))
    return cap(faker.person.fullName());
  if (/first_name/.test(name)) return cap(faker.person.firstName());
  if (/last_name/.test(name)) return cap(faker.person.lastName());
  if (/address/.test(name)) return cap(faker.location.streetAddress());
  if (/city|town/.test(name)) return cap(faker.location.city());
  if (/country/.test(name)) return cap(faker.location.country());
  if (/company|organi[sz]ation|employer|supplier|vendor/.test(name)) return cap(faker.company.name());
  if (/(^|_)(code|sku|number|reference|ref)$/.test(name)) return cap(`${name.slice(0, 3).toUpperCase()}-${1000 + i}`);
  if (name === "name" || name === "title" || name === "subject") return cap(titleFor(faker, table, i));
  return cap(faker.lorem.words({ min: 1, max: 3 }));
}

/** Tables of people ("walkers", "clients") get people's names. */
function isPeopleTable(table: Table): boolean {
  return /(?:er|or|ist|ian|ant|ent|ee|client|guest|member|patient|pupil|student|tenant|staff|child|kid|parent|owner|donor|volunteer|player|coach|customer)s?$/.test(
    table.name,
  );
}

/** "Walk 3", "Greenhouse 2": the table's own word and a number, with a few real words for the first rows. */
function titleFor(faker: Faker, table: Table, i: number): string {
  const one = (table.label ?? table.name).replace(/s$/, "");
  return `${one} ${i + 1}: ${faker.commerce.productAdjective()}`;
}
