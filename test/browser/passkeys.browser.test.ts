/**
 * Passkeys in a real browser: Chromium's virtual authenticator (DevTools protocol, WebAuthn
 * domain) stands in for a phone or a security key. A user adds a passkey at the MFA step, then
 * signs in with it alone. The pages run one script, /assets/passkey.js, and nothing inline.
 *
 * WebAuthn refuses IP addresses as RP IDs, so this Gatehouse's public URL is http://localhost:{port}
 * (a secure context for the browser).
 *
 * Run by `npm run test:browser` (vitest.browser.config.ts), not by `npm test`.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cspViolations,
  launchChromium,
  recordCspViolations,
  TestApp,
  watchPage,
} from '../support/chromium.js';
import { freePort, startGatehouse, type TestGatehouse } from '../support/gatehouse.js';
import { client, relyingParty } from '../support/oauth.js';

const APP_NAME = 'Contoso Wallet';
const USER = { displayName: 'Grace Hopper', mail: 'grace@example.com' };
const PASSWORD = 'Correct-Horse-Battery-Staple-42';
const MFA = 'urn:gatehouse:loa:2';
const ARTIFACTS = fileURLToPath(new URL('../../test-results/', import.meta.url));

describe('passkeys with Chromium', () => {
  let gh: TestGatehouse;
  let browser: Browser;
  let publicUrl: string;
  const app = new TestApp(APP_NAME);
  let userId: string;
  let token: string | undefined;

  /**
   * The admin API at the public URL: `gh.api` knows only the port the helper picked, and this
   * Gatehouse listens on the one its localhost URL names.
   */
  // biome-ignore lint/suspicious/noExplicitAny: test responses are inspected freely
  async function api(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
    if (!token) {
      const secret = `gatehouse-admin-cli:${gh.adminClientSecret}`;
      const response = await fetch(`${publicUrl}/t/admin/oauth2/token`, {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from(secret).toString('base64')}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams({ grant_type: 'client_credentials', scope: `${publicUrl}/api/.default` }),
      });
      token = ((await response.json()) as { access_token: string }).access_token;
    }
    const response = await fetch(`${publicUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body !== undefined && { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  }

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    const port = await freePort();
    publicUrl = `http://localhost:${port}`;
    [gh, browser] = await Promise.all([
      startGatehouse('sqlite', { env: { PORT: String(port), GATEHOUSE_BASE_URL: publicUrl } }),
      launchChromium(),
      app.listen(),
    ]);
    const registered = await api('POST', '/api/v1/tenants/demo/applications', {
      displayName: APP_NAME,
      web: { redirectUris: [app.callback] },
    });
    expect(registered.status).toBe(201);
    const secret = await api(
      'POST',
      `/api/v1/tenants/demo/applications/${registered.body.id}/addPassword`,
      {},
    );
    app.rp = await relyingParty(
      publicUrl,
      'demo',
      registered.body.appId,
      client.ClientSecretBasic(secret.body.secretText),
    );
    const user = await api('POST', '/api/v1/tenants/demo/users', {
      ...USER,
      passwordProfile: { password: PASSWORD },
    });
    expect(user.status).toBe(201);
    userId = user.body.id;
    // Without email as a second factor, the user has nothing to prove: the MFA step offers setup.
    const policy = await api('PATCH', '/api/v1/tenants/demo/authenticationMethodsPolicy', {
      authenticationMethodConfigurations: [{ id: 'Email', state: 'disabled' }],
    });
    expect(policy.status).toBe(200);
  });

  afterAll(async () => {
    await browser?.close();
    await app.close();
    await gh?.stop();
  });

  /** Waits for the app's page after an action that ends the sign-in. */
  async function landOnApp(tab: Page, action: () => Promise<unknown>) {
    const [landing] = await Promise.all([
      tab.waitForResponse(
        (response) => response.request().isNavigationRequest() && response.url().startsWith(app.callback),
      ),
      tab.waitForURL((current) => current.href.startsWith(app.callback), { waitUntil: 'load' }),
      action(),
    ]);
    expect(landing.status()).toBe(200);
    expect(app.failures).toEqual([]);
    expect(await tab.getByRole('heading', { level: 1 }).textContent()).toBe(
      `Signed in as ${USER.displayName}`,
    );
  }

  it('adds a passkey at the MFA step, then signs in with it and no password', async () => {
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 800, height: 800 } });
    try {
      const tab = await context.newPage();
      const problems = watchPage(tab);
      await recordCspViolations(tab);
      const cdp = await context.newCDPSession(tab);
      await cdp.send('WebAuthn.enable');
      const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
        options: {
          protocol: 'ctap2',
          transport: 'internal',
          hasResidentKey: true,
          hasUserVerification: true,
          isUserVerified: true,
        },
      });

      // 1. Password, then the MFA step: nothing to prove yet, so set something up.
      const first = await app.authorizationUrl({ acr_values: MFA });
      await tab.goto(first.url.href);
      await tab.getByLabel('Email address', { exact: true }).fill(USER.mail);
      await tab.getByLabel('Password', { exact: true }).fill(PASSWORD);
      await tab.getByRole('button', { name: 'Sign in', exact: true }).click();
      await tab.waitForURL(/\/mfa\/setup$/);
      await tab.getByRole('link', { name: 'Add a passkey instead' }).click();
      await tab.waitForURL(/\/mfa\/passkey\/setup$/);
      expect(await tab.getByRole('heading', { level: 1 }).textContent()).toBe('Add a passkey');
      const create = tab.getByRole('button', { name: 'Create passkey' });
      await create.waitFor({ state: 'visible' });
      await tab.screenshot({ path: join(ARTIFACTS, 'passkey-setup.png'), fullPage: true });
      await landOnApp(tab, () => create.click());
      await tab.screenshot({ path: join(ARTIFACTS, 'passkey-setup-signed-in.png'), fullPage: true });
      expect(app.signIns.get(first.state)?.claims.amr).toEqual(['pwd', 'hwk', 'mfa']);
      const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
      expect(credentials).toHaveLength(1);
      expect(credentials[0]?.isResidentCredential).toBe(true);
      expect(await gh.gatehouse.passkeys.list('demo', userId)).toHaveLength(1);

      // 2. A new sign-in (prompt=login: the session does not count): the passkey alone.
      const second = await app.authorizationUrl({ prompt: 'login', acr_values: MFA });
      await tab.goto(second.url.href);
      await tab.getByRole('link', { name: 'Sign in with a passkey' }).click();
      await tab.waitForURL(/\/interaction\/[A-Za-z0-9_-]+\/passkey$/);
      const use = tab.getByRole('button', { name: 'Use passkey' });
      await use.waitFor({ state: 'visible' });
      await tab.screenshot({ path: join(ARTIFACTS, 'passkey-sign-in.png'), fullPage: true });
      expect(await cspViolations(tab)).toEqual([]);
      await landOnApp(tab, () => use.click());
      await tab.screenshot({ path: join(ARTIFACTS, 'passkey-signed-in.png'), fullPage: true });
      expect(app.signIns.get(second.state)?.claims).toMatchObject({
        sub: userId,
        amr: ['hwk', 'mfa'],
        acr: MFA,
      });
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('says passkeys need JavaScript when it is off, and offers other ways', async () => {
    const context = await browser.newContext({
      locale: 'en-US',
      viewport: { width: 800, height: 700 },
      javaScriptEnabled: false,
    });
    try {
      const tab = await context.newPage();
      const { url } = await app.authorizationUrl();
      await tab.goto(url.href);
      await tab.getByRole('link', { name: 'Sign in with a passkey' }).click();
      await tab.waitForURL(/\/passkey$/);
      expect(await tab.getByText(/Passkeys need JavaScript/).isVisible()).toBe(true);
      expect(await tab.getByRole('button', { name: 'Use passkey' }).isVisible()).toBe(false);
      await tab.screenshot({ path: join(ARTIFACTS, 'passkey-no-js.png'), fullPage: true });
      await tab.getByRole('link', { name: 'Sign in another way' }).click();
      expect(await tab.getByLabel('Password', { exact: true }).isVisible()).toBe(true);
    } finally {
      await context.close();
    }
  });
});
