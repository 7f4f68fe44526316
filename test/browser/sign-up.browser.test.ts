/**
 * Self-service sign-up in a real browser (Debian's Chromium through playwright-core), in
 * English and in Arabic, under a custom brand: the app's authorization request → sign-in page
 * → "Create one" → email → the code from a real SMTP sink → password and the flow's attributes
 * (first with a required field missing) → back in the app, signed in.
 *
 * Every hosted page on the way is screenshotted into test-results/sign-up-{lang}-{page}.png
 * (CI keeps the folder) and audited with axe-core against WCAG 2 A and AA: any serious or
 * critical violation fails the test. The English run uses the keyboard alone and checks that
 * focus is always visible; the Arabic run checks the right-to-left page and the Arabic texts.
 *
 * Run by `npm run test:browser` (vitest.browser.config.ts), not by `npm test`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContextOptions, Page, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ar } from '../../src/http/hosted-ui/locales/ar.js';
import { en, type MessageKey } from '../../src/http/hosted-ui/locales/en.js';
import { AxeAuditor, type AxeReport, blocking, describeFindings } from '../support/axe.js';
import {
  cspViolations,
  launchChromium,
  recordCspViolations,
  TestApp,
  watchPage,
} from '../support/chromium.js';
import { type ApiResponse, startGatehouse, type TestGatehouse } from '../support/gatehouse.js';
import { type MailSink, startMailSink } from '../support/mail-sink.js';
import { client, relyingParty } from '../support/oauth.js';
import { solidPng } from '../support/png.js';

const APP_NAME = 'Contoso Travel';
const PASSWORD = 'Correct-Horse-Battery-Staple-42';
// Screenshots and axe reports land here; CI keeps the folder as the run's artifact (git-ignored).
const ARTIFACTS = fileURLToPath(new URL('../../test-results/', import.meta.url));

/** A dark brand colour, as many companies have: the text around the card must stay readable on it. */
const BRAND = {
  backgroundColor: '#17324d',
  accentColor: '#0f6cbd',
  signInPageText: 'Welcome aboard. Sign in to manage your trips and boarding passes.',
  customPrivacyAndCookiesUrl: 'https://contoso.example/privacy',
  customTermsOfUseUrl: 'https://contoso.example/terms',
};
const BACKGROUND_RGB = 'rgb(23, 50, 77)';
const ARABIC_SIGN_IN_TEXT = 'مرحبًا بك على متن كونتوسو. سجّل الدخول لإدارة رحلاتك وبطاقات صعود الطائرة.';
const LOGO = solidPng(200, 60, [242, 193, 78]);
const TIER_LABEL = 'Membership tier';
const TIERS = [
  { value: 'bronze', label: 'Bronze' },
  { value: 'silver', label: 'Silver' },
  { value: 'gold', label: 'Gold' },
];

const CATALOGS = { en, ar } satisfies Record<string, Record<MessageKey, string>>;
type Lang = keyof typeof CATALOGS;

/** A message as the page shows it in `lang`, placeholders filled. */
const say = (lang: Lang, key: MessageKey, values: Record<string, string> = {}): string =>
  (CATALOGS[lang][key] as string).replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);

/** Who signs up in each language; `tier` is chosen first, `finalTier` is what the account ends with. */
const PEOPLE = {
  en: {
    email: 'ada@example.com',
    displayName: 'Ada Lovelace',
    city: 'Lisbon',
    tier: 'silver',
    finalTier: 'gold',
  },
  ar: { email: 'layla@example.com', displayName: 'ليلى حداد', city: 'عمّان', tier: 'gold', finalTier: 'gold' },
} satisfies Record<Lang, unknown>;

interface Focused {
  tag: string;
  id: string;
  text: string;
  outlineStyle: string;
  outlineWidth: number;
  outlineColor: string;
  /** The first opaque background behind the element: what its outline is seen against. */
  background: string;
}

// Runs in the page (the project's TypeScript has no DOM types, so page-side code is a string).
const FOCUSED = `(() => {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  const s = getComputedStyle(e);
  let background = 'rgb(255, 255, 255)';
  for (let p = e.parentElement; p; p = p.parentElement) {
    const c = getComputedStyle(p).backgroundColor;
    if (c !== 'rgba(0, 0, 0, 0)' && c !== 'transparent') { background = c; break; }
  }
  return {
    tag: e.tagName.toLowerCase(), id: e.id, text: (e.textContent || '').trim(),
    outlineStyle: s.outlineStyle, outlineWidth: parseFloat(s.outlineWidth), outlineColor: s.outlineColor, background,
  };
})()`;

/** Every element with text of its own, its colour and the first opaque background behind it. */
const TEXT_COLOURS = `(() => {
  const behind = (el) => {
    for (let p = el; p; p = p.parentElement) {
      const c = getComputedStyle(p).backgroundColor;
      if (c !== 'rgba(0, 0, 0, 0)' && c !== 'transparent') return c;
    }
    return 'rgb(255, 255, 255)';
  };
  return [...document.body.querySelectorAll('*')]
    .filter((el) => [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim()))
    .filter((el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility === 'visible')
    .map((el) => {
      const s = getComputedStyle(el);
      const size = parseFloat(s.fontSize);
      const bold = parseInt(s.fontWeight, 10) >= 700;
      return { html: el.outerHTML.slice(0, 120), color: s.color, background: behind(el), large: size >= 24 || (bold && size >= 18.66) };
    });
})()`;

function luminance(color: string): number {
  const match = /rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)/.exec(color);
  if (!match) throw new Error(`not an rgb() colour: ${color}`);
  const [r, g, b] = match.slice(1, 4).map((part) => {
    const c = Number(part) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG contrast ratio of two computed colours. */
function contrast(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

describe('signing up with Chromium under a custom brand', () => {
  let gh: TestGatehouse;
  let sink: MailSink;
  let browser: Browser;
  const app = new TestApp(APP_NAME);
  const audits: Array<{ page: string; report: AxeReport }> = [];
  /** Known gaps let through by the page watch, listed at the end so they stay visible. */

  /** The admin call must answer `status`; otherwise the error says what is missing. */
  async function must(call: Promise<ApiResponse>, what: string, status: number) {
    const response = await call;
    if (response.status !== status)
      throw new Error(
        `${what}: expected HTTP ${status}, got ${response.status} ${JSON.stringify(response.body)}`,
      );
    return response.body;
  }

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    sink = await startMailSink();
    [gh, browser] = await Promise.all([
      startGatehouse('sqlite', { env: { GATEHOUSE_SMTP_URL: sink.url } }),
      launchChromium(),
      app.listen(),
    ]);
    const api = (method: string, path: string, body?: unknown) =>
      gh.api(method, `/api/v1/tenants/demo${path}`, body);

    await must(api('PATCH', '/branding', BRAND), 'PATCH branding', 200);
    const upload = await fetch(`${gh.baseUrl}/api/v1/tenants/demo/branding/bannerLogo`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${await gh.adminToken()}`, 'content-type': 'image/png' },
      body: new Uint8Array(LOGO),
    });
    const uploaded = await upload.text();
    if (upload.status !== 200) throw new Error(`PUT branding/bannerLogo: HTTP ${upload.status} ${uploaded}`);
    expect(JSON.parse(uploaded)).toMatchObject({ width: 200, height: 60, contentType: 'image/png' });
    await must(
      api('PUT', '/branding/localizations/ar', { signInPageText: ARABIC_SIGN_IN_TEXT }),
      'PUT branding/localizations/ar',
      200,
    );

    await must(
      api('POST', '/customAttributes', {
        name: 'membershipTier',
        dataType: 'string',
        description: 'Frequent flyer tier',
      }),
      'POST customAttributes',
      201,
    );
    const registered = await must(
      api('POST', '/applications', {
        displayName: APP_NAME,
        web: { redirectUris: [app.callback] },
        optionalClaims: { idToken: [{ name: 'city' }, { name: 'extension_membershipTier' }] },
      }),
      'POST applications',
      201,
    );
    const secret = await must(
      api('POST', `/applications/${registered.id}/addPassword`, {}),
      'addPassword',
      200,
    );
    await must(
      api('POST', '/userFlows', {
        displayName: 'Travellers',
        isSignUpAllowed: true,
        signInMethods: ['emailPassword'],
        attributes: [
          { attribute: 'displayName', required: true, inputType: 'text' },
          { attribute: 'city', required: false, inputType: 'text' },
          {
            attribute: 'membershipTier',
            required: true,
            inputType: 'dropdown',
            label: TIER_LABEL,
            options: TIERS,
          },
        ],
        applications: [registered.appId],
      }),
      'POST userFlows',
      201,
    );
    app.rp = await relyingParty(
      gh.baseUrl,
      'demo',
      registered.appId,
      client.ClientSecretBasic(secret.secretText),
    );
  });

  afterAll(async () => {
    const unsure = audits.flatMap(({ page, report }) => report.incomplete.map((f) => `${page}: ${f.id}`));
    if (unsure.length) console.info(`axe-core could not decide (review by hand):\n  ${unsure.join('\n  ')}`);
    await browser?.close();
    await app.close();
    await gh?.stop();
    await sink?.close();
  });

  async function signUp(lang: Lang) {
    const person = PEOPLE[lang];
    const t = (key: MessageKey, values?: Record<string, string>) => say(lang, key, values);
    const keyboardOnly = lang === 'en';
    // The browser prefers English either way: the Arabic comes from the app's ui_locales.
    const options: BrowserContextOptions = { locale: 'en-US', viewport: { width: 800, height: 900 } };
    const context = await browser.newContext(options);
    const auditor = new AxeAuditor(browser, options);
    try {
      const tab = await context.newPage();
      const problems = watchPage(tab);
      await recordCspViolations(tab);
      const steps = pageSteps(tab, lang, auditor, problems);

      // --- Sign-in page, from the app's authorization request.
      const { url, state } = await app.authorizationUrl(lang === 'ar' ? { ui_locales: 'ar' } : {});
      let response = await steps.arrive(() => tab.goto(url.href));
      expect(new URL(tab.url()).pathname).toMatch(/^\/t\/demo\/u\/interaction\/[A-Za-z0-9_-]+$/);
      await steps.checkpoint('sign-in', response, 200);
      expect(await tab.title()).toBe(t('signIn.title'));
      expect(await steps.heading()).toBe(t('signIn.heading', { app: APP_NAME }));
      const brandText = lang === 'ar' ? ARABIC_SIGN_IN_TEXT : BRAND.signInPageText;
      expect(await tab.getByText(brandText, { exact: true }).isVisible()).toBe(true);
      if (lang === 'ar') expect(await tab.getByText(BRAND.signInPageText).count()).toBe(0);
      const createOne = tab.getByRole('link', { name: t('signIn.createAccount'), exact: true });
      if (keyboardOnly) {
        // The email field has focus; Tab walks the whole page in order, focus always drawn;
        // Shift+Tab walks back to "Create one".
        steps.expectVisibleFocus(await steps.focused(), 'the email field on arrival', 'login');
        const walked: string[] = [];
        const stops = [
          'password',
          t('signIn.submit'),
          t('passkey.signIn'),
          t('signIn.forgotPassword'),
          t('signIn.createAccount'),
          t('signIn.cancel'),
          t('common.footerPrivacy'),
          t('common.footerTerms'),
        ];
        for (const stop of stops) {
          await tab.keyboard.press('Tab');
          const now = await steps.focused();
          steps.expectVisibleFocus(now, `Tab to "${stop}" on the sign-in page`);
          walked.push(now?.id || (now?.text ?? ''));
        }
        expect(walked).toEqual(stops);
        for (let i = 0; i < 3; i++) await tab.keyboard.press('Shift+Tab');
        expect(await steps.focused()).toMatchObject({ tag: 'a', text: t('signIn.createAccount') });
        response = await steps.arrive(() => tab.keyboard.press('Enter'));
      } else {
        response = await steps.arrive(() => createOne.click());
      }

      // --- Sign-up: the email address.
      expect(new URL(tab.url()).pathname).toMatch(/\/signup$/);
      await steps.checkpoint('email', response, 200);
      expect(await tab.title()).toBe(t('signUp.title'));
      expect(await steps.heading()).toBe(t('signUp.heading', { app: APP_NAME }));
      expect(await tab.getByText(t('signUp.intro'), { exact: true }).isVisible()).toBe(true);
      const email = tab.getByLabel(t('signIn.email'), { exact: true });
      expect(await email.getAttribute('type')).toBe('email');
      if (lang === 'ar') await steps.expectRightToLeft(t('signIn.email'), email);
      if (keyboardOnly) {
        steps.expectVisibleFocus(await steps.focused(), 'the email field on arrival', 'email');
        await tab.keyboard.type(person.email);
        response = await steps.arrive(() => tab.keyboard.press('Enter'));
      } else {
        await email.fill(person.email);
        response = await steps.arrive(() =>
          tab.getByRole('button', { name: t('signUp.submit'), exact: true }).click(),
        );
      }

      // --- The code, read from the email as a person would.
      expect(new URL(tab.url()).pathname).toMatch(/\/signup\/code$/);
      await steps.checkpoint('code', response, 200);
      expect(await steps.heading()).toBe(t('code.heading'));
      expect(await tab.locator('main .intro').textContent()).toContain(person.email);
      const mail = await sink.next(person.email);
      expect(mail.lang).toBe(lang);
      if (lang === 'ar') {
        expect(mail.html).toContain('dir="rtl"');
        expect(mail.subject).toMatch(/[\u0600-\u06ff]/);
      }
      const code = /\b(\d{6})\b/.exec(mail.text)?.[1];
      expect(code, `a six-digit code in "${mail.text}"`).toMatch(/^\d{6}$/);
      const wrong = code === '000000' ? '111111' : '000000';
      const codeField = tab.getByLabel(t('code.label'), { exact: true });
      if (keyboardOnly) {
        steps.expectVisibleFocus(await steps.focused(), 'the code field on arrival', 'code');
        await tab.keyboard.type(wrong);
        response = await steps.arrive(() => tab.keyboard.press('Enter'));
      } else {
        await codeField.fill(wrong);
        response = await steps.arrive(() =>
          tab.getByRole('button', { name: t('code.submit'), exact: true }).click(),
        );
      }

      // A wrong code: said in an alert the field points to, and another try is possible.
      await steps.checkpoint('code-error', response, 401);
      const codeAlert = tab.getByRole('alert');
      expect(await codeAlert.textContent()).toBe(t('code.wrong', { remaining: '4' }));
      expect(await codeField.getAttribute('aria-invalid')).toBe('true');
      expect(await codeField.getAttribute('aria-describedby')).toBe(await codeAlert.getAttribute('id'));
      if (keyboardOnly) {
        steps.expectVisibleFocus(await steps.focused(), 'the code field after the error', 'code');
        await tab.keyboard.type(code as string);
        response = await steps.arrive(() => tab.keyboard.press('Enter'));
      } else {
        await codeField.fill(code as string);
        response = await steps.arrive(() =>
          tab.getByRole('button', { name: t('code.submit'), exact: true }).click(),
        );
      }

      // --- Password and attributes.
      expect(new URL(tab.url()).pathname).toMatch(/\/signup\/details$/);
      await steps.checkpoint('details', response, 200);
      expect(await steps.heading()).toBe(t('signUp.title'));
      expect(await tab.getByRole('heading', { level: 2 }).allTextContents()).toEqual([
        t('signUp.passwordHeading'),
        t('signUp.attributesHeading'),
      ]);
      const fields = {
        password: tab.getByLabel(t('password.new'), { exact: true }),
        confirm: tab.getByLabel(t('password.confirm'), { exact: true }),
        displayName: tab.getByLabel(t('attribute.displayName'), { exact: true }),
        city: tab.getByLabel(`${t('attribute.city')} ${t('attribute.optional')}`, { exact: true }),
        tier: tab.getByLabel(TIER_LABEL, { exact: true }),
      };
      expect(await fields.displayName.getAttribute('required')).not.toBeNull();
      expect(await fields.city.getAttribute('required')).toBeNull();
      expect(await fields.tier.locator('option').allTextContents()).toEqual([
        t('attribute.choose'),
        ...TIERS.map((tier) => tier.label),
      ]);

      // First try: the display name is missing.
      await fields.password.fill(PASSWORD);
      await fields.confirm.fill(PASSWORD);
      await fields.city.fill(person.city);
      await fields.tier.selectOption(person.tier);
      response = await steps.arrive(() =>
        tab.getByRole('button', { name: t('signUp.create'), exact: true }).click(),
      );
      await steps.checkpoint('details-error', response, 400);
      expect(await tab.getByRole('alert').textContent()).toBe(t('attribute.summary'));
      // The error is beside the field (between its label and the input), tied to it, and flagged.
      expect(await fields.displayName.getAttribute('aria-invalid')).toBe('true');
      const describedBy = await fields.displayName.getAttribute('aria-describedby');
      expect(describedBy).toBeTruthy();
      const fieldError = tab.locator(`[id="${describedBy}"]`);
      expect(await fieldError.textContent()).toBe(t('attribute.required'));
      expect(await fieldError.isVisible()).toBe(true);
      const [labelBox, errorBox, inputBox] = await Promise.all([
        tab.locator('label', { hasText: t('attribute.displayName') }).boundingBox(),
        fieldError.boundingBox(),
        fields.displayName.boundingBox(),
      ]);
      if (!labelBox || !errorBox || !inputBox)
        throw new Error('the display name, its label or error is not drawn');
      expect(errorBox.y).toBeGreaterThanOrEqual(labelBox.y + labelBox.height - 1);
      expect(inputBox.y - (errorBox.y + errorBox.height)).toBeLessThan(24);
      for (const other of [fields.city, fields.tier])
        expect(await other.getAttribute('aria-invalid')).toBeNull();
      // What was typed stays (passwords are never sent back).
      expect(await fields.city.inputValue()).toBe(person.city);
      expect(await fields.tier.inputValue()).toBe(person.tier);
      expect(await tab.locator('main .intro').textContent()).toBe(person.email);
      const users = await gh.api('GET', '/api/v1/tenants/demo/users?$top=100');
      expect(users.body.value.map((u: { mail: string }) => u.mail)).not.toContain(person.email);

      if (keyboardOnly) {
        // From the top of the page, one Tab per field, in order; each shows where focus is.
        const tabTo = async (id: string, what: string) => {
          await tab.keyboard.press('Tab');
          steps.expectVisibleFocus(await steps.focused(), what, id);
        };
        await tabTo('password', 'the new password');
        await tab.keyboard.type(PASSWORD);
        await tabTo('confirm', 'the password confirmation');
        await tab.keyboard.type(PASSWORD);
        await tabTo('f-attr.displayName', 'the display name');
        await tab.keyboard.type(person.displayName);
        await tabTo('f-attr.city', 'the city');
        await tabTo('f-attr.membershipTier', 'the membership tier');
        await tab.keyboard.press('ArrowDown');
        expect(await fields.tier.inputValue()).toBe(person.finalTier);
        await tab.keyboard.press('Tab');
        const button = await steps.focused();
        steps.expectVisibleFocus(button, 'the create button');
        expect(button).toMatchObject({ tag: 'button', text: t('signUp.create') });
        response = await steps.arrive(() => tab.keyboard.press('Enter'));
      } else {
        await fields.password.fill(PASSWORD);
        await fields.confirm.fill(PASSWORD);
        await fields.displayName.fill(person.displayName);
        response = await steps.arrive(() =>
          tab.getByRole('button', { name: t('signUp.create'), exact: true }).click(),
        );
      }

      // --- Back in the app, signed in as the new account.
      expect(tab.url().startsWith(app.callback)).toBe(true);
      expect(response.status()).toBe(200);
      expect(app.failures).toEqual([]);
      expect(await steps.heading()).toBe(`Signed in as ${person.displayName}`);
      await tab.screenshot({ path: join(ARTIFACTS, `sign-up-${lang}-signed-in.png`), fullPage: true });
      const claims = app.signIns.get(state)?.claims as Record<string, unknown> | undefined;
      expect(claims).toMatchObject({
        iss: `${gh.baseUrl}/t/demo`,
        email: person.email,
        name: person.displayName,
        city: person.city,
        extension_membershipTier: person.finalTier,
      });
      expect(claims?.amr).toEqual(expect.arrayContaining(['pwd', 'otp']));
      const user = await gh.api('GET', `/api/v1/tenants/demo/users/${claims?.sub}`);
      expect(user.body).toMatchObject({
        displayName: person.displayName,
        mail: person.email,
        city: person.city,
        customAttributes: { membershipTier: person.finalTier },
      });
      expect(problems).toEqual([]);
    } finally {
      await context.close();
      await auditor.close();
    }
  }

  /** The checks every hosted page of one run shares. */
  function pageSteps(tab: Page, lang: Lang, auditor: AxeAuditor, problems: string[]) {
    const t = (key: MessageKey) => say(lang, key);
    return {
      /**
       * Runs `action` and waits for the document it leads to (past redirects); its response. A
       * navigation the browser refuses (CSP, network) fails at once, with what the page said.
       */
      async arrive(action: () => Promise<unknown>): Promise<Response> {
        const refused = tab
          .waitForEvent('requestfailed', {
            predicate: (r) => r.isNavigationRequest() && r.frame() === tab.mainFrame(),
            timeout: 0,
          })
          .then(async (r) => {
            // A moment for the console to say why (a CSP report arrives after the failure).
            await new Promise((resolve) => setTimeout(resolve, 250));
            throw new Error(
              `the browser did not reach ${r.url()}: ${r.failure()?.errorText}\n  ${problems.join('\n  ')}`,
            );
          });
        refused.catch(() => {});
        const arrived = Promise.all([
          tab.waitForResponse(
            (r) =>
              r.request().isNavigationRequest() &&
              r.frame() === tab.mainFrame() &&
              (r.status() < 300 || r.status() >= 400),
          ),
          tab.waitForEvent('load'),
          action(),
        ]).then(([response]) => response);
        return Promise.race([arrived, refused]);
      },

      heading: () => tab.getByRole('heading', { level: 1 }).textContent(),

      focused: () => tab.evaluate(FOCUSED) as Promise<Focused | null>,

      /** Focus is on `id` (when given) and drawn: an outline of 2px or more, 3:1 against what is around it. */
      expectVisibleFocus(focus: Focused | null, what: string, id?: string) {
        expect(focus, `${what}: nothing has focus`).not.toBeNull();
        const f = focus as Focused;
        if (id !== undefined) expect(f.id, `${what}: focus is elsewhere`).toBe(id);
        // Soft: a faint outline is reported, and the walk goes on.
        expect.soft(f.outlineStyle, `${what}: no focus outline`).not.toBe('none');
        expect.soft(f.outlineWidth, `${what}: focus outline width`).toBeGreaterThanOrEqual(2);
        expect
          .soft(
            contrast(f.outlineColor, f.background),
            `${what}: contrast of the focus outline ${f.outlineColor} on ${f.background} (WCAG 1.4.11)`,
          )
          .toBeGreaterThanOrEqual(3);
      },

      /** The label's text and the field start at the right edge of the form. */
      async expectRightToLeft(label: string, input: ReturnType<Page['getByLabel']>) {
        expect(await tab.evaluate("getComputedStyle(document.querySelector('main')).direction")).toBe('rtl');
        const text = (await tab.evaluate(`(() => {
          const label = [...document.querySelectorAll('label')].find((l) => l.textContent.trim() === ${JSON.stringify(label)});
          const range = document.createRange();
          range.selectNodeContents(label);
          const box = range.getBoundingClientRect();
          return { x: box.x, width: box.width };
        })()`)) as { x: number; width: number };
        const field = await input.boundingBox();
        if (!field) throw new Error('the field is not drawn');
        expect(Math.abs(text.x + text.width - (field.x + field.width))).toBeLessThan(2);
        expect(text.x).toBeGreaterThan(field.x + 20);
      },

      /**
       * What every hosted page must be: the status expected, the language and direction, the
       * brand (background, logo, footer links), no CSP report; then its screenshot, and axe-core.
       */
      async checkpoint(page: string, response: Response, status: number) {
        const name = `${lang} ${page}`;
        expect(response.status(), `${name}: HTTP status`).toBe(status);
        await tab.screenshot({ path: join(ARTIFACTS, `sign-up-${lang}-${page}.png`), fullPage: true });

        // Soft: one run reports every page's problems (and keeps every screenshot), then fails.
        expect.soft(await tab.locator('html').getAttribute('lang'), `${name}: <html lang>`).toBe(lang);
        expect
          .soft(await tab.locator('html').getAttribute('dir'), `${name}: <html dir>`)
          .toBe(lang === 'ar' ? 'rtl' : 'ltr');
        expect
          .soft(
            await tab.evaluate('getComputedStyle(document.body).backgroundColor'),
            `${name}: the brand's background colour`,
          )
          .toBe(BACKGROUND_RGB);
        expect
          .soft(
            await tab.evaluate(`(() => { const i = document.querySelector('header img');
              return i ? [i.complete, i.naturalWidth, i.naturalHeight] : null; })()`),
            `${name}: the banner logo, loaded`,
          )
          .toEqual([true, 200, 60]);
        const footer = tab.getByRole('contentinfo');
        const footerLinks = await footer.getByRole('link').evaluateAll(
          // biome-ignore lint/suspicious/noExplicitAny: page-side code; the project has no DOM types
          (links: any[]) => links.map((a) => [a.textContent, a.getAttribute('href')]),
        );
        expect.soft(footerLinks, `${name}: the brand's footer links`).toEqual([
          [t('common.footerPrivacy'), BRAND.customPrivacyAndCookiesUrl],
          [t('common.footerTerms'), BRAND.customTermsOfUseUrl],
        ]);
        expect.soft(await cspViolations(tab), `${name}: CSP violations`).toEqual([]);

        if (lang === 'ar') {
          // axe-core takes shaped Arabic words for icon ligatures and skips their colour
          // contrast (its color-contrast rule is "inapplicable" to them), so Arabic pages get
          // this plain check of text colour against the background behind it (WCAG 1.4.3).
          const texts = (await tab.evaluate(TEXT_COLOURS)) as Array<{
            html: string;
            color: string;
            background: string;
            large: boolean;
          }>;
          const low = texts
            .map((x) => ({ ...x, ratio: contrast(x.color, x.background) }))
            .filter((x) => x.ratio < (x.large ? 3 : 4.5))
            .map((x) => `${x.ratio.toFixed(2)}:1 (${x.color} on ${x.background}): ${x.html}`);
          expect.soft(low, `${name}: text below the WCAG AA contrast ratio`).toEqual([]);
        }

        const report = await auditor.audit(tab.url(), await response.text());
        audits.push({ page: name, report });
        writeFileSync(join(ARTIFACTS, `sign-up-${lang}-${page}.axe.json`), JSON.stringify(report, null, 2));
        expect
          .soft(
            describeFindings(blocking(report)),
            `axe-core: serious or critical WCAG A/AA violations on the ${name} page (${report.url})`,
          )
          .toEqual([]);
      },
    };
  }

  it('signs up in English with the keyboard alone, every page accessible', async () => {
    await signUp('en');
  });

  it('signs up in Arabic, right to left, with the brand’s Arabic text, every page accessible', async () => {
    await signUp('ar');
  });
});
