import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_API_APP_ID, ADMIN_API_APP_ROLE } from '../src/admin-api-access.js';
import { Browser, readForm } from './support/browser.js';
import { TEST_DATABASES } from './support/databases.js';
import { startGatehouse, type TestGatehouse } from './support/gatehouse.js';
import { client, tokenRequest } from './support/oauth.js';

/**
 * Outside review of the authorization model (issue 16): attacks over HTTP, each asserting the
 * SAFE behaviour. A test that fails here is a hole.
 */

const ROLES = '/api/v1/roleManagement/directory/roleAssignments';
const GLOBAL_ADMINISTRATOR = '62e90394-69f5-4237-9190-012177145e10';
const PRIVILEGED_ROLE_ADMINISTRATOR = 'e8611ab8-c189-46e8-94e1-60213ab1f814';
const USER_ADMINISTRATOR = 'fe930be7-5e62-47db-91af-98c3a49a38b1';
const APPLICATION_ADMINISTRATOR = '9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3';
const PASSWORD = 'Correct-Horse-Battery-Staple-42';

interface Principal {
  appId: string;
  secret: string;
  principalId: string;
  token: string;
}

async function clientCredentials(gh: TestGatehouse, appId: string, secret: string) {
  return tokenRequest(gh.baseUrl, 'admin', {
    grant_type: 'client_credentials',
    client_id: appId,
    client_secret: secret,
    resource: `${gh.baseUrl}/api`,
  });
}

/** An admin-tenant daemon granted the admin API, holding `role` at `scope`. */
async function daemonWith(gh: TestGatehouse, name: string, role: string, scope: string): Promise<Principal> {
  const app = await gh.registerDaemon('admin', name);
  const principalId = (await gh.gatehouse.principalOfClient(app.appId)) as string;
  await gh.grant('admin', app.appId, ADMIN_API_APP_ID, { roles: [ADMIN_API_APP_ROLE.value] });
  const assigned = await gh.api('POST', ROLES, {
    principalId,
    roleDefinitionId: role,
    directoryScopeId: scope,
  });
  expect(assigned.status, JSON.stringify(assigned.body)).toBe(201);
  const token = await clientCredentials(gh, app.appId, app.secret);
  expect(token.status, JSON.stringify(token.body)).toBe(200);
  return { ...app, principalId, token: String(token.body.access_token) };
}

const bootstrapAdminId = async (gh: TestGatehouse): Promise<string> =>
  (await gh.api('GET', '/api/v1/tenants/admin/users?mailStartsWith=admin@localhost')).body.value[0].id;

describe.each(TEST_DATABASES)('review: admin API escalation through the admin tenant on %s', (kind) => {
  let gh: TestGatehouse;

  beforeAll(async () => {
    gh = await startGatehouse(kind);
  });
  afterAll(() => gh?.stop());

  it('refuses any role assignment scoped to /tenants/admin: the admin tenant is administered at / only', async () => {
    const app = await gh.registerDaemon('admin', 'Would-be admin of admin');
    const principalId = (await gh.gatehouse.principalOfClient(app.appId)) as string;
    for (const role of [APPLICATION_ADMINISTRATOR, PRIVILEGED_ROLE_ADMINISTRATOR, USER_ADMINISTRATOR]) {
      const assigned = await gh.api('POST', ROLES, {
        principalId,
        roleDefinitionId: role,
        directoryScopeId: '/tenants/admin',
      });
      expect(assigned.status).toBe(400);
      expect(assigned.body.error.code).toBe('invalid_directory_scope');
    }
  });

  it('an Application Administrator at / cannot take over gatehouse-admin-cli or gatehouse-cli (admin tenant writes need GA or PRA)', async () => {
    const attacker = await daemonWith(gh, 'App admin', APPLICATION_ADMINISTRATOR, '/');
    const apps = await gh.api(
      'GET',
      '/api/v1/tenants/admin/applications?$top=100',
      undefined,
      attacker.token,
    );
    expect(apps.status).toBe(200);
    const byAppId = (appId: string) => apps.body.value.find((a: { appId: string }) => a.appId === appId);
    const added = await gh.api(
      'POST',
      `/api/v1/tenants/admin/applications/${byAppId('gatehouse-admin-cli').id}/addPassword`,
      {},
      attacker.token,
    );
    expect(added.status).toBe(403);
    expect(added.body.error.message).toContain('microsoft.directory/roleAssignments/allProperties/allTasks');
    const redirected = await gh.api(
      'PATCH',
      `/api/v1/tenants/admin/applications/${byAppId('gatehouse-cli').id}`,
      { publicClient: { redirectUris: ['https://evil.example/cb'] } },
      attacker.token,
    );
    expect(redirected.status).toBe(403);
    // Its own work, in a customer tenant, goes on.
    const elsewhere = await gh.api(
      'POST',
      '/api/v1/tenants/demo/applications',
      { displayName: 'Fine' },
      attacker.token,
    );
    expect(elsewhere.status).toBe(201);
  });

  it('a User Administrator at / cannot reset the password of, or disable, a Global Administrator', async () => {
    const attacker = await daemonWith(gh, 'User admin', USER_ADMINISTRATOR, '/');
    // A second root Global Administrator (so the last-GA guard is not what stops the disable).
    const second = await gh.api('POST', '/api/v1/tenants/admin/users', {
      displayName: 'Root two',
      mail: 'root-two@example.com',
      passwordProfile: { password: PASSWORD },
    });
    expect(second.status).toBe(201);
    expect(
      (
        await gh.api('POST', ROLES, {
          principalId: second.body.id,
          roleDefinitionId: GLOBAL_ADMINISTRATOR,
          directoryScopeId: '/',
        })
      ).status,
    ).toBe(201);
    const rootAdmin = await bootstrapAdminId(gh);
    const reset = await gh.api(
      'PATCH',
      `/api/v1/tenants/admin/users/${rootAdmin}`,
      { passwordProfile: { password: 'Attacker-Chosen-Password-123!' } },
      attacker.token,
    );
    expect(reset.status, 'reset the password of a Global Administrator').toBe(403);
    const disabled = await gh.api(
      'PATCH',
      `/api/v1/tenants/admin/users/${second.body.id}`,
      { accountEnabled: false },
      attacker.token,
    );
    expect(disabled.status, 'disabled a Global Administrator').toBe(403);
    // Customer tenants' users are its to manage.
    const customer = await gh.api(
      'POST',
      '/api/v1/tenants/demo/users',
      { displayName: 'Customer', mail: 'customer@example.com', passwordProfile: { password: PASSWORD } },
      attacker.token,
    );
    expect(customer.status).toBe(201);
  });

  it('regression: a customer-tenant token and an admin-tenant token for another API are refused by the admin API', async () => {
    for (const tenant of ['demo', 'admin']) {
      const api = await gh.api('POST', `/api/v1/tenants/${tenant}/applications`, {
        displayName: `Other API ${tenant}`,
        identifierUris: [`api://other-${tenant}`],
        appRoles: [
          { value: 'Do', displayName: 'Do', description: 'Do', allowedMemberTypes: ['Application'] },
        ],
      });
      expect(api.status, JSON.stringify(api.body)).toBe(201);
      const daemon = await gh.registerDaemon(tenant, `Caller ${tenant}`);
      await gh.grant(tenant, daemon.appId, api.body.appId, { roles: ['Do'] });
      const token = await tokenRequest(gh.baseUrl, tenant, {
        grant_type: 'client_credentials',
        client_id: daemon.appId,
        client_secret: daemon.secret,
        scope: `api://other-${tenant}/.default`,
      });
      expect(token.status, JSON.stringify(token.body)).toBe(200);
      const call = await gh.api('GET', '/api/v1/tenants', undefined, String(token.body.access_token));
      expect(call.status).toBe(401);
      // And the customer tenant cannot mint an admin API token at all.
      const direct = await tokenRequest(gh.baseUrl, tenant, {
        grant_type: 'client_credentials',
        client_id: daemon.appId,
        client_secret: daemon.secret,
        resource: `${gh.baseUrl}/api`,
      });
      expect(direct.status).toBe(400);
    }
  });
});

describe.each(TEST_DATABASES)('review: refresh tokens and the admin MFA policy on %s', (kind) => {
  let gh: TestGatehouse;
  let web: { appId: string; secret: string; callback: string };

  beforeAll(async () => {
    gh = await startGatehouse(kind, { env: { GATEHOUSE_TRUSTED_PROXIES: '127.0.0.1/32,::1/128' } });
    const callback = 'https://admin-portal.example/callback';
    const app = await gh.registerApp('admin', {
      displayName: 'Admin portal',
      web: { redirectUris: [callback] },
    });
    web = { appId: app.appId, secret: app.secret, callback };
    await gh.grant('admin', app.appId, ADMIN_API_APP_ID, { scope: 'user_impersonation' });
  });
  afterAll(() => gh?.stop());

  it('a refresh token from a password-only sign-in does not become an admin token once the user is given a role', async () => {
    const user = await gh.api('POST', '/api/v1/tenants/admin/users', {
      displayName: 'Later admin',
      mail: 'later-admin@example.com',
      passwordProfile: { password: PASSWORD },
    });
    expect(user.status).toBe(201);

    // No role yet: the admin MFA policy does not apply; password only.
    const browser = new Browser({ 'x-forwarded-for': '198.51.100.77' });
    const rp = await client.discovery(
      new URL(`${gh.baseUrl}/t/admin`),
      web.appId,
      undefined,
      client.ClientSecretBasic(web.secret),
      { execute: [client.allowInsecureRequests] },
    );
    const verifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const url = client.buildAuthorizationUrl(rp, {
      redirect_uri: web.callback,
      scope: `openid offline_access ${gh.baseUrl}/api/user_impersonation`,
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      prompt: 'consent',
    });
    const start = await browser.navigate(url, web.callback);
    const form = readForm(start.body, /\/login$/);
    const after = await browser.navigate(new URL(form.action, gh.baseUrl), web.callback, {
      form: { ...form.fields, login: 'later-admin@example.com', password: PASSWORD },
    });
    expect(after.redirectedTo).toMatch(/code=/);
    const tokens = await client.authorizationCodeGrant(rp, new URL(after.redirectedTo as string), {
      pkceCodeVerifier: verifier,
      expectedState: state,
    });
    expect(decodeJwt(tokens.access_token).amr ?? tokens.claims()?.amr).toEqual(['pwd']);
    expect(tokens.refresh_token).toBeTruthy();

    // Now an admin makes them User Administrator of demo: the admin MFA policy applies to them.
    const assigned = await gh.api('POST', ROLES, {
      principalId: user.body.id,
      roleDefinitionId: USER_ADMINISTRATOR,
      directoryScopeId: '/tenants/demo',
    });
    expect(assigned.status).toBe(201);

    const refreshed = await tokenRequest(
      gh.baseUrl,
      'admin',
      { grant_type: 'refresh_token', refresh_token: String(tokens.refresh_token) },
      { id: web.appId, secret: web.secret },
    );
    let usable = false;
    if (refreshed.status === 200) {
      const created = await gh.api(
        'POST',
        '/api/v1/tenants/demo/users',
        { displayName: 'No MFA', mail: 'no-mfa@example.com', passwordProfile: { password: PASSWORD } },
        String(refreshed.body.access_token),
      );
      usable = created.status === 201;
    }
    expect(usable, 'an admin-role holder got a working admin API token without ever proving MFA').toBe(false);
  });
});

describe.each(TEST_DATABASES)('review: the last Global Administrator on %s', (kind) => {
  let gh: TestGatehouse;

  beforeAll(async () => {
    gh = await startGatehouse(kind);
  });
  afterAll(() => gh?.stop());

  it('keeps one enabled Global Administrator user at / when removing one and disabling another race', async () => {
    const rootAdmin = await bootstrapAdminId(gh);
    const second = await gh.api('POST', '/api/v1/tenants/admin/users', {
      displayName: 'Root two',
      mail: 'root-two@example.com',
      passwordProfile: { password: PASSWORD },
    });
    expect(second.status).toBe(201);
    expect(
      (
        await gh.api('POST', ROLES, {
          principalId: second.body.id,
          roleDefinitionId: GLOBAL_ADMINISTRATOR,
          directoryScopeId: '/',
        })
      ).status,
    ).toBe(201);
    const rootAssignment = (
      await gh.api(
        'GET',
        `${ROLES}?$filter=${encodeURIComponent(`principalId eq '${rootAdmin}' and roleDefinitionId eq '${GLOBAL_ADMINISTRATOR}'`)}`,
      )
    ).body.value.find((a: { directoryScopeId: string }) => a.directoryScopeId === '/');
    expect(rootAssignment).toBeTruthy();

    const [removed, disabled] = await Promise.all([
      gh.api('DELETE', `${ROLES}/${rootAssignment.id}`),
      gh.api('PATCH', `/api/v1/tenants/admin/users/${second.body.id}`, { accountEnabled: false }),
    ]);
    // At most one of the two may succeed.
    const succeeded = [removed.status === 204, disabled.status === 200].filter(Boolean).length;
    expect(succeeded, `DELETE ${removed.status}, PATCH ${disabled.status}`).toBeLessThanOrEqual(1);
  });
});
