import type { Clock } from '../../platform/index.js';
import {
  aggregateRiskLevel,
  type DetectionSettings,
  detectRealtime,
  emptyProfile,
  leakedCredentialHash,
  type RiskLevel,
  type RiskSignals,
  type RiskState,
  type SignInProfile,
  type SprayTracker,
} from '../../protection/index.js';
import { next, passwordOf, type SignInAttempt, type SignInStep } from '../model.js';

/** What step 5 reads: the user's history and risk, the threat lists, the spray counters. */
export interface IdentityProtectionDeps {
  clock: Clock;
  settings: DetectionSettings;
  profileOf(tenantId: string, userId: string): Promise<SignInProfile | undefined>;
  userRisk(tenantId: string, userId: string): Promise<{ riskLevel: RiskLevel; riskState: RiskState }>;
  threatMatcher(tenantId: string): Promise<{
    anonymizer(ip: string): boolean;
    malicious(ip: string): boolean;
    threatIntelligence(ip: string): boolean;
  }>;
  isLeakedCredential(tenantId: string, hash: string): Promise<boolean>;
  spray: SprayTracker;
  /** Whether the address is in one of the tenant's trusted named locations. */
  trustedLocation(tenantId: string, ipAddress: string): Promise<boolean>;
}

/** The signals of an attempt, as detection reads them. */
export function riskSignalsOf(attempt: SignInAttempt, at: Date): RiskSignals {
  const signals = attempt.signals;
  const location = signals?.location;
  return {
    at: at.getTime(),
    ipAddress: signals?.ipAddress ?? attempt.facts.remoteAddress,
    countryOrRegion: location?.countryOrRegion ?? null,
    city: location?.city ?? null,
    latitude: location?.latitude ?? null,
    longitude: location?.longitude ?? null,
    asn: location?.asn ?? null,
    browser: signals?.device.browser ?? 'Unknown',
    operatingSystem: signals?.device.operatingSystem ?? 'Unknown',
    deviceId: attempt.facts.deviceId ?? null,
    ...(attempt.travelExempt && { travelExempt: true }),
  };
}

/**
 * Step 5: Identity Protection, once the first factor says who this is. Real-time detections
 * (anonymous or malicious address, threat intelligence, leaked credentials, password spray,
 * unfamiliar properties, unlikely travel) give the sign-in risk; the user's standing risk is
 * read beside it. Both feed Conditional Access (step 6). A continuation (the MFA or
 * password-change page of the same sign-in) inherits the risk its first attempt found instead
 * of being judged twice.
 */
export function identityProtection(deps: IdentityProtectionDeps): SignInStep {
  return {
    name: 'identity-protection',
    async run(attempt) {
      const user = attempt.user;
      if (!user) return next();
      const ip = attempt.signals?.ipAddress ?? attempt.facts.remoteAddress;
      const [userRisk, lists, trusted] = await Promise.all([
        deps.userRisk(attempt.tenantId, user.id),
        deps.threatMatcher(attempt.tenantId),
        deps.trustedLocation(attempt.tenantId, ip),
      ]);
      attempt.userRiskLevel = userRisk.riskLevel;
      const anonymizer = lists.anonymizer(ip);
      attempt.travelExempt = anonymizer || trusted;
      if (attempt.inheritedRisk) {
        attempt.riskLevel = attempt.inheritedRisk.level;
        return next();
      }
      const password = passwordOf(attempt.credentials);
      const [profile, leaked, spray] = await Promise.all([
        deps.profileOf(attempt.tenantId, user.id),
        password !== undefined
          ? deps.isLeakedCredential(
              attempt.tenantId,
              leakedCredentialHash(attempt.credentials.login, password),
            )
          : false,
        deps.spray.fromIp(attempt.tenantId, ip),
      ]);
      attempt.riskProfile = profile ?? emptyProfile();
      const detections = detectRealtime({
        signals: riskSignalsOf(attempt, deps.clock.now()),
        profile: attempt.riskProfile,
        settings: deps.settings,
        anonymizer,
        malicious: lists.malicious(ip),
        threatIntelligence: { ip: lists.threatIntelligence(ip), leakedCredential: leaked },
        sprayFromIp: spray,
        trustedLocation: trusted,
      });
      attempt.riskDetections = detections;
      attempt.riskLevel = aggregateRiskLevel(detections.map((d) => d.riskLevel));
      return next();
    },
  };
}
