import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  type AddressKind,
  classifyAddress,
  createOutbound,
  createOutboundPolicy,
  NO_OUTBOUND_ALLOWANCE,
  type OutboundFetch,
  type OutboundLookup,
  OutboundRecentlyFailedError,
  OutboundRefusedError,
  parseOutboundAllowance,
  rememberFailures,
} from './index.js';

describe('address classification', () => {
  it.each<[string, AddressKind]>([
    // IPv4
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['172.32.0.1', 'public'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'private'],
    ['100.127.255.255', 'private'],
    ['100.128.0.1', 'public'],
    ['169.254.169.254', 'linkLocal'],
    ['169.254.0.1', 'linkLocal'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['240.0.0.1', 'reserved'],
    ['192.0.2.1', 'reserved'],
    ['198.18.0.1', 'reserved'],
    ['8.8.8.8', 'public'],
    ['93.184.216.34', 'public'],
    // IPv6
    ['::', 'unspecified'],
    ['::1', 'loopback'],
    ['[::1]', 'loopback'],
    ['0:0:0:0:0:0:0:1', 'loopback'],
    ['fe80::1', 'linkLocal'],
    ['fe80::1%eth0', 'linkLocal'],
    ['febf::1', 'linkLocal'],
    ['fec0::1', 'private'],
    ['fc00::1', 'private'],
    ['fd12:3456::1', 'private'],
    ['ff02::1', 'multicast'],
    ['2001:db8::1', 'reserved'],
    ['2001:0:4136:e378::1', 'reserved'],
    ['2606:4700:4700::1111', 'public'],
    ['2a00:1450:4007:80e::200e', 'public'],
    // IPv4 inside IPv6: judged as the IPv4 address it leads to.
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::FFFF:169.254.169.254', 'linkLocal'],
    ['::ffff:a9fe:a9fe', 'linkLocal'],
    ['::ffff:10.0.0.1', 'private'],
    ['::ffff:8.8.8.8', 'public'],
    ['::ffff:0:127.0.0.1', 'loopback'],
    ['64:ff9b::a9fe:a9fe', 'linkLocal'],
    ['64:ff9b::808:808', 'public'],
    ['64:ff9b:1::a', 'reserved'],
    ['2002:a9fe:a9fe::1', 'linkLocal'],
    ['2002:7f00:1::', 'loopback'],
    ['2002:808:808::1', 'public'],
    ['::127.0.0.1', 'reserved'],
    // Not an address at all: refused.
    ['localhost', 'reserved'],
    ['', 'reserved'],
    ['1.2.3', 'reserved'],
    ['127.0.0.1.nip.io', 'reserved'],
  ])('%s is %s', (address, kind) => {
    expect(classifyAddress(address)).toBe(kind);
  });
});

describe('the allowance (GATEHOUSE_OUTBOUND_ALLOW)', () => {
  it('is none by default', () => {
    for (const value of [undefined, '', ' ', 'none', 'NONE', []])
      expect(parseOutboundAllowance(value)).toEqual(NO_OUTBOUND_ALLOWANCE);
  });

  it('reads loopback, private and address ranges, from a list or an array', () => {
    const allowance = parseOutboundAllowance(' Loopback, private ,10.20.1.5/16, fd00::/8, 192.168.7.7');
    expect(allowance).toMatchObject({ loopback: true, private: true });
    expect(allowance.ranges.map((r) => [r.family, r.prefix, r.text])).toEqual([
      [4, 16, '10.20.1.5/16'],
      [6, 8, 'fd00::/8'],
      [4, 32, '192.168.7.7'],
    ]);
    expect(parseOutboundAllowance(['loopback', '10.0.0.0/8'])).toMatchObject({
      loopback: true,
      private: false,
      ranges: [{ family: 4, prefix: 8 }],
    });
  });

  it.each([
    ['intranet', /'intranet' is not loopback, private, none, or an address range/],
    ['10.0.0.0/33', /'10.0.0.0\/33' is not/],
    ['fe80::1%eth0', /is not/],
    ['none,loopback', /'none' cannot be combined/],
    ['169.254.0.0/16', /'169.254.0.0\/16' is a link-local address range, which is never allowed/],
    ['169.254.169.254', /link-local/],
    ['::ffff:169.254.169.254', /link-local/],
    ['fe80::/10', /link-local/],
    ['224.0.0.0/4', /multicast/],
    ['0.0.0.0/8', /unspecified/],
  ])('refuses %s', (value, message) => {
    expect(() => parseOutboundAllowance(value)).toThrow(message);
  });
});

describe('the outbound policy', () => {
  const refused = (allow: string, address: string) =>
    createOutboundPolicy(parseOutboundAllowance(allow)).refusal(address);

  it('allows public addresses, and nothing else, by default', () => {
    expect(refused('none', '8.8.8.8')).toBeUndefined();
    expect(refused('none', '2606:4700:4700::1111')).toBeUndefined();
    expect(refused('none', '127.0.0.1')).toBe('a loopback address, not allowed by GATEHOUSE_OUTBOUND_ALLOW');
    expect(refused('none', '::ffff:127.0.0.1')).toMatch(/loopback/);
    expect(refused('none', '10.0.0.1')).toBe('a private address, not allowed by GATEHOUSE_OUTBOUND_ALLOW');
    expect(refused('none', 'fd00::1')).toMatch(/private/);
    expect(refused('none', '100.64.1.1')).toMatch(/private/);
    expect(refused('none', '192.0.2.10')).toMatch(/special-use/);
    expect(refused('none', 'not-an-ip')).toBe('not an IP address');
  });

  it('allows loopback and private addresses when told, each on its own', () => {
    for (const address of ['127.0.0.1', '127.1.2.3', '::1', '::ffff:127.0.0.1'])
      expect(refused('loopback', address)).toBeUndefined();
    expect(refused('loopback', '10.0.0.1')).toMatch(/private/);
    for (const address of [
      '10.0.0.1',
      '172.20.1.1',
      '192.168.0.10',
      '100.64.0.1',
      'fd12::1',
      '::ffff:10.1.1.1',
    ])
      expect(refused('private', address)).toBeUndefined();
    expect(refused('private', '127.0.0.1')).toMatch(/loopback/);
  });

  it('allows exactly the ranges given', () => {
    expect(refused('10.20.0.0/16', '10.20.3.4')).toBeUndefined();
    expect(refused('10.20.0.0/16', '::ffff:10.20.3.4')).toBeUndefined();
    expect(refused('10.20.0.0/16', '10.21.0.1')).toMatch(/private/);
    expect(refused('::ffff:10.20.0.0/112', '10.20.9.9')).toBeUndefined();
    expect(refused('fd00:1::/32', 'fd00:1::5')).toBeUndefined();
    expect(refused('fd00:1::/32', 'fd00:2::5')).toMatch(/private/);
    expect(refused('127.0.0.1', '127.0.0.1')).toBeUndefined();
    expect(refused('127.0.0.1', '127.0.0.2')).toMatch(/loopback/);
    // Special-use ranges only by name.
    expect(refused('198.18.0.0/15', '198.19.1.1')).toBeUndefined();
    expect(refused('loopback,private', '198.19.1.1')).toMatch(/special-use/);
  });

  it('never allows link-local, unspecified, multicast or broadcast addresses, whatever is allowed', () => {
    const everything = 'loopback,private,0.0.0.0/0,::/0';
    for (const address of [
      '169.254.169.254',
      '::ffff:169.254.169.254',
      '::ffff:a9fe:a9fe',
      '64:ff9b::a9fe:a9fe',
      '2002:a9fe:a9fe::',
      'fe80::1',
      'fe80::a9fe:a9fe%eth0',
      '0.0.0.0',
      '::',
      '224.0.0.251',
      'ff02::fb',
      '255.255.255.255',
    ])
      expect(refused(everything, address), address).toMatch(/never allowed/);
    expect(refused(everything, '10.0.0.1')).toBeUndefined();
  });
});

/** A local server counting what it is asked; `respond` answers. */
async function startServer(respond: (req: IncomingMessage, res: ServerResponse) => void) {
  const hits: string[] = [];
  const server: Server = createServer((req, res) => {
    hits.push(`${req.method} ${req.headers.host} ${req.url}`);
    respond(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    hits,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The error a policy refusal leaves as fetch's cause. */
async function refusalOf(promise: Promise<unknown>): Promise<OutboundRefusedError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TypeError);
  const cause = (error as { cause?: unknown }).cause;
  expect(cause).toBeInstanceOf(OutboundRefusedError);
  return cause as OutboundRefusedError;
}

describe('the policy-checked fetch', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let redirectTo = '';
  /** Names the tests resolve: stand-ins for DNS answers. */
  const names: Record<string, string[]> = {
    'idp.test': ['127.0.0.1'],
    'metadata.test': ['169.254.169.254'],
    'intranet.test': ['10.9.8.7'],
    'mixed.test': ['169.254.169.254', '127.0.0.1'],
  };
  const lookups: string[] = [];
  const lookup: OutboundLookup = (hostname, _options, callback) => {
    lookups.push(hostname);
    const addresses = names[hostname];
    if (!addresses) return callback(Object.assign(new Error(`no ${hostname}`), { code: 'ENOTFOUND' }), []);
    callback(
      null,
      addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })),
    );
  };
  const none = createOutbound({ allow: NO_OUTBOUND_ALLOWANCE, lookup });
  const loopback = createOutbound({ allow: parseOutboundAllowance('loopback'), lookup });
  const everything = createOutbound({ allow: parseOutboundAllowance('loopback,private,0.0.0.0/0'), lookup });

  beforeAll(async () => {
    server = await startServer((req, res) => {
      if (req.url === '/redirect') res.writeHead(302, { location: redirectTo }).end();
      else res.writeHead(200, { 'content-type': 'text/plain' }).end('hello');
    });
  });
  afterAll(async () => {
    await Promise.all([none.close(), loopback.close(), everything.close()]);
    await server.close();
  });
  beforeEach(() => {
    server.hits.length = 0;
    lookups.length = 0;
  });

  it('refuses a loopback address unless allowed, before connecting', async () => {
    const refusal = await refusalOf(none.fetch(`${server.url}/x`));
    expect(refusal).toMatchObject({ code: 'ERR_OUTBOUND_REFUSED', host: '127.0.0.1', address: '127.0.0.1' });
    expect(refusal.message).toBe(
      'the outbound policy refuses 127.0.0.1: a loopback address, not allowed by GATEHOUSE_OUTBOUND_ALLOW',
    );
    expect(server.hits).toEqual([]);

    const response = await loopback.fetch(`${server.url}/x`);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('hello');
    expect(server.hits).toEqual([`GET 127.0.0.1:${server.port} /x`]);
  });

  it('sees through other spellings of an address', async () => {
    for (const host of ['2130706433', '0x7f.0.0.1', '0177.0.0.1', '127.1', '[::ffff:7f00:1]']) {
      const refusal = await refusalOf(none.fetch(`http://${host}:${server.port}/`));
      expect(refusal.reason, host).toMatch(/loopback/);
    }
    expect(server.hits).toEqual([]);
  });

  it('judges the address a name resolves to, at connection time', async () => {
    const url = `http://idp.test:${server.port}/named`;
    const refusal = await refusalOf(none.fetch(url));
    expect(refusal).toMatchObject({ host: 'idp.test', address: '127.0.0.1' });
    expect(refusal.message).toMatch(/refuses 127\.0\.0\.1 \(idp\.test\): a loopback address/);
    expect(server.hits).toEqual([]);
    expect(lookups).toEqual(['idp.test']);

    expect((await loopback.fetch(url)).status).toBe(200);
    expect(server.hits).toEqual([`GET idp.test:${server.port} /named`]);
  });

  it('never connects to a name that resolves to a link-local address, whatever is allowed', async () => {
    const refusal = await refusalOf(everything.fetch('http://metadata.test/latest/meta-data/'));
    expect(refusal).toMatchObject({ host: 'metadata.test', address: '169.254.169.254' });
    expect(refusal.reason).toBe('a link-local address, never allowed');
  });

  it('connects only to the allowed addresses of a name that has others too', async () => {
    expect((await loopback.fetch(`http://mixed.test:${server.port}/mixed`)).status).toBe(200);
    expect(server.hits).toEqual([`GET mixed.test:${server.port} /mixed`]);
  });

  it('never connects to a link-local or unspecified literal, whatever is allowed', async () => {
    for (const url of [
      'http://169.254.169.254/latest/meta-data/',
      'http://[::ffff:169.254.169.254]/',
      'http://[fe80::1]/',
      'http://0.0.0.0/',
      'http://[::]/',
    ]) {
      const refusal = await refusalOf(everything.fetch(url));
      expect(refusal.reason, url).toMatch(/never allowed/);
    }
    expect(lookups).toEqual([]);
  });

  it('judges each redirect as it connects', async () => {
    redirectTo = 'http://169.254.169.254/latest/meta-data/iam/security-credentials/';
    const refusal = await refusalOf(everything.fetch(`${server.url}/redirect`));
    expect(refusal.address).toBe('169.254.169.254');
    expect(server.hits).toEqual([`GET 127.0.0.1:${server.port} /redirect`]);

    // From an allowed loopback server to a private name it may not reach.
    redirectTo = 'http://intranet.test/admin';
    expect((await refusalOf(loopback.fetch(`${server.url}/redirect`))).address).toBe('10.9.8.7');
  });

  it('takes http and https URLs only', async () => {
    await expect(everything.fetch('file:///etc/passwd')).rejects.toThrow(/http\(s\) only/);
    await expect(everything.fetch('data:text/plain,hi')).rejects.toThrow(/http\(s\) only/);
  });

  it('leaves the dispatcher to the policy, whatever the caller passes', async () => {
    const init = { dispatcher: undefined } as unknown as RequestInit;
    await refusalOf(none.fetch(`${server.url}/x`, init));
    expect(server.hits).toEqual([]);
  });
});

describe('remembering failing upstreams', () => {
  let now = 0;
  const answers = new Map<string, () => Promise<Response>>();
  const inner = vi.fn<OutboundFetch>(async (url) => {
    const answer = answers.get(new URL(url).pathname);
    return answer ? answer() : new Response('ok');
  });
  const fetch = rememberFailures(inner, { now: () => now, windowMs: 60_000 });
  const hostDown = () =>
    Promise.reject(
      new TypeError('fetch failed', { cause: Object.assign(new Error('x'), { code: 'ECONNREFUSED' }) }),
    );

  beforeEach(() => {
    now = 1_000_000;
    answers.clear();
    inner.mockClear();
  });

  it('leaves a URL that answered 5xx alone for the window, not the rest of its host', async () => {
    answers.set('/.well-known/openid-configuration', async () => new Response('down', { status: 503 }));
    const url = 'https://idp.example/.well-known/openid-configuration';
    expect((await fetch(url)).status).toBe(503);
    await expect(fetch(url)).rejects.toBeInstanceOf(OutboundRecentlyFailedError);
    expect(inner).toHaveBeenCalledTimes(1);
    // Another path of the same host, or the same path with another query (one tenant's SAML
    // metadata `?appid=` beside another's), is asked.
    expect((await fetch('https://idp.example/token')).status).toBe(200);
    expect((await fetch(`${url}?appid=other`)).status).toBe(503);
    expect(inner).toHaveBeenCalledTimes(3);
    // After the window, the URL is asked again.
    now += 60_001;
    expect((await fetch(url)).status).toBe(503);
    expect(inner).toHaveBeenCalledTimes(4);
  });

  it("does not remember a POST's 5xx: a visitor's junk code must not shut a provider off", async () => {
    answers.set('/token', async () => new Response('down', { status: 500 }));
    const post = { method: 'POST', body: 'code=junk' };
    expect((await fetch('https://idp.example/token', post)).status).toBe(500);
    expect((await fetch('https://idp.example/token', post)).status).toBe(500);
    expect(inner).toHaveBeenCalledTimes(2);
  });

  it('leaves a host that cannot be reached alone, whatever the path', async () => {
    answers.set('/a', hostDown);
    await expect(fetch('https://down.example/a')).rejects.toThrow('fetch failed');
    await expect(fetch('https://down.example/b')).rejects.toBeInstanceOf(OutboundRecentlyFailedError);
    expect(inner).toHaveBeenCalledTimes(1);
    expect((await fetch('https://up.example/b')).status).toBe(200);
  });

  it('remembers a refusal by the policy as a host that cannot be reached', async () => {
    answers.set('/a', () =>
      Promise.reject(
        new TypeError('fetch failed', { cause: new OutboundRefusedError('h', '127.0.0.1', 'no') }),
      ),
    );
    await expect(fetch('http://refused.example/a')).rejects.toThrow('fetch failed');
    await expect(fetch('http://refused.example/b')).rejects.toBeInstanceOf(OutboundRecentlyFailedError);
    expect(inner).toHaveBeenCalledTimes(1);
  });

  it('remembers a timeout by URL', async () => {
    answers.set('/slow', () => Promise.reject(new DOMException('timed out', 'TimeoutError')));
    const signal = AbortSignal.abort(new DOMException('timed out', 'TimeoutError'));
    await expect(fetch('https://slow.example/slow', { signal })).rejects.toThrow('timed out');
    await expect(fetch('https://slow.example/slow')).rejects.toBeInstanceOf(OutboundRecentlyFailedError);
    expect((await fetch('https://slow.example/fast')).status).toBe(200);
  });

  it('forgets nothing on answers below 500, and learns nothing when the caller gave up', async () => {
    answers.set('/missing', async () => new Response('no', { status: 404 }));
    expect((await fetch('https://idp.example/missing')).status).toBe(404);
    expect((await fetch('https://idp.example/missing')).status).toBe(404);
    answers.set('/abandoned', () => Promise.reject(new DOMException('aborted', 'AbortError')));
    const signal = AbortSignal.abort();
    await expect(fetch('https://idp.example/abandoned', { signal })).rejects.toThrow('aborted');
    await expect(fetch('https://idp.example/abandoned')).rejects.toThrow('aborted');
    expect(inner).toHaveBeenCalledTimes(4);
  });

  it('keeps a bounded memory', async () => {
    const small = rememberFailures(hostDown, { now: () => now, maxEntries: 2 });
    for (const host of ['a', 'b', 'c']) await expect(small(`https://${host}.example/`)).rejects.toThrow();
    // The oldest was let go; the two latest are remembered.
    await expect(small('https://a.example/')).rejects.toThrow('fetch failed');
    await expect(small('https://c.example/')).rejects.toBeInstanceOf(OutboundRecentlyFailedError);
  });
});
