/**
 * A real browser (Debian's Chromium, driven by playwright-core) signs in through the hosted
 * page to a small relying party that this test serves itself: authorize → sign-in page →
 * credentials → the app's callback, where the app redeems the code with openid-client
 * (PKCE, state, nonce) and greets the user by the name in the verified ID token.
 *
 * Run by `npm run test:browser` (vitest.browser.config.ts), not by `npm test`.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cspViolations,
  launchChromium,
  recordCspViolations,
  TestApp,
  watchPage,
} from '../support/chromium.js';
import { startGatehouse, type TestGatehouse } from '../support/gatehouse.js';
import { client, relyingParty } from '../support/oauth.js';

const APP_NAME = 'Contoso Travel';
const USER = { displayName: 'Ada Lovelace', mail: 'ada@example.com' };
const PASSWORD = 'Correct-Horse-Battery-Staple-42';
// Screenshots land here; CI keeps the folder as the run's artifact (it is git-ignored).
const ARTIFACTS = fileURLToPath(new URL('../../test-results/', import.meta.url));

describe('signing in with Chromium', () => {
  let gh: TestGatehouse;
  let browser: Browser;
  const app = new TestApp(APP_NAME);
  let userId: string;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    [gh, browser] = await Promise.all([startGatehouse('sqlite'), launchChromium(), app.listen()]);

    const registered = await gh.api('POST', '/api/v1/tenants/demo/applications', {
      displayName: APP_NAME,
      web: { redirectUris: [app.callback] },
    });
    expect(registered.status).toBe(201);
    const secret = await gh.api(
      'POST',
      `/api/v1/tenants/demo/applications/${registered.body.id}/addPassword`,
      {},
    );
    expect(secret.status).toBe(200);
    app.rp = await relyingParty(
      gh.baseUrl,
      'demo',
      registered.body.appId,
      client.ClientSecretBasic(secret.body.secretText),
    );

    const user = await gh.api('POST', '/api/v1/tenants/demo/users', {
      ...USER,
      passwordProfile: { password: PASSWORD },
    });
    expect(user.status).toBe(201);
    userId = user.body.id;
  });

  afterAll(async () => {
    await browser?.close();
    await app.close();
    await gh?.stop();
  });

  /** The whole sign-in in one fresh browser context; screenshots are named after `label`. */
  async function signIn(context: BrowserContext, label: string, javaScript: boolean) {
    const tab = await context.newPage();
    // The hosted pages name a `data:` icon, so Chromium never asks Gatehouse for /favicon.ico:
    // nothing is let through. The page watch leaves documents out; their statuses are checked below.
    const problems = watchPage(tab);
    if (javaScript) await recordCspViolations(tab);
    const { url, state } = await app.authorizationUrl();

    const signInPage = await tab.goto(url.href);
    expect(new URL(tab.url()).pathname).toMatch(/^\/t\/demo\/u\/interaction\/[A-Za-z0-9_-]+$/);
    expect(signInPage?.status()).toBe(200);
    expect(signInPage?.headers()['content-security-policy']).toContain("default-src 'none'");
    expect(await tab.title()).toBe('Sign in');
    expect(await tab.getByRole('heading', { level: 1 }).textContent()).toContain(APP_NAME);
    const login = tab.getByLabel('Email address', { exact: true });
    const password = tab.getByLabel('Password', { exact: true });
    expect(await login.getAttribute('type')).toBe('email');
    expect(await password.getAttribute('type')).toBe('password');
    const form = tab.locator('form', { has: login });
    expect(await form.locator('input[type=hidden][name=csrf]').getAttribute('value')).toMatch(/\S{16,}/);
    await tab.screenshot({ path: join(ARTIFACTS, `${label}-sign-in.png`), fullPage: true });
    if (javaScript) {
      // The stylesheet is the page's only subresource; it loaded and applied (CSP style-src 'self').
      expect(await tab.evaluate("getComputedStyle(document.querySelector('main')).maxWidth")).toBe('384px');
      expect(await cspViolations(tab)).toEqual([]);
    }

    await login.fill(USER.mail);
    await password.fill(PASSWORD);
    const [landing] = await Promise.all([
      tab.waitForResponse(
        (response) => response.request().isNavigationRequest() && response.url().startsWith(app.callback),
      ),
      tab.waitForURL((current) => current.href.startsWith(app.callback), { waitUntil: 'load' }),
      tab.getByRole('button', { name: 'Sign in', exact: true }).click(),
    ]);

    expect(app.failures).toEqual([]);
    // Every document on the way answered below 400: the sign-in page (200 above), the redirects
    // (anything else would have stopped short of the app), and the app's page itself.
    expect(landing.status()).toBe(200);
    expect(await tab.getByRole('heading', { level: 1 }).textContent()).toBe(
      `Signed in as ${USER.displayName}`,
    );
    await tab.screenshot({ path: join(ARTIFACTS, `${label}-signed-in.png`), fullPage: true });
    expect(problems).toEqual([]);

    const record = app.signIns.get(state);
    expect(record?.claims).toMatchObject({
      sub: userId,
      iss: `${gh.baseUrl}/t/demo`,
      email: USER.mail,
      name: USER.displayName,
      amr: ['pwd'],
    });
    await tab.close();
  }

  it('signs in through the hosted page and lands on the app', async () => {
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 800, height: 700 } });
    try {
      await signIn(context, 'chromium', true);
    } finally {
      await context.close();
    }
  });

  it('signs in the same way with JavaScript turned off', async () => {
    const context = await browser.newContext({
      locale: 'en-US',
      viewport: { width: 800, height: 700 },
      javaScriptEnabled: false,
    });
    try {
      await signIn(context, 'chromium-no-js', false);
    } finally {
      await context.close();
    }
  });
});
