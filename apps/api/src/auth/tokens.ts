/**
 * Every token Plinth issues: HS256 JWTs signed by the API. Founder sessions carry
 * aud "plinth"; end-user tokens for an app carry aud "authenticated" (what
 * supabase-js and PostgREST expect) plus the app's database role and claims.
 */
import { createSecretKey, type KeyObject } from "node:crypto";
import { type JWTPayload, jwtVerify, SignJWT } from "jose";
import { LRUCache } from "lru-cache";

export const FOUNDER_AUDIENCE = "plinth";
export const APP_AUDIENCE = "authenticated";
export const ISSUER = "plinth";
/** Signed file URLs: a capability for one stored file, not a session. */
export const FILE_URL_AUDIENCE = "plinth-file";

export interface FounderClaims {
  sub: string;
  email: string;
  /** The founder's session version when the token was issued; signing out moves it on, ending the token. */
  sv: number;
}

export interface TokenServiceOptions {
  /** The founder's current session version, or undefined when the account is gone. */
  founderSessionVersion?: (userId: string) => Promise<number | undefined>;
}

/** A token without an expiry would be valid forever, so every token must carry one. */
const REQUIRED_CLAIMS = ["exp", "sub"];

/**
 * An app user's verified claims are kept this long (never past the token's expiry): a
 * member's client sends the same token with every request, and checking its signature
 * each time was a measurable share of a data-API request. Access changes are still
 * seen at once: the token's role and teams are checked against the member's own on
 * every request (AppDirectory.holdsCurrentAccess).
 */
const VERIFIED_TTL_MS = 30_000;
const VERIFIED_TOKENS = 10_000;

export interface AppUserClaims {
  sub: string;
  email: string;
  /** The database role the request switches to, e.g. app_1a2b3c_sales_rep. */
  role: string;
  app_id: string;
  app_role: string;
  team_ids: string[];
  /** The account's session version when the token was issued: a password reset or sign-out ends the token. */
  sv: number;
}

/** What a signed file URL grants: reading `url` ("<bucket>/<path>") of one app until it expires. */
export interface FileUrlClaims {
  sub: string;
  app_id: string;
  url: string;
}

export class TokenService {
  /** Imported once: jose would otherwise re-import a raw secret on every verification (the data API's hot path). */
  readonly #key: KeyObject;
  readonly #founderSessionVersion: TokenServiceOptions["founderSessionVersion"];
  /** Only tokens that passed verification are kept, keyed by the whole token. */
  readonly #verifiedAppUsers = new LRUCache<string, AppUserClaims>({ max: VERIFIED_TOKENS, ttl: VERIFIED_TTL_MS });

  constructor(secret: string, options: TokenServiceOptions = {}) {
    this.#key = createSecretKey(Buffer.from(secret, "utf8"));
    this.#founderSessionVersion = options.founderSessionVersion;
  }

  signFounder(claims: FounderClaims, ttlSeconds = 7 * 24 * 3600): Promise<string> {
    return this.#sign({ ...claims }, FOUNDER_AUDIENCE, ttlSeconds);
  }

  signAppUser(claims: AppUserClaims, ttlSeconds = 12 * 3600): Promise<string> {
    return this.#sign({ ...claims }, APP_AUDIENCE, ttlSeconds);
  }

  signFileUrl(claims: FileUrlClaims, ttlSeconds: number): Promise<string> {
    return this.#sign({ ...claims }, FILE_URL_AUDIENCE, ttlSeconds);
  }

  async verifyFileUrl(token: string): Promise<FileUrlClaims> {
    const payload = await this.#verify(token, FILE_URL_AUDIENCE);
    return { sub: String(payload.sub), app_id: String(payload.app_id), url: String(payload.url) };
  }

  /** Verifies signature, expiry, audience and issuer, and that the founder has not signed out since. */
  async verifyFounder(token: string): Promise<FounderClaims> {
    const payload = await this.#verify(token, FOUNDER_AUDIENCE);
    const claims = { sub: String(payload.sub), email: String(payload.email), sv: Number(payload.sv) };
    if (this.#founderSessionVersion) {
      const current = await this.#founderSessionVersion(claims.sub);
      if (current === undefined || current !== claims.sv) throw new Error("the session has been signed out");
    }
    return claims;
  }

  /** Verifies signature, expiry, audience and issuer; the caller checks app_id. */
  async verifyAppUser(token: string): Promise<AppUserClaims> {
    const known = this.#verifiedAppUsers.get(token);
    if (known) return known;
    const { claims, expiresAt } = await this.#verifyAppUser(token);
    const untilExpiry = expiresAt - Date.now();
    this.#verifiedAppUsers.set(token, claims, { ttl: Math.max(1, Math.min(VERIFIED_TTL_MS, untilExpiry)) });
    return claims;
  }

  /** The payload of a token signed with our key for `audience`, from us, unexpired; throws otherwise. */
  async #verify(token: string, audience: string): Promise<JWTPayload> {
    const { payload } = await jwtVerify(token, this.#key, {
      audience,
      issuer: ISSUER,
      algorithms: ["HS256"],
      requiredClaims: REQUIRED_CLAIMS,
    });
    return payload;
  }

  async #verifyAppUser(token: string): Promise<{ claims: AppUserClaims; expiresAt: number }> {
    const payload = await this.#verify(token, APP_AUDIENCE);
    const claims: AppUserClaims = {
      sub: String(payload.sub),
      email: String(payload.email),
      role: String(payload.role),
      app_id: String(payload.app_id),
      app_role: String(payload.app_role),
      team_ids: Array.isArray(payload.team_ids) ? payload.team_ids.map(String) : [],
      sv: Number(payload.sv ?? 0),
    };
    Object.freeze(claims.team_ids);
    // Shared by every request that presents the token: nobody may change it.
    return { claims: Object.freeze(claims), expiresAt: Number(payload.exp) * 1000 };
  }

  #sign(payload: Record<string, unknown>, audience: string, ttlSeconds: number): Promise<string> {
    return new SignJWT(payload)
      .setProtectedHeader({ alg: "HS256", typ: "JWT" })
      .setSubject(String(payload.sub))
      .setAudience(audience)
      .setIssuer(ISSUER)
      .setIssuedAt()
      .setExpirationTime(Math.floor(Date.now() / 1000) + ttlSeconds)
      .sign(this.#key);
  }
}
