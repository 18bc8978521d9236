/**
 * What work outside a request (the job worker, recovery, live updates, metrics readers)
 * needs of a logger: pino's calls, nothing of Fastify. The server passes its own logger;
 * a test can pass pino or any object with these methods.
 */
interface LogFn {
  (obj: object, msg?: string): void;
  (msg: string): void;
}

export interface Logger {
  info: LogFn;
  warn: LogFn;
  error: LogFn;
  child(bindings: Record<string, unknown>): Logger;
}
