import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRemoteJWKSet, decodeProtectedHeader, type JWTPayload, jwtVerify } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Browser, readForm } from './support/browser.js';
import { TEST_DATABASES } from './support/databases.js';
import { startGatehouse, type TestGatehouse } from './support/gatehouse.js';
import { client, relyingParty } from './support/oauth.js';

const PASSWORD = 'Correct-Horse-Battery-Staple-42';
const BACKCHANNEL_EVENT = 'http://schemas.openid.net/event/backchannel-logout';

interface App {
  id: string;
  appId: string;
  secret: string;
  callback: string;
}

/** An app's back end: receives logout tokens at /{app}/backchannel. */
async function startLogoutReceiver() {
  const received: { app: string; token: string }[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      const app = /^\/([^/]+)\/backchannel$/.exec(req.url ?? '')?.[1];
      const token = new URLSearchParams(body).get('logout_token');
      if (req.method === 'POST' && app && token) received.push({ app, token });
      res.writeHead(app ? 200 : 404, { 'cache-control': 'no-store' }).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { origin, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe.each(TEST_DATABASES)('single sign-on and sign-out on %s', (kind) => {
  let gh: TestGatehouse;
  let receiver: Awaited<ReturnType<typeof startLogoutReceiver>>;
  let appA: App;
  let appB: App;
  let userId: string;
  let jwks: ReturnType<typeof createRemoteJWKSet>;

  async function register(name: string, logout: boolean): Promise<App> {
    const callback = `${gh.baseUrl}/${name}/callback`;
    const registered = await gh.api('POST', '/api/v1/tenants/demo/applications', {
      displayName: `App ${name}`,
      web: {
        redirectUris: [callback],
        ...(logout && {
          logoutUrl: `${receiver.origin}/${name}/frontchannel?app=${name}`,
          backchannelLogoutUrl: `${receiver.origin}/${name}/backchannel`,
        }),
      },
    });
    expect(registered.status).toBe(201);
    const secret = await gh.api(
      'POST',
      `/api/v1/tenants/demo/applications/${registered.body.id}/addPassword`,
      {},
    );
    return { id: registered.body.id, appId: registered.body.appId, secret: secret.body.secretText, callback };
  }

  beforeAll(async () => {
    gh = await startGatehouse(kind);
    receiver = await startLogoutReceiver();
    jwks = createRemoteJWKSet(new URL(`${gh.baseUrl}/t/demo/oauth2/jwks`));
    appA = await register('a', true);
    appB = await register('b', true);
    const user = await gh.api('POST', '/api/v1/tenants/demo/users', {
      displayName: 'Sam Session',
      mail: 'sam@example.com',
      passwordProfile: { password: PASSWORD },
    });
    expect(user.status).toBe(201);
    userId = user.body.id;
  });
  afterAll(async () => {
    await gh?.stop();
    await receiver?.close();
  });
  beforeEach(() => {
    receiver.received.length = 0;
  });

  async function authorize(browser: Browser, app: App, scope = 'openid', extra: Record<string, string> = {}) {
    const rp = await relyingParty(gh.baseUrl, 'demo', app.appId, client.ClientSecretBasic(app.secret));
    const verifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const nonce = client.randomNonce();
    const url = client.buildAuthorizationUrl(rp, {
      redirect_uri: app.callback,
      scope,
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      nonce,
      ...extra,
    });
    const page = await browser.navigate(url, app.callback);
    const exchange = (redirectedTo = page.redirectedTo) =>
      client.authorizationCodeGrant(rp, new URL(redirectedTo as string), {
        pkceCodeVerifier: verifier,
        expectedState: state,
        expectedNonce: nonce,
      });
    return { rp, page, exchange };
  }

  /** Signs in on the hosted page and returns the app's tokens. */
  async function signIn(browser: Browser, app: App, scope = 'openid') {
    const started = await authorize(browser, app, scope);
    expect(started.page.status).toBe(200);
    const form = readForm(started.page.body, /\/login$/);
    const result = await browser.navigate(new URL(form.action, gh.baseUrl), app.callback, {
      form: { ...form.fields, login: 'sam@example.com', password: PASSWORD },
    });
    expect(result.redirectedTo).toContain('code=');
    return { rp: started.rp, tokens: await started.exchange(result.redirectedTo) };
  }

  /** The second app of the session: a code without any page. */
  async function silentlyEnter(browser: Browser, app: App) {
    const started = await authorize(browser, app);
    expect(started.page.status).toBe(303);
    expect(started.page.redirectedTo).toContain('code=');
    return started.exchange();
  }

  async function verifyLogoutToken(token: string, app: App): Promise<JWTPayload> {
    expect(decodeProtectedHeader(token).typ).toBe('logout+jwt');
    const { payload } = await jwtVerify(token, jwks, {
      issuer: `${gh.baseUrl}/t/demo`,
      audience: app.appId,
    });
    expect(payload.events).toEqual({ [BACKCHANNEL_EVENT]: {} });
    expect(payload.sub).toBe(userId);
    expect(payload).not.toHaveProperty('nonce');
    expect(payload.jti).toBeTruthy();
    return payload;
  }

  it('signs in once for every app of the tenant, unless prompt=login or max_age asks again', async () => {
    const browser = new Browser();
    await signIn(browser, appA);

    const tokensB = await silentlyEnter(browser, appB);
    expect(tokensB.claims()).toMatchObject({ sub: userId, aud: appB.appId });

    const forced = await authorize(browser, appB, 'openid', { prompt: 'login' });
    expect(forced.page.status).toBe(200);
    expect(forced.page.body).toContain('name="password"');

    const stale = await authorize(browser, appB, 'openid', { max_age: '0' });
    expect(stale.page.status).toBe(200);
    expect(stale.page.body).toContain('name="password"');

    // The session itself is untouched by those: app B still gets in silently.
    const silent = await authorize(browser, appB, 'openid', { prompt: 'none' });
    expect(silent.page.redirectedTo).toContain('code=');
  });

  it('answers prompt=none with login_required without a session and interaction_required when one is needed', async () => {
    const nobody = await authorize(new Browser(), appA, 'openid', { prompt: 'none' });
    expect(nobody.page.status).toBe(303);
    expect(nobody.page.redirectedTo).toContain('error=login_required');

    const browser = new Browser();
    await signIn(browser, appA);
    const tooOld = await authorize(browser, appA, 'openid', { prompt: 'none', max_age: '0' });
    expect(tooOld.page.redirectedTo).toContain('error=login_required');

    // A native app never gets a code silently (its redirect URI could belong to any app).
    const nativeCallback = 'http://127.0.0.1/native-callback';
    const native = await gh.api('POST', '/api/v1/tenants/demo/applications', {
      displayName: 'Native app',
      publicClient: { redirectUris: [nativeCallback] },
    });
    const rp = await relyingParty(gh.baseUrl, 'demo', native.body.appId, client.None());
    const url = client.buildAuthorizationUrl(rp, {
      redirect_uri: nativeCallback,
      scope: 'openid',
      code_challenge: await client.calculatePKCECodeChallenge(client.randomPKCECodeVerifier()),
      code_challenge_method: 'S256',
      prompt: 'none',
    });
    const withSession = await browser.navigate(url, nativeCallback);
    expect(withSession.redirectedTo).toContain('error=interaction_required');
    const withoutSession = await new Browser().navigate(url, nativeCallback);
    expect(withoutSession.redirectedTo).toContain('error=login_required');
  });

  it('signs out of every app of the session: logout tokens by back channel, frames by front channel', async () => {
    const browser = new Browser();
    const { rp, tokens: tokensA } = await signIn(browser, appA);
    const tokensB = await silentlyEnter(browser, appB);
    const sidA = tokensA.claims()?.sid;
    const sidB = tokensB.claims()?.sid;
    expect(sidA).toBeTruthy();
    expect(sidB).toBeTruthy();

    const logoutUrl = client.buildEndSessionUrl(rp, {
      id_token_hint: tokensA.id_token as string,
      post_logout_redirect_uri: appA.callback,
      state: 'after-logout',
    });
    const confirm = await browser.navigate(logoutUrl, appA.callback);
    expect(confirm.status).toBe(200);
    const form = readForm(confirm.body, /logout/);
    const done = await browser.request(new URL(form.action, gh.baseUrl), {
      form: { ...form.fields, logout: 'yes' },
    });

    // Front channel: a page (no script) framing each app's logout URL with iss and sid.
    expect(done.status).toBe(200);
    const page = await done.text();
    expect(page).not.toContain('<script');
    const frames = [...page.matchAll(/<iframe hidden src="([^"]+)"/g)].map(
      (m) => new URL((m[1] as string).replaceAll('&amp;', '&')),
    );
    expect(frames.map((f) => f.pathname).sort()).toEqual(['/a/frontchannel', '/b/frontchannel']);
    for (const frame of frames) {
      expect(frame.origin).toBe(receiver.origin);
      expect(frame.searchParams.get('iss')).toBe(`${gh.baseUrl}/t/demo`);
      const app = frame.searchParams.get('app');
      expect(frame.searchParams.get('sid')).toBe(app === 'a' ? sidA : sidB);
    }
    const csp = done.headers.get('content-security-policy') ?? '';
    expect(csp).toContain(`frame-src ${receiver.origin}`);
    expect(csp).toContain("default-src 'none'");
    expect(done.headers.get('refresh')).toBe(`2;url=${appA.callback}?state=after-logout`);
    expect(page).toContain(`href="${appA.callback}?state=after-logout"`);

    // Back channel: one valid logout token per app, with that app's sid.
    expect(receiver.received.map((r) => r.app).sort()).toEqual(['a', 'b']);
    for (const { app, token } of receiver.received) {
      const payload = await verifyLogoutToken(token, app === 'a' ? appA : appB);
      expect(payload.sid).toBe(app === 'a' ? sidA : sidB);
    }

    // The session is gone.
    const again = await authorize(browser, appB);
    expect(again.page.status).toBe(200);
    expect(again.page.body).toContain('name="password"');
  });

  it('"Stay signed in" signs out of the asking app only, and tells only that app', async () => {
    const browser = new Browser();
    await signIn(browser, appA);
    const tokensB = await silentlyEnter(browser, appB);
    const rpB = await relyingParty(gh.baseUrl, 'demo', appB.appId, client.ClientSecretBasic(appB.secret));
    const confirm = await browser.navigate(
      client.buildEndSessionUrl(rpB, { id_token_hint: tokensB.id_token as string }),
      appB.callback,
    );
    const form = readForm(confirm.body, /logout/);
    const done = await browser.request(new URL(form.action, gh.baseUrl), { form: form.fields });
    expect(done.status).toBe(200);
    const page = await done.text();
    expect(page).toContain('/b/frontchannel?app=b&amp;iss=');
    expect(page).not.toContain('/a/frontchannel');
    expect(page).not.toContain('<a href=');
    expect(receiver.received.map((r) => r.app)).toEqual(['b']);
    expect((await verifyLogoutToken(receiver.received[0]?.token as string, appB)).sid).toBe(
      tokensB.claims()?.sid,
    );

    // Still signed in to the tenant: app A gets in silently.
    await silentlyEnter(browser, appA);
  });

  it('signs out without a page of frames when no app of the session has a front-channel URL', async () => {
    const plain = await register('plain', false);
    const browser = new Browser();
    const { rp, tokens } = await signIn(browser, plain);
    expect(tokens.claims()).not.toHaveProperty('sid');
    const confirm = await browser.navigate(
      client.buildEndSessionUrl(rp, {
        id_token_hint: tokens.id_token as string,
        post_logout_redirect_uri: plain.callback,
      }),
      plain.callback,
    );
    const form = readForm(confirm.body, /logout/);
    const done = await browser.navigate(new URL(form.action, gh.baseUrl), plain.callback, {
      form: { ...form.fields, logout: 'yes' },
    });
    expect(done.redirectedTo).toBe(plain.callback);
    expect(receiver.received).toEqual([]);
  });

  it('revokeSignInSessions ends every session and refresh token of a user', async () => {
    const browser = new Browser();
    const { rp, tokens } = await signIn(browser, appA, 'openid offline_access');
    expect(tokens.refresh_token).toBeTruthy();
    // A second browser of the same user, signed in to both apps.
    const other = new Browser();
    const otherA = (await signIn(other, appA)).tokens;
    const otherB = await silentlyEnter(other, appB);

    const path = `/api/v1/tenants/demo/users/${userId}/revokeSignInSessions`;
    expect((await gh.api('POST', path, undefined, null)).status).toBe(401);
    // Without a token nothing happened: the refresh token still works (and rotates).
    const refreshed = await client.refreshTokenGrant(rp, tokens.refresh_token as string);

    const revoked = await gh.api('POST', path);
    expect(revoked.status).toBe(200);
    expect(revoked.body).toEqual({ value: true });

    await expect(client.refreshTokenGrant(rp, refreshed.refresh_token as string)).rejects.toMatchObject({
      error: 'invalid_grant',
    });
    for (const each of [browser, other]) {
      const next = await authorize(each, appB);
      expect(next.page.status).toBe(200);
      expect(next.page.body).toContain('name="password"');
    }

    // Each app of each session is told, as by a sign-out (earlier tests' sessions too).
    const told = await Promise.all(
      receiver.received.map(async ({ app, token }) => ({
        app,
        sid: (await verifyLogoutToken(token, app === 'a' ? appA : appB)).sid,
      })),
    );
    expect(told).toEqual(
      expect.arrayContaining([
        { app: 'a', sid: tokens.claims()?.sid },
        { app: 'a', sid: otherA.claims()?.sid },
        { app: 'b', sid: otherB.claims()?.sid },
      ]),
    );

    const unknown = await gh.api('POST', `/api/v1/tenants/demo/users/${randomUUID()}/revokeSignInSessions`);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('user_not_found');
    const extra = await gh.api('POST', path, { everything: true });
    expect(extra.status).toBe(400);
  });

  it('validates the logout URLs of an app registration like redirect URIs', async () => {
    const base = '/api/v1/tenants/demo/applications';
    const bad = await gh.api('POST', base, {
      displayName: 'Bad logout',
      web: { redirectUris: [], backchannelLogoutUrl: 'http://app.example.com/logout' },
    });
    expect(bad.status).toBe(400);
    const before = (await gh.api('GET', `${base}?$top=999`)).body.value.length;

    const good = await gh.api('POST', base, {
      displayName: 'Good logout',
      web: {
        redirectUris: ['https://app.example.com/cb'],
        logoutUrl: 'https://app.example.com/frontchannel',
        backchannelLogoutUrl: 'https://app.example.com/backchannel',
      },
    });
    expect(good.status).toBe(201);
    expect(good.body.web).toEqual({
      redirectUris: ['https://app.example.com/cb'],
      logoutUrl: 'https://app.example.com/frontchannel',
      backchannelLogoutUrl: 'https://app.example.com/backchannel',
    });
    expect((await gh.api('GET', `${base}?$top=999`)).body.value.length).toBe(before + 1);
    const plain = await gh.api('POST', base, { displayName: 'No logout', web: { redirectUris: [] } });
    expect(plain.body.web.backchannelLogoutUrl).toBeNull();
  });
});
