import type { DetectionSettings, FeatureSeen, RiskSignals, SignInProfile } from './risk-model.js';
import { normalizeIp } from './signals.js';

/**
 * A user's sign-in profile: what their successful sign-ins looked like, bounded per feature so
 * it costs the same to read and update whatever the length of the history. Plain JSON (it is
 * stored as such); every function here is pure and returns new objects.
 */

/** Values kept per feature by default; the least recently seen go first. */
export const DEFAULT_MAX_VALUES_PER_FEATURE = 50;

const DAY_MS = 86_400_000;
/** `placeOf` when geo knows neither country nor city: never evidence of anything. */
const UNKNOWN_PLACE = '/';

type Features = SignInProfile['features'];
type FeatureName = keyof Features;

export function emptyProfile(): SignInProfile {
  return {
    signInCount: 0,
    firstSeen: 0,
    lastSeen: 0,
    features: { asn: {}, place: {}, browser: {}, operatingSystem: {}, deviceId: {}, subnet: {} },
    last: null,
  };
}

/** The eight 16-bit groups of a canonical (compressed, lower-case, hex-only) IPv6 address. */
function ipv6Groups(address: string): string[] {
  const [head = '', tail] = address.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const zeros = tail === undefined ? [] : Array<string>(8 - left.length - right.length).fill('0');
  return [...left, ...zeros, ...right];
}

/**
 * The network an address belongs to, as a user's ISP hands out addresses: IPv4 /24
 * (`203.0.113.0/24`), IPv6 /48 (`2001:db8:1::/48`). IPv4-mapped IPv6 counts as IPv4. Text that
 * is not an address comes back as it is, so it only ever matches itself.
 */
export function subnetOf(ip: string): string {
  const address = normalizeIp(ip);
  if (address === undefined) return ip;
  if (!address.includes(':')) {
    const [a, b, c] = address.split('.');
    return `${a}.${b}.${c}.0/24`;
  }
  const [a = '0', b = '0', c = '0'] = ipv6Groups(address);
  const prefix: string[] = [];
  for (const group of [a, b, c]) prefix.push(Number.parseInt(group, 16).toString(16));
  // Trailing zero groups compress away, as in canonical text.
  while (prefix.length > 0 && prefix[prefix.length - 1] === '0') prefix.pop();
  return `${prefix.join(':')}::/48`;
}

/** `{country}/{city}`, either empty when unknown. */
export function placeOf(signals: Pick<RiskSignals, 'countryOrRegion' | 'city'>): string {
  return `${signals.countryOrRegion ?? ''}/${signals.city ?? ''}`;
}

/** The record's entry for `key`, never an inherited property (`constructor`, `__proto__`). */
function seen(record: Record<string, FeatureSeen>, key: string): FeatureSeen | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

/** The feature values of one sign-in; null where the sign-in has none (no ASN, no device cookie). */
function featureValues(signals: RiskSignals): Record<FeatureName, string | null> {
  return {
    asn: signals.asn === null ? null : String(signals.asn),
    place: placeOf(signals),
    browser: signals.browser,
    operatingSystem: signals.operatingSystem,
    deviceId: signals.deviceId,
    subnet: subnetOf(signals.ipAddress),
  };
}

/** Whether `a` goes before `b`: least recently seen first; among equals, the rarer, then by name. */
function evictsBefore(a: string, sa: FeatureSeen, b: string, sb: FeatureSeen): boolean {
  return sa.lastSeen !== sb.lastSeen
    ? sa.lastSeen < sb.lastSeen
    : sa.count !== sb.count
      ? sa.count < sb.count
      : a < b;
}

/** The `excess` values of `record` to drop to make room, never `keep`; null when none. */
function evicted(
  record: Record<string, FeatureSeen>,
  keys: string[],
  keep: string,
  excess: number,
): Set<string> | null {
  if (excess <= 0) return null;
  // Loops, not closures: tsx wraps each closure made per call (see docs/benchmarks.md).
  const candidates: string[] = [];
  for (const k of keys) if (k !== keep) candidates.push(k);
  if (excess === 1) {
    // The usual case, one value over the cap: a scan, not a sort.
    let oldest = candidates[0] as string;
    for (const k of candidates)
      if (evictsBefore(k, record[k] as FeatureSeen, oldest, record[oldest] as FeatureSeen)) oldest = k;
    return new Set([oldest]);
  }
  const order = (a: string, b: string) =>
    evictsBefore(a, record[a] as FeatureSeen, b, record[b] as FeatureSeen) ? -1 : 1;
  return new Set(candidates.sort(order).slice(0, excess));
}

/** `record` with `key` seen once more at `at`, cut to `cap` values by dropping the least recently seen. */
function withSeen(
  record: Record<string, FeatureSeen>,
  key: string,
  at: number,
  cap: number,
): Record<string, FeatureSeen> {
  const before = seen(record, key);
  const entry = { count: (before?.count ?? 0) + 1, lastSeen: Math.max(before?.lastSeen ?? at, at) };
  const keys = Object.keys(record);
  const drop = evicted(record, keys, key, keys.length + (before ? 0 : 1) - cap);
  // Built afresh, not spread and deleted from (twice as slow). Without a prototype there is no
  // `__proto__` setter, so every key, that one included, is plain data (and V8 keeps such
  // objects as hash tables, cheaper than a hidden class per combination of keys).
  const next = Object.create(null) as Record<string, FeatureSeen>;
  for (const k of keys) if (!drop?.has(k)) next[k] = k === key ? entry : (record[k] as FeatureSeen);
  if (!before) next[key] = entry;
  return next;
}

/**
 * The profile after one more successful sign-in: a new object (the given one is left as it
 * was). Each feature's value is counted and stamped; a null ASN or device id is not a value.
 * `last` (what travel is judged against) stays the most recent sign-in, should an older one
 * arrive late. The feature records it builds have no prototype (JSON is the same).
 */
export function learn(
  profile: SignInProfile,
  signals: RiskSignals,
  options: { maxValuesPerFeature?: number } = {},
): SignInProfile {
  const cap = options.maxValuesPerFeature ?? DEFAULT_MAX_VALUES_PER_FEATURE;
  if (!Number.isInteger(cap) || cap < 1) throw new RangeError('maxValuesPerFeature must be an integer ≥ 1');
  const { at } = signals;
  const values = featureValues(signals);
  const features = { ...profile.features };
  for (const name of Object.keys(values) as FeatureName[]) {
    const value = values[name];
    if (value !== null) features[name] = withSeen(profile.features[name], value, at, cap);
  }
  const first = profile.signInCount === 0;
  const isLatest = profile.last === null || at >= profile.last.at;
  return {
    signInCount: profile.signInCount + 1,
    firstSeen: first ? at : Math.min(profile.firstSeen, at),
    lastSeen: first ? at : Math.max(profile.lastSeen, at),
    features,
    last: isLatest
      ? {
          at,
          ipAddress: signals.ipAddress,
          latitude: signals.latitude,
          longitude: signals.longitude,
          countryOrRegion: signals.countryOrRegion,
          ...(signals.travelExempt && { travelExempt: true }),
        }
      : profile.last,
  };
}

/** What of this sign-in the profile has not seen: network, place, device, browser, OS. */
export interface Novelty {
  /** ASN unseen (or unknown). */
  asn: boolean;
  subnet: boolean;
  /** Country/city unseen (or unknown). */
  place: boolean;
  /** No device cookie, or one never seen. */
  deviceId: boolean;
  browser: boolean;
  operatingSystem: boolean;
}

function unseen(features: Features, values: Record<FeatureName, string | null>, name: FeatureName): boolean {
  const value = values[name];
  return value === null || seen(features[name], value) === undefined;
}

export function noveltyOf(profile: SignInProfile, signals: RiskSignals): Novelty {
  const { features } = profile;
  const values = featureValues(signals);
  return {
    asn: unseen(features, values, 'asn'),
    subnet: unseen(features, values, 'subnet'),
    place: values.place === UNKNOWN_PLACE || unseen(features, values, 'place'),
    deviceId: unseen(features, values, 'deviceId'),
    browser: unseen(features, values, 'browser'),
    operatingSystem: unseen(features, values, 'operatingSystem'),
  };
}

/**
 * Whether the sign-in comes from somewhere the user has been, for smart lockout (failures from
 * familiar and unfamiliar places are counted apart, so an attacker elsewhere cannot lock the
 * user out). Familiar when any holds:
 * - the device cookie was seen before;
 * - the IP's subnet (/24, /48) was seen before;
 * - the country/city was seen at least twice (once could be a trip; unknown geo never counts);
 * - the ASN was seen at least twice (once could be a hotel's or a friend's network).
 * A user with no successful sign-in is familiar with nothing.
 */
export function isFamiliar(profile: SignInProfile, signals: RiskSignals): boolean {
  const { features } = profile;
  const values = featureValues(signals);
  if (values.deviceId !== null && seen(features.deviceId, values.deviceId)) return true;
  if (seen(features.subnet, values.subnet as string)) return true;
  if (values.place !== UNKNOWN_PLACE && (seen(features.place, values.place as string)?.count ?? 0) >= 2)
    return true;
  return values.asn !== null && (seen(features.asn, values.asn)?.count ?? 0) >= 2;
}

/**
 * Whether the profile has learnt enough to judge by: `learningSignIns` successful sign-ins, or
 * `learningDays` since the first one, whichever comes first.
 */
export function pastLearning(
  profile: SignInProfile,
  now: number,
  settings: Pick<DetectionSettings, 'learningSignIns' | 'learningDays'>,
): boolean {
  if (profile.signInCount === 0) return false;
  return (
    profile.signInCount >= settings.learningSignIns ||
    now - profile.firstSeen >= settings.learningDays * DAY_MS
  );
}
