import { describe, expect, it } from 'vitest';
import { createIpMatcher, normalizeThreatEntry, parseThreatListFile } from './threat-lists.js';

describe('threat list entries', () => {
  it('normalises addresses and ranges, IPv4-mapped as IPv4', () => {
    expect(normalizeThreatEntry(' 203.0.113.7 ')).toBe('203.0.113.7');
    expect(normalizeThreatEntry('10.20.1.5/16')).toBe('10.20.0.0/16');
    expect(normalizeThreatEntry('10.0.0.1/32')).toBe('10.0.0.1');
    expect(normalizeThreatEntry('2001:DB8:0:0::1/32')).toBe('2001:db8::/32');
    expect(normalizeThreatEntry('::ffff:10.1.2.3')).toBe('10.1.2.3');
    expect(normalizeThreatEntry('::ffff:10.0.0.0/104')).toBe('10.0.0.0/8');
    expect(normalizeThreatEntry('2001:db8::1/128')).toBe('2001:db8::1');
  });

  it('refuses what is not an address or a range', () => {
    for (const bad of [
      '',
      'tor',
      '10.0.0.256',
      '10.0.0.0/33',
      '2001:db8::/129',
      '10.0.0.0/8/8',
      'fe80::1%eth0',
      '::ffff:10.0.0.0/90',
    ])
      expect(normalizeThreatEntry(bad), bad).toBeUndefined();
  });

  it('matches addresses and ranges, v4 and v6, in any textual form', () => {
    const matcher = createIpMatcher(['203.0.113.7', '10.0.0.0/8', '2001:db8::/32']);
    expect(matcher.contains('203.0.113.7')).toBe(true);
    expect(matcher.contains('203.0.113.8')).toBe(false);
    expect(matcher.contains('10.255.1.1')).toBe(true);
    expect(matcher.contains('::ffff:10.1.1.1')).toBe(true);
    expect(matcher.contains('::ffff:a01:101')).toBe(true);
    expect(matcher.contains('11.0.0.1')).toBe(false);
    expect(matcher.contains('2001:DB8:ffff::1')).toBe(true);
    expect(matcher.contains('2001:db9::1')).toBe(false);
    expect(matcher.contains('not an ip')).toBe(false);
    expect(createIpMatcher(['0.0.0.0/0']).contains('198.51.100.1')).toBe(true);
    expect(createIpMatcher(['0.0.0.0/0']).contains('2001:db8::1')).toBe(false);
    expect(createIpMatcher(['::/0']).contains('2001:db8::1')).toBe(true);
  });

  it('stays fast at 100 000 entries', () => {
    const entries = Array.from(
      { length: 100_000 },
      (_, i) => `${16 + ((i >> 16) & 255)}.${(i >> 8) & 255}.${i & 255}.0/24`,
    );
    const matcher = createIpMatcher(entries);
    expect(matcher.contains('16.0.5.9')).toBe(true);
    const start = performance.now();
    for (let i = 0; i < 1000; i++) matcher.contains('203.0.113.5');
    expect((performance.now() - start) / 1000).toBeLessThan(0.1);
  });

  it('reads a file: one entry a line, comments and blank lines skipped', () => {
    expect(
      parseThreatListFile('# Tor exits\n203.0.113.7\r\n\n  10.0.0.0/8  # office VPN\n#2001:db8::/32\n'),
    ).toEqual(['203.0.113.7', '10.0.0.0/8']);
  });
});
