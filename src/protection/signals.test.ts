import { describe, expect, it } from 'vitest';
import { clientIp, createTrustedProxies, normalizeIp, parseUserAgent } from './signals.js';

describe('normalizeIp', () => {
  it('gives one text form per address', () => {
    expect(normalizeIp('203.0.113.7')).toBe('203.0.113.7');
    expect(normalizeIp('::ffff:127.0.0.1')).toBe('127.0.0.1');
    expect(normalizeIp('::FFFF:7f00:1')).toBe('127.0.0.1');
    expect(normalizeIp('2001:DB8:0:0:0:0:0:1')).toBe('2001:db8::1');
    expect(normalizeIp('fe80::1%eth0')).toBe('fe80::1');
  });

  it('says undefined for anything else', () => {
    for (const bad of [
      '',
      'unknown',
      '1.2.3',
      '01.2.3.4',
      '1.2.3.4:80',
      '[::1]',
      'x'.repeat(100),
      '256.1.1.1',
    ])
      expect(normalizeIp(bad)).toBeUndefined();
  });
});

describe('createTrustedProxies', () => {
  it('takes IPv4 and IPv6 addresses and ranges', () => {
    const proxies = createTrustedProxies(['10.0.0.0/8', ' 192.168.1.10 ', '2001:db8::/32', '::1']);
    expect(proxies.entries).toEqual(['10.0.0.0/8', '192.168.1.10', '2001:db8::/32', '::1']);
    expect(proxies.contains('10.200.3.4')).toBe(true);
    expect(proxies.contains('::ffff:10.200.3.4')).toBe(true);
    expect(proxies.contains('192.168.1.10')).toBe(true);
    expect(proxies.contains('192.168.1.11')).toBe(false);
    expect(proxies.contains('2001:db8:ffff::9')).toBe(true);
    expect(proxies.contains('2001:db9::9')).toBe(false);
    expect(proxies.contains('0:0:0:0:0:0:0:1')).toBe(true);
    expect(proxies.contains('garbage')).toBe(false);
  });

  it('reads an IPv4-mapped entry as the IPv4 address or range it maps', () => {
    const proxies = createTrustedProxies(['::ffff:127.0.0.1', '::ffff:172.16.0.0/108']);
    expect(proxies.entries).toEqual(['127.0.0.1', '172.16.0.0/12']);
    expect(proxies.contains('127.0.0.1')).toBe(true);
    expect(proxies.contains('172.31.255.1')).toBe(true);
    expect(proxies.contains('172.32.0.1')).toBe(false);
  });

  it('is empty for an empty list', () => {
    const none = createTrustedProxies([]);
    expect(none.entries).toEqual([]);
    expect(none.contains('127.0.0.1')).toBe(false);
  });

  it('refuses an invalid entry, naming it', () => {
    for (const bad of [
      '',
      'localhost',
      '10.0.0.0/33',
      '10.0.0.0/',
      '10.0.0.0/8/8',
      '2001:db8::/129',
      '10.0.0.0/x',
      '::ffff:10.0.0.0/95',
      '1.2.3.4:80',
    ])
      expect(() => createTrustedProxies([bad]), bad).toThrow(
        /invalid trusted proxy ".*": expected an IP address or a CIDR range/,
      );
    expect(() => createTrustedProxies(['10.0.0.0/8', 'nope'])).toThrow('"nope"');
  });
});

describe('clientIp', () => {
  const proxies = createTrustedProxies(['10.0.0.0/8', '::1']);

  it('is the direct peer when no proxy is trusted or none sent the request', () => {
    expect(clientIp({ remoteAddress: '203.0.113.7', forwardedFor: '198.51.100.1' }, proxies)).toBe(
      '203.0.113.7',
    );
    expect(
      clientIp({ remoteAddress: '10.0.0.5', forwardedFor: '198.51.100.1' }, createTrustedProxies([])),
    ).toBe('10.0.0.5');
    expect(clientIp({ remoteAddress: '::ffff:203.0.113.7' }, proxies)).toBe('203.0.113.7');
    expect(clientIp({ remoteAddress: '10.0.0.5' }, proxies)).toBe('10.0.0.5');
  });

  it('walks X-Forwarded-For from the right, skipping trusted hops', () => {
    const via = (forwardedFor: string | string[]) =>
      clientIp({ remoteAddress: '10.0.0.5', forwardedFor }, proxies);
    expect(via('198.51.100.1')).toBe('198.51.100.1');
    expect(via('198.51.100.1, 10.1.1.1, 10.2.2.2')).toBe('198.51.100.1');
    // What the client wrote itself (left of its own address) is never believed.
    expect(via('6.6.6.6, 198.51.100.1, 10.1.1.1')).toBe('198.51.100.1');
    expect(via(['6.6.6.6', '198.51.100.1, 10.1.1.1'])).toBe('198.51.100.1');
    expect(clientIp({ remoteAddress: '::ffff:10.0.0.5', forwardedFor: '::1, 10.0.0.9' }, proxies)).toBe(
      '::1',
    );
  });

  it('understands ports, brackets and IPv6 in X-Forwarded-For', () => {
    const via = (forwardedFor: string) => clientIp({ remoteAddress: '::1', forwardedFor }, proxies);
    expect(via('198.51.100.1:51234')).toBe('198.51.100.1');
    expect(via('[2001:DB8::7]:443')).toBe('2001:db8::7');
    expect(via('[2001:db8::7]')).toBe('2001:db8::7');
    expect(via(' 2001:db8::7 ')).toBe('2001:db8::7');
    expect(via('::ffff:198.51.100.1')).toBe('198.51.100.1');
  });

  it('stops at garbage, at the last hop it can vouch for', () => {
    const via = (forwardedFor: string) => clientIp({ remoteAddress: '10.0.0.5', forwardedFor }, proxies);
    expect(via('6.6.6.6, unknown')).toBe('10.0.0.5');
    expect(via('6.6.6.6, <script>, 10.1.1.1')).toBe('10.1.1.1');
    expect(via('6.6.6.6,,10.1.1.1')).toBe('10.1.1.1');
    expect(via('')).toBe('10.0.0.5');
    expect(via(`${'x'.repeat(10_000)}, 198.51.100.1`)).toBe('198.51.100.1');
    expect(via('[::1]:99999999')).toBe('10.0.0.5');
    expect(via('1.2.3.4:80:80')).toBe('10.0.0.5');
    // A chain of trusted hops longer than any real one ends at the last hop walked.
    expect(via(['198.51.100.1', ...Array.from({ length: 40 }, (_, i) => `10.0.0.${i}`)].join(','))).toMatch(
      /^10\./,
    );
  });

  it('gives back a peer that is not an address as it is', () => {
    expect(clientIp({ remoteAddress: '', forwardedFor: '198.51.100.1' }, proxies)).toBe('');
  });
});

describe('parseUserAgent', () => {
  const cases: [string, string | undefined, ReturnType<typeof parseUserAgent>][] = [
    [
      'Chrome on Windows',
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36',
      {
        browser: 'Chrome 120.0',
        operatingSystem: 'Windows 10',
        deviceType: 'desktop',
        clientAppUsed: 'Browser',
      },
    ],
    [
      'Safari on iPhone',
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_1_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1.2 Mobile/15E148 Safari/604.1',
      { browser: 'Safari 17.1', operatingSystem: 'iOS 17', deviceType: 'mobile', clientAppUsed: 'Browser' },
    ],
    [
      'Firefox on Linux',
      'Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0',
      { browser: 'Firefox 121.0', operatingSystem: 'Linux', deviceType: 'desktop', clientAppUsed: 'Browser' },
    ],
    [
      'headless Chromium',
      'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/120.0.6099.28 Safari/537.36',
      { browser: 'Chrome 120.0', operatingSystem: 'Linux', deviceType: 'desktop', clientAppUsed: 'Browser' },
    ],
    [
      'Chrome on Android',
      'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.6099.144 Mobile Safari/537.36',
      {
        browser: 'Chrome 120.0',
        operatingSystem: 'Android 14',
        deviceType: 'mobile',
        clientAppUsed: 'Browser',
      },
    ],
    [
      'Safari on iPad',
      'Mozilla/5.0 (iPad; CPU OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Mobile/15E148 Safari/604.1',
      { browser: 'Safari 17.2', operatingSystem: 'iOS 17', deviceType: 'tablet', clientAppUsed: 'Browser' },
    ],
    [
      'Safari on a Mac',
      'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Safari/605.1.15',
      { browser: 'Safari 17.2', operatingSystem: 'macOS', deviceType: 'desktop', clientAppUsed: 'Browser' },
    ],
    [
      'Edge on Windows',
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0.2210.91',
      {
        browser: 'Edge 120.0',
        operatingSystem: 'Windows 10',
        deviceType: 'desktop',
        clientAppUsed: 'Browser',
      },
    ],
    [
      'an Electron app',
      'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Electron/28.0.0',
      {
        browser: 'Electron 28.0',
        operatingSystem: 'Linux',
        deviceType: 'desktop',
        clientAppUsed: 'Mobile Apps and Desktop clients',
      },
    ],
    [
      'curl',
      'curl/8.5.0',
      {
        browser: 'Unknown',
        operatingSystem: 'Unknown',
        deviceType: 'other',
        clientAppUsed: 'Mobile Apps and Desktop clients',
      },
    ],
    [
      'a native app',
      'MyApp/1.0 CFNetwork/1408.0.4 Darwin/22.5.0',
      {
        browser: 'Unknown',
        operatingSystem: 'Unknown',
        deviceType: 'other',
        clientAppUsed: 'Mobile Apps and Desktop clients',
      },
    ],
    [
      'an empty header',
      '',
      {
        browser: 'Unknown',
        operatingSystem: 'Unknown',
        deviceType: 'other',
        clientAppUsed: 'Mobile Apps and Desktop clients',
      },
    ],
    [
      'no header',
      undefined,
      {
        browser: 'Unknown',
        operatingSystem: 'Unknown',
        deviceType: 'other',
        clientAppUsed: 'Mobile Apps and Desktop clients',
      },
    ],
  ];

  it.each(cases)('reads %s', (_name, ua, expected) => {
    expect(parseUserAgent(ua)).toEqual(expected);
  });

  it('calls a crawler neither a browser nor a device', () => {
    expect(
      parseUserAgent('Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)'),
    ).toMatchObject({
      deviceType: 'other',
      clientAppUsed: 'Mobile Apps and Desktop clients',
    });
  });

  it('caps what it reads and never echoes raw header text', () => {
    const hostile = `Mozilla/5.0 (Windows NT 10.0) Chrome/120.0.0.0 ${'<script>'.repeat(10_000)}`;
    const started = performance.now();
    const details = parseUserAgent(hostile);
    expect(performance.now() - started).toBeLessThan(500);
    expect(details.browser).toBe('Chrome 120.0');
    expect(parseUserAgent('<img src=x onerror=alert(1)>/1.0').browser).toBe('Unknown');
    expect(parseUserAgent(' '.repeat(600)).browser).toBe('Unknown');
  });
});
