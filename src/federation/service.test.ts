import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, TEST_DATABASES, type TestDatabase } from '../../test/support/databases.js';
import { insertTenantRow } from '../../test/support/fixtures.js';
import { createSecretBox, ManualClock } from '../platform/index.js';
import { migrateToLatest, openStorage, type Storage } from '../storage/index.js';
import { createIdentityProviderService } from './service.js';

const google = (clientSecret: string) => ({
  '@odata.type': '#microsoft.graph.socialIdentityProvider' as const,
  displayName: 'Google',
  identityProviderType: 'Google' as const,
  clientId: 'google-client',
  clientSecret,
});

describe.each(TEST_DATABASES)('Identity provider secrets on %s', (kind) => {
  let database: TestDatabase;
  let storage: Storage;
  const clock = new ManualClock(new Date('2026-11-25T12:00:00Z'));
  const masterKey = randomBytes(32);
  const service = () =>
    createIdentityProviderService({ db: storage.db, clock, box: createSecretBox(masterKey) });

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    storage = openStorage(database.url);
    await migrateToLatest(storage.db);
    await insertTenantRow(storage.db, 'alpha');
    await insertTenantRow(storage.db, 'beta');
  });
  afterAll(async () => {
    await storage?.close();
    await database?.drop();
  });

  it('resolves the decrypted secrets, per tenant', async () => {
    const providers = service();
    const created = await providers.create('alpha', google('alpha-secret'));
    expect(created).toMatchObject({ clientSecret: '******' });
    const resolved = await providers.resolve('alpha', created.id);
    expect(resolved).toEqual({ ...created, secrets: { clientSecret: 'alpha-secret' } });
    expect(await providers.resolve('beta', created.id)).toBeUndefined();
  });

  it('binds a sealed secret to its row: copied onto another, it does not open', async () => {
    const providers = service();
    const a = await providers.create('alpha', google('first-secret'));
    const b = await providers.create('alpha', google('second-secret'));
    const sealed = await storage.db
      .selectFrom('federation_identity_providers')
      .select('secrets_sealed')
      .where('id', '=', a.id)
      .executeTakeFirstOrThrow();
    await storage.db
      .updateTable('federation_identity_providers')
      .set({ secrets_sealed: sealed.secrets_sealed })
      .where('id', '=', b.id)
      .execute();
    await expect(providers.resolve('alpha', b.id)).rejects.toMatchObject({
      code: 'identity_provider_secrets_unreadable',
    });
    // Reading without secrets still works.
    expect(await providers.get('alpha', b.id)).toMatchObject({ clientSecret: '******' });
  });

  it('does not open the secrets under another master key', async () => {
    const created = await service().create('alpha', google('kept-secret'));
    const elsewhere = createIdentityProviderService({
      db: storage.db,
      clock,
      box: createSecretBox(randomBytes(32)),
    });
    await expect(elsewhere.resolve('alpha', created.id)).rejects.toMatchObject({
      code: 'identity_provider_secrets_unreadable',
    });
  });

  it('stamps modification and keeps the creation time on update', async () => {
    const providers = service();
    const created = await providers.create('alpha', google('s'));
    clock.advance(60_000);
    await providers.update('alpha', created.id, { displayName: 'Google (new)' });
    const row = await storage.db
      .selectFrom('federation_identity_providers')
      .selectAll()
      .where('id', '=', created.id)
      .executeTakeFirstOrThrow();
    expect(row.created_at).toBe('2026-11-25T12:00:00.000Z');
    expect(row.modified_at).not.toBeNull();
    expect(row.display_name).toBe('Google (new)');
  });
});
