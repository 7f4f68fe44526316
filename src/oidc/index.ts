export { purgeExpiredModels, revokeAccount } from './adapter.js';
export { DEVICE_FLOW_REFUSALS } from './device-flow.js';
export { createSessionRevoker, type SessionRevokerDeps } from './logout.js';
export type { DeviceCodeProblem, FrontChannelLogout, ProviderPages } from './pages.js';
export type { SessionAccess } from './policy.js';
export { createProviderPool, type ProviderPool, type TenantProtocol } from './pool.js';
export { buildProvider, issuerOf, PROTOCOL_ROUTES, type ProviderDeps } from './provider.js';
export type { ServiceSignIn } from './service-sign-ins.js';
export { type BrowserSession, createSessionDirectory, type SessionDirectory } from './sessions.js';
