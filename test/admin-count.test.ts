/**
 * Graph's `$count=true` on the admin API's lists the console's home counts with: users,
 * applications, sign-ins and risky users answer `@odata.count` (how many match the filters in
 * all, on every page), counted by the database rather than by reading every item.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SignInEntry } from '../src/insights/index.js';
import { ManualClock } from '../src/platform/index.js';
import type { DetectionDraft } from '../src/protection/index.js';
import { TEST_DATABASES } from './support/databases.js';
import { startGatehouse, type TestGatehouse } from './support/gatehouse.js';

const PASSWORD = 'Copper-Orchard-Violet-93';
const TENANT = 'count-a';
const OTHER = 'count-b';

const signIn = (overrides: Partial<SignInEntry> = {}): SignInEntry => ({
  tenantId: TENANT,
  userId: '11111111-1111-4111-8111-111111111111',
  userPrincipalName: 'ada@example.com',
  userDisplayName: 'Ada',
  appId: 'portal-app',
  appDisplayName: 'Portal',
  ipAddress: '203.0.113.7',
  clientAppUsed: 'Browser',
  isInteractive: true,
  correlationId: `corr-${Math.random()}`,
  status: { errorCode: 0 },
  authenticationRequirement: 'singleFactorAuthentication',
  signInEventTypes: ['interactiveUser'],
  ...overrides,
});

const detection = (riskLevel: DetectionDraft['riskLevel']): DetectionDraft => ({
  riskEventType: 'anonymizedIPAddress',
  riskLevel,
  detectionTimingType: 'realtime',
  activity: 'signin',
  additionalInfo: [],
});

describe.each(TEST_DATABASES)('$count on admin API lists on %s', (kind) => {
  const clock = new ManualClock(new Date());
  let gh: TestGatehouse;
  const users: { id: string; mail: string; displayName: string }[] = [];

  async function get(path: string) {
    const response = await gh.api('GET', path);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return response.body;
  }

  beforeAll(async () => {
    gh = await startGatehouse(kind, { clock });
    for (const id of [TENANT, OTHER])
      expect((await gh.api('POST', '/api/v1/tenants', { id, displayName: id })).status).toBe(201);
    for (const [name, enabled] of [
      ['ada', true],
      ['bob', true],
      ['cy', false],
    ] as const) {
      const created = await gh.api('POST', `/api/v1/tenants/${TENANT}/users`, {
        displayName: name,
        mail: `${name}@count.example`,
        accountEnabled: enabled,
        passwordProfile: { password: PASSWORD },
      });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      users.push({ id: created.body.id, mail: `${name}@count.example`, displayName: name });
    }
    await gh.api('POST', `/api/v1/tenants/${OTHER}/users`, {
      displayName: 'Elsewhere',
      mail: 'elsewhere@count.example',
      passwordProfile: { password: PASSWORD },
    });
  });
  afterAll(() => gh?.stop());

  it('counts users, with the filters, on every page, and only when asked', async () => {
    const base = `/api/v1/tenants/${TENANT}/users`;
    const all = await get(`${base}?$count=true`);
    expect(all['@odata.count']).toBe(3);
    expect(Object.keys(all)[0]).toBe('@odata.count');
    expect((await get(`${base}?$count=true&accountEnabled=false`))['@odata.count']).toBe(1);
    expect((await get(`${base}?$count=true&displayNameStartsWith=B`))['@odata.count']).toBe(1);
    expect(await get(base)).not.toHaveProperty('@odata.count');
    expect((await get(`${base}?$count=false`)) as object).not.toHaveProperty('@odata.count');

    const first = await get(`${base}?$count=true&$top=2`);
    expect(first.value).toHaveLength(2);
    expect(first['@odata.count']).toBe(3);
    expect(first['@odata.nextLink']).toContain('%24count=true');
    const second = await get(String(first['@odata.nextLink']).replace(gh.baseUrl, ''));
    expect(second.value).toHaveLength(1);
    expect(second['@odata.count']).toBe(3);

    const bad = await gh.api('GET', `${base}?$count=yes`);
    expect(bad.status).toBe(400);
  });

  it('counts applications', async () => {
    const base = `/api/v1/tenants/${TENANT}/applications`;
    const before = await get(`${base}?$count=true&$top=999`);
    expect(before['@odata.count']).toBe(before.value.length);
    for (const displayName of ['One', 'Two'])
      expect((await gh.api('POST', base, { displayName })).status).toBe(201);
    const after = await get(`${base}?$count=true&$top=1`);
    expect(after['@odata.count']).toBe(before.value.length + 2);
    expect(after.value).toHaveLength(1);
    expect(after['@odata.nextLink']).toContain('%24count=true');
  });

  it('counts sign-ins since a time, and by status', async () => {
    const start = clock.now().getTime();
    const at = (hoursAgo: number) => new Date(start - hoursAgo * 3600_000);
    for (const [hoursAgo, errorCode] of [
      [30, 0],
      [20, 0],
      [2, 50126],
      [1, 0],
    ] as const) {
      clock.set(at(hoursAgo));
      gh.gatehouse.signIns.record(signIn({ status: { errorCode } }));
    }
    gh.gatehouse.signIns.record(signIn({ tenantId: OTHER }));
    clock.set(new Date(start));
    await gh.gatehouse.signIns.flush();

    const base = `/api/v1/tenants/${TENANT}/auditLogs/signIns`;
    const since = encodeURIComponent(at(24).toISOString());
    expect((await get(`${base}?$count=true`))['@odata.count']).toBe(4);
    const day = await get(`${base}?$count=true&from=${since}&$top=1`);
    expect(day['@odata.count']).toBe(3);
    expect(day['@odata.nextLink']).toContain('%24count=true');
    expect((await get(`${base}?$count=true&from=${since}&status=success`))['@odata.count']).toBe(2);
    expect(await get(base)).not.toHaveProperty('@odata.count');
  });

  it('counts risky users by state and level', async () => {
    const [ada, bob] = users as [(typeof users)[0], (typeof users)[0]];
    for (const [user, level] of [
      [ada, 'high'],
      [bob, 'medium'],
    ] as const) {
      clock.advance(1000);
      await gh.gatehouse.identityProtection.recordDetections(
        TENANT,
        { id: user.id, userPrincipalName: user.mail, displayName: user.displayName },
        [detection(level)],
        {
          correlationId: `corr-${user.id}`,
          ipAddress: '198.51.100.1',
          location: null,
          activityAt: clock.now(),
        },
      );
    }
    const base = `/api/v1/tenants/${TENANT}/identityProtection/riskyUsers`;
    expect((await get(`${base}?$count=true&riskState=atRisk`))['@odata.count']).toBe(2);
    expect((await get(`${base}?$count=true&riskLevel=high`))['@odata.count']).toBe(1);
    expect((await gh.api('POST', `${base}/dismiss`, { userIds: [ada.id] })).status).toBe(204);
    const atRisk = await get(`${base}?$count=true&riskState=atRisk&$top=1`);
    expect(atRisk['@odata.count']).toBe(1);
    expect(atRisk.value).toHaveLength(1);
    const other = await get(`/api/v1/tenants/${OTHER}/identityProtection/riskyUsers?$count=true`);
    expect(other['@odata.count']).toBe(0);
  });
});
