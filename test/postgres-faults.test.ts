import { Writable } from 'node:stream';
import pg from 'pg';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGatehouse, type Gatehouse } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { Browser, readForm } from './support/browser.js';
import { createTestDatabase, TEST_DATABASES, type TestDatabase } from './support/databases.js';
import { freePort, startGatehouse, type TestGatehouse } from './support/gatehouse.js';
import { type LoadFixture, mixedOperations, prepareLoadFixture, startLoad } from './support/load.js';
import { startTcpProxy, type TcpProxy } from './support/tcp-proxy.js';

/**
 * PostgreSQL faults, injected under load on a real server: sessions terminated (as by a restart,
 * a failover or idle_session_timeout), a table lock held (a slow database), and PostgreSQL gone
 * (a TCP proxy in front of it, taken down and brought back; the real server is never touched).
 */
const PG = new URL(process.env.GATEHOUSE_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
const TARGET = { host: PG.hostname, port: Number(PG.port || 5432) };
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Uncaught errors and unhandled rejections while `run` runs (a listener also keeps the process alive). */
async function catchingUncaught<T>(run: () => Promise<T>): Promise<{ value: T; uncaught: unknown[] }> {
  const uncaught: unknown[] = [];
  const record = (error: unknown) => uncaught.push(error);
  process.on('uncaughtException', record);
  process.on('unhandledRejection', record);
  try {
    return { value: await run(), uncaught };
  } finally {
    process.off('uncaughtException', record);
    process.off('unhandledRejection', record);
  }
}

async function timed(url: string, init?: RequestInit) {
  const started = Date.now();
  const response = await fetch(url, init);
  const body = await response.text();
  return {
    status: response.status,
    body,
    type: response.headers.get('content-type') ?? '',
    ms: Date.now() - started,
  };
}

/** The branded "try again" page: the hosted-page look, the service-unavailable message, no stack. */
function expectTryAgainPage(page: { status: number; body: string; type?: string }) {
  expect(page.status).toBe(503);
  if (page.type !== undefined) expect(page.type).toMatch(/text\/html/);
  expect(page.body).toContain('<p role="alert">');
  expect(page.body).toMatch(/temporarily unavailable/i);
  expect(page.body).toMatch(/Reference: /);
  expect(page.body).not.toContain('Internal Server Error');
  expect(page.body).not.toMatch(/\bat .*\.(?:js|ts):\d+/);
}

describe.runIf(TEST_DATABASES.includes('postgres'))('PostgreSQL faults', () => {
  let database: TestDatabase;
  let proxy: TcpProxy;
  let gh: TestGatehouse;
  let fixture: LoadFixture;
  let admin: pg.Client;
  let token: string;

  /** Ends every session of the test database but ours, as a restart or failover does. */
  const terminateSessions = async () => {
    const { rows } = await admin.query(
      `select pg_terminate_backend(pid) as ended from pg_stat_activity
        where datname = current_database() and pid <> pg_backend_pid()`,
    );
    return rows.length;
  };

  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    proxy = await startTcpProxy(TARGET);
    gh = await startGatehouse('postgres', {
      // The node reaches PostgreSQL through the proxy; the test's own connection does not.
      database: { ...database, url: proxy.rewrite(database.url) },
      env: {
        GATEHOUSE_DATABASE_STATEMENT_TIMEOUT: '1',
        GATEHOUSE_DATABASE_ACQUIRE_TIMEOUT: '2',
        GATEHOUSE_DATABASE_POOL_SIZE: '4',
        GATEHOUSE_SIGNIN_ATTEMPTS_PER_IP: '100000',
      },
    });
    fixture = await prepareLoadFixture(gh.api, 'demo', { users: 3 });
    admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
    token = await gh.adminToken();
  });
  afterAll(async () => {
    await admin?.end();
    await gh?.stop({ keepDatabase: true });
    await proxy?.close();
    await database?.drop();
  });

  it('survives its sessions being terminated, idle and under load, and serves again', async () => {
    const { value: summary, uncaught } = await catchingUncaught(async () => {
      const load = startLoad(mixedOperations(gh.baseUrl, 'demo', fixture), { concurrency: 3 });
      await load.waitFor((s) => s.ok && s.name === 'sign-in', 0, 15_000);
      // Idle pooled connections: nothing is running on them when they are cut.
      const idle = await load.stop();
      expect(idle.ok).toBeGreaterThan(0);
      expect(await terminateSessions()).toBeGreaterThan(0);
      await wait(200);

      // Under load: cut three times while sign-ins and token requests run.
      const again = startLoad(mixedOperations(gh.baseUrl, 'demo', fixture), { concurrency: 3 });
      for (let i = 0; i < 3; i++) {
        await wait(400);
        await terminateSessions();
      }
      const after = Date.now();
      await again.waitFor((s) => s.ok && s.name === 'sign-in', after, 10_000);
      await again.waitFor((s) => s.ok && s.name === 'token', after, 10_000);
      return again.stop();
    });
    expect(uncaught, String(uncaught[0])).toEqual([]);
    // Every request was answered (a failure is an HTTP answer, never a dropped connection).
    expect(Object.keys(summary.outcomes).filter((k) => k.endsWith(' 0'))).toEqual([]);
    expect((await timed(`${gh.baseUrl}/readyz`)).status).toBe(200);
  });

  it('answers a held table lock with /readyz 503 within a second and clean errors after the statement timeout, then recovers', async () => {
    const locker = new pg.Client({ connectionString: database.url });
    await locker.connect();
    try {
      await locker.query('begin');
      await locker.query('lock table directory_users in access exclusive mode');

      // Requests that need the locked table pile up on the (small) pool.
      const users = Array.from({ length: 8 }, () =>
        timed(`${gh.baseUrl}/api/v1/tenants/demo/users`, { headers: { authorization: `Bearer ${token}` } }),
      );
      await wait(150);
      const ready = await timed(`${gh.baseUrl}/readyz`);
      expect(ready.ms).toBeLessThan(1000);
      expect(ready.status).toBe(503);
      expect(JSON.parse(ready.body)).toMatchObject({
        status: 'unavailable',
        checks: { database: expect.any(String) },
      });

      for (const answer of await Promise.all(users)) {
        expect(answer.status, answer.body).toBe(503);
        expect(JSON.parse(answer.body)).toMatchObject({ error: { code: 'database_unavailable' } });
        // Statement timeout (1 s) plus the wait for a connection (at most 2 s), with room.
        expect(answer.ms).toBeLessThan(4500);
      }

      // A password typed on the hosted sign-in page: the branded "try again" page.
      const browser = new Browser();
      const signInPage = await startInteraction(browser);
      const form = readForm(signInPage.body, /\/login$/);
      const started = Date.now();
      const typed = await browser.navigate(new URL(form.action, gh.baseUrl), fixture.web.callback, {
        form: { ...form.fields, ...(fixture.users[0] as { login: string; password: string }) },
      });
      expect(Date.now() - started).toBeLessThan(4500);
      expectTryAgainPage(typed);
    } finally {
      await locker.query('rollback').catch(() => {});
      await locker.end();
    }
    const after = await timed(`${gh.baseUrl}/readyz`);
    expect(after.status).toBe(200);
    expect((await gh.api('GET', '/api/v1/tenants/demo/users')).status).toBe(200);
    const load = startLoad(mixedOperations(gh.baseUrl, 'demo', fixture), { concurrency: 2 });
    await load.waitFor((s) => s.ok && s.name === 'sign-in', 0, 10_000);
    await load.stop();
  });

  /** An authorization request of the load web app, in a browser: the sign-in page it lands on. */
  async function startInteraction(browser: Browser) {
    const page = await browser.navigate(authorizeUrl(), fixture.web.callback);
    expect(page.status, page.body).toBe(200);
    return page;
  }

  const authorizeUrl = () =>
    `${gh.baseUrl}/t/demo/oauth2/authorize?${new URLSearchParams({
      client_id: fixture.web.appId,
      redirect_uri: fixture.web.callback,
      response_type: 'code',
      scope: 'openid',
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      code_challenge_method: 'S256',
    })}`;

  it('answers the resume endpoint with the branded page when the database fails halfway through it', async () => {
    const browser = new Browser();
    const signInPage = await startInteraction(browser);
    const form = readForm(signInPage.body, /\/login$/);
    const posted = await browser.request(new URL(form.action, gh.baseUrl), {
      form: { ...form.fields, ...(fixture.users[2] as { login: string; password: string }) },
    });
    expect(posted.status).toBe(303);
    const resume = new URL(posted.headers.get('location') ?? '', gh.baseUrl);

    // The database turns slow halfway through the request (as when it goes down mid-request):
    // reads and deletes of protocol state go through, inserts and updates run past the statement
    // timeout. The resume endpoint consumes the interaction (a delete), signs the session in, then
    // fails to save the code; the session is saved after oidc-provider's error handler has run,
    // and fails too, outside it.
    await admin.query(`create or replace function gatehouse_test_slow_writes() returns trigger
      language plpgsql as $$ begin perform pg_sleep(3); return new; end $$`);
    await admin.query(`create trigger gatehouse_test_slow_writes before insert or update on oidc_models
      for each row execute function gatehouse_test_slow_writes()`);
    try {
      const resumed = await browser.request(resume);
      expectTryAgainPage({
        status: resumed.status,
        type: resumed.headers.get('content-type') ?? '',
        body: await resumed.text(),
      });
      expect(resumed.headers.get('location')).toBeNull();
    } finally {
      await admin.query('drop trigger gatehouse_test_slow_writes on oidc_models');
    }
  });

  it('while PostgreSQL is gone shows the branded page (the resume endpoint too), says 503, answers token requests cleanly, and serves within a second of its return', async () => {
    const { uncaught } = await catchingUncaught(async () => {
      // Warm: one token request and one sign-in went through.
      const load = startLoad(mixedOperations(gh.baseUrl, 'demo', fixture), { concurrency: 2 });
      await load.waitFor((s) => s.ok && s.name === 'sign-in', 0, 10_000);
      await load.stop();

      // A sign-in under way: the password was accepted, the browser is sent on to the resume endpoint.
      const browser = new Browser();
      const signInPage = await startInteraction(browser);
      const form = readForm(signInPage.body, /\/login$/);
      const posted = await browser.request(new URL(form.action, gh.baseUrl), {
        form: { ...form.fields, ...(fixture.users[1] as { login: string; password: string }) },
      });
      expect(posted.status).toBe(303);
      const resume = new URL(posted.headers.get('location') ?? '', gh.baseUrl);
      expect(resume.pathname).toMatch(/^\/t\/demo\/oauth2\/authorize\/[^/]+$/);

      await proxy.down();

      // The resume endpoint (oidc-provider's own page) and the hosted pages: branded, "try again".
      const resumed = await browser.request(resume);
      expectTryAgainPage({
        status: resumed.status,
        type: resumed.headers.get('content-type') ?? '',
        body: await resumed.text(),
      });
      // The hosted sign-in page of that interaction, and a new authorization request.
      expect(new URL(signInPage.url).pathname).toMatch(/^\/t\/demo\/u\//);
      expectTryAgainPage(await browser.navigate(signInPage.url, fixture.web.callback));
      expectTryAgainPage(await new Browser().navigate(authorizeUrl(), fixture.web.callback));

      // The admin API: its error shape, 503.
      const users = await gh.api('GET', '/api/v1/tenants/demo/users');
      expect(users.status).toBe(503);
      expect(users.body).toMatchObject({ error: { code: 'database_unavailable' } });

      // Readiness: 503, promptly.
      const ready = await timed(`${gh.baseUrl}/readyz`);
      expect(ready.ms).toBeLessThan(1000);
      expect(ready.status).toBe(503);

      // A token request that reads nothing from the database (a client seen before, a JWT for an
      // API): a token, or — when its sign-in must first be in the sign-in log, which cannot be
      // written now — a clean 503 in the OAuth error shape, never a 500 or a dropped connection.
      const token = await fetch(`${gh.baseUrl}/t/demo/oauth2/token`, {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from(`${fixture.daemon.appId}:${fixture.daemon.secret}`).toString('base64')}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams({ grant_type: 'client_credentials', scope: fixture.scope }),
      });
      const tokenBody = (await token.json()) as Record<string, unknown>;
      if (token.status === 200) expect(tokenBody.access_token).toEqual(expect.any(String));
      else {
        expect(token.status, JSON.stringify(tokenBody)).toBe(503);
        expect(tokenBody).toMatchObject({ error: 'temporarily_unavailable' });
      }

      await wait(1500);
      await proxy.up();
      const back = Date.now();
      let readyAt = 0;
      while (Date.now() - back < 5000) {
        if ((await timed(`${gh.baseUrl}/readyz`)).status === 200) {
          readyAt = Date.now();
          break;
        }
        await wait(50);
      }
      expect(readyAt - back).toBeGreaterThanOrEqual(0);
      expect(readyAt - back).toBeLessThan(1000);
      const sinceBack = Date.now();
      const again = startLoad(mixedOperations(gh.baseUrl, 'demo', fixture), { concurrency: 2 });
      const first = await again.waitFor((s) => s.name === 'sign-in', sinceBack, 10_000);
      const summary = await again.stop();
      expect(first.ok, JSON.stringify(summary)).toBe(true);
    });
    expect(uncaught, String(uncaught[0])).toEqual([]);
  });

  it('waits for PostgreSQL at start (bounded, logged) and starts when it comes up', async () => {
    const gate = await startTcpProxy(TARGET);
    await gate.down();
    const lines: string[] = [];
    const logger = pino(
      { level: 'info', base: undefined },
      new Writable({
        write(chunk, _encoding, done) {
          lines.push(String(chunk));
          done();
        },
      }),
    );
    const env = (wait: string) => ({
      PORT: '0',
      GATEHOUSE_HOST: '127.0.0.1',
      GATEHOUSE_DATA_DIR: database.dataDir,
      GATEHOUSE_DATABASE_URL: gate.rewrite(database.url),
      GATEHOUSE_DATABASE_WAIT: wait,
      GATEHOUSE_LOG_LEVEL: 'silent',
    });
    try {
      // Gone for longer than the wait: a clear failure, once the wait is over.
      const started = Date.now();
      await expect(createGatehouse(loadConfig(env('1')), { logger })).rejects.toThrow(
        /database.*(did not answer|not reachable)/i,
      );
      expect(Date.now() - started).toBeGreaterThanOrEqual(900);

      lines.length = 0;
      let node: Gatehouse | undefined;
      let failed: unknown;
      const starting = createGatehouse(loadConfig({ ...env('30'), PORT: String(await freePort()) }), {
        logger,
      }).then(
        (gatehouse) => {
          node = gatehouse;
        },
        (error: unknown) => {
          failed = error;
        },
      );
      await wait(1500);
      expect(failed).toBeUndefined();
      expect(node).toBeUndefined();
      expect(lines.join('')).toMatch(/waiting for the database/);
      await gate.up();
      const up = Date.now();
      await starting;
      expect(failed).toBeUndefined();
      expect(Date.now() - up).toBeLessThan(3000);
      try {
        const base = await (node as Gatehouse).listen();
        expect((await timed(`${base}/readyz`)).status).toBe(200);
      } finally {
        await node?.close();
      }
    } finally {
      await gate.close();
    }
  });
});
