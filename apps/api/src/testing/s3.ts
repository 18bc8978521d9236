/** An S3-protocol server (s3rver) on 127.0.0.1 with Plinth's bucket, for this test file. */
import { madeForFile } from "@plinth/db/testing";
import S3rver from "s3rver";

const BUCKET = "plinth-files";

/** Started in beforeAll with its files under `directory()`, closed in afterAll. */
export const s3ForFile = (directory: () => string): { endpoint: string } =>
  madeForFile(
    "the S3 server",
    async () => {
      const s3rver = new S3rver({
        address: "127.0.0.1",
        port: 0,
        silent: true,
        directory: directory(),
        configureBuckets: [{ name: BUCKET, configs: [] }],
      });
      const { port } = await s3rver.run();
      return { endpoint: `http://127.0.0.1:${port}`, s3rver };
    },
    ({ s3rver }) => s3rver.close(),
  );
