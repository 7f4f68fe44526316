/**
 * An administrator signs a device in, in a real browser: the device flow's code page (from a
 * verification_uri_complete link), its confirmation, the admin tenant's hosted sign-in, and,
 * because the built-in policy requires MFA of admins and this admin has no second factor yet,
 * a passkey registered at the MFA step (Chromium's virtual authenticator). No page runs an
 * inline script or breaks its CSP.
 *
 * WebAuthn refuses IP addresses as RP IDs, so the public URL is http://localhost:{port}.
 * Run by `npm run test:browser` (vitest.browser.config.ts), not by `npm test`.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeJwt } from 'jose';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cspViolations, launchChromium, recordCspViolations, watchPage } from '../support/chromium.js';
import { freePort, startGatehouse, type TestGatehouse } from '../support/gatehouse.js';

const ADMIN = 'root@example.com';
const PASSWORD = 'Correct-Horse-Battery-Staple-42';
const ARTIFACTS = fileURLToPath(new URL('../../test-results/', import.meta.url));

describe('an administrator signs a device in with Chromium', () => {
  let gh: TestGatehouse;
  let browser: Browser;
  let publicUrl: string;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    const port = await freePort();
    publicUrl = `http://localhost:${port}`;
    [gh, browser] = await Promise.all([
      startGatehouse('sqlite', {
        env: {
          PORT: String(port),
          GATEHOUSE_BASE_URL: publicUrl,
          GATEHOUSE_ADMIN_EMAIL: ADMIN,
          GATEHOUSE_ADMIN_PASSWORD: PASSWORD,
        },
      }),
      launchChromium(),
    ]);
  });

  afterAll(async () => {
    await browser?.close();
    await gh?.stop();
  });

  const post = async (path: string, form: Record<string, string>) => {
    const response = await fetch(`${publicUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form),
    });
    return { status: response.status, body: (await response.json()) as Record<string, string> };
  };

  it('enters the code, confirms, signs in and adds a passkey; the device gets the token', async () => {
    const started = await post('/t/admin/oauth2/devicecode', {
      client_id: 'gatehouse-cli',
      scope: 'openid offline_access',
    });
    expect(started.status).toBe(200);
    const device = started.body as Record<string, string> & { device_code: string; user_code: string };

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

      // The link with the code: the code page, filled in.
      await tab.goto(String(device.verification_uri_complete));
      expect(await tab.getByRole('heading', { level: 1 }).textContent()).toBe('Enter the code');
      expect(await tab.getByLabel('Code', { exact: true }).inputValue()).toBe(device.user_code);
      await tab.screenshot({ path: join(ARTIFACTS, 'device-code.png'), fullPage: true });
      expect(await cspViolations(tab)).toEqual([]);
      await tab.getByRole('button', { name: 'Next' }).click();

      // The confirmation names the app and shows the code.
      await tab.getByRole('heading', { name: 'Are you signing in to Gatehouse CLI?' }).waitFor();
      expect(await tab.getByText(device.user_code, { exact: true }).isVisible()).toBe(true);
      await tab.screenshot({ path: join(ARTIFACTS, 'device-confirm.png'), fullPage: true });
      await tab.getByRole('button', { name: 'Continue' }).click();

      // The admin tenant's sign-in, then the MFA step: nothing to prove yet, so set something up.
      await tab.getByLabel('Email address', { exact: true }).fill(ADMIN);
      await tab.getByLabel('Password', { exact: true }).fill(PASSWORD);
      await tab.getByRole('button', { name: 'Sign in', exact: true }).click();
      await tab.waitForURL(/\/mfa\/setup$/);
      await tab.getByRole('link', { name: 'Add a passkey instead' }).click();
      await tab.waitForURL(/\/mfa\/passkey\/setup$/);
      const create = tab.getByRole('button', { name: 'Create passkey' });
      await create.waitFor({ state: 'visible' });
      await create.click();

      // Back on the device flow's end page.
      await tab.getByRole('heading', { name: 'You are signed in' }).waitFor();
      expect(await tab.getByText('You signed in to Gatehouse CLI on your device.').isVisible()).toBe(true);
      await tab.screenshot({ path: join(ARTIFACTS, 'device-done.png'), fullPage: true });
      expect(await cspViolations(tab)).toEqual([]);
      expect(problems).toEqual([]);
      const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
      expect(credentials).toHaveLength(1);
    } finally {
      await context.close();
    }

    const tokens = await post('/t/admin/oauth2/token', {
      grant_type: 'urn:ietf:params:oauth:grant-type:device_code',
      device_code: device.device_code,
      client_id: 'gatehouse-cli',
    });
    expect(tokens.status, JSON.stringify(tokens.body)).toBe(200);
    expect(decodeJwt(String(tokens.body.id_token))).toMatchObject({
      aud: 'gatehouse-cli',
      amr: ['pwd', 'hwk', 'mfa'],
      acr: 'urn:gatehouse:loa:2',
    });
  });
});
