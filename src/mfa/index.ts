export * from './model.js';
export { maskPhoneNumber, toE164 } from './phone.js';
export { normaliseRecoveryCode, RECOVERY_CODE_COUNT } from './recovery-codes.js';
export { createMfaService, type MfaService, type MfaServiceDeps } from './service.js';
export { otpauthUri, TOTP_DIGITS, TOTP_PERIOD_SECONDS } from './totp.js';
