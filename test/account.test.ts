import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../src/platform/index.js';
import { outboxCode, proveMfaOnAccountPages } from './support/account-step-up.js';
import { Browser, readForm } from './support/browser.js';
import { TEST_DATABASES } from './support/databases.js';
import { type Daemon, startGatehouse, type TestGatehouse } from './support/gatehouse.js';
import { client, relyingParty } from './support/oauth.js';
import { SoftwareAuthenticator } from './support/software-authenticator.js';
import { totpCode } from './support/totp.js';

const PASSWORD = 'Correct-Horse-Battery-Staple-42';
const NEW_PASSWORD = 'Purple-Elephant-Marmalade-97';
const NOWHERE = 'http://nowhere.invalid/';
const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0';

describe.each(TEST_DATABASES)('self-service account pages on %s', (kind) => {
  const clock = new ManualClock(new Date());
  let gh: TestGatehouse;
  let shop: Daemon;
  let shopCallback: string;
  let account: string;
  let nextUser = 0;

  beforeAll(async () => {
    gh = await startGatehouse(kind, { clock });
    account = `${gh.baseUrl}/t/demo/account`;
    shopCallback = `${gh.baseUrl}/shop/callback`;
    const registered = await gh.api('POST', '/api/v1/tenants/demo/applications', {
      displayName: 'Contoso Shop',
      web: { redirectUris: [shopCallback] },
    });
    const secret = await gh.api(
      'POST',
      `/api/v1/tenants/demo/applications/${registered.body.id}/addPassword`,
      {},
    );
    shop = { id: registered.body.id, appId: registered.body.appId, secret: secret.body.secretText };
  });
  afterAll(() => gh?.stop());

  async function newUser(displayName = 'Alice Example') {
    const mail = `user${++nextUser}@example.com`;
    const user = await gh.api('POST', '/api/v1/tenants/demo/users', {
      displayName,
      mail,
      passwordProfile: { password: PASSWORD },
    });
    expect(user.status).toBe(201);
    return { id: user.body.id as string, mail };
  }

  /**
   * Opens the account pages: redirected to the tenant's sign-in page, then back, signed in.
   * With `mfa`, the session then proves the emailed code too, as changing security info needs.
   */
  async function signIn(
    mail: string,
    browser = new Browser({ 'user-agent': FIREFOX }),
    password = PASSWORD,
    { mfa = false } = {},
  ) {
    const login = await browser.navigate(account, NOWHERE);
    expect(login.status).toBe(200);
    const form = readForm(login.body, /\/login$/);
    let page = await browser.navigate(new URL(form.action, gh.baseUrl), NOWHERE, {
      form: { ...form.fields, login: mail, password },
    });
    if (mfa) {
      await proveMfaOnAccountPages(gh, browser, account, () => outboxCode(gh, 'demo', mail));
      page = await browser.navigate(account, NOWHERE);
    }
    return { browser, page };
  }

  /** Signed in with the second factor proved: allowed to change security info. */
  const signInWithMfa = (mail: string) => signIn(mail, undefined, undefined, { mfa: true });

  /** Submits the first form on a page whose action matches, with extra fields. */
  async function submit(browser: Browser, body: string, action: RegExp, fields: Record<string, string> = {}) {
    const form = readForm(body, action);
    return browser.navigate(new URL(form.action, gh.baseUrl), NOWHERE, {
      form: { ...form.fields, ...fields },
    });
  }

  async function shopSignIn(browser: Browser, mail: string) {
    const rp = await relyingParty(gh.baseUrl, 'demo', shop.appId, client.ClientSecretBasic(shop.secret));
    const verifier = client.randomPKCECodeVerifier();
    const url = client.buildAuthorizationUrl(rp, {
      redirect_uri: shopCallback,
      scope: 'openid offline_access',
      prompt: 'consent',
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
    });
    let result = await browser.navigate(url, shopCallback);
    if (!result.redirectedTo) {
      const form = readForm(result.body, /\/login$/);
      result = await browser.navigate(new URL(form.action, gh.baseUrl), shopCallback, {
        form: { ...form.fields, login: mail, password: PASSWORD },
      });
    }
    const tokens = await client.authorizationCodeGrant(rp, new URL(result.redirectedTo as string), {
      pkceCodeVerifier: verifier,
      idTokenExpected: true,
    });
    return { rp, tokens };
  }

  it('signs in through the tenant, shows the profile and saves it, keeping bad input with its error', async () => {
    const user = await newUser();
    const anonymous = await new Browser().request(account);
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('location')).toBe('/t/demo/account/login');

    const { browser, page } = await signIn(user.mail);
    expect(page.status).toBe(200);
    expect(page.url).toBe(`${account}`);
    expect(page.body).toContain('Your account');
    expect(page.body).toContain(`Email address: ${user.mail}`);
    expect(page.body).toContain('value="Alice Example"');

    const tooLong = 'x'.repeat(300);
    const refused = await submit(browser, page.body, /\/profile$/, { 'attr.displayName': tooLong });
    expect(refused.status).toBe(400);
    expect(refused.body).toContain('Enter at most 256 characters.');
    expect(refused.body).toContain(`value="${tooLong}"`);
    expect((await gh.api('GET', `/api/v1/tenants/demo/users/${user.id}`)).body.displayName).toBe(
      'Alice Example',
    );

    const saved = await submit(browser, page.body, /\/profile$/, { 'attr.displayName': 'Alice <Cooper>' });
    expect(saved.status).toBe(200);
    expect(saved.body).toContain('Your profile was saved.');
    expect(saved.body).toContain('value="Alice &lt;Cooper&gt;"');
    expect((await gh.api('GET', `/api/v1/tenants/demo/users/${user.id}`)).body.displayName).toBe(
      'Alice <Cooper>',
    );

    // The pages follow the browser's language and carry the strict CSP of the hosted pages.
    const german = await browser.request(account, {});
    expect(german.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    const de = new Browser({ 'accept-language': 'de' });
    const dePage = await signIn(user.mail, de);
    expect(dePage.page.body).toContain('Ihr Konto');
  });

  it('refuses every form post without this session’s CSRF token', async () => {
    const user = await newUser();
    const { browser, page } = await signIn(user.mail);
    const posts = [
      '/profile',
      '/password',
      '/security/remove',
      '/security/recovery-codes',
      '/security/phone',
      '/security/phone/verify',
      '/security/passkey',
      '/sessions/end',
      '/export',
      '/delete',
      '/logout',
    ];
    for (const path of posts) {
      const missing = await browser.request(`${account}${path}`, { form: { 'attr.displayName': 'Mallory' } });
      expect(missing.status, path).toBe(403);
      const tampered = await browser.request(`${account}${path}`, {
        form: { csrf: 'x'.repeat(43), all: 'true' },
      });
      expect(tampered.status, path).toBe(403);
    }
    // A token from another session (another browser of the same user) does not work either.
    const other = await signIn(user.mail);
    const foreign = readForm(other.page.body, /\/profile$/).fields.csrf as string;
    const crossed = await browser.request(`${account}/profile`, {
      form: { csrf: foreign, 'attr.displayName': 'Mallory' },
    });
    expect(crossed.status).toBe(403);
    expect(page.status).toBe(200);
    expect((await gh.api('GET', `/api/v1/tenants/demo/users/${user.id}`)).body.displayName).toBe(
      'Alice Example',
    );
  });

  it('changes the password only with the current one, and ends every session and refresh token', async () => {
    const user = await newUser();
    const shopBrowser = new Browser();
    const { rp, tokens } = await shopSignIn(shopBrowser, user.mail);
    expect(tokens.refresh_token).toBeTruthy();

    const { browser } = await signInWithMfa(user.mail);
    const page = await browser.navigate(`${account}/password`, NOWHERE);
    expect(page.status).toBe(200);
    const wrong = await submit(browser, page.body, /\/password$/, {
      current: 'not-my-password',
      password: NEW_PASSWORD,
      confirm: NEW_PASSWORD,
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body).toContain('Your current password is not correct.');
    const same = await submit(browser, page.body, /\/password$/, {
      current: PASSWORD,
      password: PASSWORD,
      confirm: PASSWORD,
    });
    expect(same.body).toContain('Choose a password you have not used here before.');
    const mismatch = await submit(browser, page.body, /\/password$/, {
      current: PASSWORD,
      password: NEW_PASSWORD,
      confirm: `${NEW_PASSWORD}x`,
    });
    expect(mismatch.body).toContain('The two passwords do not match.');
    // Still the old password: the shop's refresh token works.
    const refreshed = await client.refreshTokenGrant(rp, tokens.refresh_token as string);

    const changed = await submit(browser, page.body, /\/password$/, {
      current: PASSWORD,
      password: NEW_PASSWORD,
      confirm: NEW_PASSWORD,
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toContain('Your password was changed');
    await expect(client.refreshTokenGrant(rp, refreshed.refresh_token as string)).rejects.toMatchObject({
      error: 'invalid_grant',
    });
    // The account pages themselves sign in again, now with the new password.
    const again = await browser.request(account);
    expect(again.status).toBe(303);
    const fresh = await signIn(user.mail, new Browser(), NEW_PASSWORD);
    expect(fresh.page.body).toContain('Your account');
  });

  it('stops checking the current password after five wrong ones', async () => {
    const user = await newUser();
    const { browser } = await signInWithMfa(user.mail);
    const page = await browser.navigate(`${account}/password`, NOWHERE);
    for (let i = 0; i < 5; i++) {
      const wrong = await submit(browser, page.body, /\/password$/, {
        current: `guess-${i}`,
        password: NEW_PASSWORD,
        confirm: NEW_PASSWORD,
      });
      expect(wrong.status).toBe(400);
    }
    const blocked = await submit(browser, page.body, /\/password$/, {
      current: PASSWORD,
      password: NEW_PASSWORD,
      confirm: NEW_PASSWORD,
    });
    expect(blocked.status).toBe(429);
    expect(blocked.body).toContain('Too many attempts.');
    // The password did not change: the old one still signs in.
    expect((await signIn(user.mail)).page.body).toContain('Your account');
  });

  it('lists methods, issues recovery codes once, and never removes the last second factor an app requires', async () => {
    const user = await newUser();
    const { browser } = await signInWithMfa(user.mail);
    let page = await browser.navigate(`${account}/security`, NOWHERE);
    expect(page.body).toContain('data-method="password"');
    expect(page.body).toContain('data-method="email"');

    page = await submit(browser, page.body, /\/security\/recovery-codes$/);
    expect(page.status).toBe(200);
    const codes = [...page.body.matchAll(/<li><code>([^<]+)<\/code><\/li>/g)].map((m) => m[1]);
    expect(codes.length).toBeGreaterThanOrEqual(8);
    const listed = await browser.navigate(`${account}/security`, NOWHERE);
    expect(listed.body).toContain('data-method="recoveryCodes"');
    expect(listed.body).not.toContain(codes[0]);

    // Email codes off, an app that requires MFA: the recovery codes are the only second factor left.
    await gh.api('PATCH', '/api/v1/tenants/demo/authenticationMethodsPolicy', {
      authenticationMethodConfigurations: [{ id: 'Email', state: 'disabled' }],
    });
    await gh.api('PATCH', `/api/v1/tenants/demo/applications/${shop.id}`, { requireMfa: true });
    try {
      const refused = await submit(browser, listed.body, /\/security\/remove$/);
      expect(refused.status).toBe(409);
      expect(refused.body).toContain('Add another method before you remove this one.');
      expect(refused.body).toContain('data-method="recoveryCodes"');
    } finally {
      await gh.api('PATCH', `/api/v1/tenants/demo/applications/${shop.id}`, { requireMfa: false });
    }
    const removed = await submit(browser, listed.body, /\/security\/remove$/);
    expect(removed.status).toBe(200);
    expect(removed.body).toContain('The method was removed.');
    expect(removed.body).not.toContain('data-method="recoveryCodes"');
    const methods = await gh.api('GET', `/api/v1/tenants/demo/users/${user.id}/authentication/methods`);
    expect(JSON.stringify(methods.body)).not.toContain('recoveryCode');
    await gh.api('PATCH', '/api/v1/tenants/demo/authenticationMethodsPolicy', {
      authenticationMethodConfigurations: [{ id: 'Email', state: 'enabled' }],
    });
  });

  it('adds an authenticator app, renames and removes a passkey', async () => {
    const user = await newUser();
    const { browser } = await signInWithMfa(user.mail);
    const security = await browser.navigate(`${account}/security`, NOWHERE);
    expect(security.body).toContain('Add an authenticator app');
    const setup = await browser.navigate(`${account}/security/totp`, NOWHERE);
    const secret = /Enter this key in the app: ([A-Z2-7]+)/.exec(setup.body)?.[1] as string;
    expect(secret).toBeTruthy();
    const wrong = await submit(browser, setup.body, /\/security\/totp\?/, { code: '000000' });
    expect(wrong.status).toBe(400);
    expect(wrong.body).toContain('That code is not right.');
    // The key just scanned stays: a mistyped code does not replace it.
    expect(/Enter this key in the app: ([A-Z2-7]+)/.exec(wrong.body)?.[1]).toBe(secret);
    const added = await submit(browser, wrong.body, /\/security\/totp\?/, {
      code: totpCode(secret, clock.now()),
    });
    expect(added.body).toContain('Your authenticator app was added.');
    expect(added.body).toContain('data-method="totp"');

    const authenticator = new SoftwareAuthenticator({ origin: gh.baseUrl });
    const { challengeId, options } = await gh.gatehouse.passkeys.registrationOptions('demo', {
      id: user.id,
      name: user.mail,
      displayName: user.mail,
    });
    await gh.gatehouse.passkeys.register(
      'demo',
      user.id,
      challengeId,
      authenticator.createCredential(options),
    );
    const withPasskey = await browser.navigate(`${account}/security`, NOWHERE);
    expect(withPasskey.body).toContain('data-method="passkey"');
    const badName = await submit(browser, withPasskey.body, /\/passkeys\/rename$/, { name: 'x'.repeat(65) });
    expect(badName.status).toBe(400);
    expect(badName.body).toContain('Enter a name of 1 to 64 characters.');
    const renamed = await submit(browser, withPasskey.body, /\/passkeys\/rename$/, { name: 'Work laptop' });
    expect(renamed.body).toContain('The passkey was renamed.');
    expect((await gh.gatehouse.passkeys.list('demo', user.id))[0]?.displayName).toBe('Work laptop');

    const passkeyItem = /<li class="method" data-method="passkey">[\s\S]*?<\/li>/.exec(
      renamed.body,
    )?.[0] as string;
    const removed = await submit(browser, passkeyItem, /\/security\/remove$/);
    expect(removed.body).toContain('The method was removed.');
    expect(await gh.gatehouse.passkeys.list('demo', user.id)).toEqual([]);
  });

  it('adds a phone number only once the code texted to it comes back', async () => {
    const user = await newUser();
    const { browser } = await signInWithMfa(user.mail);
    // Texted codes are off by default: no way to add a phone.
    expect((await browser.navigate(`${account}/security`, NOWHERE)).body).not.toContain('Add a phone number');
    expect((await browser.request(`${account}/security/phone`)).status).toBe(404);
    await gh.api('PATCH', '/api/v1/tenants/demo/authenticationMethodsPolicy', {
      authenticationMethodConfigurations: [{ id: 'Sms', state: 'enabled' }],
    });
    try {
      const security = await browser.navigate(`${account}/security`, NOWHERE);
      expect(security.body).toContain('Add a phone number');
      const page = await browser.navigate(`${account}/security/phone`, NOWHERE);
      const invalid = await submit(browser, page.body, /\/security\/phone$/, { phone: '12' });
      expect(invalid.status).toBe(400);
      expect(invalid.body).toContain('Enter a valid mobile phone number');

      const sent = await submit(browser, page.body, /\/security\/phone$/, { phone: '+1 425 555 0142' });
      expect(sent.status).toBe(200);
      expect(sent.body).toContain('Enter the code we texted to +14•••••••42.');
      const outbox = await gh.api('GET', '/api/v1/tenants/demo/smsOutbox?$top=1');
      expect(outbox.body.value[0].to).toBe('+14255550142');
      const code = /\b(\d{6})\b/.exec(outbox.body.value[0].text)?.[1] as string;

      const wrong = await submit(browser, sent.body, /\/phone\/verify$/, {
        code: code === '000000' ? '111111' : '000000',
      });
      expect(wrong.status).toBe(400);
      expect(wrong.body).toContain('That code is not right. You have 4 more tries.');
      const before = await gh.api('GET', `/api/v1/tenants/demo/users/${user.id}/authentication/methods`);
      expect(JSON.stringify(before.body)).not.toContain('+14255550142');

      // Another user's session cannot spend this user's challenge, even with the right code.
      const other = await newUser();
      const otherSession = await signInWithMfa(other.mail);
      const otherPage = await otherSession.browser.navigate(`${account}/security/phone`, NOWHERE);
      const pending = readForm(wrong.body, /\/phone\/verify$/).fields.pending as string;
      const crossed = await submit(otherSession.browser, otherPage.body, /\/security\/phone$/, {});
      const stolen = await submit(otherSession.browser, crossed.body, /\/security\/phone$/, {
        phone: '+14255550199',
      });
      const refused = await submit(otherSession.browser, stolen.body, /\/phone\/verify$/, { pending, code });
      expect(refused.status).toBe(400);
      expect(refused.body).toContain('That code has expired');

      const added = await submit(browser, wrong.body, /\/phone\/verify$/, { code });
      expect(added.status).toBe(200);
      expect(added.body).toContain('Your phone number was added.');
      const item = /<li class="method" data-method="phone">[\s\S]*?<\/li>/.exec(added.body)?.[0] as string;
      expect(item).toContain('+14255550142');
      const after = await gh.api('GET', `/api/v1/tenants/demo/users/${user.id}/authentication/methods`);
      expect(JSON.stringify(after.body)).toContain('+14255550142');
      const otherMethods = await gh.api(
        'GET',
        `/api/v1/tenants/demo/users/${other.id}/authentication/methods`,
      );
      expect(JSON.stringify(otherMethods.body)).not.toContain('+1425555');
      // The code works once.
      const again = await submit(browser, wrong.body, /\/phone\/verify$/, { code });
      expect(again.status).toBe(400);
    } finally {
      await gh.api('PATCH', '/api/v1/tenants/demo/authenticationMethodsPolicy', {
        authenticationMethodConfigurations: [{ id: 'Sms', state: 'disabled' }],
      });
    }
  });

  it('adds a passkey through the hosted passkey page, the only page allowed to run a script', async () => {
    const user = await newUser();
    const { browser } = await signInWithMfa(user.mail);
    const security = await browser.navigate(`${account}/security`, NOWHERE);
    expect(security.body).toContain('Add a passkey');
    expect(security.body).not.toContain('data-method="passkey"');
    const securityHeaders = await browser.request(`${account}/security`);
    expect(securityHeaders.headers.get('content-security-policy')).not.toContain('script-src');

    const response = await browser.request(`${account}/security/passkey`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    const body = await response.text();
    expect(body).toContain('/t/demo/u/assets/passkey.js');
    const options = JSON.parse(
      /<script type="application\/json" id="passkey-options">([\s\S]*?)<\/script>/.exec(body)?.[1] as string,
    );

    const authenticator = new SoftwareAuthenticator({ origin: gh.baseUrl });
    const broken = await submit(browser, body, /\/security\/passkey$/, { response: '{"id":"x"}' });
    expect(broken.status).toBe(400);
    expect(broken.body).toContain('The passkey could not be saved.');
    // The refused answer spent nothing: the page's challenge still registers the passkey.
    const added = await submit(browser, body, /\/security\/passkey$/, {
      response: JSON.stringify(authenticator.createCredential(options)),
    });
    expect(added.status).toBe(200);
    expect(added.url).toBe(`${account}/security?done=passkey`);
    expect(added.body).toContain('Your passkey was added.');
    expect(added.body).toContain('data-method="passkey"');
    expect(await gh.gatehouse.passkeys.list('demo', user.id)).toHaveLength(1);
  });

  it('signs out through the tenant, and ends when an administrator ends the sessions', async () => {
    const user = await newUser();
    const { browser, page } = await signIn(user.mail);
    const confirm = await submit(browser, page.body, /\/account\/logout$/);
    expect(confirm.status).toBe(200);
    const signedOut = await submit(browser, confirm.body, /logout/, { logout: 'yes' });
    // The tenant's signed-out page loads the account pages' front-channel logout URL, then moves on.
    expect(signedOut.body).toContain(`${account}/frontchannel-logout?iss=`);
    const frame = await browser.request(
      /<iframe hidden src="([^"]+)"/.exec(signedOut.body)?.[1]?.replaceAll('&amp;', '&') as string,
    );
    expect(frame.status).toBe(200);
    expect(frame.headers.get('content-security-policy')).toContain("frame-ancestors 'self'");
    const done = await browser.navigate(`${account}/signed-out`, NOWHERE);
    expect(done.body).toContain('You are signed out.');
    expect((await browser.request(account)).status).toBe(303);

    const second = await signIn(user.mail);
    expect((await second.browser.request(account)).status).toBe(200);
    const revoked = await gh.api('POST', `/api/v1/tenants/demo/users/${user.id}/revokeSignInSessions`);
    expect(revoked.status).toBeLessThan(300);
    expect((await second.browser.request(account)).status).toBe(303);
  });

  it('lists the active sessions with their device and ends one or all', async () => {
    const user = await newUser();
    const phone = new Browser({
      'user-agent':
        'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
    });
    await shopSignIn(phone, user.mail);
    const { browser } = await signIn(user.mail);
    await gh.gatehouse.signIns.flush();
    const page = await browser.navigate(`${account}/sessions`, NOWHERE);
    expect(page.status).toBe(200);
    const sessions = [...page.body.matchAll(/<li class="session">([\s\S]*?)<\/li>/g)].map(
      (m) => m[1] as string,
    );
    expect(sessions).toHaveLength(2);
    const current = sessions.find((s) => s.includes('This browser')) as string;
    expect(current).toContain('Firefox');
    const other = sessions.find((s) => !s.includes('This browser')) as string;
    expect(other).toContain('Safari');

    // End the phone's session: the shop there must sign in again.
    const otherId = /name="session" value="([^"]+)"/.exec(other)?.[1] as string;
    const form = readForm(page.body, /\/sessions\/end$/);
    const ended = await browser.navigate(new URL(form.action, gh.baseUrl), NOWHERE, {
      form: { csrf: form.fields.csrf as string, session: otherId },
    });
    expect(ended.status).toBe(200);
    expect(ended.body).toContain('The session was ended.');
    expect([...ended.body.matchAll(/<li class="session">/g)]).toHaveLength(1);
    const rp = await relyingParty(gh.baseUrl, 'demo', shop.appId, client.ClientSecretBasic(shop.secret));
    const silent = await phone.navigate(
      client.buildAuthorizationUrl(rp, { redirect_uri: shopCallback, scope: 'openid', prompt: 'none' }),
      shopCallback,
    );
    expect(silent.redirectedTo).toContain('error=login_required');

    // Sign out everywhere ends this one too.
    const all = await submit(browser, ended.body, /\/sessions\/end$/, { all: 'true', session: '' });
    expect(all.body).toContain('You are signed out.');
    expect((await browser.request(account)).status).toBe(303);
  });

  it('shows the recent sign-ins and exports the data as JSON without secrets', async () => {
    const user = await newUser();
    await signIn(user.mail, new Browser(), 'wrong-password-1');
    const { browser } = await signInWithMfa(user.mail);
    await gh.gatehouse.signIns.flush();
    const page = await browser.navigate(`${account}/sign-ins`, NOWHERE);
    expect(page.body).toContain('Succeeded');
    expect(page.body).toContain('Failed');
    expect(page.body).toContain('Firefox');

    // Recovery codes exist, so the export would have something secret to leak.
    const security = await browser.navigate(`${account}/security`, NOWHERE);
    const withCodes = await submit(browser, security.body, /\/security\/recovery-codes$/);
    const code = /<li><code>([^<]+)<\/code><\/li>/.exec(withCodes.body)?.[1] as string;

    const privacy = await browser.navigate(`${account}/privacy`, NOWHERE);
    const form = readForm(privacy.body, /\/export$/);
    const response = await browser.request(new URL(form.action, gh.baseUrl), { form: form.fields });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toContain('attachment');
    const text = await response.text();
    const data = JSON.parse(text);
    expect(data.profile).toMatchObject({ id: user.id, mail: user.mail, displayName: 'Alice Example' });
    expect(data.identities[0]).toMatchObject({ issuerAssignedId: user.mail });
    expect(data.methods.map((m: { type: string }) => m.type).sort()).toEqual([
      'email',
      'password',
      'recoveryCodes',
    ]);
    expect(data.signIns.length).toBeGreaterThanOrEqual(2);
    expect(text).not.toContain(PASSWORD);
    expect(text).not.toContain(code);
    expect(text).not.toMatch(/hash|secret/i);
  });

  it('deletes the account only after a fresh sign-in, with everything of it', async () => {
    const user = await newUser();
    const shopBrowser = new Browser();
    const { rp, tokens } = await shopSignIn(shopBrowser, user.mail);
    const { browser } = await signIn(user.mail);

    clock.advance(11 * 60_000);
    const page = await browser.navigate(`${account}/delete`, NOWHERE);
    expect(page.body).toContain('sign in again first');
    expect(page.body).not.toContain('Delete my account</button>');
    const stale = await browser.request(`${account}/delete`, {
      form: readForm(page.body, /\/delete\/reauthenticate$/).fields,
    });
    // A stale session deletes nothing: it is sent to sign in again.
    expect(stale.status).toBe(303);
    expect(stale.headers.get('location')).toContain('/t/demo/oauth2/authorize');
    expect((await gh.api('GET', `/api/v1/tenants/demo/users/${user.id}`)).status).toBe(200);

    // Signing in again (the password, then the emailed code) leads back to the delete page, now with the button.
    const login = await submit(browser, page.body, /\/delete\/reauthenticate$/);
    expect(login.body).toContain('name="password"');
    const mfa = await submit(browser, login.body, /\/login$/, { login: user.mail, password: PASSWORD });
    const sent = await submit(browser, mfa.body, /\/mfa\/email$/);
    const confirm = await submit(browser, sent.body, /\/mfa\/email\/code$/, {
      code: await outboxCode(gh, 'demo', user.mail),
    });
    expect(confirm.url).toBe(`${account}/delete`);
    const deleted = await submit(browser, confirm.body, /\/delete$/);
    expect(deleted.status).toBe(200);
    expect(deleted.body).toContain('Your account was deleted.');

    expect((await gh.api('GET', `/api/v1/tenants/demo/users/${user.id}`)).status).toBe(404);
    await expect(client.refreshTokenGrant(rp, tokens.refresh_token as string)).rejects.toMatchObject({
      error: 'invalid_grant',
    });
    expect((await browser.request(account)).status).toBe(303);
    const rows = await gh.gatehouse.storage.db
      .selectFrom('oidc_models')
      .select('id')
      .where('account_id', '=', user.id)
      .execute();
    expect(rows).toEqual([]);
  });
});
