/**
 * Domain knowledge mined from the example apps (schemas/examples) and common
 * business software: for each thing a founder may name, its table, typical columns
 * and the tables it usually belongs to. The first column is the record's title.
 *
 * The knowledge itself is data, in domain.json (grouped by domain: CRM, helpdesk,
 * inventory, projects, recruiting, events, …). A column there is a row naming one of
 * the constructors of columns.ts with its arguments, `["choice", "stage", "Stage",
 * ["lead", "won"]]`, or, where none fits, the column itself. It is checked here, once,
 * at load: a typo in the data fails loudly instead of planning odd apps.
 */
import { columnSchema } from "@plinth/blueprint";
import { z } from "zod";
import type { ColumnDef } from "./columns.js";
import * as make from "./columns.js";
import knowledge from "./domain.json" with { type: "json" };

export interface EntityKnowledge {
  table: string;
  /** Words that name it, singular forms; plurals are derived. */
  words: string[];
  label: string;
  columns: ColumnDef[];
  /** Tables this one references when they are in the app too (adds <singular>_id). */
  parents?: string[];
  icon?: string;
  /** Self-hierarchy (parent_id), shown as a TREE. */
  tree?: boolean;
}

const word = z.string().min(1);
/** A column's own rules, or a whole column: kept as written (key order too), checked as a column below. */
const rules = z.custom<Partial<ColumnDef>>((v) => typeof v === "object" && v !== null && !Array.isArray(v));
const written = z.custom<ColumnDef>((v) => typeof v === "object" && v !== null && !Array.isArray(v));
/** The constructors of columns.ts a row may name, by what they take. */
const named = { title: make.title, money: make.money, count: make.count, flag: make.flag, link: make.link };
const ruled = { text: make.text, day: make.day, moment: make.moment };
const defaulted = { notes: make.notes, email: make.email, phone: make.phone, image: make.image, rating: make.rating };
const kinds = <T extends object>(makers: T) => z.enum(Object.keys(makers) as [keyof T & string]);

const columnRow = z.union([
  z.tuple([kinds(named), word, word]).transform(([kind, name, label]) => named[kind](name, label)),
  z
    .tuple([kinds(ruled), word, word, rules.optional()])
    .transform(([kind, name, label, r]) => ruled[kind](name, label, r)),
  z
    .tuple([z.literal("choice"), word, word, z.array(word).min(1), rules.optional()])
    .transform(([, name, label, values, r]) => make.choice(name, label, values, r)),
  z.tuple([kinds(defaulted)]).transform(([kind]) => defaulted[kind]()),
  z.tuple([kinds(defaulted), word, word]).transform(([kind, name, label]) => defaulted[kind](name, label)),
  written,
]);

/** The built column must be one the blueprint accepts; it is kept as built (no defaults filled in). */
const column = columnRow.superRefine((built, ctx) => {
  const checked = columnSchema.safeParse(built);
  if (!checked.success) for (const issue of checked.error.issues) ctx.addIssue({ ...issue, code: "custom" });
});

const entity = z.strictObject({
  table: word,
  words: z.array(word).min(1),
  label: word,
  icon: word.optional(),
  tree: z.literal(true).optional(),
  columns: z.array(column).min(1),
  parents: z.array(word).optional(),
});

export const ENTITIES: EntityKnowledge[] = z.array(entity).parse(knowledge);

/** Generic columns for a thing the knowledge does not know: a name, notes and a status. */
export function genericColumns(): ColumnDef[] {
  return [make.title("name", "Name"), make.choice("status", "Status", make.STATUS), make.notes()];
}
