import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, TEST_DATABASES, type TestDatabase } from '../../test/support/databases.js';
import { createMemoryEventBus, type EventBus, ManualClock } from '../platform/index.js';
import { migrateToLatest, openStorage, type Storage } from '../storage/index.js';
import { createTenantService, TENANT_CHANGED } from '../tenants/index.js';
import { type AccessDirectory, createConditionalAccessService } from './service.js';

/** Nobody exists: the policies below name only keywords and named locations. */
const NOBODY: AccessDirectory = {
  userExists: async () => false,
  groupExists: async () => false,
  applicationExists: async () => false,
};

const policyBody = (displayName: string) => ({
  displayName,
  state: 'enabled' as const,
  conditions: { users: { includeUsers: ['All'] }, applications: { includeApplications: ['All'] } },
  grantControls: { builtInControls: ['mfa' as const] },
});

describe.each(TEST_DATABASES)('Conditional Access rules cache on %s', (kind) => {
  let database: TestDatabase;
  let storage: Storage;
  let events: EventBus;
  const clock = new ManualClock(new Date('2026-11-25T12:00:00Z'));

  /** Two nodes: one database, one event bus (Redis in a cluster). */
  const nodes = () => {
    const make = () =>
      createConditionalAccessService({
        db: storage.db,
        clock,
        events,
        directory: NOBODY,
        tenantChangedTopic: TENANT_CHANGED,
      });
    return [make(), make()] as const;
  };

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    storage = openStorage(database.url);
    await migrateToLatest(storage.db);
    events = createMemoryEventBus();
    const tenants = createTenantService({ db: storage.db, clock, events, initializers: [] });
    await tenants.create({ id: 'alpha', displayName: 'Alpha' });
    await tenants.create({ id: 'beta', displayName: 'Beta' });
  });
  afterAll(async () => {
    await storage?.close();
    await database?.drop();
  });

  it('keeps one snapshot per tenant until a change on any node drops it everywhere', async () => {
    const [a, b] = nodes();
    const first = await b.rulesOf('alpha');
    expect(first.policies).toEqual([]);
    expect(await b.rulesOf('alpha')).toBe(first);
    const otherTenant = await b.rulesOf('beta');

    const policy = await a.createPolicy('alpha', policyBody('MFA'));
    const second = await b.rulesOf('alpha');
    expect(second).not.toBe(first);
    expect(second.policies.map((p) => p.id)).toEqual([policy.id]);
    expect(await b.rulesOf('alpha')).toBe(second);
    // Another tenant's snapshot is untouched.
    expect(await b.rulesOf('beta')).toBe(otherTenant);
    // Snapshots are frozen: no caller can change what the others see.
    expect(Object.isFrozen(second.policies[0]?.conditions)).toBe(true);

    await a.updatePolicy('alpha', policy.id, { state: 'disabled' });
    const third = await b.rulesOf('alpha');
    expect(third.policies[0]?.state).toBe('disabled');

    const location = await a.createNamedLocation('alpha', {
      '@odata.type': '#microsoft.graph.countryNamedLocation',
      displayName: 'Embargoed',
      countriesAndRegions: ['RU'],
    });
    const fourth = await b.rulesOf('alpha');
    expect(fourth).not.toBe(third);
    expect(fourth.namedLocations.map((l) => l.id)).toEqual([location.id]);

    await a.deleteNamedLocation('alpha', location.id);
    await a.deletePolicy('alpha', policy.id);
    const fifth = await b.rulesOf('alpha');
    expect(fifth.policies).toEqual([]);
    expect(fifth.namedLocations).toEqual([]);
  });

  it('drops the snapshot when the tenant changes (e.g. deleted and made again)', async () => {
    const [a, b] = nodes();
    await a.createPolicy('beta', policyBody('Before'));
    const before = await b.rulesOf('beta');
    events.publish(TENANT_CHANGED, { tenantId: 'beta' });
    const after = await b.rulesOf('beta');
    expect(after).not.toBe(before);
    expect(after.policies).toEqual(before.policies);
  });

  it('keeps the snapshot when a write is refused', async () => {
    const [a] = nodes();
    const snapshot = await a.rulesOf('alpha');
    await expect(a.createPolicy('alpha', { ...policyBody('Bad'), state: 'on' as never })).rejects.toThrow();
    expect(await a.rulesOf('alpha')).toBe(snapshot);
  });

  it('validates a draft without saving it', async () => {
    const [a] = nodes();
    const before = await a.rulesOf('alpha');
    const draft = await a.parseDraftPolicy('alpha', policyBody('Draft'));
    expect(draft).toMatchObject({ id: 'draft', displayName: 'Draft', templateId: null });
    expect(draft.grantControls).toEqual({
      operator: 'OR',
      builtInControls: ['mfa'],
      authenticationStrength: null,
    });
    await expect(
      a.parseDraftPolicy('alpha', { ...policyBody('Draft'), grantControls: null }),
    ).rejects.toMatchObject({
      code: 'invalid_policy',
      target: 'grantControls',
    });
    expect(await a.rulesOf('alpha')).toBe(before);
  });
});
