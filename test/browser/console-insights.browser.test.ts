import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SignInEntry } from '../../src/insights/index.js';
import { launchChromium } from '../support/chromium.js';
import {
  type ConsoleSession,
  captureAtWidths,
  expectAccessible,
  openConsoleContext,
  signInToConsole,
  startConsoleGatehouse,
} from '../support/console.js';
import type { TestGatehouse } from '../support/gatehouse.js';

const TENANT = 'insights';

/** Today as the console's tables spell a UTC day. */
const today = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date());
const thisMonth = new Intl.DateTimeFormat('en-US', {
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
}).format(new Date());

/** A chart card (a region named by its title). */
const card = (page: Page, title: string) => page.getByRole('region', { name: title, exact: true });

/** Opens a card's Table tab and reads its rows: {Category: …, series: value}. */
async function tableOf(page: Page, title: string): Promise<Record<string, string>[]> {
  const region = card(page, title);
  await region.getByRole('tab', { name: 'Table' }).click();
  const table = region.getByRole('table');
  await table.waitFor();
  const headers = (await table.locator('thead th').allTextContents()).map((h) => h.trim());
  const rows: Record<string, string>[] = [];
  for (const row of await table.locator('tbody tr').all()) {
    const cells = await row.locator('td').allTextContents();
    rows.push(Object.fromEntries(headers.map((header, i) => [header, (cells[i] ?? '').trim()])));
  }
  return rows;
}

/** An option of the open dropdown (the charts' legends are options too). */
const dropdownOption = (page: Page, name: string) =>
  page.locator('.fui-Option[role="option"]').filter({ hasText: name });

/** A summary tile's value and its note. */
async function tile(page: Page, label: string): Promise<{ value: string; note: string }> {
  const group: Locator = page.getByRole('group', { name: label, exact: true });
  await expect.poll(() => group.getByTestId('tile-value').count()).toBe(1);
  const value = (await group.getByTestId('tile-value').textContent())?.trim() ?? '';
  const texts = await group.locator('span').allTextContents();
  return { value, note: texts.at(-1)?.trim() ?? '' };
}

describe('the admin console: usage & insights', () => {
  let gh: TestGatehouse;
  let browser: Browser;
  let session: ConsoleSession;
  const apps: Record<'home' | 'travel', string> = { home: '', travel: '' };

  beforeAll(async () => {
    [gh, browser] = await Promise.all([startConsoleGatehouse(), launchChromium()]);
    const api = gh.api.bind(gh);
    expect((await api('POST', '/api/v1/tenants', { id: TENANT, displayName: 'Insights' })).status).toBe(201);
    const users: string[] = [];
    for (const name of ['Ada', 'Bo', 'Cy']) {
      const created = await api('POST', `/api/v1/tenants/${TENANT}/users`, {
        displayName: name,
        mail: `${name.toLowerCase()}@insights.example`,
      });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      users.push(created.body.id);
    }
    for (const [key, displayName] of [
      ['home', 'Home insurance'],
      ['travel', 'Travel insurance'],
    ] as const) {
      const created = await api('POST', `/api/v1/tenants/${TENANT}/applications`, { displayName });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      apps[key] = created.body.appId;
    }
    const [ada, bo, cy] = users as [string, string, string];
    const entry = (
      userId: string,
      app: 'home' | 'travel',
      errorCode: number,
      os: string,
      country: string,
      usage?: SignInEntry['usage'],
    ): SignInEntry => ({
      tenantId: TENANT,
      userId,
      appId: apps[app],
      appDisplayName: app,
      ipAddress: '203.0.113.7',
      clientAppUsed: 'Browser',
      isInteractive: true,
      correlationId: 'c',
      signInEventTypes: ['interactiveUser'],
      status: { errorCode },
      deviceDetail: { operatingSystem: os },
      location: { countryOrRegion: country },
      authenticationRequirement: 'singleFactorAuthentication',
      ...(usage && { usage }),
    });
    // 3 users, 7 sign-ins (5 successful, 2 failed), one MFA (email, proved), one sign-up, 2 apps.
    for (const e of [
      entry(ada, 'home', 0, 'Windows', 'US'),
      entry(ada, 'home', 0, 'Windows', 'US'),
      entry(bo, 'home', 50126, 'Windows', 'US'),
      entry(bo, 'travel', 0, 'MacOs', 'DE', { mfa: { method: 'Email', succeeded: true } }),
      entry(cy, 'travel', 50126, 'Android', 'DE'),
      entry(cy, 'travel', 0, 'Android', 'DE'),
      entry(cy, 'home', 0, 'iOS', 'FR', { signUp: true, identityProvider: 'local' }),
    ])
      await gh.gatehouse.signIns.commit(e);
    await gh.gatehouse.usageRollup.rollUp();
    session = await openConsoleContext(browser);
    await signInToConsole(session, gh.publicUrl);
  }, 180_000);

  afterEach((context) => {
    if (context.task.result?.state === 'fail') console.log(session?.problems.join('\n'));
  });

  afterAll(async () => {
    await session?.context.close();
    await browser?.close();
    await gh?.stop();
  });

  it('shows exactly the sign-ins rolled up: summary tiles and the charts’ tables', async () => {
    const { page } = session;
    await page.goto(`${gh.publicUrl}/console/t/${TENANT}/insights`);
    await page.getByRole('heading', { level: 1, name: 'Usage & insights' }).waitFor();

    expect(await tile(page, 'Total users')).toEqual({ value: '3', note: `In the directory on ${today}` });
    expect((await tile(page, 'Active users (peak day)')).value).toBe('3');
    expect((await tile(page, 'New users')).value).toBe('1');
    expect(await tile(page, 'Sign-ins')).toEqual({ value: '7', note: '5 successful, 2 failed' });
    expect(await tile(page, 'MFA success rate')).toEqual({
      value: '100%',
      note: '1 of 1 MFA attempts succeeded',
    });

    // Every chart drawn (an SVG each), then axe and screenshots with the charts shown.
    const charts = page.locator('[role="region"] svg');
    await expect.poll(() => charts.count()).toBeGreaterThanOrEqual(9);
    await captureAtWidths(page, 'insights-dashboard');

    // The table view of a chart, reached with the keyboard: the tab list's Table tab and Enter.
    const daily = card(page, 'Daily active users');
    await daily.getByRole('tab', { name: 'Chart' }).focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Enter');
    await daily.getByRole('table').waitFor();
    const dailyRows = await tableOf(page, 'Daily active users');
    expect(dailyRows).toHaveLength(30);
    expect(dailyRows.at(-1)).toEqual({ Category: today, 'Active users': '3' });

    expect((await tableOf(page, 'Authentications per day by OS')).at(-1)).toMatchObject({
      Category: today,
      'Windows: successful': '2',
      'Windows: failed': '1',
      'MacOs: successful': '1',
      'MacOs: failed': '0',
      'Android: successful': '1',
      'Android: failed': '1',
      'iOS: successful': '1',
      'iOS: failed': '0',
    });
    expect((await tableOf(page, 'Monthly active users by application')).at(-1)).toEqual({
      Category: thisMonth,
      'Home insurance': '2',
      'Travel insurance': '2',
    });
    expect(await tableOf(page, 'MFA completions by method')).toEqual([
      { Category: 'Email', Successful: '1', Failed: '0' },
    ]);
    expect((await tableOf(page, 'Authentications per month by country')).at(-1)).toEqual({
      Category: thisMonth,
      'United States': '3',
      Germany: '3',
      France: '1',
    });
    await captureAtWidths(page, 'insights-tables');
  });

  it('filters by one application and shows its numbers only', async () => {
    const { page } = session;
    await page.goto(`${gh.publicUrl}/console/t/${TENANT}/insights`);
    await page.getByRole('heading', { level: 1, name: 'Usage & insights' }).waitFor();
    await page.getByRole('combobox', { name: 'Application' }).click();
    await dropdownOption(page, 'Home insurance').click();
    await page.waitForURL((url) => url.searchParams.get('app') === apps.home);

    await expect.poll(async () => (await tile(page, 'Sign-ins')).value).toBe('4');
    expect((await tile(page, 'Sign-ins')).note).toBe('3 successful, 1 failed');
    expect((await tile(page, 'Active users (peak day)')).value).toBe('2');
    expect((await tile(page, 'New users')).value).toBe('1');
    expect(await tile(page, 'MFA success rate')).toEqual({
      value: '—',
      note: 'No MFA attempt in this range',
    });
    expect((await tableOf(page, 'Daily active users')).at(-1)).toEqual({
      Category: today,
      'Active users': '2',
    });
    expect((await tableOf(page, 'Monthly active users by application')).at(-1)).toEqual({
      Category: thisMonth,
      'Home insurance': '2',
    });
    await expect
      .poll(() => card(page, 'MFA completions by method').getByText('No data for this period.').count())
      .toBe(1);

    // The other app, by the address (a bookmarked view), and the last 7 days.
    await page.goto(`${gh.publicUrl}/console/t/${TENANT}/insights?range=7&app=${apps.travel}`);
    await expect.poll(async () => (await tile(page, 'Sign-ins')).value).toBe('3');
    expect((await tile(page, 'MFA success rate')).value).toBe('100%');
    expect(await page.getByRole('combobox', { name: 'Date range' }).textContent()).toContain('Last 7 days');
    expect(await tableOf(page, 'Daily active users')).toHaveLength(7);

    // A custom range shows the from / to fields.
    await page.getByRole('combobox', { name: 'Date range' }).click();
    await dropdownOption(page, 'Custom range').click();
    await page.getByLabel('From').waitFor();
    await expectAccessible(page);
    await captureAtWidths(page, 'insights-filtered');
    // A request the address change cut short (a chart chunk still loading) is not a problem.
    expect(
      session.problems.filter((problem) => !/^request failed: .* net::ERR_ABORTED$/.test(problem)),
    ).toEqual([]);
  });
});
