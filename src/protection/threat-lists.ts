import { isIP } from 'node:net';
import { parseCidr } from '../access/cidr.js';
import { normalizeIp } from './signals.js';

/** Most entries one threat list may hold. */
export const MAX_THREAT_LIST_ENTRIES = 100_000;

/**
 * One threat list entry in its stored form, or undefined when it is neither an address nor a
 * CIDR range: addresses as `normalizeIp` writes them (IPv4-mapped IPv6 as IPv4), ranges in
 * network form (host bits cleared); a single-address range (/32, /128) is the address.
 */
export function normalizeThreatEntry(raw: string): string | undefined {
  if (typeof raw !== 'string') return undefined;
  const text = raw.trim();
  if (text.length === 0 || text.length > 64 || text.includes('%')) return undefined;
  const [addressPart = '', prefixPart, ...rest] = text.split('/');
  if (rest.length > 0) return undefined;
  const address = normalizeIp(addressPart);
  if (!address) return undefined;
  if (prefixPart === undefined) return address;
  if (!/^\d{1,3}$/.test(prefixPart)) return undefined;
  let prefix = Number(prefixPart);
  // An IPv4-mapped range (::ffff:10.0.0.0/104) is the IPv4 range it maps.
  if (isIP(address) === 4 && isIP(addressPart) === 6) {
    if (prefix < 96) return undefined;
    prefix -= 96;
  }
  const cidr = parseCidr(`${address}/${prefix}`)?.cidr;
  if (!cidr) return undefined;
  const full = isIP(address) === 4 ? 32 : 128;
  return prefix === full ? cidr.slice(0, cidr.lastIndexOf('/')) : cidr;
}

/** Whether an address is in a set of addresses and ranges. */
export interface IpMatcher {
  /** Any textual form of an address (IPv4-mapped IPv6 included); false when not an address. */
  contains(ip: string): boolean;
}

function ipv4ToNumber(address: string): number {
  return address.split('.').reduce((n, part) => n * 256 + Number(part), 0);
}

/** A canonical (`normalizeIp`) IPv6 address: hex hextets, `::` at most once. */
function ipv6ToBigInt(address: string): bigint {
  const [head = '', tail] = address.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const zeros = tail === undefined ? [] : Array(8 - left.length - right.length).fill('0');
  return [...left, ...zeros, ...right].reduce((n, part) => (n << 16n) | BigInt(`0x${part}`), 0n);
}

const V6_ALL = (1n << 128n) - 1n;
const v6Mask = (prefix: number) => (prefix === 0 ? 0n : V6_ALL ^ ((1n << BigInt(128 - prefix)) - 1n));
const v4Network = (value: number, prefix: number) =>
  prefix === 0 ? 0 : ((value >>> (32 - prefix)) << (32 - prefix)) >>> 0;

/**
 * A matcher over normalised entries (see normalizeThreatEntry). Ranges are grouped by prefix
 * length, so a lookup costs one set probe per distinct prefix length (at most 33 for IPv4, 129
 * for IPv6) whatever the list's size: node's BlockList checks rules one by one, which takes
 * milliseconds per lookup at 100 000 entries, too slow for every sign-in.
 */
export function createIpMatcher(entries: Iterable<string>): IpMatcher {
  const v4 = new Map<number, Set<number>>();
  const v6 = new Map<number, Set<bigint>>();
  for (const entry of entries) {
    const slash = entry.indexOf('/');
    const address = slash < 0 ? entry : entry.slice(0, slash);
    const family = isIP(address);
    if (family === 4) {
      const prefix = slash < 0 ? 32 : Number(entry.slice(slash + 1));
      const set = v4.get(prefix) ?? new Set<number>();
      v4.set(prefix, set);
      set.add(v4Network(ipv4ToNumber(address), prefix));
    } else if (family === 6) {
      const prefix = slash < 0 ? 128 : Number(entry.slice(slash + 1));
      const set = v6.get(prefix) ?? new Set<bigint>();
      v6.set(prefix, set);
      set.add(ipv6ToBigInt(address) & v6Mask(prefix));
    }
  }
  const v4Prefixes = [...v4.entries()];
  const v6Prefixes = [...v6.entries()].map(([prefix, set]) => [v6Mask(prefix), set] as const);
  return {
    contains(ip) {
      const address = normalizeIp(ip);
      if (!address) return false;
      if (isIP(address) === 4) {
        if (v4Prefixes.length === 0) return false;
        const value = ipv4ToNumber(address);
        return v4Prefixes.some(([prefix, set]) => set.has(v4Network(value, prefix)));
      }
      if (v6Prefixes.length === 0) return false;
      const value = ipv6ToBigInt(address);
      return v6Prefixes.some(([mask, set]) => set.has(value & mask));
    },
  };
}

/**
 * One IP or CIDR per line; blank lines and `#` comments (whole-line or trailing) are skipped.
 * Entries are returned as written (trimmed): validation is the service's, so it names them.
 */
export function parseThreatListFile(text: string): string[] {
  const entries: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    const hash = line.indexOf('#');
    const entry = (hash < 0 ? line : line.slice(0, hash)).trim();
    if (entry) entries.push(entry);
  }
  return entries;
}
