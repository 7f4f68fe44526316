import {
  ConfidentialClientApplication,
  type INetworkModule,
  type NetworkRequestOptions,
  ProtocolMode,
} from '@azure/msal-node';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Browser, readForm } from './support/browser.js';
import { TEST_DATABASES } from './support/databases.js';
import { type Daemon, startGatehouse, type TestGatehouse } from './support/gatehouse.js';

/** MSAL insists on https: Gatehouse runs with a public https address that the test reaches on loopback. */
const PUBLIC = 'https://login.gatehouse.test';
const CALLBACK = 'https://claims.example/callback';
const PASSWORD = 'Correct-Horse-Battery-Staple-42';
const TENANT = '/api/v1/tenants/demo';

/**
 * `@azure/msal-node`, Microsoft's own library, as an Entra app would use it against Gatehouse:
 * app-only tokens served from its cache on the second call, and a user's API token renewed by
 * `acquireTokenSilent` through the refresh token once it has expired — with Entra-qualified scopes.
 */
describe.each(TEST_DATABASES)('@azure/msal-node on %s', (kind) => {
  let gh: TestGatehouse;
  let daemon: Daemon;
  let web: Daemon;
  const posts: string[] = [];

  // Endpoints in discovery are built from the Host a request came to (loopback here), in https.
  const toLoopback = (url: URL) =>
    new URL(url.href.replace(PUBLIC, gh.baseUrl).replace(gh.baseUrl.replace('http:', 'https:'), gh.baseUrl));
  const networkClient: INetworkModule = {
    async sendGetRequestAsync<T>(url: string, options?: NetworkRequestOptions) {
      const response = await fetch(toLoopback(new URL(url)), { headers: options?.headers });
      return {
        status: response.status,
        headers: Object.fromEntries(response.headers),
        body: (await response.json()) as T,
      };
    },
    async sendPostRequestAsync<T>(url: string, options?: NetworkRequestOptions) {
      posts.push(url);
      const response = await fetch(toLoopback(new URL(url)), {
        method: 'POST',
        headers: options?.headers,
        body: options?.body,
      });
      return {
        status: response.status,
        headers: Object.fromEntries(response.headers),
        body: (await response.json()) as T,
      };
    },
  };
  const msal = (app: Daemon) =>
    new ConfidentialClientApplication({
      auth: {
        clientId: app.appId,
        clientSecret: app.secret,
        authority: `${PUBLIC}/t/demo`,
        knownAuthorities: [new URL(PUBLIC).host],
      },
      system: { networkClient, protocolMode: ProtocolMode.OIDC },
    });
  const spOf = async (appId: string): Promise<string> =>
    (await gh.api('GET', `${TENANT}/servicePrincipals?$filter=${encodeURIComponent(`appId eq '${appId}'`)}`))
      .body.value[0].id;

  beforeAll(async () => {
    gh = await startGatehouse(kind, { env: { GATEHOUSE_BASE_URL: PUBLIC } });
    const api = await gh.api('POST', `${TENANT}/applications`, {
      displayName: 'Claims API',
      identifierUris: ['api://claims'],
      api: { oauth2PermissionScopes: [{ value: 'Claims.Read', adminConsentDisplayName: 'Read claims' }] },
      appRoles: [
        {
          value: 'Claims.Sync',
          displayName: 'Sync claims',
          description: 'App-only',
          allowedMemberTypes: ['Application'],
        },
      ],
    });
    expect(api.status, JSON.stringify(api.body)).toBe(201);
    const apiSp = await spOf(api.body.appId);
    daemon = await gh.registerDaemon('demo', 'Claims sync');
    const assigned = await gh.api(
      'POST',
      `${TENANT}/servicePrincipals/${await spOf(daemon.appId)}/appRoleAssignments`,
      {
        principalId: await spOf(daemon.appId),
        resourceId: apiSp,
        appRoleId: api.body.appRoles[0].id,
      },
    );
    expect(assigned.status).toBe(201);
    web = await gh.registerApp('demo', { displayName: 'Claims portal', web: { redirectUris: [CALLBACK] } });
    const granted = await gh.api('POST', `${TENANT}/oauth2PermissionGrants`, {
      clientId: await spOf(web.appId),
      consentType: 'AllPrincipals',
      resourceId: apiSp,
      scope: 'Claims.Read',
    });
    expect(granted.status).toBe(201);
    const user = await gh.api('POST', `${TENANT}/users`, {
      displayName: 'Robin',
      mail: 'robin@example.com',
      passwordProfile: { password: PASSWORD },
    });
    expect(user.status).toBe(201);
  });
  afterAll(() => gh?.stop());

  it('gets an app-only token with roles for {api}/.default, and serves the second call from its cache', async () => {
    const app = msal(daemon);
    const first = await app.acquireTokenByClientCredential({ scopes: ['api://claims/.default'] });
    expect(first?.fromCache).toBe(false);
    expect(decodeJwt(String(first?.accessToken))).toMatchObject({
      aud: 'api://claims',
      roles: ['Claims.Sync'],
    });
    const calls = posts.length;
    const second = await app.acquireTokenByClientCredential({ scopes: ['api://claims/.default'] });
    expect(second?.fromCache).toBe(true);
    expect(second?.accessToken).toBe(first?.accessToken);
    expect(posts.length).toBe(calls);
  });

  it("signs a user in for the API's scope, then renews the expired token silently with the refresh token", async () => {
    const app = msal(web);
    const scopes = ['api://claims/Claims.Read'];
    const authorizeUrl = await app.getAuthCodeUrl({ scopes, redirectUri: CALLBACK });
    const browser = new Browser({}, toLoopback);
    const page = await browser.navigate(authorizeUrl, CALLBACK);
    const form = readForm(page.body, /\/login$/);
    const after = await browser.navigate(new URL(form.action, PUBLIC), CALLBACK, {
      form: { ...form.fields, login: 'robin@example.com', password: PASSWORD },
    });
    const code = new URL(String(after.redirectedTo)).searchParams.get('code');
    expect(code).toBeTruthy();
    const signedIn = await app.acquireTokenByCode({ code: String(code), scopes, redirectUri: CALLBACK });
    expect(decodeJwt(signedIn.accessToken)).toMatchObject({ aud: 'api://claims', scp: 'Claims.Read' });
    expect(signedIn.scopes).toContain('api://claims/Claims.Read');
    const account = signedIn.account;
    if (!account) throw new Error('MSAL kept no account');

    const cached = await app.acquireTokenSilent({ account, scopes });
    expect(cached.fromCache).toBe(true);

    // Two hours on: the access token has expired (MSAL reads the clock), the refresh token has not.
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 2 * 3600_000 });
    try {
      const renewed = await app.acquireTokenSilent({ account, scopes });
      expect(renewed.fromCache).toBe(false);
      expect(renewed.accessToken).not.toBe(signedIn.accessToken);
      expect(decodeJwt(renewed.accessToken)).toMatchObject({ aud: 'api://claims', scp: 'Claims.Read' });
    } finally {
      vi.useRealTimers();
    }
  });
});
