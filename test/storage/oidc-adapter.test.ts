import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createModelAdapter, createModelSecrets, purgeExpiredModels } from '../../src/oidc/adapter.js';
import { createSecretBox, ManualClock } from '../../src/platform/index.js';
import { migrateToLatest, openStorage, type Storage } from '../../src/storage/index.js';
import { createTestDatabase, TEST_DATABASES, type TestDatabase } from '../support/databases.js';
import { insertTenantRow } from '../support/fixtures.js';

/** The contract oidc-provider expects of its adapter, on each database. */
describe.each(TEST_DATABASES)('oidc model adapter contract on %s', (kind) => {
  const clock = new ManualClock(new Date('2026-01-01T00:00:00Z'));
  let database: TestDatabase;
  let storage: Storage;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    storage = openStorage(database.url);
    expect(await migrateToLatest(storage.db)).toContain('001_foundation');
    expect(await migrateToLatest(storage.db)).toEqual([]);
    const now = clock.now().toISOString();
    for (const id of ['one', 'two']) {
      await insertTenantRow(storage.db, id, now);
    }
  });
  afterAll(async () => {
    await storage?.close();
    await database?.drop();
  });

  const secrets = createModelSecrets(createSecretBox(randomBytes(32)));
  const adapter = (tenant: string, model: string) =>
    createModelAdapter(storage.db, clock, tenant, model, secrets);
  const storedRow = (model: string, id: string) =>
    storage.db
      .selectFrom('oidc_models')
      .selectAll()
      .where('model', '=', model)
      .where('id', '=', id)
      .executeTakeFirst();

  it('upserts, finds, and overwrites by id', async () => {
    const sessions = adapter('one', 'Session');
    await sessions.upsert('s1', { accountId: 'u1', uid: 'uid-1' }, 60);
    expect(await sessions.find('s1')).toEqual({ accountId: 'u1', uid: 'uid-1' });
    expect(await sessions.findByUid('uid-1')).toEqual({ accountId: 'u1', uid: 'uid-1' });
    await sessions.upsert('s1', { accountId: 'u2', uid: 'uid-1' }, 60);
    expect(await sessions.find('s1')).toEqual({ accountId: 'u2', uid: 'uid-1' });
    expect(await sessions.find('missing')).toBeUndefined();
  });

  it('scopes every model to its tenant and its model name', async () => {
    await adapter('one', 'AccessToken').upsert('shared-id', { jti: 'shared-id', accountId: 'a' }, 60);
    expect(await adapter('two', 'AccessToken').find('shared-id')).toBeUndefined();
    expect(await adapter('one', 'RefreshToken').find('shared-id')).toBeUndefined();
  });

  it('treats expired entries as absent', async () => {
    const codes = adapter('one', 'AuthorizationCode');
    await codes.upsert('c1', { grantId: 'g0' }, 10);
    clock.advance(11_000);
    expect(await codes.find('c1')).toBeUndefined();
  });

  it('marks an entry consumed', async () => {
    const codes = adapter('one', 'AuthorizationCode');
    await codes.upsert('c2', { grantId: 'g1' }, 60);
    await codes.consume('c2');
    expect((await codes.find('c2'))?.consumed).toBeTruthy();
  });

  it('finds by user code, destroys by id and revokes a whole grant', async () => {
    const devices = adapter('one', 'DeviceCode');
    await devices.upsert('d1', { userCode: 'ABCD-EFGH', grantId: 'g2' }, 60);
    expect(await devices.findByUserCode('ABCD-EFGH')).toMatchObject({ userCode: 'ABCD-EFGH' });
    await devices.destroy('d1');
    expect(await devices.find('d1')).toBeUndefined();

    const refresh = adapter('one', 'RefreshToken');
    const access = adapter('one', 'AccessToken');
    await refresh.upsert('r1', { grantId: 'g3' }, 60);
    await access.upsert('a1', { grantId: 'g3' }, 60);
    await adapter('two', 'AccessToken').upsert('a2', { grantId: 'g3' }, 60);
    await refresh.revokeByGrantId('g3');
    expect(await refresh.find('r1')).toBeUndefined();
    expect(await access.find('a1')).toBeUndefined();
    // Another tenant's grant of the same id is untouched.
    expect(await adapter('two', 'AccessToken').find('a2')).toBeDefined();
  });

  it('stores a bearer id only as a keyed hash, and the copies in its payload sealed', async () => {
    const tokens = adapter('one', 'RefreshToken');
    const token = 'refresh-token-value-0123456789abcdef';
    await tokens.upsert(token, { jti: token, grantId: 'g9', accountId: 'u9' }, 60);
    expect(await storedRow('RefreshToken', token)).toBeUndefined();
    const row = await storedRow('RefreshToken', secrets.hashId(token));
    expect(row).toMatchObject({ grant_id: 'g9', account_id: 'u9' });
    expect(JSON.stringify(row)).not.toContain(token);
    expect(await tokens.find(token)).toEqual({ jti: token, grantId: 'g9', accountId: 'u9' });
    // The hash itself is no key: presented as a token, it finds nothing.
    expect(await tokens.find(secrets.hashId(token))).toBeUndefined();
    // Under another master key nothing opens.
    const other = createModelSecrets(createSecretBox(randomBytes(32)));
    expect(
      await createModelAdapter(storage.db, clock, 'one', 'RefreshToken', other).find(token),
    ).toBeUndefined();
    await tokens.consume(token);
    expect((await tokens.find(token))?.consumed).toBeTruthy();
    await tokens.destroy(token);
    expect(await tokens.find(token)).toBeUndefined();
  });

  it('hashes device user codes and seals the bearer ids an interaction carries', async () => {
    const devices = adapter('one', 'DeviceCode');
    await devices.upsert('device-code-value', { jti: 'device-code-value', userCode: 'WXYZ-BCDF' }, 60);
    const device = await storedRow('DeviceCode', secrets.hashId('device-code-value'));
    expect(device?.user_code).toBe(secrets.hashId('WXYZ-BCDF'));
    expect(JSON.stringify(device)).not.toMatch(/device-code-value|WXYZ-BCDF/);
    expect(await devices.findByUserCode('WXYZ-BCDF')).toEqual({
      jti: 'device-code-value',
      userCode: 'WXYZ-BCDF',
    });

    const interactions = adapter('one', 'Interaction');
    const payload = {
      jti: 'interaction-id-value',
      returnTo: 'https://id.example.com/t/one/oauth2/authorize/interaction-id-value',
      session: { accountId: 'u1', uid: 'session-uid', cookie: 'session-cookie-value' },
      deviceCode: 'device-code-value',
      parJti: 'par-id-value',
      params: { client_id: 'c1' },
    };
    await interactions.upsert('interaction-id-value', payload, 60);
    const row = await storedRow('Interaction', secrets.hashId('interaction-id-value'));
    expect(JSON.stringify(row)).not.toMatch(
      /interaction-id-value|session-cookie-value|device-code-value|par-id-value/,
    );
    expect(await interactions.find('interaction-id-value')).toEqual(payload);

    // Sessions are found by their (clear) uid too; grants keep their ids as they are.
    const sessions = adapter('one', 'Session');
    await sessions.upsert(
      'session-cookie-value',
      { jti: 'session-cookie-value', uid: 'uid-9', accountId: 'u1' },
      60,
    );
    expect(await sessions.findByUid('uid-9')).toMatchObject({ jti: 'session-cookie-value' });
    await adapter('one', 'Grant').upsert('grant-id', { jti: 'grant-id', accountId: 'u1' }, 60);
    expect(await storedRow('Grant', 'grant-id')).toBeDefined();
  });

  it('purges expired entries and keeps live ones', async () => {
    const tokens = adapter('one', 'AccessToken');
    await tokens.upsert('short', { grantId: 'p' }, 5);
    await tokens.upsert('long', { grantId: 'p' }, 3600);
    clock.advance(6000);
    expect(await purgeExpiredModels(storage.db, clock)).toBeGreaterThanOrEqual(1);
    const ids = (
      await storage.db.selectFrom('oidc_models').select('id').where('model', '=', 'AccessToken').execute()
    ).map((r) => r.id);
    expect(ids).toContain(secrets.hashId('long'));
    expect(ids).not.toContain(secrets.hashId('short'));
  });

  it('goes when its tenant goes', async () => {
    await adapter('two', 'Grant').upsert('gr', { accountId: 'x' }, 60);
    await storage.db.deleteFrom('tenants').where('id', '=', 'two').execute();
    expect(await adapter('two', 'Grant').find('gr')).toBeUndefined();
    const left = await storage.db
      .selectFrom('oidc_models')
      .select('id')
      .where('tenant_id', '=', 'two')
      .execute();
    expect(left).toEqual([]);
  });
});
