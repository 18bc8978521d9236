/** Values a column's rules accept, for seeding test rows. */
import { randomUUID } from "node:crypto";
import type { Column } from "../schema.js";

/** A valid value for a column that breaks none of its rules; a fresh one each call, so unique columns stay unique. */
export function valueFor(column: Column): unknown {
  if (column.enum) return column.type === "int" ? Number(column.enum[0]) : column.enum[0];
  const tag = randomUUID().slice(0, 8);
  switch (column.type) {
    case "uuid":
    case "user":
      return randomUUID();
    case "text": {
      const text =
        column.format === "email"
          ? `${tag}@example.com`
          : column.format === "url" || column.format === "image_url"
            ? `https://example.com/${tag}`
            : column.format === "color"
              ? "#123456"
              : `v-${tag}`;
      return column.maxLength ? text.slice(0, column.maxLength) : text;
    }
    case "int":
      return Math.max(Number(column.min ?? 1), Math.min(Number(column.max ?? 1), 1));
    case "float":
      return Math.max(Number(column.min ?? 1.5), Math.min(Number(column.max ?? 1.5), 1.5));
    case "bool":
      return true;
    case "date":
      return typeof column.min === "string" ? column.min : "2024-05-01";
    case "timestamptz":
      return typeof column.min === "string" ? column.min : "2024-05-01T10:00:00.000Z";
    case "jsonb":
      return { note: "test" };
  }
}
