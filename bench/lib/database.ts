import { createPool } from "@plinth/db";

/**
 * Points DATABASE_URL at the server a benchmark measures (the local test server unless
 * set) and names it for the results file, e.g. "PostgreSQL 15.20".
 */
export async function benchServer(applicationName: string): Promise<string> {
  process.env.DATABASE_URL ??= "postgres://postgres@127.0.0.1:5432/test";
  const admin = createPool(process.env.DATABASE_URL, { max: 1, applicationName });
  try {
    const { rows } = await admin.query<{ v: string }>("select split_part(version(), ' ', 2) as v");
    return `PostgreSQL ${rows[0]?.v ?? "?"}`;
  } finally {
    await admin.end();
  }
}
