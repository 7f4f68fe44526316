import { createHash, randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, readForm } from './support/browser.js';
import { startGatehouse, type TestGatehouse } from './support/gatehouse.js';
import { clientCredentials, type LoadFixture, passwordSignIn, prepareLoadFixture } from './support/load.js';

/**
 * No acknowledged sign-in without its record: when a successful sign-in's log entry cannot be
 * written, the client gets no token and no code (503, "try again"), and the refusal is what the
 * log keeps once it can be written. The sign-in log table is locked against writes (PostgreSQL),
 * so the entry's INSERT runs into the statement timeout while everything else keeps working.
 */
describe('a sign-in whose record cannot be written', () => {
  let gh: TestGatehouse;
  let fixture: LoadFixture;
  let locker: pg.Client;
  beforeAll(async () => {
    gh = await startGatehouse('postgres', { env: { GATEHOUSE_DATABASE_STATEMENT_TIMEOUT: '1' } });
    fixture = await prepareLoadFixture(gh.api, 'demo', { users: 1 });
    locker = new pg.Client({ connectionString: gh.database.url });
    await locker.connect();
  });
  afterAll(async () => {
    await locker?.end();
    await gh?.stop();
  });

  /** Runs `during` while the sign-in log takes no writes (reads still work). */
  async function withLogLocked<T>(during: () => Promise<T>): Promise<T> {
    await locker.query('begin');
    await locker.query('lock table insights_sign_ins in exclusive mode');
    try {
      return await during();
    } finally {
      await locker.query('commit');
    }
  }

  async function logged(appId: string): Promise<{ errorCode: number; correlationId: string }[]> {
    await gh.gatehouse.signIns.flush();
    const { rows } = await locker.query(
      'select error_code, details from insights_sign_ins where app_id = $1 order by created_at',
      [appId],
    );
    return rows.map((r) => ({ errorCode: r.error_code, correlationId: JSON.parse(r.details).correlationId }));
  }

  it('client credentials: no token (503 temporarily_unavailable); the refusal is logged', async () => {
    const token = clientCredentials(gh.baseUrl, 'demo', fixture.daemon, { scope: fixture.scope });
    expect((await token.run()).ok).toBe(true); // providers, registrations and secrets are cached now
    const refused = await withLogLocked(() => token.run());
    expect(refused).toMatchObject({ ok: false, status: 503, detail: 'temporarily_unavailable' });

    const entries = await logged(fixture.daemon.appId);
    expect(entries.map((e) => e.errorCode)).toEqual([0, 90033]);
    const after = await token.run();
    expect(after.ok).toBe(true);
    expect((await logged(fixture.daemon.appId)).at(-1)).toEqual({
      errorCode: 0,
      correlationId: after.correlationId,
    });
  });

  it('password sign-in: the "try again" page instead of a code; the refusal is logged', async () => {
    const signIn = passwordSignIn(gh.baseUrl, 'demo', fixture.web, () => fixture.users[0] as never);
    expect((await signIn.run()).ok).toBe(true);
    const refused = await withLogLocked(() => signIn.run());
    expect(refused).toMatchObject({ ok: false, status: 503 });
    expect(refused.correlationId).toBeUndefined(); // no code reached the app

    const entries = await logged(fixture.web.appId);
    expect(entries.map((e) => e.errorCode)).toEqual([0, 90033]);
    expect((await signIn.run()).ok).toBe(true);
  });

  it('single sign-on: no code for the app while its sign-in cannot be written', async () => {
    const browser = new Browser();
    const authorize = () => {
      const url = new URL(`${gh.baseUrl}/t/demo/oauth2/authorize`);
      url.search = new URLSearchParams({
        client_id: fixture.web.appId,
        redirect_uri: fixture.web.callback,
        response_type: 'code',
        scope: 'openid',
        state: randomBytes(8).toString('hex'),
        code_challenge: createHash('sha256')
          .update(randomBytes(32).toString('base64url'))
          .digest('base64url'),
        code_challenge_method: 'S256',
      }).toString();
      return url;
    };
    const page = await browser.navigate(authorize(), fixture.web.callback);
    const form = readForm(page.body, /\/login$/);
    const signedIn = await browser.navigate(new URL(form.action, gh.baseUrl), fixture.web.callback, {
      form: { ...form.fields, ...(fixture.users[0] as { login: string; password: string }) },
    });
    expect(signedIn.redirectedTo).toContain('code=');
    const before = (await logged(fixture.web.appId)).length;

    // The session serves the app again without a page: that is a sign-in too.
    const refused = await withLogLocked(() => browser.navigate(authorize(), fixture.web.callback));
    expect(refused.redirectedTo).toBeUndefined();
    expect(refused.status).toBe(503);
    expect(refused.body).toContain('Reference:');

    const served = await browser.navigate(authorize(), fixture.web.callback);
    expect(served.redirectedTo).toContain('code=');
    const entries = (await logged(fixture.web.appId)).slice(before);
    expect(entries.map((e) => e.errorCode)).toEqual([90033, 0]);
  });
});
