/**
 * The branding preview: an admin allowed to read a tenant's branding asks the admin API for the
 * tenant's sign-in page drawn with unsaved branding, and gets a URL on the hosted pages where it
 * can be opened for a minute, framed only by Gatehouse's own pages (the console). Nothing is saved.
 * The preview keeps no data of its own (shared state only), so SQLite is enough here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_API_APP_ID, ADMIN_API_APP_ROLE } from '../src/admin-api-access.js';
import { startGatehouse, type TestGatehouse } from './support/gatehouse.js';
import { tokenRequest } from './support/oauth.js';

const TENANT = 'preview-co';
const OTHER = 'preview-other';
const preview = (tenantId = TENANT) => `/api/v1/tenants/${tenantId}/branding/preview`;

describe('branding preview', () => {
  let gh: TestGatehouse;

  /** An admin-tenant daemon holding one built-in role at '/', with an admin API token. */
  async function adminWith(role: string): Promise<string> {
    const app = await gh.registerDaemon('admin', `${role} daemon`);
    const principalId = await gh.gatehouse.principalOfClient(app.appId);
    await gh.grant('admin', app.appId, ADMIN_API_APP_ID, { roles: [ADMIN_API_APP_ROLE.value] });
    const definitions = (await gh.api('GET', '/api/v1/roleManagement/directory/roleDefinitions')).body
      .value as { id: string; displayName: string }[];
    const roleDefinitionId = definitions.find((d) => d.displayName === role)?.id;
    const assigned = await gh.api('POST', '/api/v1/roleManagement/directory/roleAssignments', {
      principalId,
      roleDefinitionId,
      directoryScopeId: '/',
    });
    expect(assigned.status, JSON.stringify(assigned.body)).toBe(201);
    const token = await tokenRequest(gh.baseUrl, 'admin', {
      grant_type: 'client_credentials',
      client_id: app.appId,
      client_secret: app.secret,
      resource: `${gh.baseUrl}/api`,
    });
    expect(token.status).toBe(200);
    return String(token.body.access_token);
  }

  /** The path of a preview URL on the test server (the base URL may differ). */
  const pathOf = (url: string) => new URL(url).pathname;

  beforeAll(async () => {
    gh = await startGatehouse('sqlite');
    for (const id of [TENANT, OTHER]) {
      expect((await gh.api('POST', '/api/v1/tenants', { id, displayName: `Tenant ${id}` })).status).toBe(201);
    }
    expect(
      (await gh.api('PATCH', `/api/v1/tenants/${TENANT}/branding`, { signInPageText: 'Saved text' })).status,
    ).toBe(200);
  });
  afterAll(() => gh?.stop());

  it('refuses a caller without a token (401) and an admin whose roles do not read branding (403)', async () => {
    const anonymous = await gh.api('POST', preview(), { locale: '0', backgroundColor: '#123456' }, null);
    expect(anonymous.status).toBe(401);

    const userAdmin = await adminWith('User Administrator');
    const denied = await gh.api('POST', preview(), { locale: '0', backgroundColor: '#123456' }, userAdmin);
    expect(denied.status).toBe(403);
    expect(denied.body.error.message).toContain(
      'microsoft.directory/organization/branding/allProperties/allTasks',
    );

    // Attack: an admin who may only read branding must not put text of their choosing on a
    // page under the tenant's origin (a "sign-in page" telling users to call a number).
    const reader = await adminWith('Global Reader');
    const readerPreview = await gh.api(
      'POST',
      preview(),
      { locale: '0', signInPageText: 'Call 555' },
      reader,
    );
    expect(readerPreview.status).toBe(403);
  });

  it('shows a preview only inside a frame, never as a page of its own', async () => {
    const made = await gh.api('POST', preview(), { locale: '0', signInPageText: 'Framed only' });
    expect(made.status).toBe(201);
    const url = `${gh.baseUrl}${pathOf(made.body.url)}`;
    // A browser opening the link (a phishing mail's) says it navigates a whole page.
    const topLevel = await fetch(url, { headers: { 'sec-fetch-dest': 'document' } });
    expect(topLevel.status).toBe(404);
    expect(await topLevel.text()).not.toContain('Framed only');
    const framed = await fetch(url, { headers: { 'sec-fetch-dest': 'iframe' } });
    expect(framed.status).toBe(200);
    expect(await framed.text()).toContain('Framed only');
  });

  it("draws the tenant's real sign-in page with the draft, framed by this origin only, and saves nothing", async () => {
    const made = await gh.api('POST', preview(), {
      locale: '0',
      backgroundColor: '#123456',
      signInPageText: 'Welcome to <b>the preview</b>',
      usernameHintText: 'you@example.com',
      customPrivacyAndCookiesUrl: 'https://example.com/privacy',
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    expect(made.body.url).toMatch(new RegExp(`/t/${TENANT}/u/preview/[A-Za-z0-9_-]{43}$`));
    expect(Date.parse(made.body.expiresDateTime)).toBeGreaterThan(Date.now());

    const page = await fetch(`${gh.baseUrl}${pathOf(made.body.url)}`);
    expect(page.status).toBe(200);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("frame-ancestors 'self'");
    expect(csp).toContain("form-action 'none'");
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain('script-src');
    expect(page.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(page.headers.get('cache-control')).toBe('no-store');
    const html = await page.text();
    expect(html).toContain('Welcome to &lt;b&gt;the preview&lt;/b&gt;');
    expect(html).not.toContain('Saved text');
    expect(html).toContain('placeholder="you@example.com"');
    expect(html).toContain('href="https://example.com/privacy"');
    expect(html).not.toContain('<script');

    const stylesheet = /href="([^"]+\/brand\.css)"/.exec(html)?.[1];
    expect(stylesheet).toBe(`${pathOf(made.body.url)}/brand.css`);
    const css = await fetch(`${gh.baseUrl}${stylesheet}`);
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toContain('text/css');
    expect(await css.text()).toContain('#123456');

    // Nothing was saved: the branding and the real page's stylesheet are as before.
    const stored = await gh.api('GET', `/api/v1/tenants/${TENANT}/branding`);
    expect(stored.body.signInPageText).toBe('Saved text');
    expect(stored.body.backgroundColor).toBeNull();

    // Another tenant's pages do not show it; an unknown id is a 404 with the strict policy.
    const elsewhere = await fetch(`${gh.baseUrl}${pathOf(made.body.url).replace(TENANT, OTHER)}`);
    expect(elsewhere.status).toBe(404);
    expect(elsewhere.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    const unknown = await fetch(`${gh.baseUrl}/t/${TENANT}/u/preview/${'x'.repeat(43)}`);
    expect(unknown.status).toBe(404);
  });

  it('previews a localization in its language, over the stored default', async () => {
    const made = await gh.api('POST', preview(), {
      locale: 'fr',
      signInPageText: 'Bienvenue',
      hostedPageStrings: { 'signIn.submit': 'Entrer' },
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const html = await (await fetch(`${gh.baseUrl}${pathOf(made.body.url)}`)).text();
    expect(html).toContain('lang="fr"');
    expect(html).toContain('Bienvenue');
    expect(html).toContain('Entrer');
    expect((await gh.api('GET', `/api/v1/tenants/${TENANT}/branding/localizations/fr`)).status).toBe(404);
  });

  it('refuses an invalid draft with a 400 naming the field, as a save would', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ locale: '0', backgroundColor: 'red' }, 'backgroundColor'],
      [{ locale: '0', customPrivacyAndCookiesUrl: 'javascript:alert(1)' }, 'customPrivacyAndCookiesUrl'],
      [{ locale: '0', colour: '#fff' }, 'colour'],
      [{ locale: 'not a language' }, 'locale'],
      [{ locale: '0', hostedPageStrings: { 'signIn.submit': 'Go' } }, 'hostedPageStrings'],
      [{ locale: 'fr', hostedPageStrings: { 'no.such.key': 'x' } }, 'hostedPageStrings.no.such.key'],
      [{ locale: '0', customCSS: 'body { background: url(https://evil.example/x.png) }' }, 'customCSS'],
    ];
    for (const [body, target] of cases) {
      const refused = await gh.api('POST', preview(), body);
      expect(refused.status, JSON.stringify(body)).toBe(400);
      expect(refused.body.error.target, JSON.stringify(refused.body)).toBe(target);
    }
  });
});
