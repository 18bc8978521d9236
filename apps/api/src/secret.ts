import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * The JWT secret of a local install: generated once and kept in the data folder, so
 * sessions survive restarts without the newcomer configuring anything.
 */
export function loadOrCreateSecret(dataDir: string): string {
  const file = join(dataDir, "jwt-secret");
  try {
    return readFileSync(file, "utf8").trim();
  } catch {
    mkdirSync(dataDir, { recursive: true });
    const secret = randomBytes(48).toString("base64url");
    writeFileSync(file, `${secret}\n`, { mode: 0o600 });
    return secret;
  }
}

/** Secrets published in examples and old compose files: anyone who has read them could mint tokens. */
const KNOWN_PLACEHOLDERS = [
  /change[-_ ]?me/i,
  /replace[-_ ]?me/i,
  /placeholder/i,
  /your[-_ ]?(jwt[-_ ]?)?secret/i,
  /^super-secret-jwt-token-with-at-least-32-characters-long$/,
];

export const MIN_SECRET_LENGTH = 32;

/** Why a configured JWT secret cannot be used, or undefined when it can. */
export function jwtSecretProblem(secret: string): string | undefined {
  if (KNOWN_PLACEHOLDERS.some((placeholder) => placeholder.test(secret))) {
    return "PLINTH_JWT_SECRET is a published placeholder; set a random one (e.g. `openssl rand -base64 48`) or unset it to have Plinth generate one";
  }
  if (secret.length < MIN_SECRET_LENGTH) {
    return `PLINTH_JWT_SECRET must be at least ${MIN_SECRET_LENGTH} characters; set a random one (e.g. \`openssl rand -base64 48\`)`;
  }
  return undefined;
}
