/**
 * /api/runtime/:slug/imports: a member's import into one table as one transaction. The
 * browser validates and sends the rows in chunks (each within the body limit), then
 * commits: every row is written in one transaction as the member's app role with their
 * claims — exactly as the data API runs — so grants and row-level security decide.
 * "all" writes every row or none; "valid" writes the rows the database accepts.
 */

import {
  ApiError,
  IMPORT_CHUNK_ROWS,
  importChunk,
  importOpened,
  importReceived,
  importResult,
  newImport,
  runtimeParams,
} from "@plinth/contract";
import { RequestContextError, withRequestContext } from "@plinth/provision";
import { handleRequest, type PlanOptions } from "@plinth/rest";
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import type { Pool } from "pg";
import { z } from "zod";
import { appUserContext } from "../auth/app-user-context.js";
import type { TokenService } from "../auth/tokens.js";
import { errorResponses, noContent } from "../http/responses.js";
import type { ServerRegistry } from "../placements/registry.js";
import type { AppDirectory } from "../rest/app-directory.js";
import { memberHandleContext } from "../rest/member-context.js";
import { type AppMember, appMemberOf } from "../runtime/app-member.js";
import { type ImportOwner, ImportRefused, type ImportRow, ImportSessions } from "./sessions.js";
import { type ImportOutcome, type RowRefusal, writeImport } from "./write.js";

class RollBackImport extends Error {
  constructor(readonly outcome: ImportOutcome) {
    super("import refused");
  }
}

export async function importRoutes(
  app: FastifyInstance,
  deps: {
    pool: Pool;
    /** Imports write through the data API's pool on the server holding the app. */
    servers: ServerRegistry;
    tokens: TokenService;
    directory: AppDirectory;
    statementTimeoutMs: number;
    /** The data API's own plan options: an import's inserts are planned exactly as its writes. */
    planOptions: Omit<PlanOptions, "estimatesAllowed">;
    sessions?: ImportSessions;
  },
): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const sessions = deps.sessions ?? new ImportSessions();
  const importParams = runtimeParams.extend({ id: z.string().uuid("not an import id") });
  const ownerOf = ({ entry, claims }: AppMember): ImportOwner => ({ appId: entry.appId, userId: claims.sub });
  const refusing = async <T>(work: () => T | Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      if (error instanceof ImportRefused) throw new ApiError(error.status, error.code, error.message);
      throw error;
    }
  };

  api.post(
    "/api/runtime/:slug/imports",
    {
      schema: {
        tags: ["runtime"],
        params: runtimeParams,
        body: newImport,
        response: { 201: importOpened, ...errorResponses(400, 401, 403, 404, 413, 415, 429, 500) },
      },
    },
    async (request, reply) => {
      const member = await appMemberOf(request, deps, request.params.slug);
      const { table, mode } = request.body;
      if (!member.entry.blueprint.data.tables.some((t) => t.name === table)) {
        throw new ApiError(404, "table_not_found", `This app has no table "${table}"; pick one of its tables.`);
      }
      const session = await refusing(() => sessions.open(ownerOf(member), table, mode));
      return reply.status(201).send({ id: session.id, chunk_rows: IMPORT_CHUNK_ROWS });
    },
  );

  api.post(
    "/api/runtime/:slug/imports/:id/rows",
    {
      schema: {
        tags: ["runtime"],
        params: importParams,
        body: importChunk,
        response: { 200: importReceived, ...errorResponses(400, 401, 403, 404, 413, 415, 429, 500) },
      },
    },
    async (request) => {
      const member = await appMemberOf(request, deps, request.params.slug);
      const bytes = Number(request.headers["content-length"]) || JSON.stringify(request.body.rows).length;
      const session = await refusing(() =>
        sessions.append(request.params.id, ownerOf(member), request.body.rows, bytes),
      );
      return { received: session.rows.length };
    },
  );

  api.delete(
    "/api/runtime/:slug/imports/:id",
    {
      schema: {
        tags: ["runtime"],
        params: importParams,
        response: { 204: noContent("The import is discarded"), ...errorResponses(400, 401, 403, 404, 415, 500) },
      },
    },
    async (request, reply) => {
      const member = await appMemberOf(request, deps, request.params.slug);
      await refusing(() => sessions.discard(request.params.id, ownerOf(member)));
      return reply.status(204).send();
    },
  );

  api.post(
    "/api/runtime/:slug/imports/:id/commit",
    {
      schema: {
        tags: ["runtime"],
        params: importParams,
        response: { 200: importResult, ...errorResponses(400, 401, 403, 404, 415, 422, 500) },
      },
    },
    async (request, reply) => {
      const member = await appMemberOf(request, deps, request.params.slug);
      const session = await refusing(() => sessions.take(request.params.id, ownerOf(member)));
      const { entry, claims } = member;
      const columns = [...new Set(session.rows.flatMap((row) => Object.keys(row)))];
      const chunkSize = Math.min(IMPORT_CHUNK_ROWS, deps.planOptions.maxWriteRows ?? IMPORT_CHUNK_ROWS);
      try {
        const outcome = await withRequestContext(
          await deps.servers.rest(entry.server),
          appUserContext(entry.appId, claims, { readOnly: false, statementTimeoutMs: deps.statementTimeoutMs }),
          async (client) => {
            const insert = async (rows: ImportRow[]): Promise<RowRefusal | undefined> => {
              await client.query("savepoint plinth_import");
              const response = await handleRequest(
                {
                  method: "POST",
                  table: session.table,
                  // Rows leave out what the file left empty; those columns take their defaults.
                  query: `columns=${columns.map(encodeURIComponent).join(",")}`,
                  headers: { "content-type": "application/json", prefer: "return=minimal, missing=default" },
                  body: JSON.stringify(rows),
                },
                memberHandleContext(entry, claims, client, deps.planOptions),
              );
              if (response.status < 400) {
                await client.query("release savepoint plinth_import");
                return undefined;
              }
              await client.query("rollback to savepoint plinth_import");
              return refusalOf(response.body);
            };
            const written = await writeImport(session.rows, session.mode, chunkSize, { insert });
            if (session.mode === "all" && written.refused.length > 0) throw new RollBackImport(written);
            return written;
          },
        );
        return { inserted: outcome.inserted, refused: outcome.refused };
      } catch (error) {
        if (error instanceof RollBackImport) {
          const [first] = error.outcome.refused;
          return reply.status(422).send({
            error: {
              code: "import_refused",
              message: `Row ${(first?.index ?? 0) + 1} was refused (${first?.refusal.message}), so nothing was imported. Fix it or import only the valid rows.`,
              details: { inserted: 0, refused: error.outcome.refused },
            },
          });
        }
        if (error instanceof RequestContextError) {
          throw new ApiError(403, "role_gone", "Your role cannot act in this app any more; sign in again.");
        }
        throw error;
      }
    },
  );
}

function refusalOf(body: string | undefined): RowRefusal {
  try {
    const parsed = JSON.parse(body ?? "") as Partial<RowRefusal>;
    return {
      code: String(parsed.code ?? ""),
      message: String(parsed.message ?? "The database refused this row."),
      details: parsed.details ?? null,
      hint: parsed.hint ?? null,
    };
  } catch {
    return { code: "", message: "The database refused this row.", details: null, hint: null };
  }
}
