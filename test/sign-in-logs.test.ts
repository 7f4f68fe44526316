import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SignInEntry } from '../src/insights/index.js';
import { ManualClock } from '../src/platform/index.js';
import { openStorage } from '../src/storage/index.js';
import { down as undoLogFilters } from '../src/storage/migrations/021_log_filters.js';
import { down as undoDirectorySettings } from '../src/storage/migrations/022_directory_settings.js';
import { down as undoExtensions } from '../src/storage/migrations/023_extensions.js';
import { down as undoWebhooks } from '../src/storage/migrations/024_webhooks.js';
import { TEST_DATABASES } from './support/databases.js';
import { startGatehouse, type TestGatehouse } from './support/gatehouse.js';

const ADA = '11111111-1111-4111-8111-111111111111';
const BOB = '22222222-2222-4222-8222-222222222222';

function entry(overrides: Partial<SignInEntry> = {}): SignInEntry {
  return {
    tenantId: 'logs-a',
    userId: ADA,
    userPrincipalName: 'ada@example.com',
    userDisplayName: 'Ada Lovelace',
    appId: 'portal-app',
    appDisplayName: 'Portal',
    ipAddress: '203.0.113.7',
    deviceDetail: { browser: 'Firefox 140.0', operatingSystem: 'Linux' },
    clientAppUsed: 'Browser',
    isInteractive: true,
    correlationId: 'corr-00000001',
    status: { errorCode: 0 },
    authenticationRequirement: 'singleFactorAuthentication',
    signInEventTypes: ['interactiveUser'],
    ...overrides,
  };
}

describe.each(TEST_DATABASES)('sign-in logs over the admin API on %s', (kind) => {
  const clock = new ManualClock(new Date());
  const start = clock.now().getTime();
  const second = (n: number) => new Date(start + n * 1000).toISOString();
  let gh: TestGatehouse;
  /** Ids of the recorded sign-ins, oldest first. */
  const ids: string[] = [];
  const base = '/api/v1/tenants/logs-a/auditLogs/signIns';

  beforeAll(async () => {
    gh = await startGatehouse(kind, { clock });
    for (const id of ['logs-a', 'logs-b']) {
      expect((await gh.api('POST', '/api/v1/tenants', { id, displayName: id })).status).toBe(201);
    }
    const record = (overrides: Partial<SignInEntry>) => {
      clock.set(new Date(start + ids.length * 1000));
      ids.push(gh.gatehouse.signIns.record(entry(overrides)));
    };
    record({}); // 0
    record({ userId: BOB, userPrincipalName: 'bob@example.com', ipAddress: '198.51.100.2' }); // 1
    record({ status: { errorCode: 50126, failureReason: 'Invalid username or password.' } }); // 2
    record({
      // 3: a daemon's client-credentials sign-in
      userId: null,
      userPrincipalName: null,
      userDisplayName: null,
      appId: 'nightly-daemon',
      appDisplayName: 'Nightly job',
      servicePrincipalId: '33333333-3333-4333-8333-333333333333',
      servicePrincipalName: 'Nightly job',
      deviceDetail: undefined,
      clientAppUsed: '',
      isInteractive: false,
      signInEventTypes: ['servicePrincipal'],
    });
    record({ userId: BOB, status: { errorCode: 50053, failureReason: 'Account is locked.' } }); // 4
    record({
      // 5: blocked by a Conditional Access policy, from a risky address
      status: { errorCode: 53003, failureReason: 'Access has been blocked by Conditional Access policies.' },
      conditionalAccessStatus: 'failure',
      riskLevelDuringSignIn: 'high',
    });
    record({ conditionalAccessStatus: 'success', riskLevelDuringSignIn: 'low' }); // 6: MFA required and done
    gh.gatehouse.signIns.record(entry({ tenantId: 'logs-b', correlationId: 'other-tenant' }));
    await gh.gatehouse.signIns.flush();
  });
  afterAll(() => gh?.stop());

  const list = async (query = '') => {
    const response = await gh.api('GET', `${base}${query}`);
    expect(response.status).toBe(200);
    return response.body.value.map((s: { id: string }) => s.id) as string[];
  };

  it('lists sign-ins newest first as Graph signIn objects', async () => {
    const response = await gh.api('GET', base);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.body.value.map((s: { id: string }) => s.id)).toEqual([...ids].reverse());
    expect(response.body['@odata.nextLink']).toBeUndefined();
    expect(response.body.value[6]).toEqual({
      id: ids[0],
      createdDateTime: second(0),
      userId: ADA,
      userPrincipalName: 'ada@example.com',
      userDisplayName: 'Ada Lovelace',
      appId: 'portal-app',
      appDisplayName: 'Portal',
      servicePrincipalId: null,
      servicePrincipalName: null,
      resourceId: null,
      resourceDisplayName: null,
      ipAddress: '203.0.113.7',
      clientAppUsed: 'Browser',
      originalTransferMethod: 'none',
      isInteractive: true,
      correlationId: 'corr-00000001',
      signInEventTypes: ['interactiveUser'],
      status: { errorCode: 0, failureReason: null, additionalDetails: null },
      deviceDetail: { deviceId: null, browser: 'Firefox 140.0', operatingSystem: 'Linux' },
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
      // No custom authentication extension was called in this sign-in.
      appliedEventListeners: [],
    });
  });

  it('gets one sign-in by id, and answers 404 for an unknown one and 400 for a malformed one', async () => {
    const daemon = await gh.api('GET', `${base}/${ids[3]}`);
    expect(daemon.status).toBe(200);
    expect(daemon.body).toMatchObject({
      id: ids[3],
      userId: null,
      appId: 'nightly-daemon',
      servicePrincipalName: 'Nightly job',
      clientAppUsed: '',
      isInteractive: false,
      signInEventTypes: ['servicePrincipal'],
    });
    const missing = await gh.api('GET', `${base}/44444444-4444-4444-8444-444444444444`);
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('sign_in_not_found');
    const malformed = await gh.api('GET', `${base}/not-a-guid`);
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.target).toBe('id');
  });

  it('filters by user, app, status, IP address and time, combined', async () => {
    const [s0, s1, s2, s3, s4, s5, s6] = ids;
    expect(await list(`?userId=${BOB}`)).toEqual([s4, s1]);
    expect(await list('?appId=nightly-daemon')).toEqual([s3]);
    expect(await list('?status=failure')).toEqual([s5, s4, s2]);
    expect(await list('?status=success')).toEqual([s6, s3, s1, s0]);
    expect(await list('?ipAddress=198.51.100.2')).toEqual([s1]);
    expect(await list(`?from=${second(1)}&to=${second(3)}`)).toEqual([s2, s1]);
    expect(await list(`?userId=${ADA}&status=success&from=${second(0)}&to=${second(5)}`)).toEqual([s0]);
    // A date-time with an offset means the same instant.
    const plusTwo = new Date(start + 2000 + 2 * 3600_000).toISOString().replace('Z', '+02:00');
    expect(await list(`?from=${encodeURIComponent(plusTwo)}&to=${second(5)}`)).toEqual([s4, s3, s2]);
  });

  it('filters by Conditional Access result and risk level during sign-in', async () => {
    const [s0, s1, s2, s3, s4, s5, s6] = ids;
    expect(await list('?conditionalAccessStatus=failure')).toEqual([s5]);
    expect(await list('?conditionalAccessStatus=success')).toEqual([s6]);
    expect(await list('?conditionalAccessStatus=notApplied')).toEqual([s4, s3, s2, s1, s0]);
    expect(await list('?riskLevel=high')).toEqual([s5]);
    expect(await list('?riskLevel=none')).toEqual([s4, s3, s2, s1, s0]);
    expect(await list('?riskLevel=low&conditionalAccessStatus=success')).toEqual([s6]);
    const counted = await gh.api('GET', `${base}?conditionalAccessStatus=failure&$count=true`);
    expect(counted.body['@odata.count']).toBe(1);
  });

  it('pages with $top and an @odata.nextLink that keeps the filters', async () => {
    const first = await gh.api('GET', `${base}?$top=2&status=success`);
    expect(first.body.value).toHaveLength(2);
    const next: string = first.body['@odata.nextLink'];
    expect(next.startsWith(`${gh.baseUrl}${base}?`)).toBe(true);
    expect(new URL(next).searchParams.get('status')).toBe('success');
    const second = await gh.api('GET', next.slice(gh.baseUrl.length));
    expect(second.status).toBe(200);
    expect(second.body['@odata.nextLink']).toBeUndefined();
    expect([...first.body.value, ...second.body.value].map((s: { id: string }) => s.id)).toEqual([
      ids[6],
      ids[3],
      ids[1],
      ids[0],
    ]);

    const seen: string[] = [];
    let path: string | undefined = `${base}?$top=1`;
    while (path) {
      const page = await gh.api('GET', path);
      seen.push(...page.body.value.map((s: { id: string }) => s.id));
      const link: string | undefined = page.body['@odata.nextLink'];
      path = link?.slice(gh.baseUrl.length);
    }
    expect(seen).toEqual([...ids].reverse());
  });

  it('answers 400 to bad query values', async () => {
    for (const query of [
      '?status=ok',
      '?conditionalAccessStatus=blocked',
      '?riskLevel=severe',
      '?from=yesterday',
      '?to=2026-13-01T00:00:00Z',
      `?from=${second(5)}&to=${second(1)}`,
      '?userId=ada',
      '?ipAddress=300.1.1.1',
      '?$top=0',
      '?$top=1000',
      '?$skiptoken=garbage',
      '?colour=blue',
    ]) {
      const response = await gh.api('GET', `${base}${query}`);
      expect(response.status, query).toBe(400);
      expect(response.body.error.code, query).toMatch(/^(invalid_request|invalid_skiptoken|unknown_field)$/);
    }
  });

  it("keeps each tenant's sign-ins to itself, and answers 404 for an unknown tenant", async () => {
    const other = await gh.api('GET', '/api/v1/tenants/logs-b/auditLogs/signIns');
    expect(other.body.value.map((s: { correlationId: string }) => s.correlationId)).toEqual(['other-tenant']);
    expect((await gh.api('GET', `/api/v1/tenants/logs-b/auditLogs/signIns/${ids[0]}`)).status).toBe(404);
    const unknown = await gh.api('GET', '/api/v1/tenants/nope/auditLogs/signIns');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('tenant_not_found');
  });

  it('requires an admin token', async () => {
    expect((await gh.api('GET', base, undefined, null)).status).toBe(401);
  });

  it('is listed in the OpenAPI document with its filters', async () => {
    const doc = (await (await fetch(`${gh.baseUrl}/api/openapi.json`)).json()) as {
      paths: Record<string, { get?: { parameters?: { name: string }[] } }>;
    };
    const names = doc.paths['/api/v1/tenants/{tenantId}/auditLogs/signIns']?.get?.parameters?.map(
      (p) => p.name,
    );
    expect(names).toEqual(
      expect.arrayContaining([
        ...['$top', '$skiptoken', 'from', 'to', 'userId', 'appId', 'status', 'ipAddress'],
        ...['conditionalAccessStatus', 'riskLevel'],
      ]),
    );
    expect(doc.paths['/api/v1/tenants/{tenantId}/auditLogs/signIns/{id}']?.get).toBeDefined();
  });
});

describe.each(TEST_DATABASES)('sign-in logs across a restart on %s', (kind) => {
  it('writes the queued sign-ins when the server shuts down gracefully', async () => {
    const first = await startGatehouse(kind);
    let second: TestGatehouse | undefined;
    try {
      const ids = Array.from({ length: 25 }, (_, i) =>
        first.gatehouse.signIns.record(entry({ tenantId: 'admin', correlationId: `shutdown-${i}` })),
      );
      expect(first.gatehouse.signIns.pending).toBe(25);
      await first.stop({ keepDatabase: true });

      second = await startGatehouse(kind, { database: first.database });
      const listed = await second.api('GET', '/api/v1/tenants/admin/auditLogs/signIns?$top=999');
      // The second node's own admin token is a (service principal) sign-in too, already written.
      const queuedBefore = listed.body.value.filter((s: { correlationId: string }) =>
        s.correlationId.startsWith('shutdown-'),
      );
      expect(queuedBefore.map((s: { id: string }) => s.id).sort()).toEqual([...ids].sort());
    } finally {
      await (second ?? first).stop();
    }
  });
});

describe.each(TEST_DATABASES)('upgrading the sign-in log to its Conditional Access column on %s', (kind) => {
  it('gives the sign-ins written before it their Conditional Access result', async () => {
    const first = await startGatehouse(kind);
    let second: TestGatehouse | undefined;
    try {
      const blocked = first.gatehouse.signIns.record(
        entry({ tenantId: 'admin', conditionalAccessStatus: 'failure', correlationId: 'before-021' }),
      );
      const passed = first.gatehouse.signIns.record(
        entry({ tenantId: 'admin', conditionalAccessStatus: 'success', correlationId: 'before-021' }),
      );
      await first.stop({ keepDatabase: true });
      // As an install before 021 left them: no column, the result only in the JSON details
      // (021 and the migrations after it run again).
      const storage = openStorage(first.database.url);
      await undoWebhooks(storage.db as never);
      await undoExtensions(storage.db as never);
      await undoDirectorySettings(storage.db as never);
      await undoLogFilters(storage.db as never);
      await storage.db
        .deleteFrom('kysely_migration' as never)
        .where('name' as never, '>=', '021_log_filters' as never)
        .execute();
      await storage.close();

      second = await startGatehouse(kind, { database: first.database });
      const only = async (status: string) =>
        (
          await second?.api(
            'GET',
            `/api/v1/tenants/admin/auditLogs/signIns?conditionalAccessStatus=${status}`,
          )
        )?.body.value
          .filter((s: { correlationId: string }) => s.correlationId === 'before-021')
          .map((s: { id: string }) => s.id);
      expect(await only('failure')).toEqual([blocked]);
      expect(await only('success')).toEqual([passed]);
    } finally {
      await (second ?? first).stop();
    }
  });
});
