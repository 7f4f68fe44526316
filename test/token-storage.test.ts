import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeProtectedHeader } from 'jose';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStorage } from '../src/storage/index.js';
import { down as undoRoleAssignments } from '../src/storage/migrations/019_role_assignments.js';
import { down as undoUsageInsights } from '../src/storage/migrations/020_usage_insights.js';
import { down as undoLogFilters } from '../src/storage/migrations/021_log_filters.js';
import { down as undoDirectorySettings } from '../src/storage/migrations/022_directory_settings.js';
import { down as undoExtensions } from '../src/storage/migrations/023_extensions.js';
import { down as undoWebhooks } from '../src/storage/migrations/024_webhooks.js';
import { Browser, readForm } from './support/browser.js';
import { TEST_DATABASES } from './support/databases.js';
import { type Daemon, startGatehouse, type TestGatehouse } from './support/gatehouse.js';
import { client, relyingParty } from './support/oauth.js';

const PASSWORD = 'Correct-Horse-Battery-Staple-42';

/** Everything the database holds, as an attacker with a copy of it would read it. */
async function rawDatabase(gh: TestGatehouse, kind: 'sqlite' | 'postgres'): Promise<Buffer> {
  if (kind === 'sqlite') {
    // The main file and the write-ahead log: recent writes sit in the log until a checkpoint.
    const file = gh.database.url.slice('sqlite:'.length);
    return Buffer.concat(
      [file, `${file}-wal`, `${file}-shm`]
        .filter((path) => existsSync(path))
        .map((path) => readFileSync(path)),
    );
  }
  const db = new pg.Client({ connectionString: gh.database.url });
  await db.connect();
  try {
    const { rows: tables } = await db.query(
      "select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'",
    );
    const parts: string[] = [];
    for (const { table_name: table } of tables) {
      const { rows } = await db.query(`select t::text as row from "${table}" t`);
      for (const { row } of rows) parts.push(row);
    }
    return Buffer.from(parts.join('\n'), 'utf8');
  } finally {
    await db.end();
  }
}

const cookieValues = (browser: Browser, name: string): string[] =>
  browser.setCookies
    .filter((line) => line.startsWith(`${name}=`))
    .map((line) => line.slice(name.length + 1).split(';')[0] as string)
    .filter(Boolean);

describe.each(TEST_DATABASES)('protocol secrets at rest on %s', (kind) => {
  let gh: TestGatehouse;
  let app: Daemon & { callback: string };
  let daemon: Daemon;

  beforeAll(async () => {
    gh = await startGatehouse(kind);
    const callback = `${gh.baseUrl}/shop/callback`;
    app = {
      ...(await gh.registerApp('demo', { displayName: 'Shop', web: { redirectUris: [callback] } })),
      callback,
    };
    daemon = await gh.registerDaemon('demo');
    const user = await gh.api('POST', '/api/v1/tenants/demo/users', {
      displayName: 'Rhea Rest',
      mail: 'rhea@example.com',
      passwordProfile: { password: PASSWORD },
    });
    expect(user.status).toBe(201);
  });
  afterAll(() => gh?.stop());

  it('keeps no usable code, token or session id in the database, and every one still works', async () => {
    const rp = await relyingParty(gh.baseUrl, 'demo', app.appId, client.ClientSecretBasic(app.secret));
    const browser = new Browser();
    const verifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const url = client.buildAuthorizationUrl(rp, {
      redirect_uri: app.callback,
      scope: 'openid email offline_access',
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
    });
    const page = await browser.navigate(url, app.callback);
    const form = readForm(page.body, /\/login$/);
    const done = await browser.navigate(new URL(form.action, gh.baseUrl), app.callback, {
      form: { ...form.fields, login: 'rhea@example.com', password: PASSWORD },
    });
    const redirect = new URL(done.redirectedTo as string);
    const code = redirect.searchParams.get('code') as string;
    const tokens = await client.authorizationCodeGrant(rp, redirect, {
      pkceCodeVerifier: verifier,
      expectedState: state,
    });
    // Opaque (userinfo) access token: stored, unlike a JWT.
    expect(() => decodeProtectedHeader(tokens.access_token)).toThrow();
    const refreshed = await client.refreshTokenGrant(rp, tokens.refresh_token as string);

    const daemonRp = await relyingParty(
      gh.baseUrl,
      'demo',
      daemon.appId,
      client.ClientSecretBasic(daemon.secret),
    );
    const serviceToken = (await client.clientCredentialsGrant(daemonRp)).access_token;
    expect(() => decodeProtectedHeader(serviceToken)).toThrow();

    const secrets: Record<string, string> = {
      'authorization code': code,
      'access token': tokens.access_token,
      'refresh token': tokens.refresh_token as string,
      'rotated access token': refreshed.access_token,
      'rotated refresh token': refreshed.refresh_token as string,
      'client credentials token': serviceToken,
    };
    cookieValues(browser, '_session').forEach((value, i) => {
      secrets[`session cookie ${i}`] = value;
    });
    cookieValues(browser, '_interaction').forEach((value, i) => {
      secrets[`interaction cookie ${i}`] = value;
    });
    expect(Object.keys(secrets).some((name) => name.startsWith('session cookie'))).toBe(true);

    const raw = await rawDatabase(gh, kind);
    expect(raw.length).toBeGreaterThan(0);
    const found = Object.entries(secrets)
      .filter(([, value]) => value.length >= 20 && raw.includes(value))
      .map(([name]) => name);
    expect(found).toEqual([]);

    // Each still does its job: looked up by its hash.
    const info = await client.fetchUserInfo(rp, refreshed.access_token, client.skipSubjectCheck);
    expect(info.email).toBe('rhea@example.com');
    expect(await client.tokenIntrospection(rp, refreshed.access_token)).toMatchObject({ active: true });
    expect(await client.tokenIntrospection(daemonRp, serviceToken)).toMatchObject({ active: true });
    // The first refresh token was rotated away; the second one refreshes.
    await expect(client.refreshTokenGrant(rp, tokens.refresh_token as string)).rejects.toMatchObject({
      error: 'invalid_grant',
    });
    // (Reusing a rotated refresh token revokes its grant: sign in again for a working one.)
    const again = await browser.navigate(
      client.buildAuthorizationUrl(rp, {
        redirect_uri: app.callback,
        scope: 'openid email offline_access',
        code_challenge: await client.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
        state,
      }),
      app.callback,
    );
    // The browser session, found by its hashed id, signs the user in without a page.
    expect(again.redirectedTo).toContain('code=');
    const second = await client.authorizationCodeGrant(rp, new URL(again.redirectedTo as string), {
      pkceCodeVerifier: verifier,
      expectedState: state,
    });
    expect((await client.refreshTokenGrant(rp, second.refresh_token as string)).access_token).toBeTruthy();
    // Revocation finds the token by its hash too.
    await client.tokenRevocation(daemonRp, serviceToken);
    expect(await client.tokenIntrospection(daemonRp, serviceToken)).toMatchObject({ active: false });
  });
});

describe.each(TEST_DATABASES)('pushed authorization requests at rest on %s', (kind) => {
  let gh: TestGatehouse;
  afterAll(() => gh?.stop());

  it('are found by their hashed id, and the request_uri is not in the database', async () => {
    gh = await startGatehouse(kind);
    const callback = `${gh.baseUrl}/shop/callback`;
    const app = await gh.registerApp('demo', { displayName: 'Shop', web: { redirectUris: [callback] } });
    expect(
      (
        await gh.api('POST', '/api/v1/tenants/demo/users', {
          displayName: 'Pat Par',
          mail: 'pat@example.com',
          passwordProfile: { password: PASSWORD },
        })
      ).status,
    ).toBe(201);
    const rp = await relyingParty(gh.baseUrl, 'demo', app.appId, client.ClientSecretBasic(app.secret));
    const verifier = client.randomPKCECodeVerifier();
    const url = await client.buildAuthorizationUrlWithPAR(rp, {
      redirect_uri: callback,
      scope: 'openid',
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
    });
    const requestUri = url.searchParams.get('request_uri') as string;
    const id = requestUri.slice(requestUri.lastIndexOf(':') + 1);
    expect(id.length).toBeGreaterThanOrEqual(20);
    expect((await rawDatabase(gh, kind)).includes(id)).toBe(false);

    const browser = new Browser();
    const page = await browser.navigate(url, callback);
    const form = readForm(page.body, /\/login$/);
    const done = await browser.navigate(new URL(form.action, gh.baseUrl), callback, {
      form: { ...form.fields, login: 'pat@example.com', password: PASSWORD },
    });
    const tokens = await client.authorizationCodeGrant(rp, new URL(done.redirectedTo as string), {
      pkceCodeVerifier: verifier,
    });
    expect(tokens.id_token).toBeTruthy();
    expect((await rawDatabase(gh, kind)).includes(id)).toBe(false);
  });
});

describe.each(TEST_DATABASES)('upgrading an install with clear protocol ids on %s', (kind) => {
  it('deletes the rows stored under clear ids (sessions, tokens, codes) and keeps the grants', async () => {
    let gh = await startGatehouse(kind);
    const { database } = gh;
    await gh.stop({ keepDatabase: true });
    try {
      // As an earlier version left them: a refresh token and a session under their clear ids.
      const storage = openStorage(database.url);
      const row = (model: string, id: string) => ({
        tenant_id: 'demo',
        model,
        id,
        payload: JSON.stringify({ jti: id, accountId: 'u1', grantId: 'g1' }),
        grant_id: model === 'Grant' ? null : 'g1',
        user_code: null,
        uid: null,
        account_id: 'u1',
        expires_at: null,
        consumed_at: null,
      });
      await storage.db
        .insertInto('oidc_models')
        .values([
          row('RefreshToken', 'clear-refresh-token'),
          row('Session', 'clear-session'),
          row('Grant', 'g1'),
        ])
        .execute();
      // Back to before 016: it and the migrations after it (whose tables go) run again.
      await storage.db
        .deleteFrom('kysely_migration' as never)
        .where('name' as never, '>=', '016_hashed_protocol_ids' as never)
        .execute();
      await storage.db.schema.dropTable('config_versions').execute();
      await undoWebhooks(storage.db as never);
      await undoExtensions(storage.db as never);
      await undoDirectorySettings(storage.db as never);
      await undoLogFilters(storage.db as never);
      await undoUsageInsights(storage.db as never);
      await undoRoleAssignments(storage.db as never);
      for (const table of ['app_role_assignments', 'oauth2_permission_grants', 'service_principals'])
        await storage.db.schema.dropTable(table).execute();
      await storage.close();

      gh = await startGatehouse(kind, { database });
      const left = await gh.gatehouse.storage.db
        .selectFrom('oidc_models')
        .select(['model', 'id'])
        .where('tenant_id', '=', 'demo')
        .execute();
      expect(left).toEqual([{ model: 'Grant', id: 'g1' }]);
    } finally {
      await gh.stop();
    }
  });
});

describe('the data directory and SQLite files', () => {
  const root = mkdtempSync(join(tmpdir(), 'gatehouse-modes-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const modeOf = (path: string) => statSync(path).mode & 0o777;

  it('are readable by their owner only: created so, and tightened on an existing install', async () => {
    // A data directory that does not exist yet, and a configured master key (so nothing else creates it).
    const dataDir = join(root, 'var', 'gatehouse');
    const file = join(dataDir, 'gatehouse.db');
    const database = { url: `sqlite:${file}`, dataDir, drop: async () => undefined };
    const env = { GATEHOUSE_MASTER_KEY: randomBytes(32).toString('hex') };
    const files = [file, `${file}-wal`, `${file}-shm`];

    let gh = await startGatehouse('sqlite', { database, env });
    // A write, so the write-ahead log holds something.
    expect((await gh.api('PATCH', '/api/v1/tenants/demo', { displayName: 'Demo' })).status).toBe(200);
    expect(modeOf(dataDir)).toBe(0o700);
    for (const path of files) expect([path, modeOf(path)]).toEqual([path, 0o600]);
    await gh.stop({ keepDatabase: true });

    // An install from before: everything readable by all.
    chmodSync(dataDir, 0o755);
    for (const path of files) if (existsSync(path)) chmodSync(path, 0o644);
    gh = await startGatehouse('sqlite', { database, env });
    expect((await gh.api('PATCH', '/api/v1/tenants/demo', { displayName: 'Demo' })).status).toBe(200);
    expect(modeOf(dataDir)).toBe(0o700);
    for (const path of files) expect([path, modeOf(path)]).toEqual([path, 0o600]);
    await gh.stop({ keepDatabase: true });
  });
});
