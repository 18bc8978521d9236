import type { BlueprintV2 } from "@plinth/blueprint";

export type Blueprint = BlueprintV2;
export type Table = Blueprint["data"]["tables"][number];
export type Column = Table["columns"][number];
/** Applies one change to a copy of the draft. */
export type Edit = (change: (draft: Blueprint) => void) => void;

/** The column types a founder picks from, in their words. */
export const TYPE_LABELS: Record<string, string> = {
  text: "Text",
  int: "Whole number",
  float: "Decimal number",
  bool: "Yes / no",
  date: "Date",
  timestamptz: "Date and time",
  user: "Person",
  uuid: "Link",
  file: "File",
  image: "Image",
  jsonb: "Data",
};

export const label = (t: { name: string; label?: string | undefined }) => t.label ?? t.name.replaceAll("_", " ");
