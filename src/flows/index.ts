export * from './model.js';
export {
  type AfterSignIn,
  createSignInPipeline,
  type SignInOutcome,
  type SignInPipeline,
} from './pipeline.js';
export { type ServicePrincipalSignIn, toServicePrincipalEntry, toSignInEntry } from './record.js';
export { collectSignals } from './steps/collect-signals.js';
export { complete } from './steps/complete.js';
export { conditionalAccess } from './steps/conditional-access.js';
export { type FirstFactorStrategy, firstFactor, passwordStrategy } from './steps/first-factor.js';
export { identityProtection } from './steps/identity-protection.js';
export { resolveContext } from './steps/resolve-context.js';
export { throttle } from './steps/throttle.js';
