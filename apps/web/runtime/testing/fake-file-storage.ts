/**
 * File storage for tests: records uploads and answers signed URLs with a recognisable
 * address, refusing paths a test marks as hidden from the user (as the API's 403 does).
 */
import type { FileStorage } from "../data/file-storage";

export interface FakeFileStorage extends FileStorage {
  uploads: { table: string; column: string; name: string; path: string }[];
  /** Paths whose signed URL is refused. */
  hidden: Set<string>;
}

export function createFakeFileStorage(): FakeFileStorage {
  const uploads: FakeFileStorage["uploads"] = [];
  const hidden = new Set<string>();
  return {
    uploads,
    hidden,
    async upload(table, column, file, onProgress) {
      onProgress(0.5);
      const path = `${column}/uploaded-${uploads.length + 1}/${file.name}`;
      uploads.push({ table, column, name: file.name, path });
      onProgress(1);
      return path;
    },
    async signedUrl(table, path) {
      if (hidden.has(path)) throw new Error(`You cannot see a row of "${table}" holding this file.`);
      return `https://files.test/${table}/${path}?token=signed`;
    },
  };
}
