import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SignInEntry } from '../src/insights/index.js';
import { ManualClock } from '../src/platform/index.js';
import { TEST_DATABASES } from './support/databases.js';
import { startGatehouse, type TestGatehouse } from './support/gatehouse.js';

const TENANT = 'usage-insights';
const DAY1 = '2026-03-31';
const DAY2 = '2026-04-01';
const at = (day: string, time = '10:00:00') => new Date(`${day}T${time}.000Z`);

/**
 * Known sign-ins over a month boundary, through the recorder (with the times the clock gives),
 * rolled up, and read back through the admin API: every figure is counted by hand below.
 */
describe.each(TEST_DATABASES)('usage & insights on %s', (kind) => {
  const clock = new ManualClock(at(DAY1));
  let gh: TestGatehouse;
  const users: string[] = [];
  const base = `/api/v1/tenants/${TENANT}/reports/userInsights`;

  function entry(
    userId: string | null,
    appId: string,
    errorCode: number,
    where: { country?: string; os?: string },
    usage?: SignInEntry['usage'],
  ): SignInEntry {
    return {
      tenantId: TENANT,
      userId,
      appId,
      appDisplayName: appId,
      ipAddress: '203.0.113.7',
      clientAppUsed: userId ? 'Browser' : '',
      isInteractive: userId !== null,
      correlationId: 'c',
      signInEventTypes: userId ? ['interactiveUser'] : ['servicePrincipal'],
      status: { errorCode },
      deviceDetail: { operatingSystem: where.os ?? 'Unknown' },
      location: { countryOrRegion: where.country ?? null },
      authenticationRequirement: 'singleFactorAuthentication',
      ...(usage && { usage }),
    };
  }

  async function record(day: string, entries: SignInEntry[]) {
    clock.set(at(day));
    for (const e of entries) await gh.gatehouse.signIns.commit(e);
  }

  const get = async (path: string) => {
    const response = await gh.api('GET', `${base}/${path}`);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return response.body.value as Record<string, unknown>[];
  };
  const strip = (items: Record<string, unknown>[]) => items.map(({ id: _id, ...rest }) => rest);

  beforeAll(async () => {
    gh = await startGatehouse(kind, { clock });
    expect((await gh.api('POST', '/api/v1/tenants', { id: TENANT, displayName: 'Usage' })).status).toBe(201);
    for (const name of ['u1', 'u2', 'u3']) {
      const created = await gh.api('POST', `/api/v1/tenants/${TENANT}/users`, {
        displayName: name,
        mail: `${name}@usage.example`,
        passwordProfile: { password: 'Correct-Horse-Battery-9' },
      });
      expect(created.status).toBe(201);
      users.push(created.body.id);
    }
    const [u1, u2, u3] = users as [string, string, string];
    const us = { country: 'US', os: 'Windows' };
    const de = { country: 'DE', os: 'MacOs' };
    await record(DAY1, [
      entry(u1, 'app-a', 0, us),
      entry(u1, 'app-a', 0, us), // the same user again: one active user
      entry(u2, 'app-a', 50126, us), // a wrong password: an attempt, not an active user
      entry(u2, 'app-b', 50074, de), // MFA required: an interruption, a request but no attempt
      entry(u2, 'app-b', 0, de, { mfa: { method: 'Email', succeeded: true } }),
      entry(
        u3,
        'app-b',
        500121,
        { country: 'DE', os: 'Android' },
        { mfa: { method: 'SMS', succeeded: false } },
      ),
      entry(null, 'app-c', 0, {}), // an app's own token request: a request, no user
    ]);
    await record(DAY2, [
      entry(u1, 'app-b', 0, us),
      entry(u3, 'app-a', 0, { country: 'FR', os: 'iOS' }, { signUp: true, identityProvider: 'Google' }),
    ]);
    // These 9, and the admin API's own token requests (sign-ins of the admin tenant).
    expect((await gh.gatehouse.usageRollup.rollUp()).entries).toBeGreaterThanOrEqual(9);
    // Logged late: a sign-in of day 1 written after day 1 was rolled up.
    await record(DAY1, [entry(u3, 'app-a', 0, us)]);
    clock.set(at(DAY2, '12:00:00'));
    expect((await gh.gatehouse.usageRollup.rollUp()).entries).toBeGreaterThanOrEqual(1);
  });
  afterAll(() => gh?.stop());

  it('counts distinct active users per day, per month and per app, late entries included', async () => {
    expect(strip(await get('daily/activeUsers'))).toEqual([
      { factDate: DAY1, count: 3, appId: null },
      { factDate: DAY2, count: 2, appId: null },
    ]);
    expect(strip(await get("daily/activeUsers?$filter=appId eq 'app-a'"))).toEqual([
      { factDate: DAY1, count: 2, appId: 'app-a' },
      { factDate: DAY2, count: 1, appId: 'app-a' },
    ]);
    expect(strip(await get('monthly/activeUsers'))).toEqual([
      { factDate: '2026-03-01', count: 3, appId: null },
      { factDate: '2026-04-01', count: 2, appId: null },
    ]);
    expect(strip(await get('monthly/activeUsersBreakdown'))).toEqual([
      { factDate: '2026-03-01', appId: 'app-a', appName: null, count: 2, os: null },
      { factDate: '2026-03-01', appId: 'app-b', appName: null, count: 1, os: null },
      { factDate: '2026-04-01', appId: 'app-a', appName: null, count: 1, os: null },
      { factDate: '2026-04-01', appId: 'app-b', appName: null, count: 1, os: null },
    ]);
  });

  it('counts authentications by app, country and OS, without interruptions', async () => {
    const day1 = await get(`daily/authentications?$filter=factDate ge ${DAY1} and factDate le ${DAY1}`);
    expect(strip(day1)).toEqual([
      {
        factDate: DAY1,
        appid: 'app-a',
        country: 'US',
        os: 'Windows',
        identityProvider: 'local',
        attemptsCount: 4,
        successCount: 3,
      },
      {
        factDate: DAY1,
        appid: 'app-b',
        country: 'DE',
        os: 'Android',
        identityProvider: 'local',
        attemptsCount: 1,
        successCount: 0,
      },
      {
        factDate: DAY1,
        appid: 'app-b',
        country: 'DE',
        os: 'MacOs',
        identityProvider: 'local',
        attemptsCount: 1,
        successCount: 1,
      },
    ]);
    const windows = await get(`monthly/authentications?$filter=os eq 'Windows'`);
    expect(strip(windows)).toEqual([
      {
        factDate: '2026-03-01',
        appid: 'app-a',
        country: 'US',
        os: 'Windows',
        identityProvider: 'local',
        attemptsCount: 4,
        successCount: 3,
      },
      {
        factDate: '2026-04-01',
        appid: 'app-b',
        country: 'US',
        os: 'Windows',
        identityProvider: 'local',
        attemptsCount: 1,
        successCount: 1,
      },
    ]);
  });

  it('sums counts over the breakdowns left out of $select: the charts', async () => {
    const byOs = await get(
      `daily/authentications?$filter=factDate eq ${DAY1}&$select=factDate,os,attemptsCount,successCount`,
    );
    expect(byOs).toEqual([
      { id: '1', factDate: DAY1, os: 'Android', attemptsCount: 1, successCount: 0 },
      { id: '2', factDate: DAY1, os: 'MacOs', attemptsCount: 1, successCount: 1 },
      { id: '3', factDate: DAY1, os: 'Windows', attemptsCount: 4, successCount: 3 },
    ]);
    // Not a stored grain (country and OS together): summed from the full breakdown.
    const byPlace = await get(
      `daily/authentications?$filter=factDate eq ${DAY1} and appid eq 'app-b'&$select=country,os,attemptsCount`,
    );
    expect(byPlace).toEqual([
      { id: '1', country: 'DE', os: 'Android', attemptsCount: 1 },
      { id: '2', country: 'DE', os: 'MacOs', attemptsCount: 1 },
    ]);
    expect(await get('monthly/activeUsers?$select=factDate,appId,count')).toEqual([
      { id: '1', factDate: '2026-03-01', appId: 'app-a', count: 2 },
      { id: '2', factDate: '2026-03-01', appId: 'app-b', count: 1 },
      { id: '3', factDate: '2026-04-01', appId: 'app-a', count: 1 },
      { id: '4', factDate: '2026-04-01', appId: 'app-b', count: 1 },
    ]);
    const mfa = await get('monthly/mfaCompletions?$select=factDate,mfaMethod,attemptsCount,successCount');
    expect(mfa).toEqual([
      { id: '1', factDate: '2026-03-01', mfaMethod: 'Email', attemptsCount: 1, successCount: 1 },
      { id: '2', factDate: '2026-03-01', mfaMethod: 'SMS', attemptsCount: 1, successCount: 0 },
    ]);
    const bad = await gh.api('GET', `${base}/daily/authentications?$select=factDate,nothing`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.target).toBe('$select');
  });

  it('counts MFA attempts and successes by method, sign-ups by provider, and every request', async () => {
    expect(strip(await get('monthly/mfaCompletions'))).toEqual([
      {
        factDate: '2026-03-01',
        appId: 'app-b',
        mfaMethod: 'Email',
        country: 'DE',
        os: 'MacOs',
        identityProvider: 'local',
        attemptsCount: 1,
        successCount: 1,
      },
      {
        factDate: '2026-03-01',
        appId: 'app-b',
        mfaMethod: 'SMS',
        country: 'DE',
        os: 'Android',
        identityProvider: 'local',
        attemptsCount: 1,
        successCount: 0,
      },
    ]);
    expect(strip(await get('monthly/signUps'))).toEqual([
      {
        factDate: '2026-04-01',
        appId: 'app-a',
        country: 'FR',
        os: 'iOS',
        identityProvider: 'Google',
        count: 1,
      },
    ]);
    const requests = await get(`daily/requests?$filter=factDate eq ${DAY1}`);
    expect(strip(requests)).toEqual([
      { factDate: DAY1, appId: 'app-a', country: 'US', identityProvider: 'local', requestCount: 4 },
      { factDate: DAY1, appId: 'app-b', country: 'DE', identityProvider: 'local', requestCount: 3 },
      { factDate: DAY1, appId: 'app-c', country: null, identityProvider: null, requestCount: 1 },
    ]);
  });

  it('sums a summary per day and app', async () => {
    expect(strip(await get(`daily/summary?$filter=factDate eq ${DAY1}`))).toEqual([
      {
        factDate: DAY1,
        appId: 'app-a',
        os: null,
        activeUsers: 2,
        authenticationRequests: 4,
        authenticationCompletions: 3,
        securityTextRequests: 0,
        securityTextCompletions: 0,
        securityVoiceRequests: 0,
        securityVoiceCompletions: 0,
      },
      {
        factDate: DAY1,
        appId: 'app-b',
        os: null,
        activeUsers: 1,
        authenticationRequests: 2,
        authenticationCompletions: 1,
        securityTextRequests: 1,
        securityTextCompletions: 0,
        securityVoiceRequests: 0,
        securityVoiceCompletions: 0,
      },
    ]);
  });

  it('snapshots the directory and its inactive users', async () => {
    expect(strip(await get('daily/userCount'))).toEqual([{ factDate: DAY2, count: 3 }]);
    // On day 2, u2 last signed in on day 1; u1 and u3 on day 2.
    expect(strip(await get('daily/inactiveUsers'))).toEqual([
      {
        factDate: DAY2,
        appId: null,
        inactive1DayCount: 1,
        inactive30DayCount: 0,
        inactive60DayCount: 0,
        inactive90DayCount: 0,
      },
    ]);
    expect(strip(await get('monthly/inactiveUsersByApplication'))).toEqual([
      {
        factDate: '2026-04-01',
        appId: 'app-a',
        inactiveCalendarMonthCount: 1,
        inactive30DayCount: 0,
        inactive60DayCount: 0,
        inactive90DayCount: 0,
      },
      {
        factDate: '2026-04-01',
        appId: 'app-b',
        inactiveCalendarMonthCount: 1,
        inactive30DayCount: 0,
        inactive60DayCount: 0,
        inactive90DayCount: 0,
      },
    ]);
  });

  it('changes nothing when the job runs again', async () => {
    const lists = [
      'daily/activeUsers',
      'monthly/authentications',
      'monthly/mfaCompletions',
      'daily/requests',
      'daily/inactiveUsers',
    ];
    await gh.gatehouse.usageRollup.rollUp();
    const before = await Promise.all(lists.map(get));
    await gh.gatehouse.usageRollup.rollUp();
    expect(await gh.gatehouse.usageRollup.rollUp()).toEqual({ entries: 0, batches: 0 });
    expect(await Promise.all(lists.map(get))).toEqual(before);
  });

  it('downloads a list as CSV', async () => {
    const response = await fetch(`${gh.baseUrl}${base}/daily/activeUsers?$format=csv`, {
      headers: { authorization: `Bearer ${await gh.adminToken()}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(await response.text()).toBe(`id,factDate,count,appId\r\n1,${DAY1},3,\r\n2,${DAY2},2,\r\n`);
  });

  it('refuses a filter it cannot read, and changes nothing', async () => {
    for (const filter of [
      "factDate ge '2026-02-30'",
      "mfaMethod eq 'SMS'",
      'appId eq app-a',
      "factDate ge 2026-03-01 or appId eq 'a'",
    ]) {
      const response = await gh.api('GET', `${base}/daily/activeUsers?$filter=${encodeURIComponent(filter)}`);
      expect(response.status, filter).toBe(400);
      expect(response.body.error.target).toBe('$filter');
    }
    expect((await gh.api('GET', `${base}/daily/nothing`)).status).toBe(404);
    expect((await gh.api('GET', `${base}/monthly/userCount`)).status).toBe(404);
  });
});

describe.runIf(TEST_DATABASES.includes('postgres'))('usage roll-up on two nodes', () => {
  const clock = new ManualClock(at(DAY1));
  let one: TestGatehouse;
  let two: TestGatehouse;

  beforeAll(async () => {
    one = await startGatehouse('postgres', { clock });
    // A second node on the same database.
    two = await startGatehouse('postgres', { clock, database: one.database });
    expect((await one.api('POST', '/api/v1/tenants', { id: TENANT, displayName: 'Usage' })).status).toBe(201);
  });
  afterAll(async () => {
    await two?.stop({ keepDatabase: true });
    await one?.stop();
  });

  it('counts each entry once when both roll up at the same time', async () => {
    const entries = Array.from({ length: 12_000 }, (_, i) => ({
      tenantId: TENANT,
      userId: `00000000-0000-4000-8000-${String(i % 3000).padStart(12, '0')}`,
      appId: `app-${i % 3}`,
      appDisplayName: 'app',
      ipAddress: '203.0.113.7',
      clientAppUsed: 'Browser',
      isInteractive: true,
      correlationId: 'c',
      signInEventTypes: ['interactiveUser' as const],
      status: { errorCode: i % 4 === 0 ? 50126 : 0 },
      authenticationRequirement: 'singleFactorAuthentication' as const,
    }));
    for (const entry of entries) one.gatehouse.signIns.record(entry);
    await one.gatehouse.signIns.flush();
    // Both nodes at once, several batches each: neither may count what the other counts.
    const [a, b] = await Promise.all([
      one.gatehouse.usageRollup.rollUp(),
      two.gatehouse.usageRollup.rollUp(),
    ]);
    expect(a.entries + b.entries).toBeGreaterThanOrEqual(12_000);
    const base = `/api/v1/tenants/${TENANT}/reports/userInsights/daily`;
    const auth = await one.api('GET', `${base}/authentications?$select=attemptsCount,successCount`);
    expect(auth.body.value).toEqual([{ id: '1', attemptsCount: 12_000, successCount: 9_000 }]);
    const active = await two.api('GET', `${base}/activeUsers`);
    // Users whose index is a multiple of 4 only ever failed.
    expect(active.body.value).toEqual([{ id: '1', factDate: DAY1, count: 2250, appId: null }]);
  });
});
