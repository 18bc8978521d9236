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
import {
  type ColumnDef,
  choice,
  count,
  day,
  email,
  flag,
  image,
  link,
  moment,
  money,
  notes,
  phone,
  rating,
  STATUS,
  text,
  title,
} from "./columns.js";
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
const columnRow = z.union([
  z.tuple([z.enum(["title", "money", "count", "flag", "link"]), word, word]),
  z.tuple([z.enum(["text", "day", "moment"]), word, word, rules.optional()]),
  z.tuple([z.literal("choice"), word, word, z.array(word).min(1), rules.optional()]),
  z.tuple([z.enum(["notes", "email", "phone", "image", "rating"])]),
  z.tuple([z.enum(["notes", "email", "phone", "image", "rating"]), word, word]),
  written,
]);

function columnOf(row: z.infer<typeof columnRow>): ColumnDef {
  if (!Array.isArray(row)) return row;
  switch (row[0]) {
    case "title":
      return title(row[1], row[2]);
    case "money":
      return money(row[1], row[2]);
    case "count":
      return count(row[1], row[2]);
    case "flag":
      return flag(row[1], row[2]);
    case "link":
      return link(row[1], row[2]);
    case "text":
      return text(row[1], row[2], row[3]);
    case "day":
      return day(row[1], row[2], row[3]);
    case "moment":
      return moment(row[1], row[2], row[3]);
    case "choice":
      return choice(row[1], row[2], row[3], row[4]);
    case "notes":
      return notes(row[1], row[2]);
    case "email":
      return email(row[1], row[2]);
    case "phone":
      return phone(row[1], row[2]);
    case "image":
      return image(row[1], row[2]);
    case "rating":
      return rating(row[1], row[2]);
  }
}

/** The built column must be one the blueprint accepts; it is kept as built (no defaults filled in). */
const column = columnRow.transform(columnOf).superRefine((built, ctx) => {
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
  return [title("name", "Name"), choice("status", "Status", STATUS), notes()];
}
