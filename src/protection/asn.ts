import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { isIP } from 'node:net';
import { dirname, join } from 'node:path';
import type { Logger } from '../platform/logger.js';
import { isUnroutable } from './geo.js';
import { normalizeIp } from './signals.js';

/** The network an address belongs to. */
export interface AsnInfo {
  asn: number;
  asOrganization: string;
}

export interface AsnLookup {
  /** The AS announcing `ip`; undefined when unknown, private or not an address. Never throws. */
  lookup(ip: string): Promise<AsnInfo | undefined>;
}

/** The CSV files of the directory (the `-num` forms of @ip-location-db/asn: integers, not dotted text). */
export const ASN_FILES = { ipv4: 'asn-ipv4-num.csv', ipv6: 'asn-ipv6-num.csv' } as const;

/** The RouteViews + NRO + DB-IP ASN data (CC BY 4.0) installed with the npm package; null if it is missing. */
export const DEFAULT_ASN_DIRECTORY: string | null = (() => {
  try {
    return dirname(createRequire(import.meta.url).resolve('@ip-location-db/asn/package.json'));
  } catch {
    return null;
  }
})();

/** Sorted, non-overlapping inclusive ranges; `org` indexes the shared organisation names. */
interface Ipv4Table {
  starts: Uint32Array;
  ends: Uint32Array;
  asns: Uint32Array;
  orgs: Uint32Array;
}

/** The same for IPv6, each 128-bit bound split in its high and low 64 bits. */
interface Ipv6Table {
  startHigh: BigUint64Array;
  startLow: BigUint64Array;
  endHigh: BigUint64Array;
  endLow: BigUint64Array;
  asns: Uint32Array;
  orgs: Uint32Array;
}

interface AsnTable {
  ipv4: Ipv4Table;
  ipv6: Ipv6Table;
  organizations: string[];
}

// ---------------------------------------------------------------------------------------
// Loading

/** Lines parsed between two yields to the event loop (a few milliseconds of work). */
const LINES_PER_SLICE = 10_000;
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));
const MASK_64 = (1n << 64n) - 1n;

/** One CSV line `start,end,asn,org` (org RFC 4180-quoted when it holds a comma or a quote). */
interface Row {
  start: string;
  end: string;
  asn: number;
  organization: string;
}

function parseRow(line: string): Row | undefined {
  const first = line.indexOf(',');
  const second = line.indexOf(',', first + 1);
  const third = line.indexOf(',', second + 1);
  if (first <= 0 || second < 0 || third < 0) return undefined;
  const asn = Number(line.slice(second + 1, third));
  if (!Number.isInteger(asn) || asn < 0 || asn > 0xffffffff) return undefined;
  let organization = line.slice(third + 1);
  if (organization.endsWith('\r')) organization = organization.slice(0, -1);
  if (organization.startsWith('"') && organization.endsWith('"') && organization.length >= 2)
    organization = organization.slice(1, -1).replaceAll('""', '"');
  return { start: line.slice(0, first), end: line.slice(first + 1, second), asn, organization };
}

/** Calls `onRow` for each line of `content`, yielding to the event loop every slice of lines. */
async function eachRow(content: string, path: string, onRow: (row: Row) => void): Promise<void> {
  let position = 0;
  let lineNumber = 0;
  while (position < content.length) {
    let next = content.indexOf('\n', position);
    if (next < 0) next = content.length;
    const line = content.slice(position, next);
    position = next + 1;
    lineNumber += 1;
    if (line.trim() === '') continue;
    const row = parseRow(line);
    if (!row) throw new Error(`${path}:${lineNumber}: expected start,end,asn,organization`);
    onRow(row);
    if (lineNumber % LINES_PER_SLICE === 0) await yieldToEventLoop();
  }
}

const countLines = (content: string) => {
  let count = 1;
  for (let at = content.indexOf('\n'); at >= 0; at = content.indexOf('\n', at + 1)) count += 1;
  return count;
};

/** Organisation names, each kept once (many ranges share one). */
function organizationIndex() {
  const names: string[] = [];
  const indexOf = new Map<string, number>();
  return {
    names,
    add(name: string): number {
      let index = indexOf.get(name);
      if (index === undefined) {
        index = names.length;
        // A copy: a slice of the file's text would keep the whole text alive.
        names.push(Buffer.from(name, 'utf8').toString('utf8'));
        indexOf.set(name, index);
      }
      return index;
    },
  };
}

type Organizations = ReturnType<typeof organizationIndex>;

const toUint32 = (text: string, path: string): number => {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0 || value > 0xffffffff)
    throw new Error(`${path}: ${JSON.stringify(text.slice(0, 40))} is not an IPv4 address number`);
  return value;
};

const toUint128 = (text: string, path: string): bigint => {
  if (!/^\d{1,39}$/.test(text) || BigInt(text) >> 128n !== 0n)
    throw new Error(`${path}: ${JSON.stringify(text.slice(0, 40))} is not an IPv6 address number`);
  return BigInt(text);
};

/**
 * The rows must be sorted by start. Where a row overlaps the previous one (a handful do), the
 * later, usually more specific, row wins: the previous range is cut short where it begins.
 */
async function loadIpv4(path: string, organizations: Organizations): Promise<Ipv4Table> {
  const content = await readFile(path, 'utf8');
  const capacity = countLines(content);
  const starts = new Uint32Array(capacity);
  const ends = new Uint32Array(capacity);
  const asns = new Uint32Array(capacity);
  const orgs = new Uint32Array(capacity);
  let count = 0;
  await eachRow(content, path, (row) => {
    const start = toUint32(row.start, path);
    const end = toUint32(row.end, path);
    if (end < start) throw new Error(`${path}: range ${start}-${end} ends before it starts`);
    if (count > 0) {
      const previous = count - 1;
      if (start <= (starts[previous] ?? 0)) throw new Error(`${path}: ranges are not sorted at ${start}`);
      if (start <= (ends[previous] ?? 0)) ends[previous] = start - 1;
    }
    starts[count] = start;
    ends[count] = end;
    asns[count] = row.asn;
    orgs[count] = organizations.add(row.organization);
    count += 1;
  });
  return {
    starts: starts.slice(0, count),
    ends: ends.slice(0, count),
    asns: asns.slice(0, count),
    orgs: orgs.slice(0, count),
  };
}

async function loadIpv6(path: string, organizations: Organizations): Promise<Ipv6Table> {
  const content = await readFile(path, 'utf8');
  const capacity = countLines(content);
  const startHigh = new BigUint64Array(capacity);
  const startLow = new BigUint64Array(capacity);
  const endHigh = new BigUint64Array(capacity);
  const endLow = new BigUint64Array(capacity);
  const asns = new Uint32Array(capacity);
  const orgs = new Uint32Array(capacity);
  let count = 0;
  let previousStart = -1n;
  let previousEnd = -1n;
  await eachRow(content, path, (row) => {
    const start = toUint128(row.start, path);
    const end = toUint128(row.end, path);
    if (end < start) throw new Error(`${path}: range ${start}-${end} ends before it starts`);
    if (start <= previousStart) throw new Error(`${path}: ranges are not sorted at ${start}`);
    if (start <= previousEnd) {
      endHigh[count - 1] = (start - 1n) >> 64n;
      endLow[count - 1] = (start - 1n) & MASK_64;
    }
    startHigh[count] = start >> 64n;
    startLow[count] = start & MASK_64;
    endHigh[count] = end >> 64n;
    endLow[count] = end & MASK_64;
    asns[count] = row.asn;
    orgs[count] = organizations.add(row.organization);
    previousStart = start;
    previousEnd = end;
    count += 1;
  });
  return {
    startHigh: startHigh.slice(0, count),
    startLow: startLow.slice(0, count),
    endHigh: endHigh.slice(0, count),
    endLow: endLow.slice(0, count),
    asns: asns.slice(0, count),
    orgs: orgs.slice(0, count),
  };
}

async function loadTable(directory: string): Promise<AsnTable> {
  const organizations = organizationIndex();
  // One after the other: the organisation indexes must not interleave, and memory peaks lower.
  const ipv4 = await loadIpv4(join(directory, ASN_FILES.ipv4), organizations);
  const ipv6 = await loadIpv6(join(directory, ASN_FILES.ipv6), organizations);
  return { ipv4, ipv6, organizations: organizations.names };
}

/**
 * Loaded tables by directory, shared by every lookup of the process (about 20 MB each, and a
 * second to load). A failed load is kept too, so it is not retried on every sign-in.
 */
const loadedTables = new Map<string, Promise<AsnTable | Error>>();

function tableOf(directory: string): Promise<AsnTable | Error> {
  let loading = loadedTables.get(directory);
  if (!loading) {
    loading = loadTable(directory).catch((error: unknown) =>
      error instanceof Error ? error : new Error(String(error)),
    );
    loadedTables.set(directory, loading);
  }
  return loading;
}

// ---------------------------------------------------------------------------------------
// Lookup

/** Index of the last range starting at or before `address`, or -1. */
function findIpv4(table: Ipv4Table, address: number): number {
  let low = 0;
  let high = table.starts.length - 1;
  let found = -1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    if ((table.starts[middle] ?? 0) <= address) {
      found = middle;
      low = middle + 1;
    } else high = middle - 1;
  }
  return found >= 0 && address <= (table.ends[found] ?? 0) ? found : -1;
}

const atOrBefore = (aHigh: bigint, aLow: bigint, bHigh: bigint, bLow: bigint) =>
  aHigh < bHigh || (aHigh === bHigh && aLow <= bLow);

function findIpv6(table: Ipv6Table, high: bigint, low: bigint): number {
  let first = 0;
  let last = table.startHigh.length - 1;
  let found = -1;
  while (first <= last) {
    const middle = (first + last) >>> 1;
    if (atOrBefore(table.startHigh[middle] ?? 0n, table.startLow[middle] ?? 0n, high, low)) {
      found = middle;
      first = middle + 1;
    } else last = middle - 1;
  }
  return found >= 0 && atOrBefore(high, low, table.endHigh[found] ?? 0n, table.endLow[found] ?? 0n)
    ? found
    : -1;
}

const ipv4Number = (address: string) =>
  address.split('.').reduce((value, octet) => value * 256 + Number(octet), 0);

/** The 16-bit groups of a canonical IPv6 address (`::` expanded, any dotted IPv4 tail as two groups). */
function ipv6Groups(address: string): number[] {
  let text = address;
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const value = ipv4Number(dotted[1] ?? '');
    text = `${text.slice(0, dotted.index)}${(value >>> 16).toString(16)}:${(value & 0xffff).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const parse = (part: string) =>
    part === '' ? [] : part.split(':').map((group) => Number.parseInt(group, 16));
  const before = parse(head);
  if (tail === undefined) return before;
  const after = parse(tail);
  return [...before, ...new Array<number>(8 - before.length - after.length).fill(0), ...after];
}

function ipv6Halves(address: string): [bigint, bigint] {
  const groups = ipv6Groups(address);
  const half = (from: number) =>
    groups.slice(from, from + 4).reduce((value, group) => (value << 16n) | BigInt(group), 0n);
  return [half(0), half(4)];
}

function find(table: AsnTable, address: string, family: 'ipv4' | 'ipv6'): AsnInfo | undefined {
  let asn: number | undefined;
  let org: number | undefined;
  if (family === 'ipv4') {
    const index = findIpv4(table.ipv4, ipv4Number(address));
    if (index < 0) return undefined;
    asn = table.ipv4.asns[index];
    org = table.ipv4.orgs[index];
  } else {
    const [high, low] = ipv6Halves(address);
    const index = findIpv6(table.ipv6, high, low);
    if (index < 0) return undefined;
    asn = table.ipv6.asns[index];
    org = table.ipv6.orgs[index];
  }
  if (asn === undefined || org === undefined) return undefined;
  return { asn, asOrganization: table.organizations[org] ?? '' };
}

/**
 * A lookup in the CSV files of `directory` (`null`: none, every answer is undefined). The files
 * load on the first lookup of a public address; a directory that cannot be loaded is logged once
 * and every answer is then undefined.
 */
export function createAsnLookup(options: {
  directory: string | null;
  logger?: Pick<Logger, 'warn'>;
}): AsnLookup {
  const { directory, logger } = options;
  let table: AsnTable | undefined;
  let failed = false;
  let loading: Promise<AsnTable | undefined> | undefined;

  const load = (from: string) => {
    loading ??= tableOf(from).then((result) => {
      if (result instanceof Error) {
        failed = true;
        logger?.warn({ err: result, directory: from }, 'ASN data cannot be loaded; locations carry no ASN');
        return undefined;
      }
      table = result;
      return table;
    });
    return loading;
  };

  return {
    async lookup(ip) {
      if (directory === null || failed) return undefined;
      const address = normalizeIp(ip);
      if (address === undefined) return undefined;
      const family = isIP(address) === 4 ? 'ipv4' : 'ipv6';
      if (isUnroutable(address, family)) return undefined;
      const loaded = table ?? (await load(directory));
      return loaded ? find(loaded, address, family) : undefined;
    },
  };
}
