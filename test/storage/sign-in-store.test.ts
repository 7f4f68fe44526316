import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SignInEntry } from '../../src/insights/index.js';
import { isRowError, type SignInRow, signInStore, toSignInRow } from '../../src/insights/store.js';
import { newId } from '../../src/platform/index.js';
import {
  type Cursor,
  decodeCursor,
  encodeCursor,
  migrateToLatest,
  openStorage,
  type Storage,
} from '../../src/storage/index.js';
import { createTestDatabase, TEST_DATABASES, type TestDatabase } from '../support/databases.js';
import { insertTenantRow } from '../support/fixtures.js';

const USER_A = '11111111-1111-4111-8111-111111111111';
const USER_B = '22222222-2222-4222-8222-222222222222';

function entry(overrides: Partial<SignInEntry> = {}): SignInEntry {
  return {
    tenantId: 'one',
    userId: USER_A,
    userPrincipalName: 'ada@example.com',
    userDisplayName: 'Ada',
    appId: 'app-1',
    appDisplayName: 'Portal',
    ipAddress: '203.0.113.7',
    clientAppUsed: 'Browser',
    isInteractive: true,
    correlationId: newId(),
    signInEventTypes: ['interactiveUser'],
    status: { errorCode: 0 },
    deviceDetail: { browser: 'Firefox 140.0', operatingSystem: 'Linux' },
    authenticationRequirement: 'singleFactorAuthentication',
    ...overrides,
  };
}

const at = (second: number) => new Date(Date.UTC(2026, 0, 1, 12, 0, second)).toISOString();

/** The sign-in log's storage contract, on each database. */
describe.each(TEST_DATABASES)('sign-in log store on %s', (kind) => {
  let database: TestDatabase;
  let storage: Storage;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    storage = openStorage(database.url);
    expect(await migrateToLatest(storage.db)).toContain('003_insights');
    for (const id of ['one', 'two', 'doomed']) {
      await insertTenantRow(storage.db, id, at(0));
    }
  });
  afterAll(async () => {
    await storage?.close();
    await database?.drop();
  });

  const listAll = async (tenantId: string, filters = {}, pageSize = 999) => {
    const seen: string[] = [];
    let before: Cursor | undefined;
    let pages = 0;
    do {
      const page = await signInStore.list(storage.db, tenantId, filters, pageSize, before);
      seen.push(...page.items.map((s) => s.id));
      before = page.next ? decodeCursor(page.next) : undefined;
      pages++;
    } while (before && pages < 100);
    return { ids: seen, pages };
  };

  it('writes a batch in one call and reads every field back', async () => {
    const rows = Array.from({ length: 600 }, (_, i) =>
      toSignInRow(entry({ tenantId: 'two', appId: `bulk-${i % 3}` }), newId(), at(i % 60)),
    );
    await signInStore.insertMany(storage.db, rows);
    expect((await listAll('two')).ids).toHaveLength(600);

    const id = newId();
    await signInStore.insertMany(storage.db, [
      toSignInRow(
        entry({
          tenantId: 'two',
          userId: null,
          userPrincipalName: null,
          userDisplayName: null,
          appId: 'daemon',
          appDisplayName: 'Nightly job',
          servicePrincipalId: '33333333-3333-4333-8333-333333333333',
          servicePrincipalName: 'Nightly job',
          resourceId: 'api://orders',
          clientAppUsed: '',
          isInteractive: false,
          signInEventTypes: ['servicePrincipal'],
          status: { errorCode: 7000215, failureReason: 'Invalid client secret provided.' },
          deviceDetail: undefined,
        }),
        id,
        at(59),
      ),
    ]);
    const row = await signInStore.find(storage.db, 'two', id);
    expect(row).toBeDefined();
    const page = await signInStore.list(storage.db, 'two', { appId: 'daemon' }, 10);
    expect(page.items).toEqual([
      {
        id,
        createdDateTime: at(59),
        userId: null,
        userPrincipalName: null,
        userDisplayName: null,
        appId: 'daemon',
        appDisplayName: 'Nightly job',
        servicePrincipalId: '33333333-3333-4333-8333-333333333333',
        servicePrincipalName: 'Nightly job',
        resourceId: 'api://orders',
        resourceDisplayName: null,
        ipAddress: '203.0.113.7',
        clientAppUsed: '',
        originalTransferMethod: 'none',
        isInteractive: false,
        correlationId: expect.any(String),
        signInEventTypes: ['servicePrincipal'],
        status: {
          errorCode: 7000215,
          failureReason: 'Invalid client secret provided.',
          additionalDetails: null,
        },
        deviceDetail: { deviceId: null, browser: null, operatingSystem: null },
        location: { city: null, state: null, countryOrRegion: null, geoCoordinates: null },
        authenticationRequirement: 'singleFactorAuthentication',
        authenticationDetails: [],
        conditionalAccessStatus: 'notApplied',
        appliedConditionalAccessPolicies: [],
        riskEventTypes_v2: [],
        autonomousSystemNumber: null,
        riskDetail: 'none',
        riskLevelDuringSignIn: 'none',
        riskState: 'none',
      },
    ]);
  });

  it('ignores a row written twice, so a batch can be retried', async () => {
    const rows = [toSignInRow(entry({ appId: 'retry' }), newId(), at(1))];
    await signInStore.insertMany(storage.db, rows);
    await signInStore.insertMany(storage.db, rows);
    expect((await listAll('one', { appId: 'retry' })).ids).toHaveLength(1);
  });

  it('pages newest first across rows sharing the same created_at, without gaps or repeats', async () => {
    const rows: SignInRow[] = [];
    for (let i = 0; i < 25; i++) {
      // five distinct times, five rows each
      rows.push(toSignInRow(entry({ appId: 'paging' }), newId(), at(10 + Math.floor(i / 5))));
    }
    await signInStore.insertMany(storage.db, rows);
    const expected = [...rows]
      .sort((a, b) => (a.created_at === b.created_at ? cmp(b.id, a.id) : cmp(b.created_at, a.created_at)))
      .map((r) => r.id);

    const paged = await listAll('one', { appId: 'paging' }, 4);
    expect(paged.ids).toEqual(expected);
    expect(paged.pages).toBe(7);
    // A cursor in the middle of a run of equal times resumes right after it.
    const third = rows.find((r) => r.id === expected[2]) as SignInRow;
    const rest = await signInStore.list(
      storage.db,
      'one',
      { appId: 'paging' },
      100,
      decodeCursor(encodeCursor({ createdAt: third.created_at, id: third.id })),
    );
    expect(rest.items.map((s) => s.id)).toEqual(expected.slice(3));
    expect(rest.next).toBeUndefined();
  });

  it('filters by time range, user, app, status and IP address, combined with AND', async () => {
    const make = (second: number, overrides: Partial<SignInEntry>) =>
      toSignInRow(entry({ appId: 'filters', ...overrides }), newId(), at(second));
    const rows = [
      make(30, { userId: USER_A }),
      make(31, { userId: USER_B, status: { errorCode: 50126, failureReason: 'Invalid credentials' } }),
      make(32, { userId: USER_A, ipAddress: '2001:db8::1' }),
      make(33, { userId: USER_B }),
      make(34, { userId: null, status: { errorCode: 50034 } }),
    ];
    await signInStore.insertMany(storage.db, rows);
    const ids = async (filters: Record<string, string>) =>
      (await listAll('one', { appId: 'filters', ...filters })).ids;
    const [r30, r31, r32, r33, r34] = rows.map((r) => r.id);

    expect(await ids({})).toEqual([r34, r33, r32, r31, r30]);
    expect(await ids({ from: at(31), to: at(33) })).toEqual([r32, r31]);
    expect(await ids({ userId: USER_B })).toEqual([r33, r31]);
    expect(await ids({ status: 'success' })).toEqual([r33, r32, r30]);
    expect(await ids({ status: 'failure' })).toEqual([r34, r31]);
    expect(await ids({ ipAddress: '2001:db8::1' })).toEqual([r32]);
    expect(await ids({ userId: USER_A, status: 'failure' })).toEqual([]);
    expect(await ids({ status: 'failure', from: at(32) })).toEqual([r34]);
  });

  it('keeps tenants apart', async () => {
    const mine = toSignInRow(entry({ tenantId: 'one', appId: 'shared' }), newId(), at(40));
    const theirs = toSignInRow(entry({ tenantId: 'two', appId: 'shared' }), newId(), at(40));
    await signInStore.insertMany(storage.db, [mine, theirs]);
    expect((await listAll('one', { appId: 'shared' })).ids).toEqual([mine.id]);
    expect((await listAll('two', { appId: 'shared' })).ids).toEqual([theirs.id]);
    expect(await signInStore.find(storage.db, 'two', mine.id)).toBeUndefined();
  });

  it("refuses a row of an unknown tenant as a row error, and goes with its tenant's deletion", async () => {
    const orphan = toSignInRow(entry({ tenantId: 'no-such-tenant' }), newId(), at(50));
    const error = await signInStore.insertMany(storage.db, [orphan]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(isRowError(error)).toBe(true);

    await signInStore.insertMany(storage.db, [toSignInRow(entry({ tenantId: 'doomed' }), newId(), at(50))]);
    expect((await listAll('doomed')).ids).toHaveLength(1);
    await storage.db.deleteFrom('tenants').where('id', '=', 'doomed').execute();
    expect((await listAll('doomed')).ids).toHaveLength(0);
  });
});

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
