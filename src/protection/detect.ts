import { noveltyOf, pastLearning } from './profile.js';
import type {
  DetectionDraft,
  DetectionSettings,
  RiskLevel,
  RiskSignals,
  SignInProfile,
} from './risk-model.js';

/**
 * Real-time detections for one sign-in: what the sign-in's own signals, the user's profile and
 * the threat lists say, with nothing looked up here (the caller gathers it), so it is pure.
 */

export interface RealtimeInput {
  signals: RiskSignals;
  /** The user's profile before this sign-in is learnt. */
  profile: SignInProfile;
  settings: DetectionSettings;
  /** The IP is in an anonymizer list (Tor exit, anonymous VPN). */
  anonymizer: boolean;
  /** The IP is in a threat-intelligence list, or the credentials matched a leaked-credential hash. */
  threatIntelligence: { ip: boolean; leakedCredential: boolean };
  /** The IP is in a malicious list. */
  malicious: boolean;
  /** Failures seen from this IP across accounts in the spray window: distinct accounts, and attempts. */
  sprayFromIp: { accounts: number; attempts: number } | null;
  /** The IP is in a trusted named location (travel and unfamiliarity are not judged there). */
  trustedLocation: boolean;
}

/**
 * A password spray is few passwords tried across many accounts: at least `minAccounts`
 * distinct accounts failed from one IP in the spray window, at no more than
 * `maxAttemptsPerAccount` attempts per account on average (more per account is a brute force
 * on a few accounts, which smart lockout answers).
 */
export const PASSWORD_SPRAY = { minAccounts: 10, maxAttemptsPerAccount: 3 } as const;

/** unlikelyTravel is high when the speed is past this multiple of the implausible speed. */
const HIGH_TRAVEL_SPEED_FACTOR = 3;
/** Two sign-ins closer in time than this are timed as this far apart (no division by zero). */
const MIN_TRAVEL_INTERVAL_MS = 1_000;
const EARTH_RADIUS_KM = 6_371;
const HOUR_MS = 3_600_000;

type Info = DetectionDraft['additionalInfo'];

const signin = (
  riskEventType: DetectionDraft['riskEventType'],
  riskLevel: DetectionDraft['riskLevel'],
  additionalInfo: Info,
): DetectionDraft => ({
  riskEventType,
  riskLevel,
  detectionTimingType: 'realtime',
  activity: 'signin',
  additionalInfo,
});

/** Great-circle distance in km (haversine). */
export function distanceKm(
  from: { latitude: number; longitude: number },
  to: { latitude: number; longitude: number },
): number {
  const rad = Math.PI / 180;
  const dLat = (to.latitude - from.latitude) * rad;
  const dLon = (to.longitude - from.longitude) * rad;
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(from.latitude * rad) * Math.cos(to.latitude * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

function threatIntelligence(input: RealtimeInput): DetectionDraft | null {
  const { ip, leakedCredential } = input.threatIntelligence;
  if (!ip && !leakedCredential) return null;
  const matched =
    ip && leakedCredential ? 'ipAddress,leakedCredential' : ip ? 'ipAddress' : 'leakedCredential';
  return signin('investigationsThreatIntelligence', 'high', [{ Key: 'matched', Value: matched }]);
}

function passwordSpray(input: RealtimeInput): DetectionDraft | null {
  const spray = input.sprayFromIp;
  if (!spray || spray.accounts < PASSWORD_SPRAY.minAccounts) return null;
  const perAccount = spray.attempts / spray.accounts;
  if (perAccount > PASSWORD_SPRAY.maxAttemptsPerAccount) return null;
  return signin('passwordSpray', 'high', [
    { Key: 'failedAccountsFromIp', Value: String(spray.accounts) },
    { Key: 'failedAttemptsFromIp', Value: String(spray.attempts) },
    { Key: 'attemptsPerAccount', Value: perAccount.toFixed(1) },
  ]);
}

/**
 * Unfamiliar only when the network (ASN and subnet), the place and the device are all new:
 * a known device, a known network or a known city each explain a sign-in (a phone on a new
 * carrier at home, a laptop on hotel Wi-Fi). How much else is new sets the level.
 */
function unfamiliarFeatures(input: RealtimeInput): DetectionDraft | null {
  const { signals, profile, settings } = input;
  if (input.trustedLocation || !pastLearning(profile, signals.at, settings)) return null;
  const novelty = noveltyOf(profile, signals);
  if (!(novelty.asn && novelty.subnet && novelty.place && novelty.deviceId)) return null;
  const level =
    novelty.browser && novelty.operatingSystem
      ? 'high'
      : novelty.browser || novelty.operatingSystem
        ? 'medium'
        : 'low';
  const unfamiliar: string[] = [];
  for (const name of Object.keys(novelty) as Array<keyof typeof novelty>)
    if (novelty[name]) unfamiliar.push(name);
  return signin('unfamiliarFeatures', level, [
    { Key: 'unfamiliarFeatures', Value: unfamiliar.join(',') },
    { Key: 'profileSignIns', Value: String(profile.signInCount) },
  ]);
}

function unlikelyTravel(input: RealtimeInput): DetectionDraft | null {
  const { signals, profile, settings } = input;
  const previous = profile.last;
  // A corporate VPN or an anonymizer at either end says nothing about where the user was.
  if (input.trustedLocation || input.anonymizer || !previous || previous.travelExempt) return null;
  if (!pastLearning(profile, signals.at, settings)) return null;
  if (signals.latitude === null || signals.longitude === null) return null;
  if (previous.latitude === null || previous.longitude === null) return null;
  const distance = distanceKm(
    { latitude: previous.latitude, longitude: previous.longitude },
    { latitude: signals.latitude, longitude: signals.longitude },
  );
  if (distance < settings.minTravelDistanceKm) return null;
  const elapsedMs = Math.max(Math.abs(signals.at - previous.at), MIN_TRAVEL_INTERVAL_MS);
  const speed = distance / (elapsedMs / HOUR_MS);
  if (speed <= settings.maxTravelSpeedKmPerHour) return null;
  const level = speed > HIGH_TRAVEL_SPEED_FACTOR * settings.maxTravelSpeedKmPerHour ? 'high' : 'medium';
  return signin('unlikelyTravel', level, [
    { Key: 'distanceKm', Value: String(Math.round(distance)) },
    { Key: 'hoursBetween', Value: (elapsedMs / HOUR_MS).toFixed(2) },
    { Key: 'speedKmPerHour', Value: String(Math.round(speed)) },
    { Key: 'previousIpAddress', Value: previous.ipAddress },
    { Key: 'previousCountryOrRegion', Value: previous.countryOrRegion ?? '' },
    { Key: 'previousSignInDateTime', Value: new Date(previous.at).toISOString() },
  ]);
}

/**
 * The sign-in's real-time detections, always in this order: anonymizedIPAddress,
 * investigationsThreatIntelligence, maliciousIPAddress, passwordSpray, unfamiliarFeatures,
 * unlikelyTravel.
 */
export function detectRealtime(input: RealtimeInput): DetectionDraft[] {
  const drafts: Array<DetectionDraft | null> = [
    input.anonymizer ? signin('anonymizedIPAddress', 'medium', [{ Key: 'list', Value: 'anonymizer' }]) : null,
    threatIntelligence(input),
    input.malicious ? signin('maliciousIPAddress', 'high', [{ Key: 'list', Value: 'malicious' }]) : null,
    passwordSpray(input),
    unfamiliarFeatures(input),
    unlikelyTravel(input),
  ];
  // A loop, not a closure: tsx wraps each closure made per call (see docs/benchmarks.md).
  const found: DetectionDraft[] = [];
  for (const draft of drafts) if (draft) found.push(draft);
  return found;
}

const RANK: Record<RiskLevel, number> = { none: 0, low: 1, medium: 2, high: 3 };

/** The highest of the levels; none when there are none. */
export function aggregateRiskLevel(levels: readonly RiskLevel[]): RiskLevel {
  let highest: RiskLevel = 'none';
  for (const level of levels) if (RANK[level] > RANK[highest]) highest = level;
  return highest;
}
