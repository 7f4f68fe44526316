/**
 * Signing in with an identity provider's button in a real browser (Debian's Chromium through
 * playwright-core). The provider is a real OpenID Connect upstream: a second tenant (`partner`)
 * of the same Gatehouse, with its own users and sign-in page. The app is a small relying party
 * served by the test, which redeems the code with openid-client (PKCE, state, nonce).
 *
 * The buttons of every brand (Google, Facebook, Apple, generic OpenID Connect and SAML) are
 * also rendered in English and in Arabic under the hosted pages' stylesheet and CSP, checked
 * for contrast and right-to-left layout, and audited with axe-core (WCAG 2 A and AA).
 * Screenshots and axe reports land in test-results/federation-*.
 *
 * Run by `npm run test:browser` (vitest.browser.config.ts), not by `npm test`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOSTED_PAGE_HEADERS } from '../../src/http/hosted-ui/index.js';
import { translatorFor } from '../../src/http/hosted-ui/messages.js';
import type { ProviderButton } from '../../src/http/hosted-ui/provider-buttons.js';
import { signInPage } from '../../src/http/hosted-ui/templates.js';
import { AxeAuditor, blocking, describeFindings } from '../support/axe.js';
import {
  cspViolations,
  launchChromium,
  recordCspViolations,
  TestApp,
  watchPage,
} from '../support/chromium.js';
import { startGatehouse, type TestGatehouse } from '../support/gatehouse.js';
import { client, relyingParty } from '../support/oauth.js';
import { startPartnerProvider } from '../support/partner-idp.js';

const APP_NAME = 'Contoso Shop';
const PARTNER_USER = { displayName: 'Pat Partner', mail: 'pat@partner.example' };
const PASSWORD = 'Correct-Horse-Battery-Staple-42';
const ARTIFACTS = fileURLToPath(new URL('../../test-results/', import.meta.url));

// Runs in the page (the project's TypeScript has no DOM types, so page-side code is a string).
const FOCUSED = `(() => {
  const e = document.activeElement;
  const s = getComputedStyle(e);
  return { tag: e.tagName.toLowerCase(), text: (e.textContent || '').trim(), outlineStyle: s.outlineStyle, outlineWidth: parseFloat(s.outlineWidth) };
})()`;

/** Each provider button's text colour, background, and where its icon sits beside its label. */
const BUTTONS = `[...document.querySelectorAll('a.idp-button')].map((a) => {
  const s = getComputedStyle(a);
  const icon = a.querySelector('svg').getBoundingClientRect();
  const label = a.querySelector('span').getBoundingClientRect();
  return { kind: a.className, text: a.textContent.trim(), color: s.color, background: s.backgroundColor,
    border: s.borderTopColor, iconX: icon.x, labelX: label.x, height: a.getBoundingClientRect().height };
})`;

function luminance(color: string): number {
  const match = /rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)/.exec(color);
  if (!match) throw new Error(`not an rgb() colour: ${color}`);
  const [r, g, b] = match.slice(1, 4).map((part) => {
    const c = Number(part) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

const contrast = (a: string, b: string) => {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
};

describe('signing in with an identity provider in Chromium', () => {
  let gh: TestGatehouse;
  let browser: Browser;
  const app = new TestApp(APP_NAME);
  let providerId: string;
  let partnerUserId: string;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    [gh, browser] = await Promise.all([startGatehouse('sqlite'), launchChromium(), app.listen()]);

    const shop = await gh.registerApp('demo', {
      displayName: APP_NAME,
      web: { redirectUris: [app.callback] },
    });
    app.rp = await relyingParty(gh.baseUrl, 'demo', shop.appId, client.ClientSecretBasic(shop.secret));

    // The upstream: a second tenant of the same Gatehouse.
    const partner = await startPartnerProvider(gh);
    providerId = partner.providerId;
    const flow = await gh.api('POST', '/api/v1/tenants/demo/userFlows', {
      displayName: 'Shop customers',
      signInMethods: ['emailPassword'],
      identityProviders: [providerId],
      attributes: [{ attribute: 'displayName', required: true, inputType: 'text' }],
      applications: [shop.appId],
    });
    expect(flow.status, JSON.stringify(flow.body)).toBe(201);

    // A partner user whose email the partner verified.
    partnerUserId = await partner.createUser(PARTNER_USER.mail, PASSWORD, {
      verified: true,
      displayName: PARTNER_USER.displayName,
    });
  });

  afterAll(async () => {
    await browser?.close();
    await app.close();
    await gh?.stop();
  });

  const demoUserIds = async () =>
    ((await gh.api('GET', '/api/v1/tenants/demo/users?$top=100')).body.value as Array<{ id: string }>).map(
      (u) => u.id,
    );

  it('signs in with the provider’s button: a new account in the app’s tenant, amr fed', async () => {
    const before = await demoUserIds();
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 800, height: 800 } });
    const auditor = new AxeAuditor(browser, { locale: 'en-US', viewport: { width: 800, height: 800 } });
    try {
      const tab = await context.newPage();
      const problems = watchPage(tab);
      await recordCspViolations(tab);
      const { url, state } = await app.authorizationUrl();

      const signIn = await tab.goto(url.href);
      expect(signIn?.status()).toBe(200);
      expect(new URL(tab.url()).pathname).toMatch(/^\/t\/demo\/u\/interaction\/[A-Za-z0-9_-]+$/);
      const button = tab.getByRole('link', { name: 'Sign in with Partner ID', exact: true });
      expect(await button.getAttribute('href')).toBe(
        `${new URL(tab.url()).pathname}/federation/${providerId}`,
      );
      expect(await button.getAttribute('class')).toBe('idp-button idp-oidc');
      expect(await button.locator('svg').getAttribute('aria-hidden')).toBe('true');
      expect(await tab.locator('.idp-divider').textContent()).toBe('or');
      await tab.screenshot({ path: join(ARTIFACTS, 'federation-sign-in.png'), fullPage: true });
      expect(await cspViolations(tab)).toEqual([]);

      const report = await auditor.audit(tab.url(), (await signIn?.text()) ?? '');
      writeFileSync(join(ARTIFACTS, 'federation-sign-in.axe.json'), JSON.stringify(report, null, 2));
      expect(describeFindings(blocking(report))).toEqual([]);

      // The button is reached with the keyboard, and its focus shows.
      for (let i = 0; i < 10; i++) {
        await tab.keyboard.press('Tab');
        const focused = (await tab.evaluate(FOCUSED)) as { tag: string; text: string };
        if (focused.text === 'Sign in with Partner ID') break;
      }
      expect(await tab.evaluate(FOCUSED)).toMatchObject({
        tag: 'a',
        text: 'Sign in with Partner ID',
        outlineStyle: 'solid',
      });

      const signInUrl = tab.url();
      await Promise.all([
        tab.waitForURL((current) => current.href !== signInUrl, { waitUntil: 'load' }),
        tab.keyboard.press('Enter'),
      ]);
      // Redirects commit no page: the first page after the button is where it led.
      expect(new URL(tab.url()).pathname, (await tab.locator('main').textContent()) ?? '').toMatch(
        /^\/t\/partner\/u\/interaction\/[A-Za-z0-9_-]+$/,
      );
      await tab.screenshot({ path: join(ARTIFACTS, 'federation-partner.png'), fullPage: true });
      await tab.getByLabel('Email address', { exact: true }).fill(PARTNER_USER.mail);
      await tab.getByLabel('Password', { exact: true }).fill(PASSWORD);
      const [landing] = await Promise.all([
        tab.waitForResponse(
          (response) => response.request().isNavigationRequest() && response.url().startsWith(app.callback),
        ),
        tab.waitForURL((current) => current.href.startsWith(app.callback), { waitUntil: 'load' }),
        tab.getByRole('button', { name: 'Sign in', exact: true }).click(),
      ]);

      expect(app.failures).toEqual([]);
      expect(landing.status()).toBe(200);
      expect(await tab.getByRole('heading', { level: 1 }).textContent()).toBe(
        `Signed in as ${PARTNER_USER.displayName}`,
      );
      expect(problems).toEqual([]);

      const claims = app.signIns.get(state)?.claims;
      expect(claims).toMatchObject({ iss: `${gh.baseUrl}/t/demo`, amr: ['fed'] });
      const sub = claims?.sub as string;
      expect(before).not.toContain(sub);
      const user = await gh.api('GET', `/api/v1/tenants/demo/users/${sub}`);
      expect(user.status).toBe(200);
      expect(user.body.identities).toEqual([
        { signInType: 'federated', issuer: `${gh.baseUrl}/t/partner`, issuerAssignedId: partnerUserId },
      ]);
    } finally {
      await auditor.close();
      await context.close();
    }
  });

  it('offers the provider on the sign-up page with sign-up wording', async () => {
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 800, height: 800 } });
    try {
      const tab = await context.newPage();
      const problems = watchPage(tab);
      const { url } = await app.authorizationUrl();
      await tab.goto(url.href);
      const signInPath = new URL(tab.url()).pathname;
      await Promise.all([
        tab.waitForURL((current) => current.pathname.endsWith('/signup'), { waitUntil: 'load' }),
        tab.getByRole('link', { name: 'Create one', exact: true }).click(),
      ]);
      const button = tab.getByRole('link', { name: 'Sign up with Partner ID', exact: true });
      expect(await button.getAttribute('href')).toBe(`${signInPath}/federation/${providerId}`);
      expect(await tab.getByRole('link', { name: 'Sign in with Partner ID' }).count()).toBe(0);
      await tab.screenshot({ path: join(ARTIFACTS, 'federation-sign-up.png'), fullPage: true });
      // It leads to the same provider sign-in: the first sign-in there creates the account.
      await Promise.all([
        tab.waitForURL((current) => current.pathname.startsWith('/t/partner/'), { waitUntil: 'load' }),
        button.click(),
      ]);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  const EVERY_KIND: ProviderButton[] = [
    { id: 'google-id', displayName: 'Google', kind: 'google' },
    { id: 'facebook-id', displayName: 'Facebook', kind: 'facebook' },
    { id: 'apple-id', displayName: 'Apple', kind: 'apple' },
    { id: 'oidc-id', displayName: 'Partner ID', kind: 'oidc' },
    { id: 'saml-id', displayName: 'Fabrikam', kind: 'saml' },
  ];

  /** The sign-in page with a button of every kind, served under the hosted pages' headers. */
  async function showEveryKind(tab: Page, lang: 'en' | 'ar'): Promise<{ url: string; html: string }> {
    const { t, dir } = translatorFor({ uiLocales: lang });
    const base = '/t/demo/u/interaction/every-kind-preview';
    const html = signInPage(
      { t, lang, dir, tenantId: 'demo' },
      { base, appName: APP_NAME, csrf: 'preview', links: [], providers: EVERY_KIND },
    );
    const url = `${gh.baseUrl}${base}`;
    await tab.route(url, (route) =>
      route.fulfill({
        status: 200,
        headers: { ...HOSTED_PAGE_HEADERS, 'content-type': 'text/html' },
        body: html,
      }),
    );
    await tab.goto(url, { waitUntil: 'load' });
    return { url, html };
  }

  it.each([
    [
      'en',
      [
        'Sign in with Google',
        'Continue with Facebook',
        'Sign in with Apple',
        'Sign in with Partner ID',
        'Sign in with Fabrikam',
      ],
    ],
    [
      'ar',
      [
        'تسجيل الدخول باستخدام Google',
        'المتابعة باستخدام Facebook',
        'تسجيل الدخول باستخدام Apple',
        'تسجيل الدخول باستخدام Partner ID',
        'تسجيل الدخول باستخدام Fabrikam',
      ],
    ],
  ] as const)(
    'shows every brand’s button in %s: readable, icon at the start, accessible',
    async (lang, labels) => {
      const options = { locale: lang, viewport: { width: 800, height: 1000 } };
      const context = await browser.newContext(options);
      const auditor = new AxeAuditor(browser, options);
      try {
        const tab = await context.newPage();
        const problems = watchPage(tab);
        await recordCspViolations(tab);
        const { url, html } = await showEveryKind(tab, lang);
        await tab.screenshot({ path: join(ARTIFACTS, `federation-buttons-${lang}.png`), fullPage: true });
        expect(await cspViolations(tab)).toEqual([]);
        expect(problems).toEqual([]);

        const buttons = (await tab.evaluate(BUTTONS)) as Array<{
          kind: string;
          text: string;
          color: string;
          background: string;
          border: string;
          iconX: number;
          labelX: number;
          height: number;
        }>;
        expect(buttons.map((b) => b.text)).toEqual(labels);
        expect(buttons.map((b) => [b.kind, b.background, b.color])).toEqual([
          ['idp-button idp-google', 'rgb(255, 255, 255)', 'rgb(31, 31, 31)'],
          ['idp-button idp-facebook', 'rgb(8, 102, 255)', 'rgb(255, 255, 255)'],
          ['idp-button idp-apple', 'rgb(0, 0, 0)', 'rgb(255, 255, 255)'],
          ['idp-button idp-oidc', 'rgb(255, 255, 255)', 'rgb(27, 31, 36)'],
          ['idp-button idp-saml', 'rgb(255, 255, 255)', 'rgb(27, 31, 36)'],
        ]);
        expect(buttons[0]?.border).toBe('rgb(116, 119, 117)');
        for (const b of buttons) {
          expect(contrast(b.color, b.background), b.kind).toBeGreaterThanOrEqual(4.5);
          // A comfortable target (WCAG 2.5.8 asks 24px; 44px is the touch guideline).
          expect(b.height, b.kind).toBeGreaterThanOrEqual(44);
          // The mark comes first in reading order: left of the label in English, right of it in Arabic.
          if (lang === 'en') expect(b.iconX, b.kind).toBeLessThan(b.labelX);
          else expect(b.iconX, b.kind).toBeGreaterThan(b.labelX);
        }

        const report = await auditor.audit(url, html);
        writeFileSync(
          join(ARTIFACTS, `federation-buttons-${lang}.axe.json`),
          JSON.stringify(report, null, 2),
        );
        expect(describeFindings(blocking(report))).toEqual([]);
      } finally {
        await auditor.close();
        await context.close();
      }
    },
  );
});
