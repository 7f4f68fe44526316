export {
  createGeoLocator,
  DEFAULT_GEO_DATABASES,
  type GeoLocation,
  type GeoLocator,
  type GeoOverride,
  loadGeoOverrides,
  loadGeoOverridesSync,
  parseGeoOverrides,
} from './geo.js';
export * from './model.js';
export {
  clientIp,
  createTrustedProxies,
  MAX_USER_AGENT_LENGTH,
  normalizeIp,
  parseUserAgent,
} from './signals.js';
