import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { isIP, type Socket } from 'node:net';
import { Agent, buildConnector, fetch as undiciFetch } from 'undici';

/**
 * The outbound policy: every server-side request to a URL someone configured (an identity
 * provider's discovery, metadata, keys and endpoints, a back-channel logout URL, the SMS gateway,
 * extension callouts) is made through `createOutbound().fetch`, which connects only to addresses
 * the policy allows. The address judged is the one the socket connects to — the answer of the
 * DNS lookup made for that connection, then the socket's remote address — so a name that
 * resolves elsewhere the second time (DNS rebinding) and a redirect go through the same check.
 *
 *   - link-local (169.254.0.0/16, fe80::/10: cloud metadata services), unspecified (0.0.0.0/8,
 *     ::), multicast and broadcast addresses: never, whatever is allowed;
 *   - loopback (127.0.0.0/8, ::1) and private addresses (10/8, 172.16/12, 192.168/16,
 *     100.64/10, fc00::/7): only when allowed (`loopback`, `private`, or a CIDR range);
 *   - other special-use addresses (documentation, benchmarking, reserved…): only in a CIDR range
 *     allowed by name;
 *   - every other (public) address.
 *
 * IPv4 addresses inside IPv6 ones (::ffff:a.b.c.d, NAT64 64:ff9b::/96, 6to4 2002::/16) are
 * judged as the IPv4 address they lead to.
 */

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
const NEVER: ReadonlySet<AddressKind> = new Set(['linkLocal', 'unspecified', 'multicast', 'broadcast']);

const KIND_NAMES: Record<AddressKind, string> = {
  public: 'a public address',
  loopback: 'a loopback address',
  private: 'a private address',
  linkLocal: 'a link-local address',
  unspecified: 'an unspecified address',
  multicast: 'a multicast address',
  broadcast: 'the broadcast address',
  reserved: 'a special-use address',
};

// ---------------------------------------------------------------------------------------------
// Addresses

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

const inRange = (ip: Ip, range: AddressRange): boolean =>
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
  ['64:ff9b:1::/48', 'private'],
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
function effective(ip: Ip): Ip {
  if (ip.family === 4) return ip;
  if (EMBEDDED_V4.some((r) => inRange(ip, r))) return { family: 4, value: ip.value & 0xffffffffn };
  if (inRange(ip, SIX_TO_FOUR)) return { family: 4, value: (ip.value >> 80n) & 0xffffffffn };
  return ip;
}

function classifyIp(parsed: Ip): AddressKind {
  const ip = effective(parsed);
  const table = ip.family === 4 ? IPV4_KINDS : IPV6_KINDS;
  return table.find((entry) => inRange(ip, entry.range))?.kind ?? 'public';
}

/** What kind of address this is; text that is no IP address is `reserved` (refused). */
export function classifyAddress(address: string): AddressKind {
  const parsed = parseIp(address);
  return parsed ? classifyIp(parsed) : 'reserved';
}

// ---------------------------------------------------------------------------------------------
// The allowance and the policy

/** What `GATEHOUSE_OUTBOUND_ALLOW` opens beyond public addresses. */
export interface OutboundAllowance {
  loopback: boolean;
  private: boolean;
  ranges: AddressRange[];
}

export const NO_OUTBOUND_ALLOWANCE: OutboundAllowance = { loopback: false, private: false, ranges: [] };

/**
 * Reads the allowance: `none` (the default), or a comma-separated list (an array in a file) of
 * `loopback`, `private` and CIDR ranges or addresses (`10.20.0.0/16`, `fd12::/64`,
 * `192.168.1.10`). A range inside the link-local, unspecified, multicast or broadcast ranges is
 * an error: those are never allowed. Throws with a message naming the bad entry.
 */
export function parseOutboundAllowance(value: string | readonly string[] | undefined): OutboundAllowance {
  const entries = (typeof value === 'string' ? value.split(',') : (value ?? []))
    .map((e) => e.trim())
    .filter(Boolean);
  if (entries.length === 0 || (entries.length === 1 && entries[0]?.toLowerCase() === 'none'))
    return NO_OUTBOUND_ALLOWANCE;
  const allowance: OutboundAllowance = { loopback: false, private: false, ranges: [] };
  for (const entry of entries) {
    const word = entry.toLowerCase();
    if (word === 'loopback') allowance.loopback = true;
    else if (word === 'private') allowance.private = true;
    else if (word === 'none') throw new Error("'none' cannot be combined with other entries");
    else {
      const range = parseRange(entry);
      if (!range)
        throw new Error(
          `'${entry}' is not loopback, private, none, or an address range such as 10.20.0.0/16 or fd00::/8`,
        );
      const kind = classifyIp({ family: range.family, value: range.network });
      if (range.prefix > 0 && NEVER.has(kind))
        throw new Error(`'${entry}' is ${KIND_NAMES[kind]} range, which is never allowed`);
      allowance.ranges.push(range);
    }
  }
  return allowance;
}

export interface OutboundPolicy {
  /** Why a connection to this address is refused; undefined when it is allowed. */
  refusal(address: string): string | undefined;
}

export function createOutboundPolicy(allowance: OutboundAllowance): OutboundPolicy {
  return {
    refusal(address) {
      const parsed = parseIp(address);
      if (!parsed) return 'not an IP address';
      const kind = classifyIp(parsed);
      if (kind === 'public') return undefined;
      if (NEVER.has(kind)) return `${KIND_NAMES[kind]}, never allowed`;
      const ip = effective(parsed);
      if (allowance.ranges.some((range) => inRange(ip, range) || inRange(parsed, range))) return undefined;
      if (kind === 'loopback' && allowance.loopback) return undefined;
      if (kind === 'private' && allowance.private) return undefined;
      return `${KIND_NAMES[kind]}, not allowed by GATEHOUSE_OUTBOUND_ALLOW`;
    },
  };
}

/** A connection the policy refused: fetch rejects with a TypeError whose `cause` is this. */
export class OutboundRefusedError extends Error {
  override name = 'OutboundRefusedError';
  readonly code = 'ERR_OUTBOUND_REFUSED';
  constructor(
    readonly host: string,
    readonly address: string,
    readonly reason: string,
  ) {
    super(
      `the outbound policy refuses ${address || host}${address && address !== host ? ` (${host})` : ''}: ${reason}`,
    );
  }
}

// ---------------------------------------------------------------------------------------------
// The policy-checked fetch

/** A fetch for configured URLs (http and https only). */
export type OutboundFetch = (url: string | URL, init?: RequestInit) => Promise<Response>;

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;
/** `dns.lookup`'s shape, as net.connect calls it. */
export type OutboundLookup = (
  hostname: string,
  options: LookupOptions & { all: true },
  callback: (error: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void,
) => void;

export interface OutboundOptions {
  allow: OutboundAllowance;
  /** How names are resolved (tests); `dns.lookup` by default. */
  lookup?: OutboundLookup;
  /** How long a connection may take to open. Default 10 s. */
  connectTimeoutMs?: number;
}

export interface Outbound {
  policy: OutboundPolicy;
  fetch: OutboundFetch;
  /** Closes the pooled connections. */
  close(): Promise<void>;
}

const systemLookup: OutboundLookup = (hostname, options, callback) => dnsLookup(hostname, options, callback);

/**
 * The policy and a fetch that obeys it: an undici Agent whose connector refuses an IP literal
 * before connecting, resolves names through a lookup that keeps only allowed addresses (so
 * net.connect never sees the others), and checks the connected socket's remote address again.
 * Redirects open their connections through the same Agent.
 */
export function createOutbound(options: OutboundOptions): Outbound {
  const policy = createOutboundPolicy(options.allow);
  const resolve = options.lookup ?? systemLookup;

  const lookup = (hostname: string, lookupOptions: LookupOptions, callback: LookupCallback): void => {
    resolve(hostname, { ...lookupOptions, all: true }, (error, addresses) => {
      if (error) return callback(error, []);
      const allowed = addresses.filter((a) => !policy.refusal(a.address));
      const first = addresses[0];
      if (allowed.length === 0 || !first)
        return callback(
          new OutboundRefusedError(
            hostname,
            first?.address ?? '',
            first ? (policy.refusal(first.address) ?? '') : 'no address',
          ),
          [],
        );
      if (lookupOptions.all) return callback(null, allowed);
      const [one] = allowed as [LookupAddress];
      return callback(null, one.address, one.family);
    });
  };

  const connect = buildConnector({
    lookup: lookup as never,
    timeout: options.connectTimeoutMs ?? 10_000,
  });
  const checkedConnect: buildConnector.connector = (connectOptions, callback) => {
    const host = connectOptions.hostname;
    if (isIP(host)) {
      const reason = policy.refusal(host);
      if (reason) return callback(new OutboundRefusedError(host, host, reason), null);
    }
    connect(connectOptions, (error, socket) => {
      if (error || !socket) return callback(error ?? new Error('no socket'), null);
      const remote = (socket as Socket).remoteAddress ?? '';
      const reason = policy.refusal(remote);
      if (!reason) return callback(null, socket);
      socket.destroy();
      return callback(new OutboundRefusedError(host, remote, reason), null);
    });
  };
  const agent = new Agent({ connect: checkedConnect });

  const fetch: OutboundFetch = async (url, init) => {
    const target = new URL(url);
    if (target.protocol !== 'https:' && target.protocol !== 'http:')
      throw new TypeError(`outbound requests are http(s) only, not ${target.protocol}`);
    const response = await undiciFetch(target, { ...(init as object), dispatcher: agent });
    return response as unknown as Response;
  };

  return { policy, fetch, close: () => agent.close() };
}

// ---------------------------------------------------------------------------------------------
// Remembering failing upstreams

/** How long a failing upstream is left alone. */
export const FAILURE_MEMORY_MS = 60_000;

/** A request not made because its upstream failed a moment ago. */
export class OutboundRecentlyFailedError extends Error {
  override name = 'OutboundRecentlyFailedError';
  readonly code = 'ERR_OUTBOUND_RECENTLY_FAILED';
  constructor(
    readonly target: string,
    readonly retryAt: number,
  ) {
    super(`${target} failed a moment ago; not asked again before ${new Date(retryAt).toISOString()}`);
  }
}

/** Errors that say the host itself cannot be reached, whatever the path. */
const HOST_FAILURES = new Set([
  'ERR_OUTBOUND_REFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNREFUSED',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

function causeCodes(error: unknown): string[] {
  const codes: string[] = [];
  for (let e = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') codes.push(code);
  }
  return codes;
}

/**
 * A fetch that remembers failing upstreams for `windowMs` and, meanwhile, fails at once without
 * asking them again — so that requests anyone can trigger (a click on a provider's button)
 * cannot make Gatehouse hammer a server that is down, or one it may not reach. A host that
 * cannot be reached (refused by the policy, no such name, connection refused, no route) is
 * remembered by origin; a timeout or a 5xx answer by URL (origin and path), so a path that
 * fails on a shared host does not take the host's other paths with it. In-process: each node
 * remembers for itself.
 */
export function rememberFailures(
  fetch: OutboundFetch,
  options: { now: () => number; windowMs?: number; maxEntries?: number },
): OutboundFetch {
  const windowMs = options.windowMs ?? FAILURE_MEMORY_MS;
  const maxEntries = options.maxEntries ?? 1000;
  const failedUntil = new Map<string, number>();

  function remember(key: string): void {
    const now = options.now();
    if (failedUntil.size >= maxEntries)
      for (const [k, until] of failedUntil) if (until <= now) failedUntil.delete(k);
    if (failedUntil.size >= maxEntries) {
      const oldest = failedUntil.keys().next().value;
      if (oldest !== undefined) failedUntil.delete(oldest);
    }
    failedUntil.delete(key);
    failedUntil.set(key, now + windowMs);
  }

  return async (url, init) => {
    const target = new URL(url);
    const byOrigin = target.origin;
    const byPath = `${target.origin}${target.pathname}`;
    const until = Math.max(failedUntil.get(byOrigin) ?? 0, failedUntil.get(byPath) ?? 0);
    if (until > options.now()) throw new OutboundRecentlyFailedError(byPath, until);
    let response: Response;
    try {
      response = await fetch(url, init);
    } catch (error) {
      const signal = init?.signal;
      // The caller gave up (not a timeout): nothing is known about the upstream.
      const abandoned = signal?.aborted && (signal.reason as { name?: string })?.name !== 'TimeoutError';
      if (!abandoned) remember(causeCodes(error).some((code) => HOST_FAILURES.has(code)) ? byOrigin : byPath);
      throw error;
    }
    if (response.status >= 500) remember(byPath);
    return response;
  };
}
