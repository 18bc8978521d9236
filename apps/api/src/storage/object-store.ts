/**
 * Where uploaded files are kept. The storage routes decide who may touch a file; a
 * store only keeps bytes under a key, so the local-disk default and S3-compatible
 * object storage are interchangeable.
 */
export interface StoredObject {
  body: Buffer;
  contentType: string;
}

export interface ObjectStore {
  /** Said in logs, e.g. "local disk at .plinth-data/storage" or "S3 bucket plinth at http://minio:9000". */
  readonly description: string;
  /** Stores `body` under `key`, replacing whatever was there. */
  put(key: string, body: Buffer, contentType: string): Promise<void>;
  /** The object, or null when nothing is stored under `key`. */
  get(key: string): Promise<StoredObject | null>;
  has(key: string): Promise<boolean>;
  /** Removes every object whose key starts with `prefix` (e.g. "<app id>/"). */
  removeAll(prefix: string): Promise<void>;
}
