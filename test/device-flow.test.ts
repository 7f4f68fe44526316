import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ManualClock } from '../src/platform/index.js';
import { Browser, readForm } from './support/browser.js';
import { TEST_DATABASES } from './support/databases.js';
import { startGatehouse, type TestGatehouse } from './support/gatehouse.js';
import { tokenRequest } from './support/oauth.js';

const PASSWORD = 'Correct-Horse-Battery-Staple-42';
const DEVICE_CODE = 'urn:ietf:params:oauth:grant-type:device_code';
const EDGE =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0.0.0';
/** Where no redirect goes: the browser follows every redirect to the page that answers. */
const NOWHERE = 'http://nowhere.invalid/';

interface DeviceAuthorization {
  device_code: string;
  user_code: string;
  verification_uri: string;
  verification_uri_complete: string;
  expires_in: number;
  interval: number;
}

/**
 * The device authorization grant (RFC 8628) of a customer tenant: a TV app asks for a code, a
 * person types it in a browser (a cookie-keeping HTTP client), signs in through the hosted
 * pages and the sign-in pipeline, and the app's polls turn into tokens.
 */
describe.each(TEST_DATABASES)('device authorization grant on %s', (kind) => {
  const clock = new ManualClock(new Date());
  let gh: TestGatehouse;
  let tv: string;
  let userId: string;
  let nextIp = 10;

  beforeAll(async () => {
    gh = await startGatehouse(kind, {
      clock,
      env: { GATEHOUSE_TRUSTED_PROXIES: '127.0.0.1/32,::1/128' },
    });
    const app = await gh.api('POST', '/api/v1/tenants/demo/applications', {
      displayName: 'Living room TV',
      isFallbackPublicClient: true,
    });
    expect(app.status, JSON.stringify(app.body)).toBe(201);
    expect(app.body.isFallbackPublicClient).toBe(true);
    tv = app.body.appId;
    const user = await gh.api('POST', '/api/v1/tenants/demo/users', {
      displayName: 'Dana',
      mail: 'dana@example.com',
      passwordProfile: { password: PASSWORD },
    });
    expect(user.status).toBe(201);
    userId = user.body.id;
  });
  afterAll(() => gh?.stop());

  async function startDeviceFlow(clientId = tv, scope = 'openid profile offline_access', secret?: string) {
    const response = await fetch(`${gh.baseUrl}/t/demo/oauth2/devicecode`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        ...(secret && { authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}` }),
      },
      body: new URLSearchParams({ client_id: clientId, scope }),
    });
    return {
      status: response.status,
      body: (await response.json()) as DeviceAuthorization & Record<string, string>,
    };
  }

  const poll = (deviceCode: string, clientId = tv) =>
    tokenRequest(gh.baseUrl, 'demo', {
      grant_type: DEVICE_CODE,
      device_code: deviceCode,
      client_id: clientId,
    });

  /** A person at a browser of their own (Edge on Windows), from an address of their own. */
  const person = () => new Browser({ 'x-forwarded-for': `198.51.100.${nextIp++}`, 'user-agent': EDGE });

  /** Types the code on the verification page and lands on the confirmation page. */
  async function enterCode(browser: Browser, userCode: string) {
    const page = await browser.navigate(`${gh.baseUrl}/t/demo/oauth2/device`, NOWHERE);
    const form = readForm(page.body, /\/oauth2\/device$/);
    return browser.navigate(new URL(form.action, gh.baseUrl), NOWHERE, {
      form: { ...form.fields, user_code: userCode },
    });
  }

  /** Confirms (or cancels) on the confirmation page. */
  function answer(browser: Browser, confirmPage: string, choice: 'confirm' | 'abort') {
    const form = readForm(confirmPage, /\/oauth2\/device$/);
    return browser.navigate(new URL(form.action, gh.baseUrl), NOWHERE, {
      form: { ...form.fields, [choice]: 'yes' },
    });
  }

  async function signIn(browser: Browser, signInPage: string, login = 'dana@example.com') {
    const form = readForm(signInPage, /\/login$/);
    return browser.navigate(new URL(form.action, gh.baseUrl), NOWHERE, {
      form: { ...form.fields, login, password: PASSWORD },
    });
  }

  it('signs a person in for the app on the device: code page, confirmation, hosted sign-in, tokens', async () => {
    const started = await startDeviceFlow();
    expect(started.status).toBe(200);
    const device = started.body;
    expect(device.user_code).toMatch(/^[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}$/);
    expect(device.verification_uri).toBe(`${gh.baseUrl}/t/demo/oauth2/device`);
    expect(device.verification_uri_complete).toBe(
      `${gh.baseUrl}/t/demo/oauth2/device?user_code=${encodeURIComponent(device.user_code)}`,
    );
    expect(device).toMatchObject({ expires_in: 600, interval: 5 });
    const discovery = (await (
      await fetch(`${gh.baseUrl}/t/demo/.well-known/openid-configuration`)
    ).json()) as Record<string, unknown>;
    expect(discovery.device_authorization_endpoint).toBe(`${gh.baseUrl}/t/demo/oauth2/devicecode`);
    expect(discovery.grant_types_supported).toContain(DEVICE_CODE);

    expect((await poll(device.device_code)).body.error).toBe('authorization_pending');

    // The code page's own CSRF token (oidc-provider's, in the browser session) is required.
    const browser = person();
    await browser.request(device.verification_uri);
    const forged = await browser.navigate(`${gh.baseUrl}/t/demo/oauth2/device`, NOWHERE, {
      form: { xsrf: 'forged', user_code: device.user_code },
    });
    expect(forged.status).toBe(400);
    expect(forged.body).toContain('Something went wrong. Enter the code again.');

    // The verification_uri_complete link: the hosted code page, the code filled in, no script.
    const linked = await browser.request(device.verification_uri_complete);
    expect(linked.status).toBe(200);
    expect(linked.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(linked.headers.get('content-security-policy')).not.toContain('script-src');
    expect(linked.headers.get('cache-control')).toBe('no-store');
    const codePage = await linked.text();
    expect(codePage).toContain('<link rel="stylesheet" href="/t/demo/u/assets/style.css">');
    expect(codePage).not.toContain('<script');
    expect(codePage).toContain(`value="${device.user_code}"`);
    const codeForm = readForm(codePage, /\/oauth2\/device$/);
    expect(codeForm.action).toBe('/t/demo/oauth2/device');
    expect(codeForm.fields.xsrf).toMatch(/^[0-9a-f]{48}$/);

    // Next: the confirmation page names the app and shows the code to compare.
    const confirm = await browser.navigate(new URL(codeForm.action, gh.baseUrl), NOWHERE, {
      form: codeForm.fields,
    });
    expect(confirm.status).toBe(200);
    expect(confirm.body).toContain('Are you signing in to Living room TV?');
    expect(confirm.body).toContain(`<code>${device.user_code}</code>`);
    expect(confirm.body).not.toContain('<script');

    // Continue: the ordinary hosted sign-in (no redirect URI: it ends on the device).
    const signInPage = await answer(browser, confirm.body, 'confirm');
    expect(signInPage.url).toMatch(/\/t\/demo\/u\/interaction\/[\w-]+$/);
    expect(signInPage.body).toContain('Sign in to Living room TV');
    expect((await poll(device.device_code)).body.error).toBe('slow_down');
    const done = await signIn(browser, signInPage.body);
    expect(done.url).toMatch(/\/t\/demo\/oauth2\/device\/[\w-]+$/);
    expect(done.status).toBe(200);
    expect(done.body).toContain('You signed in to Living room TV on your device. You can close this window.');

    // The device's next poll gets the tokens, once.
    clock.advance(5_000);
    const tokens = await poll(device.device_code);
    expect(tokens.status, JSON.stringify(tokens.body)).toBe(200);
    expect(tokens.body).toMatchObject({ token_type: 'Bearer', scope: expect.stringContaining('openid') });
    const idToken = decodeJwt(String(tokens.body.id_token));
    expect(idToken).toMatchObject({ sub: userId, aud: tv, iss: `${gh.baseUrl}/t/demo`, amr: ['pwd'] });
    const refresh = (token: unknown) =>
      tokenRequest(gh.baseUrl, 'demo', {
        grant_type: 'refresh_token',
        refresh_token: String(token),
        client_id: tv,
      });
    const refreshed = await refresh(tokens.body.refresh_token);
    expect(refreshed.status, JSON.stringify(refreshed.body)).toBe(200);
    // A device code redeemed twice: refused, and what it gave is revoked (oidc-provider's rule).
    clock.advance(5_000);
    expect((await poll(device.device_code)).body.error).toBe('invalid_grant');
    expect((await refresh(refreshed.body.refresh_token)).body.error).toBe('invalid_grant');

    // The sign-in log: an interactive sign-in of the user to the TV app, a device client.
    await gh.gatehouse.signIns.flush();
    const log = await gh.api('GET', `/api/v1/tenants/demo/auditLogs/signIns?userId=${userId}`);
    expect(log.body.value[0]).toMatchObject({
      appId: tv,
      appDisplayName: 'Living room TV',
      // The app on the device, though the person signed in with Edge on Windows.
      clientAppUsed: 'Mobile Apps and Desktop clients',
      originalTransferMethod: 'deviceCodeFlow',
      deviceDetail: { browser: 'Edge 120.0', operatingSystem: 'Windows 10' },
      isInteractive: true,
      status: { errorCode: 0 },
    });
  });

  it('says slow_down to a device polling faster than the interval, authorization_pending after', async () => {
    const { body: device } = await startDeviceFlow();
    expect((await poll(device.device_code)).body.error).toBe('authorization_pending');
    const fast = await poll(device.device_code);
    expect(fast.status).toBe(400);
    expect(fast.body.error).toBe('slow_down');
    clock.advance(4_000);
    expect((await poll(device.device_code)).body.error).toBe('authorization_pending');
    clock.advance(1_000);
    expect((await poll(device.device_code)).body.error).toBe('slow_down');
    clock.advance(5_000);
    expect((await poll(device.device_code)).body.error).toBe('authorization_pending');
  });

  it('tells the device access_denied when the person cancels, on the confirmation or the sign-in page', async () => {
    const first = (await startDeviceFlow()).body;
    const browser = person();
    const confirm = await enterCode(browser, first.user_code.toLowerCase().replace('-', ''));
    const cancelled = await answer(browser, confirm.body, 'abort');
    expect(cancelled.body).toContain('The sign-in was cancelled. You can close this window.');
    expect(await poll(first.device_code)).toMatchObject({ status: 400, body: { error: 'access_denied' } });
    // The code cannot be used again.
    const again = await enterCode(browser, first.user_code);
    expect(again.body).toContain('That code was already used.');

    const second = (await startDeviceFlow()).body;
    const signInPage = await answer(browser, (await enterCode(browser, second.user_code)).body, 'confirm');
    const abort = readForm(signInPage.body, /\/abort$/);
    const aborted = await browser.navigate(new URL(abort.action, gh.baseUrl), NOWHERE, {
      form: abort.fields,
    });
    expect(aborted.body).toContain('The sign-in was cancelled.');
    clock.advance(5_000);
    expect((await poll(second.device_code)).body.error).toBe('access_denied');
  });

  it('answers expired_token once the code expires, and the code page says so', async () => {
    const device = (await startDeviceFlow()).body;
    clock.advance(601_000);
    // oidc-provider judges a code's expiry by the system time: moved with the clock.
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 601_000 });
    try {
      const expired = await poll(device.device_code);
      expect(expired.status).toBe(400);
      expect(expired.body.error).toBe('expired_token');
      const page = await enterCode(person(), device.user_code);
      expect(page.body).toContain('That code has expired.');
    } finally {
      vi.useRealTimers();
    }
  });

  it('shows the code page again for a wrong or missing code', async () => {
    const browser = person();
    const wrong = await enterCode(browser, 'BCDF-GHJK');
    expect(wrong.status).toBe(200);
    expect(wrong.body).toContain('That code is not right. Check it and try again.');
    expect(wrong.body).toContain('value="BCDF-GHJK"');
    const missing = await enterCode(browser, '');
    expect(missing.body).toContain('Enter the code shown on your device.');
  });

  it('refuses a client whose registration does not allow public client flows', async () => {
    const web = await gh.registerApp('demo', {
      displayName: 'Web shop',
      web: { redirectUris: [`${gh.baseUrl}/shop/callback`] },
    });
    const refused = await startDeviceFlow(web.appId, 'openid', web.secret);
    expect(refused.status).toBe(400);
    expect(refused.body).toEqual({
      error: 'invalid_request',
      error_description: 'urn:ietf:params:oauth:grant-type:device_code is not allowed for this client',
    });
    const spa = await gh.api('POST', '/api/v1/tenants/demo/applications', { displayName: 'Kiosk' });
    expect((await startDeviceFlow(spa.body.appId)).body.error).toBe('invalid_request');
    // Turned on later, it works.
    await gh.api('PATCH', `/api/v1/tenants/demo/applications/${spa.body.id}`, {
      isFallbackPublicClient: true,
    });
    expect((await startDeviceFlow(spa.body.appId)).status).toBe(200);
  });

  it('is judged by Conditional Access as the device app: a block tells the device access_denied', async () => {
    const kiosk = await gh.api('POST', '/api/v1/tenants/demo/applications', {
      displayName: 'Lobby kiosk',
      isFallbackPublicClient: true,
    });
    const policy = await gh.api('POST', '/api/v1/tenants/demo/conditionalAccess/policies', {
      displayName: 'No device apps for the kiosk',
      state: 'enabled',
      conditions: {
        users: { includeUsers: ['All'] },
        applications: { includeApplications: [kiosk.body.appId] },
        clientAppTypes: ['mobileAppsAndDesktopClients'],
      },
      grantControls: { operator: 'OR', builtInControls: ['block'] },
    });
    expect(policy.status, JSON.stringify(policy.body)).toBe(201);
    const device = (await startDeviceFlow(kiosk.body.appId)).body;
    const browser = person();
    const signInPage = await answer(browser, (await enterCode(browser, device.user_code)).body, 'confirm');
    const refused = await signIn(browser, signInPage.body);
    expect(refused.body).toContain('access policy does not allow this sign-in');
    const denied = await poll(device.device_code, kiosk.body.appId);
    expect(denied.body).toMatchObject({
      error: 'access_denied',
      error_description: expect.stringContaining('AADSTS53003'),
    });
    await gh.gatehouse.signIns.flush();
    const log = await gh.api('GET', `/api/v1/tenants/demo/auditLogs/signIns?appId=${kiosk.body.appId}`);
    expect(log.body.value[0]).toMatchObject({
      status: { errorCode: 53003 },
      clientAppUsed: 'Mobile Apps and Desktop clients',
      originalTransferMethod: 'deviceCodeFlow',
      appliedConditionalAccessPolicies: [expect.objectContaining({ id: policy.body.id, result: 'failure' })],
    });
    await gh.api('DELETE', `/api/v1/tenants/demo/conditionalAccess/policies/${policy.body.id}`);
  });
});
