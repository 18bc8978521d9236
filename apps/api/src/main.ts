import pino from "pino";
import { loadConfig } from "./config.js";
import { startPlinth } from "./plinth.js";

try {
  const plinth = await startPlinth(loadConfig());
  plinth.server.log.info(`Plinth API listening on ${plinth.url} (OpenAPI at ${plinth.url}/api/docs)`);
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      plinth.server.log.info(`${signal}: shutting down`);
      void plinth.close().then(() => process.exit(0));
    });
  }
} catch (error) {
  // No server, hence no server logger: the same pino format, written synchronously before exiting.
  pino().fatal({ err: error }, `Plinth API could not start: ${(error as Error).message}`);
  process.exit(1);
}
