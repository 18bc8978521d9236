/**
 * /storage/v1: the part of the Supabase Storage API that supabase-js's
 * `storage.from(bucket)` upload, update, download and createSignedUrl use. A bucket
 * is one of the app's tables and a path starts with one of its file columns
 * (object-path.ts). Access follows the row: uploading needs a role that may set that
 * column; downloading or signing needs a row the user can see that holds the path.
 * Refusals are 403 whether or not the file exists, so nobody learns what others stored.
 */
import { RequestContextError, schemaNameOrNull, withRequestContext } from "@plinth/provision";
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { errors as joseErrors } from "jose";
import { appUserContext } from "../auth/app-user-context.js";
import type { AppUserClaims, TokenService } from "../auth/tokens.js";
import { bearerToken } from "../http/bearer.js";
import type { ServerRegistry } from "../placements/registry.js";
import type { AppDirectory, DirectoryEntry } from "../rest/app-directory.js";
import type { RestLimiter } from "../rest/limits.js";
import { type FileLimits, mediaTypeOf, tooLarge, uploadProblem } from "./file-limits.js";
import { type FileRef, fileRefOf, storageKey } from "./object-path.js";
import type { ObjectStore } from "./object-store.js";
import { mayStoreFile, type Query, rowHoldsFile } from "./row-access.js";

/** Longest a signed URL may live: it outlives any later change to the row's access. */
export const MAX_SIGNED_URL_SECONDS = 24 * 3600;
/** Room for a multipart body's boundaries and fields around the file itself. */
const MULTIPART_ALLOWANCE = 64 * 1024;

export interface StorageDeps {
  /** A file's row is checked through the data API's pool on the server holding the app. */
  servers: ServerRegistry;
  tokens: TokenService;
  directory: AppDirectory;
  store: ObjectStore;
  limits: FileLimits;
  statementTimeoutMs: number;
  /** The data API's per-user and per-app budget: file requests hold connections too. */
  limiter: RestLimiter;
}

/** Supabase Storage's error shape, with Plinth's hint saying what to do. */
class StorageError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    message: string,
    readonly hint: string,
  ) {
    super(message);
  }
}

interface Target {
  entry: DirectoryEntry;
  ref: FileRef;
}

export async function storageRoutes(app: FastifyInstance, deps: StorageDeps): Promise<void> {
  await app.register(async (scope) => {
    // Files arrive as raw bytes or multipart form data (what supabase-js sends for a Blob); both are read whole.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser("*", { parseAs: "buffer" }, (_request, body, done) => done(null, body));
    scope.setErrorHandler((error: FastifyError, request, reply) => {
      if (error instanceof StorageError) return send(reply, error);
      if (error.statusCode === 413) {
        const problem = tooLarge(deps.limits);
        return send(reply, new StorageError(413, "EntityTooLarge", problem.message, problem.hint));
      }
      request.log.error({ err: error }, "storage request failed");
      return send(
        reply,
        new StorageError(
          500,
          "internal",
          "Storing or reading the file failed.",
          "Try again; if it keeps failing, tell the app's owner.",
        ),
      );
    });

    const upload =
      (upsertAllowed: (request: FastifyRequest) => boolean) => async (request: FastifyRequest, reply: FastifyReply) => {
        const { entry, claims } = await authenticate(request, deps);
        const { ref } = target(entry, request);
        const file = await fileOf(request);
        const problem = uploadProblem(deps.limits, ref.columnType, file.contentType, file.body.length);
        if (problem) {
          throw new StorageError(
            problem.status,
            problem.status === 413 ? "EntityTooLarge" : "invalid_mime_type",
            problem.message,
            problem.hint,
          );
        }
        const key = storageKey(entry.appId, ref);
        await asUser(deps, entry, claims, async (query) => {
          if (!(await mayStoreFile(query, entry.schema, ref))) {
            throw new StorageError(
              403,
              "Unauthorized",
              `Your role cannot set "${ref.column}" of "${ref.table}", so it cannot upload files for it.`,
              "Ask the app's owner for permission to add or edit these rows.",
            );
          }
          if (await deps.store.has(key)) {
            if (!upsertAllowed(request)) {
              throw new StorageError(
                409,
                "Duplicate",
                `A file is already stored at "${ref.table}/${ref.path}".`,
                "Upload under a new random folder, or replace the file with upsert: true (you need to see a row holding it).",
              );
            }
            // Replacing a file changes what every row holding it shows: only someone who can see such a row may.
            if (!(await rowHoldsFile(query, entry.schema, ref))) throw refused(ref);
          }
        });
        await deps.store.put(key, file.body, file.contentType);
        return reply.status(200).send({ Key: `${ref.table}/${ref.path}` });
      };

    // Larger than the server's default body limit, which is for JSON.
    const bodyLimit = deps.limits.maxBytes + MULTIPART_ALLOWANCE;
    scope.post(
      "/storage/v1/object/:bucket/*",
      { bodyLimit },
      upload((request) => request.headers["x-upsert"] === "true"),
    );
    scope.put(
      "/storage/v1/object/:bucket/*",
      { bodyLimit },
      upload(() => true),
    );

    const download = async (request: FastifyRequest, reply: FastifyReply) => {
      const { entry, claims } = await authenticate(request, deps);
      const { ref } = target(entry, request);
      await asUser(deps, entry, claims, async (query) => {
        if (!(await rowHoldsFile(query, entry.schema, ref))) throw refused(ref);
      });
      return sendFile(reply, deps, entry.appId, ref, request.query);
    };
    scope.get("/storage/v1/object/:bucket/*", download);
    scope.get("/storage/v1/object/authenticated/:bucket/*", download);

    scope.post("/storage/v1/object/sign/:bucket/*", async (request, reply) => {
      const { entry, claims } = await authenticate(request, deps);
      const { ref } = target(entry, request);
      const expiresIn = expiresInOf(request.body);
      await asUser(deps, entry, claims, async (query) => {
        if (!(await rowHoldsFile(query, entry.schema, ref))) throw refused(ref);
      });
      const url = `${ref.table}/${ref.path}`;
      const token = await deps.tokens.signFileUrl({ sub: claims.sub, app_id: entry.appId, url }, expiresIn);
      const encoded = url.split("/").map(encodeURIComponent).join("/");
      return reply.send({ signedURL: `/object/sign/${encoded}?token=${token}` });
    });

    scope.get("/storage/v1/object/sign/:bucket/*", async (request, reply) => {
      const query = request.query as Record<string, string | undefined>;
      const claims = await fileUrlClaims(deps.tokens, query.token);
      const { bucket, "*": path } = request.params as { bucket: string; "*": string };
      const entry = await appOf(deps, claims.app_id);
      if (!entry || claims.url !== `${bucket}/${path}`) {
        throw new StorageError(
          400,
          "InvalidSignature",
          "This signed URL is not for this file.",
          "Ask the app for a new link.",
        );
      }
      if (!entry.running) throw appStopped();
      const ref = fileRefOf(entry.blueprint, bucket, path);
      if (!("table" in ref)) throw new StorageError(400, "InvalidKey", ref.message, ref.hint);
      return sendFile(reply, deps, entry.appId, ref, query);
    });
  });
}

function send(reply: FastifyReply, error: StorageError): FastifyReply {
  return reply
    .status(error.status)
    .header("content-type", "application/json; charset=utf-8")
    .send({ statusCode: String(error.status), error: error.error, message: error.message, hint: error.hint });
}

function refused(ref: FileRef): StorageError {
  return new StorageError(
    403,
    "Unauthorized",
    `You cannot see a row of "${ref.table}" whose "${ref.column}" is this file.`,
    "A file is shared through its row: ask someone who can see that row, or the app's owner, for access.",
  );
}

function target(entry: DirectoryEntry, request: FastifyRequest): Target {
  const { bucket, "*": path } = request.params as { bucket: string; "*": string };
  const ref = fileRefOf(entry.blueprint, bucket, path);
  if (!("table" in ref)) throw new StorageError(400, "InvalidKey", ref.message, ref.hint);
  return { entry, ref };
}

/** The uploaded file: the body itself, or the first file of a multipart form. */
async function fileOf(request: FastifyRequest): Promise<{ body: Buffer; contentType: string }> {
  const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
  const contentType = request.headers["content-type"] ?? "";
  if (mediaTypeOf(contentType) !== "multipart/form-data") return { body, contentType: mediaTypeOf(contentType) };
  let form: FormData;
  try {
    form = await new Response(new Uint8Array(body), { headers: { "content-type": contentType } }).formData();
  } catch {
    throw new StorageError(
      400,
      "InvalidRequest",
      "The multipart form could not be read.",
      "Send the file as the request body, or as a well-formed multipart form.",
    );
  }
  let file: Blob | undefined;
  form.forEach((value) => {
    if (!file && typeof value !== "string") file = value;
  });
  if (!file) {
    throw new StorageError(400, "InvalidRequest", "The multipart form holds no file.", "Add the file to the form.");
  }
  return { body: Buffer.from(await file.arrayBuffer()), contentType: mediaTypeOf(file.type) };
}

function expiresInOf(body: unknown): number {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.isBuffer(body) ? body.toString("utf8") : "");
  } catch {
    parsed = undefined;
  }
  const expiresIn = (parsed as { expiresIn?: unknown } | undefined)?.expiresIn;
  if (
    typeof expiresIn !== "number" ||
    !Number.isInteger(expiresIn) ||
    expiresIn < 1 ||
    expiresIn > MAX_SIGNED_URL_SECONDS
  ) {
    throw new StorageError(
      400,
      "InvalidRequest",
      `expiresIn must be a whole number of seconds from 1 to ${MAX_SIGNED_URL_SECONDS}.`,
      `Send JSON such as {"expiresIn": 3600}; a link lives at most a day, then ask for a new one.`,
    );
  }
  return expiresIn;
}

async function sendFile(
  reply: FastifyReply,
  deps: StorageDeps,
  appId: string,
  ref: FileRef,
  query: unknown,
): Promise<FastifyReply> {
  const object = await deps.store.get(storageKey(appId, ref));
  if (!object) {
    throw new StorageError(
      404,
      "not_found",
      `No file is stored at "${ref.table}/${ref.path}".`,
      "Upload the file again and save its row.",
    );
  }
  const download = (query as Record<string, string | undefined>).download;
  const name = download || ref.path.split("/").pop() || "file";
  return reply
    .status(200)
    .headers({
      "content-type": object.contentType,
      "cache-control": "private, max-age=300",
      // Served from the API's own origin: never let a browser run or reinterpret what a user uploaded.
      "x-content-type-options": "nosniff",
      "content-security-policy": "default-src 'none'; sandbox",
      ...(download !== undefined && {
        "content-disposition": `attachment; filename*=UTF-8''${encodeURIComponent(name)}`,
      }),
    })
    .send(object.body);
}

async function asUser(
  deps: StorageDeps,
  entry: DirectoryEntry,
  claims: AppUserClaims,
  check: (query: Query) => Promise<void>,
): Promise<void> {
  const admission = await deps.limiter.admit(entry.appId, claims.sub);
  if ("refused" in admission) {
    throw new StorageError(
      429,
      "too_many_requests",
      "Too many requests to this app right now.",
      `Wait ${admission.refused.retryAfterSeconds} seconds, then try again.`,
    );
  }
  try {
    await withRequestContext(
      await deps.servers.rest(entry.server),
      appUserContext(entry.appId, claims, { readOnly: true, statementTimeoutMs: deps.statementTimeoutMs }),
      (client) => check(async (text, values) => (await client.query(text, values)).rows),
    );
  } catch (error) {
    if (error instanceof RequestContextError) {
      throw new StorageError(
        403,
        "Unauthorized",
        "Your role cannot act in this app any more.",
        "Sign in to the app again; its owner may have changed your role.",
      );
    }
    if ((error as { code?: unknown }).code === "42501") throw appStopped();
    throw error;
  } finally {
    admission.release();
  }
}

function appStopped(): StorageError {
  return new StorageError(
    503,
    "app_stopped",
    "This app is stopped, so its files cannot be read or changed.",
    "Ask the app's owner to start it again.",
  );
}

async function appOf(deps: StorageDeps, appId: string): Promise<DirectoryEntry | null> {
  const schema = schemaNameOrNull(appId);
  return schema ? deps.directory.bySchema(schema) : null;
}

/** The app user behind the bearer token, still a member with the same role and teams, of a running app. */
async function authenticate(
  request: FastifyRequest,
  deps: StorageDeps,
): Promise<{ entry: DirectoryEntry; claims: AppUserClaims }> {
  const bearer = bearerToken(request.headers.authorization);
  if (!bearer) {
    throw new StorageError(
      401,
      "InvalidJWT",
      "Files need a signed-in app user.",
      "Sign in to the app and send its token as Authorization: Bearer <token>, or use a signed URL.",
    );
  }
  let claims: AppUserClaims;
  try {
    claims = await deps.tokens.verifyAppUser(bearer);
  } catch (error) {
    const expired = error instanceof joseErrors.JWTExpired;
    throw new StorageError(
      401,
      "InvalidJWT",
      expired ? "Your sign-in has expired." : "The token could not be verified.",
      expired ? "Sign in again to get a fresh token." : "Send a token issued by this Plinth server for this app.",
    );
  }
  const entry = await appOf(deps, claims.app_id);
  if (!entry)
    throw new StorageError(
      401,
      "InvalidJWT",
      "The token is not for an app on this server.",
      "Sign in to the app again.",
    );
  if (!entry.running) throw appStopped();
  if (!(await deps.directory.holdsCurrentAccess(entry, claims))) {
    throw new StorageError(
      401,
      "InvalidJWT",
      "Your access to this app has changed since you signed in.",
      "Sign in to the app again.",
    );
  }
  return { entry, claims };
}

async function fileUrlClaims(tokens: TokenService, token: string | undefined) {
  try {
    return await tokens.verifyFileUrl(token ?? "");
  } catch (error) {
    const expired = error instanceof joseErrors.JWTExpired;
    throw new StorageError(
      400,
      "InvalidJWT",
      expired ? "This signed URL has expired." : "This signed URL is not valid.",
      expired ? "Ask the app for a new link to the file." : "Use the link exactly as the app gave it.",
    );
  }
}
