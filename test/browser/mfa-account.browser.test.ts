/**
 * An authenticator app in a real browser, on the real clock: a user with no second factor is
 * made to set one up at the MFA step (the test reads the key off the page and computes the code
 * as the app would), signs in again with the next code, then walks the account pages in the
 * same browser, signed in there by the tenant's session.
 *
 * Run by `npm run test:browser` (vitest.browser.config.ts), not by `npm test`.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
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
import { totpCode } from '../support/totp.js';

const APP_NAME = 'Contoso Bank';
// A username and no email address: nothing to send a code to, so the MFA step must set up an app.
const USER = { displayName: 'Katherine Johnson', userName: 'katherine.j' };
const PASSWORD = 'Correct-Horse-Battery-Staple-42';
const MFA = 'urn:gatehouse:loa:2';
const STEP_MS = 30_000;
const ARTIFACTS = fileURLToPath(new URL('../../test-results/', import.meta.url));

/**
 * The code an authenticator app shows now, from a time step later than `after` (a code is
 * accepted once). Waits, on the real clock, for such a step — never more than 31 s — and skips
 * the last two seconds of a step so the code is still current when the server reads it.
 */
async function nextCode(secret: string, after = -1): Promise<{ code: string; step: number }> {
  const deadline = Date.now() + 31_000;
  for (;;) {
    const now = Date.now();
    const step = Math.floor(now / STEP_MS);
    if (step > after && STEP_MS - (now % STEP_MS) > 2_000)
      return { code: totpCode(secret, new Date(now)), step };
    if (now > deadline) throw new Error('no fresh time step within 31 s');
    await sleep(250);
  }
}

describe('authenticator app and account pages with Chromium', () => {
  let gh: TestGatehouse;
  let browser: Browser;
  const app = new TestApp(APP_NAME);
  let userId: string;
  let secret: string;
  let enrolledStep: number;
  let signedIn: BrowserContext | undefined;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    [gh, browser] = await Promise.all([startGatehouse('sqlite'), launchChromium(), app.listen()]);
    const registered = await gh.api('POST', '/api/v1/tenants/demo/applications', {
      displayName: APP_NAME,
      web: { redirectUris: [app.callback] },
    });
    expect(registered.status).toBe(201);
    const appSecret = await gh.api(
      'POST',
      `/api/v1/tenants/demo/applications/${registered.body.id}/addPassword`,
      {},
    );
    app.rp = await relyingParty(
      gh.baseUrl,
      'demo',
      registered.body.appId,
      client.ClientSecretBasic(appSecret.body.secretText),
    );
    const user = await gh.api('POST', '/api/v1/tenants/demo/users', {
      displayName: USER.displayName,
      identities: [{ signInType: 'userName', issuerAssignedId: USER.userName }],
      passwordProfile: { password: PASSWORD },
    });
    expect(user.status).toBe(201);
    expect(user.body.mail ?? null).toBeNull();
    userId = user.body.id;
  });

  afterAll(async () => {
    await signedIn?.close();
    await browser?.close();
    await app.close();
    await gh?.stop();
  });

  const newContext = () => browser.newContext({ locale: 'en-US', viewport: { width: 800, height: 900 } });
  const shot = (tab: Page, name: string) => tab.screenshot({ path: join(ARTIFACTS, name), fullPage: true });

  async function watched(context: BrowserContext) {
    const tab = await context.newPage();
    const problems = watchPage(tab);
    await recordCspViolations(tab);
    return { tab, problems };
  }

  /** The app's authorization request with acr_values=loa:2, and the password on the sign-in page. */
  async function passwordStep(tab: Page) {
    const request = await app.authorizationUrl({ acr_values: MFA });
    await tab.goto(request.url.href);
    await tab.getByLabel('Email address', { exact: true }).fill(USER.userName);
    await tab.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await tab.getByRole('button', { name: 'Sign in', exact: true }).click();
    return request.state;
  }

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

  it('makes a user with no second factor set up an authenticator app, shows 10 recovery codes, then signs in', async () => {
    const context = await newContext();
    try {
      const { tab, problems } = await watched(context);
      const state = await passwordStep(tab);
      await tab.waitForURL(/\/mfa\/setup$/);
      expect(await tab.getByRole('heading', { level: 1 }).textContent()).toBe(
        'Protect your account with an authenticator app',
      );
      const qr = tab.getByRole('img', { name: 'QR code to add your account to an authenticator app' });
      // The QR code is an image the browser could decode.
      const qrWidth = await qr.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth);
      expect(qrWidth).toBeGreaterThan(0);
      const manual = await tab.getByText(/Enter this key in the app:/).textContent();
      secret = /Enter this key in the app: ([A-Z2-7]+)/.exec(manual ?? '')?.[1] as string;
      expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
      await shot(tab, 'mfa-setup.png');

      const { code, step } = await nextCode(secret);
      enrolledStep = step;
      await tab.getByLabel('Code', { exact: true }).fill(code);
      await tab.getByRole('button', { name: 'Turn on' }).click();
      await tab.waitForURL(/\/mfa\/setup$/);
      expect(await tab.getByRole('heading', { level: 1 }).textContent()).toBe('Save your recovery codes');
      const codes = await tab.locator('ul.recovery-codes li code').allTextContents();
      expect(codes).toHaveLength(10);
      expect(new Set(codes).size).toBe(10);
      await shot(tab, 'mfa-recovery-codes.png');
      expect(await cspViolations(tab)).toEqual([]);

      await landOnApp(tab, () => tab.getByRole('button', { name: 'I have saved them, continue' }).click());
      await shot(tab, 'mfa-setup-signed-in.png');
      expect(app.signIns.get(state)?.claims).toMatchObject({ sub: userId, acr: MFA });
      expect(app.signIns.get(state)?.claims.amr).toContain('mfa');
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('signs in again in a new browser with the next code from the app', async () => {
    expect(secret).toBeTruthy();
    signedIn = await newContext();
    const { tab, problems } = await watched(signedIn);
    const state = await passwordStep(tab);
    await tab.waitForURL(/\/mfa$/);
    expect(await tab.getByRole('heading', { level: 1 }).textContent()).toBe('Verify it is you');
    await shot(tab, 'mfa-choice.png');
    await tab.getByRole('link', { name: 'Use a code from your authenticator app' }).click();
    await tab.waitForURL(/\/mfa\/totp$/);
    expect(await tab.getByRole('heading', { level: 1 }).textContent()).toBe(
      'Enter the code from your authenticator app',
    );
    // The code of the enrollment's time step was spent: wait for the app to show the next one.
    const { code } = await nextCode(secret, enrolledStep);
    await tab.getByLabel('Code', { exact: true }).fill(code);
    await shot(tab, 'mfa-totp.png');
    expect(await cspViolations(tab)).toEqual([]);
    await landOnApp(tab, () => tab.getByRole('button', { name: 'Verify' }).click());
    await shot(tab, 'mfa-totp-signed-in.png');
    expect(app.signIns.get(state)?.claims).toMatchObject({ sub: userId, acr: MFA });
    expect(app.signIns.get(state)?.claims.amr).toEqual(expect.arrayContaining(['pwd', 'otp', 'mfa']));
    expect(problems).toEqual([]);
    await tab.close();
  });

  it('opens the account pages with the tenant session and shows every page of the navigation', async () => {
    if (!signedIn) throw new Error('the previous test did not sign in');
    const { tab, problems } = await watched(signedIn);
    const account = `${gh.baseUrl}/t/demo/account`;
    // No sign-in page: the tenant's session signs the account pages in.
    await tab.goto(account);
    await tab.waitForURL(account, { waitUntil: 'load' });
    expect(await tab.getByLabel('Password', { exact: true }).count()).toBe(0);
    await gh.gatehouse.signIns.flush();

    const nav = tab.getByRole('navigation', { name: 'Account pages' });
    const links = await nav
      .getByRole('link')
      .evaluateAll((anchors) =>
        anchors.map((a) => ({ name: a.textContent ?? '', href: a.getAttribute('href') })),
      );
    expect(links.map((l) => l.name)).toEqual(
      expect.arrayContaining(['Profile', 'Password', 'Security info', 'Devices', 'Recent activity']),
    );

    for (const { name, href } of links) {
      const target = new URL(href as string, gh.baseUrl).href;
      const [response] = await Promise.all([
        tab.waitForResponse((r) => r.request().isNavigationRequest() && r.url() === target),
        tab.waitForURL(target, { waitUntil: 'load' }),
        nav.getByRole('link', { name, exact: true }).click(),
      ]);
      expect(response.status(), `${name}: ${await tab.locator('body').textContent()}`).toBe(200);
      const current = nav.getByRole('link', { name, exact: true });
      expect(await current.getAttribute('aria-current'), name).toBe('page');
      expect(await tab.getByRole('heading', { level: 1 }).count(), name).toBe(1);
      const file = name.toLowerCase().replaceAll(/[^a-z]+/g, '-');
      await shot(tab, `account-${file}.png`);
      expect(await cspViolations(tab), name).toEqual([]);

      if (name === 'Profile')
        expect(await tab.getByLabel('Display name').inputValue()).toBe(USER.displayName);
      if (name === 'Password') expect(await tab.getByLabel('Current password').count()).toBe(1);
      if (name === 'Security info') {
        const totp = tab.locator('li.method[data-method="totp"]');
        expect(await totp.count()).toBe(1);
        expect(await totp.getByRole('heading').textContent()).toBe('Authenticator app');
        const codes = tab.locator('li.method[data-method="recoveryCodes"]');
        expect(await codes.getByText('Unused codes: 10').count()).toBe(1);
      }
      if (name === 'Devices') {
        const sessions = tab.locator('li.session');
        expect(await sessions.count()).toBeGreaterThanOrEqual(1);
        expect(await sessions.getByText('This browser', { exact: true }).count()).toBe(1);
      }
      if (name === 'Recent activity')
        expect(await tab.getByText('Succeeded').count()).toBeGreaterThanOrEqual(1);
    }
    expect(problems).toEqual([]);
  });
});
