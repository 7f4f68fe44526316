import type { SignIn, SignInLogService } from '../insights/index.js';
import type { Clock } from '../platform/index.js';
import type { DetectionDraft, RiskLocation } from './risk-model.js';
import type { IdentityProtectionService } from './risk-service.js';
import { normalizeIp } from './signals.js';

/** Most failed sign-ins one scan reads (newest first): bounds memory when under heavy attack. */
const MAX_FAILURES_READ = 100_000;
/** Most successful sign-ins read per flagged IP. */
const MAX_SUCCESSES_READ = 10_000;

export const MALICIOUS_IP_DEFAULTS = {
  windowMs: 60 * 60_000,
  minFailures: 20,
  minAccounts: 5,
} as const;

export interface MaliciousIpScanDeps {
  signInLogs: Pick<SignInLogService, 'failedPasswordsSince' | 'userSuccessesFromIp'>;
  clock: Clock;
  protection: Pick<IdentityProtectionService, 'recordDetections' | 'listDetections'>;
}

export interface MaliciousIpScanOptions {
  windowMs?: number;
  minFailures?: number;
  minAccounts?: number;
}

function riskLocationOf(signIn: SignIn): RiskLocation | null {
  const { city, state, countryOrRegion, geoCoordinates } = signIn.location ?? {};
  const latitude = geoCoordinates?.latitude;
  const longitude = geoCoordinates?.longitude;
  const result: RiskLocation = {
    city: city ?? null,
    state: state ?? null,
    countryOrRegion: countryOrRegion ?? null,
    geoCoordinates:
      typeof latitude === 'number' && typeof longitude === 'number' ? { latitude, longitude } : null,
  };
  const empty = !result.city && !result.state && !result.countryOrRegion && !result.geoCoordinates;
  return empty ? null : result;
}

interface IpFailures {
  tenantId: string;
  ipAddress: string;
  failures: number;
  accounts: Set<string>;
}

/**
 * The offline `maliciousIPAddress` detection: an IP with at least `minFailures` wrong passwords
 * across at least `minAccounts` accounts in the last window is malicious; every user who signed
 * in successfully from it in that window gets one high detection (not again while an earlier
 * one for that user and IP is inside the window). Returns how many detections were raised.
 */
export async function scanForMaliciousIps(
  deps: MaliciousIpScanDeps,
  options: MaliciousIpScanOptions = {},
): Promise<number> {
  const { windowMs, minFailures, minAccounts } = { ...MALICIOUS_IP_DEFAULTS, ...options };
  const windowStart = new Date(deps.clock.now().getTime() - windowMs);

  const failed = await deps.signInLogs.failedPasswordsSince(windowStart, MAX_FAILURES_READ);

  const byIp = new Map<string, IpFailures>();
  for (const { tenantId, signIn } of failed) {
    // Unknown users are counted by the login they typed.
    const account = signIn.userId ?? signIn.userPrincipalName?.toLowerCase() ?? null;
    const key = `${tenantId}\n${signIn.ipAddress}`;
    let entry = byIp.get(key);
    if (!entry) {
      entry = { tenantId, ipAddress: signIn.ipAddress, failures: 0, accounts: new Set() };
      byIp.set(key, entry);
    }
    entry.failures++;
    if (account) entry.accounts.add(account);
  }

  let raised = 0;
  for (const entry of byIp.values()) {
    if (entry.failures < minFailures || entry.accounts.size < minAccounts) continue;
    // The detection filter takes IP addresses only; a malformed logged address cannot be looked up.
    if (!normalizeIp(entry.ipAddress)) continue;
    raised += await flagIp(deps, entry, windowStart, windowMs);
  }
  return raised;
}

/** Raises the detections of one malicious IP: one per user who signed in from it successfully. */
async function flagIp(
  deps: MaliciousIpScanDeps,
  entry: IpFailures,
  windowStart: Date,
  windowMs: number,
): Promise<number> {
  const successes = await deps.signInLogs.userSuccessesFromIp(
    entry.tenantId,
    entry.ipAddress,
    windowStart,
    MAX_SUCCESSES_READ,
  );

  // The first successful sign-in of each user: the moment the account was likely taken.
  const firstByUser = new Map<string, SignIn>();
  for (const signIn of successes)
    if (signIn.userId && !firstByUser.has(signIn.userId)) firstByUser.set(signIn.userId, signIn);

  const draft: DetectionDraft = {
    riskEventType: 'maliciousIPAddress',
    riskLevel: 'high',
    detectionTimingType: 'offline',
    activity: 'signin',
    additionalInfo: [
      { Key: 'failedAttemptsFromIp', Value: String(entry.failures) },
      { Key: 'failedAccountsFromIp', Value: String(entry.accounts.size) },
      { Key: 'windowMinutes', Value: String(Math.round(windowMs / 60_000)) },
    ],
  };

  let raised = 0;
  for (const [userId, signIn] of firstByUser) {
    const existing = await deps.protection.listDetections(
      entry.tenantId,
      {
        riskEventType: 'maliciousIPAddress',
        userId,
        ipAddress: entry.ipAddress,
        from: windowStart.toISOString(),
      },
      { top: 1 },
    );
    if (existing.items.length > 0) continue;
    await deps.protection.recordDetections(
      entry.tenantId,
      { id: userId, userPrincipalName: signIn.userPrincipalName, displayName: signIn.userDisplayName },
      [draft],
      {
        correlationId: signIn.correlationId || null,
        ipAddress: entry.ipAddress,
        location: riskLocationOf(signIn),
        activityAt: new Date(signIn.createdDateTime),
      },
    );
    raised++;
  }
  return raised;
}
