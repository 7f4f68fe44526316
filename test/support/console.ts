import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import axe from 'axe-core';
import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core';
import { type AxeFinding, describeFindings, WCAG_A_AA } from './axe.js';
import { recordCspViolations, watchPage } from './chromium.js';
import { freePort, type StartOptions, startGatehouse, type TestGatehouse } from './gatehouse.js';

export const ADMIN_EMAIL = 'admin@localhost';
export const ADMIN_PASSWORD = 'Console-Admin-Password-42';
export const ARTIFACTS = fileURLToPath(new URL('../../test-results/console/', import.meta.url));
export const WIDTHS = [1280, 390] as const;

/** Entra's built-in Security Reader: every security report, no change. */
export const SECURITY_READER = '5d6b6bb7-de71-4623-b4af-96380a352509';

export interface ConsoleAdmin {
  email: string;
  password: string;
  name: string;
}

/**
 * Signs `admin` in to the console in a fresh context, as an admin-tenant user created with the
 * role `roleDefinitionId` at '/' (the tests of what a read-only admin sees).
 */
export async function openConsoleAs(
  gh: TestGatehouse,
  browser: Browser,
  admin: ConsoleAdmin,
  roleDefinitionId: string,
): Promise<ConsoleSession> {
  const created = await gh.api('POST', '/api/v1/tenants/admin/users', {
    displayName: admin.name,
    mail: admin.email,
    passwordProfile: { password: admin.password, forceChangePasswordNextSignIn: false },
  });
  if (created.status !== 201) throw new Error(`creating ${admin.email}: ${JSON.stringify(created.body)}`);
  const assigned = await gh.api('POST', '/api/v1/roleManagement/directory/roleAssignments', {
    principalId: created.body.id,
    roleDefinitionId,
    directoryScopeId: '/',
  });
  if (assigned.status !== 201) throw new Error(`assigning the role: ${JSON.stringify(assigned.body)}`);
  const session = await openConsoleContext(browser);
  await signInToConsole(session, gh.publicUrl, admin);
  return session;
}

/**
 * A Gatehouse for console tests: public URL http://localhost:{port} (WebAuthn refuses IP
 * addresses as RP IDs, and the console's redirect URIs follow the public URL), a known
 * administrator, SQLite.
 */
export async function startConsoleGatehouse(options: StartOptions = {}): Promise<TestGatehouse> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const port = await freePort();
  return startGatehouse('sqlite', {
    ...options,
    env: {
      PORT: String(port),
      GATEHOUSE_BASE_URL: `http://localhost:${port}`,
      GATEHOUSE_ADMIN_EMAIL: ADMIN_EMAIL,
      GATEHOUSE_ADMIN_PASSWORD: ADMIN_PASSWORD,
      ...options.env,
    },
  });
}

export interface ConsoleSession {
  context: BrowserContext;
  page: Page;
  cdp: CDPSession;
  /** Console errors, failed requests and CSP violations seen so far (watchPage). */
  problems: string[];
}

/** A browser context with a virtual passkey authenticator (the admin's second factor). */
export async function openConsoleContext(browser: Browser, width = 1280): Promise<ConsoleSession> {
  const context = await browser.newContext({ locale: 'en-US', viewport: { width, height: 900 } });
  const page = await context.newPage();
  const problems = watchPage(page);
  await recordCspViolations(page);
  const cdp = await context.newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
    },
  });
  return { context, page, cdp, problems };
}

/**
 * Opens the console and signs in: password, then the second factor — registering a passkey on
 * the first sign-in (the policy requiring MFA of admins), using it afterwards. Ends on a console page.
 */
export async function signInToConsole(
  session: ConsoleSession,
  publicUrl: string,
  credentials: { email: string; password: string } = { email: ADMIN_EMAIL, password: ADMIN_PASSWORD },
): Promise<void> {
  const { page } = session;
  await page.goto(`${publicUrl}/console/`);
  await page.getByLabel('Email address', { exact: true }).fill(credentials.email);
  await page.getByLabel('Password', { exact: true }).fill(credentials.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForURL((url) => url.pathname.includes('/mfa') || url.pathname.startsWith('/console/t/'));
  if (new URL(page.url()).pathname.endsWith('/mfa/setup')) {
    await page.getByRole('link', { name: 'Add a passkey instead' }).click();
    const create = page.getByRole('button', { name: 'Create passkey' });
    await create.waitFor({ state: 'visible' });
    await create.click();
  } else if (!new URL(page.url()).pathname.startsWith('/console/')) {
    const passkey = page.getByRole('button', { name: /passkey/i }).first();
    await passkey.click();
  }
  await page.waitForURL((url) => url.pathname.startsWith('/console/t/'));
}

/**
 * axe (WCAG 2.1 AA) on what the page shows now. The console's CSP allows no injected script;
 * DevTools' evaluation is not subject to it, so axe runs in the page as it is.
 */
export async function axeViolations(page: Page): Promise<AxeFinding[]> {
  const loaded = await page.evaluate('typeof globalThis.axe === "object"');
  if (!loaded) await page.evaluate(axe.source);
  const report = (await page.evaluate(
    // Fluent's focus-trap sentinels (tabster's dummy elements) are focusable and aria-hidden by
    // design: invisible, and skipped by tabster itself; axe's aria-hidden-focus flags them.
    `axe.run({ exclude: [['[data-tabster-dummy]']] }, { runOnly: { type: 'tag', values: ${JSON.stringify(WCAG_A_AA)} }, resultTypes: ['violations'] })
      .then((r) => ({ violations: r.violations.map((v) => ({ id: v.id, impact: v.impact ?? null, help: v.help, helpUrl: v.helpUrl,
        nodes: v.nodes.map((n) => ({ target: n.target.map(String), html: n.html, failureSummary: n.failureSummary ?? '' })) })) }))`,
  )) as { violations: AxeFinding[] };
  return report.violations;
}

/** Fails with axe's words when the page has any WCAG 2.x A/AA violation, whatever its impact. */
export async function expectAccessible(page: Page): Promise<void> {
  const found = await axeViolations(page);
  if (found.length) throw new Error(`axe on ${page.url()}:\n${describeFindings(found).join('\n')}`);
}

/**
 * axe, then a screenshot of the whole page, at 1280 and 390 px wide, into
 * test-results/console/{name}-{width}.png; the viewport is put back afterwards.
 */
export async function captureAtWidths(page: Page, name: string): Promise<void> {
  const original = page.viewportSize() ?? { width: 1280, height: 900 };
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 900 });
    await page.waitForTimeout(150); // layout settles (media queries, Fluent's popups)
    await expectAccessible(page);
    // The whole page in one viewport (Chromium's full-page capture of a scrolled page can leave
    // its top blank), capped so that a very long page stays a readable image.
    const height = Number(await page.evaluate('document.documentElement.scrollHeight'));
    await page.setViewportSize({ width, height: Math.min(Math.max(height, 900), 6000) });
    await page.waitForTimeout(100);
    await page.screenshot({ path: join(ARTIFACTS, `${name}-${width}.png`) });
  }
  await page.setViewportSize(original);
}
