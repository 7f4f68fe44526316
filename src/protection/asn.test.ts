import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { ASN_FILES, createAsnLookup, DEFAULT_ASN_DIRECTORY } from './asn.js';

const v6 = (high32: number) => BigInt(high32) << 96n;

/** A small directory in the package's format, with a gap, an overlap and quoted names. */
function fixture(ipv4: string, ipv6: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-asn-'));
  writeFileSync(join(dir, ASN_FILES.ipv4), ipv4);
  writeFileSync(join(dir, ASN_FILES.ipv6), ipv6);
  return dir;
}

const small = fixture(
  [
    '16777216,16777471,13335,"Cloudflare, Inc."', // 1.0.0.0 - 1.0.0.255
    '16778240,16779263,38803,Gtelecom Pty Ltd', // 1.0.4.0 - 1.0.7.255
    '16779000,16779100,64500,"LLC ""SPUTNIK"""', // overlaps the previous range: wins from its start
    '4294967040,4294967295,64501,Last', // 255.255.255.0 - 255.255.255.255 (reserved, never asked)
    '',
  ].join('\r\n'),
  [
    `${v6(0x26064700)},${v6(0x26064701) - 1n},13335,"Cloudflare, Inc."`, // 2606:4700::/32
    `${v6(0x2a001450)},${v6(0x2a001451) - 1n},15169,Google LLC`, // 2a00:1450::/32
    '',
  ].join('\n'),
);

describe('ASN lookup on the package files', () => {
  const lookup = createAsnLookup({ directory: DEFAULT_ASN_DIRECTORY });

  it('finds well-known networks, IPv4, IPv6 and IPv4-mapped', async () => {
    expect(DEFAULT_ASN_DIRECTORY).toEqual(expect.any(String));
    expect(await lookup.lookup('1.1.1.1')).toEqual({ asn: 13335, asOrganization: 'Cloudflare, Inc.' });
    expect(await lookup.lookup('8.8.8.8')).toEqual({ asn: 15169, asOrganization: 'Google LLC' });
    expect(await lookup.lookup('::ffff:8.8.4.4')).toEqual({ asn: 15169, asOrganization: 'Google LLC' });
    expect(await lookup.lookup('2606:4700:4700::1111')).toEqual({
      asn: 13335,
      asOrganization: 'Cloudflare, Inc.',
    });
    expect((await lookup.lookup('2001:4860:4860::8888'))?.asn).toBe(15169);
  });

  it('answers in microseconds once loaded, shared with every other lookup', async () => {
    await lookup.lookup('1.1.1.1');
    const other = createAsnLookup({ directory: DEFAULT_ASN_DIRECTORY });
    const started = performance.now();
    expect((await other.lookup('9.9.9.9'))?.asn).toBe(19281);
    expect(performance.now() - started).toBeLessThan(50);
    const rounds = 20_000;
    const timed = performance.now();
    for (let i = 0; i < rounds; i++) await other.lookup(i % 2 ? '8.8.8.8' : '2606:4700:4700::1111');
    expect(((performance.now() - timed) * 1000) / rounds).toBeLessThan(100);
  });
});

describe('ASN lookup', () => {
  const lookup = createAsnLookup({ directory: small });

  it('includes both ends of a range and nothing in the gaps', async () => {
    expect(await lookup.lookup('1.0.0.0')).toEqual({ asn: 13335, asOrganization: 'Cloudflare, Inc.' });
    expect((await lookup.lookup('1.0.0.255'))?.asn).toBe(13335);
    expect(await lookup.lookup('1.0.1.0')).toBeUndefined();
    expect(await lookup.lookup('1.0.3.255')).toBeUndefined();
    expect((await lookup.lookup('1.0.4.0'))?.asn).toBe(38803);
    expect(await lookup.lookup('0.255.255.255')).toBeUndefined();
    expect(await lookup.lookup('1.0.8.0')).toBeUndefined();
    expect((await lookup.lookup('2606:4700::'))?.asn).toBe(13335);
    expect((await lookup.lookup('2606:4700:ffff:ffff:ffff:ffff:ffff:ffff'))?.asn).toBe(13335);
    expect(await lookup.lookup('2606:4701::')).toBeUndefined();
    expect(await lookup.lookup('2606:46ff:ffff:ffff:ffff:ffff:ffff:ffff')).toBeUndefined();
    expect(await lookup.lookup('2a00:1450:4001:80b::200e')).toEqual({
      asn: 15169,
      asOrganization: 'Google LLC',
    });
    expect(await lookup.lookup('2001:db8::1')).toBeUndefined();
  });

  it('lets an overlapping row win from where it starts, and unquotes names', async () => {
    const overlapStart = '1.0.6.248'; // 16779000
    expect((await lookup.lookup('1.0.6.247'))?.asn).toBe(38803);
    expect(await lookup.lookup(overlapStart)).toEqual({ asn: 64500, asOrganization: 'LLC "SPUTNIK"' });
    expect((await lookup.lookup('1.0.7.92'))?.asn).toBe(64500); // 16779100
    expect(await lookup.lookup('1.0.7.93')).toBeUndefined();
  });

  it('does not load anything for private or invalid addresses', async () => {
    const warn = vi.fn();
    const missing = createAsnLookup({ directory: join(tmpdir(), 'gatehouse-no-such-asn'), logger: { warn } });
    for (const address of ['10.0.0.1', '192.168.1.1', '127.0.0.1', '::1', 'fd00::1', 'fe80::1', 'nope', ''])
      expect(await missing.lookup(address)).toBeUndefined();
    expect(warn).not.toHaveBeenCalled();
  });

  it('warns once about a directory it cannot load and answers undefined', async () => {
    const warn = vi.fn();
    const directory = join(tmpdir(), 'gatehouse-no-such-asn-dir');
    const missing = createAsnLookup({ directory, logger: { warn } });
    expect(await Promise.all([missing.lookup('1.1.1.1'), missing.lookup('8.8.8.8')])).toEqual([
      undefined,
      undefined,
    ]);
    expect(await missing.lookup('2606:4700::1')).toBeUndefined();
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]?.[0]).toMatchObject({ directory });
  });

  it('refuses a malformed file', async () => {
    const warn = vi.fn();
    const broken = createAsnLookup({ directory: fixture('1,2,3,ok\nnot a row\n', ''), logger: { warn } });
    expect(await broken.lookup('1.1.1.1')).toBeUndefined();
    expect(warn.mock.calls[0]?.[0].err.message).toMatch(/asn-ipv4-num.csv:2/);
  });

  it('answers nothing without a directory', async () => {
    expect(await createAsnLookup({ directory: null }).lookup('1.1.1.1')).toBeUndefined();
  });
});
