import { randomBytes } from 'node:crypto';
import { decodeProtectedHeader } from 'jose';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG_CHECK_SECONDS } from '../src/config.js';
import { ManualClock } from '../src/platform/index.js';
import { Browser, readForm } from './support/browser.js';
import { TEST_DATABASES } from './support/databases.js';
import { type Daemon, startGatehouse, type TestGatehouse } from './support/gatehouse.js';
import { client, relyingParty, tokenRequest } from './support/oauth.js';
import { type PrivateRedis, startPrivateRedis } from './support/redis-server.js';

const PASSWORD = 'Correct-Horse-Battery-Staple-42';
const CALLBACK = 'https://shop.example/callback';
/** Smart lockout's threshold on these nodes: low, so the test can reach it. */
const LOCKOUT_THRESHOLD = 3;

interface LogLine {
  level: number;
  msg: string;
  [field: string]: unknown;
}

/** A logger that keeps every line it writes (info and above), parsed. */
function capturingLogger() {
  const lines: LogLine[] = [];
  const logger = pino(
    { level: 'info', base: undefined },
    { write: (line: string) => void lines.push(JSON.parse(line) as LogLine) },
  );
  return { logger, lines };
}

const WARN = 40;
const ERROR = 50;
const aboutRedis = (line: LogLine) => /redis/i.test(line.msg);

/** Polls (bounded, 10 s) until `check` holds. */
async function eventually(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/**
 * Two nodes on one PostgreSQL database and one Redis of the test's own, which the test stops
 * and starts. Every node shares one manual clock, so keys and caches judge time alike.
 */
describe.skipIf(!TEST_DATABASES.includes('postgres'))('a Redis outage under two nodes', () => {
  const clock = new ManualClock(new Date());
  let redis: PrivateRedis;
  let a: TestGatehouse;
  let b: TestGatehouse;
  const logs: Record<'a' | 'b', LogLine[]> = { a: [], b: [] };
  let shop: Daemon;
  let daemon: Daemon;

  beforeAll(async () => {
    redis = await startPrivateRedis();
    const env = {
      GATEHOUSE_REDIS_URL: redis.url,
      GATEHOUSE_LOCKOUT_THRESHOLD: String(LOCKOUT_THRESHOLD),
      GATEHOUSE_LOG_LEVEL: 'info',
      // A loaded test machine must not pass for a hung Redis (a warning of its own).
      GATEHOUSE_REDIS_COMMAND_TIMEOUT_MS: '2000',
    };
    const la = capturingLogger();
    const lb = capturingLogger();
    logs.a = la.lines;
    logs.b = lb.lines;
    a = await startGatehouse('postgres', { clock, env, logger: la.logger });
    b = await startGatehouse('postgres', { clock, env, logger: lb.logger, database: a.database });
    shop = await a.registerApp('demo', { displayName: 'Shop', web: { redirectUris: [CALLBACK] } });
    daemon = await a.registerDaemon('demo');
    const api = await a.api('POST', '/api/v1/tenants/demo/applications', {
      displayName: 'API',
      identifierUris: ['api://outage'],
      appRoles: [
        {
          value: 'Api.Access',
          displayName: 'Call the API',
          description: 'App-only access',
          allowedMemberTypes: ['Application'],
        },
      ],
    });
    await a.grant('demo', daemon.appId, api.body.appId, { roles: ['Api.Access'] });
    for (const [name, mail] of [
      ['Ada', 'ada@example.com'],
      ['Bob', 'bob@example.com'],
    ]) {
      const user = await a.api('POST', '/api/v1/tenants/demo/users', {
        displayName: name,
        mail,
        passwordProfile: { password: PASSWORD },
      });
      expect(user.status).toBe(201);
    }
  }, 60_000);

  afterAll(async () => {
    await b?.stop({ keepDatabase: true });
    await a?.stop();
    await redis?.close();
  });

  /**
   * One whole sign-in on one node, with its own correlation id: the authorization request, the
   * password form, and (when it reaches the app) the code exchanged for tokens.
   */
  async function signIn(node: TestGatehouse, login: string, password = PASSWORD) {
    const correlationId = `outage-${randomBytes(8).toString('hex')}`;
    const browser = new Browser({ 'x-correlation-id': correlationId });
    const rp = await relyingParty(node.baseUrl, 'demo', shop.appId, client.ClientSecretBasic(shop.secret));
    const verifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const url = client.buildAuthorizationUrl(rp, {
      redirect_uri: CALLBACK,
      scope: 'openid',
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
    });
    const page = await browser.navigate(url, CALLBACK);
    expect(page.status).toBe(200);
    const form = readForm(page.body, /\/login$/);
    const result = await browser.navigate(new URL(form.action, node.baseUrl), CALLBACK, {
      form: { ...form.fields, login, password },
    });
    let tokens: client.TokenEndpointResponse | undefined;
    if (result.redirectedTo?.includes('code=')) {
      tokens = await client.authorizationCodeGrant(rp, new URL(result.redirectedTo), {
        pkceCodeVerifier: verifier,
        expectedState: state,
      });
    }
    return { correlationId, status: result.status, signedIn: tokens?.id_token !== undefined };
  }

  /** The sign-in log entries (as the admin API lists them), by correlation id. */
  async function logged(): Promise<Map<string, { errorCode: number }>> {
    await a.gatehouse.signIns.flush();
    await b.gatehouse.signIns.flush();
    const response = await a.api('GET', '/api/v1/tenants/demo/auditLogs/signIns?$top=200');
    expect(response.status).toBe(200);
    return new Map(
      (response.body.value as { correlationId: string; status: { errorCode: number } }[]).map((s) => [
        s.correlationId,
        s.status,
      ]),
    );
  }

  const readiness = async (node: TestGatehouse) => {
    const response = await fetch(`${node.baseUrl}/readyz`);
    return { status: response.status, body: await response.json() };
  };

  const clientCredentials = (node: TestGatehouse, secret: string) =>
    tokenRequest(
      node.baseUrl,
      'demo',
      { grant_type: 'client_credentials', resource: 'api://outage' },
      { id: daemon.appId, secret },
    );
  const kidFrom = async (node: TestGatehouse, secret: string) => {
    const response = await clientCredentials(node, secret);
    expect(response.status).toBe(200);
    return decodeProtectedHeader(String(response.body.access_token)).kid;
  };
  const passwordKeyIds = async (appObjectId: string): Promise<string[]> =>
    (await a.api('GET', `/api/v1/tenants/demo/applications/${appObjectId}`)).body.passwordCredentials.map(
      (p: { keyId: string }) => p.keyId,
    );

  it('keeps signing in while Redis is down, logs every attempt, warns once and says when it is back', async () => {
    expect((await signIn(a, 'ada@example.com')).signedIn).toBe(true);
    const before = { a: logs.a.length, b: logs.b.length };

    await redis.stop();
    const attempts: { correlationId: string; expected: number; signedIn: boolean }[] = [];
    // A small load, round-robin over the nodes, each sign-in whole on its node.
    for (let i = 0; i < 6; i++) {
      const run = await signIn(i % 2 ? b : a, 'ada@example.com');
      attempts.push({ ...run, expected: 0 });
      expect(run.signedIn, `sign-in ${i} during the outage`).toBe(true);
    }
    // Throttling still holds, on each node for itself: bob's distinct wrong passwords lock him
    // out on a…
    for (let i = 0; i < LOCKOUT_THRESHOLD; i++) {
      const run = await signIn(a, 'bob@example.com', `Wrong-Password-000${i}`);
      expect(run.signedIn).toBe(false);
      attempts.push({ ...run, expected: 50126 });
    }
    const locked = await signIn(a, 'bob@example.com');
    expect(locked.signedIn).toBe(false);
    attempts.push({ ...locked, expected: 50053 });
    // …while b, which never saw them, lets him in (the counters are node-local meanwhile).
    const elsewhere = await signIn(b, 'bob@example.com');
    expect(elsewhere.signedIn).toBe(true);
    attempts.push({ ...elsewhere, expected: 0 });

    const entries = await logged();
    for (const attempt of attempts) {
      expect(entries.get(attempt.correlationId), attempt.correlationId).toMatchObject({
        errorCode: attempt.expected,
      });
    }

    // Ready, degraded: a load balancer keeps the nodes, which still serve.
    for (const node of [a, b])
      expect(await readiness(node)).toEqual({
        status: 200,
        body: { status: 'degraded', checks: { database: 'ok', redis: 'failed' } },
      });

    // One warning per node, no error lines (no stack traces), nothing else about Redis yet.
    for (const node of ['a', 'b'] as const) {
      const during = logs[node].slice(before[node]);
      expect(during.filter((l) => l.level >= ERROR)).toEqual([]);
      expect(during.filter((l) => l.level === WARN && aboutRedis(l))).toHaveLength(1);
    }

    await redis.start();
    for (const node of ['a', 'b'] as const) {
      await eventually(
        () => logs[node].some((l) => l.level < WARN && /redis is back/i.test(l.msg)),
        `node ${node} to say Redis is back`,
      );
      const after = logs[node].slice(before[node]);
      expect(after.filter((l) => l.level === WARN && aboutRedis(l))).toHaveLength(1);
      expect(after.filter((l) => l.level >= ERROR)).toEqual([]);
    }
    expect(await readiness(a)).toEqual({
      status: 200,
      body: { status: 'ready', checks: { database: 'ok', redis: 'ok' } },
    });
    // And sign-in goes on through Redis again.
    expect((await signIn(b, 'ada@example.com')).signedIn).toBe(true);
  }, 60_000);

  it('honours on the other node, once Redis is back, a secret removed and a key rotated during the outage', async () => {
    const second = (await a.api('POST', `/api/v1/tenants/demo/applications/${daemon.id}/addPassword`, {}))
      .body;
    const secondSecret = second.secretText as string;
    const firstKeyId = (await passwordKeyIds(daemon.id)).find((id) => id !== second.keyId);
    // b has the daemon's secret and the tenant's provider (its signing key) in its caches.
    const oldKid = await kidFrom(b, daemon.secret);
    // The change is made on a node that is gone before Redis returns: its unsent events die
    // with it, so only b's own catching up on reconnection can heal b.
    const d = await startGatehouse('postgres', {
      clock,
      database: a.database,
      env: { GATEHOUSE_REDIS_URL: redis.url },
    });

    await redis.stop();
    let rotated: Awaited<ReturnType<typeof d.api>>;
    try {
      const removed = await d.api('POST', `/api/v1/tenants/demo/applications/${daemon.id}/removePassword`, {
        keyId: firstKeyId,
      });
      expect(removed.status).toBe(204);
      rotated = await d.api('POST', '/api/v1/tenants/demo/keys/rotate', {});
      expect(rotated.status).toBe(201);
      expect(rotated.body.kid).not.toBe(oldKid);
      // d knows at once; b has not heard (no events without Redis, and its clock has not moved).
      expect((await clientCredentials(d, daemon.secret)).status).toBe(401);
      expect(await kidFrom(d, secondSecret)).toBe(rotated.body.kid);
    } finally {
      await d.stop({ keepDatabase: true });
    }
    expect(await kidFrom(b, daemon.secret)).toBe(oldKid);

    const isBack = (l: LogLine) => l.level < WARN && /redis is back/i.test(l.msg);
    const backLines = logs.b.filter(isBack).length;
    await redis.start();
    await eventually(() => logs.b.filter(isBack).length > backLines, 'node b to say Redis is back');
    // Back: b has dropped what it cached, without any time passing.
    expect((await clientCredentials(b, daemon.secret)).status).toBe(401);
    expect(await kidFrom(b, secondSecret)).toBe(rotated.body.kid);
    daemon.secret = secondSecret;
  }, 60_000);

  it('heals a notification that never arrived within the documented bound', async () => {
    // A third node on the same database, in no touch with this Redis: nothing it changes is
    // ever announced to a or b. Only the version stamp in the database can tell them.
    const c = await startGatehouse('postgres', { clock, database: a.database });
    try {
      const added = (await a.api('POST', `/api/v1/tenants/demo/applications/${daemon.id}/addPassword`, {}))
        .body;
      const spare = added.secretText as string;
      const current = (await passwordKeyIds(daemon.id)).find((id) => id !== added.keyId);
      const oldKid = await kidFrom(b, daemon.secret);
      expect((await clientCredentials(b, spare)).status).toBe(200);

      const removed = await c.api('POST', `/api/v1/tenants/demo/applications/${daemon.id}/removePassword`, {
        keyId: current,
      });
      expect(removed.status).toBe(204);
      const rotated = await c.api('POST', '/api/v1/tenants/demo/keys/rotate', {});
      expect(rotated.status).toBe(201);
      expect(await kidFrom(c, spare)).toBe(rotated.body.kid);
      // b has not heard: its cached secret and key are still in use…
      expect((await clientCredentials(b, daemon.secret)).status).toBe(200);
      // …until the bound has passed, by b's clock.
      clock.advance(DEFAULT_CONFIG_CHECK_SECONDS * 1000);
      expect((await clientCredentials(b, daemon.secret)).status).toBe(401);
      expect(await kidFrom(b, spare)).toBe(rotated.body.kid);
      expect(rotated.body.kid).not.toBe(oldKid);
    } finally {
      await c.stop({ keepDatabase: true });
    }
  }, 60_000);
});
