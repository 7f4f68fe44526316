import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGatehouse, type TestGatehouse } from './support/gatehouse.js';

const SCRIPT = 'app-Ab12Cd34.js';

/** A console build as Vite lays it out: index.html and hashed assets. */
function fakeBuild(): string {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-console-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(
    join(dir, 'index.html'),
    `<!doctype html><html><head><script type="module" src="/console/assets/${SCRIPT}"></script></head><body><div id="root"></div></body></html>`,
  );
  writeFileSync(join(dir, 'assets', SCRIPT), 'console.log("console")');
  return dir;
}

/**
 * The console as a browser gets it: the single-page app at /console under a strict CSP (hashed
 * assets cached for a year, the page never), where to sign in, and the landing page at /.
 */
describe('the console and landing page over HTTP', () => {
  const build = fakeBuild();
  let gh: TestGatehouse;
  let noDemo: TestGatehouse;

  beforeAll(async () => {
    [gh, noDemo] = await Promise.all([
      startGatehouse('sqlite', { consoleDir: build }),
      startGatehouse('sqlite', {
        consoleDir: join(build, 'missing'),
        env: { GATEHOUSE_DEMO_TENANT: 'false' },
      }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([gh?.stop(), noDemo?.stop()]);
    rmSync(build, { recursive: true, force: true });
  });

  it('serves the app page at every console path, never cached, under a CSP without inline script', async () => {
    for (const path of ['/console', '/console/', '/console/t/demo/users', '/console/callback?code=x']) {
      const response = await fetch(`${gh.baseUrl}${path}`);
      expect(response.status, path).toBe(200);
      expect(await response.text(), path).toContain(`/console/assets/${SCRIPT}`);
      expect(response.headers.get('cache-control'), path).toBe('no-cache');
      const csp = response.headers.get('content-security-policy') ?? '';
      expect(csp, path).toContain("script-src 'self'");
      expect(csp, path).not.toMatch(/script-src[^;]*unsafe/);
      expect(csp, path).toContain("frame-ancestors 'none'");
      expect(response.headers.get('x-content-type-options'), path).toBe('nosniff');
    }
  });

  it('caches hashed assets for a year and answers 404 for a missing one', async () => {
    const asset = await fetch(`${gh.baseUrl}/console/assets/${SCRIPT}`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toMatch(/javascript/);
    expect(asset.headers.get('cache-control')).toMatch(
      /max-age=31536000.*immutable|immutable.*max-age=31536000/,
    );
    const missing = await fetch(`${gh.baseUrl}/console/assets/nope-123.js`);
    expect(missing.status).toBe(404);
    expect(await missing.text()).not.toContain('<div id="root">');
    const traversal = await fetch(`${gh.baseUrl}/console/assets/..%2f..%2fpackage.json`);
    expect(traversal.status).not.toBe(200);
  });

  it('tells the app where to sign in: the admin tenant, its public client, the admin API', async () => {
    const config = await (await fetch(`${gh.baseUrl}/console/config.json`)).json();
    expect(config).toEqual({
      authority: `${gh.publicUrl}/t/admin`,
      clientId: 'gatehouse-console',
      redirectUri: `${gh.publicUrl}/console/callback`,
      postLogoutRedirectUri: `${gh.publicUrl}/console/`,
      scope: `openid profile offline_access ${gh.publicUrl}/api/.default`,
      apiBaseUrl: gh.publicUrl,
    });
  });

  it('registers gatehouse-console as a single-page app with a delegated grant on the admin API', async () => {
    const apps = await gh.api('GET', '/api/v1/tenants/admin/applications');
    expect(apps.status).toBe(200);
    const app = apps.body.value.find((a: { appId: string }) => a.appId === 'gatehouse-console');
    expect(app.spa.redirectUris).toEqual([`${gh.publicUrl}/console/callback`, `${gh.publicUrl}/console/`]);
    expect(app.web.redirectUris).toEqual([]);
    expect(app.passwordCredentials).toEqual([]);
    const principal = await gh.servicePrincipalOf('admin', 'gatehouse-console');
    const grants = await gh.api(
      'GET',
      `/api/v1/tenants/admin/servicePrincipals/${principal.id}/oauth2PermissionGrants`,
    );
    expect(grants.body.value.map((g: { scope: string }) => g.scope)).toEqual(['user_impersonation']);
  });

  it("lets only a single-page app's own origin call the token endpoint from a browser", async () => {
    const token = (origin: string, clientId: string) =>
      fetch(`${gh.baseUrl}/t/admin/oauth2/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin },
        body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: 'x', client_id: clientId }),
      });
    const own = await token(gh.publicUrl, 'gatehouse-console');
    expect(own.headers.get('access-control-allow-origin')).toBe(gh.publicUrl);
    const other = await token('https://evil.example', 'gatehouse-console');
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    expect(((await other.json()) as { error_description: string }).error_description).toMatch(/not allowed/);
    // The device-flow CLI has no single-page redirect URI: no browser origin at all.
    const cli = await token(gh.publicUrl, 'gatehouse-cli');
    expect(cli.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('answers /me with the caller and its role assignments, definitions expanded', async () => {
    const me = await gh.api('GET', '/api/v1/me');
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ principalType: 'servicePrincipal', displayName: 'Gatehouse admin CLI' });
    expect(me.body.roleAssignments).toEqual([
      expect.objectContaining({
        directoryScopeId: '/',
        roleDefinitionId: '62e90394-69f5-4237-9190-012177145e10',
        roleDefinition: expect.objectContaining({ displayName: 'Global Administrator' }),
      }),
    ]);
    expect((await gh.api('GET', '/api/v1/me', undefined, null)).status).toBe(401);
  });

  it('lands newcomers on / with the console, the demo tenant, the API and health', async () => {
    const landing = await fetch(`${gh.baseUrl}/`);
    expect(landing.status).toBe(200);
    const html = await landing.text();
    for (const href of ['/console/', '/t/demo/account', '/api/openapi.json', '/readyz'])
      expect(html).toContain(`href="${href}"`);
    const csp = landing.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain('script-src');
    // Without the demo tenant, no link to it; without a build, the console says how to build it.
    expect(await (await fetch(`${noDemo.baseUrl}/`)).text()).not.toContain('/t/demo/');
    const unbuilt = await fetch(`${noDemo.baseUrl}/console/`);
    expect(unbuilt.status).toBe(503);
    expect(await unbuilt.text()).toContain('npm run build');
  });
});
