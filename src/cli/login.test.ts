import { describe, expect, it } from 'vitest';
import { type LoginDeps, LoginError, login, parseLoginArgs } from './login.js';

const BASE = 'https://id.example.com';
const OPTIONS = { url: BASE, tenant: 'admin', client: 'gatehouse-cli' };

/** A fake Gatehouse answering in turn, and a clock that moves only when the CLI sleeps. */
function fakeServer(
  tokenAnswers: Array<[number, Record<string, unknown>]>,
  device: Record<string, unknown> = {},
) {
  let now = 1_000_000;
  const requests: Array<{ url: string; form: Record<string, string>; at: number }> = [];
  const out: string[] = [];
  const err: string[] = [];
  const sleeps: number[] = [];
  const deps: LoginDeps = {
    async fetch(input, init) {
      const url = String(input);
      const form = Object.fromEntries(new URLSearchParams(String(init?.body)));
      requests.push({ url, form, at: now });
      const [status, body] = url.endsWith('/oauth2/devicecode')
        ? [
            200,
            {
              device_code: 'device-code-1',
              user_code: 'BCDF-GHJK',
              verification_uri: `${BASE}/t/admin/oauth2/device`,
              verification_uri_complete: `${BASE}/t/admin/oauth2/device?user_code=BCDF-GHJK`,
              expires_in: 600,
              interval: 5,
              ...device,
            },
          ]
        : (tokenAnswers.shift() ?? [400, { error: 'authorization_pending' }]);
      return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
    },
    async sleep(ms) {
      sleeps.push(ms);
      now += ms;
    },
    now: () => now,
    out: (line) => out.push(line),
    err: (line) => err.push(line),
  };
  return { deps, requests, out, err, sleeps };
}

describe('login (device flow client)', () => {
  it('asks for a code with the admin API scope, says where to type it, polls, and prints the token alone', async () => {
    const server = fakeServer([
      [400, { error: 'authorization_pending' }],
      [200, { access_token: 'the-token', token_type: 'Bearer' }],
    ]);
    await expect(login(OPTIONS, server.deps)).resolves.toBe('the-token');
    expect(server.requests[0]).toMatchObject({
      url: `${BASE}/t/admin/oauth2/devicecode`,
      form: { client_id: 'gatehouse-cli', scope: `openid offline_access ${BASE}/api/.default` },
    });
    expect(server.requests[1]).toMatchObject({
      url: `${BASE}/t/admin/oauth2/token`,
      form: {
        grant_type: 'urn:ietf:params:oauth:grant-type:device_code',
        device_code: 'device-code-1',
        client_id: 'gatehouse-cli',
      },
    });
    expect(server.err[0]).toBe(`Open ${BASE}/t/admin/oauth2/device and enter the code BCDF-GHJK`);
    expect(server.err.join('\n')).toContain(`${BASE}/t/admin/oauth2/device?user_code=BCDF-GHJK`);
    expect(server.out).toEqual(['the-token']);
    expect(server.sleeps).toEqual([5000, 5000]);
  });

  it('waits 5 s longer after each slow_down', async () => {
    const server = fakeServer([
      [400, { error: 'slow_down' }],
      [400, { error: 'slow_down' }],
      [400, { error: 'authorization_pending' }],
      [200, { access_token: 't' }],
    ]);
    await login(OPTIONS, server.deps);
    expect(server.sleeps).toEqual([5000, 10000, 15000, 15000]);
  });

  it('fails with a clear message on access_denied and expired_token, printing no token', async () => {
    const denied = fakeServer([[400, { error: 'access_denied', error_description: 'AADSTS53003: blocked' }]]);
    await expect(login(OPTIONS, denied.deps)).rejects.toThrow(
      'the sign-in was refused: access_denied: AADSTS53003',
    );
    expect(denied.out).toEqual([]);
    const expired = fakeServer([[400, { error: 'expired_token' }]]);
    await expect(login(OPTIONS, expired.deps)).rejects.toThrow(/the code expired/);
    const other = fakeServer([[400, { error: 'invalid_grant', error_description: 'device code not found' }]]);
    await expect(login(OPTIONS, other.deps)).rejects.toThrow('invalid_grant: device code not found');
  });

  it('stops polling when the code expires, without a last useless poll', async () => {
    const server = fakeServer([], { expires_in: 8 });
    await expect(login(OPTIONS, server.deps)).rejects.toBeInstanceOf(LoginError);
    expect(server.sleeps).toEqual([5000]);
    expect(server.requests).toHaveLength(2);
  });

  it('reports a refused start (a client without public client flows, say)', async () => {
    const server = fakeServer([]);
    server.deps.fetch = async () =>
      new Response(JSON.stringify({ error: 'unauthorized_client', error_description: 'not allowed' }), {
        status: 400,
      });
    await expect(login(OPTIONS, server.deps)).rejects.toThrow(
      'could not start the sign-in at admin: unauthorized_client: not allowed',
    );
  });

  it('reads --url, --tenant, --client (also as --name=value), with defaults from the environment', () => {
    expect(parseLoginArgs([], {})).toEqual({
      url: 'http://localhost:8080',
      tenant: 'admin',
      client: 'gatehouse-cli',
    });
    expect(parseLoginArgs([], { GATEHOUSE_BASE_URL: 'https://id.example.com/' })?.url).toBe(BASE);
    expect(parseLoginArgs(['--url', `${BASE}/`, '--tenant=contoso', '--client', 'x'], {})).toEqual({
      url: BASE,
      tenant: 'contoso',
      client: 'x',
    });
    expect(parseLoginArgs(['--help'], {})).toBeUndefined();
    expect(() => parseLoginArgs(['--nope'], {})).toThrow(/unknown option '--nope'/);
    expect(() => parseLoginArgs(['--url'], {})).toThrow(/--url needs a value/);
    expect(() => parseLoginArgs(['--url', 'ftp://x'], {})).toThrow(/http or https/);
  });
});
