export {
  type AuditEntry,
  type AuditFilters,
  type AuditInitiator,
  type AuditTarget,
  type AuditTrail,
  auditFilterFields,
  createAuditTrail,
  type DirectoryAudit,
} from './audits.js';
export * from './model.js';
export { createSignInRecorder, type SignInRecorder, type SignInRecorderDeps } from './recorder.js';
export {
  createSignInLogService,
  SIGN_IN_RETENTION_DAYS,
  type SignInLogService,
  signInRetentionCutoff,
} from './service.js';
