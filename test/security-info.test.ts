import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../src/platform/index.js';
import { Browser, readForm } from './support/browser.js';
import { TEST_DATABASES } from './support/databases.js';
import { type Daemon, startGatehouse, type TestGatehouse } from './support/gatehouse.js';
import { type MailSink, startMailSink } from './support/mail-sink.js';
import { client, relyingParty } from './support/oauth.js';
import { totpCode } from './support/totp.js';

const PASSWORD = 'Correct-Horse-Battery-Staple-42';
const NEW_PASSWORD = 'Purple-Elephant-Marmalade-97';
const NOWHERE = 'http://nowhere.invalid/';
const MFA = 'urn:gatehouse:loa:2';

/**
 * The one rule for security info and second factors, attacked over HTTP: a session that
 * proved only a password changes nothing a second factor protects, and a mailbox that proved
 * the first factor of a sign-in never proves its second.
 */
describe.each(TEST_DATABASES)('security info and second factors on %s', (kind) => {
  const clock = new ManualClock(new Date('2026-12-07T09:00:05Z'));
  let gh: TestGatehouse;
  let mail: MailSink;
  let bank: Daemon;
  let nextUser = 0;
  let nextIp = 30;
  const callback = () => `${gh.baseUrl}/bank/callback`;
  const account = () => `${gh.baseUrl}/t/demo/account`;

  beforeAll(async () => {
    mail = await startMailSink();
    gh = await startGatehouse(kind, {
      clock,
      env: { GATEHOUSE_SMTP_URL: mail.url, GATEHOUSE_TRUSTED_PROXIES: '127.0.0.1/32,::1/128' },
    });
    bank = await gh.registerApp('demo', {
      displayName: 'Contoso Bank',
      web: { redirectUris: [callback()] },
      requireMfa: true,
    });
    // The bank's customers sign in with a password or an emailed code.
    const flow = await gh.api('POST', '/api/v1/tenants/demo/userFlows', {
      displayName: 'Bank',
      signInMethods: ['emailPassword', 'emailOtp'],
      applications: [bank.appId],
    });
    expect(flow.status).toBe(201);
    await gh.api('PATCH', '/api/v1/tenants/demo/authenticationMethodsPolicy', {
      authenticationMethodConfigurations: [{ id: 'Sms', state: 'enabled' }],
    });
  });
  afterAll(async () => {
    await gh?.stop();
    await mail?.close();
  });

  const browser = () =>
    new Browser({
      'x-forwarded-for': `198.51.100.${nextIp++}`,
      'user-agent': 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0',
    });

  /** A user with a password and their mail; with `totp`, an authenticator app too (its secret returned). */
  async function newUser(options: { totp?: boolean } = {}) {
    const address = `holder${++nextUser}@example.com`;
    const created = await gh.api('POST', '/api/v1/tenants/demo/users', {
      displayName: `Holder ${nextUser}`,
      mail: address,
      passwordProfile: { password: PASSWORD },
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    let secret: string | undefined;
    if (options.totp) {
      const enrollment = await gh.gatehouse.mfa.startTotpEnrollment('demo', id, address);
      secret = enrollment.secret;
      expect(
        await gh.gatehouse.mfa.confirmTotpEnrollment('demo', id, enrollment.enrollmentId, totpNow(secret)),
      ).toBe(true);
    }
    return { id, mail: address, secret: secret as string };
  }

  /** A code from the app for the next time step (each step's code is accepted once). */
  function totpNow(secret: string): string {
    clock.advance(30_000);
    return totpCode(secret, clock.now());
  }

  async function methodTypes(userId: string): Promise<string[]> {
    const methods = await gh.api('GET', `/api/v1/tenants/demo/users/${userId}/authentication/methods`);
    return methods.body.value.map((m: { '@odata.type': string }) => m['@odata.type']);
  }

  /** Signs in to the account pages with the password only (no app asks for MFA there). */
  async function accountSession(mailAddress: string, b = browser()) {
    const login = await b.navigate(account(), NOWHERE);
    const form = readForm(login.body, /\/login$/);
    const page = await b.navigate(new URL(form.action, gh.baseUrl), NOWHERE, {
      form: { ...form.fields, login: mailAddress, password: PASSWORD },
    });
    expect(page.url).toBe(account());
    return { browser: b, page };
  }

  /** Posts a form of `body` and stops at the first redirect, to see where it goes. */
  async function post(b: Browser, body: string, action: RegExp, fields: Record<string, string> = {}) {
    const form = readForm(body, action);
    return b.request(new URL(form.action, gh.baseUrl), { form: { ...form.fields, ...fields } });
  }

  /**
   * A redirect to the tenant's authorization endpoint that asks for a second factor: on top of
   * the recent first factor, or (`again`) with both factors entered again.
   */
  function expectStepUp(response: Response, again = false) {
    expect(response.status).toBe(303);
    const location = new URL(response.headers.get('location') as string);
    expect(location.pathname).toBe('/t/demo/oauth2/authorize');
    expect(location.searchParams.get('client_id')).toBe('gatehouse-account');
    expect(location.searchParams.get('acr_values')).toBe(MFA);
    expect(location.searchParams.get('max_age')).toBe(again ? '0' : '600');
    expect(location.searchParams.get('prompt')).toBe(again ? 'login' : null);
  }

  describe('changing security info from a session that proved only a password', () => {
    it('refuses every change and steps up instead, for a user who has a second factor', async () => {
      const user = await newUser({ totp: true });
      const { browser: b } = await accountSession(user.mail);
      const security = await b.navigate(`${account()}/security`, NOWHERE);
      const before = await methodTypes(user.id);

      expectStepUp(await post(b, security.body, /\/security\/recovery-codes$/));
      const totpItem = /<li class="method" data-method="totp">[\s\S]*?<\/li>/.exec(
        security.body,
      )?.[0] as string;
      expectStepUp(await post(b, totpItem, /\/security\/remove$/));
      for (const path of ['/security/totp', '/security/phone', '/security/passkey'])
        expectStepUp(await b.request(`${account()}${path}`));

      const identities = await b.navigate(`${account()}/identities`, NOWHERE);
      const csrf = readForm(identities.body, /\/logout$/).fields.csrf as string;
      expectStepUp(
        await b.request(`${account()}/identities/link`, {
          form: { csrf, provider: '00000000-0000-4000-8000-000000000000' },
        }),
      );
      expectStepUp(
        await b.request(`${account()}/identities/unlink`, {
          form: { csrf, issuer: 'google.com', issuerAssignedId: '1' },
        }),
      );

      const password = await b.navigate(`${account()}/password`, NOWHERE);
      expectStepUp(
        await post(b, password.body, /\/password$/, {
          current: PASSWORD,
          password: NEW_PASSWORD,
          confirm: NEW_PASSWORD,
        }),
      );
      const privacy = await b.navigate(`${account()}/privacy`, NOWHERE);
      expectStepUp(await post(b, privacy.body, /\/export$/));
      // Just signed in with the password: deleting still wants the second factor.
      const remove = await b.navigate(`${account()}/delete`, NOWHERE);
      expect(remove.body).not.toMatch(/action="[^"]*\/delete"/);
      expectStepUp(await b.request(`${account()}/delete`, { form: { csrf } }));

      // Nothing changed: same methods, same password, the user is still there.
      expect(await methodTypes(user.id)).toEqual(before);
      const stillOld = await accountSession(user.mail);
      expect(stillOld.page.status).toBe(200);
    });

    it('lets the change through once the session proves the second factor, for ten minutes', async () => {
      const user = await newUser({ totp: true });
      const { browser: b } = await accountSession(user.mail);
      const security = await b.navigate(`${account()}/security`, NOWHERE);
      const stepUp = await post(b, security.body, /\/security\/recovery-codes$/);
      // The tenant's own MFA page: the authenticator app, then back to the security page.
      const mfa = await b.navigate(new URL(stepUp.headers.get('location') as string), NOWHERE);
      expect(mfa.status).toBe(200);
      const totp = await b.navigate(`${mfa.url}/totp`, NOWHERE);
      const back = await b.navigate(
        new URL(readForm(totp.body, /\/mfa\/totp$/).action, gh.baseUrl),
        NOWHERE,
        { form: { ...readForm(totp.body, /\/mfa\/totp$/).fields, code: totpNow(user.secret) } },
      );
      expect(back.url).toBe(`${account()}/security`);
      const codes = await b
        .navigate(`${account()}/security`, NOWHERE)
        .then((page) =>
          b.navigate(
            new URL(readForm(page.body, /\/security\/recovery-codes$/).action, gh.baseUrl),
            NOWHERE,
            { form: readForm(page.body, /\/security\/recovery-codes$/).fields },
          ),
        );
      expect(codes.status).toBe(200);
      expect(codes.body).toMatch(/<li><code>[^<]+<\/code><\/li>/);

      clock.advance(11 * 60_000);
      const later = await b.navigate(`${account()}/security`, NOWHERE);
      expectStepUp(await post(b, later.body, /\/security\/recovery-codes$/), true);
    });

    it('lets a user with no second factor register the first one right after signing in', async () => {
      await gh.api('PATCH', '/api/v1/tenants/demo/authenticationMethodsPolicy', {
        authenticationMethodConfigurations: [{ id: 'Email', state: 'disabled' }],
      });
      try {
        const user = await newUser();
        const { browser: b } = await accountSession(user.mail);
        const setup = await b.navigate(`${account()}/security/totp`, NOWHERE);
        expect(setup.status).toBe(200);
        const secret = /Enter this key in the app: ([A-Z2-7]+)/.exec(setup.body)?.[1] as string;
        const added = await b.navigate(
          new URL(readForm(setup.body, /\/security\/totp\?/).action, gh.baseUrl),
          NOWHERE,
          { form: { ...readForm(setup.body, /\/security\/totp\?/).fields, code: totpNow(secret) } },
        );
        expect(added.body).toContain('Your authenticator app was added.');
        // Now the user has one: the next change needs it.
        expectStepUp(await post(b, added.body, /\/security\/recovery-codes$/));
      } finally {
        await gh.api('PATCH', '/api/v1/tenants/demo/authenticationMethodsPolicy', {
          authenticationMethodConfigurations: [{ id: 'Email', state: 'enabled' }],
        });
      }
    });
  });

  describe('a mailbox proves one factor of a sign-in, not two', () => {
    /** Opens the bank's sign-in page (it requires MFA). */
    async function openBank(b: Browser) {
      const rp = await relyingParty(gh.baseUrl, 'demo', bank.appId, client.ClientSecretBasic(bank.secret));
      const verifier = client.randomPKCECodeVerifier();
      const url = client.buildAuthorizationUrl(rp, {
        redirect_uri: callback(),
        scope: 'openid',
        code_challenge: await client.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
      });
      const page = await b.navigate(url, callback());
      return { page, base: new URL(page.url).pathname, rp, verifier };
    }

    async function emailCodeSignIn(b: Browser, address: string) {
      const { base, rp, verifier } = await openBank(b);
      const start = await b.navigate(`${gh.baseUrl}${base}/otp`, callback());
      const sent = await b.navigate(new URL(readForm(start.body, /\/otp$/).action, gh.baseUrl), callback(), {
        form: { ...readForm(start.body, /\/otp$/).fields, email: address },
      });
      const code = await mail.nextCode(address);
      const next = await b.navigate(
        new URL(readForm(sent.body, /\/otp\/code$/).action, gh.baseUrl),
        callback(),
        { form: { ...readForm(sent.body, /\/otp\/code$/).fields, code } },
      );
      return { next, base, rp, verifier };
    }

    it('after an emailed code as the first factor, the email is not offered again and cannot be forced', async () => {
      const user = await newUser({ totp: true });
      const b = browser();
      const { next, base, rp, verifier } = await emailCodeSignIn(b, user.mail);
      expect(next.url).toBe(`${gh.baseUrl}${base}/mfa`);
      expect(next.body).not.toContain(`${base}/mfa/email`);
      expect(next.body).toContain(`${base}/mfa/totp`);
      // Posting to the email option anyway sends nothing and returns to the choice.
      const mailed = mail.received.length;
      const forced = await b.request(`${gh.baseUrl}${base}/mfa/email`, {
        form: { csrf: readForm(next.body, /\/abort$/).fields.csrf as string },
      });
      expect(forced.status).toBe(303);
      expect(forced.headers.get('location')).toMatch(/\/mfa$/);
      expect(mail.received.length).toBe(mailed);

      // The authenticator app does it: two different proofs.
      const totp = await b.navigate(`${gh.baseUrl}${base}/mfa/totp`, callback());
      const done = await b.navigate(
        new URL(readForm(totp.body, /\/mfa\/totp$/).action, gh.baseUrl),
        callback(),
        {
          form: { ...readForm(totp.body, /\/mfa\/totp$/).fields, code: totpNow(user.secret) },
        },
      );
      const tokens = await client.authorizationCodeGrant(rp, new URL(done.redirectedTo as string), {
        pkceCodeVerifier: verifier,
      });
      expect(tokens.claims()?.amr).toEqual(expect.arrayContaining(['otp', 'mfa']));
    });

    it('a user whose only second factor is that mailbox is told so, and gets no token', async () => {
      const user = await newUser();
      const b = browser();
      const { next } = await emailCodeSignIn(b, user.mail);
      expect(next.status).toBe(403);
      expect(next.body).toContain('Your email already proved the first step of this sign-in');
      expect(next.redirectedTo).toBeUndefined();
    });

    it('a reset by emailed code asks for the authenticator app before the new password, never the email', async () => {
      const user = await newUser({ totp: true });
      const b = browser();
      const { base, rp, verifier } = await openBank(b);
      const reset = await b.navigate(`${gh.baseUrl}${base}/reset`, callback());
      const sent = await b.navigate(
        new URL(readForm(reset.body, /\/reset$/).action, gh.baseUrl),
        callback(),
        {
          form: { ...readForm(reset.body, /\/reset$/).fields, email: user.mail },
        },
      );
      const code = await mail.nextCode(user.mail);
      const mfa = await b.navigate(
        new URL(readForm(sent.body, /\/reset\/code$/).action, gh.baseUrl),
        callback(),
        { form: { ...readForm(sent.body, /\/reset\/code$/).fields, code } },
      );
      // The mailbox alone does not choose the password of a user who holds an authenticator app.
      expect(mfa.url).toBe(`${gh.baseUrl}${base}/mfa`);
      expect(mfa.body).not.toContain(`${base}/mfa/email`);
      expect(mfa.body).toContain(`${base}/mfa/totp`);
      const csrf = readForm(mfa.body, /\/abort$/).fields.csrf as string;
      const skipped = await b.request(`${gh.baseUrl}${base}/reset/password`, {
        form: { csrf, password: NEW_PASSWORD, confirm: NEW_PASSWORD },
      });
      expect(skipped.status).toBe(303);
      expect(skipped.headers.get('location')).toMatch(/\/reset$/);
      // Still the old password: a later sign-in with the attacker's new one fails.
      const attempt = browser();
      const { page: signInPage } = await openBank(attempt);
      const refused = await attempt.navigate(
        new URL(readForm(signInPage.body, /\/login$/).action, gh.baseUrl),
        callback(),
        {
          form: { ...readForm(signInPage.body, /\/login$/).fields, login: user.mail, password: NEW_PASSWORD },
        },
      );
      expect(refused.status).toBe(401);

      // The app's code, then the new password: signed in with both factors.
      const totp = await b.navigate(`${mfa.url}/totp`, callback());
      const choose = await b.navigate(
        new URL(readForm(totp.body, /\/mfa\/totp$/).action, gh.baseUrl),
        callback(),
        {
          form: { ...readForm(totp.body, /\/mfa\/totp$/).fields, code: totpNow(user.secret) },
        },
      );
      expect(choose.url).toBe(`${gh.baseUrl}${base}/reset/password`);
      const done = await b.navigate(
        new URL(readForm(choose.body, /\/reset\/password$/).action, gh.baseUrl),
        callback(),
        {
          form: {
            ...readForm(choose.body, /\/reset\/password$/).fields,
            password: NEW_PASSWORD,
            confirm: NEW_PASSWORD,
          },
        },
      );
      const tokens = await client.authorizationCodeGrant(rp, new URL(done.redirectedTo as string), {
        pkceCodeVerifier: verifier,
      });
      expect(tokens.claims()?.amr).toEqual(expect.arrayContaining(['otp', 'mfa']));
    });

    it('after a password, the email is a second factor', async () => {
      const user = await newUser();
      const b = browser();
      const { page, base } = await openBank(b);
      const mfa = await b.navigate(new URL(readForm(page.body, /\/login$/).action, gh.baseUrl), callback(), {
        form: { ...readForm(page.body, /\/login$/).fields, login: user.mail, password: PASSWORD },
      });
      expect(mfa.url).toBe(`${gh.baseUrl}${base}/mfa`);
      expect(mfa.body).toContain(`${base}/mfa/email`);
    });
  });

  describe('setting up an authenticator app', () => {
    it('keeps the key just scanned after a mistyped code, and says when a code was just used', async () => {
      const user = await newUser({ totp: true });
      // The account page, after proving the app already held.
      const { browser: b } = await accountSession(user.mail);
      const stepUp = await b.request(`${account()}/security/totp`);
      const mfa = await b.navigate(new URL(stepUp.headers.get('location') as string), NOWHERE);
      const base = new URL(mfa.url).pathname.replace(/\/mfa$/, '');
      const totp = await b.navigate(`${gh.baseUrl}${base}/mfa/totp`, NOWHERE);
      const used = totpNow(user.secret);
      const setup = await b.navigate(
        new URL(readForm(totp.body, /\/mfa\/totp$/).action, gh.baseUrl),
        NOWHERE,
        {
          form: { ...readForm(totp.body, /\/mfa\/totp$/).fields, code: used },
        },
      );
      expect(setup.url).toBe(`${account()}/security/totp`);
      const secret = /Enter this key in the app: ([A-Z2-7]+)/.exec(setup.body)?.[1] as string;

      const wrong = await b.navigate(
        new URL(readForm(setup.body, /\/security\/totp\?/).action, gh.baseUrl),
        NOWHERE,
        {
          form: { ...readForm(setup.body, /\/security\/totp\?/).fields, code: '000000' },
        },
      );
      expect(wrong.status).toBe(400);
      expect(wrong.body).toContain('That code is not right.');
      expect(/Enter this key in the app: ([A-Z2-7]+)/.exec(wrong.body)?.[1]).toBe(secret);
      const added = await b.navigate(
        new URL(readForm(wrong.body, /\/security\/totp\?/).action, gh.baseUrl),
        NOWHERE,
        {
          form: { ...readForm(wrong.body, /\/security\/totp\?/).fields, code: totpCode(secret, clock.now()) },
        },
      );
      expect(added.body).toContain('Your authenticator app was added.');

      // At sign-in, the code of a time step already used reads as such, not as a wrong code.
      const again = browser();
      const rp = await relyingParty(gh.baseUrl, 'demo', bank.appId, client.ClientSecretBasic(bank.secret));
      const page = await again.navigate(
        client.buildAuthorizationUrl(rp, {
          redirect_uri: callback(),
          scope: 'openid',
          code_challenge: await client.calculatePKCECodeChallenge(client.randomPKCECodeVerifier()),
          code_challenge_method: 'S256',
        }),
        callback(),
      );
      const choice = await again.navigate(
        new URL(readForm(page.body, /\/login$/).action, gh.baseUrl),
        callback(),
        {
          form: { ...readForm(page.body, /\/login$/).fields, login: user.mail, password: PASSWORD },
        },
      );
      const codePage = await again.navigate(`${new URL(choice.url).href}/totp`, callback());
      const replayed = await again.navigate(
        new URL(readForm(codePage.body, /\/mfa\/totp$/).action, gh.baseUrl),
        callback(),
        { form: { ...readForm(codePage.body, /\/mfa\/totp$/).fields, code: used } },
      );
      expect(replayed.status).toBe(401);
      expect(replayed.body).toContain('This code was just used. Wait for the next code in your app.');
    });
  });
});
