/**
 * The console's app registrations: an administrator registers a web app through the wizard,
 * adds a secret, opens the Quickstart, and the Express quickstart — taken as text from the
 * page — runs as a real app on the registered redirect URI's port; a customer signs up through
 * it on the tenant's hosted pages and sees the app's signed-in page with their claims. Every
 * page (list, wizard, each tab) is screenshotted at 1280 and 390 px and passes axe.
 * Run by `npm run test:browser`.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SECRET_PLACEHOLDER } from '../../console/src/pages/apps/quickstarts.js';
import { en } from '../../src/http/hosted-ui/locales/en.js';
import { launchChromium } from '../support/chromium.js';
import {
  type ConsoleSession,
  captureAtWidths,
  openConsoleContext,
  signInToConsole,
  startConsoleGatehouse,
} from '../support/console.js';
import { freePort, type TestGatehouse } from '../support/gatehouse.js';
import { type MailSink, startMailSink } from '../support/mail-sink.js';

const TENANT = 'contoso';
const APP_NAME = 'Contoso Shop';
const CUSTOMER = {
  email: 'grace@example.com',
  name: 'Grace Hopper',
  password: 'Correct-Horse-Battery-Staple-42',
};
// Inside the repository, so that node resolves express and openid-client from its node_modules.
const QUICKSTART_DIR = fileURLToPath(new URL('../../test-results/quickstart-express/', import.meta.url));

const TABS: [name: string, segment: string][] = [
  ['Overview', 'overview'],
  ['Authentication', 'authentication'],
  ['Certificates & secrets', 'secrets'],
  ['Expose an API', 'expose-api'],
  ['API permissions', 'api-permissions'],
  ['Token configuration', 'token-configuration'],
  ['Users and roles', 'users-roles'],
  ['Quickstart', 'quickstart'],
];

describe('the admin console: app registrations and the Express quickstart', () => {
  let gh: TestGatehouse;
  let sink: MailSink;
  let browser: Browser;
  let session: ConsoleSession;
  let quickstart: ChildProcess | undefined;
  let appPort: number;
  let secret = '';

  beforeAll(async () => {
    sink = await startMailSink();
    [gh, browser, appPort] = await Promise.all([
      startConsoleGatehouse({ env: { GATEHOUSE_SMTP_URL: sink.url } }),
      launchChromium(),
      freePort(),
    ]);
    const tenant = await gh.api('POST', '/api/v1/tenants', {
      id: TENANT,
      displayName: 'Contoso',
      type: 'customer',
    });
    expect(tenant.status, JSON.stringify(tenant.body)).toBe(201);
    const flow = await gh.api('POST', `/api/v1/tenants/${TENANT}/userFlows`, {
      displayName: 'Sign up and sign in',
      isDefault: true,
      isSignUpAllowed: true,
      signInMethods: ['emailPassword'],
      attributes: [{ attribute: 'displayName', required: true, inputType: 'text' }],
    });
    expect(flow.status, JSON.stringify(flow.body)).toBe(201);
    session = await openConsoleContext(browser);
    await session.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: gh.publicUrl });
  });

  afterAll(async () => {
    quickstart?.kill();
    await session?.context.close();
    await browser?.close();
    await gh?.stop();
    await sink?.close();
  });

  it('registers a web app through the wizard and shows each of its tabs', async () => {
    const { page } = session;
    await signInToConsole(session, gh.publicUrl);
    await page.goto(`${gh.publicUrl}/console/t/${TENANT}/apps`);
    await page.getByRole('heading', { level: 1, name: 'App registrations' }).waitFor();
    await page.getByRole('heading', { name: 'No applications yet' }).waitFor();
    await captureAtWidths(page, 'apps-list-empty');

    await page.getByRole('button', { name: 'New registration' }).click();
    await page.getByRole('heading', { level: 1, name: 'Register an application' }).waitFor();
    await captureAtWidths(page, 'apps-wizard-platform');
    await page.getByRole('radio', { name: /^Web/ }).check();
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByLabel('Name').fill(APP_NAME);
    await page.getByLabel('Redirect URI').fill(`http://localhost:${appPort}/callback`);
    await captureAtWidths(page, 'apps-wizard-details');
    await page.getByRole('button', { name: 'Register' }).click();
    await page.waitForURL(/\/console\/t\/contoso\/apps\/[0-9a-f-]{36}\/overview$/);
    await page.getByRole('heading', { level: 1, name: APP_NAME }).waitFor();
    await page.getByText(`http://localhost:${new URL(gh.publicUrl).port}/t/${TENANT}/oauth2/token`).waitFor();

    for (const [name, segment] of TABS) {
      // By keyboard: the copy buttons' tooltip portals (see the report) catch pointer events.
      await page.getByRole('tab', { name }).focus();
      await page.keyboard.press('Enter');
      await page.waitForURL((url) => url.pathname.endsWith(`/${segment}`));
      await page.getByRole('tabpanel', { name }).waitFor();
      await page.waitForLoadState('networkidle');
      await captureAtWidths(page, `apps-tab-${segment}`);
    }

    await page.goto(`${gh.publicUrl}/console/t/${TENANT}/apps`);
    await page.getByRole('link', { name: APP_NAME }).waitFor();
    await captureAtWidths(page, 'apps-list');
    // A chunk still loading when page.goto leaves the page is aborted, not failed.
    expect(session.problems.filter((problem) => !problem.includes('net::ERR_ABORTED'))).toEqual([]);
  });

  it('adds a secret, shown once, and the Express quickstart signs a new customer up', async () => {
    const { page } = session;
    await page.goto(`${gh.publicUrl}/console/t/${TENANT}/apps`);
    await page.getByRole('link', { name: APP_NAME }).click();
    await page.getByRole('tab', { name: 'Certificates & secrets' }).focus();
    await page.keyboard.press('Enter');
    await page.getByLabel('Description').fill('Quickstart');
    await page.getByRole('button', { name: 'New client secret' }).focus();
    await page.keyboard.press('Enter');
    const value = page.getByRole('textbox', { name: 'Secret value' });
    await value.waitFor();
    secret = await value.inputValue();
    expect(secret.length).toBeGreaterThan(20);
    await page.getByRole('button', { name: 'Copy Secret value' }).focus();
    await page.keyboard.press('Enter');
    expect(await page.evaluate('navigator.clipboard.readText()')).toBe(secret);
    await page.getByRole('table', { name: 'Client secrets' }).getByText('Quickstart').waitFor();
    await captureAtWidths(page, 'apps-secret-created');

    await page.getByRole('tab', { name: 'Quickstart' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('tab', { name: 'Express' }).waitFor();
    const code = page.getByRole('region', { name: 'File app.mjs' });
    let source = (await code.textContent()) ?? '';
    expect(source).toContain(`new URL("${gh.publicUrl}/t/${TENANT}")`);
    expect(source).toContain(`"http://localhost:${appPort}/callback"`);
    // This visit created the secret, so it is filled in; otherwise the placeholder is.
    source = source.replace(SECRET_PLACEHOLDER, secret);
    expect(source).toContain(secret);
    rmSync(QUICKSTART_DIR, { recursive: true, force: true });
    mkdirSync(QUICKSTART_DIR, { recursive: true });
    writeFileSync(join(QUICKSTART_DIR, 'app.mjs'), source);

    const child = spawn(process.execPath, ['app.mjs'], {
      cwd: QUICKSTART_DIR,
      env: { ...process.env, NODE_OPTIONS: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    quickstart = child;
    let output = '';
    child.stderr?.on('data', (chunk) => {
      output += String(chunk);
    });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the quickstart did not start: ${output}`)), 20_000);
      child.stdout?.on('data', (chunk) => {
        output += String(chunk);
        if (output.includes('Listening')) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.on('exit', (status) => reject(new Error(`the quickstart exited (${status}): ${output}`)));
    });

    // A customer, in a browser of their own, signs up through the app.
    const customer = await browser.newContext({ locale: 'en-US' });
    try {
      const tab = await customer.newPage();
      await tab.goto(`http://localhost:${appPort}/`);
      await tab.getByRole('link', { name: 'Sign in' }).click();
      await tab.waitForURL((url) => url.pathname.startsWith(`/t/${TENANT}/u/`));
      await tab.getByRole('link', { name: en['signIn.createAccount'], exact: true }).click();
      await tab.getByLabel(en['signIn.email'], { exact: true }).fill(CUSTOMER.email);
      await tab.getByRole('button', { name: en['signUp.submit'], exact: true }).click();
      await tab.getByLabel(en['code.label'], { exact: true }).fill(await sink.nextCode(CUSTOMER.email));
      await tab.getByRole('button', { name: en['code.submit'], exact: true }).click();
      await tab.getByLabel(en['password.new'], { exact: true }).fill(CUSTOMER.password);
      await tab.getByLabel(en['password.confirm'], { exact: true }).fill(CUSTOMER.password);
      await tab.getByLabel(en['attribute.displayName'], { exact: true }).fill(CUSTOMER.name);
      await tab.getByRole('button', { name: en['signUp.create'], exact: true }).click();
      // A consent page may ask first (the app is the tenant's own).
      await tab.waitForURL((url) => url.port === String(appPort) || url.pathname.includes('/consent'));
      if (!tab.url().startsWith(`http://localhost:${appPort}`)) {
        await tab
          .getByRole('button', { name: /accept|allow|continue/i })
          .first()
          .click();
      }
      await tab.waitForURL(`http://localhost:${appPort}/`);
      await tab.getByRole('heading', { name: `Signed in as ${CUSTOMER.name}` }).waitFor();
      const claims = JSON.parse((await tab.locator('#claims').textContent()) ?? '{}');
      expect(claims).toMatchObject({ iss: `${gh.publicUrl}/t/${TENANT}`, aud: expect.anything() });
      expect(claims.email ?? claims.name).toBeTruthy();
      await tab.screenshot({
        path: fileURLToPath(
          new URL('../../test-results/console/apps-quickstart-signed-in.png', import.meta.url),
        ),
      });
    } catch (error) {
      throw new Error(`${(error as Error).message}\nquickstart output:\n${output}`);
    } finally {
      await customer.close();
    }
  });
});
