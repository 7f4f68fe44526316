import type { Clock } from '../platform/index.js';
import type { Db } from '../storage/index.js';
import type { DetectionDraft, RiskLocation } from './risk-model.js';
import type { IdentityProtectionService } from './risk-service.js';
import { normalizeIp } from './signals.js';

/** The sign-in log's error code of a wrong password. */
const INVALID_CREDENTIALS = 50126;
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
  db: Db;
  clock: Clock;
  protection: Pick<IdentityProtectionService, 'recordDetections' | 'listDetections'>;
}

export interface MaliciousIpScanOptions {
  windowMs?: number;
  minFailures?: number;
  minAccounts?: number;
}

/** The parts of a sign-in's stored details the scan reads; anything may be missing in old rows. */
interface StoredDetails {
  userPrincipalName?: string | null;
  userDisplayName?: string | null;
  correlationId?: string | null;
  location?: {
    city?: string | null;
    state?: string | null;
    countryOrRegion?: string | null;
    geoCoordinates?: { latitude?: number | null; longitude?: number | null } | null;
  } | null;
}

function parseDetails(json: string): StoredDetails {
  try {
    const value: unknown = JSON.parse(json);
    return value !== null && typeof value === 'object' ? (value as StoredDetails) : {};
  } catch {
    return {};
  }
}

function riskLocationOf(details: StoredDetails): RiskLocation | null {
  const location = details.location;
  if (!location) return null;
  const latitude = location.geoCoordinates?.latitude;
  const longitude = location.geoCoordinates?.longitude;
  const result: RiskLocation = {
    city: location.city ?? null,
    state: location.state ?? null,
    countryOrRegion: location.countryOrRegion ?? null,
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
  const from = windowStart.toISOString();

  const failed = await deps.db
    .selectFrom('insights_sign_ins')
    .select(['tenant_id', 'ip_address', 'user_id', 'details'])
    .where('error_code', '=', INVALID_CREDENTIALS)
    .where('created_at', '>=', from)
    .orderBy('created_at', 'desc')
    .limit(MAX_FAILURES_READ)
    .execute();

  const byIp = new Map<string, IpFailures>();
  for (const row of failed) {
    // Unknown users are counted by the login they typed.
    const account = row.user_id ?? parseDetails(row.details).userPrincipalName?.toLowerCase() ?? null;
    const key = `${row.tenant_id}\n${row.ip_address}`;
    let entry = byIp.get(key);
    if (!entry) {
      entry = { tenantId: row.tenant_id, ipAddress: row.ip_address, failures: 0, accounts: new Set() };
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
  const successes = await deps.db
    .selectFrom('insights_sign_ins')
    .select(['user_id', 'created_at', 'details'])
    .where('tenant_id', '=', entry.tenantId)
    .where('ip_address', '=', entry.ipAddress)
    .where('error_code', '=', 0)
    .where('user_id', 'is not', null)
    .where('created_at', '>=', windowStart.toISOString())
    .orderBy('created_at', 'asc')
    .limit(MAX_SUCCESSES_READ)
    .execute();

  // The first successful sign-in of each user: the moment the account was likely taken.
  const firstByUser = new Map<string, (typeof successes)[number]>();
  for (const row of successes)
    if (row.user_id && !firstByUser.has(row.user_id)) firstByUser.set(row.user_id, row);

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
  for (const [userId, row] of firstByUser) {
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
    const details = parseDetails(row.details);
    await deps.protection.recordDetections(
      entry.tenantId,
      {
        id: userId,
        userPrincipalName: details.userPrincipalName ?? null,
        displayName: details.userDisplayName ?? null,
      },
      [draft],
      {
        correlationId: details.correlationId ?? null,
        ipAddress: entry.ipAddress,
        location: riskLocationOf(details),
        activityAt: new Date(row.created_at),
      },
    );
    raised++;
  }
  return raised;
}
