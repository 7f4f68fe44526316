import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUTHENTICATION_STRENGTHS, TEMPLATES } from '../src/access/index.js';
import { TEST_DATABASES } from './support/databases.js';
import { startGatehouse, type TestGatehouse } from './support/gatehouse.js';

const PASSWORD = 'Copper-Orchard-Violet-93';
type Body = Record<string, unknown>;

describe.each(TEST_DATABASES)('Conditional Access admin API on %s', (kind) => {
  let gh: TestGatehouse;
  let tenantCount = 0;
  const ca = (t: string) => `/api/v1/tenants/${t}/conditionalAccess`;

  /** A fresh tenant with one user, one group and one app. */
  async function newTenant() {
    const id = `ca-${++tenantCount}`;
    expect((await gh.api('POST', '/api/v1/tenants', { id, displayName: id })).status).toBe(201);
    const user = await gh.api('POST', `/api/v1/tenants/${id}/users`, {
      displayName: 'Ada',
      mail: `ada@${id}.example`,
      passwordProfile: { password: PASSWORD },
    });
    expect(user.status, JSON.stringify(user.body)).toBe(201);
    const group = await gh.api('POST', `/api/v1/tenants/${id}/groups`, { displayName: 'Staff' });
    expect(group.status, JSON.stringify(group.body)).toBe(201);
    const app = await gh.api('POST', `/api/v1/tenants/${id}/applications`, { displayName: 'Shop' });
    expect(app.status).toBe(201);
    return { t: id, userId: user.body.id as string, groupId: group.body.id as string, appId: app.body.appId };
  }

  const mfaForAll = (extra: Body = {}): Body => ({
    displayName: 'MFA for everyone',
    state: 'enabled',
    conditions: { users: { includeUsers: ['All'] }, applications: { includeApplications: ['All'] } },
    grantControls: { operator: 'OR', builtInControls: ['mfa'] },
    ...extra,
  });

  async function expectRefused(t: string, body: Body, target: string, message?: RegExp) {
    const response = await gh.api('POST', `${ca(t)}/policies`, body);
    expect(response.status, JSON.stringify(response.body)).toBe(400);
    expect(response.body.error.target).toBe(target);
    if (message) expect(response.body.error.message).toMatch(message);
    return response;
  }

  beforeAll(async () => {
    gh = await startGatehouse(kind);
  });
  afterAll(() => gh?.stop());

  describe('policies', () => {
    it('creates, reads, lists, patches and deletes a policy, every field present', async () => {
      const { t, userId, groupId, appId } = await newTenant();
      const created = await gh.api('POST', `${ca(t)}/policies`, {
        displayName: 'MFA for the shop',
        state: 'enabledForReportingButNotEnforced',
        conditions: {
          users: { includeUsers: ['All'], excludeUsers: [userId.toUpperCase()], excludeGroups: [groupId] },
          applications: { includeApplications: [appId] },
          signInRiskLevels: ['high', 'medium'],
        },
        grantControls: { builtInControls: ['mfa'] },
      });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      const policy = created.body;
      expect(policy).toEqual({
        id: expect.any(String),
        displayName: 'MFA for the shop',
        state: 'enabledForReportingButNotEnforced',
        createdDateTime: expect.any(String),
        modifiedDateTime: null,
        templateId: null,
        conditions: {
          users: {
            includeUsers: ['All'],
            excludeUsers: [userId],
            includeGroups: [],
            excludeGroups: [groupId],
            includeRoles: [],
            excludeRoles: [],
          },
          applications: { includeApplications: [appId], excludeApplications: [] },
          clientApplications: null,
          signInRiskLevels: ['high', 'medium'],
          userRiskLevels: [],
          locations: null,
          clientAppTypes: ['all'],
          platforms: null,
        },
        grantControls: { operator: 'OR', builtInControls: ['mfa'], authenticationStrength: null },
        sessionControls: null,
      });
      expect((await gh.api('GET', `${ca(t)}/policies/${policy.id}`)).body).toEqual(policy);

      // A PATCHed object replaces the stored one whole.
      const patched = await gh.api('PATCH', `${ca(t)}/policies/${policy.id}`, {
        state: 'enabled',
        grantControls: {
          authenticationStrength: { id: AUTHENTICATION_STRENGTHS.phishingResistant.id },
        },
        sessionControls: {
          signInFrequency: { isEnabled: true, frequencyInterval: 'timeBased', value: 12, type: 'hours' },
        },
      });
      expect(patched.status, JSON.stringify(patched.body)).toBe(200);
      expect(patched.body).toMatchObject({
        state: 'enabled',
        displayName: 'MFA for the shop',
        modifiedDateTime: expect.any(String),
        conditions: policy.conditions,
        grantControls: {
          operator: 'OR',
          builtInControls: [],
          authenticationStrength: AUTHENTICATION_STRENGTHS.phishingResistant,
        },
        sessionControls: {
          signInFrequency: {
            isEnabled: true,
            frequencyInterval: 'timeBased',
            value: 12,
            type: 'hours',
            authenticationType: 'primaryAndSecondaryAuthentication',
          },
          persistentBrowser: null,
        },
      });
      // What a GET returns can be sent back as it is.
      const { conditions, grantControls, sessionControls } = patched.body;
      const again = await gh.api('PATCH', `${ca(t)}/policies/${policy.id}`, {
        conditions,
        grantControls,
        sessionControls,
      });
      expect(again.status, JSON.stringify(again.body)).toBe(200);
      expect(again.body.conditions).toEqual(conditions);

      const list = await gh.api('GET', `${ca(t)}/policies`);
      expect(list.body.value.map((p: Body) => p.id)).toEqual([policy.id]);

      expect((await gh.api('DELETE', `${ca(t)}/policies/${policy.id}`)).status).toBe(204);
      expect((await gh.api('GET', `${ca(t)}/policies/${policy.id}`)).status).toBe(404);
      expect((await gh.api('DELETE', `${ca(t)}/policies/${policy.id}`)).status).toBe(404);
    });

    it('pages policies oldest first', async () => {
      const { t } = await newTenant();
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) {
        const created = await gh.api('POST', `${ca(t)}/policies`, mfaForAll({ displayName: `P${i}` }));
        ids.push(created.body.id);
      }
      const seen: string[] = [];
      let next: string | undefined = `${ca(t)}/policies?$top=2`;
      while (next) {
        const page = await gh.api('GET', next.replace(gh.baseUrl, ''));
        expect(page.status).toBe(200);
        expect(page.body.value.length).toBeLessThanOrEqual(2);
        seen.push(...page.body.value.map((p: Body) => p.id));
        next = page.body['@odata.nextLink'];
      }
      expect(seen).toEqual(ids);
      expect((await gh.api('GET', `${ca(t)}/policies?$skiptoken=nonsense`)).status).toBe(400);
    });

    it("answers 404 for unknown ids and for another tenant's policies", async () => {
      const a = await newTenant();
      const b = await newTenant();
      const policy = (await gh.api('POST', `${ca(a.t)}/policies`, mfaForAll())).body;
      for (const [method, body] of [
        ['GET', undefined],
        ['PATCH', { state: 'disabled' }],
        ['DELETE', undefined],
      ] as const) {
        const response = await gh.api(method, `${ca(b.t)}/policies/${policy.id}`, body);
        expect(response.status).toBe(404);
        expect(response.body.error.code).toBe('policy_not_found');
      }
      expect((await gh.api('GET', `${ca(a.t)}/policies/${crypto.randomUUID()}`)).status).toBe(404);
      expect((await gh.api('GET', `${ca(a.t)}/policies/not-an-id`)).status).toBe(400);
      expect((await gh.api('GET', `${ca('no-such-tenant')}/policies`)).status).toBe(404);
      expect((await gh.api('GET', `${ca(a.t)}/policies/${policy.id}`)).body.state).toBe('enabled');
    });

    it('refuses what Entra refuses, naming the field, and changes nothing', async () => {
      const { t, appId, userId } = await newTenant();
      const c = (conditions: Body) => ({
        users: { includeUsers: ['All'] },
        applications: { includeApplications: ['All'] },
        ...conditions,
      });
      await expectRefused(t, mfaForAll({ displayName: '' }), 'displayName');
      await expectRefused(t, mfaForAll({ displayName: 'x'.repeat(257) }), 'displayName');
      await expectRefused(t, { ...mfaForAll(), state: undefined }, 'state');
      await expectRefused(t, mfaForAll({ state: 'on' }), 'state');
      await expectRefused(t, mfaForAll({ surprise: 1 }), 'surprise');
      await expectRefused(
        t,
        mfaForAll({ conditions: c({ users: { includeUsers: ['All'], extra: 1 } }) }),
        'conditions.users.extra',
      );
      // Users and applications
      await expectRefused(
        t,
        mfaForAll({ conditions: { applications: { includeApplications: ['All'] } } }),
        'conditions.users',
      );
      await expectRefused(
        t,
        mfaForAll({ conditions: c({ users: { includeUsers: [] } }) }),
        'conditions.users.includeUsers',
      );
      await expectRefused(
        t,
        mfaForAll({ conditions: c({ users: { includeUsers: ['All', userId] } }) }),
        'conditions.users.includeUsers.0',
      );
      await expectRefused(
        t,
        mfaForAll({ conditions: c({ users: { includeUsers: ['everyone'] } }) }),
        'conditions.users.includeUsers.0',
      );
      await expectRefused(
        t,
        mfaForAll({ conditions: c({ users: { includeUsers: [crypto.randomUUID()] } }) }),
        'conditions.users.includeUsers.0',
        /does not exist/,
      );
      await expectRefused(
        t,
        mfaForAll({
          conditions: c({ users: { includeUsers: ['All'], excludeGroups: [crypto.randomUUID()] } }),
        }),
        'conditions.users.excludeGroups.0',
      );
      await expectRefused(
        t,
        mfaForAll({ conditions: { users: { includeUsers: ['All'] } } }),
        'conditions.applications',
      );
      await expectRefused(
        t,
        mfaForAll({ conditions: c({ applications: { includeApplications: [] } }) }),
        'conditions.applications.includeApplications',
      );
      await expectRefused(
        t,
        mfaForAll({ conditions: c({ applications: { includeApplications: ['None', appId] } }) }),
        'conditions.applications.includeApplications.0',
      );
      await expectRefused(
        t,
        mfaForAll({ conditions: c({ applications: { includeApplications: ['not-registered'] } }) }),
        'conditions.applications.includeApplications.0',
        /not registered/,
      );
      // Locations
      await expectRefused(
        t,
        mfaForAll({ conditions: c({ locations: { includeLocations: [crypto.randomUUID()] } }) }),
        'conditions.locations.includeLocations.0',
      );
      await expectRefused(
        t,
        mfaForAll({ conditions: c({ locations: { includeLocations: ['All'], excludeLocations: ['All'] } }) }),
        'conditions.locations.excludeLocations.0',
      );
      await expectRefused(
        t,
        mfaForAll({ conditions: c({ locations: { includeLocations: [] } }) }),
        'conditions.locations.includeLocations',
      );
      // Grant controls
      await expectRefused(
        t,
        mfaForAll({ grantControls: null }),
        'grantControls',
        /at least one grant control or session control/,
      );
      await expectRefused(
        t,
        mfaForAll({ grantControls: { operator: 'OR', builtInControls: [] } }),
        'grantControls.builtInControls',
      );
      await expectRefused(
        t,
        mfaForAll({ grantControls: { operator: 'OR', builtInControls: ['block', 'mfa'] } }),
        'grantControls.builtInControls',
      );
      await expectRefused(
        t,
        mfaForAll({
          grantControls: {
            builtInControls: ['block'],
            authenticationStrength: { id: AUTHENTICATION_STRENGTHS.multifactor.id },
            operator: 'OR',
          },
        }),
        'grantControls.builtInControls',
      );
      await expectRefused(
        t,
        mfaForAll({
          grantControls: {
            operator: 'AND',
            builtInControls: ['mfa'],
            authenticationStrength: { id: AUTHENTICATION_STRENGTHS.multifactor.id },
          },
        }),
        'grantControls.authenticationStrength',
      );
      await expectRefused(
        t,
        mfaForAll({
          grantControls: { builtInControls: [], authenticationStrength: { id: crypto.randomUUID() } },
        }),
        'grantControls.authenticationStrength.id',
      );
      await expectRefused(
        t,
        mfaForAll({ grantControls: { builtInControls: ['mfa', 'mfa'] } }),
        'grantControls.builtInControls',
      );
      await expectRefused(
        t,
        mfaForAll({ grantControls: { builtInControls: ['mfa', 'passwordChange'] } }),
        'grantControls.operator',
      );
      await expectRefused(
        t,
        mfaForAll({ grantControls: { builtInControls: ['termsOfUse'] } }),
        'grantControls.builtInControls.0',
      );
      // passwordChange: AND, mfa, All applications, user risk.
      const risky = c({ userRiskLevels: ['high'] });
      const passwordChange = { operator: 'AND', builtInControls: ['mfa', 'passwordChange'] };
      await expectRefused(
        t,
        mfaForAll({ conditions: risky, grantControls: { ...passwordChange, operator: 'OR' } }),
        'grantControls.operator',
      );
      await expectRefused(
        t,
        mfaForAll({
          conditions: risky,
          grantControls: { operator: 'AND', builtInControls: ['passwordChange'] },
        }),
        'grantControls.builtInControls',
      );
      await expectRefused(
        t,
        mfaForAll({
          conditions: { ...risky, applications: { includeApplications: [appId] } },
          grantControls: passwordChange,
        }),
        'conditions.applications.includeApplications',
      );
      await expectRefused(
        t,
        mfaForAll({ conditions: c({}), grantControls: passwordChange }),
        'conditions.userRiskLevels',
      );
      // Client apps, platforms, risk
      await expectRefused(
        t,
        mfaForAll({ conditions: c({ clientAppTypes: [] }) }),
        'conditions.clientAppTypes',
      );
      await expectRefused(
        t,
        mfaForAll({ conditions: c({ clientAppTypes: ['all', 'browser'] }) }),
        'conditions.clientAppTypes',
      );
      await expectRefused(
        t,
        mfaForAll({ conditions: c({ platforms: { includePlatforms: [] } }) }),
        'conditions.platforms.includePlatforms',
      );
      await expectRefused(
        t,
        mfaForAll({ conditions: c({ platforms: { includePlatforms: ['all', 'iOS'] } }) }),
        'conditions.platforms.includePlatforms',
      );
      await expectRefused(
        t,
        mfaForAll({ conditions: c({ platforms: { includePlatforms: ['all'], excludePlatforms: ['all'] } }) }),
        'conditions.platforms.excludePlatforms.0',
      );
      await expectRefused(
        t,
        mfaForAll({ conditions: c({ signInRiskLevels: ['high', 'high'] }) }),
        'conditions.signInRiskLevels',
      );
      await expectRefused(
        t,
        mfaForAll({ conditions: c({ userRiskLevels: ['extreme'] }) }),
        'conditions.userRiskLevels.0',
      );
      // Session controls
      const frequency = (f: Body) =>
        mfaForAll({ sessionControls: { signInFrequency: { isEnabled: true, ...f } } });
      await expectRefused(
        t,
        frequency({ frequencyInterval: 'timeBased', type: 'hours' }),
        'sessionControls.signInFrequency.value',
      );
      await expectRefused(
        t,
        frequency({ frequencyInterval: 'timeBased', value: 24, type: 'hours' }),
        'sessionControls.signInFrequency.value',
      );
      await expectRefused(
        t,
        frequency({ frequencyInterval: 'timeBased', value: 366, type: 'days' }),
        'sessionControls.signInFrequency.value',
      );
      await expectRefused(
        t,
        frequency({ frequencyInterval: 'everyTime', value: 1, type: 'hours' }),
        'sessionControls.signInFrequency.value',
      );
      await expectRefused(
        t,
        mfaForAll({
          conditions: c({ applications: { includeApplications: [appId] } }),
          sessionControls: { persistentBrowser: { isEnabled: true, mode: 'never' } },
        }),
        'sessionControls.persistentBrowser',
      );
      await expectRefused(
        t,
        mfaForAll({ sessionControls: { persistentBrowser: { isEnabled: true, mode: 'sometimes' } } }),
        'sessionControls.persistentBrowser.mode',
      );

      // Nothing was stored.
      expect((await gh.api('GET', `${ca(t)}/policies`)).body.value).toEqual([]);
      // And a refused PATCH leaves the policy as it was.
      const policy = (await gh.api('POST', `${ca(t)}/policies`, mfaForAll())).body;
      const refused = await gh.api('PATCH', `${ca(t)}/policies/${policy.id}`, {
        state: 'disabled',
        grantControls: { operator: 'OR', builtInControls: ['block', 'mfa'] },
      });
      expect(refused.status).toBe(400);
      expect((await gh.api('PATCH', `${ca(t)}/policies/${policy.id}`, {})).status).toBe(400);
      expect((await gh.api('GET', `${ca(t)}/policies/${policy.id}`)).body).toEqual(policy);
    });

    it('accepts the controls and conditions Entra accepts', async () => {
      const { t, userId, groupId, appId } = await newTenant();
      const accepted = async (body: Body) => {
        const response = await gh.api('POST', `${ca(t)}/policies`, body);
        expect(response.status, JSON.stringify(response.body)).toBe(201);
        return response.body;
      };
      const passwordChange = await accepted({
        displayName: 'Risky users',
        state: 'enabled',
        conditions: {
          users: { includeUsers: [userId], includeGroups: [groupId] },
          applications: { includeApplications: ['All'], excludeApplications: [appId] },
          userRiskLevels: ['high'],
          clientAppTypes: ['browser', 'mobileAppsAndDesktopClients'],
          platforms: { includePlatforms: ['all'], excludePlatforms: ['linux'] },
        },
        grantControls: { operator: 'AND', builtInControls: ['mfa', 'passwordChange'] },
        sessionControls: {
          signInFrequency: { isEnabled: true, frequencyInterval: 'everyTime' },
          persistentBrowser: { isEnabled: true, mode: 'never' },
        },
      });
      expect(passwordChange.sessionControls.signInFrequency).toEqual({
        isEnabled: true,
        frequencyInterval: 'everyTime',
        value: null,
        type: null,
        authenticationType: 'primaryAndSecondaryAuthentication',
      });
      // A session control alone is enough.
      const sessionOnly = await accepted(
        mfaForAll({
          grantControls: null,
          sessionControls: { signInFrequency: { isEnabled: true, value: 30, type: 'days' } },
        }),
      );
      expect(sessionOnly.grantControls).toBeNull();
      // An authentication strength alone; its name is filled in.
      const strength = await accepted(
        mfaForAll({
          grantControls: { authenticationStrength: { id: AUTHENTICATION_STRENGTHS.multifactor.id } },
        }),
      );
      expect(strength.grantControls.authenticationStrength).toEqual(AUTHENTICATION_STRENGTHS.multifactor);
      // None includes no one, and is valid.
      await accepted(
        mfaForAll({
          conditions: { users: { includeUsers: ['None'] }, applications: { includeApplications: ['None'] } },
        }),
      );
    });

    it('checks workload identity policies', async () => {
      const { t, appId } = await newTenant();
      const workload = (extra: Body = {}, conditions: Body = {}): Body => ({
        displayName: 'Block daemons',
        state: 'enabled',
        conditions: {
          clientApplications: { includeServicePrincipals: ['ServicePrincipalsInMyTenant'] },
          ...conditions,
        },
        grantControls: { operator: 'OR', builtInControls: ['block'] },
        ...extra,
      });
      const created = await gh.api(
        'POST',
        `${ca(t)}/policies`,
        workload(
          {},
          {
            clientApplications: { includeServicePrincipals: [appId] },
          },
        ),
      );
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      expect(created.body.conditions).toMatchObject({
        users: null,
        applications: { includeApplications: ['All'], excludeApplications: [] },
        clientApplications: { includeServicePrincipals: [appId], excludeServicePrincipals: [] },
      });
      await expectRefused(t, workload({}, { users: { includeUsers: ['All'] } }), 'conditions.users');
      await expectRefused(t, workload({ grantControls: { builtInControls: ['mfa'] } }), 'grantControls');
      await expectRefused(
        t,
        workload({
          sessionControls: { signInFrequency: { isEnabled: true, frequencyInterval: 'everyTime' } },
        }),
        'sessionControls',
      );
      await expectRefused(t, workload({}, { signInRiskLevels: ['high'] }), 'conditions.signInRiskLevels');
      await expectRefused(t, workload({}, { userRiskLevels: ['high'] }), 'conditions.userRiskLevels');
      await expectRefused(
        t,
        workload({}, { platforms: { includePlatforms: ['all'] } }),
        'conditions.platforms',
      );
      await expectRefused(
        t,
        workload({}, { clientApplications: { includeServicePrincipals: [] } }),
        'conditions.clientApplications.includeServicePrincipals',
      );
      await expectRefused(
        t,
        workload({}, { clientApplications: { includeServicePrincipals: ['nobody'] } }),
        'conditions.clientApplications.includeServicePrincipals.0',
      );
    });

    it('counts the built-in account app once it is registered as an application', async () => {
      const { t } = await newTenant();
      const body = mfaForAll({
        conditions: {
          users: { includeUsers: ['All'] },
          applications: { includeApplications: ['gatehouse-account'] },
        },
      });
      const demo = await gh.api('GET', '/api/v1/tenants/demo/applications?$top=999');
      const registered = demo.body.value.some((a: Body) => a.appId === 'gatehouse-account');
      expect((await gh.api('POST', `${ca(t)}/policies`, body)).status).toBe(400);
      if (registered) expect((await gh.api('POST', `${ca('demo')}/policies`, body)).status).toBe(201);
    });
  });

  describe('named locations', () => {
    it('creates, reads, patches and deletes IP and country locations', async () => {
      const { t } = await newTenant();
      const ip = await gh.api('POST', `${ca(t)}/namedLocations`, {
        '@odata.type': '#microsoft.graph.ipNamedLocation',
        displayName: 'Head office',
        ipRanges: [
          { '@odata.type': '#microsoft.graph.iPv4CidrRange', cidrAddress: '10.20.1.5/16' },
          { '@odata.type': '#microsoft.graph.iPv6CidrRange', cidrAddress: '2001:DB8:0:0::1/32' },
        ],
      });
      expect(ip.status, JSON.stringify(ip.body)).toBe(201);
      expect(ip.body).toEqual({
        '@odata.type': '#microsoft.graph.ipNamedLocation',
        id: expect.any(String),
        displayName: 'Head office',
        createdDateTime: expect.any(String),
        modifiedDateTime: null,
        isTrusted: false,
        // Stored in network form.
        ipRanges: [
          { '@odata.type': '#microsoft.graph.iPv4CidrRange', cidrAddress: '10.20.0.0/16' },
          { '@odata.type': '#microsoft.graph.iPv6CidrRange', cidrAddress: '2001:db8::/32' },
        ],
      });
      const country = await gh.api('POST', `${ca(t)}/namedLocations`, {
        '@odata.type': '#microsoft.graph.countryNamedLocation',
        displayName: 'Embargoed',
        countriesAndRegions: ['RU', 'kp'],
      });
      expect(country.status, JSON.stringify(country.body)).toBe(201);
      expect(country.body).toEqual({
        '@odata.type': '#microsoft.graph.countryNamedLocation',
        id: expect.any(String),
        displayName: 'Embargoed',
        createdDateTime: expect.any(String),
        modifiedDateTime: null,
        countriesAndRegions: ['RU', 'KP'],
        includeUnknownCountriesAndRegions: false,
        countryLookupMethod: 'clientIpAddress',
      });
      expect((await gh.api('GET', `${ca(t)}/namedLocations/${ip.body.id}`)).body).toEqual(ip.body);
      const list = await gh.api('GET', `${ca(t)}/namedLocations?$top=1`);
      expect(list.body.value).toEqual([ip.body]);
      expect(list.body['@odata.nextLink']).toContain('skiptoken=');
      const second = await gh.api('GET', list.body['@odata.nextLink'].replace(gh.baseUrl, ''));
      expect(second.body.value).toEqual([country.body]);
      expect(second.body['@odata.nextLink']).toBeUndefined();

      const trusted = await gh.api('PATCH', `${ca(t)}/namedLocations/${ip.body.id}`, {
        '@odata.type': '#microsoft.graph.ipNamedLocation',
        isTrusted: true,
      });
      expect(trusted.status, JSON.stringify(trusted.body)).toBe(200);
      expect(trusted.body).toMatchObject({
        isTrusted: true,
        ipRanges: ip.body.ipRanges,
        displayName: 'Head office',
      });
      expect(trusted.body.modifiedDateTime).toEqual(expect.any(String));
      const unknown = await gh.api('PATCH', `${ca(t)}/namedLocations/${country.body.id}`, {
        countriesAndRegions: [],
        includeUnknownCountriesAndRegions: true,
      });
      expect(unknown.status, JSON.stringify(unknown.body)).toBe(200);
      expect(unknown.body).toMatchObject({
        countriesAndRegions: [],
        includeUnknownCountriesAndRegions: true,
      });

      expect((await gh.api('DELETE', `${ca(t)}/namedLocations/${ip.body.id}`)).status).toBe(204);
      expect((await gh.api('GET', `${ca(t)}/namedLocations/${ip.body.id}`)).status).toBe(404);
    });

    it('refuses bad locations and a change of type, and changes nothing', async () => {
      const { t } = await newTenant();
      const post = (body: Body) => gh.api('POST', `${ca(t)}/namedLocations`, body);
      const ipLocation = (ipRanges: unknown, extra: Body = {}) => ({
        '@odata.type': '#microsoft.graph.ipNamedLocation',
        displayName: 'Range',
        ipRanges,
        ...extra,
      });
      const v4 = (cidrAddress: string) => ({ '@odata.type': '#microsoft.graph.iPv4CidrRange', cidrAddress });
      const cases: [Body, string][] = [
        [ipLocation([v4('10.0.0.0')]), 'ipRanges.0.cidrAddress'],
        [ipLocation([v4('10.0.0.0/33')]), 'ipRanges.0.cidrAddress'],
        [ipLocation([v4('300.0.0.0/8')]), 'ipRanges.0.cidrAddress'],
        [ipLocation([v4('2001:db8::/32')]), 'ipRanges.0.cidrAddress'],
        [
          ipLocation([{ '@odata.type': '#microsoft.graph.iPv6CidrRange', cidrAddress: '10.0.0.0/8' }]),
          'ipRanges.0.cidrAddress',
        ],
        [ipLocation([]), 'ipRanges'],
        [ipLocation(Array.from({ length: 2001 }, (_, i) => v4(`10.${i >> 8}.${i & 255}.0/24`))), 'ipRanges'],
        [ipLocation([v4('10.0.0.0/8')], { countriesAndRegions: ['FR'] }), 'countriesAndRegions'],
        [ipLocation([v4('10.0.0.0/8')], { displayName: '' }), 'displayName'],
        [
          { '@odata.type': '#microsoft.graph.countryNamedLocation', displayName: 'None' },
          'countriesAndRegions',
        ],
        [
          {
            '@odata.type': '#microsoft.graph.countryNamedLocation',
            displayName: 'X',
            countriesAndRegions: ['XX'],
          },
          'countriesAndRegions.0',
        ],
        [
          {
            '@odata.type': '#microsoft.graph.countryNamedLocation',
            displayName: 'X',
            countriesAndRegions: ['FR', 'FR'],
          },
          'countriesAndRegions',
        ],
        [
          {
            '@odata.type': '#microsoft.graph.countryNamedLocation',
            displayName: 'X',
            countriesAndRegions: ['FR'],
            countryLookupMethod: 'authenticatorAppGps',
          },
          'countryLookupMethod',
        ],
        [
          { '@odata.type': '#microsoft.graph.compliantNetworkNamedLocation', displayName: 'X' },
          '@odata.type',
        ],
      ];
      for (const [body, target] of cases) {
        const response = await post(body);
        expect(response.status, JSON.stringify(body).slice(0, 200)).toBe(400);
        expect(response.body.error.target, JSON.stringify(response.body)).toBe(target);
      }
      // 2000 ranges are fine.
      const many = await post(
        ipLocation(Array.from({ length: 2000 }, (_, i) => v4(`10.${i >> 8}.${i & 255}.0/24`))),
      );
      expect(many.status).toBe(201);

      const country = await post({
        '@odata.type': '#microsoft.graph.countryNamedLocation',
        displayName: 'Embargoed',
        countriesAndRegions: ['RU'],
      });
      const id = country.body.id;
      const patch = (body: Body) => gh.api('PATCH', `${ca(t)}/namedLocations/${id}`, body);
      const typeChange = await patch({
        '@odata.type': '#microsoft.graph.ipNamedLocation',
        ipRanges: [v4('10.0.0.0/8')],
      });
      expect(typeChange.status).toBe(400);
      expect(typeChange.body.error).toMatchObject({
        code: 'named_location_type_change',
        target: '@odata.type',
      });
      expect((await patch({ isTrusted: true })).body.error.target).toBe('isTrusted');
      expect((await patch({ countriesAndRegions: [] })).body.error.target).toBe('countriesAndRegions');
      expect((await patch({ countriesAndRegions: ['ZZ'] })).body.error.target).toBe('countriesAndRegions.0');
      expect((await gh.api('GET', `${ca(t)}/namedLocations/${id}`)).body).toEqual(country.body);
      expect((await gh.api('GET', `${ca(t)}/namedLocations`)).body.value).toHaveLength(2);

      const other = await newTenant();
      expect((await gh.api('GET', `${ca(other.t)}/namedLocations/${id}`)).status).toBe(404);
      expect((await gh.api('DELETE', `${ca(other.t)}/namedLocations/${id}`)).status).toBe(404);
    });

    it('refuses to delete a named location a policy uses, naming the policies', async () => {
      const { t } = await newTenant();
      const office = await gh.api('POST', `${ca(t)}/namedLocations`, {
        '@odata.type': '#microsoft.graph.ipNamedLocation',
        displayName: 'Office',
        isTrusted: true,
        ipRanges: [{ '@odata.type': '#microsoft.graph.iPv4CidrRange', cidrAddress: '192.0.2.0/24' }],
      });
      const policy = await gh.api(
        'POST',
        `${ca(t)}/policies`,
        mfaForAll({
          displayName: 'MFA outside the office',
          conditions: {
            users: { includeUsers: ['All'] },
            applications: { includeApplications: ['All'] },
            locations: { includeLocations: ['All'], excludeLocations: ['AllTrusted', office.body.id] },
          },
        }),
      );
      expect(policy.status, JSON.stringify(policy.body)).toBe(201);
      const refused = await gh.api('DELETE', `${ca(t)}/namedLocations/${office.body.id}`);
      expect(refused.status).toBe(409);
      expect(refused.body.error.code).toBe('named_location_in_use');
      expect(refused.body.error.message).toContain('MFA outside the office');
      expect(refused.body.error.details).toEqual([expect.objectContaining({ target: policy.body.id })]);
      expect((await gh.api('GET', `${ca(t)}/namedLocations/${office.body.id}`)).status).toBe(200);

      // Once no policy names it, it goes.
      const patched = await gh.api('PATCH', `${ca(t)}/policies/${policy.body.id}`, {
        conditions: {
          users: { includeUsers: ['All'] },
          applications: { includeApplications: ['All'] },
          locations: { includeLocations: ['All'], excludeLocations: ['AllTrusted'] },
        },
      });
      expect(patched.status).toBe(200);
      expect((await gh.api('DELETE', `${ca(t)}/namedLocations/${office.body.id}`)).status).toBe(204);
    });
  });

  describe('the audit trail', () => {
    it('records who added, changed and deleted each policy and named location, with what changed', async () => {
      const { t } = await newTenant();
      const policy = await gh.api(
        'POST',
        `${ca(t)}/policies`,
        mfaForAll({ state: 'enabledForReportingButNotEnforced' }),
      );
      expect(policy.status).toBe(201);
      expect(
        (await gh.api('PATCH', `${ca(t)}/policies/${policy.body.id}`, { state: 'enabled' })).status,
      ).toBe(200);
      const fromTemplate = await gh.api('POST', `${ca(t)}/templates/${TEMPLATES[0]?.id}/policies`, {});
      expect(fromTemplate.status, JSON.stringify(fromTemplate.body)).toBe(201);
      expect((await gh.api('DELETE', `${ca(t)}/policies/${policy.body.id}`)).status).toBe(204);
      const location = await gh.api('POST', `${ca(t)}/namedLocations`, {
        '@odata.type': '#microsoft.graph.ipNamedLocation',
        displayName: 'Office',
        ipRanges: [{ '@odata.type': '#microsoft.graph.iPv4CidrRange', cidrAddress: '192.0.2.0/24' }],
      });
      expect(
        (await gh.api('PATCH', `${ca(t)}/namedLocations/${location.body.id}`, { isTrusted: true })).status,
      ).toBe(200);
      // Refused changes are not recorded.
      expect(
        (await gh.api('PATCH', `${ca(t)}/policies/${fromTemplate.body.id}`, { state: 'on' })).status,
      ).toBe(400);

      const trail = (await gh.api('GET', `/api/v1/tenants/${t}/auditLogs/directoryAudits?category=Policy`))
        .body.value;
      expect(trail.map((a: { activityDisplayName: string }) => a.activityDisplayName)).toEqual([
        'Update named location',
        'Add named location',
        'Delete conditional access policy',
        'Add conditional access policy',
        'Update conditional access policy',
        'Add conditional access policy',
      ]);
      expect(trail[4]).toMatchObject({
        category: 'Policy',
        loggedByService: 'Conditional Access',
        operationType: 'Update',
        result: 'success',
        initiatedBy: { app: { appId: 'gatehouse-admin-cli' } },
        targetResources: [
          {
            id: policy.body.id,
            type: 'Policy',
            displayName: 'MFA for everyone',
            modifiedProperties: [
              {
                displayName: 'state',
                oldValue: '"enabledForReportingButNotEnforced"',
                newValue: '"enabled"',
              },
            ],
          },
        ],
      });
      expect(trail[0].targetResources[0].modifiedProperties).toEqual([
        { displayName: 'isTrusted', oldValue: 'false', newValue: 'true' },
      ]);
      // An addition shows every property as new; a deletion every one as old.
      const added = trail[5].targetResources[0].modifiedProperties;
      expect(added.map((p: { displayName: string }) => p.displayName)).toEqual([
        'displayName',
        'state',
        'conditions',
        'grantControls',
        'sessionControls',
      ]);
      expect(added.every((p: { oldValue: unknown }) => p.oldValue === null)).toBe(true);
      expect(
        trail[2].targetResources[0].modifiedProperties.every(
          (p: { newValue: unknown }) => p.newValue === null,
        ),
      ).toBe(true);
    });
  });

  describe('templates', () => {
    it('lists the six templates and gets one', async () => {
      const { t } = await newTenant();
      const list = await gh.api('GET', `${ca(t)}/templates`);
      expect(list.status).toBe(200);
      expect(list.body.value).toHaveLength(6);
      for (const template of list.body.value) {
        expect(Object.keys(template).sort()).toEqual(['description', 'details', 'id', 'name', 'scenarios']);
        expect(Object.keys(template.details).sort()).toEqual([
          'conditions',
          'grantControls',
          'sessionControls',
        ]);
      }
      const first = list.body.value[0];
      expect((await gh.api('GET', `${ca(t)}/templates/${first.id}`)).body).toEqual(first);
      expect((await gh.api('GET', `${ca(t)}/templates/nope`)).status).toBe(404);
    });

    it('makes report-only policies from each template', async () => {
      const { t, appId, userId } = await newTenant();
      const [allUsers, chosenApps, countries, signInRisk, userRisk] = TEMPLATES.map((x) => x.id);
      const from = (id: string | undefined, body?: Body) =>
        gh.api('POST', `${ca(t)}/templates/${id}/policies`, body);

      const mfa = await from(allUsers, { excludeUsers: [userId] });
      expect(mfa.status, JSON.stringify(mfa.body)).toBe(201);
      expect(mfa.body).toMatchObject({
        displayName: 'Require multifactor authentication for all users',
        state: 'enabledForReportingButNotEnforced',
        templateId: allUsers,
        conditions: { users: { includeUsers: ['All'], excludeUsers: [userId] } },
        grantControls: { builtInControls: ['mfa'] },
      });
      expect((await from(allUsers)).status).toBe(201);

      expect((await from(chosenApps, {})).body.error.target).toBe('includeApplications');
      expect((await from(chosenApps, { includeApplications: [] })).body.error.message).toBe(
        'includeApplications: must list at least one application',
      );
      expect((await from(chosenApps, { includeApplications: ['unknown-app'] })).body.error.target).toBe(
        'includeApplications.0',
      );
      const apps = await from(chosenApps, {
        includeApplications: [appId],
        state: 'enabled',
        displayName: 'Shop MFA',
      });
      expect(apps.status, JSON.stringify(apps.body)).toBe(201);
      expect(apps.body).toMatchObject({
        displayName: 'Shop MFA',
        state: 'enabled',
        conditions: { applications: { includeApplications: [appId] } },
      });

      expect((await from(countries, {})).body.error.target).toBe('countriesAndRegions');
      expect((await from(countries, { countriesAndRegions: ['QQ'] })).body.error.target).toBe(
        'countriesAndRegions.0',
      );
      expect((await from(signInRisk, { countriesAndRegions: ['FR'] })).body.error.target).toBe(
        'countriesAndRegions',
      );
      expect((await from(signInRisk, { includeApplications: [appId] })).body.error.target).toBe(
        'includeApplications',
      );
      expect((await gh.api('GET', `${ca(t)}/namedLocations`)).body.value).toEqual([]);
      const blocked = await from(countries, { countriesAndRegions: ['RU', 'BY'] });
      expect(blocked.status, JSON.stringify(blocked.body)).toBe(201);
      expect(blocked.body.grantControls.builtInControls).toEqual(['block']);
      const [locationId] = blocked.body.conditions.locations.includeLocations;
      const location = await gh.api('GET', `${ca(t)}/namedLocations/${locationId}`);
      expect(location.body).toMatchObject({
        '@odata.type': '#microsoft.graph.countryNamedLocation',
        countriesAndRegions: ['RU', 'BY'],
      });

      const risk = await from(signInRisk);
      expect(risk.body.conditions.signInRiskLevels).toEqual(['high']);
      const password = await from(userRisk);
      expect(password.status, JSON.stringify(password.body)).toBe(201);
      expect(password.body).toMatchObject({
        conditions: { userRiskLevels: ['high'], applications: { includeApplications: ['All'] } },
        grantControls: { operator: 'AND', builtInControls: ['mfa', 'passwordChange'] },
      });
      expect((await from(userRisk, { state: 'on' })).status).toBe(400);
      expect((await from(crypto.randomUUID())).status).toBe(404);
      expect((await gh.api('GET', `${ca(t)}/policies`)).body.value).toHaveLength(6);
    });
  });

  describe('What If and impact (request validation)', () => {
    it('refuses malformed What If requests', async () => {
      const { t, userId, appId } = await newTenant();
      const evaluate = (body: unknown) => gh.api('POST', `${ca(t)}/evaluate`, body);
      const valid = {
        signInIdentity: { userId },
        signInContext: { includeApplications: [appId] },
        signInConditions: { country: 'FR', devicePlatform: 'iOS', signInRiskLevel: 'high' },
      };
      const cases: [unknown, string | undefined][] = [
        [{ ...valid, signInIdentity: { userId: 'bob' } }, 'signInIdentity.userId'],
        [{ ...valid, signInIdentity: {} }, 'signInIdentity'],
        [{ ...valid, signInContext: { includeApplications: [] } }, 'signInContext.includeApplications'],
        [
          { ...valid, signInContext: { includeApplications: [appId, appId] } },
          'signInContext.includeApplications',
        ],
        [{ ...valid, signInConditions: { country: 'XX' } }, 'signInConditions.country'],
        [{ ...valid, signInConditions: { ipAddress: 'not-an-ip' } }, 'signInConditions.ipAddress'],
        [{ ...valid, signInConditions: { clientAppType: 'all' } }, 'signInConditions.clientAppType'],
        [{ ...valid, signInConditions: { devicePlatform: 'all' } }, 'signInConditions.devicePlatform'],
        [{ ...valid, signInConditions: { userRiskLevel: 'severe' } }, 'signInConditions.userRiskLevel'],
        [{ ...valid, extra: true }, 'extra'],
        [{ signInIdentity: { userId } }, 'signInContext'],
      ];
      for (const [body, target] of cases) {
        const response = await evaluate(body);
        expect(response.status, JSON.stringify(body)).toBe(400);
        expect(response.body.error.target, JSON.stringify(response.body)).toBe(target);
      }
      // A valid request reaches the analysis.
      expect((await evaluate(valid)).status).not.toBe(400);
      expect(
        (
          await evaluate({
            signInIdentity: { servicePrincipalId: appId },
            signInContext: { includeApplications: [appId] },
          })
        ).status,
      ).not.toBe(400);
    });

    it('refuses malformed impact requests', async () => {
      const { t } = await newTenant();
      const impact = (body: unknown) => gh.api('POST', `${ca(t)}/impact`, body);
      const cases: [unknown, string][] = [
        [{}, 'policyId'],
        [{ policyId: crypto.randomUUID(), policy: mfaForAll() }, 'policyId'],
        [{ policyId: 'x' }, 'policyId'],
        [{ policyId: crypto.randomUUID(), days: 0 }, 'days'],
        [{ policyId: crypto.randomUUID(), days: 91 }, 'days'],
        [{ policy: { ...mfaForAll(), surprise: 1 } }, 'policy.surprise'],
        [{ policy: mfaForAll({ state: 'maybe' }) }, 'policy.state'],
      ];
      for (const [body, target] of cases) {
        const response = await impact(body);
        expect(response.status, JSON.stringify(body)).toBe(400);
        expect(response.body.error.target, JSON.stringify(response.body)).toBe(target);
      }
      expect((await impact({ policyId: crypto.randomUUID(), days: 7 })).status).not.toBe(400);
      expect((await impact({ policy: mfaForAll() })).status).not.toBe(400);
    });
  });
});
