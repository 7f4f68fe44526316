import type { Browser, Locator } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SignInEntry } from '../../src/insights/index.js';
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
import type { Daemon, TestGatehouse } from '../support/gatehouse.js';

const TENANT = 'demo';
const POLICY = 'Require MFA for the home insurance app';
const READER = { email: 'cara.reader@localhost', password: 'Policy-Reader-Password-73', name: 'Cara Reader' };
const ACTION_BUTTON = /^(new|save|delete|ip ranges|countries location|turn|actions for)\b/i;

/** The cells of a table's body rows, as text. */
async function rowsOf(table: Locator): Promise<string[][]> {
  const rows = await table.locator('tbody tr').all();
  return Promise.all(rows.map((row) => row.locator('td').allInnerTexts()));
}

describe('the admin console: Conditional Access', () => {
  let gh: TestGatehouse;
  let browser: Browser;
  let session: ConsoleSession;
  let alice: string;
  let home: Daemon;
  let car: Daemon;

  beforeAll(async () => {
    [gh, browser] = await Promise.all([startConsoleGatehouse(), launchChromium()]);
    const user = await gh.api('POST', `/api/v1/tenants/${TENANT}/users`, {
      displayName: 'Alice Insured',
      mail: 'alice@insurance.example',
    });
    expect(user.status, JSON.stringify(user.body)).toBe(201);
    alice = user.body.id;
    const bob = await gh.api('POST', `/api/v1/tenants/${TENANT}/users`, {
      displayName: 'Bob Insured',
      mail: 'bob@insurance.example',
    });
    expect(bob.status).toBe(201);
    home = await gh.registerApp(TENANT, { displayName: 'Home insurance' });
    car = await gh.registerApp(TENANT, { displayName: 'Car insurance' });

    // Scripted sign-ins of the last days (as test/conditional-access-analysis.test.ts records them):
    // Alice to Home insurance three times with a password only, Bob once with MFA, Alice twice to Car insurance.
    const signIn = (userId: string, app: Daemon & { name: string }, mfa: boolean): SignInEntry => ({
      tenantId: TENANT,
      userId,
      userPrincipalName: userId === alice ? 'alice@insurance.example' : 'bob@insurance.example',
      appId: app.appId,
      appDisplayName: app.name,
      ipAddress: '198.51.100.20',
      clientAppUsed: 'Browser',
      isInteractive: true,
      correlationId: crypto.randomUUID(),
      signInEventTypes: ['interactiveUser'],
      status: { errorCode: 0 },
      deviceDetail: { browser: 'Edge 120', operatingSystem: 'Windows 10' },
      location: { countryOrRegion: 'US', city: null, state: null, geoCoordinates: null },
      authenticationRequirement: mfa ? 'multiFactorAuthentication' : 'singleFactorAuthentication',
      riskLevelDuringSignIn: 'none',
    });
    const homeApp = { ...home, name: 'Home insurance' };
    const carApp = { ...car, name: 'Car insurance' };
    for (let index = 0; index < 3; index++) gh.gatehouse.signIns.record(signIn(alice, homeApp, false));
    gh.gatehouse.signIns.record(signIn(bob.body.id, homeApp, true));
    for (let index = 0; index < 2; index++) gh.gatehouse.signIns.record(signIn(alice, carApp, false));
    await gh.gatehouse.signIns.flush();

    session = await openConsoleContext(browser);
    await signInToConsole(session, gh.publicUrl);
  }, 300_000);

  afterEach(async (context) => {
    if (context.task.result?.state !== 'fail') return;
    console.log(session?.problems.join('\n'));
    const dialog = session?.page.getByRole('dialog');
    if (dialog && (await dialog.count()) === 1) console.log((await dialog.ariaSnapshot()).slice(0, 4000));
    await session?.page.screenshot({
      path: `test-results/console/conditional-access-failure-${context.task.name.slice(0, 20).replaceAll(' ', '-')}.png`,
      fullPage: true,
    });
  });

  afterAll(async () => {
    await session?.context.close();
    await browser?.close();
    await gh?.stop();
  });

  it('creates a policy in the editor, showing the API error next to its field', async () => {
    const { page } = session;
    await page.goto(`${gh.publicUrl}/console/t/${TENANT}/conditional-access`);
    await page.getByRole('heading', { level: 1, name: 'Conditional Access | Policies' }).waitFor();
    await page.getByRole('heading', { name: 'No policies yet' }).waitFor();
    await captureAtWidths(page, 'conditional-access-empty');

    await page.getByRole('button', { name: 'New policy', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'New Conditional Access policy' }).waitFor();
    // Saving an empty policy: the form says what is missing.
    await page.getByRole('button', { name: 'Save' }).first().click();
    await page.getByText('Give the policy a name.').waitFor();

    await page.getByRole('textbox', { name: 'Name' }).fill(POLICY);
    await page.getByRole('radio', { name: 'All users' }).check();
    await page.getByRole('radio', { name: 'Select resources' }).check();
    const apps = page.getByRole('combobox', { name: 'Applications to include' });
    await apps.fill('Home');
    await page.getByRole('option', { name: 'Home insurance' }).click();
    await page.getByRole('button', { name: 'Remove Home insurance' }).waitFor();
    await page.getByRole('checkbox', { name: 'Require multifactor authentication' }).check();
    // Password change with "require one": the API refuses and names the field.
    await page.getByRole('checkbox', { name: 'Require password change' }).check();
    await page.getByRole('radio', { name: 'On', exact: true }).check();
    await page.getByRole('button', { name: 'Save' }).first().click();
    await page.getByText("'passwordChange' needs operator AND.").waitFor();
    await page.getByText('Fix the highlighted settings, then save again.').waitFor();
    await captureAtWidths(page, 'conditional-access-editor');
    await page.getByRole('checkbox', { name: 'Require password change' }).uncheck();
    // An edit clears the previous attempt's messages.
    expect(await page.getByText("'passwordChange' needs operator AND.").count()).toBe(0);

    await page.getByRole('button', { name: 'Save' }).first().click();
    await page.getByRole('heading', { level: 1, name: POLICY }).waitFor();
    const id = new URL(page.url()).pathname.split('/').at(-1) as string;
    const stored = await gh.api('GET', `/api/v1/tenants/${TENANT}/conditionalAccess/policies/${id}`);
    expect(stored.status).toBe(200);
    expect(stored.body).toMatchObject({
      displayName: POLICY,
      state: 'enabled',
      conditions: {
        users: { includeUsers: ['All'] },
        applications: { includeApplications: [home.appId], excludeApplications: [] },
      },
      grantControls: { builtInControls: ['mfa'], authenticationStrength: null },
    });

    // The list: the policy, on, with its state menu.
    await page.getByRole('link', { name: 'Back to policies' }).click();
    const table = page.getByRole('table', { name: 'Conditional Access policies' });
    await table.getByRole('link', { name: POLICY }).waitFor();
    expect((await rowsOf(table))[0]?.[1]).toBe('On');
    await captureAtWidths(page, 'conditional-access-policies');
  });

  it('shows the impact of the policy on recent sign-ins, as a chart and a table', async () => {
    const { page } = session;
    await page
      .getByRole('table', { name: 'Conditional Access policies' })
      .getByRole('link', { name: POLICY })
      .click();
    await page.getByRole('heading', { level: 1, name: POLICY }).waitFor();
    await page.getByRole('button', { name: 'See impact' }).click();
    const drawer = page.getByRole('dialog');
    await drawer.getByText(`Impact of ${POLICY}`).waitFor();
    await drawer.getByRole('combobox', { name: 'Period' }).selectOption('7');
    await drawer
      .getByText(
        'Of 6 sign-ins in the last 7 days, the policy would have applied to 4, blocked 0 and challenged 3 (asked for MFA or a password change).',
      )
      .waitFor();
    const totals = drawer.getByRole('table', { name: 'Totals' });
    expect(await rowsOf(totals)).toEqual([
      ['Sign-ins', '6', '4', '0', '3'],
      ['Users', '2', '2', '0', '1'],
    ]);
    await captureAtWidths(page, 'conditional-access-impact');
    await drawer
      .getByRole('tablist', { name: 'Sign-ins by application: show as chart or table' })
      .getByRole('tab', { name: 'Table' })
      .click();
    expect(await rowsOf(drawer.getByRole('table', { name: 'Sign-ins by application' }))).toEqual([
      ['Car insurance', '0', '0'],
      ['Home insurance', '0', '3'],
    ]);
    await drawer.getByRole('button', { name: 'Close' }).click();
  });

  it('runs What If for a user and each app', async () => {
    const { page } = session;
    await page.goto(`${gh.publicUrl}/console/t/${TENANT}/conditional-access/what-if`);
    await page.getByRole('heading', { level: 1, name: 'Conditional Access | What If' }).waitFor();
    await page.getByRole('combobox', { name: /^User( \*)?$/ }).fill('Alice');
    await page.getByRole('option', { name: /Alice Insured/ }).click();
    await page.getByRole('combobox', { name: 'Application' }).selectOption({ label: 'Home insurance' });
    await page.getByRole('button', { name: 'What If', exact: true }).click();
    await page.getByRole('heading', { name: 'Policies that will apply (1)' }).waitFor();
    expect((await rowsOf(page.getByRole('table', { name: 'Policies that will apply' })))[0]?.[0]).toBe(
      POLICY,
    );
    await page.getByText('Access would be granted after: Multifactor authentication.').waitFor();
    await captureAtWidths(page, 'conditional-access-what-if');

    await page.getByRole('combobox', { name: 'Application' }).selectOption({ label: 'Car insurance' });
    await page.getByRole('button', { name: 'What If', exact: true }).click();
    await page.getByRole('heading', { name: 'Policies that will apply (0)' }).waitFor();
    const notApplying = await rowsOf(page.getByRole('table', { name: 'Policies that will not apply' }));
    expect(notApplying).toEqual([[POLICY, 'On', 'Does not apply: application']]);
    await page.getByText('Access would be granted with no further control.').waitFor();
    expect(car.appId).not.toBe(home.appId);
  });

  it('creates a report-only policy from a template', async () => {
    const { page } = session;
    await page.getByRole('tab', { name: 'Policies' }).click();
    await page.getByRole('button', { name: 'New policy from template' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('combobox', { name: 'Scenario' }).selectOption('zeroTrust');
    await dialog
      .getByRole('radio', { name: /^Require multifactor authentication for chosen applications/ })
      .check();
    await dialog.getByRole('button', { name: 'Create policy' }).click();
    await dialog.getByText('Select at least one application.').waitFor();
    await dialog.getByRole('combobox', { name: 'Applications' }).fill('Car');
    await page.getByRole('option', { name: 'Car insurance' }).click();
    await captureAtWidths(page, 'conditional-access-templates');
    await dialog.getByRole('button', { name: 'Create policy' }).click();
    await page
      .getByRole('heading', { level: 1, name: 'Require multifactor authentication for chosen applications' })
      .waitFor();
    expect(await page.getByRole('radio', { name: 'Report-only' }).isChecked()).toBe(true);
    expect(await page.getByRole('radio', { name: 'Select resources' }).isChecked()).toBe(true);
    await page.getByRole('button', { name: 'Remove Car insurance' }).waitFor();
  });

  it('creates named locations: trusted IP ranges and countries', async () => {
    const { page } = session;
    await page.goto(`${gh.publicUrl}/console/t/${TENANT}/conditional-access/what-if`);
    await page.getByRole('tab', { name: 'Named locations' }).click();
    await page.getByRole('heading', { level: 1, name: 'Conditional Access | Named locations' }).waitFor();
    await page.getByRole('heading', { name: 'No named locations yet' }).waitFor();

    await page.getByRole('button', { name: 'IP ranges location' }).click();
    let drawer = page.getByRole('dialog');
    await drawer.getByText('New IP ranges location').waitFor();
    await drawer.getByRole('textbox', { name: 'Name' }).fill('Head office');
    await drawer.getByRole('textbox', { name: 'IP ranges' }).fill('10.20.0.0/16\n2001:db8::/32\nnot-a-range');
    await drawer.getByRole('checkbox', { name: 'Mark as trusted location' }).check();
    await drawer.getByRole('button', { name: 'Save' }).click();
    await drawer.getByText(/must be an IPv4 CIDR range/).waitFor();
    await drawer.getByRole('textbox', { name: 'IP ranges' }).fill('10.20.0.0/16\n2001:db8::/32');
    await drawer.getByRole('button', { name: 'Save' }).click();
    await drawer.waitFor({ state: 'detached' });
    const table = page.getByRole('table', { name: 'Named locations' });
    await table.getByRole('button', { name: 'Head office', exact: true }).waitFor();

    await page.getByRole('button', { name: 'Countries location' }).first().click();
    drawer = page.getByRole('dialog');
    await drawer.getByText('New countries location').waitFor();
    await drawer.getByRole('textbox', { name: 'Name' }).fill('Embargoed');
    await drawer.getByRole('searchbox', { name: 'Search countries' }).fill('north korea');
    await drawer.getByRole('checkbox', { name: 'North Korea (KP)' }).check();
    await drawer.getByRole('checkbox', { name: 'Include unknown countries and regions' }).check();
    await captureAtWidths(page, 'conditional-access-country-location');
    await drawer.getByRole('button', { name: 'Save' }).click();
    await drawer.waitFor({ state: 'detached' });
    await table.getByRole('button', { name: 'Embargoed', exact: true }).waitFor();
    expect(await rowsOf(table)).toEqual([
      [
        expect.stringContaining('Head office'),
        'IP ranges',
        'Trusted',
        '10.20.0.0/16, 2001:db8::/32',
        expect.any(String),
        '',
      ],
      [
        expect.stringContaining('Embargoed'),
        'Countries',
        '',
        'North Korea, unknown areas',
        expect.any(String),
        '',
      ],
    ]);
    const listed = await gh.api('GET', `/api/v1/tenants/${TENANT}/conditionalAccess/namedLocations`);
    expect(listed.body.value).toMatchObject([
      {
        displayName: 'Head office',
        isTrusted: true,
        ipRanges: [{ cidrAddress: '10.20.0.0/16' }, { cidrAddress: '2001:db8::/32' }],
      },
      { displayName: 'Embargoed', countriesAndRegions: ['KP'], includeUnknownCountriesAndRegions: true },
    ]);
    await captureAtWidths(page, 'conditional-access-named-locations');
  });

  it('shows a Security Reader the policies, impact, What If and named locations, without actions', async () => {
    const reader = await openConsoleAs(gh, browser, READER, SECURITY_READER);
    try {
      const { page } = reader;
      const actions = async () =>
        (
          await page
            .getByRole('main')
            .getByRole('button')
            .evaluateAll((buttons) =>
              buttons.map((b) => (b.getAttribute('aria-label') ?? b.textContent ?? '').trim()),
            )
        ).filter((name) => ACTION_BUTTON.test(name));

      await page.goto(`${gh.publicUrl}/console/t/${TENANT}/conditional-access/policies`);
      await page
        .getByRole('table', { name: 'Conditional Access policies' })
        .getByRole('link', { name: POLICY })
        .waitFor();
      await page.getByText('Your roles let you view Conditional Access but not change it.').waitFor();
      await expectAccessible(page);
      expect(await actions()).toEqual([]);

      // The editor, read-only; impact still runs.
      await page.getByRole('link', { name: POLICY }).click();
      await page.getByRole('heading', { level: 1, name: POLICY }).waitFor();
      expect(await page.getByRole('textbox', { name: 'Name' }).isDisabled()).toBe(true);
      expect(await actions()).toEqual([]);
      await expectAccessible(page);
      await page.getByRole('button', { name: 'See impact' }).click();
      await page
        .getByRole('dialog')
        .getByText(/^Of 6 sign-ins in the last 30 days/)
        .waitFor();
      await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();

      // What If: the reader cannot list the directory, so types the ids.
      await page.getByRole('link', { name: 'Back to policies' }).click();
      await page.getByRole('tab', { name: 'What If' }).click();
      await page.getByRole('textbox', { name: /^User object ID/ }).fill(alice);
      await page.getByRole('textbox', { name: /^Application \(client\) ID/ }).fill(home.appId);
      await page.getByRole('button', { name: 'What If', exact: true }).click();
      await page.getByRole('heading', { name: 'Policies that will apply (1)' }).waitFor();
      await expectAccessible(page);

      await page.getByRole('tab', { name: 'Named locations' }).click();
      await page
        .getByRole('table', { name: 'Named locations' })
        .getByRole('button', { name: 'Head office', exact: true })
        .click();
      expect(await page.getByRole('dialog').getByRole('textbox', { name: 'Name' }).isDisabled()).toBe(true);
      expect(
        await page
          .getByRole('dialog')
          .getByRole('button', { name: /^(Save|Delete)$/ })
          .count(),
      ).toBe(0);
      await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();
      // The pane's exit animation ends with the page no longer hidden from assistive technology.
      await page.locator('#root:not([aria-hidden])').waitFor();
      expect(await actions()).toEqual([]);
      await captureAtWidths(page, 'conditional-access-security-reader');
    } finally {
      await reader.context.close();
    }
  });
});
