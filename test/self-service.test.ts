import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../src/platform/index.js';
import { Browser, readForm } from './support/browser.js';
import { TEST_DATABASES } from './support/databases.js';
import { startGatehouse, type TestGatehouse } from './support/gatehouse.js';
import { type MailSink, startMailSink } from './support/mail-sink.js';
import { client, relyingParty } from './support/oauth.js';

const PASSWORD = 'Correct-Horse-Battery-Staple-42';
const NEW_PASSWORD = 'Purple-Elephant-Marmalade-97';

describe.each(TEST_DATABASES)('self-service sign-up, email codes and password reset on %s', (kind) => {
  const clock = new ManualClock(new Date());
  let gh: TestGatehouse;
  let mail: MailSink;
  let callback: string;
  let app: { id: string; appId: string; secret: string };
  let otpApp: { id: string; appId: string; secret: string };
  /** Each browser comes from its own address, so the per-IP limits of one test leave the others alone. */
  let nextIp = 10;

  const register = (displayName: string) =>
    gh.registerApp('demo', {
      displayName,
      web: { redirectUris: [callback] },
      optionalClaims: { idToken: [{ name: 'city' }, { name: 'extension_loyaltyNumber' }] },
    });

  beforeAll(async () => {
    mail = await startMailSink();
    gh = await startGatehouse(kind, {
      clock,
      env: {
        GATEHOUSE_SMTP_URL: mail.url,
        GATEHOUSE_TRUSTED_PROXIES: '127.0.0.1/32,::1/128',
        GATEHOUSE_SIGNUPS_PER_IP: '3',
      },
    });
    callback = `${gh.baseUrl}/app/callback`;
    expect(
      (
        await gh.api('POST', '/api/v1/tenants/demo/customAttributes', {
          name: 'loyaltyNumber',
          dataType: 'int',
          description: 'Loyalty card number',
        })
      ).status,
    ).toBe(201);
    app = await register('Contoso Shop');
    otpApp = await register('Contoso Express');
    const flow = await gh.api('POST', '/api/v1/tenants/demo/userFlows', {
      displayName: 'Shop customers',
      isSignUpAllowed: true,
      signInMethods: ['emailPassword', 'emailOtp'],
      attributes: [
        { attribute: 'displayName', required: true, inputType: 'text' },
        { attribute: 'city', required: false, inputType: 'text' },
        { attribute: 'loyaltyNumber', required: true, inputType: 'text', label: 'Loyalty number' },
      ],
      applications: [app.appId],
    });
    expect(flow.status).toBe(201);
    const otpFlow = await gh.api('POST', '/api/v1/tenants/demo/userFlows', {
      displayName: 'Passwordless',
      isSignUpAllowed: true,
      signInMethods: ['emailOtp'],
      attributes: [{ attribute: 'displayName', required: true, inputType: 'text' }],
      applications: [otpApp.appId],
    });
    expect(otpFlow.status).toBe(201);
  });
  afterAll(async () => {
    await gh?.stop();
    await mail?.close();
  });

  const newBrowser = () =>
    new Browser({
      'x-forwarded-for': `198.51.100.${nextIp++}`,
      'user-agent': 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0',
    });

  async function authorize(browser: Browser, target = app, extra: Record<string, string> = {}) {
    const rp = await relyingParty(gh.baseUrl, 'demo', target.appId, client.ClientSecretBasic(target.secret));
    const verifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const url = client.buildAuthorizationUrl(rp, {
      redirect_uri: callback,
      scope: 'openid profile email offline_access',
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      ...extra,
    });
    const page = await browser.navigate(url, callback);
    expect(page.status).toBe(200);
    const base = new URL(page.url).pathname;
    return {
      page,
      base,
      /** Posts the form whose action ends with `action` on `html`, with these values. */
      async submit(html: string, action: string, values: Record<string, string>) {
        const form = readForm(html, new RegExp(`${action.replaceAll('/', '\\/')}$`));
        return browser.navigate(new URL(form.action, gh.baseUrl), callback, {
          form: { ...form.fields, ...values },
        });
      },
      async tokens(redirectedTo: string | undefined) {
        expect(redirectedTo).toMatch(/\/app\/callback\?code=/);
        return client.authorizationCodeGrant(rp, new URL(redirectedTo as string), {
          pkceCodeVerifier: verifier,
          expectedState: state,
        });
      },
      get: (path: string) => browser.navigate(new URL(`${base}${path}`, gh.baseUrl), callback),
      rp,
    };
  }

  /** How many emails the SMTP server has received for `to` (with the outbox idle, all that were sent). */
  const sentTo = (to: string) => mail.received.filter((m) => m.to === to).length;

  /** The mail addresses of the tenant's users. */
  async function mails(): Promise<string[]> {
    const users = await gh.api('GET', '/api/v1/tenants/demo/users?$top=100');
    return users.body.value.map((u: { mail: string }) => u.mail);
  }

  async function signUp(email: string, browser = newBrowser()) {
    const flow = await authorize(browser);
    const start = await flow.get('/signup');
    const sent = await flow.submit(start.body, '/signup', { email });
    expect(sent.status).toBe(200);
    const code = await mail.nextCode(email);
    const verified = await flow.submit(sent.body, '/signup/code', { code });
    expect(verified.status).toBe(200);
    return { flow, details: verified, browser };
  }

  it('signs a new customer up: code by email, password, attributes, then straight into the app', async () => {
    const browser = newBrowser();
    const flow = await authorize(browser);
    expect(flow.page.body).toContain('Create one');
    const start = await flow.get('/signup');
    expect(start.body).toContain('Create your account for Contoso Shop');
    const sent = await flow.submit(start.body, '/signup', { email: 'Nora@Example.com' });
    expect(sent.body).toContain('nora@example.com');
    const email = await mail.next('nora@example.com');
    expect(email.subject).not.toMatch(/\d{6}/);
    expect(email.html).toContain('Contoso Shop');
    const code = /\b(\d{6})\b/.exec(email.text)?.[1] as string;

    const wrong = await flow.submit(sent.body, '/signup/code', {
      code: code === '000000' ? '111111' : '000000',
    });
    expect(wrong.status).toBe(401);
    expect(wrong.body).toContain('4 more tries');
    const details = await flow.submit(wrong.body, '/signup/code', { code });
    expect(details.status).toBe(200);
    expect(details.body).toContain('Loyalty number');

    // Each problem is shown beside its field, and what was typed stays.
    const invalid = await flow.submit(details.body, '/signup/details', {
      password: PASSWORD,
      confirm: `${PASSWORD}x`,
      'attr.displayName': 'Nora Q',
      'attr.city': 'Lisbon',
      'attr.loyaltyNumber': 'twelve',
    });
    expect(invalid.status).toBe(400);
    expect(invalid.body).toContain('The two passwords do not match.');
    expect(invalid.body).toContain('Enter a whole number.');
    expect(invalid.body).toContain('value="Lisbon"');
    expect(invalid.body).toContain('aria-invalid="true"');
    expect(await mails()).not.toContain('nora@example.com');

    const weak = await flow.submit(invalid.body, '/signup/details', {
      password: 'password',
      confirm: 'password',
      'attr.displayName': 'Nora Q',
      'attr.loyaltyNumber': '12345',
    });
    expect(weak.status).toBe(400);
    expect(weak.body).toMatch(/at least \d+ characters|too easy to guess/);

    const done = await flow.submit(weak.body, '/signup/details', {
      password: PASSWORD,
      confirm: PASSWORD,
      'attr.displayName': 'Nora Q',
      'attr.city': 'Lisbon',
      'attr.loyaltyNumber': '12345',
    });
    const tokens = await flow.tokens(done.redirectedTo);
    const claims = tokens.claims() as Record<string, unknown>;
    expect(claims).toMatchObject({ email: 'nora@example.com', name: 'Nora Q', city: 'Lisbon' });
    expect(claims.extension_loyaltyNumber).toBe(12345);
    expect(claims.amr).toEqual(expect.arrayContaining(['pwd', 'otp']));

    const user = await gh.api('GET', `/api/v1/tenants/demo/users/${claims.sub}`);
    expect(user.body).toMatchObject({
      displayName: 'Nora Q',
      mail: 'nora@example.com',
      city: 'Lisbon',
      customAttributes: { loyaltyNumber: 12345 },
    });
    expect(user.body.identities).toContainEqual(
      expect.objectContaining({ signInType: 'emailAddress', issuerAssignedId: 'nora@example.com' }),
    );

    // The new password works on the ordinary sign-in page too.
    const again = await authorize(newBrowser());
    const signedIn = await again.submit(again.page.body, '/login', {
      login: 'nora@example.com',
      password: PASSWORD,
    });
    expect(signedIn.redirectedTo).toMatch(/\/app\/callback\?code=/);

    // Usage & insights count the sign-up once (a local account), and Nora as one active user.
    await gh.gatehouse.usageRollup.rollUp();
    const reports = '/api/v1/tenants/demo/reports/userInsights/daily';
    const signUps = await gh.api(
      'GET',
      `${reports}/signUps?$filter=appId eq '${app.appId}'&$select=identityProvider,count`,
    );
    expect(signUps.body.value).toEqual([{ id: '1', identityProvider: 'local', count: 1 }]);
    const active = await gh.api('GET', `${reports}/activeUsers?$filter=appId eq '${app.appId}'`);
    expect(active.body.value.map((d: { count: number }) => d.count)).toEqual([1]);
  });

  it('tells an email that already has an account to sign in, and sends it nothing', async () => {
    await signUp('olga@example.com').then(({ flow, details }) =>
      flow.submit(details.body, '/signup/details', {
        password: PASSWORD,
        confirm: PASSWORD,
        'attr.displayName': 'Olga',
        'attr.loyaltyNumber': '7',
      }),
    );
    const before = sentTo('olga@example.com');
    const flow = await authorize(newBrowser());
    const start = await flow.get('/signup');
    const answer = await flow.submit(start.body, '/signup', { email: 'OLGA@example.com' });
    expect(answer.status).toBe(409);
    expect(answer.body).toContain('An account already exists for this email address. Sign in instead.');
    await gh.gatehouse.mailer.idle();
    expect(sentTo('olga@example.com')).toBe(before);
  });

  it('never creates an account without a verified email', async () => {
    const flow = await authorize(newBrowser());
    const start = await flow.get('/signup');
    const sent = await flow.submit(start.body, '/signup', { email: 'pat@example.com' });
    await mail.next('pat@example.com');
    // Jumping to the last page, or posting it, leads back to the start.
    const skipped = await flow.get('/signup/details');
    expect(skipped.url).toMatch(/\/signup$/);
    const csrf = readForm(sent.body, /\/signup\/code$/).fields.csrf as string;
    const posted = await flow.submit(
      `<form action="${flow.base}/signup/details"><input name="csrf" value="${csrf}"></form>`,
      '/signup/details',
      { password: PASSWORD, confirm: PASSWORD, 'attr.displayName': 'Pat', 'attr.loyaltyNumber': '1' },
    );
    expect(posted.url).toMatch(/\/signup$/);
    expect(await mails()).not.toContain('pat@example.com');
  });

  it('refuses expired, brute-forced and replayed codes, and resends only after the cooldown', async () => {
    const flow = await authorize(newBrowser());
    const start = await flow.get('/signup');
    let page = await flow.submit(start.body, '/signup', { email: 'quinn@example.com' });
    const first = await mail.nextCode('quinn@example.com');

    const early = await flow.submit(page.body, '/signup/resend', {});
    expect(early.status).toBe(429);
    expect(early.body).toMatch(/Wait \d+ seconds/);

    clock.advance(11 * 60_000);
    const expired = await flow.submit(page.body, '/signup/code', { code: first });
    expect(expired.status).toBe(401);
    expect(expired.body).toContain('expired');

    page = await flow.submit(expired.body, '/signup/resend', {});
    expect(page.status).toBe(200);
    expect(page.body).toContain('We sent a new code.');
    const second = await mail.nextCode('quinn@example.com');
    for (let i = 0; i < 5; i++) {
      const guess = String((Number(second) + 1 + i) % 1_000_000).padStart(6, '0');
      page = await flow.submit(page.body, '/signup/code', { code: guess });
      expect(page.status).toBe(401);
    }
    // Five wrong guesses kill the code, even for the right one.
    const late = await flow.submit(page.body, '/signup/code', { code: second });
    expect(late.status).toBe(401);
    expect(late.body).toContain('expired');
  });

  it('holds back many sign-ups from one address', async () => {
    const browser = new Browser({ 'x-forwarded-for': '203.0.113.99' });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const flow = await authorize(browser);
      const start = await flow.get('/signup');
      statuses.push((await flow.submit(start.body, '/signup', { email: `bot${i}@example.com` })).status);
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
  });

  it('signs in with a code sent by email where the flow allows it (amr otp)', async () => {
    const { flow, details } = await signUp('rosa@example.com');
    await flow.submit(details.body, '/signup/details', {
      password: PASSWORD,
      confirm: PASSWORD,
      'attr.displayName': 'Rosa',
      'attr.loyaltyNumber': '3',
    });

    // Contoso Express offers only codes: its first page asks for the email.
    const express = await authorize(newBrowser(), otpApp);
    expect(express.page.body).not.toContain('type="password"');
    const sent = await express.submit(express.page.body, '/otp', { email: 'rosa@example.com' });
    const code = await mail.nextCode('rosa@example.com');
    const done = await express.submit(sent.body, '/otp/code', { code });
    const claims = (await express.tokens(done.redirectedTo)).claims();
    expect(claims?.amr).toEqual(['otp']);
    expect(claims?.email).toBe('rosa@example.com');

    // An address without an account sees the same page and receives nothing.
    const other = await authorize(newBrowser(), otpApp);
    const unknown = await other.submit(other.page.body, '/otp', { email: 'nobody@example.com' });
    expect(unknown.status).toBe(200);
    expect(unknown.body).toContain('nobody@example.com');
    const refused = await other.submit(unknown.body, '/otp/code', { code: '123456' });
    expect(refused.status).toBe(401);
    await gh.gatehouse.mailer.idle();
    expect(sentTo('nobody@example.com')).toBe(0);

    // A flow without passwords offers no password sign-in, even posted directly.
    const passwordless = await authorize(newBrowser(), otpApp);
    const csrf = readForm(passwordless.page.body, /\/otp$/).fields.csrf as string;
    const posted = await passwordless.submit(
      `<form action="${passwordless.base}/login"><input name="csrf" value="${csrf}"></form>`,
      '/login',
      { login: 'rosa@example.com', password: PASSWORD },
    );
    expect(posted.status).toBe(400);
    expect(posted.redirectedTo).toBeUndefined();
  });

  it('resets a forgotten password: code, new password (not the old), every session ends', async () => {
    const { flow, details } = await signUp('sam@example.com');
    const first = await flow.submit(details.body, '/signup/details', {
      password: PASSWORD,
      confirm: PASSWORD,
      'attr.displayName': 'Sam',
      'attr.loyaltyNumber': '9',
    });
    const before = await flow.tokens(first.redirectedTo);
    const userId = before.claims()?.sub as string;
    const userBefore = (await gh.api('GET', `/api/v1/tenants/demo/users/${userId}`)).body;

    clock.advance(60_000);
    const reset = await authorize(newBrowser());
    expect(reset.page.body).toContain('Forgot your password?');
    const start = await reset.get('/reset');
    const sent = await reset.submit(start.body, '/reset', { email: 'sam@example.com' });
    const code = await mail.nextCode('sam@example.com');
    const choose = await reset.submit(sent.body, '/reset/code', { code });
    expect(choose.body).toContain('Choose a new password');
    const reused = await reset.submit(choose.body, '/reset/password', {
      password: PASSWORD,
      confirm: PASSWORD,
    });
    expect(reused.status).toBe(400);
    expect(reused.body).toContain('Choose a password you have not used here before.');
    const done = await reset.submit(reused.body, '/reset/password', {
      password: NEW_PASSWORD,
      confirm: NEW_PASSWORD,
    });
    const after = await reset.tokens(done.redirectedTo);
    expect(after.claims()?.sub).toBe(userId);

    // The refresh token from before the reset is dead; the one from after works.
    await expect(client.refreshTokenGrant(reset.rp, before.refresh_token as string)).rejects.toMatchObject({
      error: 'invalid_grant',
    });
    await expect(client.refreshTokenGrant(reset.rp, after.refresh_token as string)).resolves.toBeTruthy();
    const notice = await mail.next('sam@example.com');
    expect(notice.text).not.toMatch(/\b\d{6}\b/);

    const userAfter = (await gh.api('GET', `/api/v1/tenants/demo/users/${userId}`)).body;
    expect(userAfter.lastPasswordChangeDateTime > userBefore.lastPasswordChangeDateTime).toBe(true);
    await gh.gatehouse.signIns.flush();
    const log = await gh.api('GET', `/api/v1/tenants/demo/auditLogs/signIns?userId=${userId}`);
    expect(log.body.value[0].authenticationDetails).toContainEqual(
      expect.objectContaining({ authenticationStepResultDetail: 'Password reset with a code sent by email' }),
    );

    const oldPassword = await authorize(newBrowser());
    const refused = await oldPassword.submit(oldPassword.page.body, '/login', {
      login: 'sam@example.com',
      password: PASSWORD,
    });
    expect(refused.status).toBe(401);
  });

  it('makes a user whose password must change set a new one right after the first factor', async () => {
    const created = await gh.api('POST', '/api/v1/tenants/demo/users', {
      displayName: 'Tia',
      mail: 'tia@example.com',
      passwordProfile: { password: PASSWORD, forceChangePasswordNextSignIn: true },
    });
    expect(created.status).toBe(201);
    const flow = await authorize(newBrowser());
    const change = await flow.submit(flow.page.body, '/login', {
      login: 'tia@example.com',
      password: PASSWORD,
    });
    expect(change.url).toMatch(/\/change$/);
    expect(change.body).toContain('Your password must be changed before you continue.');
    clock.advance(1000);
    const same = await flow.submit(change.body, '/change', { password: PASSWORD, confirm: PASSWORD });
    expect(same.status).toBe(400);
    const done = await flow.submit(same.body, '/change', { password: NEW_PASSWORD, confirm: NEW_PASSWORD });
    const claims = (await flow.tokens(done.redirectedTo)).claims();
    expect(claims?.amr).toEqual(['pwd']);
    const user = (await gh.api('GET', `/api/v1/tenants/demo/users/${created.body.id}`)).body;
    expect(user.passwordProfile.forceChangePasswordNextSignIn).toBe(false);

    await gh.gatehouse.signIns.flush();
    const log = await gh.api('GET', `/api/v1/tenants/demo/auditLogs/signIns?userId=${created.body.id}`);
    expect(log.body.value.map((e: { status: { errorCode: number } }) => e.status.errorCode)).toEqual([
      0, 50125,
    ]);
  });

  it('offers no sign-up where the flow turns it off, even to a direct request', async () => {
    const closed = await register('Contoso Staff');
    const flow = await gh.api('POST', '/api/v1/tenants/demo/userFlows', {
      displayName: 'Invitation only',
      isSignUpAllowed: false,
      signInMethods: ['emailPassword'],
      attributes: [],
      applications: [closed.appId],
    });
    expect(flow.status).toBe(201);
    const page = await authorize(newBrowser(), closed);
    expect(page.page.body).not.toContain('/signup');
    const direct = await page.get('/signup');
    expect(direct.status).toBe(403);
    expect(direct.body).toContain('This application does not accept new accounts.');
  });

  it('shows the tenant brand with its texts inert, in the page language', async () => {
    const brand = await gh.api('PATCH', '/api/v1/tenants/demo/branding', {
      signInPageText: '<script>alert(1)</script> Welcome to Contoso',
      customPrivacyAndCookiesUrl: 'https://contoso.example/privacy',
      loginPageLayoutConfiguration: { isFooterShown: true },
    });
    expect(brand.status).toBe(200);
    const french = await gh.api('PUT', '/api/v1/tenants/demo/branding/localizations/fr', {
      signInPageText: 'Bienvenue chez Contoso',
      hostedPageStrings: { 'signIn.heading': 'Connexion à {app}, chez Contoso' },
    });
    expect(french.status).toBe(200);

    const english = await authorize(newBrowser());
    expect(english.page.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt; Welcome to Contoso');
    expect(english.page.body).not.toContain('<script>');
    expect(english.page.body).toContain('href="https://contoso.example/privacy"');
    const stylesheet = /<link rel="stylesheet" href="([^"]+brand\.css)">/.exec(english.page.body)?.[1];
    expect(stylesheet).toBeDefined();

    const inFrench = await authorize(newBrowser(), app, { ui_locales: 'fr' });
    expect(inFrench.page.body).toContain('Bienvenue chez Contoso');
    expect(inFrench.page.body).toContain('Connexion à Contoso Shop, chez Contoso');

    const reset = await gh.api('PATCH', '/api/v1/tenants/demo/branding', {
      signInPageText: null,
      customPrivacyAndCookiesUrl: null,
    });
    expect(reset.status).toBe(200);
    expect((await gh.api('DELETE', '/api/v1/tenants/demo/branding/localizations/fr')).status).toBe(204);
  });

  it('speaks the language the app asks for, right to left in Arabic, page and email alike', async () => {
    const flow = await authorize(newBrowser(), app, { ui_locales: 'ar' });
    expect(flow.page.body).toContain('<html lang="ar" dir="rtl">');
    const start = await flow.get('/signup');
    expect(start.body).toContain('dir="rtl"');
    await flow.submit(start.body, '/signup', { email: 'umar@example.com' });
    const email = await mail.next('umar@example.com');
    expect(email.lang).toBe('ar');
    expect(email.html).toContain('dir="rtl"');

    const french = await authorize(
      new Browser({ 'accept-language': 'fr-CA,fr;q=0.9,en;q=0.5', 'x-forwarded-for': '198.51.100.250' }),
    );
    expect(french.page.body).toContain('<html lang="fr" dir="ltr">');
  });
});
