import { createHash, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser as Chromium, Locator } from 'playwright-core';
import { Webhook } from 'standardwebhooks';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Browser, readForm } from '../support/browser.js';
import { launchChromium } from '../support/chromium.js';
import {
  type ConsoleSession,
  captureAtWidths,
  expectAccessible,
  openConsoleAs,
  openConsoleContext,
  signInToConsole,
  startConsoleGatehouse,
} from '../support/console.js';
import type { TestGatehouse } from '../support/gatehouse.js';
import { tokenRequest } from '../support/oauth.js';

const TENANT = 'demo';
const PASSWORD = 'Correct-Horse-Battery-Staple-42';
const EXTENSION = 'Loyalty claims';
const POLICY = 'Loyalty number in tokens';
const WEBHOOK = 'SIEM feed';
/** Entra's built-in Global Reader: reads everything, changes nothing. */
const GLOBAL_READER = 'f2ef992c-3afb-46b9-b7cf-a126ee74c451';
const READER = { email: 'gina.reader@localhost', password: 'Global-Reader-Password-58', name: 'Gina Reader' };
const ACTION_BUTTON =
  /^(create|new policy|delete|save|add|assign|remove|send test event|turn (on|off)|rotate secret)\b/i;

interface Received {
  path: string;
  headers: Record<string, string>;
  body: string;
}

/**
 * The business's systems on loopback: its claims API (the extension answers a loyalty number
 * for every token) and its webhook receiver; every request is kept.
 */
async function startBusiness() {
  const received: Received[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({
        path: request.url ?? '/',
        headers: Object.fromEntries(
          Object.entries(request.headers).map(([name, value]) => [name, String(value ?? '')]),
        ),
        body: Buffer.concat(chunks).toString('utf8'),
      });
      if (request.url === '/claims') {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(
          JSON.stringify({
            data: {
              '@odata.type': 'microsoft.graph.onTokenIssuanceStartResponseData',
              actions: [
                {
                  '@odata.type': 'microsoft.graph.tokenIssuanceStart.provideClaimsForToken',
                  claims: { loyaltyNumber: 'LN-4711' },
                },
              ],
            },
          }),
        );
        return;
      }
      response.writeHead(204);
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path: string) => `http://127.0.0.1:${port}${path}`,
    at: (path: string) => received.filter((r) => r.path === path),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The cells of a table's body rows, as text. */
async function rowsOf(table: Locator): Promise<string[][]> {
  const rows = await table.locator('tbody tr').all();
  return Promise.all(rows.map((row) => row.locator('td').allInnerTexts()));
}

describe('the admin console: custom authentication extensions, claims mapping, webhooks', () => {
  let gh: TestGatehouse;
  let chromium: Chromium;
  let session: ConsoleSession;
  let business: Awaited<ReturnType<typeof startBusiness>>;
  let shop: { appId: string; secret: string; callback: string };
  let loyaltyApi: { appId: string };

  /** A customer signing in to the shop (a browser with JavaScript off), then the shop redeeming the code. */
  async function signInToShop(login: string) {
    const browser = new Browser({ 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0' });
    const verifier = randomBytes(32).toString('base64url');
    const url = new URL(`${gh.baseUrl}/t/${TENANT}/oauth2/authorize`);
    for (const [key, value] of Object.entries({
      client_id: shop.appId,
      redirect_uri: shop.callback,
      response_type: 'code',
      scope: 'openid',
      state: randomBytes(8).toString('hex'),
      code_challenge: createHash('sha256').update(verifier).digest('base64url'),
      code_challenge_method: 'S256',
    }))
      url.searchParams.set(key, value);
    const started = await browser.navigate(url, shop.callback);
    const form = readForm(started.body, /\/login$/);
    const done = await browser.navigate(new URL(form.action, gh.baseUrl), shop.callback, {
      form: { ...form.fields, login, password: PASSWORD },
    });
    expect(done.redirectedTo).toMatch(/code=/);
    const code = new URL(done.redirectedTo as string).searchParams.get('code') as string;
    return tokenRequest(
      gh.baseUrl,
      TENANT,
      { grant_type: 'authorization_code', code, redirect_uri: shop.callback, code_verifier: verifier },
      { id: shop.appId, secret: shop.secret },
    );
  }

  beforeAll(async () => {
    [gh, chromium, business] = await Promise.all([
      startConsoleGatehouse(),
      launchChromium(),
      startBusiness(),
    ]);
    const callback = 'https://shop.example/callback';
    shop = {
      ...(await gh.registerApp(TENANT, { displayName: 'Shop', web: { redirectUris: [callback] } })),
      callback,
    };
    loyaltyApi = await gh.registerApp(TENANT, { displayName: 'Loyalty API' });
    const flow = await gh.api('POST', `/api/v1/tenants/${TENANT}/userFlows`, {
      displayName: 'Shop customers',
      isSignUpAllowed: true,
      signInMethods: ['emailPassword'],
      attributes: [{ attribute: 'displayName', required: true, inputType: 'text' }],
      applications: [shop.appId],
    });
    expect(flow.status, JSON.stringify(flow.body)).toBe(201);
    const user = await gh.api('POST', `/api/v1/tenants/${TENANT}/users`, {
      displayName: 'Lena Loyal',
      mail: 'lena@shop.example',
      passwordProfile: { password: PASSWORD, forceChangePasswordNextSignIn: false },
    });
    expect(user.status, JSON.stringify(user.body)).toBe(201);
    // The boolean attribute a password migration extension reads (and one it must not offer).
    for (const [name, dataType] of [
      ['needsMigration', 'boolean'],
      ['loyaltyTier', 'string'],
    ]) {
      const attribute = await gh.api('POST', `/api/v1/tenants/${TENANT}/customAttributes`, {
        name,
        dataType,
      });
      expect(attribute.status, JSON.stringify(attribute.body)).toBe(201);
    }
    session = await openConsoleContext(chromium);
    await signInToConsole(session, gh.publicUrl);
  }, 300_000);

  afterEach(async (context) => {
    if (context.task.result?.state !== 'fail') return;
    console.log(session?.problems.join('\n'));
    const dialog = session?.page.getByRole('dialog');
    if (dialog && (await dialog.count()) === 1) console.log((await dialog.ariaSnapshot()).slice(0, 4000));
    await session?.page.screenshot({
      path: `test-results/console/extensions-failure-${context.task.name.slice(0, 20).replaceAll(' ', '-')}.png`,
      fullPage: true,
    });
  });

  afterAll(async () => {
    await session?.context.close();
    await chromium?.close();
    await gh?.stop();
    await business?.close();
  });

  it('creates a token issuance extension in the wizard and gives it an application', async () => {
    const { page } = session;
    await page.goto(`${gh.publicUrl}/console/t/${TENANT}`);
    await page
      .getByRole('navigation', { name: 'Main navigation' })
      .getByRole('link', { name: 'Custom authentication extensions' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Custom authentication extensions' }).waitFor();
    await page.getByRole('heading', { name: 'No custom authentication extensions yet' }).waitFor();
    await captureAtWidths(page, 'extensions-empty');

    await page.getByRole('button', { name: 'Create a custom extension' }).click();
    await page.getByRole('heading', { level: 1, name: 'Create a custom authentication extension' }).waitFor();
    expect(await page.getByRole('radio', { name: 'Token issuance start' }).isChecked()).toBe(true);
    await page.getByText('Runs when a one-time code is to be emailed').waitFor();
    await captureAtWidths(page, 'extensions-wizard-event');
    await page.getByRole('button', { name: 'Next' }).click();

    // Creating with nothing filled in: the form says what is missing, next to each field.
    await page.getByRole('button', { name: 'Create', exact: true }).click();
    await page.getByText('Give the extension a name.').waitFor();
    await page.getByText('Choose the app registration of your API.').waitFor();
    await page.getByRole('textbox', { name: 'Name' }).fill(EXTENSION);
    await page.getByRole('textbox', { name: 'Target URL' }).fill(business.url('/claims'));
    await page
      .getByRole('combobox', { name: 'API app' })
      .selectOption({ label: `Loyalty API (${loyaltyApi.appId})` });
    await page.getByRole('radio', { name: 'None' }).check();
    await page.getByRole('button', { name: 'Add claim' }).click();
    await page.getByRole('textbox', { name: 'Claim 1' }).fill('loyaltyNumber');
    await captureAtWidths(page, 'extensions-wizard-settings');
    await page.getByRole('button', { name: 'Create', exact: true }).click();

    // The new extension opens on its applications.
    await page.getByRole('heading', { level: 1, name: EXTENSION }).waitFor();
    await page
      .getByText('The extension is created. Now choose the applications whose sign-ins call it.')
      .waitFor();
    const listed = await gh.api('GET', `/api/v1/tenants/${TENANT}/identity/customAuthenticationExtensions`);
    expect(listed.body.value).toEqual([
      expect.objectContaining({
        '@odata.type': '#microsoft.graph.onTokenIssuanceStartCustomExtension',
        displayName: EXTENSION,
        endpointConfiguration: expect.objectContaining({ targetUrl: business.url('/claims') }),
        authenticationConfiguration: expect.objectContaining({ resourceId: loyaltyApi.appId }),
        clientConfiguration: { timeoutInMilliseconds: 1000, maximumRetries: 0 },
        claimsForTokenConfiguration: [{ claimIdInApiResponse: 'loyaltyNumber' }],
      }),
    ]);
    const extensionId = listed.body.value[0].id;

    await page.getByRole('heading', { name: 'No application calls this extension yet' }).waitFor();
    await page.getByRole('combobox', { name: 'Add an application' }).selectOption({ label: 'Shop' });
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    const apps = page.getByRole('table', { name: 'Applications that call the extension' });
    await apps.getByRole('cell', { name: 'Shop', exact: true }).waitFor();
    expect(await rowsOf(apps)).toEqual([['Shop', shop.appId, '']]);
    await captureAtWidths(page, 'extensions-applications');
    const listeners = await gh.api('GET', `/api/v1/tenants/${TENANT}/identity/authenticationEventListeners`);
    expect(listeners.body.value).toEqual([
      expect.objectContaining({
        '@odata.type': '#microsoft.graph.onTokenIssuanceStartListener',
        conditions: {
          applications: { includeAllApplications: false, includeApplications: [{ appId: shop.appId }] },
        },
        handler: expect.objectContaining({ customExtension: { id: extensionId } }),
      }),
    ]);

    // While the shop uses it, the extension cannot be deleted: the dialog says why.
    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Delete' }).click();
    await dialog
      .getByRole('alert')
      .getByText(
        `The extension '${EXTENSION}' is used by the listener '${EXTENSION}'; take it out of it first.`,
      )
      .waitFor();
    await captureAtWidths(page, 'extensions-delete-in-use');
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    // The properties: edited and saved.
    await page.getByRole('tab', { name: 'Properties' }).click();
    await page
      .getByRole('textbox', { name: 'Description' })
      .fill('Adds the loyalty number to the shop’s tokens.');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('The extension is saved.').waitFor();
    await captureAtWidths(page, 'extensions-properties');

    await page.getByRole('link', { name: 'Back to custom authentication extensions' }).click();
    const table = page.getByRole('table', { name: 'Custom authentication extensions' });
    await table.getByRole('link', { name: EXTENSION }).waitFor();
    expect(await rowsOf(table)).toEqual([
      [EXTENSION, 'Token issuance start', business.url('/claims'), 'Loyalty API'],
    ]);
    await captureAtWidths(page, 'extensions-list');
  });

  it('creates a password migration extension whose applications need the migration attribute', async () => {
    const { page } = session;
    await page.getByRole('button', { name: 'Create a custom extension' }).click();
    await page.getByRole('radio', { name: 'Password submit' }).check();
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByText('Password submit: Runs when a user still to migrate submits a password').waitFor();
    // Claims belong to token issuance only.
    expect(await page.getByRole('button', { name: 'Add claim' }).count()).toBe(0);
    await page.getByRole('textbox', { name: 'Name' }).fill('Legacy passwords');
    await page.getByRole('textbox', { name: 'Target URL' }).fill('https://legacy.example/verify');
    await page
      .getByRole('combobox', { name: 'API app' })
      .selectOption({ label: `Loyalty API (${loyaltyApi.appId})` });
    await page.getByRole('spinbutton', { name: /^Timeout/ }).fill('5000');
    await page.getByRole('button', { name: 'Create', exact: true }).click();
    await page.getByText('Enter a whole number from 200 to 2000.').waitFor();
    await page.getByRole('spinbutton', { name: /^Timeout/ }).fill('1500');
    await page.getByRole('button', { name: 'Create', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Legacy passwords' }).waitFor();

    // The app cannot be added before the attribute that marks users still to migrate is chosen.
    const attribute = page.getByRole('combobox', { name: /^Migration attribute/ });
    expect(await attribute.locator('option').allInnerTexts()).toEqual([
      'Choose a boolean attribute',
      'needsMigration',
    ]);
    await page.getByRole('combobox', { name: 'Add an application' }).selectOption({ label: 'Shop' });
    expect(await page.getByRole('button', { name: 'Add', exact: true }).isDisabled()).toBe(true);
    await attribute.selectOption('needsMigration');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await page
      .getByRole('table', { name: 'Applications that call the extension' })
      .getByRole('cell', { name: 'Shop', exact: true })
      .waitFor();
    await captureAtWidths(page, 'extensions-password-migration');
    const listeners = await gh.api('GET', `/api/v1/tenants/${TENANT}/identity/authenticationEventListeners`);
    expect(listeners.body.value).toContainEqual(
      expect.objectContaining({
        '@odata.type': '#microsoft.graph.onPasswordSubmitListener',
        displayName: 'Legacy passwords',
        handler: expect.objectContaining({ migrationPropertyId: 'needsMigration' }),
      }),
    );

    // Removing its last app deletes the listener; then the extension itself can go.
    await page.getByRole('button', { name: 'Remove Shop' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Remove' }).click();
    await page.getByRole('heading', { name: 'No application calls this extension yet' }).waitFor();
    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
    const table = page.getByRole('table', { name: 'Custom authentication extensions' });
    await table.getByRole('link', { name: EXTENSION }).waitFor();
    expect(await table.getByRole('link', { name: 'Legacy passwords' }).count()).toBe(0);
  });

  it('creates a claims mapping policy in the table editor and assigns it to the shop', async () => {
    const { page } = session;
    await page.getByRole('tab', { name: 'Claims mapping policies' }).click();
    await page.getByRole('heading', { level: 1, name: 'Claims mapping policies' }).waitFor();
    await page.getByRole('heading', { name: 'No claims mapping policies yet' }).waitFor();
    await page.getByRole('button', { name: 'New policy' }).click();
    const drawer = page.getByRole('dialog');
    await drawer.getByText('New claims mapping policy').first().waitFor();
    await drawer.getByRole('textbox', { name: 'Name' }).fill(POLICY);
    await drawer.getByRole('button', { name: 'Add claim from provider' }).click();
    await drawer.getByRole('textbox', { name: 'Claim ID of claim 1' }).fill('loyaltyNumber');
    await drawer.getByRole('textbox', { name: 'Token claim name of claim 1' }).fill('loyalty_number');
    await drawer.getByRole('button', { name: 'Add constant' }).click();
    await drawer.getByRole('textbox', { name: 'Value of claim 2' }).fill('gold');
    // A claim Gatehouse sets itself cannot be mapped: the API says so.
    await drawer.getByRole('textbox', { name: 'Token claim name of claim 2' }).fill('sub');
    await drawer.getByRole('button', { name: 'Save' }).click();
    await drawer.getByText(/the claim 'sub' cannot be mapped/).waitFor();
    await drawer.getByRole('textbox', { name: 'Token claim name of claim 2' }).fill('tier');
    expect(JSON.parse(await drawer.getByRole('textbox', { name: 'Definition (JSON)' }).inputValue())).toEqual(
      {
        ClaimsMappingPolicy: {
          Version: 1,
          ClaimsSchema: [
            { Source: 'CustomClaimsProvider', ID: 'loyaltyNumber', JwtClaimType: 'loyalty_number' },
            { Value: 'gold', JwtClaimType: 'tier' },
          ],
        },
      },
    );
    await captureAtWidths(page, 'claims-mapping-editor');
    await drawer.getByRole('button', { name: 'Save' }).click();
    await drawer.getByText('The policy is created.', { exact: false }).waitFor();

    await drawer.getByRole('combobox', { name: 'Assign to an application' }).selectOption({ label: 'Shop' });
    await drawer.getByRole('button', { name: 'Assign' }).click();
    const assigned = drawer.getByRole('table', { name: 'Applications the policy is assigned to' });
    await assigned.getByRole('cell', { name: 'Shop', exact: true }).waitFor();
    await captureAtWidths(page, 'claims-mapping-assigned');
    await drawer.getByRole('button', { name: 'Close' }).first().click();
    await drawer.waitFor({ state: 'detached' });

    const table = page.getByRole('table', { name: 'Claims mapping policies' });
    await table.getByRole('cell', { name: 'Shop' }).waitFor();
    expect(await rowsOf(table)).toEqual([[POLICY, 'loyalty_number, tier', 'Shop', '']]);
    await captureAtWidths(page, 'claims-mapping-list');
    const sp = await gh.servicePrincipalOf(TENANT, shop.appId);
    const policies = await gh.api(
      'GET',
      `/api/v1/tenants/${TENANT}/servicePrincipals/${sp.id}/claimsMappingPolicies`,
    );
    expect(policies.body.value).toEqual([expect.objectContaining({ displayName: POLICY })]);
  });

  it('shows the extension call of a sign-in in its Authentication events tab', async () => {
    // The shop's token carries the claim the extension answered, under the policy's name.
    const tokens = await signInToShop('lena@shop.example');
    expect(tokens.status, JSON.stringify(tokens.body)).toBe(200);
    const idToken = JSON.parse(
      Buffer.from(String(tokens.body.id_token).split('.')[1] as string, 'base64url').toString(),
    );
    expect(idToken).toMatchObject({ loyalty_number: 'LN-4711', tier: 'gold' });
    expect(business.at('/claims')).toHaveLength(1);
    await gh.gatehouse.signIns.flush();

    const { page } = session;
    await page.goto(`${gh.publicUrl}/console/t/${TENANT}/sign-in-logs`);
    const table = page.getByRole('table', { name: 'Sign-ins' });
    await table.locator('tbody tr').first().getByRole('button').click();
    const pane = page.getByRole('dialog');
    await pane.getByRole('tab', { name: 'Authentication events' }).click();
    const calls = pane.getByRole('list', { name: 'Custom authentication extensions called' });
    const call = calls.getByRole('listitem', { name: `Token issuance start: ${EXTENSION}` });
    expect(await call.locator('dt, dd').allInnerTexts()).toEqual([
      'Result',
      'Succeeded',
      'HTTP status',
      '200',
      'Error code',
      'None',
      'Attempts',
      '1',
      'Duration',
      expect.stringMatching(/^\d[\d,]* ms$/),
      'Time',
      expect.any(String),
      'Extension ID',
      expect.stringMatching(/^[0-9a-f-]{36}$/),
    ]);
    await captureAtWidths(page, 'sign-in-authentication-events');
    await pane.getByRole('button', { name: 'Close' }).click();
  });

  it('creates a webhook, shows its secret once, sends a test event and logs the delivery', async () => {
    const { page } = session;
    await page.goto(`${gh.publicUrl}/console/t/${TENANT}`);
    await page
      .getByRole('navigation', { name: 'Main navigation' })
      .getByRole('link', { name: 'Webhooks' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Webhooks' }).waitFor();
    await page.getByRole('heading', { name: 'No webhooks yet' }).waitFor();
    await captureAtWidths(page, 'webhooks-empty');

    await page.getByRole('button', { name: 'Create a webhook' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await dialog.getByText('Choose at least one event.').waitFor();
    await dialog.getByRole('textbox', { name: 'Name' }).fill(WEBHOOK);
    await dialog.getByRole('textbox', { name: 'Endpoint URL' }).fill('http://siem.example/in');
    await dialog.getByRole('checkbox', { name: /^Sign-in failed/ }).check();
    await dialog.getByRole('checkbox', { name: /^User created/ }).check();
    // Plain http only to this machine: the form says so next to the field.
    await dialog.getByRole('button', { name: 'Create' }).click();
    await dialog.getByText('Enter an https URL (http only for localhost or 127.0.0.1).').waitFor();
    await dialog.getByRole('textbox', { name: 'Endpoint URL' }).fill(business.url('/hooks'));
    await captureAtWidths(page, 'webhooks-create');
    await dialog.getByRole('button', { name: 'Create' }).click();

    // The secret, once, with a copy button and the warning.
    const secretDialog = page.getByRole('alertdialog');
    await secretDialog.getByText('you will not see it again', { exact: false }).waitFor();
    const secret = await secretDialog.getByRole('textbox', { name: 'Signing secret' }).inputValue();
    expect(secret).toMatch(/^whsec_/);
    await secretDialog.getByRole('button', { name: 'Copy Signing secret' }).waitFor();
    await captureAtWidths(page, 'webhooks-secret');
    await secretDialog.getByRole('button', { name: 'I have copied it' }).click();

    await page.getByRole('heading', { level: 1, name: WEBHOOK }).waitFor();
    expect(await page.content()).not.toContain(secret);
    await page.getByRole('heading', { name: 'Nothing delivered yet' }).waitFor();

    await page.getByRole('button', { name: 'Send test event' }).click();
    await page.getByText('The test event was delivered').waitFor();
    await page.getByText(/Your endpoint answered HTTP 204 in \d[\d,]* ms\./).waitFor();
    const [delivered] = business.at('/hooks');
    const payload = new Webhook(secret).verify(delivered?.body ?? '', delivered?.headers ?? {}) as {
      type: string;
    };
    expect(payload.type).toBe('webhook.test');
    const log = page.getByRole('table', { name: 'Delivery log' });
    await log.getByRole('cell', { name: 'webhook.test' }).waitFor();
    expect((await rowsOf(log))[0]).toEqual([
      expect.any(String),
      'webhook.test',
      '1',
      'Delivered',
      '204',
      expect.stringMatching(/ ms$/),
      '',
    ]);
    await captureAtWidths(page, 'webhooks-details');

    await page.getByRole('button', { name: 'Turn off' }).click();
    await page.getByText('The webhook is off: events are no longer sent to it.').waitFor();
    await page.getByRole('button', { name: 'Turn on' }).waitFor();
    const stored = await gh.api('GET', `/api/v1/tenants/${TENANT}/webhooks`);
    expect(stored.body.value).toEqual([
      expect.objectContaining({
        displayName: WEBHOOK,
        events: ['signIn.failed', 'user.created'],
        enabled: false,
      }),
    ]);

    await page.getByRole('link', { name: 'Back to webhooks' }).click();
    const table = page.getByRole('table', { name: 'Webhooks' });
    await table.getByRole('link', { name: WEBHOOK }).waitFor();
    expect(await rowsOf(table)).toEqual([
      [WEBHOOK, business.url('/hooks'), 'Sign-in failed, User created', 'Off'],
    ]);
    await captureAtWidths(page, 'webhooks-list');
  });

  it('shows a Global Reader every page without actions', async () => {
    const reader = await openConsoleAs(gh, chromium, READER, GLOBAL_READER);
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

      await page.goto(`${gh.publicUrl}/console/t/${TENANT}/extensions`);
      await page
        .getByRole('table', { name: 'Custom authentication extensions' })
        .getByRole('link', { name: EXTENSION })
        .click();
      await page.getByRole('heading', { level: 1, name: EXTENSION }).waitFor();
      await page.getByText('Your roles let you view these settings but not change them.').waitFor();
      expect(await page.getByRole('textbox', { name: 'Name' }).isDisabled()).toBe(true);
      expect(await actions()).toEqual([]);
      await expectAccessible(page);
      await page.getByRole('tab', { name: 'Applications' }).click();
      await page
        .getByRole('table', { name: 'Applications that call the extension' })
        .getByRole('cell', { name: 'Shop', exact: true })
        .waitFor();
      expect(await actions()).toEqual([]);
      await captureAtWidths(page, 'extensions-global-reader');

      await page.goto(`${gh.publicUrl}/console/t/${TENANT}/extensions/claims-mapping`);
      await page
        .getByRole('table', { name: 'Claims mapping policies' })
        .getByRole('button', { name: POLICY })
        .click();
      const drawer = page.getByRole('dialog');
      await drawer.getByRole('table', { name: 'Applications the policy is assigned to' }).waitFor();
      expect(await drawer.getByRole('textbox', { name: 'Name', exact: true }).isDisabled()).toBe(true);
      expect(await drawer.getByRole('button', { name: /^(Save|Delete|Assign|Add)/ }).count()).toBe(0);
      await expectAccessible(page);
      await drawer.getByRole('button', { name: 'Close' }).first().click();
      await page.locator('#root:not([aria-hidden])').waitFor();
      expect(await actions()).toEqual([]);

      await page.goto(`${gh.publicUrl}/console/t/${TENANT}/webhooks`);
      await page.getByRole('table', { name: 'Webhooks' }).getByRole('link', { name: WEBHOOK }).click();
      await page
        .getByRole('table', { name: 'Delivery log' })
        .getByRole('cell', { name: 'webhook.test' })
        .waitFor();
      expect(await actions()).toEqual([]);
      await captureAtWidths(page, 'webhooks-global-reader');
    } finally {
      await reader.context.close();
    }
  });
});
