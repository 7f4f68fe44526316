export * from './model.js';
export {
  clientIp,
  createTrustedProxies,
  MAX_USER_AGENT_LENGTH,
  normalizeIp,
  parseUserAgent,
} from './signals.js';
