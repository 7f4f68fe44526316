import { clientIp, type GeoLocator, parseUserAgent, type TrustedProxies } from '../../protection/index.js';
import { next, type SignInStep } from '../model.js';

/** Step 2: who is asking, from where, with what — before anything else looks at the attempt. */
export function collectSignals(trustedProxies: TrustedProxies, geo: GeoLocator): SignInStep {
  return {
    name: 'collect-signals',
    async run(attempt) {
      const { remoteAddress, forwardedFor, userAgent } = attempt.facts;
      const ipAddress = clientIp({ remoteAddress, forwardedFor }, trustedProxies);
      attempt.signals = {
        ipAddress,
        device: parseUserAgent(userAgent),
        location: await geo.lookup(ipAddress),
      };
      return next();
    },
  };
}
