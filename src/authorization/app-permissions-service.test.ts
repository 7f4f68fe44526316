import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, TEST_DATABASES, type TestDatabase } from '../../test/support/databases.js';
import { type ApplicationService, createApplicationService } from '../applications/index.js';
import { createDirectoryService } from '../directory/index.js';
import { CACHES_STALE, createMemoryEventBus, type EventBus, ManualClock } from '../platform/index.js';
import { migrateToLatest, openStorage, type Storage } from '../storage/index.js';
import * as authorizationMigration from '../storage/migrations/018_authorization.js';
import { createTenantService, TENANT_CHANGED } from '../tenants/index.js';
import { createAuthorizationService } from './app-permissions-service.js';
import { TenantCache } from './tenant-cache.js';

describe.each(TEST_DATABASES)('client permissions on %s', (kind) => {
  let database: TestDatabase;
  let storage: Storage;
  let events: EventBus;
  let applications: ApplicationService;
  const clock = new ManualClock(new Date('2026-12-01T12:00:00Z'));

  /** A node's service: nodes share the database and the event bus (Redis in a cluster). */
  const node = () =>
    createAuthorizationService({
      db: storage.db,
      clock,
      events,
      changedTopic: TENANT_CHANGED,
      servicePrincipals: applications.servicePrincipals,
    });

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    storage = openStorage(database.url);
    await migrateToLatest(storage.db);
    events = createMemoryEventBus();
    const tenants = createTenantService({ db: storage.db, clock, events, initializers: [] });
    await tenants.create({ id: 'alpha', displayName: 'Alpha' });
    applications = createApplicationService({
      db: storage.db,
      clock,
      events,
      changedTopic: TENANT_CHANGED,
      reservedIdentifierUris: [],
    });
  });
  afterAll(async () => {
    await storage?.close();
    await database?.drop();
  });

  async function apps() {
    const api = await applications.create('alpha', {
      displayName: 'API',
      api: { oauth2PermissionScopes: [{ value: 'x.read', adminConsentDisplayName: 'Read' }] },
      appRoles: [
        { allowedMemberTypes: ['Application'], displayName: 'Sync', value: 'Sync' },
        { allowedMemberTypes: ['User'], displayName: 'Reader', value: 'Reader' },
      ],
    });
    const client = await applications.create('alpha', { displayName: 'Client' });
    const apiSp = await applications.servicePrincipals.findByAppId('alpha', api.appId);
    const clientSp = await applications.servicePrincipals.findByAppId('alpha', client.appId);
    if (!apiSp || !clientSp) throw new Error('no service principals');
    return { api, client, apiSp, clientSp };
  }

  it('are held in memory until a change on any node, an app change or stale caches drop them', async () => {
    const { api, client, apiSp, clientSp } = await apps();
    const [a, b] = [node(), node()];
    const ask = () => b.clientPermissions('alpha', client.appId, api.appId);
    expect(await ask()).toBeUndefined();

    await a.createGrant('alpha', {
      clientId: clientSp.id,
      consentType: 'AllPrincipals',
      resourceId: apiSp.id,
      scope: 'x.read',
    });
    const granted = await ask();
    expect([...(granted?.scopes ?? [])]).toEqual(['x.read']);
    // Behind the services' back, the cached answer stays.
    await storage.db.deleteFrom('oauth2_permission_grants').execute();
    expect(await ask()).toBe(granted);
    events.publishLocally(CACHES_STALE, { tenantId: 'beta' });
    expect(await ask()).toBe(granted);
    events.publishLocally(CACHES_STALE, { tenantId: 'alpha' });
    expect(await ask()).toBeUndefined();

    // An assignment made on node a reaches node b's answer.
    const sync = api.appRoles.find((r) => r.value === 'Sync')?.id ?? '';
    await a.assign('alpha', { principalId: clientSp.id, resourceId: apiSp.id, appRoleId: sync });
    const assigned = await ask();
    expect([...(assigned?.roles ?? [])]).toEqual(['Sync']);
    expect(assigned?.scopes.size).toBe(0);

    // Disabling the role is an app change (the tenants' changed topic).
    await applications.update('alpha', api.id, {
      appRoles: api.appRoles.map((r) => ({ ...r, isEnabled: r.value !== 'Sync' })),
    });
    expect(await ask()).toBeUndefined();
    expect(await b.clientPermissions('alpha', client.appId, 'no-such-app')).toBeUndefined();
  });

  it('answers user app roles and reachability from the assignments', async () => {
    const { api, apiSp } = await apps();
    const service = node();
    const directory = createDirectoryService({ db: storage.db, clock, events });
    const userId = (await directory.create('alpha', { displayName: 'Ann' })).id;
    expect(await service.mayUserReach('alpha', userId, api.appId)).toBe(true);
    await applications.servicePrincipals.update('alpha', apiSp.id, { appRoleAssignmentRequired: true });
    expect(await service.mayUserReach('alpha', userId, api.appId)).toBe(false);
    const reader = api.appRoles.find((r) => r.value === 'Reader')?.id ?? '';
    await service.assign('alpha', { principalId: userId, resourceId: apiSp.id, appRoleId: reader }, 'User');
    expect(await service.mayUserReach('alpha', userId, api.appId)).toBe(true);
    expect(await service.userAppRoles('alpha', userId, api.appId)).toEqual(['Reader']);
    expect(await service.mayUserReach('alpha', userId, 'unknown-app')).toBe(true);
  });

  it('migration 018 gives every app registered before it a service principal', async () => {
    const { api, client, apiSp } = await apps();
    const db = storage.db as unknown as Kysely<unknown>;
    await authorizationMigration.down(db);
    await authorizationMigration.up(db);
    const [apiAfter, clientAfter] = await Promise.all([
      applications.servicePrincipals.findByAppId('alpha', api.appId),
      applications.servicePrincipals.findByAppId('alpha', client.appId),
    ]);
    expect(apiAfter).toMatchObject({
      appId: api.appId,
      displayName: 'API',
      appRoleAssignmentRequired: false,
    });
    expect(apiAfter?.id).not.toBe(apiSp.id);
    expect(clientAfter?.createdDateTime).toBe(client.createdDateTime);
  });
});

describe('the tenant cache', () => {
  it('shares a load, forgets failures and one tenant at a time, and stays bounded', async () => {
    const cache = new TenantCache<number>(3);
    let loads = 0;
    const load = async () => ++loads;
    const [x, y] = await Promise.all([cache.get('t1', 'a', load), cache.get('t1', 'a', load)]);
    expect([x, y, loads]).toEqual([1, 1, 1]);
    await expect(cache.get('t1', 'b', () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(cache.size).toBe(1);
    expect(await cache.get('t1', 'b', load)).toBe(2);
    expect(await cache.get('t2', 'a', load)).toBe(3);
    cache.forgetTenant('t1');
    expect(cache.size).toBe(1);
    expect(await cache.get('t2', 'a', load)).toBe(3);
    await cache.get('t3', 'a', load);
    await cache.get('t3', 'b', load);
    expect(cache.size).toBe(3);
    await cache.get('t3', 'c', load);
    expect(cache.size).toBe(1);
  });
});
