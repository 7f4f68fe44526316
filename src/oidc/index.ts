export { buildProvider, issuerOf, PROTOCOL_ROUTES, type ProviderDeps } from './provider.js';
export { createProviderPool, type ProviderPool } from './pool.js';
