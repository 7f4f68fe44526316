/**
 * The console's first run: an administrator opens /console, signs in with the password the
 * operator set, registers a passkey as second factor (the policy requiring MFA of admins), and
 * lands on the home page of a tenant. Tokens stay in memory; a reload signs in again silently;
 * sign-out ends the Gatehouse session. Run by `npm run test:browser`.
 */
import { gzipSync } from 'node:zlib';
import type { Browser, Response } from 'playwright-core';
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

describe('the admin console: first sign-in', () => {
  let gh: TestGatehouse;
  let browser: Browser;
  let session: ConsoleSession;

  beforeAll(async () => {
    [gh, browser] = await Promise.all([startConsoleGatehouse(), launchChromium()]);
    session = await openConsoleContext(browser);
  });

  afterAll(async () => {
    await session?.context.close();
    await browser?.close();
    await gh?.stop();
  });

  it('signs in with a password and a new passkey, and keeps tokens out of storage', async () => {
    const { page } = session;
    // What the first page costs: every script it loads, as gzip would send it.
    const scripts = new Map<string, number>();
    const measure = async (response: Response) => {
      if (!/\/console\/assets\/.+\.js$/.test(response.url())) return;
      scripts.set(response.url(), gzipSync(await response.body()).length);
    };
    page.on('response', measure);
    await signInToConsole(session, gh.publicUrl);
    expect(new URL(page.url()).pathname).toBe('/console/t/demo');
    await page.getByRole('navigation', { name: 'Main navigation' }).waitFor();
    await page.getByRole('heading', { level: 1 }).waitFor();
    const compressed = [...scripts.values()].reduce((sum, size) => sum + size, 0);
    console.log(`console first page: ${scripts.size} scripts, ${(compressed / 1024).toFixed(1)} KiB gzip`);
    expect(compressed).toBeLessThan(400 * 1024);
    page.off('response', measure);
    await captureAtWidths(page, 'home');
    // Dark when the operating system is dark, and as readable (axe checks the contrast).
    await page.emulateMedia({ colorScheme: 'dark' });
    // The theme follows the media query's change event: wait for the re-render. A function, not
    // a string: a string predicate is eval'd in the page, which its CSP refuses when it polls.
    await page.waitForFunction(() => {
      // In the page (the tests' TypeScript has no DOM types).
      const window = globalThis as unknown as {
        document: { querySelector(selector: string): unknown };
        getComputedStyle(element: unknown): { color: string };
      };
      const main = window.document.querySelector('main');
      return main !== null && window.getComputedStyle(main).color === 'rgb(255, 255, 255)';
    });
    await captureAtWidths(page, 'home-dark');
    await page.emulateMedia({ colorScheme: 'light' });
    const stored = await page.evaluate(
      'JSON.stringify({ local: Object.keys(localStorage), session: Object.values(sessionStorage) })',
    );
    expect(String(stored)).not.toMatch(/access_token|refresh_token/);
    expect(await cspViolations(page)).toEqual([]);
    expect(session.problems).toEqual([]);
  });

  it('works with the keyboard alone: skip link, navigation, tenant switcher', async () => {
    const { page } = session;
    await page.goto(`${gh.publicUrl}/console/t/demo`);
    await page.getByRole('navigation', { name: 'Main navigation' }).waitFor();
    const focused = () =>
      page.evaluate(
        'document.activeElement === document.body ? "" : (document.activeElement?.textContent ?? "")',
      ) as Promise<string>;
    /** Presses Tab until the focused element's text matches (at most 30 times). */
    const tabTo = async (text: RegExp) => {
      for (let i = 0; i < 30; i++) {
        if (text.test(await focused())) return;
        await page.keyboard.press('Tab');
      }
      throw new Error(`Tab never reached ${text}`);
    };
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('Skip to main content');
    await page.keyboard.press('Enter');
    expect(await page.evaluate('document.activeElement?.id')).toBe('main');

    await tabTo(/^Users$/);
    await page.keyboard.press('Enter');
    await page.waitForURL(`${gh.publicUrl}/console/t/demo/users`);

    // From the top of the page: the header's tenant switcher, opened and changed with keys.
    await page.reload();
    await page.getByRole('navigation', { name: 'Main navigation' }).waitFor();
    await tabTo(/Demo \(demo\)/);
    await page.keyboard.press('Enter');
    await page.getByRole('option', { name: /\(admin\)/ }).waitFor();
    await page.keyboard.press('Home');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${gh.publicUrl}/console/t/admin/users`);
  });

  it('signs in again without a prompt after a reload (the Gatehouse session), then signs out', async () => {
    const { page } = session;
    await page.goto(`${gh.publicUrl}/console/t/demo/users`);
    await page.waitForURL(`${gh.publicUrl}/console/t/demo/users`);
    await page.getByRole('navigation', { name: 'Main navigation' }).waitFor();
    await page.getByRole('button', { name: /Signed in as/ }).click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/console/t/'));
    // oidc-provider asks to confirm the sign-out when the page is its own.
    const confirm = page.getByRole('button', { name: /sign out|yes/i });
    if (await confirm.count()) await confirm.first().click();
    await page.waitForURL(`${gh.publicUrl}/console/**`);
    await page.goto(`${gh.publicUrl}/console/`);
    await page.getByLabel('Email address', { exact: true }).waitFor();
  });
});
