/**
 * The console's tenants and company branding: an administrator creates a customer tenant,
 * rotates its signing keys, changes its branding while the preview (the tenant's real sign-in
 * page drawn with the unsaved values) follows, saves, sees the change on the real sign-in page
 * of an app of the tenant, and deletes the tenant after typing its id. Run by `npm run test:browser`.
 */
import type { Browser, Frame } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cspViolations, launchChromium } from '../support/chromium.js';
import {
  type ConsoleSession,
  captureAtWidths,
  openConsoleContext,
  signInToConsole,
  startConsoleGatehouse,
} from '../support/console.js';
import type { TestGatehouse } from '../support/gatehouse.js';

const TENANT = 'fabrikam-shop';
const TENANT_NAME = 'Fabrikam Shop';
const BACKGROUND = '#1f6f43';
const BACKGROUND_RGB = 'rgb(31, 111, 67)';
const WELCOME = 'Welcome to the Fabrikam shop';

describe('the admin console: tenants and branding', () => {
  let gh: TestGatehouse;
  let browser: Browser;
  let session: ConsoleSession;

  beforeAll(async () => {
    [gh, browser] = await Promise.all([startConsoleGatehouse(), launchChromium()]);
    session = await openConsoleContext(browser);
    await signInToConsole(session, gh.publicUrl);
  });

  afterAll(async () => {
    await session?.context.close();
    await browser?.close();
    await gh?.stop();
  });

  /** The preview frame once it shows `text` (it is replaced as the admin types). */
  async function previewShowing(text: string): Promise<Frame> {
    const { page } = session;
    const iframe = page.locator('iframe[title^="Preview of the sign-in page"]');
    await expect
      .poll(
        async () => {
          const frame = await (await iframe.elementHandle())?.contentFrame();
          return frame ? ((await frame.textContent('body', { timeout: 1000 }).catch(() => '')) ?? '') : '';
        },
        { timeout: 10_000 },
      )
      .toContain(text);
    const frame = await (await iframe.elementHandle())?.contentFrame();
    if (!frame) throw new Error('no preview frame');
    return frame;
  }

  /** The computed background colour of a document's body (the page or the preview frame). */
  const backgroundOf = (frame: Pick<Frame, 'evaluate'>) =>
    frame.evaluate('getComputedStyle(document.body).backgroundColor') as Promise<string>;

  it('lists tenants and creates a customer tenant', async () => {
    const { page } = session;
    await page.goto(`${gh.publicUrl}/console/tenants`);
    await page.getByRole('heading', { level: 1, name: 'Tenants' }).waitFor();
    await page.getByRole('link', { name: 'Demo', exact: true }).waitFor();
    await captureAtWidths(page, 'tenants-list');

    await page.getByRole('button', { name: 'New tenant' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'New customer tenant' });
    await dialog.getByLabel('Display name').fill(TENANT_NAME);
    // The id is suggested from the name.
    expect(await dialog.getByLabel('Tenant ID').inputValue()).toBe(TENANT);
    await captureAtWidths(page, 'tenants-create');

    // The API's rules come back next to the field.
    await dialog.getByLabel('Tenant ID').fill('Not_Valid');
    await dialog.getByRole('button', { name: 'Create tenant' }).click();
    await dialog
      .getByRole('alert')
      .getByText(/lower-case letters/)
      .waitFor();
    await dialog.getByLabel('Tenant ID').fill(TENANT);
    await dialog.getByRole('button', { name: 'Create tenant' }).click();
    await page.waitForURL(`${gh.publicUrl}/console/t/${TENANT}/settings`);
    await page.getByRole('heading', { level: 1, name: 'Tenant settings' }).waitFor();
    const created = await gh.api('GET', `/api/v1/tenants/${TENANT}`);
    expect(created.body).toMatchObject({ displayName: TENANT_NAME, type: 'customer', defaultLanguage: 'en' });
  });

  it('lists and rotates the signing keys', async () => {
    const { page } = session;
    const keys = page.getByRole('table', { name: 'Signing keys' });
    await keys.getByText('Active').waitFor();
    expect(await keys.getByRole('row').count()).toBe(2); // header + the first key
    // With the keyboard alone.
    await page.getByRole('button', { name: 'Rotate keys…' }).press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Add a signing key' });
    await dialog.getByRole('button', { name: 'Add key' }).press('Enter');
    await page.getByText(/^Key .+ added: it signs from/).waitFor();
    await expect.poll(() => keys.getByRole('row').count()).toBe(3);
    // The test server activates a new key at once (no delay): it signs, the old one retires.
    const listed = await gh.api('GET', `/api/v1/tenants/${TENANT}/keys`);
    const statuses = Object.fromEntries(
      listed.body.value.map((key: { kid: string; status: string }) => [key.kid, key.status]),
    );
    expect(Object.values(statuses).sort()).toEqual(['active', 'retired']);
    for (const [kid, status] of Object.entries(statuses)) {
      const row = keys.getByRole('row').filter({ hasText: kid });
      await row.getByText(status === 'active' ? 'Active' : 'Retired').waitFor();
    }
    await captureAtWidths(page, 'tenant-settings');
  });

  it('previews branding before saving, then the real sign-in page shows it', async () => {
    const { page } = session;
    await page.goto(`${gh.publicUrl}/console/t/${TENANT}/branding`);
    await page.getByRole('heading', { level: 1, name: 'Company branding' }).waitFor();
    await previewShowing('Sign in');

    await page.getByLabel('Page background colour').fill(BACKGROUND);
    await page.getByLabel('Sign-in page text').fill(WELCOME);
    const frame = await previewShowing(WELCOME);
    await expect.poll(() => backgroundOf(frame)).toBe(BACKGROUND_RGB);
    // Not saved yet.
    const before = await gh.api('GET', `/api/v1/tenants/${TENANT}/branding`);
    expect(before.body).toMatchObject({ backgroundColor: null, signInPageText: null });

    // A mistake is named next to its field, from the preview, before any save.
    await page.getByLabel('Terms of use URL').fill('ftp://example.com/terms');
    await page.getByText(/must be an https URL/).waitFor();
    await page.getByLabel('Terms of use URL').fill('https://example.com/terms');
    await page.getByLabel('Terms of use link text').fill('Fabrikam terms');
    await previewShowing('Fabrikam terms');
    await captureAtWidths(page, 'branding');

    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText(/^Saved\./).waitFor();
    const after = await gh.api('GET', `/api/v1/tenants/${TENANT}/branding`);
    expect(after.body).toMatchObject({ backgroundColor: BACKGROUND, signInPageText: WELCOME });

    // Reset discards what is not saved.
    await page.getByLabel('Sign-in page text').fill('Not kept');
    await page.getByRole('button', { name: 'Reset' }).click();
    expect(await page.getByLabel('Sign-in page text').inputValue()).toBe(WELCOME);
    expect(await cspViolations(page)).toEqual([]);

    // The real sign-in page of an app of the tenant.
    const app = await gh.registerApp(TENANT, {
      displayName: 'Fabrikam web shop',
      web: { redirectUris: ['https://shop.fabrikam.example/callback'] },
    });
    const authorize = new URL(`${gh.publicUrl}/t/${TENANT}/oauth2/authorize`);
    authorize.search = new URLSearchParams({
      client_id: app.appId,
      response_type: 'code',
      redirect_uri: 'https://shop.fabrikam.example/callback',
      scope: 'openid',
      state: 'state-123456',
      nonce: 'nonce-123456',
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      code_challenge_method: 'S256',
    }).toString();
    const hosted = await session.context.newPage();
    await hosted.goto(authorize.toString());
    await hosted.getByText(WELCOME).waitFor();
    expect(await backgroundOf(hosted)).toBe(BACKGROUND_RGB);
    expect(await hosted.getByRole('link', { name: 'Fabrikam terms' }).getAttribute('href')).toBe(
      'https://example.com/terms',
    );
    await hosted.close();
  });

  it('deletes a tenant once its id is typed', async () => {
    const { page } = session;
    await page.goto(`${gh.publicUrl}/console/tenants`);
    await page.getByRole('button', { name: `Delete ${TENANT_NAME}` }).click();
    const dialog = page.getByRole('dialog', { name: `Delete the tenant ${TENANT_NAME}?` });
    const confirm = dialog.getByRole('button', { name: 'Delete tenant' });
    expect(await confirm.isDisabled()).toBe(true);
    await dialog.getByLabel(`Type ${TENANT} to confirm`).fill('fabrikam');
    expect(await confirm.isDisabled()).toBe(true);
    await dialog.getByLabel(`Type ${TENANT} to confirm`).fill(TENANT);
    await confirm.click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByRole('link', { name: TENANT_NAME }).waitFor({ state: 'detached' });
    expect((await gh.api('GET', `/api/v1/tenants/${TENANT}`)).status).toBe(404);
    // Expected: the two 400s this test provoked, and requests a navigation cut short (frames
    // replaced while typing, the home page's requests when the test goes elsewhere).
    const unexpected = session.problems.filter(
      (problem) =>
        !/(400|Bad Request).*\/api\/v1\/tenants(\/fabrikam-shop\/branding\/preview)?\)?$/.test(problem) &&
        !/^request failed: .* net::ERR_ABORTED$/.test(problem),
    );
    expect(unexpected).toEqual([]);
  });
});
