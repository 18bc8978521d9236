/**
 * What a Supabase Storage path means in Plinth: the bucket is one of the app's tables
 * and the first folder one of its file or image columns, e.g. bucket "deals", path
 * "attachment/6f1c…/quote.pdf". That path is what the row's column holds, so the file
 * is reachable exactly when a row holding it is. The second part is a random UUID:
 * the data API lets a user write any path into a row they may edit, so a path must be
 * unguessable, known only to those who could already see a row holding it.
 */
import { type BlueprintV2, FILE_COLUMN_TYPES, isUuid } from "@plinth/blueprint";

export type FileColumnType = (typeof FILE_COLUMN_TYPES)[number];

export interface FileRef {
  table: string;
  column: string;
  columnType: FileColumnType;
  /** The path inside the bucket, as the row stores it. */
  path: string;
}

export interface PathProblem {
  message: string;
  hint: string;
}

/** A folder or file name: no "..", no hidden files, nothing a shell or a URL would misread. */
const SEGMENT = /^[A-Za-z0-9_-][A-Za-z0-9 ._-]{0,127}$/;
const MAX_PATH = 512;
const MAX_DEPTH = 8;

export function fileRefOf(blueprint: BlueprintV2, bucket: string, path: string): FileRef | PathProblem {
  const table = blueprint.data.tables.find((t) => t.name === bucket);
  if (!table) {
    return {
      message: `This app has no table "${bucket}", so there is no such bucket.`,
      hint: 'Use a table\'s name as the bucket, e.g. storage.from("<table>").',
    };
  }
  const fileColumns = table.columns.filter((c) => (FILE_COLUMN_TYPES as readonly string[]).includes(c.type));
  const segments = path.split("/");
  const column = fileColumns.find((c) => c.name === segments[0]);
  if (!column) {
    return {
      message: `"${segments[0]}" is not a file or image column of table "${bucket}".`,
      hint: fileColumns.length
        ? `Start the path with the column the file belongs to: ${fileColumns.map((c) => `"${c.name}/…"`).join(", ")}.`
        : `Table "${bucket}" has no file or image column; add one to the blueprint first.`,
    };
  }
  if (!isUuid(segments[1] ?? "")) {
    return {
      message: `"${path}" does not put the file in a random folder.`,
      hint: `Use "${column.name}/<a random UUID>/<file name>", e.g. "${column.name}/${crypto.randomUUID()}/photo.png": the path is how the file is reached, so it must not be guessable.`,
    };
  }
  const name = segments.slice(2);
  if (
    name.length === 0 ||
    segments.length > MAX_DEPTH ||
    path.length > MAX_PATH ||
    !name.every((segment) => SEGMENT.test(segment) && !segment.includes(".."))
  ) {
    return {
      message: `"${path}" is not a usable file path.`,
      hint: `After "${column.name}/<UUID>/", use up to ${MAX_DEPTH - 2} folder and file names of letters, digits, spaces, ".", "_" and "-" (no ".."), ${MAX_PATH} characters in all.`,
    };
  }
  return { table: table.name, column: column.name, columnType: column.type as FileColumnType, path };
}

/** Where a store keeps an app's files: apps never share a key space. */
export function appPrefix(appId: string): string {
  return `${appId}/`;
}

export function storageKey(appId: string, ref: FileRef): string {
  return `${appPrefix(appId)}${ref.table}/${ref.path}`;
}
