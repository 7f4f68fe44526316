import { generateKeyPairSync } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { Browser, readForm } from '../../test/support/browser.js';
import { rejection, viaGlobalFetch } from '../../test/support/connector-tests.js';
import { type Daemon, startGatehouse, type TestGatehouse } from '../../test/support/gatehouse.js';
import { createOidcConnector, type OidcUpstream, type UpstreamError } from './oidc-connector.js';

const PASSWORD = 'Correct-Horse-Battery-Staple-42';
const REDIRECT_URI = 'https://gatehouse.example/t/contoso/federation/callback';

/** A second Gatehouse's demo tenant, set up as the IdP: one web app and one user. */
async function upstreamIdp(gh: TestGatehouse): Promise<{ app: Daemon; other: Daemon; userId: string }> {
  const app = await gh.registerApp('demo', {
    displayName: 'Downstream',
    web: { redirectUris: [REDIRECT_URI] },
  });
  const other = await gh.registerApp('demo', { displayName: 'Other', web: { redirectUris: [REDIRECT_URI] } });
  const user = await gh.api('POST', '/api/v1/tenants/demo/users', {
    displayName: 'Alice Example',
    givenName: 'Alice',
    surname: 'Example',
    mail: 'alice@example.com',
    passwordProfile: { password: PASSWORD },
  });
  if (user.status !== 201) throw new Error(`cannot create the user: ${JSON.stringify(user.body)}`);
  return { app, other, userId: user.body.id };
}

const upstreamOf = (gh: TestGatehouse, app: Daemon, overrides: Partial<OidcUpstream> = {}): OidcUpstream => ({
  metadataUrl: `${gh.baseUrl}/t/demo/.well-known/openid-configuration`,
  clientId: app.appId,
  clientSecret: app.secret,
  clientAuthenticationMethod: 'client_secret_basic',
  scope: 'openid profile email',
  usePkce: true,
  ...overrides,
});

/** The user at the upstream's sign-in page: credentials in, the callback URL out. */
async function signInUpstream(
  gh: TestGatehouse,
  url: string,
  action: 'login' | 'abort' = 'login',
): Promise<URL> {
  const browser = new Browser();
  const page = await browser.navigate(url, REDIRECT_URI);
  expect(page.status).toBe(200);
  const form = readForm(page.body, action === 'login' ? /\/login$/ : /\/abort$/);
  const result = await browser.navigate(new URL(form.action, gh.baseUrl), REDIRECT_URI, {
    form:
      action === 'login' ? { ...form.fields, login: 'alice@example.com', password: PASSWORD } : form.fields,
  });
  expect(result.redirectedTo).toBeDefined();
  return new URL(result.redirectedTo as string);
}

/** openid-client's own code for the check that failed. */
const causeCode = (error: UpstreamError): unknown => (error.cause as { code?: unknown } | undefined)?.code;

describe('the generic OpenID Connect connector against a real upstream Gatehouse', () => {
  let gh: TestGatehouse;
  let app: Daemon;
  let other: Daemon;
  let userId: string;
  const connector = createOidcConnector({ fetch: viaGlobalFetch, allowInsecureLocalhost: true });

  beforeAll(async () => {
    gh = await startGatehouse('sqlite');
    ({ app, other, userId } = await upstreamIdp(gh));
  });
  afterAll(() => gh?.stop());
  afterEach(() => vi.restoreAllMocks());

  it('signs in with PKCE, state and nonce and maps the claims', async () => {
    const upstream = upstreamOf(gh, app);
    const started = await connector.start(upstream, REDIRECT_URI, {
      loginHint: 'alice@example.com',
      uiLocales: 'fr',
    });
    const url = new URL(started.url);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('state')).toBe(started.transaction.state);
    expect(url.searchParams.get('nonce')).toBe(started.transaction.nonce);
    expect(url.searchParams.get('login_hint')).toBe('alice@example.com');
    expect(url.searchParams.get('ui_locales')).toBe('fr');
    expect(started.transaction.codeVerifier).toBeTruthy();

    const callback = await signInUpstream(gh, started.url);
    const identity = await connector.finish(upstream, started.transaction, callback);
    expect(identity).toMatchObject({
      issuer: `${gh.baseUrl}/t/demo`,
      subject: userId,
      email: 'alice@example.com',
      displayName: 'Alice Example',
      givenName: 'Alice',
      surname: 'Example',
    });
    expect(typeof identity.emailVerified).toBe('boolean');
    expect(identity.claims.aud).toBe(app.appId);

    // The same code twice: the upstream refuses it.
    const replay = await rejection(connector.finish(upstream, started.transaction, callback));
    expect(replay.kind).toBe('invalidState');
  });

  it('authenticates with private_key_jwt from a PEM key', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const registered = await gh.api('POST', '/api/v1/tenants/demo/applications', {
      displayName: 'Key-based downstream',
      web: { redirectUris: [REDIRECT_URI] },
      keyCredentials: [
        {
          type: 'AsymmetricX509Cert',
          usage: 'Verify',
          key: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
          displayName: 'federation key',
        },
      ],
    });
    expect(registered.status).toBe(201);
    const upstream = upstreamOf(gh, app, {
      clientId: registered.body.appId,
      clientSecret: undefined,
      clientAuthenticationMethod: 'private_key_jwt',
      privateKeyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    });
    const started = await connector.start(upstream, REDIRECT_URI);
    const identity = await connector.finish(
      upstream,
      started.transaction,
      await signInUpstream(gh, started.url),
    );
    expect(identity).toMatchObject({ subject: userId, email: 'alice@example.com' });
    expect(identity.claims.aud).toBe(registered.body.appId);
  });

  it('maps claims as configured, and only a literal true verifies an email', async () => {
    const upstream = upstreamOf(gh, app, {
      clientAuthenticationMethod: 'client_secret_post',
      usePkce: false,
      claimsMapping: { displayName: 'given_name', emailVerified: 'email' },
    });
    const started = await connector.start(upstream, REDIRECT_URI);
    expect(new URL(started.url).searchParams.has('code_challenge')).toBe(false);
    const identity = await connector.finish(
      upstream,
      started.transaction,
      await signInUpstream(gh, started.url),
    );
    expect(identity.displayName).toBe('Alice');
    // A truthy string is not `true`.
    expect(identity.emailVerified).toBe(false);
  });

  it('refuses a tampered state and a transaction from another sign-in', async () => {
    const upstream = upstreamOf(gh, app);
    const first = await connector.start(upstream, REDIRECT_URI);
    const second = await connector.start(upstream, REDIRECT_URI);
    const callback = await signInUpstream(gh, first.url);

    const tampered = new URL(callback);
    tampered.searchParams.set('state', `${first.transaction.state}x`);
    expect((await rejection(connector.finish(upstream, first.transaction, tampered))).kind).toBe(
      'invalidState',
    );
    expect((await rejection(connector.finish(upstream, second.transaction, callback))).kind).toBe(
      'invalidState',
    );

    // Same state but another sign-in's nonce and verifier: the upstream or the ID token check refuses.
    const mixed = { ...second.transaction, state: first.transaction.state };
    const error = await rejection(connector.finish(upstream, mixed, callback));
    expect(['invalidState', 'invalidToken']).toContain(error.kind);

    // And with the right verifier but the wrong nonce, the ID token's nonce check refuses.
    const third = await connector.start(upstream, REDIRECT_URI);
    const wrongNonce = { ...third.transaction, nonce: second.transaction.nonce };
    const nonceError = await rejection(
      connector.finish(upstream, wrongNonce, await signInUpstream(gh, third.url)),
    );
    expect(nonceError.kind).toBe('invalidToken');
    expect(causeCode(nonceError)).toBe('OAUTH_JWT_CLAIM_COMPARISON_FAILED');
  });

  it('reports the IdP error when the user cancels at the upstream', async () => {
    const upstream = upstreamOf(gh, app);
    const started = await connector.start(upstream, REDIRECT_URI);
    const callback = await signInUpstream(gh, started.url, 'abort');
    expect(callback.searchParams.get('error')).toBe('access_denied');
    const error = await rejection(connector.finish(upstream, started.transaction, callback));
    expect(error).toMatchObject({ kind: 'idpError', error: 'access_denied' });
    expect(error.errorDescription).toBeTruthy();
  });

  it('refuses an ID token issued to another client (audience)', async () => {
    const upstream = upstreamOf(gh, app);
    const started = await connector.start(upstream, REDIRECT_URI);
    const callback = await signInUpstream(gh, started.url);
    // The connector believes it is `other`; the token request is rewritten on the wire so the
    // upstream issues the ID token to `app`, as a confused or hostile IdP would.
    const realFetch = globalThis.fetch;
    vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
      if (String(input).endsWith('/token') && init?.headers) {
        const headers = new Headers(init.headers);
        headers.set('authorization', `Basic ${Buffer.from(`${app.appId}:${app.secret}`).toString('base64')}`);
        return realFetch(input, { ...init, headers });
      }
      return realFetch(input, init);
    });
    const error = await rejection(connector.finish(upstreamOf(gh, other), started.transaction, callback));
    expect(error.kind).toBe('invalidToken');
    expect(causeCode(error)).toBe('OAUTH_JWT_CLAIM_COMPARISON_FAILED');
  });

  it('refuses an expired ID token', async () => {
    // The upstream's ID tokens follow the real time (oidc-provider reads Date.now, not the
    // Gatehouse clock), so our clock jumps two hours the moment the token response arrives.
    const upstream = upstreamOf(gh, app);
    const started = await connector.start(upstream, REDIRECT_URI);
    const callback = await signInUpstream(gh, started.url);
    const realFetch = globalThis.fetch;
    const realNow = Date.now;
    vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
      const response = await realFetch(input, init);
      if (String(input).endsWith('/token'))
        vi.spyOn(Date, 'now').mockImplementation(() => realNow() + 2 * 3600_000);
      return response;
    });
    const error = await rejection(connector.finish(upstream, started.transaction, callback));
    expect(error.kind).toBe('invalidToken');
    expect(causeCode(error)).toBe('OAUTH_JWT_TIMESTAMP_CHECK_FAILED');
  });

  it('refuses http metadata unless allowed for a loopback host', async () => {
    const strict = createOidcConnector({ fetch: viaGlobalFetch });
    await expect(strict.start(upstreamOf(gh, app), REDIRECT_URI)).rejects.toMatchObject({ kind: 'invalid' });
    const remote = upstreamOf(gh, app, {
      metadataUrl: 'http://idp.example/.well-known/openid-configuration',
    });
    await expect(connector.start(remote, REDIRECT_URI)).rejects.toMatchObject({ kind: 'invalid' });
  });

  it('reports an unreachable IdP as unavailable', async () => {
    const down = upstreamOf(gh, app, { metadataUrl: 'http://127.0.0.1:1/.well-known/openid-configuration' });
    expect((await rejection(connector.start(down, REDIRECT_URI))).kind).toBe('unavailable');
  });

  it('keeps a failed discovery a minute: the provider is not asked again meanwhile', async () => {
    let now = 1_000_000;
    const asked: string[] = [];
    const counting = createOidcConnector({
      fetch: async (url, init) => {
        asked.push(String(url));
        // A document that is not a discovery document.
        return url.toString().includes('broken') ? new Response('{}') : viaGlobalFetch(url, init);
      },
      allowInsecureLocalhost: true,
      now: () => now,
    });
    const broken = upstreamOf(gh, app, {
      metadataUrl: `${gh.baseUrl}/broken/.well-known/openid-configuration`,
    });
    for (let i = 0; i < 3; i++)
      expect((await rejection(counting.start(broken, REDIRECT_URI))).kind).toBe('unavailable');
    expect(asked).toHaveLength(1);
    now += 61_000;
    expect((await rejection(counting.start(broken, REDIRECT_URI))).kind).toBe('unavailable');
    expect(asked).toHaveLength(2);
  });
});
