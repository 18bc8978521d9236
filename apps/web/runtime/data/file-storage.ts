/**
 * Files of file and image columns, kept by the API's /storage/v1 (Supabase Storage's
 * protocol): the bucket is the table, the path starts with the column, and the row
 * stores the path. Uploads go through XMLHttpRequest, the one browser API that reports
 * upload progress; signed URLs come from supabase-js's storage client, loaded when the
 * first file is shown.
 */
import type { StorageClient } from "@supabase/storage-js";
import { storageClient, type Token } from "./app-client";
import type { RunningInfo } from "./runtime-api";

export interface FileStorage {
  /** Uploads `file` for `table`.`column`, reporting progress from 0 to 1; resolves to the path to store in the row. */
  upload(table: string, column: string, file: File, onProgress: (fraction: number) => void): Promise<string>;
  /** A URL that shows or downloads the file for a while, if the user can see a row holding it. */
  signedUrl(table: string, path: string): Promise<string>;
}

/** How long a signed URL lasts; the runtime asks again before then. */
export const SIGNED_URL_SECONDS = 3600;

/** A new, unguessable path for an upload, keeping a readable, storage-safe file name. */
export function newStoragePath(column: string, fileName: string): string {
  const safe =
    fileName
      .normalize("NFKD")
      .replace(/[^A-Za-z0-9 ._-]/g, "-")
      .replace(/\.{2,}/g, ".")
      .slice(-100)
      .replace(/^[ .]+/, "") || "file";
  return `${column}/${crypto.randomUUID()}/${safe}`;
}

export function createFileStorage(
  info: RunningInfo,
  token: Token,
  origin: string = window.location.origin,
): FileStorage {
  const base = (info.data_api.url ?? origin).replace(/\/+$/, "");
  let storage: Promise<StorageClient> | undefined;
  return {
    upload(table, column, file, onProgress) {
      const path = newStoragePath(column, file.name);
      return new Promise((resolve, reject) => {
        const request = new XMLHttpRequest();
        request.open("POST", `${base}/storage/v1/object/${encodeURIComponent(table)}/${encodePath(path)}`);
        request.setRequestHeader("authorization", `Bearer ${token() ?? ""}`);
        request.setRequestHeader("apikey", info.data_api.anon_key);
        request.setRequestHeader("content-type", file.type || "application/octet-stream");
        request.upload.onprogress = (event) => event.lengthComputable && onProgress(event.loaded / event.total);
        request.onload = () =>
          request.status === 200 ? resolve(path) : reject(new Error(refusalMessage(request.responseText)));
        request.onerror = () =>
          reject(new Error("The upload did not reach the server. Check the connection and try again."));
        request.send(file);
      });
    },
    async signedUrl(table, path) {
      storage ??= storageClient(info, token, origin);
      const { data, error } = await (await storage).from(table).createSignedUrl(path, SIGNED_URL_SECONDS);
      if (error || !data) throw error ?? new Error("No signed URL came back.");
      return data.signedUrl;
    },
  };
}

const encodePath = (path: string) => path.split("/").map(encodeURIComponent).join("/");

/** The server's message and what to do about it, or a generic one when the answer is not Plinth's. */
function refusalMessage(body: string): string {
  try {
    const { message, hint } = JSON.parse(body) as { message?: string; hint?: string };
    if (message) return hint ? `${message} ${hint}` : message;
  } catch {
    // not JSON: fall through
  }
  return "The upload failed. Try again.";
}
