import { BlockList, isIP } from 'node:net';
import Bowser from 'bowser';
import type { ClientAppUsed, DeviceType, RequestAddress, TrustedProxies, UserAgentDetails } from './model.js';

// ---------------------------------------------------------------------------------------
// Client IP

/** Longer text is not an address (the longest IPv6 form with a zone and port is far shorter). */
const MAX_ADDRESS_LENGTH = 64;
/** No real proxy chain is longer; past this the walk stops at the last hop it vouched for. */
const MAX_FORWARDED_HOPS = 32;

/**
 * An IP address in one canonical text form, or undefined when `value` is not one:
 * IPv6 compressed and lower-case with any zone dropped, IPv4-mapped IPv6
 * (`::ffff:127.0.0.1`, `::ffff:7f00:1`) as plain IPv4.
 */
export function normalizeIp(value: string): string | undefined {
  if (typeof value !== 'string' || value.length > MAX_ADDRESS_LENGTH) return undefined;
  let address = value.trim();
  const family = isIP(address);
  if (family === 4) return address;
  if (family !== 6) return undefined;
  const zone = address.indexOf('%');
  if (zone >= 0) address = address.slice(0, zone);
  let canonical: string;
  try {
    canonical = new URL(`http://[${address}]/`).hostname.slice(1, -1);
  } catch {
    return undefined;
  }
  const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(canonical);
  if (mapped) {
    const high = Number.parseInt(mapped[1] ?? '', 16);
    const low = Number.parseInt(mapped[2] ?? '', 16);
    return [high >> 8, high & 255, low >> 8, low & 255].join('.');
  }
  return canonical;
}

const familyOf = (address: string): 'ipv4' | 'ipv6' => (isIP(address) === 4 ? 'ipv4' : 'ipv6');

/**
 * The trusted proxies from a list of addresses and CIDR ranges, IPv4 or IPv6
 * ("10.0.0.0/8", "192.168.1.10", "2001:db8::/32", "::1"). Throws on an entry that is
 * neither, naming it, so a configuration can report it.
 */
export function createTrustedProxies(cidrs: readonly string[]): TrustedProxies {
  const list = new BlockList();
  const entries: string[] = [];
  for (const raw of cidrs) {
    const entry = typeof raw === 'string' ? raw.trim() : '';
    const invalid = () =>
      new Error(
        `invalid trusted proxy "${String(raw).slice(0, MAX_ADDRESS_LENGTH)}": expected an IP address or a CIDR range such as 10.0.0.0/8 or 2001:db8::/32`,
      );
    const [addressPart = '', prefixPart, ...rest] = entry.split('/');
    const address = normalizeIp(addressPart);
    if (!address || rest.length > 0 || addressPart !== addressPart.trim() || addressPart.includes('%'))
      throw invalid();
    const family = familyOf(address);
    if (prefixPart === undefined) {
      list.addAddress(address, family);
      entries.push(address);
      continue;
    }
    if (!/^\d{1,3}$/.test(prefixPart)) throw invalid();
    let prefix = Number(prefixPart);
    // An IPv4-mapped range (::ffff:10.0.0.0/104) is the IPv4 range it maps.
    if (family === 'ipv4' && isIP(addressPart) === 6) {
      if (prefix < 96) throw invalid();
      prefix -= 96;
    }
    if (prefix > (family === 'ipv4' ? 32 : 128)) throw invalid();
    list.addSubnet(address, prefix, family);
    entries.push(`${address}/${prefix}`);
  }
  return {
    entries,
    contains(value) {
      const address = normalizeIp(value);
      return address !== undefined && list.check(address, familyOf(address));
    },
  };
}

/** One `X-Forwarded-For` element: an address, optionally `v4:port` or `[v6]` / `[v6]:port`. */
function forwardedAddress(element: string): string | undefined {
  const text = element.trim();
  if (text.length > MAX_ADDRESS_LENGTH) return undefined;
  const bracketed = /^\[([^\]]+)\](?::\d{1,5})?$/.exec(text);
  if (bracketed) return isIP(bracketed[1] ?? '') === 6 ? normalizeIp(bracketed[1] ?? '') : undefined;
  const withPort = /^(\d{1,3}(?:\.\d{1,3}){3}):\d{1,5}$/.exec(text);
  return normalizeIp(withPort ? (withPort[1] ?? '') : text);
}

/**
 * The client's address. `X-Forwarded-For` is believed only when the direct peer is a trusted
 * proxy: its elements are walked right to left, trusted hops skipped, and the first
 * untrusted address is the client. An element that is not an address ends the walk at the
 * last hop vouched for (nothing left of it can be attributed), so a client can never choose
 * its own address by sending garbage. When every hop is trusted, the leftmost one is it.
 */
export function clientIp(
  { remoteAddress, forwardedFor }: RequestAddress,
  trustedProxies: TrustedProxies,
): string {
  const peer = normalizeIp(remoteAddress);
  if (peer === undefined) return remoteAddress;
  if (forwardedFor === undefined || !trustedProxies.contains(peer)) return peer;
  const elements = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : String(forwardedFor)).split(',');
  let client = peer;
  for (let i = elements.length - 1, hops = 0; i >= 0 && hops < MAX_FORWARDED_HOPS; i--, hops++) {
    const address = forwardedAddress(elements[i] ?? '');
    if (address === undefined) break;
    client = address;
    if (!trustedProxies.contains(address)) break;
  }
  return client;
}

// ---------------------------------------------------------------------------------------
// User agent

/** Longer user agents are cut before parsing (real ones are well under this). */
export const MAX_USER_AGENT_LENGTH = 512;

const UNKNOWN = 'Unknown';

/** Bowser's names that Entra spells otherwise. */
const BROWSER_NAMES = new Map([
  ['Microsoft Edge', 'Edge'],
  ['Internet Explorer', 'IE'],
  ['Samsung Internet for Android', 'Samsung Internet'],
]);

/** Browsers bowser knows; anything else it reports (a guess from a product token) is ignored. */
const KNOWN_BROWSERS = new Set<string>(Object.values(Bowser.BROWSER_MAP));
/** Apps built on a browser engine: a desktop client, not a browser. */
const APP_SHELLS = new Set(['Electron']);
const KNOWN_SYSTEMS = new Set<string>(Object.values(Bowser.OS_MAP));
const DESKTOP_SYSTEMS = new Set(['Windows', 'macOS', 'Linux', 'Chrome OS']);
/** Systems shown without a version: macOS froze it in the UA at 10.15.7; the others have none. */
const UNVERSIONED_SYSTEMS = new Set(['macOS', 'Linux', 'Chrome OS']);

const unknownAgent = (): UserAgentDetails => ({
  browser: UNKNOWN,
  operatingSystem: UNKNOWN,
  deviceType: 'other',
  clientAppUsed: 'Mobile Apps and Desktop clients',
});

/** "120.0.6099.28" → "120.0"; "17" → "17"; anything else → undefined. */
const majorMinor = (version: string | undefined): string | undefined =>
  /^\d{1,6}(?:\.\d{1,6})?/.exec(version ?? '')?.[0];
const major = (version: string | undefined): string | undefined => /^\d{1,6}/.exec(version ?? '')?.[0];

/**
 * Browser, operating system, device type and client app from a User-Agent header, in
 * Entra's words. Only names from the parser's known lists come out (never raw header text),
 * with digits-only versions; whatever is not recognised is "Unknown" / "other".
 */
export function parseUserAgent(ua: string | undefined): UserAgentDetails {
  const text = typeof ua === 'string' ? ua.slice(0, MAX_USER_AGENT_LENGTH).trim() : '';
  if (!text) return unknownAgent();
  let parsed: Bowser.Parser.ParsedResult;
  try {
    parsed = Bowser.parse(text);
  } catch {
    return unknownAgent();
  }

  const platformType = parsed.platform.type;
  const isBot = platformType === 'bot';
  const browserName = parsed.browser.name ?? '';
  const knownBrowser = KNOWN_BROWSERS.has(browserName) && browserName !== 'Generic';
  let browser = UNKNOWN;
  if (knownBrowser) {
    const name = BROWSER_NAMES.get(browserName) ?? browserName;
    const version = majorMinor(parsed.browser.version);
    browser = version ? `${name} ${version}` : name;
  }

  const systemName = parsed.os.name ?? '';
  let operatingSystem = UNKNOWN;
  if (KNOWN_SYSTEMS.has(systemName)) {
    const version =
      systemName === 'Windows'
        ? /^[0-9A-Za-z.]{1,8}$/.exec(parsed.os.versionName ?? '')?.[0] // "10", "8.1", "XP"
        : UNVERSIONED_SYSTEMS.has(systemName)
          ? undefined
          : major(parsed.os.version);
    operatingSystem = version ? `${systemName} ${version}` : systemName;
  }

  let deviceType: DeviceType = 'other';
  if (platformType === 'desktop' || platformType === 'mobile' || platformType === 'tablet')
    deviceType = platformType;
  else if (!platformType && DESKTOP_SYSTEMS.has(systemName)) deviceType = 'desktop';

  const clientAppUsed: ClientAppUsed =
    knownBrowser && !isBot && !APP_SHELLS.has(browserName) ? 'Browser' : 'Mobile Apps and Desktop clients';

  return { browser, operatingSystem, deviceType, clientAppUsed };
}
