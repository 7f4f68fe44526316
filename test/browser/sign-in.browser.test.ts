/**
 * A real browser (Debian's Chromium, driven by playwright-core) signs in through the hosted
 * page to a small relying party that this test serves itself: authorize → sign-in page →
 * credentials → the app's callback, where the app redeems the code with openid-client
 * (PKCE, state, nonce) and greets the user by the name in the verified ID token.
 *
 * Run by `npm run test:browser` (vitest.browser.config.ts), not by `npm test`.
 */
import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGatehouse, type TestGatehouse } from '../support/gatehouse.js';
import { client, relyingParty } from '../support/oauth.js';

const CHROMIUM = '/usr/bin/chromium';
const APP_NAME = 'Contoso Travel';
const USER = { displayName: 'Ada Lovelace', mail: 'ada@example.com' };
const PASSWORD = 'Correct-Horse-Battery-Staple-42';
// Screenshots land here; CI keeps the folder as the run's artifact (it is git-ignored).
const ARTIFACTS = fileURLToPath(new URL('../../test-results/', import.meta.url));

interface SignInRecord {
  claims: client.IDToken;
}

/**
 * The relying party: a node:http server on loopback. It remembers what each authorization
 * request was started with (by state), and on `/callback?code=…` redeems the code and
 * renders "Signed in as <name>" from the verified ID token.
 */
class TestApp {
  readonly #server: Server;
  readonly #pending = new Map<string, { verifier: string; nonce: string }>();
  readonly signIns = new Map<string, SignInRecord>();
  readonly failures: string[] = [];
  rp: client.Configuration | undefined;
  callback = '';

  constructor() {
    this.#server = createServer((request, response) => {
      void this.#handle(request.url ?? '/').then(({ status, body }) => {
        response.writeHead(status, {
          'content-type': 'text/html; charset=utf-8',
          'cache-control': 'no-store',
          'content-security-policy': "default-src 'none'",
        });
        response.end(body);
      });
    });
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    const address = this.#server.address();
    if (typeof address !== 'object' || !address) throw new Error('the test app has no port');
    this.callback = `http://127.0.0.1:${address.port}/callback`;
  }

  close(): Promise<void> {
    this.#server.closeAllConnections();
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }

  /** A fresh authorization request: PKCE, state and nonce, as a real app makes them. */
  async authorizationUrl(): Promise<{ url: URL; state: string }> {
    const rp = this.#rp();
    const verifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const nonce = client.randomNonce();
    this.#pending.set(state, { verifier, nonce });
    const url = client.buildAuthorizationUrl(rp, {
      redirect_uri: this.callback,
      scope: 'openid profile email',
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    return { url, state };
  }

  #rp(): client.Configuration {
    if (!this.rp) throw new Error('the test app is not registered yet');
    return this.rp;
  }

  async #handle(path: string): Promise<{ status: number; body: string }> {
    const url = new URL(path, this.callback);
    // Chromium asks every origin for a favicon; the app has none.
    if (url.pathname === '/favicon.ico') return { status: 204, body: '' };
    if (url.pathname !== '/callback') return { status: 404, body: htmlPage('Not found', 'Not found') };
    const state = url.searchParams.get('state') ?? '';
    const pending = this.#pending.get(state);
    try {
      if (!pending) throw new Error(`unknown state ${JSON.stringify(state)} (${url.search})`);
      this.#pending.delete(state);
      const tokens = await client.authorizationCodeGrant(this.#rp(), url, {
        pkceCodeVerifier: pending.verifier,
        expectedState: state,
        expectedNonce: pending.nonce,
      });
      const claims = tokens.claims();
      if (!claims) throw new Error('no ID token');
      this.signIns.set(state, { claims });
      return { status: 200, body: htmlPage(APP_NAME, `Signed in as ${String(claims.name)}`) };
    } catch (error) {
      const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      this.failures.push(message);
      return { status: 500, body: htmlPage('Sign-in failed', message) };
    }
  }
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const htmlPage = (title: string, heading: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>` +
  `<body><h1>${escapeHtml(heading)}</h1></body></html>`;

/**
 * Chromium asks each origin for /favicon.ico when a page names no icon, and logs the 404 as a
 * console error. The hosted pages name none and Gatehouse serves none yet: a known gap (a
 * `<link rel="icon" href="data:,">` in the layout would close it, as the CSP allows data:
 * images). It is the only console message let through; drop this once the gap is closed.
 */
const missingFavicon = (origin: string, text: string, url: string) =>
  url === `${origin}/favicon.ico` && /status of 404/.test(text);

/** Everything a page said that a user should never cause: console errors, CSP reports, failed loads. */
function watch(page: Page, gatehouseOrigin: string) {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (missingFavicon(gatehouseOrigin, message.text(), message.location().url)) return;
    if (message.type() === 'error' || /content security policy/i.test(message.text()))
      problems.push(`console ${message.type()}: ${message.text()} (${message.location().url})`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('requestfailed', (request) =>
    problems.push(`request failed: ${request.url()} ${request.failure()?.errorText ?? ''}`),
  );
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  return problems;
}

describe('signing in with Chromium', () => {
  let gh: TestGatehouse;
  let browser: Browser;
  const app = new TestApp();
  let userId: string;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    [gh, browser] = await Promise.all([
      startGatehouse('sqlite'),
      chromium.launch({
        executablePath: CHROMIUM,
        args: [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--disable-background-networking',
          '--disable-quic',
          '--no-first-run',
          '--disable-component-update',
          '--disable-sync',
        ],
      }),
      app.listen(),
    ]);

    const registered = await gh.api('POST', '/api/v1/tenants/demo/applications', {
      displayName: APP_NAME,
      web: { redirectUris: [app.callback] },
    });
    expect(registered.status).toBe(201);
    const secret = await gh.api(
      'POST',
      `/api/v1/tenants/demo/applications/${registered.body.id}/addPassword`,
      {},
    );
    expect(secret.status).toBe(200);
    app.rp = await relyingParty(
      gh.baseUrl,
      'demo',
      registered.body.appId,
      client.ClientSecretBasic(secret.body.secretText),
    );

    const user = await gh.api('POST', '/api/v1/tenants/demo/users', {
      ...USER,
      passwordProfile: { password: PASSWORD },
    });
    expect(user.status).toBe(201);
    userId = user.body.id;
  });

  afterAll(async () => {
    await browser?.close();
    await app.close();
    await gh?.stop();
  });

  /** The whole sign-in in one fresh browser context; screenshots are named after `label`. */
  async function signIn(context: BrowserContext, label: string, javaScript: boolean) {
    const tab = await context.newPage();
    const problems = watch(tab, gh.baseUrl);
    if (javaScript) {
      // Runs through the DevTools protocol, so the page's CSP does not stop it. (Page-side code
      // is written as strings: the project's TypeScript has no DOM types.)
      await tab.addInitScript(
        `globalThis.cspViolations = [];
        document.addEventListener('securitypolicyviolation', (event) =>
          globalThis.cspViolations.push(event.violatedDirective + ' ' + event.blockedURI));`,
      );
    }
    const { url, state } = await app.authorizationUrl();

    const signInPage = await tab.goto(url.href);
    expect(new URL(tab.url()).pathname).toMatch(/^\/t\/demo\/u\/interaction\/[A-Za-z0-9_-]+$/);
    expect(signInPage?.status()).toBe(200);
    expect(signInPage?.headers()['content-security-policy']).toContain("default-src 'none'");
    expect(await tab.title()).toBe('Sign in');
    expect(await tab.getByRole('heading', { level: 1 }).textContent()).toContain(APP_NAME);
    const login = tab.getByLabel('Email address', { exact: true });
    const password = tab.getByLabel('Password', { exact: true });
    expect(await login.getAttribute('type')).toBe('email');
    expect(await password.getAttribute('type')).toBe('password');
    const form = tab.locator('form', { has: login });
    expect(await form.locator('input[type=hidden][name=csrf]').getAttribute('value')).toMatch(/\S{16,}/);
    await tab.screenshot({ path: join(ARTIFACTS, `${label}-sign-in.png`), fullPage: true });
    if (javaScript) {
      // The stylesheet is the page's only subresource; it loaded and applied (CSP style-src 'self').
      expect(await tab.evaluate("getComputedStyle(document.querySelector('main')).maxWidth")).toBe('384px');
      expect(await tab.evaluate('globalThis.cspViolations')).toEqual([]);
    }

    await login.fill(USER.mail);
    await password.fill(PASSWORD);
    await Promise.all([
      tab.waitForURL((current) => current.href.startsWith(app.callback), { waitUntil: 'load' }),
      tab.getByRole('button', { name: 'Sign in', exact: true }).click(),
    ]);

    expect(app.failures).toEqual([]);
    expect(await tab.getByRole('heading', { level: 1 }).textContent()).toBe(
      `Signed in as ${USER.displayName}`,
    );
    await tab.screenshot({ path: join(ARTIFACTS, `${label}-signed-in.png`), fullPage: true });
    expect(problems).toEqual([]);

    const record = app.signIns.get(state);
    expect(record?.claims).toMatchObject({
      sub: userId,
      iss: `${gh.baseUrl}/t/demo`,
      email: USER.mail,
      name: USER.displayName,
      amr: ['pwd'],
    });
    await tab.close();
  }

  it('signs in through the hosted page and lands on the app', async () => {
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 800, height: 700 } });
    try {
      await signIn(context, 'chromium', true);
    } finally {
      await context.close();
    }
  });

  it('signs in the same way with JavaScript turned off', async () => {
    const context = await browser.newContext({
      locale: 'en-US',
      viewport: { width: 800, height: 700 },
      javaScriptEnabled: false,
    });
    try {
      await signIn(context, 'chromium-no-js', false);
    } finally {
      await context.close();
    }
  });
});
