import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvCell } from '../src/http/admin-api/identity-protection.js';
import { ManualClock } from '../src/platform/index.js';
import type { DetectionDraft } from '../src/protection/index.js';
import { leakedCredentialHash } from '../src/protection/risk-service.js';
import { TEST_DATABASES } from './support/databases.js';
import { startGatehouse, type TestGatehouse } from './support/gatehouse.js';

const PASSWORD = 'Copper-Orchard-Violet-93';
const UNKNOWN_USER = '99999999-9999-4999-8999-999999999999';
/** A display name a spreadsheet would run as a formula. */
const FORMULA_NAME = '=HYPERLINK("http://evil.example","click, here")';

/** RFC 4180: rows of cells, quoted fields with doubled quotes, CRLF line ends. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  if (cell || row.length) throw new Error('CSV does not end with CRLF');
  return rows;
}

const draft = (
  riskEventType: DetectionDraft['riskEventType'],
  riskLevel: DetectionDraft['riskLevel'],
): DetectionDraft => ({
  riskEventType,
  riskLevel,
  detectionTimingType: 'realtime',
  activity: 'signin',
  additionalInfo: [{ Key: 'reason', Value: riskEventType }],
});

describe('CSV cells', () => {
  it('quotes as RFC 4180 says and neutralises formulas', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell(null)).toBe('');
    expect(csvCell(false)).toBe('false');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    for (const formula of ['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx']) {
      expect(csvCell(formula).replace(/^"/, '').startsWith("'"), formula).toBe(true);
    }
    expect(csvCell('=A1,B1')).toBe(`"'=A1,B1"`);
  });
});

describe.each(TEST_DATABASES)('Identity Protection admin API on %s', (kind) => {
  const clock = new ManualClock(new Date());
  let gh: TestGatehouse;
  let tenantCount = 0;
  const ip = (t: string) => `/api/v1/tenants/${t}/identityProtection`;

  beforeAll(async () => {
    gh = await startGatehouse(kind, { clock });
  });
  afterAll(() => gh?.stop());

  interface User {
    id: string;
    displayName: string;
    mail: string;
  }

  /** A fresh tenant with three users. */
  async function newTenant() {
    const t = `ip-${++tenantCount}`;
    expect((await gh.api('POST', '/api/v1/tenants', { id: t, displayName: t })).status).toBe(201);
    const users: User[] = [];
    for (const [name, displayName] of [
      ['ada', 'Ada'],
      ['bob', 'Bob'],
      ['cy', FORMULA_NAME],
    ] as const) {
      const user = await gh.api('POST', `/api/v1/tenants/${t}/users`, {
        displayName,
        mail: `${name}@${t}.example`,
        passwordProfile: { password: PASSWORD },
      });
      expect(user.status, JSON.stringify(user.body)).toBe(201);
      users.push({ id: user.body.id, displayName, mail: `${name}@${t}.example` });
    }
    const [ada, bob, cy] = users as [User, User, User];
    return { t, ada, bob, cy };
  }

  /** Records detections through the real service, one second later than the last. */
  async function detect(
    t: string,
    user: User | null,
    drafts: DetectionDraft[],
    context: { correlationId?: string; ipAddress?: string } = {},
  ) {
    clock.advance(1000);
    return gh.gatehouse.identityProtection.recordDetections(
      t,
      user && { id: user.id, userPrincipalName: user.mail, displayName: user.displayName },
      drafts,
      {
        correlationId: context.correlationId ?? `corr-${clock.now().getTime()}`,
        ipAddress: context.ipAddress ?? '203.0.113.7',
        location: null,
        activityAt: clock.now(),
      },
    );
  }

  /** Ada high, Bob medium, Cy low: one detection each, then a second for Ada. */
  async function seeded() {
    const tenant = await newTenant();
    const { t, ada, bob, cy } = tenant;
    await detect(t, ada, [draft('anonymizedIPAddress', 'high')], { ipAddress: '198.51.100.1' });
    await detect(t, bob, [draft('unfamiliarFeatures', 'medium')]);
    await detect(t, cy, [draft('unlikelyTravel', 'low')]);
    await detect(t, ada, [draft('maliciousIPAddress', 'medium')]);
    return tenant;
  }

  async function get(path: string) {
    const response = await gh.api('GET', path);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return response.body;
  }
  /** Follows @odata.nextLink to the end. */
  async function all(path: string) {
    // biome-ignore lint/suspicious/noExplicitAny: test responses are inspected freely
    const items: any[] = [];
    let next: string | undefined = path;
    let pages = 0;
    while (next) {
      const body = await get(next.replace(gh.baseUrl, ''));
      items.push(...body.value);
      next = body['@odata.nextLink'];
      pages++;
    }
    return { items, pages };
  }
  const audits = async (t: string, query = '') =>
    (await get(`/api/v1/tenants/${t}/auditLogs/directoryAudits${query}`)).value;

  describe('reports', () => {
    it('lists risky users with filters and pages', async () => {
      const { t, ada, bob, cy } = await seeded();
      const everyone = await all(`${ip(t)}/riskyUsers?$top=2`);
      expect(everyone.pages).toBe(2);
      expect(everyone.items.map((u) => u.id).sort()).toEqual([ada.id, bob.id, cy.id].sort());
      for (const u of everyone.items) expect(u.riskState).toBe('atRisk');

      const high = await get(`${ip(t)}/riskyUsers?riskLevel=high`);
      expect(high.value.map((u: { id: string }) => u.id)).toEqual([ada.id]);
      expect(high.value[0]).toMatchObject({ userPrincipalName: ada.mail, riskLevel: 'high' });
      expect((await get(`${ip(t)}/riskyUsers?riskLevel=low`)).value.map((u: { id: string }) => u.id)).toEqual(
        [cy.id],
      );
      expect((await get(`${ip(t)}/riskyUsers?riskState=dismissed`)).value).toEqual([]);
      // The filters travel in the next link.
      const paged = await get(`${ip(t)}/riskyUsers?riskState=atRisk&$top=1`);
      expect(paged['@odata.nextLink']).toContain('riskState=atRisk');

      // Bob was last updated before Cy's detection (Ada's second one did not raise her level).
      const after = new Date(clock.now().getTime() - 1500).toISOString();
      const recent = await get(`${ip(t)}/riskyUsers?updatedAfter=${encodeURIComponent(after)}`);
      const recentIds = recent.value.map((u: { id: string }) => u.id);
      expect(recentIds).toContain(cy.id);
      expect(recentIds).not.toContain(bob.id);

      const one = await get(`${ip(t)}/riskyUsers/${bob.id}`);
      expect(one).toMatchObject({ id: bob.id, riskLevel: 'medium', riskState: 'atRisk' });
      const history = await all(`${ip(t)}/riskyUsers/${ada.id}/history?$top=1`);
      expect(history.items[0]).toMatchObject({ userId: ada.id, riskLevel: 'high', initiatedBy: 'system' });
      for (const item of history.items) expect(item.userId).toBe(ada.id);

      for (const bad of [
        'riskLevel=severe',
        'riskState=bad',
        'updatedAfter=yesterday',
        '$top=0',
        'other=1',
      ]) {
        expect((await gh.api('GET', `${ip(t)}/riskyUsers?${bad}`)).status, bad).toBe(400);
      }
      expect((await gh.api('GET', `${ip(t)}/riskyUsers/not-a-uuid`)).status).toBe(400);
      expect((await gh.api('GET', `${ip('no-such-tenant')}/riskyUsers`)).status).toBe(404);
    });

    it('lists risk detections newest first, with every filter and pages', async () => {
      const { t, ada, bob } = await seeded();
      const everything = await all(`${ip(t)}/riskDetections?$top=3`);
      expect(everything.pages).toBe(2);
      expect(everything.items.map((d) => d.riskEventType)).toEqual([
        'maliciousIPAddress',
        'unlikelyTravel',
        'unfamiliarFeatures',
        'anonymizedIPAddress',
      ]);
      const [newest] = everything.items;
      expect(newest).toMatchObject({ userId: ada.id, riskLevel: 'medium', activity: 'signin' });

      const ids = (body: { value: { riskEventType: string }[] }) => body.value.map((d) => d.riskEventType);
      expect(ids(await get(`${ip(t)}/riskDetections?riskEventType=unfamiliarFeatures`))).toEqual([
        'unfamiliarFeatures',
      ]);
      expect(ids(await get(`${ip(t)}/riskDetections?riskLevel=medium`))).toEqual([
        'maliciousIPAddress',
        'unfamiliarFeatures',
      ]);
      expect(ids(await get(`${ip(t)}/riskDetections?userId=${ada.id}`))).toEqual([
        'maliciousIPAddress',
        'anonymizedIPAddress',
      ]);
      expect(ids(await get(`${ip(t)}/riskDetections?ipAddress=198.51.100.1`))).toEqual([
        'anonymizedIPAddress',
      ]);
      const times = everything.items.map((d) => d.detectedDateTime as string).reverse();
      const from = encodeURIComponent(times[1] as string);
      const to = encodeURIComponent(times[3] as string);
      expect(ids(await get(`${ip(t)}/riskDetections?from=${from}&to=${to}`))).toEqual([
        'unlikelyTravel',
        'unfamiliarFeatures',
      ]);
      // The risks one sign-in raised together.
      const signIn = newest.correlationId as string;
      expect(signIn).toEqual(expect.any(String));
      expect(ids(await get(`${ip(t)}/riskDetections?correlationId=${encodeURIComponent(signIn)}`))).toEqual(
        everything.items.filter((d) => d.correlationId === signIn).map((d) => d.riskEventType),
      );
      expect((await get(`${ip(t)}/riskDetections?correlationId=no-such-sign-in`)).value).toEqual([]);
      const filteredPage = await get(`${ip(t)}/riskDetections?riskLevel=medium&$top=1`);
      expect(filteredPage['@odata.nextLink']).toContain('riskLevel=medium');

      const one = await get(`${ip(t)}/riskDetections/${newest.id}`);
      expect(one).toEqual(newest);
      expect((await gh.api('GET', `${ip(t)}/riskDetections/${UNKNOWN_USER}`)).status).toBe(404);
      // Another tenant does not see them.
      const other = await newTenant();
      expect((await get(`${ip(other.t)}/riskDetections`)).value).toEqual([]);
      expect((await gh.api('GET', `${ip(other.t)}/riskDetections/${newest.id}`)).status).toBe(404);

      for (const bad of [
        'riskEventType=bogus',
        'riskLevel=none',
        'ipAddress=300.1.1.1',
        'userId=bob',
        `from=${to}&to=${from}`,
      ]) {
        expect((await gh.api('GET', `${ip(t)}/riskDetections?${bad}`)).status, bad).toBe(400);
      }
      expect(bob).toBeDefined();
    });

    it('exports detections and risky users as CSV and JSON, formula-safe', async () => {
      const { t, ada, cy } = await seeded();
      const response = await fetch(`${gh.baseUrl}${ip(t)}/riskDetections/export?format=csv`, {
        headers: { authorization: `Bearer ${await gh.adminToken()}` },
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
      expect(response.headers.get('content-disposition')).toContain('riskDetections.csv');
      const rows = parseCsv(await response.text());
      const [header, ...data] = rows as [string[], ...string[][]];
      expect(header.slice(0, 3)).toEqual(['id', 'riskEventType', 'riskLevel']);
      expect(data).toHaveLength(4);
      const column = (name: string) => header.indexOf(name);
      const cyRow = data.find((row) => row[column('userId')] === cy.id) as string[];
      // The formula is neutralised with a leading quote, and survives the commas and quotes.
      expect(cyRow[column('userDisplayName')]).toBe(`'${FORMULA_NAME}`);
      expect(cyRow[column('riskEventType')]).toBe('unlikelyTravel');
      expect(JSON.parse(cyRow[column('additionalInfo')] as string)).toEqual([
        { Key: 'reason', Value: 'unlikelyTravel' },
      ]);

      const filtered = await fetch(
        `${gh.baseUrl}${ip(t)}/riskDetections/export?format=csv&userId=${ada.id}`,
        {
          headers: { authorization: `Bearer ${await gh.adminToken()}` },
        },
      );
      expect(parseCsv(await filtered.text())).toHaveLength(3);

      const json = await get(`${ip(t)}/riskDetections/export?format=json`);
      expect(json.value).toHaveLength(4);
      expect(json.value[0].riskEventType).toBe('maliciousIPAddress');

      const users = await fetch(`${gh.baseUrl}${ip(t)}/riskyUsers/export?format=csv&riskLevel=low`, {
        headers: { authorization: `Bearer ${await gh.adminToken()}` },
      });
      const [userHeader, ...userRows] = parseCsv(await users.text()) as [string[], ...string[][]];
      expect(userHeader).toEqual([
        'id',
        'userPrincipalName',
        'userDisplayName',
        'riskLevel',
        'riskState',
        'riskDetail',
        'riskLastUpdatedDateTime',
        'isDeleted',
        'isProcessing',
      ]);
      expect(userRows).toEqual([
        [
          cy.id,
          cy.mail,
          `'${FORMULA_NAME}`,
          'low',
          'atRisk',
          expect.any(String),
          expect.any(String),
          'false',
          'false',
        ],
      ]);
      expect((await get(`${ip(t)}/riskyUsers/export`)).value).toHaveLength(3);
      expect((await gh.api('GET', `${ip(t)}/riskyUsers/export?format=xml`)).status).toBe(400);
    });

    it('exports continuously after a cursor, oldest first', async () => {
      const { t, bob } = await seeded();
      const first = await get(`${ip(t)}/riskDetections/delta?$top=3`);
      expect(first.value.map((d: { riskEventType: string }) => d.riskEventType)).toEqual([
        'anonymizedIPAddress',
        'unfamiliarFeatures',
        'unlikelyTravel',
      ]);
      expect(typeof first.cursor).toBe('string');
      const second = await get(
        `${ip(t)}/riskDetections/delta?$top=3&cursor=${encodeURIComponent(first.cursor)}`,
      );
      expect(second.value.map((d: { riskEventType: string }) => d.riskEventType)).toEqual([
        'maliciousIPAddress',
      ]);
      const idle = await get(`${ip(t)}/riskDetections/delta?cursor=${encodeURIComponent(second.cursor)}`);
      expect(idle.value).toEqual([]);
      await detect(t, bob, [draft('passwordSpray', 'high')]);
      const fresh = await get(`${ip(t)}/riskDetections/delta?cursor=${encodeURIComponent(idle.cursor)}`);
      expect(fresh.value.map((d: { riskEventType: string }) => d.riskEventType)).toEqual(['passwordSpray']);
      // An empty cursor starts over.
      expect((await get(`${ip(t)}/riskDetections/delta?cursor=`)).value).toHaveLength(5);
      expect((await gh.api('GET', `${ip(t)}/riskDetections/delta?$top=1000`)).status).toBe(400);
    });

    it('publishes every route in the OpenAPI document', async () => {
      const paths = Object.keys((await gh.api('GET', '/api/openapi.json', undefined, null)).body.paths);
      for (const path of [
        '/api/v1/tenants/{tenantId}/identityProtection/riskyUsers',
        '/api/v1/tenants/{tenantId}/identityProtection/riskyUsers/{userId}/resetPassword',
        '/api/v1/tenants/{tenantId}/identityProtection/riskDetections/delta',
        '/api/v1/tenants/{tenantId}/identityProtection/riskySignIns/confirmSafe',
        '/api/v1/tenants/{tenantId}/identityProtection/threatLists/{category}',
        '/api/v1/identityProtection/threatLists/{category}',
        '/api/v1/tenants/{tenantId}/auditLogs/directoryAudits',
      ]) {
        expect(paths).toContain(path);
      }
    });

    it('lists risky sign-ins only', async () => {
      const { t, ada } = await newTenant();
      const entry = (correlationId: string, riskLevelDuringSignIn: 'none' | 'high' | 'medium') => ({
        tenantId: t,
        userId: ada.id,
        userPrincipalName: ada.mail,
        userDisplayName: 'Ada',
        appId: 'portal',
        appDisplayName: 'Portal',
        ipAddress: '203.0.113.9',
        clientAppUsed: 'Browser',
        isInteractive: true,
        correlationId,
        signInEventTypes: ['interactiveUser' as const],
        status: { errorCode: 0 },
        authenticationRequirement: 'singleFactorAuthentication' as const,
        riskLevelDuringSignIn,
        riskState: riskLevelDuringSignIn === 'none' ? ('none' as const) : ('atRisk' as const),
      });
      gh.gatehouse.signIns.record(entry('calm-1', 'none'));
      gh.gatehouse.signIns.record(entry('risky-1', 'high'));
      gh.gatehouse.signIns.record(entry('risky-2', 'medium'));
      gh.gatehouse.signIns.record(entry('calm-2', 'none'));
      await gh.gatehouse.signIns.flush();
      const risky = await all(`${ip(t)}/riskySignIns?$top=1`);
      expect(risky.items.map((s) => s.correlationId).sort()).toEqual(['risky-1', 'risky-2']);
      expect(risky.pages).toBe(2);
      expect((await get(`/api/v1/tenants/${t}/auditLogs/signIns`)).value).toHaveLength(4);
      const filtered = await get(`${ip(t)}/riskySignIns?userId=${UNKNOWN_USER}`);
      expect(filtered.value).toEqual([]);
    });
  });

  describe('actions', () => {
    it('dismisses and confirms users compromised, in the history and the audit trail', async () => {
      const { t, ada, bob } = await seeded();
      const dismissed = await gh.api('POST', `${ip(t)}/riskyUsers/dismiss`, { userIds: [ada.id] });
      expect(dismissed.status, JSON.stringify(dismissed.body)).toBe(204);
      expect(await get(`${ip(t)}/riskyUsers/${ada.id}`)).toMatchObject({
        riskState: 'dismissed',
        riskLevel: 'none',
        riskDetail: 'adminDismissedAllRiskForUser',
      });
      const history = await all(`${ip(t)}/riskyUsers/${ada.id}/history?$top=1`);
      expect(history.pages).toBeGreaterThanOrEqual(2);
      expect(history.items[0]).toMatchObject({ riskState: 'dismissed', initiatedBy: 'gatehouse-admin-cli' });
      expect(history.items.at(-1)).toMatchObject({ riskState: 'atRisk', initiatedBy: 'system' });

      clock.advance(1000);
      const confirmed = await gh.api('POST', `${ip(t)}/riskyUsers/confirmCompromised`, { userIds: [bob.id] });
      expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(204);
      expect(await get(`${ip(t)}/riskyUsers/${bob.id}`)).toMatchObject({
        riskState: 'confirmedCompromised',
        riskLevel: 'high',
      });
      expect((await get(`${ip(t)}/riskyUsers/${bob.id}/history`)).value[0]).toMatchObject({
        riskState: 'confirmedCompromised',
        initiatedBy: 'gatehouse-admin-cli',
      });
      expect((await get(`${ip(t)}/riskyUsers?riskState=confirmedCompromised`)).value).toHaveLength(1);

      const trail = await audits(t);
      expect(trail.map((a: { activityDisplayName: string }) => a.activityDisplayName)).toEqual([
        'Confirm user compromised',
        'Dismiss user risk',
      ]);
      expect(trail[1]).toMatchObject({
        category: 'IdentityProtection',
        loggedByService: 'Identity Protection',
        operationType: 'Update',
        result: 'success',
        initiatedBy: { user: null, app: { appId: 'gatehouse-admin-cli' } },
        targetResources: [{ id: ada.id, type: 'User', userPrincipalName: ada.mail }],
      });
      expect(trail[1].correlationId).toEqual(expect.any(String));
      expect(await audits(t, `?activityDisplayName=${encodeURIComponent('Dismiss user risk')}`)).toHaveLength(
        1,
      );
      expect(await audits(t, '?category=UserManagement')).toEqual([]);
      // Who did it and to whom: an id, UPN, appId or name, in any case; never a near miss or a wildcard.
      const activities = async (query: string) =>
        (await audits(t, query)).map((a: { activityDisplayName: string }) => a.activityDisplayName);
      expect(await activities(`?target=${ada.id}`)).toEqual(['Dismiss user risk']);
      expect(await activities(`?target=${encodeURIComponent(bob.mail.toUpperCase())}`)).toEqual([
        'Confirm user compromised',
      ]);
      expect(await activities('?initiatedBy=GATEHOUSE-ADMIN-CLI')).toHaveLength(2);
      expect(await activities(`?initiatedBy=gatehouse-admin-cli&target=${ada.id}`)).toEqual([
        'Dismiss user risk',
      ]);
      for (const miss of ['gatehouse-admin', '%', '_atehouse-admin-cli', 'User', ada.id.slice(0, 8)]) {
        expect(await audits(t, `?initiatedBy=${encodeURIComponent(miss)}`), miss).toEqual([]);
        expect(await audits(t, `?target=${encodeURIComponent(miss)}`), miss).toEqual([]);
      }
      const paged = await get(`/api/v1/tenants/${t}/auditLogs/directoryAudits?$top=1`);
      expect(paged.value).toHaveLength(1);
      expect(paged['@odata.nextLink']).toEqual(expect.any(String));
      const since = encodeURIComponent(trail[0].activityDateTime);
      expect(await audits(t, `?from=${since}`)).toHaveLength(1);
      expect(await audits(t, `?to=${since}`)).toHaveLength(1);
      for (const bad of ['from=yesterday', `from=${since}&to=${since}`, 'other=1']) {
        const response = await gh.api('GET', `/api/v1/tenants/${t}/auditLogs/directoryAudits?${bad}`);
        expect(response.status, bad).toBe(400);
      }
      expect((await gh.api('GET', '/api/v1/tenants/nowhere/auditLogs/directoryAudits')).status).toBe(404);
    });

    it('validates user ids: uuids, 1 to 60, every one known', async () => {
      const { t, ada } = await seeded();
      for (const body of [
        {},
        { userIds: [] },
        { userIds: ['ada'] },
        { userIds: Array.from({ length: 61 }, () => ada.id) },
        { userIds: [ada.id], extra: 1 },
      ]) {
        const response = await gh.api('POST', `${ip(t)}/riskyUsers/dismiss`, body);
        expect(response.status, JSON.stringify(body)).toBe(400);
      }
      const unknown = await gh.api('POST', `${ip(t)}/riskyUsers/confirmCompromised`, {
        userIds: [ada.id, UNKNOWN_USER],
      });
      expect(unknown.status).toBe(404);
      expect(unknown.body.error.message).toContain(UNKNOWN_USER);
      // Nothing was done.
      expect((await get(`${ip(t)}/riskyUsers/${ada.id}`)).riskState).toBe('atRisk');
      expect(await audits(t)).toEqual([]);
      expect((await gh.api('POST', `${ip(t)}/riskyUsers/${UNKNOWN_USER}/block`)).status).toBe(404);
    });

    it('confirms sign-ins safe or compromised by correlation id', async () => {
      const { t, ada, bob } = await newTenant();
      await detect(t, ada, [draft('unfamiliarFeatures', 'medium')], { correlationId: 'sign-in-ada' });
      await detect(t, bob, [draft('unlikelyTravel', 'medium')], { correlationId: 'sign-in-bob' });
      const safe = await gh.api('POST', `${ip(t)}/riskySignIns/confirmSafe`, {
        correlationIds: ['sign-in-ada'],
      });
      expect(safe.status, JSON.stringify(safe.body)).toBe(204);
      const adaDetections = (await get(`${ip(t)}/riskDetections?userId=${ada.id}`)).value;
      expect(adaDetections[0].riskState).toBe('confirmedSafe');
      expect((await get(`${ip(t)}/riskyUsers/${ada.id}`)).riskLevel).toBe('none');

      clock.advance(1000);
      const bad = await gh.api('POST', `${ip(t)}/riskySignIns/confirmCompromised`, {
        correlationIds: ['sign-in-bob'],
      });
      expect(bad.status, JSON.stringify(bad.body)).toBe(204);
      const bobDetections = (await get(`${ip(t)}/riskDetections?userId=${bob.id}`)).value;
      expect(bobDetections.some((d: { riskState: string }) => d.riskState === 'confirmedCompromised')).toBe(
        true,
      );
      expect(await get(`${ip(t)}/riskyUsers/${bob.id}`)).toMatchObject({
        riskState: 'confirmedCompromised',
        riskLevel: 'high',
      });
      const trail = await audits(t);
      expect(trail.map((a: { activityDisplayName: string }) => a.activityDisplayName)).toEqual([
        'Confirm sign-in compromised',
        'Confirm sign-in safe',
      ]);
      expect(trail[0].targetResources).toEqual([{ id: 'sign-in-bob', type: 'SignIn' }]);
      expect((await gh.api('POST', `${ip(t)}/riskySignIns/confirmSafe`, { correlationIds: [] })).status).toBe(
        400,
      );
    });

    it('resets the password with a temporary one, shown once, remediating the risk', async () => {
      const { t, ada } = await seeded();
      const reset = await gh.api('POST', `${ip(t)}/riskyUsers/${ada.id}/resetPassword`, {
        mode: 'temporaryPassword',
      });
      expect(reset.status, JSON.stringify(reset.body)).toBe(200);
      const password = reset.body.temporaryPassword as string;
      expect(password).toHaveLength(20);
      expect(password).toMatch(/[A-Z]/);
      expect(password).toMatch(/[a-z]/);
      expect(password).toMatch(/[0-9]/);
      const user = await get(`/api/v1/tenants/${t}/users/${ada.id}`);
      expect(user.passwordProfile).toEqual({ password: null, forceChangePasswordNextSignIn: true });
      expect(user.lastPasswordChangeDateTime).toEqual(expect.any(String));
      expect(await get(`${ip(t)}/riskyUsers/${ada.id}`)).toMatchObject({
        riskState: 'remediated',
        riskLevel: 'none',
        riskDetail: 'adminGeneratedTemporaryPassword',
      });
      expect((await get(`${ip(t)}/riskyUsers/${ada.id}/history`)).value[0].riskDetail).toBe(
        'adminGeneratedTemporaryPassword',
      );
      expect((await audits(t))[0]).toMatchObject({
        activityDisplayName: 'Reset user password',
        targetResources: [{ id: ada.id, type: 'User' }],
      });
      // The password is never written to the trail.
      expect(JSON.stringify(await audits(t))).not.toContain(password);
    });

    it('requires a password change at the next sign-in', async () => {
      const { t, bob } = await seeded();
      const before = await get(`/api/v1/tenants/${t}/users/${bob.id}`);
      expect(before.passwordProfile.forceChangePasswordNextSignIn).toBe(false);
      const reset = await gh.api('POST', `${ip(t)}/riskyUsers/${bob.id}/resetPassword`, {
        mode: 'forceChangeAtNextSignIn',
      });
      expect(reset.status, JSON.stringify(reset.body)).toBe(200);
      expect(reset.body).toEqual({ temporaryPassword: null });
      const after = await get(`/api/v1/tenants/${t}/users/${bob.id}`);
      expect(after.passwordProfile.forceChangePasswordNextSignIn).toBe(true);
      expect(after.lastPasswordChangeDateTime).toBe(before.lastPasswordChangeDateTime);
      expect((await audits(t))[0].activityDisplayName).toBe('Require password change at next sign-in');
      // The request lands in the user's risk history; the risk stays until the change.
      const [latest] = (await get(`${ip(t)}/riskyUsers/${bob.id}/history`)).value;
      expect(latest).toMatchObject({ riskLevel: 'medium', riskState: 'atRisk' });
      expect(latest.initiatedBy).not.toBe('system');
      for (const body of [{}, { mode: 'email' }]) {
        expect((await gh.api('POST', `${ip(t)}/riskyUsers/${bob.id}/resetPassword`, body)).status).toBe(400);
      }
    });

    it('blocks a user', async () => {
      const { t, cy } = await seeded();
      const blocked = await gh.api('POST', `${ip(t)}/riskyUsers/${cy.id}/block`);
      expect(blocked.status, JSON.stringify(blocked.body)).toBe(204);
      expect((await get(`/api/v1/tenants/${t}/users/${cy.id}`)).accountEnabled).toBe(false);
      const [latest] = (await get(`${ip(t)}/riskyUsers/${cy.id}/history`)).value;
      expect(latest).toMatchObject({ riskLevel: 'low', riskState: 'atRisk' });
      expect(latest.initiatedBy).not.toBe('system');
      expect((await audits(t))[0]).toMatchObject({
        activityDisplayName: 'Block user',
        targetResources: [{ id: cy.id, type: 'User', userPrincipalName: cy.mail }],
      });
    });
  });

  describe('threat lists', () => {
    it('uploads, reads, replaces and deletes a tenant list', async () => {
      const { t } = await newTenant();
      const url = `${ip(t)}/threatLists/anonymizer`;
      expect((await gh.api('GET', url)).status).toBe(404);
      const put = await gh.api('PUT', url, {
        displayName: 'Tor',
        entries: ['198.51.100.7', '203.0.113.0/24'],
      });
      expect(put.status, JSON.stringify(put.body)).toBe(200);
      expect(put.body).toMatchObject({ tenantId: t, category: 'anonymizer', displayName: 'Tor' });
      expect(put.body.entries.sort()).toEqual(['198.51.100.7', '203.0.113.0/24']);
      expect(await get(url)).toEqual(put.body);

      clock.advance(1000);
      const replaced = await gh.api('PUT', url, { displayName: 'Tor (today)', entries: ['2001:db8::/32'] });
      expect(replaced.status).toBe(200);
      expect(replaced.body.entries).toEqual(['2001:db8::/32']);
      expect((await get(url)).displayName).toBe('Tor (today)');
      const lists = (await get(`${ip(t)}/threatLists`)).value;
      expect(lists.filter((l: { tenantId: string | null }) => l.tenantId === t)).toHaveLength(1);

      clock.advance(1000);
      expect((await gh.api('DELETE', url)).status).toBe(204);
      expect((await gh.api('GET', url)).status).toBe(404);
      expect((await gh.api('DELETE', url)).status).toBe(404);
      const trail = (await audits(t)).map((a: { activityDisplayName: string }) => a.activityDisplayName);
      expect(trail).toEqual(['Delete threat list', 'Upload threat list', 'Upload threat list']);
    });

    it('refuses invalid lists', async () => {
      const { t } = await newTenant();
      for (const [category, body] of [
        ['bogus', { displayName: 'x', entries: [] }],
        ['malicious', { entries: ['198.51.100.7'] }],
        ['malicious', { displayName: '', entries: ['198.51.100.7'] }],
        ['malicious', { displayName: 'x', entries: ['not an ip'] }],
        ['malicious', { displayName: 'x', entries: ['10.0.0.0/33'] }],
        ['malicious', { displayName: 'x', entries: ['198.51.100.7'], extra: true }],
      ] as const) {
        const response = await gh.api('PUT', `${ip(t)}/threatLists/${category}`, body);
        expect(response.status, JSON.stringify(body)).toBe(400);
      }
      // A large list (beyond the server's default body limit) is accepted.
      const entries = Array.from({ length: 20_000 }, (_, i) => `10.${(i >> 8) & 255}.${i & 255}.0/24`);
      const large = await gh.api('PUT', `${ip(t)}/threatLists/malicious`, { displayName: 'Big', entries });
      expect(large.status, JSON.stringify(large.body).slice(0, 300)).toBe(200);
    });

    it('manages global lists, which every tenant sees', async () => {
      const { t } = await newTenant();
      const url = '/api/v1/identityProtection/threatLists/threatIntelligence';
      const put = await gh.api('PUT', url, { displayName: 'Feed', entries: ['192.0.2.0/24'] });
      expect(put.status, JSON.stringify(put.body)).toBe(200);
      expect(put.body.tenantId).toBeNull();
      expect((await get(url)).entries).toEqual(['192.0.2.0/24']);
      const seen = (await get(`${ip(t)}/threatLists`)).value;
      expect(seen.some((l: { tenantId: string | null; category: string }) => l.tenantId === null)).toBe(true);
      // The tenant route is the tenant's own list, not the global one.
      expect((await gh.api('GET', `${ip(t)}/threatLists/threatIntelligence`)).status).toBe(404);
      expect((await gh.api('DELETE', url)).status).toBe(204);
      expect((await gh.api('GET', url)).status).toBe(404);
      expect((await audits('admin', '?category=IdentityProtection')).length).toBeGreaterThanOrEqual(2);
    });

    it('imports leaked credential hashes', async () => {
      const { t } = await newTenant();
      const url = `${ip(t)}/leakedCredentials`;
      const hashes = [leakedCredentialHash('ada@example.com', 'hunter2'), 'A'.repeat(64)];
      const imported = await gh.api('POST', url, { hashes });
      expect(imported.status, JSON.stringify(imported.body)).toBe(200);
      expect(imported.body).toEqual({ imported: 2 });
      // Only new hashes count.
      expect((await gh.api('POST', url, { hashes: [hashes[0]] })).body).toEqual({ imported: 0 });
      for (const body of [
        {},
        { hashes: [] },
        { hashes: ['password123'] },
        { hashes: ['5baa61e4c9b93f3f0682250b6cf8331b7ee68fd8'] },
      ]) {
        expect((await gh.api('POST', url, body)).status, JSON.stringify(body)).toBe(400);
      }
      expect((await audits(t))[0].activityDisplayName).toBe('Import leaked credentials');
    });
  });
});
