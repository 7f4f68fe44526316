import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, readForm } from './support/browser.js';
import { TEST_DATABASES } from './support/databases.js';
import { type Daemon, startGatehouse, type TestGatehouse } from './support/gatehouse.js';
import { client, relyingParty, tokenRequest } from './support/oauth.js';

const PASSWORD = 'Correct-Horse-Battery-Staple-42';

describe.each(TEST_DATABASES)('hosted sign-in and the code flow on %s', (kind) => {
  let gh: TestGatehouse;
  let app: Daemon;
  let callback: string;
  let userId: string;

  beforeAll(async () => {
    gh = await startGatehouse(kind);
    callback = `${gh.baseUrl}/app/callback`;
    const registered = await gh.api('POST', '/api/v1/tenants/demo/applications', {
      displayName: 'Contoso Shop',
      web: { redirectUris: [callback] },
    });
    expect(registered.status).toBe(201);
    const secret = await gh.api(
      'POST',
      `/api/v1/tenants/demo/applications/${registered.body.id}/addPassword`,
      {},
    );
    app = { id: registered.body.id, appId: registered.body.appId, secret: secret.body.secretText };
    const user = await gh.api('POST', '/api/v1/tenants/demo/users', {
      displayName: 'Alice Example',
      givenName: 'Alice',
      surname: 'Example',
      mail: 'alice@example.com',
      passwordProfile: { password: PASSWORD },
    });
    expect(user.status).toBe(201);
    userId = user.body.id;
  });
  afterAll(() => gh?.stop());

  async function startSignIn(
    browser: Browser,
    scope = 'openid profile email offline_access',
    extra: Record<string, string> = {},
  ) {
    const rp = await relyingParty(gh.baseUrl, 'demo', app.appId, client.ClientSecretBasic(app.secret));
    const verifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const nonce = client.randomNonce();
    const url = client.buildAuthorizationUrl(rp, {
      redirect_uri: callback,
      scope,
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      nonce,
      ...extra,
    });
    const page = await browser.navigate(url, callback);
    return { rp, verifier, state, nonce, page };
  }

  /** The app's side: the code from the callback, exchanged with PKCE, state and nonce checked. */
  function exchangeCode(run: Awaited<ReturnType<typeof signIn>>) {
    return client.authorizationCodeGrant(run.rp, new URL(run.result.redirectedTo as string), {
      pkceCodeVerifier: run.verifier,
      expectedState: run.state,
      expectedNonce: run.nonce,
    });
  }

  async function signIn(browser: Browser, login: string, password: string, scope?: string) {
    const started = await startSignIn(browser, scope);
    expect(started.page.status).toBe(200);
    const form = readForm(started.page.body, /\/login$/);
    const result = await browser.navigate(new URL(form.action, gh.baseUrl), callback, {
      form: { ...form.fields, login, password },
    });
    return { ...started, result };
  }

  it('signs in with email and password, then refreshes, reads userinfo and signs out', async () => {
    const browser = new Browser({
      'user-agent': 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0',
    });
    const { rp, verifier, state, nonce, page, result } = await signIn(browser, 'Alice@Example.com', PASSWORD);
    expect(page.body).toContain('Sign in to Contoso Shop');
    expect(result.redirectedTo).toMatch(/^.*\/app\/callback\?code=/);

    const tokens = await client.authorizationCodeGrant(rp, new URL(result.redirectedTo as string), {
      pkceCodeVerifier: verifier,
      expectedState: state,
      expectedNonce: nonce,
    });
    const claims = tokens.claims();
    expect(claims).toMatchObject({
      sub: userId,
      iss: `${gh.baseUrl}/t/demo`,
      aud: app.appId,
      name: 'Alice Example',
      given_name: 'Alice',
      family_name: 'Example',
      email: 'alice@example.com',
      amr: ['pwd'],
    });
    expect(tokens.refresh_token).toBeTruthy();

    const info = await client.fetchUserInfo(rp, tokens.access_token, userId);
    expect(info).toMatchObject({ sub: userId, email: 'alice@example.com', name: 'Alice Example' });

    const refreshed = await client.refreshTokenGrant(rp, tokens.refresh_token as string);
    expect(refreshed.refresh_token).toBeTruthy();
    expect(refreshed.refresh_token).not.toBe(tokens.refresh_token);

    // Reusing the old refresh token is theft: the whole family is revoked.
    await expect(client.refreshTokenGrant(rp, tokens.refresh_token as string)).rejects.toMatchObject({
      error: 'invalid_grant',
    });
    await expect(client.refreshTokenGrant(rp, refreshed.refresh_token as string)).rejects.toMatchObject({
      error: 'invalid_grant',
    });

    // RP-initiated logout: confirmation form, then back to the app.
    const logoutUrl = client.buildEndSessionUrl(rp, {
      id_token_hint: tokens.id_token as string,
      post_logout_redirect_uri: callback,
    });
    const confirm = await browser.navigate(logoutUrl, callback);
    expect(confirm.status).toBe(200);
    const logoutForm = readForm(confirm.body, /logout/);
    const done = await browser.navigate(new URL(logoutForm.action, gh.baseUrl), callback, {
      form: { ...logoutForm.fields, logout: 'yes' },
    });
    expect(done.redirectedTo).toMatch(/\/app\/callback/);

    // The session is gone: prompt=none now answers login_required.
    const silent = await startSignIn(browser, 'openid', { prompt: 'none' });
    expect(silent.page.status).toBe(303);
    expect(silent.page.redirectedTo).toContain('error=login_required');
  });

  it('keeps a single sign-on session: no page the second time, unless prompt=login or max_age says so', async () => {
    const browser = new Browser();
    const first = await signIn(browser, 'alice@example.com', PASSWORD, 'openid');
    expect(first.result.redirectedTo).toContain('code=');

    const again = await startSignIn(browser, 'openid');
    expect(again.page.redirectedTo).toContain('code=');

    const forced = await startSignIn(browser, 'openid', { prompt: 'login' });
    expect(forced.page.status).toBe(200);
    expect(forced.page.body).toContain('name="password"');

    const stale = await startSignIn(browser, 'openid', { max_age: '0' });
    expect(stale.page.status).toBe(200);

    const hinted = await startSignIn(new Browser(), 'openid', { login_hint: 'hint@example.com' });
    expect(hinted.page.body).toContain('value="hint@example.com"');
  });

  it('puts the groups claim in the ID token of an app that asks for it', async () => {
    const group = await gh.api('POST', '/api/v1/tenants/demo/groups', { displayName: 'Gold customers' });
    expect(group.status).toBe(201);
    const added = await gh.api('POST', `/api/v1/tenants/demo/groups/${group.body.id}/members/$ref`, {
      '@odata.id': `${gh.baseUrl}/api/v1/tenants/demo/users/${userId}`,
    });
    expect(added.status).toBe(204);

    const plain = await signIn(new Browser(), 'alice@example.com', PASSWORD, 'openid');
    const plainTokens = await exchangeCode(plain);
    expect(plainTokens.claims()).not.toHaveProperty('groups');

    expect(
      (
        await gh.api('PATCH', `/api/v1/tenants/demo/applications/${app.id}`, {
          groupMembershipClaims: 'SecurityGroup',
        })
      ).status,
    ).toBe(200);
    const withGroups = await signIn(new Browser(), 'alice@example.com', PASSWORD, 'openid');
    const tokens = await exchangeCode(withGroups);
    expect(tokens.claims()?.groups).toEqual([group.body.id]);
    await gh.api('PATCH', `/api/v1/tenants/demo/applications/${app.id}`, { groupMembershipClaims: 'None' });
  });

  it('gives a wrong email and a wrong password the same answer, and logs every attempt', async () => {
    const wrongPassword = await signIn(new Browser(), 'alice@example.com', 'not-the-password');
    const wrongEmail = await signIn(new Browser(), 'nobody@example.com', 'not-the-password');
    expect(wrongPassword.result.status).toBe(401);
    expect(wrongEmail.result.status).toBe(401);
    const message = (body: string) => /<p class="alert"[^>]*>([^<]*)</.exec(body)?.[1];
    expect(message(wrongPassword.result.body)).toBe('The email address or password is incorrect.');
    expect(message(wrongEmail.result.body)).toBe(message(wrongPassword.result.body));

    await gh.gatehouse.signIns.flush();
    const failures = await gh.api(
      'GET',
      `/api/v1/tenants/demo/auditLogs/signIns?status=failure&appId=${app.appId}`,
    );
    expect(failures.status).toBe(200);
    const entry = failures.body.value.find((e: { userId?: string }) => e.userId === userId);
    expect(entry).toMatchObject({
      appId: app.appId,
      appDisplayName: 'Contoso Shop',
      isInteractive: true,
      status: { errorCode: 50126 },
      ipAddress: '127.0.0.1',
    });
    const successes = await gh.api(
      'GET',
      `/api/v1/tenants/demo/auditLogs/signIns?status=success&userId=${userId}`,
    );
    const firefox = successes.body.value.find((e: { deviceDetail: { browser: string } }) =>
      /Firefox/.test(e.deviceDetail.browser),
    );
    expect(firefox).toMatchObject({ status: { errorCode: 0 }, deviceDetail: { operatingSystem: 'Linux' } });
  });

  it('keeps a disabled user out, and their refresh token stops at once', async () => {
    const user = await gh.api('POST', '/api/v1/tenants/demo/users', {
      displayName: 'Bob',
      mail: 'bob@example.com',
      passwordProfile: { password: PASSWORD },
    });
    const bobsBrowser = new Browser();
    const first = await signIn(bobsBrowser, 'bob@example.com', PASSWORD);
    const tokens = await exchangeCode(first);
    expect(
      (await gh.api('PATCH', `/api/v1/tenants/demo/users/${user.body.id}`, { accountEnabled: false })).status,
    ).toBe(200);
    await expect(client.refreshTokenGrant(first.rp, tokens.refresh_token as string)).rejects.toMatchObject({
      error: 'invalid_grant',
    });
    // The browser still holds Bob's session: it no longer counts.
    const silent = await startSignIn(bobsBrowser, 'openid', { prompt: 'none' });
    expect(silent.page.redirectedTo).toContain('error=login_required');
    const again = await signIn(bobsBrowser, 'bob@example.com', PASSWORD);
    expect(again.result.status).toBe(401);
    expect(again.result.body).toContain('The email address or password is incorrect.');
  });

  it('ends every session and refresh token of a user whose password an admin changes', async () => {
    const user = await gh.api('POST', '/api/v1/tenants/demo/users', {
      displayName: 'Erin',
      mail: 'erin@example.com',
      passwordProfile: { password: PASSWORD },
    });
    const browser = new Browser();
    const run = await signIn(browser, 'erin@example.com', PASSWORD);
    const tokens = await exchangeCode(run);
    const changed = await gh.api('PATCH', `/api/v1/tenants/demo/users/${user.body.id}`, {
      passwordProfile: { password: 'An0ther-Long-Passphrase-To-Remember' },
    });
    expect(changed.status).toBe(200);
    // Revocation follows the change event; poll briefly (bounded) with introspection, which
    // does not use the token up.
    let active = true;
    for (let i = 0; i < 50 && active; i++) {
      active = (await client.tokenIntrospection(run.rp, tokens.refresh_token as string)).active;
      if (active) await new Promise((r) => setTimeout(r, 20));
    }
    expect(active).toBe(false);
    await expect(client.refreshTokenGrant(run.rp, tokens.refresh_token as string)).rejects.toMatchObject({
      error: 'invalid_grant',
    });
    const silent = await startSignIn(browser, 'openid', { prompt: 'none' });
    expect(silent.page.redirectedTo).toContain('error=login_required');
  });

  it('keeps one session per tenant in the same browser', async () => {
    const browser = new Browser();
    expect((await signIn(browser, 'alice@example.com', PASSWORD, 'openid')).result.redirectedTo).toContain(
      'code=',
    );

    expect((await gh.api('POST', '/api/v1/tenants', { id: 'second', displayName: 'Second' })).status).toBe(
      201,
    );
    const otherCallback = `${gh.baseUrl}/other/callback`;
    const other = await gh.api('POST', '/api/v1/tenants/second/applications', {
      displayName: 'Other SPA',
      spa: { redirectUris: [otherCallback] },
    });
    await gh.api('POST', '/api/v1/tenants/second/users', {
      displayName: 'Alice at second',
      mail: 'alice@example.com',
      passwordProfile: { password: PASSWORD },
    });
    const rp = await relyingParty(gh.baseUrl, 'second', other.body.appId, client.None());
    const url = client.buildAuthorizationUrl(rp, {
      redirect_uri: otherCallback,
      scope: 'openid',
      code_challenge: await client.calculatePKCECodeChallenge(client.randomPKCECodeVerifier()),
      code_challenge_method: 'S256',
    });
    const page = await browser.navigate(url, otherCallback);
    const form = readForm(page.body, /\/login$/);
    const done = await browser.navigate(new URL(form.action, gh.baseUrl), otherCallback, {
      form: { ...form.fields, login: 'alice@example.com', password: PASSWORD },
    });
    expect(done.redirectedTo).toContain('code=');

    // The demo tenant's session survived the sign-in at the second tenant.
    expect((await startSignIn(browser, 'openid')).page.redirectedTo).toContain('code=');
  });

  it('keeps a web app confidential even when it has no secret', async () => {
    const secretless = await gh.api('POST', '/api/v1/tenants/demo/applications', {
      displayName: 'Secretless web app',
      web: { redirectUris: [callback] },
    });
    const response = await tokenRequest(gh.baseUrl, 'demo', {
      grant_type: 'authorization_code',
      client_id: secretless.body.appId,
      code: 'whatever',
      redirect_uri: callback,
      code_verifier: client.randomPKCECodeVerifier(),
    });
    expect(response.status).toBe(401);
    expect(response.body.error).toBe('invalid_client');
  });

  describe('bad input changes nothing', () => {
    it('refuses a tampered CSRF token with a branded error page', async () => {
      const browser = new Browser();
      const { page } = await startSignIn(browser);
      const form = readForm(page.body, /\/login$/);
      const response = await browser.request(new URL(form.action, gh.baseUrl), {
        form: {
          ...form.fields,
          csrf: `${form.fields.csrf}x`,
          login: 'alice@example.com',
          password: PASSWORD,
        },
      });
      expect(response.status).toBe(403);
      const body = await response.text();
      expect(body).toContain('This form has expired');
      expect(body).toContain(response.headers.get('x-correlation-id') as string);
      expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    });

    it('revokes the tokens of a replayed authorization code', async () => {
      const run = await signIn(new Browser(), 'alice@example.com', PASSWORD);
      const callbackUrl = new URL(run.result.redirectedTo as string);
      const tokens = await client.authorizationCodeGrant(run.rp, callbackUrl, {
        pkceCodeVerifier: run.verifier,
        expectedState: run.state,
        expectedNonce: run.nonce,
      });
      const replay = await tokenRequest(
        gh.baseUrl,
        'demo',
        {
          grant_type: 'authorization_code',
          code: callbackUrl.searchParams.get('code') as string,
          redirect_uri: callback,
          code_verifier: run.verifier,
        },
        { id: app.appId, secret: app.secret },
      );
      expect(replay.status).toBe(400);
      expect(replay.body.error).toBe('invalid_grant');
      expect((await client.tokenIntrospection(run.rp, tokens.access_token)).active).toBe(false);
      await expect(client.refreshTokenGrant(run.rp, tokens.refresh_token as string)).rejects.toMatchObject({
        error: 'invalid_grant',
      });
    });

    it('refuses a PKCE verifier that does not match', async () => {
      const run = await signIn(new Browser(), 'alice@example.com', PASSWORD);
      const code = new URL(run.result.redirectedTo as string).searchParams.get('code') as string;
      const response = await tokenRequest(
        gh.baseUrl,
        'demo',
        {
          grant_type: 'authorization_code',
          code,
          redirect_uri: callback,
          code_verifier: client.randomPKCECodeVerifier(),
        },
        { id: app.appId, secret: app.secret },
      );
      expect(response.status).toBe(400);
      expect(response.body.error).toBe('invalid_grant');
    });

    it('shows an error page, never a redirect, for an unregistered redirect_uri', async () => {
      const url = new URL(`${gh.baseUrl}/t/demo/oauth2/authorize`);
      url.search = new URLSearchParams({
        client_id: app.appId,
        response_type: 'code',
        scope: 'openid',
        redirect_uri: 'https://evil.example.com/callback',
        code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
        code_challenge_method: 'S256',
      }).toString();
      const response = await new Browser().request(url);
      expect(response.status).toBe(400);
      expect(response.headers.get('location')).toBeNull();
      const body = await response.text();
      expect(response.headers.get('content-type')).toContain('text/html');
      expect(body).toContain('redirect_uri');
      expect(body).toContain(response.headers.get('x-correlation-id') as string);
    });

    it('requires PKCE of a public client', async () => {
      const spa = await gh.api('POST', '/api/v1/tenants/demo/applications', {
        displayName: 'SPA',
        spa: { redirectUris: [callback] },
      });
      const url = new URL(`${gh.baseUrl}/t/demo/oauth2/authorize`);
      url.search = new URLSearchParams({
        client_id: spa.body.appId,
        response_type: 'code',
        scope: 'openid',
        redirect_uri: callback,
      }).toString();
      const response = await new Browser().request(url);
      expect(response.status).toBe(303);
      expect(response.headers.get('location')).toContain('error=invalid_request');
    });

    it('escapes injection strings, refuses oversized fields and confusable emails', async () => {
      const injected = await signIn(new Browser(), `<script>alert(1)</script>' OR '1'='1`, 'x');
      expect(injected.result.status).toBe(401);
      expect(injected.result.body).not.toContain('<script>alert(1)</script>');
      expect(injected.result.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');

      const browser = new Browser();
      const { page } = await startSignIn(browser);
      const form = readForm(page.body, /\/login$/);
      const oversized = await browser.request(new URL(form.action, gh.baseUrl), {
        form: { ...form.fields, login: `${'a'.repeat(300)}@example.com`, password: PASSWORD },
      });
      expect(oversized.status).toBe(400);

      // A Cyrillic 'а' is not the Latin 'a': no sign-in as Alice.
      const confusable = await signIn(new Browser(), '\u0430lice@example.com', PASSWORD);
      expect(confusable.result.status).toBe(401);
    });
  });

  it('records client-credentials tokens as service principal sign-ins', async () => {
    const daemon = await gh.registerDaemon('demo', 'Nightly job');
    expect(
      (
        await tokenRequest(
          gh.baseUrl,
          'demo',
          { grant_type: 'client_credentials' },
          { id: daemon.appId, secret: daemon.secret },
        )
      ).status,
    ).toBe(200);
    expect(
      (
        await tokenRequest(
          gh.baseUrl,
          'demo',
          { grant_type: 'client_credentials' },
          { id: daemon.appId, secret: 'wrong' },
        )
      ).status,
    ).toBe(401);
    await gh.gatehouse.signIns.flush();
    const logs = await gh.api('GET', `/api/v1/tenants/demo/auditLogs/signIns?appId=${daemon.appId}`);
    expect(logs.body.value).toHaveLength(2);
    expect(
      logs.body.value.map((e: { status: { errorCode: number } }) => e.status.errorCode === 0).sort(),
    ).toEqual([false, true]);
    expect(logs.body.value[0]).toMatchObject({
      isInteractive: false,
      appDisplayName: 'Nightly job',
      signInEventTypes: ['servicePrincipal'],
    });
  });
});
