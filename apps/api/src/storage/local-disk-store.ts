/**
 * The embedded default: files under the data folder, one file per object and its
 * content type beside it in a separate tree (so no object name can collide with it).
 * Keys are checked by the routes (object-path.ts) before they reach a store; the
 * containment check here is a second line against a path that climbs out.
 */
import { mkdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { dirname, join, resolve, sep } from "node:path";
import type { ObjectStore, StoredObject } from "./object-store.js";

export class LocalDiskStore implements ObjectStore {
  readonly description: string;
  readonly #root: string;

  constructor(root: string) {
    this.#root = resolve(root);
    this.description = `local disk at ${root}`;
  }

  async put(key: string, body: Buffer, contentType: string): Promise<void> {
    const [data, meta] = [this.#path("objects", key), this.#path("meta", `${key}.json`)];
    await Promise.all([mkdir(dirname(data), { recursive: true }), mkdir(dirname(meta), { recursive: true })]);
    // Written aside and renamed, so a reader never sees half a file.
    const temporary = `.${crypto.randomUUID()}.partial`;
    await writeFile(`${meta}${temporary}`, JSON.stringify({ contentType }));
    await writeFile(`${data}${temporary}`, body);
    await rename(`${meta}${temporary}`, meta);
    await rename(`${data}${temporary}`, data);
  }

  async get(key: string): Promise<StoredObject | null> {
    try {
      const [body, meta] = await Promise.all([
        readFile(this.#path("objects", key)),
        readFile(this.#path("meta", `${key}.json`), "utf8"),
      ]);
      return { body, contentType: String(JSON.parse(meta).contentType) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw error;
    }
  }

  async has(key: string): Promise<boolean> {
    try {
      return (await stat(this.#path("objects", key))).isFile();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return false;
      throw error;
    }
  }

  /** Objects are stored by folder, so a prefix is a folder here: "<app id>/" removes that app's files. */
  async removeAll(prefix: string): Promise<void> {
    if (!prefix.endsWith("/")) throw new Error(`storage prefix ${JSON.stringify(prefix)} must name a folder`);
    await Promise.all(
      (["objects", "meta"] as const).map((tree) =>
        rm(this.#path(tree, prefix.slice(0, -1)), { recursive: true, force: true }),
      ),
    );
  }

  #path(tree: "objects" | "meta", key: string): string {
    const base = join(this.#root, tree);
    const path = resolve(base, key);
    if (!path.startsWith(base + sep)) throw new Error(`storage key ${JSON.stringify(key)} leaves the storage folder`);
    return path;
  }
}
