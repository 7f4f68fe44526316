export {
  type AuditEntry,
  type AuditFilters,
  type AuditInitiator,
  type AuditTarget,
  type AuditTrail,
  type AuditTrailDeps,
  auditFilterFields,
  createAuditTrail,
  type DirectoryAudit,
} from './audits.js';
export * from './model.js';
export {
  createSignInRecorder,
  type SignInRecorder,
  type SignInRecorderDeps,
  type WrittenSignIn,
} from './recorder.js';
export {
  createSignInLogService,
  SIGN_IN_RETENTION_DAYS,
  type SignInLogService,
  signInRetentionCutoff,
} from './service.js';
export { parseUsageFilter, type UsageFilter, type UsageFilterProperty } from './usage-filter.js';
export * from './usage-model.js';
export {
  createUsageQueries,
  USAGE_ITEM_TYPES,
  USAGE_RESOURCES,
  type UsageItem,
  type UsageQueries,
  type UsageResource,
} from './usage-queries.js';
export { INTERRUPTION_ERROR_CODES } from './usage-rollup.js';
export { createUsageRollup, type RollupResult, type UsageRollup } from './usage-service.js';
