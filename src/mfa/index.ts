export * from './model.js';
export { maskPhoneNumber, toE164 } from './phone.js';
export { normaliseRecoveryCode, RECOVERY_CODE_COUNT } from './recovery-codes.js';
export {
  createSecondFactorLookup,
  judgeSecurityInfoChange,
  mailboxProvedFirstFactor,
  SECURITY_INFO_PROOF_SECONDS,
  type SecondFactorHolder,
  type SecondFactorKind,
  type SecondFactorLookup,
  type SecondFactorSources,
  type SecurityInfoVerdict,
  type SessionProof,
  secondFactorsFor,
  secondFactorsOf,
} from './security-info.js';
export { createMfaService, type MfaService, type MfaServiceDeps } from './service.js';
export { otpauthUri, TOTP_DIGITS, TOTP_PERIOD_SECONDS } from './totp.js';
