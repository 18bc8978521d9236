export type { Database } from "@plinth/db";
export { ApplyError, type ApplyOptions, type AppManifest, applyPlan, manifestOf } from "./apply.js";
export { foreignKeyName } from "./ddl.js";
export { CLAIMS, compileFilter, describeFilter } from "./filter-sql.js";
export { deleteApp, startApp, stopApp } from "./lifecycle.js";
export {
  applyMigration,
  DestructiveMigrationError,
  destructiveSteps,
  MigrationCheckError,
  type MigrationOptions,
} from "./migrate/apply.js";
export type { Consequence, ConsequenceCount } from "./migrate/consequences.js";
export { type CountingMember, countConsequences } from "./migrate/counts.js";
export {
  type MigrationCheck,
  type MigrationPlan,
  type MigrationStep,
  planMigration,
  type StepClassification,
} from "./migrate/plan.js";
export { type MigrationPreview, previewMigration } from "./migrate/preview.js";
export {
  AUTHENTICATOR_ROLE,
  appKey,
  objectName,
  ownerRoleName,
  roleName,
  rolePrefix,
  schemaName,
  schemaNameOrNull,
} from "./names.js";
export { type PlanStep, ProvisionError, type ProvisionPlan, planProvision } from "./plan.js";
export {
  type RequestContext,
  RequestContextError,
  singleReadInRequestContext,
  withRequestContext,
} from "./request-context.js";
export { type CheckedApp, type SelfCheckFinding, selfCheck } from "./self-check.js";
export { SQL_TYPES, typedLiteral } from "./sql.js";
