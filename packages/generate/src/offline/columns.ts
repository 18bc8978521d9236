/** Column constructors shared by the domain knowledge and field inference. */
import type { BlueprintV2Input } from "@plinth/blueprint";

export type ColumnDef = BlueprintV2Input["data"]["tables"][number]["columns"][number];

export const text = (name: string, label: string, extra: Partial<ColumnDef> = {}): ColumnDef => ({
  name,
  label,
  type: "text",
  ...extra,
});
export const title = (name: string, label: string): ColumnDef => text(name, label, { required: true, maxLength: 200 });
export const choice = (name: string, label: string, values: string[], extra: Partial<ColumnDef> = {}): ColumnDef =>
  text(name, label, { enum: values, default: values[0], required: true, ...extra });
export const money = (name: string, label: string): ColumnDef => ({
  name,
  label,
  type: "float",
  format: "currency",
  min: 0,
  default: 0,
});
export const count = (name: string, label: string): ColumnDef => ({ name, label, type: "int", min: 0 });
export const day = (name: string, label: string, extra: Partial<ColumnDef> = {}): ColumnDef => ({
  name,
  label,
  type: "date",
  ...extra,
});
export const moment = (name: string, label: string, extra: Partial<ColumnDef> = {}): ColumnDef => ({
  name,
  label,
  type: "timestamptz",
  ...extra,
});
export const flag = (name: string, label: string): ColumnDef => ({ name, label, type: "bool", default: false });
export const notes = (name = "notes", label = "Notes"): ColumnDef => text(name, label, { format: "markdown" });
export const email = (name = "email", label = "Email"): ColumnDef => text(name, label, { format: "email" });
export const phone = (name = "phone", label = "Phone"): ColumnDef => text(name, label, { format: "phone" });
export const link = (name: string, label: string): ColumnDef => text(name, label, { format: "url" });
export const image = (name = "photo_url", label = "Photo"): ColumnDef => text(name, label, { format: "image_url" });
export const rating = (name = "rating", label = "Rating"): ColumnDef => ({ name, label, type: "int", min: 1, max: 5 });

export const STATUS = ["open", "in_progress", "done"];
export const PRIORITY = ["low", "medium", "high", "urgent"];
