import {
  type AddressRange,
  classifyIp,
  effective,
  inRange,
  KIND_NAMES,
  NEVER,
  parseIp,
  parseRange,
} from './addresses.js';

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
