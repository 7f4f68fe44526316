import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { createGatehouse } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createTestDatabase, type TestDatabase } from './support/databases.js';
import { startGatehouse } from './support/gatehouse.js';
import { tokenRequest } from './support/oauth.js';

describe('restarting on the same data', () => {
  const databases: TestDatabase[] = [];
  afterAll(async () => {
    for (const database of databases) await database.drop();
  });

  it('replaces a changed admin client secret: the old value stops working, the new one works', async () => {
    const first = await startGatehouse('sqlite', {
      env: { GATEHOUSE_ADMIN_CLIENT_SECRET: 'first-secret-0123456789' },
    });
    databases.push(first.database);
    await first.stop({ keepDatabase: true });

    const same = await startGatehouse('sqlite', {
      database: first.database,
      env: { GATEHOUSE_ADMIN_CLIENT_SECRET: 'first-secret-0123456789' },
    });
    const app = (await same.api('GET', '/api/v1/tenants/admin/applications')).body.value.find(
      (a: { appId: string }) => a.appId === 'gatehouse-admin-cli',
    );
    expect(app.passwordCredentials).toHaveLength(1);
    await same.stop({ keepDatabase: true });

    const second = await startGatehouse('sqlite', {
      database: first.database,
      env: { GATEHOUSE_ADMIN_CLIENT_SECRET: 'second-secret-0123456789' },
    });
    const token = (secret: string) =>
      tokenRequest(
        second.baseUrl,
        'admin',
        { grant_type: 'client_credentials', scope: `${second.baseUrl}/api/.default` },
        { id: 'gatehouse-admin-cli', secret },
      );
    expect((await token('second-secret-0123456789')).status).toBe(200);
    expect((await token('first-secret-0123456789')).status).toBe(401);
    await second.stop({ keepDatabase: true });
  });

  it('refuses to start with a master key that cannot open the stored keys', async () => {
    const gh = await startGatehouse('sqlite');
    databases.push(gh.database);
    await gh.stop({ keepDatabase: true });
    const config = loadConfig({
      GATEHOUSE_DATA_DIR: gh.database.dataDir,
      GATEHOUSE_DATABASE_URL: gh.database.url,
      GATEHOUSE_MASTER_KEY: randomBytes(32).toString('hex'),
      GATEHOUSE_LOG_LEVEL: 'silent',
    });
    await expect(createGatehouse(config)).rejects.toMatchObject({ code: 'master_key_mismatch' });
  });

  it('refuses to start when the configured Redis cannot be reached', async () => {
    const database = await createTestDatabase('sqlite');
    databases.push(database);
    const config = loadConfig({
      GATEHOUSE_DATA_DIR: database.dataDir,
      GATEHOUSE_DATABASE_URL: database.url,
      GATEHOUSE_REDIS_URL: 'redis://127.0.0.1:1',
      GATEHOUSE_LOG_LEVEL: 'silent',
    });
    await expect(createGatehouse(config)).rejects.toThrow(/GATEHOUSE_REDIS_URL/);
  });
});
