import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser as Chromium } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Browser, readForm } from '../support/browser.js';
import { launchChromium } from '../support/chromium.js';
import {
  type ConsoleSession,
  captureAtWidths,
  openConsoleAs,
  openConsoleContext,
  SECURITY_READER,
  signInToConsole,
  startConsoleGatehouse,
} from '../support/console.js';
import type { TestGatehouse } from '../support/gatehouse.js';

const PASSWORD = 'Correct-Horse-Battery-Staple-42';
const PARIS = '203.0.113.7';
const TOR = '192.0.2.66';
const READER = {
  email: 'rita.reader@localhost',
  password: 'Security-Reader-Password-77',
  name: 'Rita Reader',
};
const GEO_OVERRIDES = {
  '203.0.113.0/24': {
    countryOrRegion: 'FR',
    city: 'Paris',
    state: 'Île-de-France',
    latitude: 48.86,
    longitude: 2.35,
  },
};

interface WebApp {
  id: string;
  appId: string;
  callback: string;
}

describe('the admin console: sign-in logs and audit logs', () => {
  let gh: TestGatehouse;
  let chromium: Chromium;
  let session: ConsoleSession;
  let dir: string;
  let car: WebApp;
  let home: WebApp;
  let userId: string;

  /** A customer's browser (JavaScript off, cookies kept) at an address, signing in to an app. */
  async function signIn(app: WebApp, login: string, password: string) {
    const browser = new Browser({
      'x-forwarded-for': PARIS,
      'user-agent':
        'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0.0.0',
    });
    const verifier = randomBytes(32).toString('base64url');
    const url = new URL(`${gh.baseUrl}/t/demo/oauth2/authorize`);
    for (const [key, value] of Object.entries({
      client_id: app.appId,
      redirect_uri: app.callback,
      response_type: 'code',
      scope: 'openid',
      state: randomBytes(8).toString('hex'),
      code_challenge: createHash('sha256').update(verifier).digest('base64url'),
      code_challenge_method: 'S256',
    }))
      url.searchParams.set(key, value);
    const started = await browser.navigate(url, app.callback);
    const form = readForm(started.body, /\/login$/);
    return browser.navigate(new URL(form.action, gh.baseUrl), app.callback, {
      form: { ...form.fields, login, password },
    });
  }

  async function registerWebApp(displayName: string): Promise<WebApp> {
    const callback = `https://${displayName.toLowerCase().replaceAll(' ', '-')}.example/callback`;
    const app = await gh.registerApp('demo', { displayName, web: { redirectUris: [callback] } });
    return { id: app.id, appId: app.appId, callback };
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'console-logs-'));
    const overrides = join(dir, 'geo.json');
    writeFileSync(overrides, JSON.stringify(GEO_OVERRIDES));
    [gh, chromium] = await Promise.all([
      startConsoleGatehouse({
        env: {
          GATEHOUSE_TRUSTED_PROXIES: '127.0.0.1/32,::1/128',
          GATEHOUSE_GEO_OVERRIDES: overrides,
          GATEHOUSE_SIGNIN_ATTEMPTS_PER_IP: '1000',
        },
      }),
      launchChromium(),
    ]);
    car = await registerWebApp('Car insurance');
    home = await registerWebApp('Home insurance');
    const flow = await gh.api('POST', '/api/v1/tenants/demo/userFlows', {
      displayName: 'Insurance customers',
      isSignUpAllowed: true,
      signInMethods: ['emailPassword'],
      attributes: [{ attribute: 'displayName', required: true, inputType: 'text' }],
      applications: [car.appId, home.appId],
    });
    expect(flow.status, JSON.stringify(flow.body)).toBe(201);
    const user = await gh.api('POST', '/api/v1/tenants/demo/users', {
      displayName: 'Casey Jones',
      mail: 'casey@example.com',
      passwordProfile: { password: PASSWORD, forceChangePasswordNextSignIn: false },
    });
    expect(user.status, JSON.stringify(user.body)).toBe(201);
    userId = user.body.id;
    const policy = await gh.api('POST', '/api/v1/tenants/demo/conditionalAccess/policies', {
      displayName: 'Block car insurance',
      state: 'enabled',
      conditions: { users: { includeUsers: ['All'] }, applications: { includeApplications: [car.appId] } },
      grantControls: { operator: 'OR', builtInControls: ['block'] },
    });
    expect(policy.status, JSON.stringify(policy.body)).toBe(201);
    // An audited change: the car insurance app's service principal.
    const sp = await gh.servicePrincipalOf('demo', car.appId);
    const patched = await gh.api('PATCH', `/api/v1/tenants/demo/servicePrincipals/${sp.id}`, {
      appRoleAssignmentRequired: false,
    });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);

    // A success, a wrong password (both in the home insurance app), and a sign-in the policy blocks.
    const ok = await signIn(home, 'casey@example.com', PASSWORD);
    expect(ok.redirectedTo).toMatch(/code=/);
    const wrong = await signIn(home, 'casey@example.com', 'Not-The-Password-1');
    expect(wrong.redirectedTo).toBeUndefined();
    const blocked = await signIn(car, 'casey@example.com', PASSWORD);
    expect(blocked.status).toBe(403);
    // A risky sign-in as Identity Protection would log it, with a report-only policy's result.
    gh.gatehouse.signIns.record({
      tenantId: 'demo',
      userId,
      userPrincipalName: 'casey@example.com',
      userDisplayName: 'Casey Jones',
      appId: home.appId,
      appDisplayName: 'Home insurance',
      ipAddress: TOR,
      location: { city: 'Amsterdam', countryOrRegion: 'NL' },
      deviceDetail: { browser: 'Tor Browser 13.0', operatingSystem: 'Linux' },
      clientAppUsed: 'Browser',
      isInteractive: true,
      correlationId: 'risky-sign-in',
      signInEventTypes: ['interactiveUser'],
      status: { errorCode: 0 },
      authenticationRequirement: 'multiFactorAuthentication',
      authenticationDetails: [
        { authenticationMethod: 'Password', succeeded: true },
        { authenticationMethod: 'Email OTP', succeeded: true, authenticationStepRequirement: 'MFA' },
      ],
      conditionalAccessStatus: 'success',
      appliedConditionalAccessPolicies: [
        {
          id: '00000000-0000-4000-8000-000000000001',
          displayName: 'MFA for risky sign-ins',
          result: 'reportOnlyFailure',
          enforcedGrantControls: ['Mfa'],
          enforcedSessionControls: [],
        },
      ],
      riskLevelDuringSignIn: 'high',
      riskState: 'atRisk',
      riskEventTypes_v2: ['anonymizedIPAddress'],
      riskDetail: 'none',
    });
    await gh.gatehouse.signIns.flush();
    const log = await gh.api('GET', `/api/v1/tenants/demo/auditLogs/signIns?userId=${userId}`);
    expect(log.body.value.map((entry: { status: { errorCode: number } }) => entry.status.errorCode)).toEqual([
      0,
      53003,
      expect.any(Number),
      0,
    ]);

    session = await openConsoleContext(chromium);
    await signInToConsole(session, gh.publicUrl);
  }, 300_000);

  afterEach((context) => {
    if (context.task.result?.state === 'fail') console.log(session?.problems.join('\n'));
  });

  afterAll(async () => {
    await session?.context.close();
    await chromium?.close();
    await gh?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('filters the sign-in logs, shows the blocked sign-in’s policy and steps, and downloads CSV', async () => {
    const { page } = session;
    await page.goto(`${gh.publicUrl}/console/t/demo/sign-in-logs`);
    await page.getByRole('heading', { level: 1, name: 'Sign-in logs' }).waitFor();
    const table = page.getByRole('table', { name: 'Sign-ins' });
    await table.waitFor();
    // The four sign-ins of the customer (the admin's own sign-in is in the admin tenant).
    await expect.poll(() => table.locator('tbody tr').count()).toBe(4);
    await captureAtWidths(page, 'sign-in-logs');

    // Filter: the user (picked by searching), then failures only.
    const filters = page.getByRole('search', { name: 'Sign-in filters' });
    await filters.getByRole('combobox', { name: 'User' }).fill('casey');
    await page.getByRole('option', { name: 'Casey Jones (casey@example.com)' }).click();
    await filters.getByRole('combobox', { name: 'Status' }).selectOption('failure');
    await expect.poll(() => table.locator('tbody tr').count()).toBe(2);
    await page.getByText('2 sign-ins match the filters').waitFor();
    const rows = table.locator('tbody tr');
    expect(await rows.nth(0).textContent()).toContain('Car insurance');
    expect(await rows.nth(0).textContent()).toContain('Error 53003');
    expect(await rows.nth(1).textContent()).toContain('Home insurance');

    // The blocked sign-in: its basic info, the policy on the Conditional Access tab, the steps.
    await rows.nth(0).getByRole('button').click();
    const pane = page.getByRole('dialog', { name: 'Activity details: sign-in' });
    await pane.waitFor();
    await pane.getByText('casey@example.com').first().waitFor();
    await pane.getByText('53003', { exact: true }).waitFor();
    await captureAtWidths(page, 'sign-in-details');
    await pane.getByRole('tab', { name: 'Location' }).click();
    await pane.getByText('Paris', { exact: true }).waitFor();
    await pane.getByText('48.86, 2.35').waitFor();
    await pane.getByRole('tab', { name: 'Conditional Access' }).click();
    const policies = pane.getByRole('table', { name: 'Conditional Access policies' });
    const blockRow = policies.getByRole('row', { name: /Block car insurance/ });
    await blockRow.waitFor();
    expect(await blockRow.textContent()).toContain('Failure');
    expect(await blockRow.textContent()).toContain('Block');
    await captureAtWidths(page, 'sign-in-details-ca');
    await pane.getByRole('tab', { name: 'Authentication details' }).click();
    const steps = pane.getByRole('table', { name: 'Authentication steps' });
    await steps.waitFor();
    expect(await steps.locator('tbody tr').count()).toBeGreaterThan(0);
    expect(await steps.textContent()).toContain('Password');
    await pane.getByRole('tab', { name: 'Risk' }).click();
    await pane.getByText('Risk level during sign-in').waitFor();
    await pane.getByRole('button', { name: 'Close' }).click();
    await pane.waitFor({ state: 'hidden' });

    // Conditional Access = failure: the blocked sign-in only.
    await filters.getByRole('combobox', { name: 'Conditional Access' }).selectOption('failure');
    await expect.poll(() => table.locator('tbody tr').count()).toBe(1);
    expect(await table.locator('tbody tr').first().textContent()).toContain('Car insurance');

    // Download what is filtered, as CSV.
    await page.getByRole('button', { name: 'Download' }).click();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('menuitem', { name: 'CSV', exact: true }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^sign-ins-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = readFileSync(await download.path(), 'utf8')
      .trim()
      .split('\r\n');
    expect(csv[0]).toContain('Date,Request id,User,Sign-in identifier');
    expect(csv).toHaveLength(2);
    expect(csv[1]).toContain('Casey Jones');
    expect(csv[1]).toContain('Car insurance');
    expect(csv[1]).toContain('53003');
    expect(csv[1]).toContain(PARIS);

    // Nothing matches: the empty state clears the filters.
    await filters.getByRole('textbox', { name: 'IP address' }).fill('198.51.100.1');
    await page.getByRole('heading', { name: 'No sign-ins match these filters' }).waitFor();
    await captureAtWidths(page, 'sign-in-logs-empty');
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect.poll(() => table.locator('tbody tr').count()).toBe(4);
    expect(await filters.getByRole('textbox', { name: 'IP address' }).inputValue()).toBe('');

    // Risk level = high: the risky sign-in, its risk and the report-only policy.
    await filters.getByRole('combobox', { name: 'Risk level' }).selectOption('high');
    await expect.poll(() => table.locator('tbody tr').count()).toBe(1);
    await table.locator('tbody tr').first().getByRole('button').click();
    await pane.getByRole('tab', { name: 'Risk' }).click();
    await pane.getByText('Anonymous IP address').waitFor();
    await pane.getByText('High', { exact: true }).waitFor();
    await pane.getByText('At risk', { exact: true }).waitFor();
    await pane.getByRole('tab', { name: 'Conditional Access' }).click();
    await policies
      .getByRole('row', { name: /MFA for risky sign-ins/ })
      .getByText('Report-only: failure')
      .waitFor();
    await pane.getByRole('tab', { name: 'Authentication details' }).click();
    expect(await steps.locator('tbody tr').count()).toBe(2);
    await captureAtWidths(page, 'sign-in-details-steps');
    await pane.getByRole('button', { name: 'Close' }).click();
    await pane.waitFor({ state: 'hidden' });
  });

  it('filters the audit logs by category and shows an entry’s initiator and targets', async () => {
    const { page } = session;
    await page
      .getByRole('navigation', { name: 'Main navigation' })
      .getByRole('link', { name: 'Audit logs' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Audit logs' }).waitFor();
    const filters = page.getByRole('search', { name: 'Audit log filters' });
    await filters.getByRole('combobox', { name: 'Category' }).selectOption('ApplicationManagement');
    const table = page.getByRole('table', { name: 'Audit log entries' });
    await table.getByText('Update service principal').first().waitFor();
    const rows = table.locator('tbody tr');
    // Once the filtered page replaces the first one (the trail holds policy changes too).
    await expect
      .poll(async () =>
        (await rows.allTextContents()).every((text) => text.includes('Application management')),
      )
      .toBe(true);
    await captureAtWidths(page, 'audit-logs');

    // The target filter narrows to the car insurance app.
    await filters.getByRole('textbox', { name: 'Target' }).fill('Car insurance');
    await expect.poll(() => rows.count()).toBeGreaterThan(0);
    await expect
      .poll(async () => (await rows.allTextContents()).every((text) => text.includes('Car insurance')))
      .toBe(true);

    const entry = rows.filter({ hasText: 'Update service principal' }).first();
    await entry.getByRole('button').click();
    const pane = page.getByRole('dialog', { name: 'Update service principal' });
    await pane.waitFor();
    await pane.getByRole('heading', { name: 'ServicePrincipal: Car insurance' }).waitFor();
    await pane
      .getByRole('region', { name: 'Initiated by' })
      .getByText('Application', { exact: true })
      .waitFor();
    await pane.getByText('Success', { exact: true }).waitFor();
    await captureAtWidths(page, 'audit-log-details');
    await pane.getByRole('button', { name: 'Close' }).click();
    await pane.waitFor({ state: 'hidden' });

    // The policy's creation: every property it was created with, as new values.
    await filters.getByRole('textbox', { name: 'Target' }).fill('');
    await filters.getByRole('combobox', { name: 'Category' }).selectOption('Policy');
    const added = rows.filter({ hasText: 'Add conditional access policy' }).first();
    await added.waitFor();
    await added.getByRole('button').click();
    const policyPane = page.getByRole('dialog', { name: 'Add conditional access policy' });
    const changes = policyPane.getByRole('table', { name: /Block car insurance/ });
    await changes.waitFor();
    const changed = await changes.locator('tbody tr').allTextContents();
    expect(changed.some((row) => row.includes('grantControls') && row.includes('block'))).toBe(true);
    expect(changed.some((row) => row.includes('state') && row.includes('enabled'))).toBe(true);
    await captureAtWidths(page, 'audit-log-policy-added');
    await policyPane.getByRole('button', { name: 'Close' }).click();
  });

  it('shows a Security Reader both logs with no action but the download', async () => {
    const reader = await openConsoleAs(gh, chromium, READER, SECURITY_READER);
    try {
      const { page } = reader;
      // The page's commands: buttons with words outside the list (rows open with their first cell).
      const commands = async () =>
        (await page.locator('main button:not(table button)').allTextContents())
          .map((text) => text.trim())
          .filter(Boolean);
      await page.goto(`${gh.publicUrl}/console/t/demo/sign-in-logs`);
      await page.getByRole('table', { name: 'Sign-ins' }).getByText('Car insurance').first().waitFor();
      expect(await commands()).toEqual(['Download']);
      await page.goto(`${gh.publicUrl}/console/t/demo/audit-logs`);
      await page
        .getByRole('table', { name: 'Audit log entries' })
        .getByText('Update service principal')
        .waitFor();
      expect(await commands()).toEqual([]);
    } finally {
      await reader.context.close();
    }
  });
});
