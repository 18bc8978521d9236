export { ApplyError, type ApplyOptions, type AppManifest, applyPlan, manifestOf } from "./apply.js";
export type { Database } from "./client.js";
export { CLAIMS, compileFilter, describeFilter } from "./filter-sql.js";
export { deleteApp, startApp, stopApp } from "./lifecycle.js";
export { SYSTEM_COLUMN_TYPES } from "./model.js";
export {
  AUTHENTICATOR_ROLE,
  appKey,
  objectName,
  ownerRoleName,
  roleName,
  rolePrefix,
  schemaName,
} from "./names.js";
export { type PlanStep, ProvisionError, type ProvisionPlan, planProvision } from "./plan.js";
export { type RequestContext, RequestContextError, withRequestContext } from "./request-context.js";
export { type CheckedApp, type SelfCheckFinding, selfCheck } from "./self-check.js";
export { quoteIdent, quoteLiteral, SQL_TYPES, typedLiteral } from "./sql.js";
