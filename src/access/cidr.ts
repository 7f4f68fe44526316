import { isIPv4, isIPv6 } from 'node:net';
import { parseIp } from '../platform/index.js';

/** A CIDR range read and put in its network form (host bits cleared, IPv6 compressed). */
export interface ParsedCidr {
  family: 4 | 6;
  /** `network/prefix`, e.g. `10.20.0.0/16` or `2001:db8::/32`. */
  cidr: string;
}

function bigIntToIpv4(value: bigint): string {
  return [24n, 16n, 8n, 0n].map((shift) => String((value >> shift) & 0xffn)).join('.');
}

/** RFC 5952: lower case, the longest run (of two or more) of zero hextets as `::`. */
function bigIntToIpv6(value: bigint): string {
  const parts = Array.from({ length: 8 }, (_, i) => Number((value >> BigInt((7 - i) * 16)) & 0xffffn));
  let best = { start: -1, length: 0 };
  for (let i = 0; i < 8; ) {
    if (parts[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && parts[j] === 0) j++;
    if (j - i > best.length && j - i > 1) best = { start: i, length: j - i };
    i = j;
  }
  const hex = parts.map((p) => p.toString(16));
  if (best.start < 0) return hex.join(':');
  const left = hex.slice(0, best.start).join(':');
  const right = hex.slice(best.start + best.length).join(':');
  return `${left}::${right}`;
}

/**
 * Reads `address/prefix`. Host bits set under the prefix are cleared (10.20.1.5/16 is stored
 * as 10.20.0.0/16), as routers and firewalls read such a range. Undefined when not a CIDR.
 */
export function parseCidr(value: string): ParsedCidr | undefined {
  const match = /^([^/\s]+)\/(\d{1,3})$/.exec(value.trim());
  if (!match) return undefined;
  const [, address = '', prefixText = ''] = match;
  const prefix = Number(prefixText);
  const number = parseIp(address)?.value ?? 0n;
  if (isIPv4(address)) {
    if (prefix > 32) return undefined;
    const mask = prefix === 0 ? 0n : ((1n << 32n) - 1n) ^ ((1n << BigInt(32 - prefix)) - 1n);
    return { family: 4, cidr: `${bigIntToIpv4(number & mask)}/${prefix}` };
  }
  if (isIPv6(address) && !address.includes('%')) {
    if (prefix > 128) return undefined;
    const mask = prefix === 0 ? 0n : ((1n << 128n) - 1n) ^ ((1n << BigInt(128 - prefix)) - 1n);
    return { family: 6, cidr: `${bigIntToIpv6(number & mask)}/${prefix}` };
  }
  return undefined;
}
