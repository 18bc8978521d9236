/** The store files go to: S3-compatible storage when configured, else the data folder. */
import { join } from "node:path";
import type { Config } from "../config.js";
import { LocalDiskStore } from "./local-disk-store.js";
import type { ObjectStore } from "./object-store.js";
import { S3Store } from "./s3-store.js";

export function objectStoreFor(config: Config): ObjectStore {
  const { PLINTH_S3_ENDPOINT: endpoint, PLINTH_S3_BUCKET: bucket } = config;
  const { PLINTH_S3_ACCESS_KEY_ID: accessKeyId, PLINTH_S3_SECRET_ACCESS_KEY: secretAccessKey } = config;
  // loadConfig has already refused an endpoint without a bucket and keys.
  if (endpoint && bucket && accessKeyId && secretAccessKey) {
    return new S3Store({ endpoint, bucket, region: config.PLINTH_S3_REGION, accessKeyId, secretAccessKey });
  }
  return new LocalDiskStore(join(config.PLINTH_DATA_DIR, "storage"));
}
