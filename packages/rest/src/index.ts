export {
  accessChanged,
  anonymousDisabled,
  appStopped,
  bodyTooLarge,
  type DatabaseErrorLike,
  databaseUnavailable,
  isDatabaseError,
  jwtExpired,
  jwtInvalid,
  PostgrestError,
  type PostgrestErrorBody,
  type PostgrestErrorResponse,
  type RateLimitReason,
  roleRevoked,
  statusForSqlState,
  tooManyRequests,
  toPostgrestError,
  wrongProfile,
} from "./errors.js";
export type {
  AggregateFunction,
  FtsOperator,
  LogicTree,
  Operation,
  OrderTerm,
  SelectItem,
  SimpleOperator,
} from "./grammar.js";
export {
  type HandleContext,
  handleRequest,
  type PreparedRequest,
  prepareRequest,
  type QueryFn,
  type QueryOptions,
  runPrepared,
} from "./handle.js";
export type { ColumnModel, RelationshipModel, SchemaModel, TableModel } from "./model.js";
export type { Plan, PlanOptions, ReadNode } from "./plan.js";
export { planRequest, postgrestPlanOptions } from "./plan.js";
export { interpretPreferences, type Preferences, parsePreferHeader } from "./prefer.js";
export { PreparedRequests } from "./prepared-cache.js";
export { type ApiRequest, parseRequest, type RestRequest, tryParseRequest } from "./request.js";
export { errorResponse, formatResponse, type QueryResult, type RestResponse, type ResultRow } from "./response.js";
export { type BuiltSql, buildSql, type SqlStatement } from "./sql.js";
