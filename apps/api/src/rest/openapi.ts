/**
 * GET /rest/v1/ with an app's profile: an OpenAPI description of the app's tables
 * generated from its blueprint, so the data can be used from any HTTP client.
 */
import { type Column, type ColumnType, resolveBlueprint } from "@plinth/blueprint";
import type { DirectoryEntry } from "./app-directory.js";

const JSON_TYPES: Record<ColumnType, Record<string, unknown>> = {
  uuid: { type: "string", format: "uuid" },
  user: { type: "string", format: "uuid", description: "The user id of one of the app's members." },
  text: { type: "string" },
  int: { type: "integer" },
  float: { type: "number" },
  bool: { type: "boolean" },
  date: { type: "string", format: "date" },
  timestamptz: { type: "string", format: "date-time" },
  jsonb: {},
  file: { type: "string", description: "A storage path under /storage/v1; upload the file there first." },
  image: { type: "string", description: "A storage path under /storage/v1; upload the image there first." },
};

function columnSchema(column: Column): Record<string, unknown> {
  return {
    ...JSON_TYPES[column.type],
    ...(column.label && { title: column.label }),
    ...(column.description && { description: column.description }),
    ...(column.enum && { enum: column.enum }),
    ...(column.maxLength !== undefined && { maxLength: column.maxLength }),
    ...(typeof column.min === "number" && { minimum: column.min }),
    ...(typeof column.max === "number" && { maximum: column.max }),
  };
}

export function openApiFor(entry: DirectoryEntry): Record<string, unknown> {
  const { blueprint, schema } = entry;
  const profile = (name: string) => ({
    name,
    in: "header",
    required: true,
    schema: { type: "string", enum: [schema] },
  });
  const filterParam = {
    name: "filters",
    in: "query",
    description: "PostgREST filters, e.g. status=eq.open",
    schema: {},
  };
  const schemas: Record<string, unknown> = {};
  const paths: Record<string, unknown> = {};
  for (const { table, columns } of resolveBlueprint(blueprint).tables.values()) {
    schemas[table.name] = {
      type: "object",
      title: table.label ?? table.name,
      required: table.columns.filter((c) => c.required && c.default === undefined).map((c) => c.name),
      properties: Object.fromEntries(
        [...columns.values()].map(({ name, type, column }) => [
          name,
          column ? columnSchema(column) : { ...JSON_TYPES[type], readOnly: true },
        ]),
      ),
    };
    const ref = { $ref: `#/components/schemas/${table.name}` };
    const rows = { "application/json": { schema: { type: "array", items: ref } } };
    paths[`/${table.name}`] = {
      get: {
        summary: `List ${table.label ?? table.name}`,
        parameters: [
          profile("Accept-Profile"),
          {
            name: "select",
            in: "query",
            description:
              "Columns, JSON paths (meta->>key), embeds (table(cols), ...table(cols)) and aggregates grouped by the other columns (stage,amount.sum(),count())",
            schema: { type: "string" },
          },
          { name: "order", in: "query", schema: { type: "string" } },
          { name: "limit", in: "query", schema: { type: "integer" } },
          { name: "offset", in: "query", schema: { type: "integer" } },
          filterParam,
        ],
        responses: {
          "200": {
            description: "The rows your role may see (Accept: text/csv for CSV)",
            content: { ...rows, "text/csv": { schema: { type: "string" } } },
          },
        },
      },
      post: {
        summary: `Create ${table.label ?? table.name}`,
        parameters: [profile("Content-Profile")],
        requestBody: { content: { "application/json": { schema: ref } } },
        responses: { "201": { description: "Created", content: rows } },
      },
      patch: {
        summary: `Update ${table.label ?? table.name}`,
        parameters: [profile("Content-Profile"), filterParam],
        requestBody: { content: { "application/json": { schema: ref } } },
        responses: { "200": { description: "Updated", content: rows }, "204": { description: "Updated" } },
      },
      delete: {
        summary: `Delete ${table.label ?? table.name}`,
        parameters: [profile("Content-Profile"), filterParam],
        responses: { "200": { description: "Deleted", content: rows }, "204": { description: "Deleted" } },
      },
    };
  }
  return {
    openapi: "3.0.3",
    info: { title: `${blueprint.app.name} data API`, description: blueprint.app.description, version: "1" },
    servers: [{ url: "/rest/v1" }],
    components: {
      securitySchemes: { bearer: { type: "http", scheme: "bearer", bearerFormat: "JWT" } },
      schemas,
    },
    security: [{ bearer: [] }],
    paths,
  };
}
