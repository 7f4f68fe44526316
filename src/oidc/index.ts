export { purgeExpiredModels } from './adapter.js';
export { createProviderPool, type ProviderPool } from './pool.js';
export { buildProvider, issuerOf, PROTOCOL_ROUTES, type ProviderDeps } from './provider.js';
