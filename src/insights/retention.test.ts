import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, TEST_DATABASES, type TestDatabase } from '../../test/support/databases.js';
import { insertTenantRow } from '../../test/support/fixtures.js';
import { ManualClock } from '../platform/index.js';
import { migrateToLatest, openStorage, type Storage } from '../storage/index.js';
import type { SignInEntry } from './model.js';
import { createSignInRecorder } from './recorder.js';
import { createSignInLogService, signInRetentionCutoff } from './service.js';

const START = new Date('2026-03-01T08:00:00.000Z');
const DAY_MS = 24 * 60 * 60_000;

const entry = (tenantId: string, correlationId: string): SignInEntry => ({
  tenantId,
  userId: '11111111-1111-4111-8111-111111111111',
  appId: 'app-1',
  appDisplayName: 'Portal',
  ipAddress: '203.0.113.7',
  clientAppUsed: 'Browser',
  isInteractive: true,
  correlationId,
  signInEventTypes: ['interactiveUser'],
  status: { errorCode: 0 },
  authenticationRequirement: 'singleFactorAuthentication',
});

describe.each(TEST_DATABASES)('sign-in log retention on %s', (kind) => {
  let database: TestDatabase;
  let storage: Storage;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    storage = openStorage(database.url);
    await migrateToLatest(storage.db);
    await insertTenantRow(storage.db, 'one', START.toISOString());
    await insertTenantRow(storage.db, 'two', START.toISOString());
  });
  afterAll(async () => {
    await storage?.close();
    await database?.drop();
  });

  it('purges the entries of every tenant older than 90 days and keeps the newer ones', async () => {
    const clock = new ManualClock(START);
    const recorder = createSignInRecorder({ db: storage.db, clock, logger: pino({ level: 'silent' }) });
    const logs = createSignInLogService({ db: storage.db });
    const correlations = async (tenantId: string) =>
      (await logs.list(tenantId, {}, { top: 100 })).items.map((s) => s.correlationId).sort();

    recorder.record(entry('one', 'old-one'));
    recorder.record(entry('two', 'old-two'));
    await recorder.flush();
    clock.advance(60 * DAY_MS);
    recorder.record(entry('one', 'recent-one'));
    await recorder.flush();
    await recorder.close();

    // Day 89 of the oldest: nothing is past retention yet.
    clock.advance(29 * DAY_MS);
    expect(await logs.purgeSignInsBefore(signInRetentionCutoff(clock.now()))).toBe(0);
    expect(await correlations('one')).toEqual(['old-one', 'recent-one']);

    // Day 91: the two oldest go, in both tenants; the one of day 60 stays.
    clock.advance(2 * DAY_MS);
    expect(await logs.purgeSignInsBefore(signInRetentionCutoff(clock.now()))).toBe(2);
    expect(await correlations('one')).toEqual(['recent-one']);
    expect(await correlations('two')).toEqual([]);
    // Running it again (another node, the next day) changes nothing.
    expect(await logs.purgeSignInsBefore(signInRetentionCutoff(clock.now()))).toBe(0);
    expect(await correlations('one')).toEqual(['recent-one']);
  });
});
