import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, readForm } from './support/browser.js';
import { TEST_DATABASES } from './support/databases.js';
import { startGatehouse, type TestGatehouse } from './support/gatehouse.js';
import { client } from './support/oauth.js';

/** The public URL: TLS ends at a proxy, Gatehouse itself listens on plain http on loopback. */
const PUBLIC = 'https://id.example.test';
const CALLBACK = 'https://app.example.test/callback';
const PASSWORD = 'Correct-Horse-Battery-Staple-42';

describe.each(TEST_DATABASES)('cookies behind TLS on %s', (kind) => {
  let gh: TestGatehouse;
  let token: string;
  let appId: string;

  /** The loopback address of a URL that names the public origin (redirects do). */
  const loopback = (url: string | URL): URL => {
    const target = new URL(url, gh.baseUrl);
    const local = new URL(gh.baseUrl);
    if (target.origin === PUBLIC || target.host === local.host) {
      target.protocol = local.protocol;
      target.host = local.host;
    }
    return target;
  };

  /** Follows redirects (through the loopback address) until a page answers or the app's callback is reached. */
  async function navigate(browser: Browser, url: string | URL, form?: Record<string, string>) {
    let response = await browser.request(loopback(url), form ? { form } : {});
    let current = loopback(url);
    for (let hops = 0; hops < 20 && response.status >= 300 && response.status < 400; hops++) {
      const location = new URL(response.headers.get('location') ?? '', current);
      if (location.href.startsWith(CALLBACK)) return { redirectedTo: location.href, body: '' };
      current = loopback(location);
      response = await browser.request(current);
    }
    return { status: response.status, body: await response.text() };
  }

  beforeAll(async () => {
    gh = await startGatehouse(kind, { env: { GATEHOUSE_BASE_URL: PUBLIC } });
    const issued = await fetch(`${gh.baseUrl}/t/admin/oauth2/token`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`gatehouse-admin-cli:${gh.adminClientSecret}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ grant_type: 'client_credentials', scope: `${PUBLIC}/api/.default` }),
    });
    token = ((await issued.json()) as { access_token: string }).access_token;
    const app = await gh.api(
      'POST',
      '/api/v1/tenants/demo/applications',
      { displayName: 'Shop', web: { redirectUris: [CALLBACK] } },
      token,
    );
    expect(app.status).toBe(201);
    appId = app.body.appId;
    const user = await gh.api(
      'POST',
      '/api/v1/tenants/demo/users',
      { displayName: 'Tess Tls', mail: 'tess@example.com', passwordProfile: { password: PASSWORD } },
      token,
    );
    expect(user.status).toBe(201);
  });
  afterAll(() => gh?.stop());

  it('marks every cookie of a sign-in journey Secure: oidc-provider’s, the hosted pages’, the account pages’', async () => {
    const browser = new Browser();
    const verifier = client.randomPKCECodeVerifier();
    const authorize = new URL(`${PUBLIC}/t/demo/oauth2/authorize`);
    authorize.search = new URLSearchParams({
      client_id: appId,
      response_type: 'code',
      redirect_uri: CALLBACK,
      scope: 'openid offline_access',
      state: client.randomState(),
      nonce: client.randomNonce(),
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
    }).toString();

    const page = await navigate(browser, authorize);
    expect(page.status).toBe(200);
    const form = readForm(page.body, /\/login$/);
    const done = await navigate(browser, form.action, {
      ...form.fields,
      login: 'tess@example.com',
      password: PASSWORD,
    });
    expect(done.redirectedTo).toContain('code=');

    // The account pages start their own sign-in (and set their own cookie) through the same session.
    const account = await navigate(browser, `${PUBLIC}/t/demo/account`);
    expect(account.status).toBe(200);
    expect(account.body).toContain('Tess Tls');

    const names = browser.setCookies.map((line) => line.split('=')[0]);
    expect(names).toEqual(
      expect.arrayContaining([
        '_interaction',
        '_interaction_resume',
        '_session',
        'gh_csrf',
        'gh_device',
        'gh_account_signin',
        'gh_account',
      ]),
    );
    const insecure = browser.setCookies.filter((line) => !/;\s*secure(;|$)/i.test(line));
    expect(insecure).toEqual([]);
  });
});
