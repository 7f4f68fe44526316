import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, TEST_DATABASES, type TestDatabase } from '../../test/support/databases.js';
import { insertTenantRow } from '../../test/support/fixtures.js';
import type { SignInEntry } from '../insights/model.js';
import { createSignInLogService } from '../insights/service.js';
import { toSignInRow } from '../insights/store.js';
import { createMemoryEventBus, ManualClock, newId } from '../platform/index.js';
import { migrateToLatest, openStorage, type Storage } from '../storage/index.js';
import { scanForMaliciousIps } from './offline-detections.js';
import { createIdentityProtectionService, type IdentityProtectionService } from './risk-service.js';

const START = new Date('2026-11-25T12:00:00.000Z');
const MINUTE = 60_000;
const ATTACKER = '198.51.100.66';

describe.each(TEST_DATABASES)('offline maliciousIPAddress scan on %s', (kind) => {
  let database: TestDatabase;
  let storage: Storage;
  let protection: IdentityProtectionService;
  const clock = new ManualClock(START);
  let tenantSeq = 0;

  const newTenant = async () => {
    const id = `t${++tenantSeq}`;
    await insertTenantRow(storage.db, id, START.toISOString());
    return id;
  };

  /** Writes one sign-in log row `minutesAgo` before the clock's now. */
  const logSignIn = async (
    tenantId: string,
    minutesAgo: number,
    entry: { userId: string | null; login: string; ip?: string; errorCode: number; correlationId?: string },
  ) => {
    const signIn: SignInEntry = {
      tenantId,
      userId: entry.userId,
      userPrincipalName: entry.login,
      userDisplayName: entry.userId ? entry.userId.toUpperCase() : null,
      appId: 'app-1',
      appDisplayName: 'Portal',
      ipAddress: entry.ip ?? ATTACKER,
      clientAppUsed: 'Browser',
      isInteractive: true,
      correlationId: entry.correlationId ?? newId(),
      signInEventTypes: ['interactiveUser'],
      status: { errorCode: entry.errorCode },
      location: {
        city: 'Lyon',
        state: 'Auvergne-Rhône-Alpes',
        countryOrRegion: 'FR',
        geoCoordinates: { latitude: 45.76, longitude: 4.84, altitude: null },
      },
      authenticationRequirement: 'singleFactorAuthentication',
    };
    const createdAt = new Date(clock.now().getTime() - minutesAgo * MINUTE).toISOString();
    await storage.db
      .insertInto('insights_sign_ins')
      .values(toSignInRow(signIn, newId(), createdAt))
      .execute();
  };

  /** `count` wrong passwords spread over `accounts` logins (some known users, some unknown). */
  const failures = async (
    tenantId: string,
    count: number,
    accounts: number,
    minutesAgo = 10,
    ip = ATTACKER,
  ) => {
    for (let i = 0; i < count; i++) {
      const n = i % accounts;
      // Odd accounts are unknown users: counted by their (case-insensitive) login.
      const known = n % 2 === 0;
      await logSignIn(tenantId, minutesAgo, {
        userId: known ? `victim-${n}` : null,
        login: known
          ? `victim-${n}@contoso.com`
          : Math.floor(i / accounts) % 2
            ? `GHOST-${n}@Contoso.com`
            : `ghost-${n}@contoso.com`,
        ip,
        errorCode: 50126,
      });
    }
  };

  const maliciousOf = async (tenantId: string) =>
    (await protection.listDetections(tenantId, { riskEventType: 'maliciousIPAddress' }, { top: 100 })).items;

  const scan = () =>
    scanForMaliciousIps({ signInLogs: createSignInLogService({ db: storage.db }), clock, protection });

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    storage = openStorage(database.url);
    await migrateToLatest(storage.db);
    protection = createIdentityProtectionService({ db: storage.db, clock, events: createMemoryEventBus() });
  });
  afterAll(async () => {
    await storage?.close();
    await database?.drop();
  });

  it('flags an IP with many failures across accounts: one detection per user who signed in from it', async () => {
    clock.set(START);
    const t = await newTenant();
    await failures(t, 24, 6);
    await logSignIn(t, 5, {
      userId: 'alice',
      login: 'alice@contoso.com',
      errorCode: 0,
      correlationId: 'c-a1',
    });
    await logSignIn(t, 3, {
      userId: 'alice',
      login: 'alice@contoso.com',
      errorCode: 0,
      correlationId: 'c-a2',
    });
    await logSignIn(t, 4, { userId: 'bob', login: 'bob@contoso.com', errorCode: 0, correlationId: 'c-b' });
    // Not counted: a success from elsewhere, a failure other than a wrong password, no user.
    await logSignIn(t, 4, { userId: 'carol', login: 'carol@contoso.com', ip: '203.0.113.9', errorCode: 0 });
    await logSignIn(t, 4, { userId: 'dave', login: 'dave@contoso.com', errorCode: 50053 });

    expect(await scan()).toBe(2);

    const found = await maliciousOf(t);
    expect(found.map((d) => d.userId).sort()).toEqual(['alice', 'bob']);
    const alice = found.find((d) => d.userId === 'alice');
    expect(alice).toMatchObject({
      riskEventType: 'maliciousIPAddress',
      riskLevel: 'high',
      riskState: 'atRisk',
      detectionTimingType: 'offline',
      activity: 'signin',
      ipAddress: ATTACKER,
      // The user's first successful sign-in from the IP in the window.
      correlationId: 'c-a1',
      activityDateTime: new Date(START.getTime() - 5 * MINUTE).toISOString(),
      detectedDateTime: START.toISOString(),
      userPrincipalName: 'alice@contoso.com',
      userDisplayName: 'ALICE',
      location: {
        city: 'Lyon',
        state: 'Auvergne-Rhône-Alpes',
        countryOrRegion: 'FR',
        geoCoordinates: { latitude: 45.76, longitude: 4.84 },
      },
    });
    expect(JSON.parse(alice?.additionalInfo ?? '[]')).toEqual([
      { Key: 'failedAttemptsFromIp', Value: '24' },
      { Key: 'failedAccountsFromIp', Value: '6' },
      { Key: 'windowMinutes', Value: '60' },
    ]);
    expect(await protection.userRisk(t, 'alice')).toEqual({ riskLevel: 'high', riskState: 'atRisk' });
    expect(await protection.userRisk(t, 'carol')).toEqual({ riskLevel: 'none', riskState: 'none' });
  });

  it('raises nothing below either threshold', async () => {
    clock.set(START);
    const t = await newTenant();
    // Many failures on few accounts (a user mistyping), and few failures on many accounts.
    await failures(t, 40, 4, 10, '198.51.100.1');
    await logSignIn(t, 2, { userId: 'alice', login: 'alice@contoso.com', ip: '198.51.100.1', errorCode: 0 });
    await failures(t, 19, 19, 10, '198.51.100.2');
    await logSignIn(t, 2, { userId: 'bob', login: 'bob@contoso.com', ip: '198.51.100.2', errorCode: 0 });

    expect(await scan()).toBe(0);
    expect(await maliciousOf(t)).toEqual([]);
    // The thresholds are options.
    expect(
      await scanForMaliciousIps(
        { signInLogs: createSignInLogService({ db: storage.db }), clock, protection },
        { minAccounts: 4 },
      ),
    ).toBe(1);
    expect((await maliciousOf(t)).map((d) => d.userId)).toEqual(['alice']);
  });

  it('does not raise the same detection twice while it is inside the window', async () => {
    clock.set(START);
    const t = await newTenant();
    await failures(t, 20, 5, 30);
    await logSignIn(t, 20, { userId: 'alice', login: 'alice@contoso.com', errorCode: 0 });
    expect(await scan()).toBe(1);
    expect(await scan()).toBe(0);

    // Ten minutes later, the next run: a new user signed in from the IP; alice is not raised again.
    clock.advance(10 * MINUTE);
    await logSignIn(t, 1, { userId: 'bob', login: 'bob@contoso.com', errorCode: 0 });
    expect(await scan()).toBe(1);
    expect((await maliciousOf(t)).map((d) => d.userId).sort()).toEqual(['alice', 'bob']);
  });

  it('does not count failures older than the window', async () => {
    clock.set(START);
    const t = await newTenant();
    await failures(t, 15, 6, 90);
    await failures(t, 10, 6, 30);
    await logSignIn(t, 5, { userId: 'alice', login: 'alice@contoso.com', errorCode: 0 });
    // 25 failures in all, only 10 in the last hour.
    expect(await scan()).toBe(0);
    // A two-hour window sees them all.
    expect(
      await scanForMaliciousIps(
        { signInLogs: createSignInLogService({ db: storage.db }), clock, protection },
        { windowMs: 120 * MINUTE },
      ),
    ).toBe(1);
    const [detection] = await maliciousOf(t);
    expect(JSON.parse(detection?.additionalInfo ?? '[]')).toContainEqual({
      Key: 'windowMinutes',
      Value: '120',
    });
  });

  it('keeps tenants apart', async () => {
    clock.set(START);
    const attacked = await newTenant();
    const other = await newTenant();
    // Half the failures in each tenant: neither reaches the threshold on its own.
    await failures(attacked, 12, 6);
    await failures(other, 12, 6);
    await logSignIn(attacked, 2, { userId: 'alice', login: 'alice@contoso.com', errorCode: 0 });
    await logSignIn(other, 2, { userId: 'alice', login: 'alice@fabrikam.com', errorCode: 0 });
    expect(await scan()).toBe(0);

    // The attacked tenant crosses it: only its user is raised, not the other tenant's.
    await failures(attacked, 10, 6);
    expect(await scan()).toBe(1);
    expect((await maliciousOf(attacked)).map((d) => d.userPrincipalName)).toEqual(['alice@contoso.com']);
    expect(await maliciousOf(other)).toEqual([]);
  });
});
