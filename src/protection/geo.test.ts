import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { createAsnLookup, DEFAULT_ASN_DIRECTORY } from './asn.js';
import {
  createGeoLocator,
  DEFAULT_GEO_DATABASES,
  loadGeoOverrides,
  loadGeoOverridesSync,
  parseGeoOverrides,
} from './geo.js';

const overrides = parseGeoOverrides({
  '10.0.0.0/8': { countryOrRegion: 'us', city: 'Redmond', state: 'Washington', asn: 64512 },
  '10.20.0.0/16': {
    countryOrRegion: 'NL',
    city: 'Amsterdam',
    latitude: 52.37,
    longitude: 4.89,
    asOrganization: 'Contoso',
  },
  '10.20.30.40': { countryOrRegion: 'BE', city: 'Brussels' },
  '2001:db8::/32': { countryOrRegion: 'DE', city: 'Berlin' },
  '2001:db8:1::/48': { countryOrRegion: 'FR', city: 'Paris' },
  // A public address the database places in the US, overridden for a corporate gateway.
  '8.8.8.0/24': { countryOrRegion: 'GB', city: 'London' },
});

describe('geo overrides', () => {
  const locator = createGeoLocator({ databases: [], overrides });

  it('answers from the longest matching prefix, whole and normalised', async () => {
    expect(await locator.lookup('10.1.2.3')).toEqual({
      city: 'Redmond',
      state: 'Washington',
      countryOrRegion: 'US',
      latitude: null,
      longitude: null,
      asn: 64512,
      asOrganization: null,
    });
    expect(await locator.lookup('10.20.1.1')).toMatchObject({
      countryOrRegion: 'NL',
      latitude: 52.37,
      longitude: 4.89,
      asn: null,
      asOrganization: 'Contoso',
    });
    expect((await locator.lookup('10.20.30.40'))?.city).toBe('Brussels');
    expect((await locator.lookup('10.20.30.41'))?.city).toBe('Amsterdam');
  });

  it('does not depend on the order of the file', async () => {
    const reversed = createGeoLocator({ databases: [], overrides: [...overrides].reverse() });
    expect((await reversed.lookup('10.20.30.40'))?.city).toBe('Brussels');
    expect((await reversed.lookup('2001:db8:1::5'))?.city).toBe('Paris');
  });

  it('matches IPv6 ranges in any textual form', async () => {
    expect((await locator.lookup('2001:db8:ffff::1'))?.city).toBe('Berlin');
    expect((await locator.lookup('2001:DB8:0001:0000::abcd'))?.city).toBe('Paris');
    expect((await locator.lookup('2001:db8:1::1%eth0'))?.city).toBe('Paris');
    expect(await locator.lookup('2001:db9::1')).toBeUndefined();
  });

  it('matches IPv4-mapped IPv6 addresses and ranges as IPv4', async () => {
    expect((await locator.lookup('::ffff:10.20.30.40'))?.city).toBe('Brussels');
    expect((await locator.lookup('::ffff:a14:1e29'))?.city).toBe('Amsterdam');
    const mapped = createGeoLocator({
      databases: [],
      overrides: parseGeoOverrides({ '::ffff:192.168.0.0/112': { city: 'Office' } }),
    });
    expect((await mapped.lookup('192.168.4.5'))?.city).toBe('Office');
    expect(await mapped.lookup('192.169.0.1')).toBeUndefined();
  });

  it('returns nothing for what is not an address', async () => {
    for (const bad of ['', 'nope', '10.0.0', '10.0.0.256', '10.0.0.0/8', ' 10.0.0.1 x', 'a'.repeat(5000)])
      expect(await locator.lookup(bad)).toBeUndefined();
  });

  it('refuses a bad file, naming the entry', () => {
    expect(() => parseGeoOverrides([])).toThrow(/JSON object/);
    expect(() => parseGeoOverrides({ '10.0.0.0/33': {} })).toThrow(/"10.0.0.0\/33"/);
    expect(() => parseGeoOverrides({ '10.0.0.0/8/1': {} })).toThrow(/CIDR range/);
    expect(() => parseGeoOverrides({ 'corp-net': {} })).toThrow(/"corp-net"/);
    expect(() => parseGeoOverrides({ '::ffff:10.0.0.0/64': {} })).toThrow(/::ffff:10.0.0.0\/64/);
    expect(() => parseGeoOverrides({ '10.0.0.0/8': { countryOrRegion: 'USA' } })).toThrow(
      /"10.0.0.0\/8": countryOrRegion must be an ISO 3166-1 alpha-2/,
    );
    expect(() => parseGeoOverrides({ '10.0.0.0/8': { latitude: 91, longitude: 0 } })).toThrow(/latitude/);
    expect(() => parseGeoOverrides({ '10.0.0.0/8': { latitude: 10 } })).toThrow(/go together/);
    expect(() => parseGeoOverrides({ '10.0.0.0/8': { asn: 'AS1' } })).toThrow(/asn/);
    expect(() => parseGeoOverrides({ '10.0.0.0/8': { town: 'x' } })).toThrow(/"10.0.0.0\/8"/);
  });

  it('reads an override file, naming the file when it is bad', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gatehouse-geo-'));
    const file = join(dir, 'overrides.json');
    writeFileSync(file, JSON.stringify({ '192.0.2.0/24': { countryOrRegion: 'CA' } }));
    expect((await loadGeoOverrides(file))[0]).toMatchObject({ cidr: '192.0.2.0/24', family: 'ipv4' });
    expect(loadGeoOverridesSync(file)).toHaveLength(1);
    writeFileSync(file, '{ nope');
    await expect(loadGeoOverrides(file)).rejects.toThrow(`${file} is not valid JSON`);
    await expect(loadGeoOverrides(join(dir, 'missing.json'))).rejects.toThrow(/cannot read .*missing.json/);
  });
});

describe('geo databases (DB-IP Lite, installed from npm)', () => {
  const locator = createGeoLocator({ databases: DEFAULT_GEO_DATABASES, overrides });

  it('places well-known public addresses', async () => {
    expect(DEFAULT_GEO_DATABASES).toHaveLength(2);
    const google = await locator.lookup('8.8.4.4');
    expect(google).toMatchObject({ countryOrRegion: 'US', asn: null });
    expect(typeof google?.city).toBe('string');
    expect(google?.latitude).toEqual(expect.any(Number));
    expect(google?.longitude).toEqual(expect.any(Number));
    expect((await locator.lookup('1.1.1.1'))?.countryOrRegion).toBe('AU');
    expect((await locator.lookup('::ffff:81.2.69.160'))?.countryOrRegion).toBe('GB');
    expect((await locator.lookup('2a00:1450:4001:80b::200e'))?.countryOrRegion).toBe('DE');
  });

  it('asks the overrides first', async () => {
    expect(await locator.lookup('8.8.8.8')).toMatchObject({ countryOrRegion: 'GB', city: 'London' });
  });

  it('leaves private and loopback addresses without an override unknown', async () => {
    for (const address of ['192.168.1.1', '172.16.0.1', '127.0.0.1', '::1', 'fd00::1', 'fe80::1'])
      expect(await locator.lookup(address)).toBeUndefined();
  });

  it('shares one reader among locators and answers quickly once open', async () => {
    const other = createGeoLocator({ databases: DEFAULT_GEO_DATABASES });
    const started = performance.now();
    expect((await other.lookup('8.8.8.8'))?.countryOrRegion).toBe('US');
    expect(performance.now() - started).toBeLessThan(50);
  });
});

describe('geo locator without a database', () => {
  it('uses the overrides only when the list is empty', async () => {
    const locator = createGeoLocator({ databases: [], overrides });
    expect(await locator.lookup('1.1.1.1')).toBeUndefined();
    expect((await locator.lookup('10.0.0.1'))?.city).toBe('Redmond');
  });

  it('warns once about a database that cannot be opened and goes on with the overrides', async () => {
    const warn = vi.fn();
    const missing = join(tmpdir(), 'gatehouse-no-such-geo.mmdb');
    const locator = createGeoLocator({ databases: [missing], overrides, logger: { warn } });
    expect(await Promise.all([locator.lookup('1.1.1.1'), locator.lookup('9.9.9.9')])).toEqual([
      undefined,
      undefined,
    ]);
    expect(await locator.lookup('1.0.0.1')).toBeUndefined();
    expect((await locator.lookup('10.0.0.1'))?.city).toBe('Redmond');
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]?.[0]).toMatchObject({ database: missing });
  });

  it('skips a broken file and keeps the good ones', async () => {
    const warn = vi.fn();
    const broken = join(mkdtempSync(join(tmpdir(), 'gatehouse-geo-')), 'broken.mmdb');
    writeFileSync(broken, 'not a database');
    const locator = createGeoLocator({ databases: [broken, ...DEFAULT_GEO_DATABASES], logger: { warn } });
    expect((await locator.lookup('8.8.8.8'))?.countryOrRegion).toBe('US');
    expect(warn).toHaveBeenCalledTimes(1);
  });
});

describe('geo locator with the ASN data', () => {
  const asn = createAsnLookup({ directory: DEFAULT_ASN_DIRECTORY });

  it('fills in the network the city databases do not know', async () => {
    const locator = createGeoLocator({ databases: DEFAULT_GEO_DATABASES, asn });
    expect(await locator.lookup('8.8.4.4')).toMatchObject({
      countryOrRegion: 'US',
      asn: 15169,
      asOrganization: 'Google LLC',
    });
    expect(await locator.lookup('2606:4700:4700::1111')).toMatchObject({ asn: 13335 });
  });

  it('keeps what an override says and fills in only a missing ASN', async () => {
    const locator = createGeoLocator({ databases: DEFAULT_GEO_DATABASES, overrides, asn });
    expect(await locator.lookup('8.8.8.8')).toMatchObject({ city: 'London', asn: 15169 });
    expect(await locator.lookup('10.1.2.3')).toMatchObject({ city: 'Redmond', asn: 64512 });
    expect(await locator.lookup('10.20.1.1')).toMatchObject({ asn: null, asOrganization: 'Contoso' });
    expect(await locator.lookup('192.168.1.1')).toBeUndefined();
  });

  it('answers with the network alone when there is no city database', async () => {
    const locator = createGeoLocator({ databases: [], asn });
    expect(await locator.lookup('1.1.1.1')).toEqual({
      city: null,
      state: null,
      countryOrRegion: null,
      latitude: null,
      longitude: null,
      asn: 13335,
      asOrganization: 'Cloudflare, Inc.',
    });
  });
});
