/**
 * Which files may be uploaded: a size cap and a list of content types. Image columns
 * take only the image types of that list. SVG is not an image type here: it can carry
 * script, and these files are served from the API's own origin.
 */
import type { FileColumnType } from "./object-path.js";

export const IMAGE_TYPES = ["image/png", "image/jpeg", "image/gif", "image/webp", "image/avif"];
export const DOCUMENT_TYPES = [
  "application/pdf",
  "text/plain",
  "text/csv",
  "application/msword",
  "application/vnd.ms-excel",
  "application/vnd.ms-powerpoint",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  "application/vnd.openxmlformats-officedocument.presentationml.presentation",
  "application/vnd.oasis.opendocument.text",
  "application/vnd.oasis.opendocument.spreadsheet",
  "application/vnd.oasis.opendocument.presentation",
];
export const DEFAULT_FILE_TYPES = [...IMAGE_TYPES, ...DOCUMENT_TYPES];
export const DEFAULT_MAX_FILE_BYTES = 10 * 1024 * 1024;

export interface FileLimits {
  maxBytes: number;
  /** Content types any file column accepts; image columns take the image/* ones among them. */
  types: readonly string[];
}

export interface LimitProblem {
  status: 413 | 415;
  message: string;
  hint: string;
}

/** "10 MB", "2.01 MB", "512 KB", "300 bytes". */
export function describeSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Number((bytes / (1024 * 1024)).toFixed(2))} MB`;
  if (bytes >= 1024) return `${Number((bytes / 1024).toFixed(2))} KB`;
  return `${bytes} bytes`;
}

/** The content type without parameters, lower-case: "Image/PNG; x=y" → "image/png". */
export function mediaTypeOf(contentType: string | undefined): string {
  return (contentType ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
}

export function acceptedTypes(limits: FileLimits, columnType: FileColumnType): string[] {
  return columnType === "image" ? limits.types.filter((t) => t.startsWith("image/")) : [...limits.types];
}

export function uploadProblem(
  limits: FileLimits,
  columnType: FileColumnType,
  contentType: string,
  size: number,
): LimitProblem | null {
  if (size > limits.maxBytes) return tooLarge(limits, size);
  const accepted = acceptedTypes(limits, columnType);
  const type = mediaTypeOf(contentType);
  if (!accepted.includes(type)) {
    return {
      status: 415,
      message: `${type ? `"${type}" files` : "Files without a content type"} cannot be uploaded to ${columnType === "image" ? "an image" : "a file"} column.`,
      hint: `Upload one of: ${accepted.join(", ")}${type ? "" : " — and send its Content-Type"}.`,
    };
  }
  return null;
}

export function tooLarge(limits: FileLimits, size?: number): LimitProblem {
  return {
    status: 413,
    message: `The file is ${size === undefined ? "larger than" : `${describeSize(size)}, over`} the ${describeSize(limits.maxBytes)} this server accepts.`,
    hint: "Upload a smaller file, e.g. a compressed image or a PDF of fewer pages.",
  };
}
