export * from './journeys.js';
export * from './model.js';
export * from './one-time-codes.js';
export {
  type AfterSignIn,
  createSignInPipeline,
  type SignInOutcome,
  type SignInPipeline,
} from './pipeline.js';
export {
  createProtocolAccess,
  type ProtocolAccess,
  type ProtocolAccessDeps,
  type SessionJudgement,
  type SessionRequest,
  type SessionVerdict,
  type TokenAccess,
  type TokenRequest,
} from './protocol-access.js';
export {
  type ServicePrincipalSignIn,
  type SessionSignIn,
  toServicePrincipalEntry,
  toSessionSignInEntry,
  toSignInEntry,
  unrecordedSignInEntry,
} from './record.js';
export { type RiskRecordingDeps, recordRisk } from './record-risk.js';
export { appAssignment, type MayUserReach } from './steps/app-assignment.js';
export { collectSignals } from './steps/collect-signals.js';
export { complete } from './steps/complete.js';
export { conditionalAccess } from './steps/conditional-access.js';
export {
  emailOtpStrategy,
  type FirstFactorStrategy,
  federatedLinkStrategy,
  federatedStrategy,
  firstFactor,
  type PasswordMigration,
  passwordStrategy,
  ticketStrategy,
} from './steps/first-factor.js';
export {
  type IdentityProtectionDeps,
  identityProtection,
  riskSignalsOf,
} from './steps/identity-protection.js';
export { linkIdentity } from './steps/link-identity.js';
export { passkeyStrategy } from './steps/passkey-strategy.js';
export { firstFactorMethodsOf, type ResolvedApplication, resolveContext } from './steps/resolve-context.js';
export { satisfyRequirements } from './steps/satisfy-requirements.js';
export { type ThrottleDeps, throttle } from './steps/throttle.js';
export * from './user-flows/index.js';
