import { clientIp, type GeoLocator, parseUserAgent, type TrustedProxies } from '../../protection/index.js';
import { DEVICE_CLIENT_APP, next, type SignInStep } from '../model.js';

/** Step 2: who is asking, from where, with what — before anything else looks at the attempt. */
export function collectSignals(trustedProxies: TrustedProxies, geo: GeoLocator): SignInStep {
  return {
    name: 'collect-signals',
    async run(attempt) {
      const { remoteAddress, forwardedFor, userAgent } = attempt.facts;
      const ipAddress = clientIp({ remoteAddress, forwardedFor }, trustedProxies);
      const device = parseUserAgent(userAgent);
      // The device flow: the browser signs in for an app on a device (Entra's client app type).
      if (attempt.facts.transferMethod === 'deviceCodeFlow') device.clientAppUsed = DEVICE_CLIENT_APP;
      attempt.signals = { ipAddress, device, location: await geo.lookup(ipAddress) };
      return next();
    },
  };
}
