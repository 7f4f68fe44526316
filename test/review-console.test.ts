import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_API_APP_ID, ADMIN_API_APP_ROLE } from '../src/admin-api-access.js';
import { TEST_DATABASES } from './support/databases.js';
import { startGatehouse, type TestGatehouse } from './support/gatehouse.js';
import { tokenRequest } from './support/oauth.js';

/**
 * Outside review of the server surfaces the admin console added (/me, SPA CORS, the console's
 * static serving, the landing page, the console client, the branding preview, the identity
 * provider test, $search/$count/memberOf): attacks over HTTP, each asserting the SAFE behaviour.
 * A test that fails here is a hole.
 */

const ROLES = '/api/v1/roleManagement/directory/roleAssignments';
const GLOBAL_READER = 'f2ef992c-3afb-46b9-b7cf-a126ee74c451';
const APPLICATION_ADMINISTRATOR = '9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3';
const USER_ADMINISTRATOR = 'fe930be7-5e62-47db-91af-98c3a49a38b1';
const BRANDING_ADMINISTRATOR = '92ed04bf-c94a-4b82-9729-b799a7a4c178';
const IDP_ADMINISTRATOR = 'be2f45a1-457d-42af-a067-6ec1fa63bc45';
const PASSWORD = 'Correct-Horse-Battery-Staple-42';

/** One raw GET (no URL normalisation by the client): status, headers and body. */
function rawGet(
  baseUrl: string,
  path: string,
): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: url.hostname, port: url.port, path, method: 'GET' }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString(),
        }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

describe.each(TEST_DATABASES)('review: the console surfaces on %s', (kind) => {
  let gh: TestGatehouse;
  let count = 0;

  /** An admin-tenant daemon granted the admin API, holding `role` at `scope` (none: no role). */
  async function daemonWith(
    role: string | undefined,
    scope = '/',
  ): Promise<{ token: string; principalId: string }> {
    const app = await gh.registerDaemon('admin', `Review daemon ${++count}`);
    const principalId = (await gh.gatehouse.principalOfClient(app.appId)) as string;
    await gh.grant('admin', app.appId, ADMIN_API_APP_ID, { roles: [ADMIN_API_APP_ROLE.value] });
    if (role) {
      const assigned = await gh.api('POST', ROLES, {
        principalId,
        roleDefinitionId: role,
        directoryScopeId: scope,
      });
      expect(assigned.status, JSON.stringify(assigned.body)).toBe(201);
    }
    const token = await tokenRequest(gh.baseUrl, 'admin', {
      grant_type: 'client_credentials',
      client_id: app.appId,
      client_secret: app.secret,
      resource: `${gh.baseUrl}/api`,
    });
    expect(token.status, JSON.stringify(token.body)).toBe(200);
    return { token: String(token.body.access_token), principalId };
  }

  beforeAll(async () => {
    gh = await startGatehouse(kind);
    for (const id of ['rv-a', 'rv-b'])
      expect((await gh.api('POST', '/api/v1/tenants', { id, displayName: id })).status).toBe(201);
  });
  afterAll(() => gh?.stop());

  // --- 1. /me and its SIGNED_IN pseudo-action

  it('/me: a principal without a role sees only itself and reaches no other route', async () => {
    const nobody = await daemonWith(undefined);
    const me = await gh.api('GET', '/api/v1/me', undefined, nobody.token);
    expect(me.status).toBe(200);
    expect(me.body.id).toBe(nobody.principalId);
    expect(me.body.roleAssignments).toEqual([]);
    for (const path of ['/api/v1/tenants', '/api/v1/tenants/demo/users', ROLES, '/api/v1/me/../tenants'])
      expect((await gh.api('GET', path, undefined, nobody.token)).status, path).not.toBe(200);
    // A token of another tenant (its own client credentials) is no admin token.
    const app = await gh.registerDaemon('rv-a', 'Customer daemon');
    const customer = await tokenRequest(gh.baseUrl, 'rv-a', {
      grant_type: 'client_credentials',
      client_id: app.appId,
      client_secret: app.secret,
    });
    if (customer.status === 200)
      expect((await gh.api('GET', '/api/v1/me', undefined, String(customer.body.access_token))).status).toBe(
        401,
      );
  });

  // --- 2. CORS for single-page apps

  it("CORS: a web app's origin, another tenant's SPA origin and 'null' cannot call the token endpoints", async () => {
    await gh.registerApp('rv-a', { displayName: 'Web', web: { redirectUris: ['https://web.example/cb'] } });
    const spa = await gh.api('POST', '/api/v1/tenants/rv-b/applications', {
      displayName: 'SPA b',
      spa: { redirectUris: ['https://spa-b.example/cb'] },
    });
    expect(spa.status, JSON.stringify(spa.body)).toBe(201);
    const call = (tenant: string, endpoint: string, origin: string, clientId: string) =>
      fetch(`${gh.baseUrl}/t/${tenant}/oauth2/${endpoint}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin },
        body: new URLSearchParams(
          endpoint === 'token'
            ? { grant_type: 'refresh_token', refresh_token: 'x', client_id: clientId }
            : { token: 'x', client_id: clientId },
        ),
      });
    for (const endpoint of ['token', 'token/revoke', 'token/introspect', 'revoke', 'introspect']) {
      for (const [tenant, origin, clientId] of [
        ['admin', 'https://web.example', 'gatehouse-console'],
        ['admin', 'https://spa-b.example', 'gatehouse-console'],
        ['admin', 'null', 'gatehouse-console'],
        ['rv-b', gh.publicUrl, spa.body.appId],
      ] as const) {
        const response = await call(tenant, endpoint, origin, clientId);
        if (response.status === 404) continue;
        expect(response.headers.get('access-control-allow-origin'), `${endpoint} ${origin}`).toBeNull();
        expect(response.headers.get('access-control-allow-credentials')).toBeNull();
      }
    }
  });

  // --- 3. the console's static serving

  it('console: no traversal out of the assets, and the strict CSP on a 404 and on a bad URL', async () => {
    for (const path of [
      '/console/assets/../../package.json',
      '/console/assets/..%2f..%2fpackage.json',
      '/console/assets/%2e%2e/%2e%2e/package.json',
      '/console/assets/..\\..\\package.json',
    ]) {
      const response = await rawGet(gh.baseUrl, path);
      expect(response.body, path).not.toContain('"devDependencies"');
    }
    const missing = await fetch(`${gh.baseUrl}/console/assets/nope-123.js`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    const config = await fetch(`${gh.baseUrl}/console/config.json`);
    expect(JSON.stringify(await config.json())).not.toMatch(/secret/i);
  });

  // --- 4. the landing page

  it('landing: no input reflected, a strict CSP without script', async () => {
    const landing = await fetch(`${gh.baseUrl}/?x=<script>alert(1)</script>`);
    expect(await landing.text()).not.toContain('<script>');
    const csp = landing.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
  });

  // --- 5. the console's client

  it('gatehouse-console: only a GA/PRA at / changes it; a customer-tenant admin cannot reach it', async () => {
    const apps = await gh.api('GET', '/api/v1/tenants/admin/applications?$top=100');
    const consoleApp = apps.body.value.find((a: { appId: string }) => a.appId === 'gatehouse-console');
    expect(consoleApp.isFallbackPublicClient ?? false).toBe(false);
    const change = { spa: { redirectUris: ['https://evil.example/cb'] } };
    const appAdmin = await daemonWith(APPLICATION_ADMINISTRATOR, '/');
    const patched = await gh.api(
      'PATCH',
      `/api/v1/tenants/admin/applications/${consoleApp.id}`,
      change,
      appAdmin.token,
    );
    expect(patched.status).toBe(403);
    const tenantAdmin = await daemonWith(APPLICATION_ADMINISTRATOR, '/tenants/rv-a');
    const reached = await gh.api(
      'PATCH',
      `/api/v1/tenants/admin/applications/${consoleApp.id}`,
      change,
      tenantAdmin.token,
    );
    expect(reached.status).toBe(404);
    // The console client is unknown to a customer tenant.
    const elsewhere = await fetch(
      `${gh.baseUrl}/t/rv-a/oauth2/authorize?client_id=gatehouse-console&response_type=code&scope=openid&redirect_uri=${encodeURIComponent(`${gh.publicUrl}/console/callback`)}&code_challenge=${'a'.repeat(43)}&code_challenge_method=S256`,
      { redirect: 'manual' },
    );
    expect(elsewhere.status).not.toBe(303);
  });

  // --- 6. the branding preview

  it('branding preview: a reader gets none, another tenant cannot read one, and a flood is refused', async () => {
    const reader = await daemonWith(GLOBAL_READER, '/tenants/rv-a');
    const read = await gh.api('POST', '/api/v1/tenants/rv-a/branding/preview', { locale: '0' }, reader.token);
    expect(read.status).toBe(403);
    const brandingB = await daemonWith(BRANDING_ADMINISTRATOR, '/tenants/rv-b');
    const crossed = await gh.api(
      'POST',
      '/api/v1/tenants/rv-a/branding/preview',
      { locale: '0' },
      brandingB.token,
    );
    expect(crossed.status).toBe(404);
    const made = await gh.api('POST', '/api/v1/tenants/rv-a/branding/preview', {
      locale: '0',
      signInPageText: 'A',
    });
    expect(made.status).toBe(201);
    const path = new URL(made.body.url).pathname;
    expect((await fetch(`${gh.baseUrl}${path.replace('/t/rv-a/', '/t/rv-b/')}`)).status).toBe(404);

    // Attack: every preview is kept in shared state for a minute (up to ~60 KB each, with custom
    // CSS): an admin looping on the route grows the shared state without bound. There must be a cap.
    const draft = { locale: '0', customCSS: `body { color: #${'0'.repeat(6)} }\n${'/* x */'.repeat(3000)}` };
    let refused: { status: number; body: { error: { code: string } } } | undefined;
    for (let i = 0; i < 200 && refused === undefined; i++) {
      const next = await gh.api('POST', '/api/v1/tenants/rv-a/branding/preview', draft);
      if (next.status !== 201) refused = next;
    }
    expect(refused?.status).toBe(429);
    expect(refused?.body.error.code).toBe('too_many_previews');
    // Another tenant's previews are not held up by this one's.
    expect((await gh.api('POST', '/api/v1/tenants/rv-b/branding/preview', { locale: '0' })).status).toBe(201);
  });

  // --- 7. the identity provider test

  it('identity provider test: metadata addresses, link-local and mapped addresses are refused; no cross-tenant id', async () => {
    const idps = '/api/v1/tenants/rv-a/identityProviders';
    for (const metadataUrl of [
      'http://169.254.169.254/latest/meta-data/',
      'https://169.254.169.254/.well-known/openid-configuration',
      'https://[::ffff:169.254.169.254]/.well-known/openid-configuration',
      'https://[::ffff:a9fe:a9fe]/.well-known/openid-configuration',
      'https://[fe80::1]/.well-known/openid-configuration',
      'https://0.0.0.0/.well-known/openid-configuration',
      'http://127.0.0.1.nip.io/.well-known/openid-configuration',
    ]) {
      const created = await gh.api('POST', idps, {
        '@odata.type': '#microsoft.graph.openIdConnectIdentityProvider',
        displayName: `Probe ${metadataUrl}`.slice(0, 100),
        clientId: 'client',
        clientSecret: 'secret-Zk42',
        metadataUrl,
        issuer: 'https://issuer.example',
      });
      if (created.status !== 201) continue;
      const tested = await gh.api('POST', `${idps}/${created.body.id}/test`);
      expect(tested.status).toBe(200);
      expect(tested.body.succeeded, metadataUrl).toBe(false);
      expect(['outbound_refused', 'insecure_url', 'host_not_found', 'unreachable']).toContain(
        tested.body.error.code,
      );
      // Cross-tenant: the provider of rv-a is not one of rv-b's.
      expect(
        (await gh.api('POST', `/api/v1/tenants/rv-b/identityProviders/${created.body.id}/test`)).status,
      ).toBe(404);
    }
    // A tenant's IdP administrator cannot test another tenant's provider.
    const idpB = await daemonWith(IDP_ADMINISTRATOR, '/tenants/rv-b');
    const list = await gh.api('GET', idps);
    const one = list.body.value[0].id;
    expect((await gh.api('POST', `${idps}/${one}/test`, undefined, idpB.token)).status).toBe(404);
  });

  it('identity provider test: a flood of tests (each calls out) is refused per tenant', async () => {
    const idps = '/api/v1/tenants/rv-b/identityProviders';
    const created = await gh.api('POST', idps, {
      '@odata.type': '#microsoft.graph.openIdConnectIdentityProvider',
      displayName: 'Flooded',
      clientId: 'client',
      clientSecret: 'secret-Zk42',
      metadataUrl: 'https://[fe80::1]/.well-known/openid-configuration',
      issuer: 'https://issuer.example',
    });
    expect(created.status).toBe(201);
    // Attack: an IdP admin loops on Test to make Gatehouse hammer an outside host.
    let refused: { status: number; body: { error: { code: string } } } | undefined;
    for (let i = 0; i < 60 && refused === undefined; i++) {
      const next = await gh.api('POST', `${idps}/${created.body.id}/test`);
      if (next.status !== 200) refused = next;
    }
    expect(refused?.status).toBe(429);
    expect(refused?.body.error.code).toBe('too_many_tests');
  });

  it("identity provider test: a refusal does not tell a tenant's admin what a host name resolves to", async () => {
    // The server's own resolver sees names (split-horizon DNS, /etc/hosts) a tenant's admin
    // must not map: the answer says the policy refused, never the address the name led to.
    const strict = await startGatehouse(kind, { env: { GATEHOUSE_OUTBOUND_ALLOW: 'none' } });
    try {
      const created = await strict.api('POST', '/api/v1/tenants/demo/identityProviders', {
        '@odata.type': '#microsoft.graph.openIdConnectIdentityProvider',
        displayName: 'Internal name',
        clientId: 'client',
        clientSecret: 'secret-Zk42',
        metadataUrl: 'http://localhost:8123/.well-known/openid-configuration',
        issuer: 'https://issuer.example',
      });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      const tested = await strict.api(
        'POST',
        `/api/v1/tenants/demo/identityProviders/${created.body.id}/test`,
      );
      expect(tested.body.error.code).toBe('outbound_refused');
      expect(tested.body.error.message).toContain('localhost');
      expect(tested.body.error.message).not.toMatch(/127\.0\.0\.1|::1/);
    } finally {
      await strict.stop();
    }
  });

  // --- 8. $search, $count, memberOf

  it("$search: % and _ match literally, $count counts only the tenant, memberOf refuses another tenant's user", async () => {
    const make = (tenant: string, displayName: string, mail: string) =>
      gh.api('POST', `/api/v1/tenants/${tenant}/users`, {
        displayName,
        mail,
        passwordProfile: { password: PASSWORD },
      });
    const a1 = await make('rv-a', 'Alice Search', 'alice.search@example.com');
    expect(a1.status, JSON.stringify(a1.body)).toBe(201);
    expect((await make('rv-a', 'Bob Search', 'bob.search@example.com')).status).toBe(201);
    const b1 = await make('rv-b', 'Alice Other', 'alice.other@example.com');
    expect(b1.status).toBe(201);
    const search = (tenant: string, q: string) =>
      gh.api('GET', `/api/v1/tenants/${tenant}/users?$count=true&$search=${encodeURIComponent(q)}`);
    for (const wildcard of ['%', '_', '%a', '_lice', '"%"', '\\']) {
      const found = await search('rv-a', wildcard);
      expect(found.status, wildcard).toBe(200);
      expect(found.body['@odata.count'], wildcard).toBe(0);
      expect(found.body.value, wildcard).toEqual([]);
    }
    const alice = await search('rv-a', 'alice');
    expect(alice.body['@odata.count']).toBe(1);
    expect(alice.body.value.map((u: { id: string }) => u.id)).toEqual([a1.body.id]);
    expect((await search('rv-a', 'x'.repeat(300))).status).toBe(400);
    const counted = await gh.api('GET', '/api/v1/tenants/rv-a/users?$count=true&$top=1');
    expect(counted.body['@odata.count']).toBe(2);
    expect((await gh.api('GET', '/api/v1/tenants/rv-a/users?$count=yes')).status).toBe(400);
    const cross = await gh.api('GET', `/api/v1/tenants/rv-a/users/${b1.body.id}/memberOf`);
    expect(cross.status).toBe(404);
    expect((await gh.api('GET', '/api/v1/tenants/rv-a/users/not-a-uuid/memberOf')).status).toBe(400);
    // Counts of other lists stay inside the tenant.
    for (const list of ['applications', 'auditLogs/signIns', 'identityProtection/riskyUsers']) {
      const counted = await gh.api('GET', `/api/v1/tenants/rv-b/${list}?$count=true`);
      expect(counted.status, list).toBe(200);
      expect(counted.body['@odata.count'], list).toBe(counted.body.value.length);
    }
    // A User Administrator of rv-b cannot count or search rv-a.
    const userB = await daemonWith(USER_ADMINISTRATOR, '/tenants/rv-b');
    expect(
      (await gh.api('GET', '/api/v1/tenants/rv-a/users?$count=true&$search=a', undefined, userB.token))
        .status,
    ).toBe(404);
  });
});
