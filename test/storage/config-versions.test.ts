import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CACHES_STALE, createMemoryEventBus, ManualClock } from '../../src/platform/index.js';
import {
  bumpConfigVersion,
  createConfigWatch,
  type Db,
  EVERY_TENANT,
  migrateToLatest,
  openStorage,
  readConfigVersions,
  type Storage,
} from '../../src/storage/index.js';
import { createTestDatabase, TEST_DATABASES, type TestDatabase } from '../support/databases.js';

/** Configuration versions, and the watch that drops a node's caches when one moved, on each database. */
describe.each(TEST_DATABASES)('configuration versions on %s', (kind) => {
  const clock = new ManualClock(new Date('2026-01-01T00:00:00Z'));
  const events = createMemoryEventBus();
  const stale: unknown[] = [];
  events.subscribe(CACHES_STALE, (payload) => void stale.push(payload));
  let database: TestDatabase;
  let storage: Storage;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    storage = openStorage(database.url);
    await migrateToLatest(storage.db);
  });
  afterAll(async () => {
    await storage?.close();
    await database?.drop();
  });

  const bump = (scope: string) => storage.db.transaction().execute((trx) => bumpConfigVersion(trx, scope));

  it('counts up per scope, only when the transaction commits', async () => {
    await bump('one');
    await bump('one');
    await bump(EVERY_TENANT);
    await expect(
      storage.db.transaction().execute(async (trx) => {
        await bumpConfigVersion(trx, 'one');
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await readConfigVersions(storage.db, ['one', 'two', EVERY_TENANT])).toEqual(
      new Map([
        ['one', 2],
        [EVERY_TENANT, 1],
      ]),
    );
  });

  it('reads a tenant at most once per interval, and says so when its version (or the global one) moved', async () => {
    const watch = createConfigWatch({
      db: storage.db,
      clock,
      events,
      logger: pino({ level: 'silent' }),
      intervalMs: 5000,
    });
    stale.length = 0;
    // First look: whatever is cached may predate the node's knowledge.
    await watch.fresh('one');
    expect(stale).toEqual([{ tenantId: 'one' }]);
    // Within the interval: not even a query.
    await bump('one');
    expect(watch.fresh('one')).toBeUndefined();
    clock.advance(4999);
    expect(watch.fresh('one')).toBeUndefined();
    expect(stale).toHaveLength(1);
    clock.advance(1);
    await watch.fresh('one');
    expect(stale).toEqual([{ tenantId: 'one' }, { tenantId: 'one' }]);
    // Nothing moved: nothing dropped.
    clock.advance(5000);
    await watch.fresh('one');
    expect(stale).toHaveLength(2);
    // A global change (a global threat list) concerns every tenant.
    await bump(EVERY_TENANT);
    clock.advance(5000);
    await watch.fresh('one');
    expect(stale).toEqual([{ tenantId: 'one' }, { tenantId: 'one' }, { tenantId: 'one' }]);
  });

  it('never fails a request when the database does not answer: it tries again an interval later', async () => {
    const down = () => Promise.reject(new Error('connect ECONNREFUSED'));
    const unanswering = {
      selectFrom: () => ({ select: () => ({ where: () => ({ execute: down }) }) }),
    } as unknown as Db;
    const watch = createConfigWatch({
      db: unanswering,
      clock,
      events,
      logger: pino({ level: 'silent' }),
      intervalMs: 5000,
    });
    stale.length = 0;
    await expect(watch.fresh('one')).resolves.toBeUndefined();
    expect(stale).toEqual([]);
    expect(watch.fresh('one')).toBeUndefined();
  });
});
