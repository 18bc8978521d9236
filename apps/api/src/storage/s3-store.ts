/**
 * S3-compatible object storage (MinIO, AWS S3, Cloudflare R2, …) over plain HTTP with
 * SigV4-signed requests. Path-style addressing, which every S3-compatible server speaks.
 */
import { AwsClient } from "aws4fetch";
import type { ObjectStore, StoredObject } from "./object-store.js";

export interface S3Settings {
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
}

export class S3Store implements ObjectStore {
  readonly description: string;
  readonly #client: AwsClient;
  readonly #base: string;

  constructor(settings: S3Settings) {
    this.#client = new AwsClient({
      accessKeyId: settings.accessKeyId,
      secretAccessKey: settings.secretAccessKey,
      service: "s3",
      region: settings.region,
    });
    this.#base = `${settings.endpoint.replace(/\/+$/, "")}/${encodeURIComponent(settings.bucket)}`;
    this.description = `S3 bucket ${settings.bucket} at ${settings.endpoint}`;
  }

  async put(key: string, body: Buffer, contentType: string): Promise<void> {
    const response = await this.#client.fetch(this.#url(key), {
      method: "PUT",
      // A plain Uint8Array: fetch's DOM typing (the e2e build) does not take a Buffer.
      body: new Uint8Array(body),
      headers: { "content-type": contentType },
    });
    await this.#expectOk(response, "storing", key);
  }

  async get(key: string): Promise<StoredObject | null> {
    const response = await this.#client.fetch(this.#url(key), { method: "GET" });
    if (response.status === 404) {
      await response.body?.cancel();
      return null;
    }
    await this.#expectOk(response, "reading", key);
    return {
      body: Buffer.from(await response.arrayBuffer()),
      contentType: response.headers.get("content-type") ?? "application/octet-stream",
    };
  }

  async has(key: string): Promise<boolean> {
    const response = await this.#client.fetch(this.#url(key), { method: "HEAD" });
    if (response.status === 404) return false;
    await this.#expectOk(response, "checking", key);
    return true;
  }

  async removeAll(prefix: string): Promise<void> {
    // Listed a page (up to 1,000 keys) at a time; each removal shrinks what the next listing returns.
    for (;;) {
      const list = await this.#client.fetch(`${this.#base}?list-type=2&prefix=${encodeURIComponent(prefix)}`);
      await this.#expectOk(list, "listing", prefix);
      const keys = [...(await list.text()).matchAll(/<Key>([^<]*)<\/Key>/g)].map((match) =>
        unescapeXml(match[1] ?? ""),
      );
      if (keys.length === 0) return;
      for (const key of keys) {
        const response = await this.#client.fetch(this.#url(key), { method: "DELETE" });
        await this.#expectOk(response, "removing", key);
      }
    }
  }

  #url(key: string): string {
    return `${this.#base}/${key.split("/").map(encodeURIComponent).join("/")}`;
  }

  async #expectOk(response: Response, doing: string, key: string): Promise<void> {
    if (response.ok) return;
    const text = await response.text();
    throw new Error(`S3 storage answered ${response.status} ${doing} ${key}: ${text.slice(0, 300)}`);
  }
}

function unescapeXml(text: string): string {
  return text
    .replaceAll("&lt;", "<")
    .replaceAll("&gt;", ">")
    .replaceAll("&quot;", '"')
    .replaceAll("&apos;", "'")
    .replaceAll("&amp;", "&");
}
