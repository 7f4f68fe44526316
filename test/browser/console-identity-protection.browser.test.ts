/**
 * The console's Identity Protection, the seed walk-through: users sign in to an app through a Tor
 * exit (an address on the tenant's anonymizer and malicious lists, placed in Amsterdam by a geo
 * override), and a Conditional Access policy blocks Mallory's high-risk sign-in; an admin filters
 * the risky users, opens Mallory, sees the detections, confirms the user compromised and
 * dismisses the risk, the Risk history shows both, and the sign-in logs show the blocked sign-in
 * with the policy that blocked it. Also: a detection's location and the
 * other risks of its sign-in, a bulk action on two users, the CSV download, risky sign-ins,
 * uploading and clearing a threat list, and a Security Reader seeing it all without actions.
 */

import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Browser as HttpBrowser, readForm } from '../support/browser.js';
import { launchChromium } from '../support/chromium.js';
import {
  type ConsoleSession,
  captureAtWidths,
  expectAccessible,
  openConsoleAs,
  openConsoleContext,
  SECURITY_READER,
  signInToConsole,
  startConsoleGatehouse,
} from '../support/console.js';
import type { TestGatehouse } from '../support/gatehouse.js';

const TENANT = 'demo';
const PASSWORD = 'Correct-Horse-Battery-Staple-42';
/** A Tor exit: on the anonymizer list (medium) and the malicious list (high). */
const TOR_EXIT = '192.0.2.44';
/** A VPN of the same range: on the anonymizer list only (medium). */
const VPN = '192.0.2.80';
const GEO_OVERRIDES = {
  '192.0.2.0/24': {
    countryOrRegion: 'NL',
    city: 'Amsterdam',
    state: 'North Holland',
    latitude: 52.37,
    longitude: 4.9,
    asn: 60068,
  },
};
const READER = { email: 'sam.reader@localhost', password: 'Security-Reader-Password-58', name: 'Sam Reader' };
const ACTION_BUTTON = /^(confirm|dismiss|reset|block|upload|clear)\b/i;

describe('the admin console: Identity Protection', () => {
  let gh: TestGatehouse;
  let browser: Browser;
  let session: ConsoleSession;
  let api: TestGatehouse['api'];
  let dir: string;
  const users: Record<'mallory' | 'trent' | 'victor', string> = { mallory: '', trent: '', victor: '' };
  const ip = `/api/v1/tenants/${TENANT}/identityProtection`;

  /** A browser without JavaScript signing in to the shop from `address` (X-Forwarded-For). */
  async function signInFrom(address: string, login: string, app: { appId: string; callback: string }) {
    const base = new URL(gh.baseUrl);
    // The server's redirects name the public address (localhost); the requests go to its loopback.
    const http = new HttpBrowser({ 'x-forwarded-for': address }, (url) => {
      const routed = new URL(url);
      if (routed.hostname === 'localhost') routed.host = base.host;
      return routed;
    });
    const verifier = randomBytes(32).toString('base64url');
    const authorize = new URL(`${gh.publicUrl}/t/${TENANT}/oauth2/authorize`);
    authorize.search = new URLSearchParams({
      client_id: app.appId,
      response_type: 'code',
      redirect_uri: app.callback,
      scope: 'openid',
      state: randomBytes(8).toString('hex'),
      code_challenge: createHash('sha256').update(verifier).digest('base64url'),
      code_challenge_method: 'S256',
      prompt: 'login',
    }).toString();
    const page = await http.navigate(authorize, app.callback);
    const form = readForm(page.body, /\/login$/);
    return http.navigate(new URL(form.action, page.url), app.callback, {
      form: { ...form.fields, login, password: PASSWORD },
    });
  }

  async function createUser(name: string): Promise<string> {
    const created = await api('POST', `/api/v1/tenants/${TENANT}/users`, {
      displayName: name,
      mail: `${name.toLowerCase()}@example.com`,
      passwordProfile: { password: PASSWORD, forceChangePasswordNextSignIn: false },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return created.body.id as string;
  }

  const riskOf = async (userId: string) => (await api('GET', `${ip}/riskyUsers/${userId}`)).body;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gatehouse-console-ip-'));
    const overrides = join(dir, 'geo.json');
    await writeFile(overrides, JSON.stringify(GEO_OVERRIDES));
    [gh, browser] = await Promise.all([
      startConsoleGatehouse({
        env: {
          GATEHOUSE_TRUSTED_PROXIES: '127.0.0.1/32,::1/128',
          GATEHOUSE_GEO_OVERRIDES: overrides,
          GATEHOUSE_SIGNIN_ATTEMPTS_PER_IP: '1000',
        },
      }),
      launchChromium(),
    ]);
    api = (method: string, path: string, body?: unknown, token?: string | null) =>
      gh.api(method, path, body, token);

    // The tenant's threat lists: the range is an anonymizer, the Tor exit also malicious.
    for (const [category, entries] of [
      ['anonymizer', ['192.0.2.0/24']],
      ['malicious', [`${TOR_EXIT}/32`]],
    ] as const) {
      const put = await api('PUT', `${ip}/threatLists/${category}`, {
        displayName: `Test ${category}`,
        entries,
      });
      expect(put.status, JSON.stringify(put.body)).toBe(200);
    }
    const callback = 'https://shop.example/callback';
    const app = {
      ...(await gh.registerApp(TENANT, { displayName: 'Shop', web: { redirectUris: [callback] } })),
      callback,
    };
    const flow = await api('POST', `/api/v1/tenants/${TENANT}/userFlows`, {
      displayName: 'Shop customers',
      isSignUpAllowed: true,
      signInMethods: ['emailPassword'],
      attributes: [{ attribute: 'displayName', required: true, inputType: 'text' }],
      applications: [app.appId],
    });
    expect(flow.status, JSON.stringify(flow.body)).toBe(201);

    users.mallory = await createUser('Mallory');
    users.trent = await createUser('Trent');
    users.victor = await createUser('Victor');
    // The seed's policy: a high-risk sign-in of Mallory's is blocked (the risk is raised first).
    const policy = await api('POST', `/api/v1/tenants/${TENANT}/conditionalAccess/policies`, {
      displayName: 'Block high-risk sign-ins',
      state: 'enabled',
      conditions: {
        users: { includeUsers: [users.mallory] },
        applications: { includeApplications: ['All'] },
        signInRiskLevels: ['high'],
      },
      grantControls: { operator: 'OR', builtInControls: ['block'] },
    });
    expect(policy.status, JSON.stringify(policy.body)).toBe(201);
    await signInFrom(TOR_EXIT, 'mallory@example.com', app);
    await signInFrom(TOR_EXIT, 'trent@example.com', app);
    await signInFrom(VPN, 'victor@example.com', app);
    await gh.gatehouse.signIns.flush();
    const blocked = await api('GET', `/api/v1/tenants/${TENANT}/auditLogs/signIns?userId=${users.mallory}`);
    expect(blocked.body.value.map((s: { status: { errorCode: number } }) => s.status.errorCode)).toEqual([
      53003,
    ]);
    for (const [id, level] of [
      [users.mallory, 'high'],
      [users.trent, 'high'],
      [users.victor, 'medium'],
    ] as const) {
      const risk = await riskOf(id);
      expect(risk.riskLevel, JSON.stringify(risk)).toBe(level);
    }

    session = await openConsoleContext(browser);
    await signInToConsole(session, gh.publicUrl);
  }, 120_000);

  afterEach((context) => {
    if (context.task.result?.state === 'fail') console.log(session?.problems.join('\n'));
  });

  afterAll(async () => {
    await session?.context.close();
    await browser?.close();
    await gh?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const drawer = (page: Page) => page.getByRole('dialog').first();

  it('filters risky users, downloads the CSV, confirms a user compromised, dismisses, and shows the history', async () => {
    const { page } = session;
    await page.goto(`${gh.publicUrl}/console/t/${TENANT}/identity-protection`);
    await page.waitForURL(/\/identity-protection\/risky-users$/);
    await page.getByRole('heading', { level: 1, name: 'Identity Protection' }).waitFor();
    const table = page.getByRole('table', { name: 'Risky users' });
    await table.getByRole('button', { name: 'Victor' }).waitFor();
    expect(await table.locator('tbody tr').count()).toBe(3);
    await page.getByText('3 risky users').waitFor();
    await captureAtWidths(page, 'identity-protection-risky-users');

    // Filter: High only (Victor's VPN sign-in is medium).
    await page.getByRole('combobox', { name: 'Risk level' }).click();
    await page.getByRole('option', { name: 'High' }).click();
    await expect.poll(() => table.locator('tbody tr').count()).toBe(2);
    expect(await table.getByRole('button', { name: 'Victor' }).count()).toBe(0);
    expect(new URL(page.url()).searchParams.get('riskLevel')).toBe('high');

    // Download the filtered list as CSV: the API's export, saved by the browser.
    const downloading = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download the filtered list' }).click();
    await page.getByRole('menuitem', { name: 'CSV' }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe('riskyUsers.csv');
    const csv = await readFile((await download.path()) as string, 'utf8');
    const lines = csv.trim().split(/\r\n/);
    expect(lines[0]).toMatch(/^id,userPrincipalName,userDisplayName,riskLevel,riskState/);
    expect(lines).toHaveLength(3);
    const mallory = lines.find((line) => line.startsWith(`${users.mallory},`));
    expect(mallory).toMatch(/,Mallory,high,atRisk,/);
    expect(csv).not.toContain('Victor');

    // Open Mallory: basic info, the two detections of the Tor sign-in.
    await table.getByRole('button', { name: 'Mallory' }).click();
    const pane = drawer(page);
    await pane.getByRole('heading', { name: 'Mallory' }).waitFor();
    await pane.getByText('At risk').first().waitFor();
    const detections = pane.getByRole('table', { name: 'Risk detections' });
    await detections.getByText('Anonymous IP address').waitFor();
    await detections.getByText('Malicious IP address').waitFor();
    expect(await detections.getByText('Amsterdam, North Holland, NL').count()).toBe(2);
    expect(await pane.getByRole('link', { name: 'Open the user’s page' }).getAttribute('href')).toBe(
      `/console/t/${TENANT}/users/${users.mallory}`,
    );
    await pane.getByRole('tab', { name: 'Risky sign-ins' }).click();
    await pane.getByRole('table', { name: 'Risky sign-ins' }).getByText(TOR_EXIT).waitFor();
    await captureAtWidths(page, 'identity-protection-risky-user');

    // Confirm compromised, from the pane's commands.
    await pane.getByRole('button', { name: 'Confirm user compromised' }).click();
    const confirm = page.getByRole('dialog', { name: 'Confirm Mallory compromised?' });
    await confirm.getByRole('button', { name: 'Confirm user compromised' }).click();
    await confirm.waitFor({ state: 'detached' });
    await pane.getByText('Confirmed compromised').first().waitFor();
    expect(await riskOf(users.mallory)).toMatchObject({
      riskLevel: 'high',
      riskState: 'confirmedCompromised',
    });

    // Then dismiss.
    await pane.getByRole('button', { name: 'Dismiss user risk' }).click();
    const dismiss = page.getByRole('dialog', { name: 'Dismiss the risk of Mallory?' });
    await dismiss.getByRole('button', { name: 'Dismiss user risk' }).click();
    await dismiss.waitFor({ state: 'detached' });
    await pane.getByText('Dismissed').first().waitFor();
    expect(await riskOf(users.mallory)).toMatchObject({ riskLevel: 'none', riskState: 'dismissed' });

    // The history has both, newest first, by this admin.
    await pane.getByRole('tab', { name: 'Risk history' }).click();
    const history = pane.getByRole('table', { name: 'Risk history' });
    await history.getByText('Admin dismissed all risk for the user').waitFor();
    await history.getByText('Admin confirmed the user compromised').waitFor();
    const activities = await history.locator('tbody tr td:first-child').allTextContents();
    expect(activities.indexOf('Admin dismissed all risk for the user')).toBeLessThan(
      activities.indexOf('Admin confirmed the user compromised'),
    );
    expect(await history.getByText('You').count()).toBeGreaterThanOrEqual(2);
    await captureAtWidths(page, 'identity-protection-risky-user-history');
    await pane.getByRole('button', { name: 'Close' }).click();
    await pane.waitFor({ state: 'detached' });

    // Mallory's blocked sign-in in the sign-in logs, with the policy that blocked it.
    await page.getByRole('link', { name: 'Sign-in logs' }).click();
    await page.getByRole('heading', { level: 1, name: 'Sign-in logs' }).waitFor();
    const filters = page.getByRole('search', { name: 'Sign-in filters' });
    await filters.getByRole('combobox', { name: 'User' }).fill('mallory');
    await page.getByRole('option', { name: 'Mallory (mallory@example.com)' }).click();
    await filters.getByRole('combobox', { name: 'Status' }).selectOption('failure');
    const signIns = page.getByRole('table', { name: 'Sign-ins' });
    await expect.poll(() => signIns.locator('tbody tr').count()).toBe(1);
    expect(await signIns.locator('tbody tr').textContent()).toContain('Error 53003');
    await signIns.locator('tbody tr').getByRole('button').click();
    const details = page.getByRole('dialog', { name: 'Activity details: sign-in' });
    await details.getByRole('tab', { name: 'Conditional Access' }).click();
    const blockRow = details
      .getByRole('table', { name: 'Conditional Access policies' })
      .getByRole('row', { name: /Block high-risk sign-ins/ });
    await blockRow.waitFor();
    expect(await blockRow.textContent()).toContain('Failure');
    await details.getByRole('tab', { name: 'Risk' }).click();
    await details.getByText('Risk level during sign-in').waitFor();
    await captureAtWidths(page, 'walkthrough-blocked-sign-in');
    await details.getByRole('button', { name: 'Close' }).click();
  });

  it('confirms two selected users compromised at once', async () => {
    const { page } = session;
    await page.goto(`${gh.publicUrl}/console/t/${TENANT}/identity-protection/risky-users`);
    const table = page.getByRole('table', { name: 'Risky users' });
    await table.getByRole('button', { name: 'Trent' }).waitFor();
    await table.getByRole('checkbox', { name: 'Select Trent' }).click();
    await table.getByRole('checkbox', { name: 'Select Victor' }).click();
    await page.getByText('2 selected').waitFor();
    const commands = page.getByRole('group', { name: 'Actions on the selected users' });
    // One user's actions wait for exactly one.
    expect(await commands.getByRole('button', { name: 'Reset password' }).isDisabled()).toBe(true);
    await commands.getByRole('button', { name: 'Confirm user compromised' }).click();
    const confirm = page.getByRole('dialog', { name: 'Confirm 2 users compromised?' });
    await confirm.getByRole('button', { name: 'Confirm user compromised' }).click();
    await confirm.waitFor({ state: 'detached' });
    await page.getByText('Users confirmed compromised: 2.').waitFor();
    for (const id of [users.trent, users.victor])
      expect(await riskOf(id)).toMatchObject({ riskLevel: 'high', riskState: 'confirmedCompromised' });
    await expect.poll(() => table.getByText('Confirmed compromised').count()).toBe(2);
  });

  it('shows a detection with its location and the other risks of the same sign-in', async () => {
    const { page } = session;
    await page.getByRole('tab', { name: 'Risk detections' }).click();
    await page.waitForURL(/\/risk-detections$/);
    const table = page.getByRole('table', { name: 'Risk detections' });
    await table.getByText('Malicious IP address').first().waitFor();
    await captureAtWidths(page, 'identity-protection-detections');

    // Filter by user.
    await page.getByRole('textbox', { name: 'User object id' }).fill(users.mallory);
    await expect
      .poll(async () =>
        (await table.locator('tbody tr').allTextContents()).every((row) => row.includes('Mallory')),
      )
      .toBe(true);
    const row = table.getByRole('row').filter({ hasText: 'Malicious IP address' });
    await row.getByRole('button').click();
    const pane = drawer(page);
    await pane.getByRole('heading', { name: 'Malicious IP address' }).waitFor();
    const location = pane.getByRole('region', { name: 'Location' });
    await location.getByText('Amsterdam').waitFor();
    await location.getByText('52.37, 4.9').waitFor();
    const map = location.getByRole('link', { name: 'Open in OpenStreetMap' });
    expect(await map.getAttribute('href')).toContain('mlat=52.37&mlon=4.9');
    const same = pane.getByRole('table', { name: 'Other risks of the same sign-in' });
    await same.getByText('Anonymous IP address').waitFor();
    expect(await same.locator('tbody tr').count()).toBe(1);
    await captureAtWidths(page, 'identity-protection-detection');
    await pane.getByRole('button', { name: 'Close' }).click();
  });

  it('lists risky sign-ins and confirms one safe', async () => {
    const { page } = session;
    await page.getByRole('tab', { name: 'Risky sign-ins' }).click();
    const table = page.getByRole('table', { name: 'Risky sign-ins' });
    await table.getByText(VPN).waitFor();
    expect(await table.locator('tbody tr').count()).toBe(3);
    await captureAtWidths(page, 'identity-protection-risky-sign-ins');
    const victor = table.getByRole('row').filter({ hasText: 'Victor' });
    await victor.getByRole('checkbox').click();
    await page.getByRole('button', { name: 'Confirm sign-in safe' }).click();
    const confirm = page.getByRole('dialog', { name: /Confirm the selected sign-ins safe/ });
    await confirm.getByRole('button', { name: 'Confirm sign-in safe' }).click();
    await page.getByText('Sign-ins confirmed safe: 1.').waitFor();
    const detections = (await api('GET', `${ip}/riskDetections?userId=${users.victor}`)).body.value;
    expect(
      detections.filter((d: { riskEventType: string }) => d.riskEventType === 'anonymizedIPAddress'),
    ).toEqual([expect.objectContaining({ riskState: 'confirmedSafe' })]);
  });

  it('uploads a threat list from a file and clears it', async () => {
    const { page } = session;
    await page.getByRole('tab', { name: 'Threat lists' }).click();
    const table = page.getByRole('table', { name: 'Threat lists' });
    await table.getByRole('button', { name: 'Test anonymizer', exact: true }).waitFor();
    await captureAtWidths(page, 'identity-protection-threat-lists');

    await page.getByRole('button', { name: 'Upload list' }).click();
    const dialog = page.getByRole('dialog', { name: 'Upload a threat list' });
    await dialog.getByRole('combobox', { name: 'Category' }).click();
    await page.getByRole('option', { name: 'Threat intelligence' }).click();
    await dialog.getByLabel('File (.txt)').setInputFiles({
      name: 'intel-feed.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('# intel feed\n203.0.113.9\n198.51.100.0/24  # a botnet\n\n203.0.113.9\n'),
    });
    await dialog.getByText('2 entries read from intel-feed.txt.').waitFor();
    expect(await dialog.getByRole('textbox', { name: 'Name' }).inputValue()).toBe('intel-feed');
    await captureAtWidths(page, 'identity-protection-threat-list-upload');
    await dialog.getByRole('button', { name: 'Upload' }).click();
    await page.getByText('Uploaded intel-feed: 2 entries.').waitFor();
    const uploaded = (await api('GET', `${ip}/threatLists/threatIntelligence`)).body;
    expect(uploaded).toMatchObject({ displayName: 'intel-feed', tenantId: TENANT });
    expect(uploaded.entries).toHaveLength(2);

    await table.getByRole('button', { name: 'Clear intel-feed' }).click();
    const confirm = page.getByRole('dialog', { name: 'Clear intel-feed?' });
    await confirm.getByRole('button', { name: 'Clear' }).click();
    await page.getByText('Cleared intel-feed.').waitFor();
    await table.getByRole('button', { name: 'intel-feed', exact: true }).waitFor({ state: 'detached' });
    expect((await api('GET', `${ip}/threatLists/threatIntelligence`)).status).toBe(404);
  });

  it('sets the tenant’s smart lockout, checks the values, and goes back to the defaults', async () => {
    const { page } = session;
    await page.getByRole('tab', { name: 'Smart lockout' }).click();
    await page.waitForURL(/\/smart-lockout$/);
    const form = page.getByRole('form', { name: 'Smart lockout settings' });
    await form.getByText('This tenant uses the defaults of the Gatehouse deployment.').waitFor();
    const threshold = form.getByRole('spinbutton', { name: 'Lockout threshold' });
    const duration = form.getByRole('spinbutton', { name: 'Lockout duration in seconds' });
    await expect.poll(() => threshold.inputValue()).toMatch(/^\d+$/);
    await captureAtWidths(page, 'identity-protection-smart-lockout');

    // Out of range: said at the field, nothing sent.
    await threshold.fill('0');
    await form.getByRole('button', { name: 'Save' }).click();
    await form.getByText('Enter a whole number from 1 to 1000.').waitFor();
    expect((await api('GET', `/api/v1/tenants/${TENANT}/settings`)).body.value).toEqual([]);

    await threshold.fill('5');
    await duration.fill('120');
    await form.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Smart lockout settings saved.').waitFor();
    await form.getByText('This tenant has its own smart lockout settings.').waitFor();
    const stored = (await api('GET', `/api/v1/tenants/${TENANT}/settings`)).body.value;
    expect(stored).toEqual([
      expect.objectContaining({
        values: expect.arrayContaining([
          { name: 'LockoutThreshold', value: '5' },
          { name: 'LockoutDurationInSeconds', value: '120' },
        ]),
      }),
    ]);

    await form.getByRole('button', { name: 'Use the defaults' }).click();
    const confirm = page.getByRole('dialog', { name: 'Use the default smart lockout settings?' });
    await confirm.getByRole('button', { name: 'Use the defaults' }).click();
    await page.getByText('The tenant uses the default smart lockout settings again.').waitFor();
    expect((await api('GET', `/api/v1/tenants/${TENANT}/settings`)).body.value).toEqual([]);
  });

  it('shows a Security Reader every report and no action', async () => {
    const reader = await openConsoleAs(gh, browser, READER, SECURITY_READER);
    try {
      const { page } = reader;
      const buttons = async () =>
        (await page.getByRole('main').getByRole('button').allTextContents()).map((text) => text.trim());
      for (const [tab, table, row] of [
        ['risky-users', 'Risky users', 'Mallory'],
        ['risk-detections', 'Risk detections', 'Malicious IP address'],
        ['risky-sign-ins', 'Risky sign-ins', TOR_EXIT],
        ['threat-lists', 'Threat lists', 'Test anonymizer'],
      ] as const) {
        await page.goto(`${gh.publicUrl}/console/t/${TENANT}/identity-protection/${tab}`);
        await page.getByRole('table', { name: table }).getByText(row).first().waitFor();
        await expectAccessible(page);
        expect(
          (await buttons()).filter((name) => ACTION_BUTTON.test(name)),
          tab,
        ).toEqual([]);
        expect(await page.getByRole('main').getByRole('checkbox').count(), tab).toBe(0);
      }
      // Smart lockout: the values, read-only.
      await page.goto(`${gh.publicUrl}/console/t/${TENANT}/identity-protection/smart-lockout`);
      await page.getByRole('spinbutton', { name: 'Lockout threshold' }).waitFor();
      await page.getByText('Your roles let you view this page but not change it.').waitFor();
      await expectAccessible(page);
      expect(await page.getByRole('main').getByRole('button', { name: 'Save' }).count()).toBe(0);

      // The risky user's pane: facts and tabs, no commands.
      await page.goto(`${gh.publicUrl}/console/t/${TENANT}/identity-protection/risky-users`);
      await page.getByRole('table', { name: 'Risky users' }).getByRole('button', { name: 'Trent' }).click();
      const pane = drawer(page);
      await pane.getByRole('table', { name: 'Risk detections' }).waitFor();
      const paneButtons = (await pane.getByRole('button').allTextContents()).map((text) => text.trim());
      expect(paneButtons.filter((name) => ACTION_BUTTON.test(name))).toEqual([]);
      await captureAtWidths(page, 'identity-protection-security-reader');
    } finally {
      await reader.context.close();
    }
  });
});
