export * from "./identifiers.js";
export * from "./intake.js";
export * from "./json-schema.js";
export * from "./problems.js";
export {
  type Access,
  COMMANDS,
  type Command,
  columnsOf,
  isRestricted,
  scopeColumns,
  scopeParents,
} from "./resolved/access.js";
export { type ForeignKey, foreignKeyOf } from "./resolved/foreign-keys.js";
export { FORMAT_PATTERNS } from "./resolved/formats.js";
export { defaultLabelColumn } from "./resolved/labels.js";
export { describeType, isUuid, isVariable, literalFits, UUID_PATTERN } from "./resolved/literals.js";
export type { Notice } from "./resolved/notices.js";
export { roleMembers, rolesThatMay, type Write, whoMay } from "./resolved/refusal.js";
export {
  accessOf,
  founderRole,
  partlyVisibleTables,
  type ResolvedBlueprint,
  type ResolvedColumn,
  type ResolvedTable,
  resolveBlueprint,
} from "./resolved/resolve.js";
export { matchesFilter, type Viewer } from "./resolved/row-filter.js";
export { isSystemColumn, SYSTEM_COLUMN_TYPES } from "./resolved/system-columns.js";
export * from "./schema.js";
export * from "./summary.js";
export * from "./validate.js";
export * from "./verify.js";
