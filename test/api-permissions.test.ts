import { createRemoteJWKSet, decodeJwt, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DATABASES } from './support/databases.js';
import { tokenRequest } from './support/oauth.js';
import { type Scenario, startScenario, type WebApp } from './support/scenario.js';

const TENANT = '/api/v1/tenants/demo';

/**
 * API permissions decided by what an admin granted (deny by default), over the protocol:
 * client credentials, authorization code, refresh, `.default`, unqualified and Entra-qualified
 * scopes, `roles` against `scp`, and assignment required at sign-in, single sign-on and refresh.
 */
describe.each(TEST_DATABASES)('API permissions on %s', (kind) => {
  let s: Scenario;
  let ordersApi: { id: string; appId: string; sp: string; roles: Record<string, string> };
  let daemon: { appId: string; secret: string; sp: string };
  let ungranted: { appId: string; secret: string };
  let web: WebApp & { sp: string };
  let bare: WebApp;
  let userId: string;
  const USER = 'pat@example.com';

  const jwks = () => createRemoteJWKSet(new URL(`${s.gh.baseUrl}/t/demo/oauth2/jwks`));
  const spOf = async (appId: string): Promise<string> => {
    const found = await s.gh.api(
      'GET',
      `${TENANT}/servicePrincipals?$filter=${encodeURIComponent(`appId eq '${appId}'`)}`,
    );
    expect(found.status, JSON.stringify(found.body)).toBe(200);
    return found.body.value[0].id;
  };
  const cc = (client: { appId: string; secret: string }, params: Record<string, string>) =>
    tokenRequest(
      s.gh.baseUrl,
      'demo',
      { grant_type: 'client_credentials', ...params },
      { id: client.appId, secret: client.secret },
    );

  beforeAll(async () => {
    s = await startScenario(kind, { geoOverrides: {} });
    const api = await s.gh.api('POST', `${TENANT}/applications`, {
      displayName: 'Orders API',
      identifierUris: ['api://orders'],
      api: {
        oauth2PermissionScopes: [
          { value: 'Orders.Read', adminConsentDisplayName: 'Read orders' },
          { value: 'Orders.Write', adminConsentDisplayName: 'Write orders' },
          { value: 'Orders.Legacy', adminConsentDisplayName: 'Old', isEnabled: false },
        ],
      },
      appRoles: [
        {
          value: 'Orders.ReadAll',
          displayName: 'Read all orders',
          description: 'App-only read',
          allowedMemberTypes: ['Application'],
        },
        {
          value: 'Orders.Archive',
          displayName: 'Archive orders',
          description: 'App-only archive',
          allowedMemberTypes: ['Application'],
        },
        {
          value: 'Orders.Approver',
          displayName: 'Approver',
          description: 'Approves orders',
          allowedMemberTypes: ['User'],
        },
      ],
    });
    expect(api.status, JSON.stringify(api.body)).toBe(201);
    const roles = Object.fromEntries(
      api.body.appRoles.map((r: { value: string; id: string }) => [r.value, r.id]),
    );
    ordersApi = { id: api.body.id, appId: api.body.appId, sp: await spOf(api.body.appId), roles };

    const d = await s.gh.registerDaemon('demo', 'Nightly export');
    daemon = { ...d, sp: await spOf(d.appId) };
    const assigned = await s.gh.api('POST', `${TENANT}/servicePrincipals/${daemon.sp}/appRoleAssignments`, {
      principalId: daemon.sp,
      resourceId: ordersApi.sp,
      appRoleId: roles['Orders.ReadAll'],
    });
    expect(assigned.status, JSON.stringify(assigned.body)).toBe(201);
    ungranted = await s.gh.registerDaemon('demo', 'Not granted');

    const w = await s.registerWebApp('Orders portal');
    web = { ...w, sp: await spOf(w.appId) };
    const grant = await s.gh.api('POST', `${TENANT}/oauth2PermissionGrants`, {
      clientId: web.sp,
      consentType: 'AllPrincipals',
      resourceId: ordersApi.sp,
      scope: 'Orders.Read',
    });
    expect(grant.status, JSON.stringify(grant.body)).toBe(201);
    bare = await s.registerWebApp('Bare portal');
    userId = await s.createUser(USER);
  });
  afterAll(() => s?.stop());

  describe('client credentials', () => {
    it('gives `roles` (application permissions granted) and no scopes, and echoes `.default`', async () => {
      const response = await cc(daemon, { scope: 'api://orders/.default' });
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      expect(response.body.scope).toBe('api://orders/.default');
      const { payload } = await jwtVerify(String(response.body.access_token), jwks(), {
        audience: 'api://orders',
      });
      expect(payload.roles).toEqual(['Orders.ReadAll']);
      expect(payload.scp).toBeUndefined();
      expect(payload.scope).toBeUndefined();
    });

    it('takes the resource parameter, and a granted role named by value', async () => {
      const named = await cc(daemon, { resource: 'api://orders', scope: 'Orders.ReadAll' });
      expect(named.status, JSON.stringify(named.body)).toBe(200);
      expect(decodeJwt(String(named.body.access_token)).roles).toEqual(['Orders.ReadAll']);
      const none = await cc(daemon, { resource: 'api://orders' });
      expect(decodeJwt(String(none.body.access_token)).roles).toEqual(['Orders.ReadAll']);
    });

    it('refuses a role not granted, a delegated scope, and a client granted nothing: invalid_scope', async () => {
      const asks: Record<string, string>[] = [
        { scope: 'api://orders/Orders.Archive' },
        { scope: 'api://orders/Orders.Read' },
        { resource: 'api://orders', scope: 'Orders.Read' },
      ];
      for (const params of asks) {
        const refused = await cc(daemon, params);
        expect(refused.status, JSON.stringify(params)).toBe(400);
        expect(refused.body.error).toBe('invalid_scope');
      }
      const nothing = await cc(ungranted, { scope: 'api://orders/.default' });
      expect(nothing.status).toBe(400);
      expect(nothing.body.error).toBe('invalid_scope');
      const unknown = await cc(daemon, { scope: 'api://unknown/.default' });
      expect(unknown.body.error).toBe('invalid_target');
    });

    it('stops at once when the assignment is removed, and starts again when it is made', async () => {
      const list = await s.gh.api('GET', `${TENANT}/servicePrincipals/${daemon.sp}/appRoleAssignments`);
      const [assignment] = list.body.value;
      expect(assignment).toMatchObject({
        principalId: daemon.sp,
        resourceId: ordersApi.sp,
        principalType: 'ServicePrincipal',
      });
      expect(
        (
          await s.gh.api(
            'DELETE',
            `${TENANT}/servicePrincipals/${daemon.sp}/appRoleAssignments/${assignment.id}`,
          )
        ).status,
      ).toBe(204);
      expect((await cc(daemon, { scope: 'api://orders/.default' })).body.error).toBe('invalid_scope');
      const again = await s.gh.api('POST', `${TENANT}/servicePrincipals/${daemon.sp}/appRoleAssignments`, {
        principalId: daemon.sp,
        resourceId: ordersApi.sp,
        appRoleId: ordersApi.roles['Orders.ReadAll'],
      });
      expect(again.status).toBe(201);
      expect((await cc(daemon, { scope: 'api://orders/.default' })).status).toBe(200);
    });
  });

  describe('on behalf of a user', () => {
    const signInFor = async (app: WebApp, scope: string, extra: Record<string, string> = {}) => {
      const at = s.browserAt('203.0.113.7');
      const started = await at.authorize(app, { scope, ...extra });
      if (started.page.redirectedTo && !started.page.redirectedTo.includes('code='))
        return { refused: new URL(started.page.redirectedTo), at };
      const after = await at.submit(app, started.page.body, /\/login$/, {
        login: USER,
        password: 'Correct-Horse-Battery-Staple-42',
      });
      if (!after.redirectedTo?.includes('code='))
        return { refused: after.redirectedTo ? new URL(after.redirectedTo) : undefined, page: after, at };
      return { tokens: await started.tokens(after.redirectedTo), refresh: started.refresh, at };
    };

    it('gives `scp` for Entra-qualified scopes, echoes them, and refreshes in the same form', async () => {
      const signed = await signInFor(web, 'openid offline_access api://orders/Orders.Read');
      const tokens = signed.tokens as NonNullable<typeof signed.tokens>;
      expect(tokens.scope?.split(' ')).toContain('api://orders/Orders.Read');
      const { payload } = await jwtVerify(tokens.access_token, jwks(), { audience: 'api://orders' });
      expect(payload.scp).toBe('Orders.Read');
      expect(payload.roles).toBeUndefined();

      const refreshed = await tokenRequest(
        s.gh.baseUrl,
        'demo',
        {
          grant_type: 'refresh_token',
          refresh_token: String(tokens.refresh_token),
          scope: 'openid offline_access api://orders/Orders.Read',
        },
        { id: web.appId, secret: web.secret },
      );
      expect(refreshed.status, JSON.stringify(refreshed.body)).toBe(200);
      expect(String(refreshed.body.scope).split(' ')).toContain('api://orders/Orders.Read');
      expect(decodeJwt(String(refreshed.body.access_token)).scp).toBe('Orders.Read');
    });

    it('takes unqualified scopes with `resource`, and `.default` as everything granted', async () => {
      const plain = await signInFor(web, 'openid Orders.Read', { resource: 'api://orders' });
      expect(decodeJwt((plain.tokens as NonNullable<typeof plain.tokens>).access_token).scp).toBe(
        'Orders.Read',
      );
      const all = await signInFor(web, 'openid api://orders/.default');
      const tokens = all.tokens as NonNullable<typeof all.tokens>;
      expect(tokens.scope?.split(' ')).toContain('api://orders/.default');
      expect(decodeJwt(tokens.access_token).scp).toBe('Orders.Read');
    });

    it('refuses a scope not granted, and every scope to a client granted nothing: invalid_scope', async () => {
      const write = await signInFor(web, 'openid api://orders/Orders.Write');
      expect(write.refused?.searchParams.get('error')).toBe('invalid_scope');
      const none = await signInFor(bare, 'openid api://orders/.default');
      expect(none.refused?.searchParams.get('error')).toBe('invalid_scope');
      const stray = await signInFor(web, 'openid Orders.Read');
      expect(stray.refused?.searchParams.get('error')).toBe('invalid_scope');
    });

    it("carries the user's app roles of the API in the access token", async () => {
      const assigned = await s.gh.api('POST', `${TENANT}/users/${userId}/appRoleAssignments`, {
        principalId: userId,
        resourceId: ordersApi.sp,
        appRoleId: ordersApi.roles['Orders.Approver'],
      });
      expect(assigned.status, JSON.stringify(assigned.body)).toBe(201);
      const signed = await signInFor(web, 'openid api://orders/Orders.Read');
      const payload = decodeJwt((signed.tokens as NonNullable<typeof signed.tokens>).access_token);
      expect(payload).toMatchObject({ scp: 'Orders.Read', roles: ['Orders.Approver'] });
      await s.gh.api('DELETE', `${TENANT}/users/${userId}/appRoleAssignments/${assigned.body.id}`);
    });

    it("carries the user's app roles of the app itself in its ID token", async () => {
      const patched = await s.gh.api('PATCH', `${TENANT}/applications/${web.id}`, {
        appRoles: [
          {
            value: 'Portal.Agent',
            displayName: 'Agent',
            description: 'Answers customers',
            allowedMemberTypes: ['User'],
          },
        ],
      });
      expect(patched.status, JSON.stringify(patched.body)).toBe(200);
      const before = await signInFor(web, 'openid');
      expect(decodeJwt(String(before.tokens?.id_token)).roles).toBeUndefined();
      const assigned = await s.gh.api('POST', `${TENANT}/users/${userId}/appRoleAssignments`, {
        principalId: userId,
        resourceId: web.sp,
        appRoleId: patched.body.appRoles[0].id,
      });
      expect(assigned.status).toBe(201);
      const after = await signInFor(web, 'openid');
      expect(decodeJwt(String(after.tokens?.id_token)).roles).toEqual(['Portal.Agent']);
    });

    it('drops a revoked scope at the next refresh, and refuses the refresh once nothing is granted', async () => {
      const signed = await signInFor(web, 'openid offline_access api://orders/.default');
      const tokens = signed.tokens as NonNullable<typeof signed.tokens>;
      const grants = await s.gh.api('GET', `${TENANT}/servicePrincipals/${web.sp}/oauth2PermissionGrants`);
      const [grant] = grants.body.value;
      expect(grant).toMatchObject({
        clientId: web.sp,
        resourceId: ordersApi.sp,
        consentType: 'AllPrincipals',
        scope: 'Orders.Read',
      });
      expect((await s.gh.api('DELETE', `${TENANT}/oauth2PermissionGrants/${grant.id}`)).status).toBe(204);
      const refused = await (signed.refresh as NonNullable<typeof signed.refresh>)(
        String(tokens.refresh_token),
      );
      expect(refused.status).toBe(400);
      expect(refused.body.error).toBe('invalid_scope');
      const back = await s.gh.api('POST', `${TENANT}/oauth2PermissionGrants`, {
        clientId: web.sp,
        consentType: 'AllPrincipals',
        resourceId: ordersApi.sp,
        scope: 'Orders.Read',
      });
      expect(back.status).toBe(201);
    });

    it('applies the same grants to the device flow: refused without, `scp` with', async () => {
      const device = await s.gh.api('POST', `${TENANT}/applications`, {
        displayName: 'Orders kiosk',
        isFallbackPublicClient: true,
      });
      expect(device.status).toBe(201);
      const ask = (scope: string) =>
        fetch(`${s.gh.baseUrl}/t/demo/oauth2/devicecode`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ client_id: device.body.appId, scope }),
        });
      const refused = await ask('openid api://orders/Orders.Read');
      expect(refused.status).toBe(400);
      expect(((await refused.json()) as { error: string }).error).toBe('invalid_scope');
      await s.gh.grant('demo', device.body.appId, ordersApi.appId, { scope: 'Orders.Read' });
      expect((await ask('openid api://orders/Orders.Read')).status).toBe(200);
      expect((await ask('openid api://orders/Orders.Write')).status).toBe(400);
    });

    it('gives the account client no API token, even when an admin granted it one', async () => {
      const at = s.browserAt('203.0.113.9');
      // The account pages register their client at the first visit.
      await at.browser.navigate(`${s.gh.baseUrl}/t/demo/account`, `${s.gh.baseUrl}/t/demo/oauth2/authorize`);
      const granted = await s.gh.api('POST', `${TENANT}/oauth2PermissionGrants`, {
        clientId: await spOf('gatehouse-account'),
        consentType: 'AllPrincipals',
        resourceId: ordersApi.sp,
        scope: 'Orders.Read',
      });
      expect(granted.status, JSON.stringify(granted.body)).toBe(201);
      const url = new URL(`${s.gh.baseUrl}/t/demo/oauth2/authorize`);
      url.search = new URLSearchParams({
        client_id: 'gatehouse-account',
        response_type: 'code',
        redirect_uri: `${s.gh.baseUrl}/t/demo/account/callback`,
        scope: 'openid api://orders/Orders.Read',
        code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
        code_challenge_method: 'S256',
      }).toString();
      const page = await at.browser.navigate(url, `${s.gh.baseUrl}/t/demo/account/callback`);
      const answer = page.redirectedTo
        ? new URL(page.redirectedTo).searchParams.get('error')
        : `page ${page.status}`;
      expect(answer).toBe('invalid_scope');
    });
  });

  describe('assignment required', () => {
    let gated: WebApp & { sp: string };
    let groupId: string;
    const lastSignInTo = async (app: WebApp) =>
      (await s.signInLog(userId)).find((e) => e.appId === app.appId);

    beforeAll(async () => {
      const w = await s.registerWebApp('Claims desk');
      gated = { ...w, sp: await spOf(w.appId) };
      const patched = await s.gh.api('PATCH', `${TENANT}/servicePrincipals/${gated.sp}`, {
        appRoleAssignmentRequired: true,
      });
      expect(patched.status, JSON.stringify(patched.body)).toBe(200);
      const group = await s.gh.api('POST', `${TENANT}/groups`, { displayName: 'Claims staff' });
      groupId = group.body.id;
    });

    it('refuses a user with no assignment at sign-in: the branded page, 50105 in the log, no code', async () => {
      const at = s.browserAt('203.0.113.20');
      s.clock.advance(1000);
      const after = await at.signIn(gated, USER);
      expect(after.redirectedTo).toBeUndefined();
      expect(after.status).toBe(403);
      expect(after.body).toContain('You have not been given access to this application');
      expect(await lastSignInTo(gated)).toMatchObject({ status: { errorCode: 50105 } });
    });

    it('lets in a member of an assigned group, and refuses the single sign-on and the refresh once removed', async () => {
      await s.gh.api('POST', `${TENANT}/groups/${groupId}/members/$ref`, { id: userId });
      const members = await s.gh.api('GET', `${TENANT}/groups/${groupId}/members`);
      expect(members.body.value.map((m: { id: string }) => m.id)).toContain(userId);
      const assigned = await s.gh.api('POST', `${TENANT}/groups/${groupId}/appRoleAssignments`, {
        principalId: groupId,
        resourceId: gated.sp,
        appRoleId: '00000000-0000-0000-0000-000000000000',
      });
      expect(assigned.status, JSON.stringify(assigned.body)).toBe(201);

      const at = s.browserAt('203.0.113.21');
      s.clock.advance(1000);
      const after = await at.signIn(gated, USER);
      expect(after.redirectedTo).toMatch(/code=/);
      const tokens = await after.tokens(after.redirectedTo);

      await s.gh.api('DELETE', `${TENANT}/groups/${groupId}/appRoleAssignments/${assigned.body.id}`);
      const refreshed = await after.refresh(String(tokens.refresh_token));
      expect(refreshed.status).toBe(400);
      expect(String(refreshed.body.error_description)).toContain('AADSTS50105');

      // The same browser session, asked for the app again: single sign-on is refused too.
      s.clock.advance(1000);
      const again = await at.authorize(gated);
      expect(again.page.status).toBe(403);
      expect(again.page.body).toContain('You have not been given access to this application');
      expect(await lastSignInTo(gated)).toMatchObject({
        status: { errorCode: 50105 },
        authenticationDetails: [{ authenticationMethod: 'Previously satisfied' }],
      });
    });
  });
});
