/**
 * What the Chromium tests share: Debian's Chromium through playwright-core (never a downloaded
 * browser), a small relying party served by the test, and a watch for what a page should never
 * say (console errors, CSP reports, failed loads).
 */
import { createServer, type Server } from 'node:http';
import { type Browser, chromium, type Page } from 'playwright-core';
import { client } from './oauth.js';

export const CHROMIUM = '/usr/bin/chromium';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
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
  });
}

export interface AppSignIn {
  claims: client.IDToken;
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const htmlPage = (title: string, heading: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>` +
  `<body><h1>${escapeHtml(heading)}</h1></body></html>`;

/**
 * The relying party: a node:http server on loopback. It remembers what each authorization
 * request was started with (by state), and on `/callback?code=…` redeems the code with
 * openid-client (PKCE, state, nonce) and renders "Signed in as <name>" from the ID token.
 */
export class TestApp {
  readonly #server: Server;
  readonly #pending = new Map<string, { verifier: string; nonce: string }>();
  readonly signIns = new Map<string, AppSignIn>();
  readonly failures: string[] = [];
  rp: client.Configuration | undefined;
  callback = '';

  constructor(readonly name: string) {
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

  /** A fresh authorization request as a real app makes it; `extra` adds parameters (ui_locales…). */
  async authorizationUrl(extra: Record<string, string> = {}): Promise<{ url: URL; state: string }> {
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
      ...extra,
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
      return { status: 200, body: htmlPage(this.name, `Signed in as ${String(claims.name)}`) };
    } catch (error) {
      const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      this.failures.push(message);
      return { status: 500, body: htmlPage('Sign-in failed', message) };
    }
  }
}

/**
 * Everything a page said that a user should never cause: console errors, CSP reports, failed
 * loads and failed subresources. Documents are left out: a page that answers 400 or 401 with a
 * form and its errors is doing its job. `tolerate` lets a known, reported gap through.
 */
export function watchPage(page: Page, tolerate: (text: string, url: string) => boolean = () => false) {
  const problems: string[] = [];
  // Chromium logs "Failed to load resource" for a document that answers 4xx, too.
  const errorDocuments = new Set<string>();
  page.on('console', (message) => {
    const { url } = message.location();
    if (tolerate(message.text(), url)) return;
    if (errorDocuments.has(url) && /^Failed to load resource: the server responded/.test(message.text()))
      return;
    if (message.type() === 'error' || /content security policy/i.test(message.text()))
      problems.push(`console ${message.type()}: ${message.text()} (${url})`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('requestfailed', (request) =>
    problems.push(`request failed: ${request.url()} ${request.failure()?.errorText ?? ''}`),
  );
  page.on('response', (response) => {
    if (response.request().isNavigationRequest()) {
      if (response.status() >= 400) errorDocuments.add(response.url());
      return;
    }
    if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  return problems;
}

/** Records CSP violations in every document of the page (read with `cspViolations(page)`). */
export async function recordCspViolations(page: Page): Promise<void> {
  // Runs through the DevTools protocol, so the page's CSP does not stop it.
  await page.addInitScript(
    `globalThis.cspViolations = [];
    document.addEventListener('securitypolicyviolation', (event) =>
      globalThis.cspViolations.push(event.violatedDirective + ' ' + event.blockedURI));`,
  );
}

export const cspViolations = (page: Page) => page.evaluate('globalThis.cspViolations') as Promise<string[]>;
