import { isIP } from 'node:net';

/** The kinds of IP addresses the outbound policy tells apart, and how an address is classified. */

export type AddressKind =
  | 'public'
  | 'loopback'
  | 'private'
  | 'linkLocal'
  | 'unspecified'
  | 'multicast'
  | 'broadcast'
  | 'reserved';

/** Kinds no setting allows. */
export const NEVER: ReadonlySet<AddressKind> = new Set([
  'linkLocal',
  'unspecified',
  'multicast',
  'broadcast',
]);

export const KIND_NAMES: Record<AddressKind, string> = {
  public: 'a public address',
  loopback: 'a loopback address',
  private: 'a private address',
  linkLocal: 'a link-local address',
  unspecified: 'an unspecified address',
  multicast: 'a multicast address',
  broadcast: 'the broadcast address',
  reserved: 'a special-use address',
};

interface Ip {
  family: 4 | 6;
  /** 32 or 128 bits. */
  value: bigint;
}

function ipv4Value(text: string): bigint {
  return text.split('.').reduce((n, part) => (n << 8n) | BigInt(Number(part)), 0n);
}

/** An IPv4 or IPv6 address as a number, or undefined when the text is not one (a zone id is dropped). */
export function parseIp(text: string): Ip | undefined {
  const address = text
    .trim()
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/%.*$/, '');
  const family = isIP(address);
  if (family === 4) return { family: 4, value: ipv4Value(address) };
  if (family !== 6) return undefined;
  let hex = address.toLowerCase();
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(hex)?.[1];
  if (v4) {
    const n = ipv4Value(v4);
    hex = `${hex.slice(0, -v4.length)}${(n >> 16n).toString(16)}:${(n & 0xffffn).toString(16)}`;
  }
  const [head = '', tail] = hex.split('::');
  const left = head ? head.split(':') : [];
  const right = tail === undefined ? [] : tail ? tail.split(':') : [];
  const zeros = tail === undefined ? [] : Array<string>(8 - left.length - right.length).fill('0');
  const value = [...left, ...zeros, ...right].reduce((n, part) => (n << 16n) | BigInt(`0x${part}`), 0n);
  return { family: 6, value };
}

/** An address range: `network/prefix` (host bits cleared). */
export interface AddressRange {
  family: 4 | 6;
  network: bigint;
  prefix: number;
  /** As given, for messages. */
  text: string;
}

const bitsOf = (family: 4 | 6) => (family === 4 ? 32 : 128);

const maskOf = (family: 4 | 6, prefix: number): bigint => {
  const bits = bitsOf(family);
  return prefix === 0 ? 0n : ((1n << BigInt(bits)) - 1n) ^ ((1n << BigInt(bits - prefix)) - 1n);
};

/** `address/prefix` or a lone address, exactly as written. */
function rawRange(text: string): AddressRange | undefined {
  const match = /^([^/\s%]+)(?:\/(\d{1,3}))?$/.exec(text.trim());
  const ip = match && parseIp(match[1] ?? '');
  if (!match || !ip) return undefined;
  const prefix = match[2] === undefined ? bitsOf(ip.family) : Number(match[2]);
  if (prefix > bitsOf(ip.family)) return undefined;
  return { family: ip.family, network: ip.value & maskOf(ip.family, prefix), prefix, text: text.trim() };
}

/**
 * `address/prefix`, or a lone address (a /32 or /128); undefined when it is neither. A range of
 * IPv4-mapped addresses is its IPv4 range (::ffff:10.0.0.0/104 is 10.0.0.0/8), as addresses are
 * judged in their IPv4 form.
 */
export function parseRange(text: string): AddressRange | undefined {
  const range = rawRange(text);
  if (range?.family !== 6 || range.prefix < 96 || range.network >> 32n !== 0xffffn) return range;
  return { family: 4, network: range.network & 0xffffffffn, prefix: range.prefix - 96, text: range.text };
}

export const inRange = (ip: Ip, range: AddressRange): boolean =>
  ip.family === range.family && (ip.value & maskOf(range.family, range.prefix)) === range.network;

const ranges = (entries: [string, AddressKind][]) =>
  entries.map(([text, kind]) => ({ range: rawRange(text) as AddressRange, kind }));

/** Most specific first. */
const IPV4_KINDS = ranges([
  ['255.255.255.255/32', 'broadcast'],
  ['0.0.0.0/8', 'unspecified'],
  ['127.0.0.0/8', 'loopback'],
  ['10.0.0.0/8', 'private'],
  ['172.16.0.0/12', 'private'],
  ['192.168.0.0/16', 'private'],
  // Carrier-grade NAT (shared address space): not the internet either.
  ['100.64.0.0/10', 'private'],
  ['169.254.0.0/16', 'linkLocal'],
  ['224.0.0.0/4', 'multicast'],
  ['240.0.0.0/4', 'reserved'],
  ['192.0.0.0/24', 'reserved'],
  ['192.0.2.0/24', 'reserved'],
  ['198.18.0.0/15', 'reserved'],
  ['198.51.100.0/24', 'reserved'],
  ['203.0.113.0/24', 'reserved'],
]);

const IPV6_KINDS = ranges([
  ['::/128', 'unspecified'],
  ['::1/128', 'loopback'],
  // IPv4-compatible addresses (deprecated).
  ['::/96', 'reserved'],
  // Local-use NAT64 (RFC 8215): where its IPv4 address sits depends on the operator's prefix,
  // so it cannot be judged by that address; reached only when its range is given by name.
  ['64:ff9b:1::/48', 'reserved'],
  ['100::/64', 'reserved'],
  ['2001::/32', 'reserved'],
  ['2001:db8::/32', 'reserved'],
  ['3fff::/20', 'reserved'],
  ['fc00::/7', 'private'],
  ['fe80::/10', 'linkLocal'],
  ['fec0::/10', 'private'],
  ['ff00::/8', 'multicast'],
]);

/** Ranges whose last 32 bits are the IPv4 address a packet ends up at: mapped, SIIT, NAT64. */
const EMBEDDED_V4 = ['::ffff:0:0/96', '::ffff:0:0:0/96', '64:ff9b::/96'].map(
  (r) => rawRange(r) as AddressRange,
);
/** 6to4: the IPv4 address is bits 16–47. */
const SIX_TO_FOUR = rawRange('2002::/16') as AddressRange;

/**
 * The address as the policy judges it: IPv4 in IPv4 form, whether written so or inside an
 * IPv6 address that leads to it.
 */
export function effective(ip: Ip): Ip {
  if (ip.family === 4) return ip;
  if (EMBEDDED_V4.some((r) => inRange(ip, r))) return { family: 4, value: ip.value & 0xffffffffn };
  if (inRange(ip, SIX_TO_FOUR)) return { family: 4, value: (ip.value >> 80n) & 0xffffffffn };
  return ip;
}

export function classifyIp(parsed: Ip): AddressKind {
  const ip = effective(parsed);
  const table = ip.family === 4 ? IPV4_KINDS : IPV6_KINDS;
  return table.find((entry) => inRange(ip, entry.range))?.kind ?? 'public';
}

/** What kind of address this is; text that is no IP address is `reserved` (refused). */
export function classifyAddress(address: string): AddressKind {
  const parsed = parseIp(address);
  return parsed ? classifyIp(parsed) : 'reserved';
}
