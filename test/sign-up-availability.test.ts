import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, readForm } from './support/browser.js';
import { TEST_DATABASES } from './support/databases.js';
import { type Daemon, startGatehouse, type TestGatehouse } from './support/gatehouse.js';
import { type MailSink, startMailSink } from './support/mail-sink.js';
import { client, relyingParty } from './support/oauth.js';

const NOWHERE = 'http://nowhere.invalid/';
const NOT_AVAILABLE = 'This application does not accept new accounts.';

/**
 * Attack: a stranger tries to become a user of a tenant that takes no sign-ups — the admin
 * (workforce) tenant, a customer tenant with no user flow, one whose every flow says no —
 * through each app, the built-in account client, direct URLs and an old interaction.
 */
describe.each(TEST_DATABASES)('sign-up is available only where a user flow allows it, on %s', (kind) => {
  let gh: TestGatehouse;
  let mail: MailSink;
  let nextIp = 20;
  const callback = () => `${gh.baseUrl}/app/callback`;

  beforeAll(async () => {
    mail = await startMailSink();
    gh = await startGatehouse(kind, {
      env: { GATEHOUSE_SMTP_URL: mail.url, GATEHOUSE_TRUSTED_PROXIES: '127.0.0.1/32,::1/128' },
    });
  });
  afterAll(async () => {
    await gh?.stop();
    await mail?.close();
  });

  const stranger = () => new Browser({ 'x-forwarded-for': `203.0.113.${nextIp++}` });

  async function newTenant(type: 'customer' | 'workforce' = 'customer'): Promise<string> {
    const created = await gh.api('POST', '/api/v1/tenants', { displayName: `Closed ${nextIp}`, type });
    expect(created.status).toBe(201);
    return created.body.id;
  }

  const userCount = async (tenantId: string) =>
    (await gh.api('GET', `/api/v1/tenants/${tenantId}/users?$top=100`)).body.value.length as number;

  /** Opens an app's sign-in page in a browser: the interaction's base path. */
  async function openApp(browser: Browser, tenantId: string, app: Daemon): Promise<string> {
    const rp = await relyingParty(gh.baseUrl, tenantId, app.appId, client.ClientSecretBasic(app.secret));
    const url = client.buildAuthorizationUrl(rp, {
      redirect_uri: callback(),
      scope: 'openid',
      code_challenge: await client.calculatePKCECodeChallenge(client.randomPKCECodeVerifier()),
      code_challenge_method: 'S256',
    });
    const page = await browser.navigate(url, callback());
    expect(page.status).toBe(200);
    return new URL(page.url).pathname;
  }

  /** Opens the account pages anonymously: the tenant's sign-in page for the account client. */
  async function openAccount(browser: Browser, tenantId: string): Promise<{ base: string; body: string }> {
    const page = await browser.navigate(`${gh.baseUrl}/t/${tenantId}/account`, NOWHERE);
    expect(page.status).toBe(200);
    return { base: new URL(page.url).pathname, body: page.body };
  }

  /** Every way into sign-up from an interaction: the link, the page, the form post. */
  async function expectNoSignUp(browser: Browser, tenantId: string, base: string, body?: string) {
    if (body !== undefined) expect(body).not.toContain(`${base}/signup`);
    const page = await browser.navigate(`${gh.baseUrl}${base}/signup`, NOWHERE);
    expect(page.status).toBe(403);
    expect(page.body).toContain(NOT_AVAILABLE);
    const email = `stranger${nextIp}@example.com`;
    const before = await userCount(tenantId);
    // The form post carries a CSRF token from a page of the same interaction (the sign-in page).
    const signInPage = await browser.navigate(`${gh.baseUrl}${base}`, NOWHERE);
    const csrf = readForm(signInPage.body, /\/(login|otp)$/).fields.csrf as string;
    const posted = await browser.navigate(`${gh.baseUrl}${base}/signup`, NOWHERE, {
      form: { csrf, email },
    });
    expect(posted.status).toBe(403);
    expect(posted.body).toContain(NOT_AVAILABLE);
    for (const path of ['/signup/code', '/signup/details'])
      expect((await browser.navigate(`${gh.baseUrl}${base}${path}`, NOWHERE)).status).toBe(403);
    expect(mail.received.filter((m) => m.to === email)).toEqual([]);
    expect(await userCount(tenantId)).toBe(before);
  }

  it('the admin tenant: no sign-up through the account client, and no flow can turn it on', async () => {
    const browser = stranger();
    const account = await openAccount(browser, 'admin');
    await expectNoSignUp(browser, 'admin', account.base, account.body);
    const flow = await gh.api('POST', '/api/v1/tenants/admin/userFlows', {
      displayName: 'Staff sign-up',
      isDefault: true,
      isSignUpAllowed: true,
    });
    expect(flow.status).toBe(400);
    expect(flow.body.error.code).toBe('sign_up_not_available');
    // A flow made without saying takes no sign-ups either.
    const quiet = await gh.api('POST', '/api/v1/tenants/admin/userFlows', {
      displayName: 'Staff',
      isDefault: true,
    });
    expect(quiet.status).toBe(201);
    expect(quiet.body.isSignUpAllowed).toBe(false);
    await expectNoSignUp(browser, 'admin', (await openAccount(browser, 'admin')).base);
    await gh.api('DELETE', `/api/v1/tenants/admin/userFlows/${quiet.body.id}`);
  });

  it('any workforce tenant: no sign-up through an app either', async () => {
    const tenantId = await newTenant('workforce');
    const app = await gh.registerApp(tenantId, {
      displayName: 'Intranet',
      web: { redirectUris: [callback()] },
    });
    const browser = stranger();
    await expectNoSignUp(browser, tenantId, await openApp(browser, tenantId, app));
  });

  it('a customer tenant with no user flow: sign-in only, for every app and the account pages', async () => {
    const tenantId = await newTenant();
    const app = await gh.registerApp(tenantId, { displayName: 'Shop', web: { redirectUris: [callback()] } });
    const browser = stranger();
    await expectNoSignUp(browser, tenantId, await openApp(browser, tenantId, app));
    const account = await openAccount(browser, tenantId);
    await expectNoSignUp(browser, tenantId, account.base, account.body);
  });

  it('a customer tenant whose every flow says no (none the default): not through the account client, nor an old interaction', async () => {
    const tenantId = await newTenant();
    const invited = await gh.registerApp(tenantId, {
      displayName: 'Invite only',
      web: { redirectUris: [callback()] },
    });
    const open = await gh.registerApp(tenantId, { displayName: 'Open', web: { redirectUris: [callback()] } });
    const openFlow = await gh.api('POST', `/api/v1/tenants/${tenantId}/userFlows`, {
      displayName: 'Open sign-up',
      isSignUpAllowed: true,
      applications: [open.appId],
    });
    await gh.api('POST', `/api/v1/tenants/${tenantId}/userFlows`, {
      displayName: 'Invite only',
      isSignUpAllowed: false,
      applications: [invited.appId],
    });

    // The open app takes sign-ups; an interaction started then is kept open.
    const early = stranger();
    const oldBase = await openApp(early, tenantId, open);
    expect((await early.navigate(`${gh.baseUrl}${oldBase}/signup`, NOWHERE)).status).toBe(200);

    await gh.api('PATCH', `/api/v1/tenants/${tenantId}/userFlows/${openFlow.body.id}`, {
      isSignUpAllowed: false,
    });
    await expectNoSignUp(early, tenantId, oldBase);

    const browser = stranger();
    await expectNoSignUp(browser, tenantId, await openApp(browser, tenantId, invited));
    const account = await openAccount(browser, tenantId);
    await expectNoSignUp(browser, tenantId, account.base, account.body);
  });
});
