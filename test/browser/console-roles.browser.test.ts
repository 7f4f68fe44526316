/**
 * The console's home (a tenant's counts and getting-started checklist, ticked from real state)
 * and Roles and administrators (the built-in roles, a role's assignments, adding and removing
 * one with the API's rules in words). A second admin given Reports Reader through the Roles
 * page then sees the console read-only, and the API refuses their writes.
 */

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium.js';
import {
  ADMIN_EMAIL,
  type ConsoleSession,
  captureAtWidths,
  openConsoleContext,
  signInToConsole,
  startConsoleGatehouse,
} from '../support/console.js';
import type { TestGatehouse } from '../support/gatehouse.js';

const READER = {
  email: 'rita.reader@localhost',
  password: 'Reports-Reader-Password-77',
  name: 'Rita Reader',
};
const REPORTS_READER = '4a5d8f65-41da-4de4-8968-e035b65339cf';
const GLOBAL_ADMINISTRATOR = '62e90394-69f5-4237-9190-012177145e10';
/** Command buttons a read-only admin must not see. */
const WRITE_BUTTON = /^(new|add|create|delete|remove|register|assign|edit|save|reset|disable)\b/i;

/** The text of the checklist step with this title. */
async function step(page: Page, title: string): Promise<string> {
  const item = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: title }) });
  await item.getByText(/Done|Not done yet|do not let you/).waitFor();
  return (await item.textContent()) ?? '';
}

/** The text of the home card with this label. */
async function card(page: Page, label: string): Promise<string> {
  const item = page
    .getByRole('list', { name: 'Counts of this tenant' })
    .getByRole('listitem')
    .filter({ has: page.getByText(label, { exact: true }) });
  await item.getByText(/^\d+$|do not let you/).waitFor();
  return (await item.textContent()) ?? '';
}

/** The names of the buttons in the page's main region. */
async function mainButtons(page: Page): Promise<string[]> {
  const buttons = page.getByRole('main').getByRole('button');
  const names: string[] = [];
  for (const button of await buttons.all()) {
    names.push(((await button.getAttribute('aria-label')) ?? (await button.textContent()) ?? '').trim());
  }
  return names;
}

describe('the admin console: home, and roles and administrators', () => {
  let gh: TestGatehouse;
  let browser: Browser;
  let admin: ConsoleSession;
  let reader: ConsoleSession | undefined;
  let api: TestGatehouse['api'];

  beforeAll(async () => {
    [gh, browser] = await Promise.all([startConsoleGatehouse(), launchChromium()]);
    admin = await openConsoleContext(browser);
    api = (method: string, path: string, body?: unknown, token?: string | null) =>
      gh.api(method, path, body, token);
  });

  afterAll(async () => {
    await reader?.context.close();
    await admin?.context.close();
    await browser?.close();
    await gh?.stop();
  });

  it('shows the counts of a tenant and ticks the checklist from real state', async () => {
    const { page } = admin;
    await signInToConsole(admin, gh.publicUrl);
    expect((await api('POST', '/api/v1/tenants', { id: 'contoso', displayName: 'Contoso' })).status).toBe(
      201,
    );

    await page.goto(`${gh.publicUrl}/console/t/contoso`);
    await page.getByRole('heading', { level: 1, name: 'Contoso' }).waitFor();
    expect(await step(page, 'Register an app')).toContain('Not done yet');
    expect(await step(page, 'Set up a user flow')).toContain('Not done yet');
    expect(await step(page, 'Try a sign-in')).toContain('Not done yet');
    expect(await card(page, 'Users')).toContain('0');
    const appsBefore = (await api('GET', '/api/v1/tenants/contoso/applications?$count=true')).body[
      '@odata.count'
    ] as number;
    expect(await card(page, 'App registrations')).toContain(String(appsBefore));

    // The admin registers an app and a flow (through the API here), and adds two users.
    expect(
      (await api('POST', '/api/v1/tenants/contoso/applications', { displayName: 'Contoso web' })).status,
    ).toBe(201);
    const flow = await api('POST', '/api/v1/tenants/contoso/userFlows', {
      displayName: 'Sign up and sign in',
      isSignUpAllowed: true,
      signInMethods: ['emailPassword'],
      attributes: [{ attribute: 'displayName', required: true, inputType: 'text' }],
    });
    expect(flow.status, JSON.stringify(flow.body)).toBe(201);
    for (const name of ['ada', 'bob'])
      await api('POST', '/api/v1/tenants/contoso/users', {
        displayName: name,
        mail: `${name}@contoso.example`,
        passwordProfile: { password: 'Copper-Orchard-Violet-93' },
      });

    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Contoso' }).waitFor();
    expect(await step(page, 'Register an app')).toContain('Done');
    expect(await step(page, 'Set up a user flow')).toContain('Done');
    expect(await step(page, 'Try a sign-in')).toContain('Not done yet');
    expect(await card(page, 'Users')).toMatch(/Users\s*2/);
    expect(await card(page, 'App registrations')).toContain(String(appsBefore + 1));
    expect(await page.getByText('2 of 3 done').count()).toBe(1);
    await captureAtWidths(page, 'home-checklist');

    // The admin's own sign-in to the console is a successful sign-in of the admin tenant.
    await gh.gatehouse.signIns.flush();
    await page.goto(`${gh.publicUrl}/console/t/admin`);
    await page.getByRole('heading', { level: 1, name: 'Gatehouse administration' }).waitFor();
    expect(await step(page, 'Try a sign-in')).toContain('Done');
    expect(await card(page, 'Sign-ins in the last 24 hours')).toMatch(/hours\s*[1-9]/);
    expect(await card(page, 'Users at risk')).toMatch(/risk\s*0/);
  });

  it('lists the roles, assigns Reports Reader to a second admin through the Roles page, and says why not', async () => {
    const { page } = admin;
    const created = await api('POST', '/api/v1/tenants/admin/users', {
      displayName: READER.name,
      mail: READER.email,
      passwordProfile: { password: READER.password },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);

    await page.goto(`${gh.publicUrl}/console/roles`);
    await page.getByRole('heading', { level: 1, name: 'Roles and administrators' }).waitFor();
    await page.getByRole('link', { name: 'Global Administrator' }).waitFor();
    await captureAtWidths(page, 'roles-list');
    await page.getByRole('searchbox').fill('report');
    expect(await page.getByRole('table', { name: 'Built-in roles' }).getByRole('link').count()).toBe(1);

    await page.getByRole('link', { name: 'Reports Reader' }).click();
    await page.waitForURL(`${gh.publicUrl}/console/roles/${REPORTS_READER}`);
    await page.getByRole('heading', { level: 1, name: 'Reports Reader' }).waitFor();
    await page.getByText('Nobody holds this role').waitFor();

    await page.getByRole('button', { name: 'Add assignment' }).first().click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('heading', { name: 'Add an assignment of Reports Reader' }).waitFor();
    // Nothing chosen: said on the field, nothing sent.
    await dialog.getByRole('button', { name: 'Assign' }).click();
    await dialog.getByText('Choose who gets the role.').waitFor();
    await dialog.getByRole('searchbox', { name: /User of the admin tenant/ }).fill('Rita');
    await dialog.getByRole('radio', { name: /Rita Reader/ }).check();
    expect(await dialog.getByRole('radio', { name: /All tenants/ }).isChecked()).toBe(true);
    await captureAtWidths(page, 'roles-add-assignment');
    await dialog.getByRole('button', { name: 'Assign' }).click();
    await dialog.waitFor({ state: 'detached' });
    const table = page.getByRole('table', { name: 'Assignments of Reports Reader' });
    const row = table.getByRole('row').filter({ hasText: READER.name });
    await row.waitFor();
    expect(await row.textContent()).toContain('All tenants');
    await captureAtWidths(page, 'roles-role-page');

    // The same again: the API's conflict, in its words, in the dialog.
    await page.getByRole('button', { name: 'Add assignment' }).click();
    await dialog.getByRole('searchbox', { name: /User of the admin tenant/ }).fill('rita.reader@');
    await dialog.getByRole('radio', { name: /Rita Reader/ }).check();
    await dialog.getByRole('button', { name: 'Assign' }).click();
    await dialog.getByText('The principal already holds this role at this scope.').waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    // The last Global Administrator (a user) cannot be removed: the refusal is shown in words.
    await page.goto(`${gh.publicUrl}/console/roles/${GLOBAL_ADMINISTRATOR}`);
    const adminRow = page
      .getByRole('table', { name: 'Assignments of Global Administrator' })
      .getByRole('row')
      .filter({ hasText: ADMIN_EMAIL });
    await adminRow.getByRole('button', { name: 'Remove the assignment of Administrator' }).click();
    const confirm = page.getByRole('dialog');
    await confirm.getByText(/Administrator loses Global Administrator at All tenants/).waitFor();
    await confirm.getByRole('button', { name: 'Remove' }).click();
    await confirm.getByText(/last enabled user holding Global Administrator/).waitFor();
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await adminRow.waitFor();

    const assignments = await api(
      'GET',
      `/api/v1/roleManagement/directory/roleAssignments?$filter=${encodeURIComponent(`principalId eq '${created.body.id}'`)}`,
    );
    expect(assignments.body.value).toEqual([
      expect.objectContaining({ roleDefinitionId: REPORTS_READER, directoryScopeId: '/' }),
    ]);
  });

  it('shows a Reports Reader every page read-only, and the API refuses their writes', async () => {
    reader = await openConsoleContext(browser);
    const { page } = reader;
    const token = page.waitForRequest(
      (request) => request.url().includes('/api/v1/') && !!request.headers().authorization,
    );
    await signInToConsole(reader, gh.publicUrl, READER);
    const bearer = ((await token).headers().authorization ?? '').replace(/^Bearer /, '');

    // Home: the counts their roles do not allow say so; the sign-ins count shows.
    await page.goto(`${gh.publicUrl}/console/t/demo`);
    await page.getByRole('heading', { level: 1, name: 'Demo' }).waitFor();
    expect(await card(page, 'Users')).toContain('Your roles do not let you see this.');
    expect(await card(page, 'App registrations')).toContain('Your roles do not let you see this.');
    expect(await card(page, 'Sign-ins in the last 24 hours')).toMatch(/hours\s*\d/);
    expect(await step(page, 'Register an app')).toContain('Your roles do not let you check this.');
    expect(await mainButtons(page)).toEqual([]);
    await captureAtWidths(page, 'home-reports-reader');

    // Roles: readable, with no command to change anything.
    await page.goto(`${gh.publicUrl}/console/roles`);
    await page.getByRole('link', { name: 'Reports Reader' }).click();
    await page.getByRole('heading', { level: 1, name: 'Reports Reader' }).waitFor();
    await page.getByText('Your roles do not let you see who holds roles.').waitFor();
    expect((await mainButtons(page)).filter((name) => WRITE_BUTTON.test(name))).toEqual([]);
    await captureAtWidths(page, 'roles-reports-reader');

    // The other areas (built alongside): whatever they show, no command that writes.
    for (const area of ['users', 'apps']) {
      await page.goto(`${gh.publicUrl}/console/t/demo/${area}`);
      await page.getByRole('main').getByRole('heading', { level: 1 }).first().waitFor();
      await page.waitForLoadState('networkidle');
      expect(
        (await mainButtons(page)).filter((name) => WRITE_BUTTON.test(name)),
        area,
      ).toEqual([]);
    }

    // The API decides anyway.
    const writes = [
      await api('POST', '/api/v1/tenants/demo/applications', { displayName: 'Not allowed' }, bearer),
      await api('POST', '/api/v1/tenants/demo/users', { displayName: 'x', mail: 'x@demo.example' }, bearer),
      await api(
        'POST',
        '/api/v1/roleManagement/directory/roleAssignments',
        {
          principalId: '11111111-1111-4111-8111-111111111111',
          roleDefinitionId: GLOBAL_ADMINISTRATOR,
          directoryScopeId: '/',
        },
        bearer,
      ),
    ];
    expect(writes.map((write) => write.status)).toEqual([403, 403, 403]);
    expect(reader.problems.filter((problem) => !/\b403\b/.test(problem))).toEqual([]);
  });
});
