export { ASN_FILES, type AsnInfo, type AsnLookup, createAsnLookup, DEFAULT_ASN_DIRECTORY } from './asn.js';
export {
  aggregateRiskLevel,
  detectRealtime,
  distanceKm,
  PASSWORD_SPRAY,
  type RealtimeInput,
} from './detect.js';
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
export {
  createSmartLockout,
  type FailureOutcome,
  LOCKOUT_DEFAULTS,
  type LockoutSide,
  type LockoutStatus,
  type SmartLockout,
  type SmartLockoutOptions,
} from './lockout.js';
export * from './model.js';
export {
  MALICIOUS_IP_DEFAULTS,
  type MaliciousIpScanDeps,
  type MaliciousIpScanOptions,
  scanForMaliciousIps,
} from './offline-detections.js';
export { emptyProfile, isFamiliar, learn, pastLearning, placeOf, subnetOf } from './profile.js';
export * from './risk-model.js';
export {
  createIdentityProtectionService,
  DETECTION_RETENTION_DAYS,
  type DetectionFilters,
  detectionRetentionCutoff,
  type IdentityProtectionService,
  type IdentityProtectionServiceDeps,
  LOW_RISK_AGE_OUT_DAYS,
  leakedCredentialHash,
  protectionErrors,
  type RiskUserDirectory,
  type RiskyUserFilters,
  THREAT_LISTS_CHANGED,
  type ThreatListInput,
  type ThreatMatcher,
  type UserRemediation,
} from './risk-service.js';
export {
  clientIp,
  createTrustedProxies,
  MAX_USER_AGENT_LENGTH,
  normalizeIp,
  parseUserAgent,
} from './signals.js';
export { createSprayTracker, SPRAY_WINDOW_MS, type SprayTracker } from './spray.js';
export {
  createIpMatcher,
  type IpMatcher,
  MAX_THREAT_LIST_ENTRIES,
  normalizeThreatEntry,
  parseThreatListFile,
} from './threat-lists.js';
