import { clientIp, parseUserAgent, type TrustedProxies } from '../../protection/index.js';
import { next, type SignInStep } from '../model.js';

/** Step 2: who is asking, from where, with what — before anything else looks at the attempt. */
export function collectSignals(trustedProxies: TrustedProxies): SignInStep {
  return {
    name: 'collect-signals',
    async run(attempt) {
      const { remoteAddress, forwardedFor, userAgent } = attempt.facts;
      attempt.signals = {
        ipAddress: clientIp({ remoteAddress, forwardedFor }, trustedProxies),
        device: parseUserAgent(userAgent),
      };
      return next();
    },
  };
}
