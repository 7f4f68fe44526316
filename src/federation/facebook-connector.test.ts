import { createHmac } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { CALLBACK, rejection, toCallback, viaGlobalFetch } from '../../test/support/connector-tests.js';
import { type FakeFacebook, startFakeFacebook } from '../../test/support/fake-social.js';
import type { FederationConnector } from './connector.js';
import { createFacebookConnector } from './facebook-connector.js';
import { HIDDEN_SECRET, type ResolvedIdentityProvider, SOCIAL_TYPE } from './model.js';

describe('the Facebook connector against a fake Facebook', () => {
  let fake: FakeFacebook;
  let connector: FederationConnector;
  let provider: ResolvedIdentityProvider;

  const signIn = () => toCallback(connector, provider, fake);

  beforeAll(async () => {
    fake = await startFakeFacebook();
    connector = createFacebookConnector({
      endpoints: fake.endpoints,
      fetch: viaGlobalFetch,
      allowInsecureLocalhost: true,
    });
    provider = {
      '@odata.type': SOCIAL_TYPE,
      id: 'Facebook-OAUTH',
      displayName: 'Facebook',
      identityProviderType: 'Facebook',
      clientId: fake.clientId,
      clientSecret: HIDDEN_SECRET,
      secrets: { clientSecret: fake.clientSecret },
    };
  });
  afterAll(() => fake?.close());
  afterEach(() => vi.restoreAllMocks());

  it('signs a new user in with state and PKCE, and maps the /me profile', async () => {
    fake.nextUser = {
      sub: '10220000000000001',
      email: 'fox@example.com',
      name: 'Fox Mulder',
      given_name: 'Fox',
      family_name: 'Mulder',
    };
    const started = await connector.start(provider, { callbackUrl: CALLBACK });
    const url = new URL(started.url);
    expect(`${url.origin}${url.pathname}`).toBe(fake.endpoints.authorizationUrl);
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      client_id: fake.clientId,
      redirect_uri: CALLBACK,
      response_type: 'code',
      scope: 'email public_profile',
      state: started.transaction.state,
      code_challenge_method: 'S256',
    });

    const back = await fake.authorize(started.url);
    const identity = await connector.finish(provider, started.transaction, back.response, {
      callbackUrl: CALLBACK,
    });
    expect(identity).toEqual({
      issuer: 'facebook.com',
      subject: '10220000000000001',
      email: 'fox@example.com',
      emailVerified: true,
      displayName: 'Fox Mulder',
      givenName: 'Fox',
      surname: 'Mulder',
      claims: {
        id: '10220000000000001',
        email: 'fox@example.com',
        name: 'Fox Mulder',
        first_name: 'Fox',
        last_name: 'Mulder',
      },
    });
    expect(fake.tokenRequests.at(-1)).toMatchObject({
      client_id: fake.clientId,
      client_secret: fake.clientSecret,
      redirect_uri: CALLBACK,
      code: back.response.code,
      code_verifier: started.transaction.codeVerifier,
    });
    expect(fake.meRequests.at(-1)?.fields).toBe('id,name,email,first_name,last_name');
    // The access token travels in the Authorization header, not in the URL.
    expect(fake.meRequests.at(-1)?.access_token).toBeUndefined();

    const replay = await rejection(
      connector.finish(provider, started.transaction, back.response, { callbackUrl: CALLBACK }),
    );
    expect(replay.kind).toBe('invalidState');
  });

  it('has no email, and so no verified email, when the user shares none', async () => {
    fake.nextUser = { sub: '10220000000000002', name: 'No Mail' };
    const { started, response } = await signIn();
    const identity = await connector.finish(provider, started.transaction, response, {
      callbackUrl: CALLBACK,
    });
    expect(identity).toMatchObject({ subject: '10220000000000002', email: null, emailVerified: false });
    expect(identity.givenName).toBeNull();
  });

  it('proves the access token with appsecret_proof, which Facebook checks', async () => {
    const realFetch = globalThis.fetch;
    const meCalls: { url: string; headers: Headers }[] = [];
    vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
      if (String(input).startsWith(fake.endpoints.meUrl))
        meCalls.push({ url: String(input), headers: new Headers(init?.headers) });
      return realFetch(input, init);
    });
    const { started, response } = await signIn();
    await connector.finish(provider, started.transaction, response, { callbackUrl: CALLBACK });
    vi.restoreAllMocks();

    const call = meCalls[0];
    if (!call) throw new Error('no /me request');
    const accessToken = /^Bearer (.+)$/.exec(call.headers.get('authorization') ?? '')?.[1] ?? '';
    const proof = new URL(call.url).searchParams.get('appsecret_proof');
    expect(proof).toBe(createHmac('sha256', fake.clientSecret).update(accessToken).digest('hex'));

    // The same request with a proof made with another secret, or none, is refused.
    const forged = new URL(call.url);
    forged.searchParams.set(
      'appsecret_proof',
      createHmac('sha256', 'other').update(accessToken).digest('hex'),
    );
    const refused = await fetch(forged, { headers: call.headers });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toMatch(
      /appsecret_proof/,
    );
    forged.searchParams.delete('appsecret_proof');
    expect((await fetch(forged, { headers: call.headers })).status).toBe(400);
    expect((await fetch(call.url, { headers: call.headers })).status).toBe(200);
  });

  it('reports the user declining the permissions as the IdP error', async () => {
    fake.nextFault = 'denied';
    const { started, response } = await signIn();
    expect(response).toMatchObject({ error: 'access_denied', error_reason: 'user_denied' });
    const error = await rejection(
      connector.finish(provider, started.transaction, response, { callbackUrl: CALLBACK }),
    );
    expect(error).toMatchObject({
      kind: 'idpError',
      error: 'access_denied',
      errorDescription: 'Permissions error',
    });
  });

  it('refuses a tampered state and a callback to another redirect URI', async () => {
    const { started, response } = await signIn();
    expect(
      await rejection(
        connector.finish(
          provider,
          started.transaction,
          { ...response, state: 'forged' },
          { callbackUrl: CALLBACK },
        ),
      ),
    ).toMatchObject({ kind: 'invalidState' });
    expect(
      await rejection(
        connector.finish(provider, started.transaction, response, {
          callbackUrl: 'https://gatehouse.example/t/other/federation/callback',
        }),
      ),
    ).toMatchObject({ kind: 'invalidState' });
    // Nothing reached Facebook's token endpoint: the code is still good.
    const identity = await connector.finish(provider, started.transaction, response, {
      callbackUrl: CALLBACK,
    });
    expect(identity.subject).toBe(fake.nextUser.sub);
  });

  it('sends the PKCE verifier, which Facebook checks', async () => {
    const { started, response } = await signIn();
    const other = await connector.start(provider, { callbackUrl: CALLBACK });
    const error = await rejection(
      connector.finish(
        provider,
        { ...started.transaction, codeVerifier: other.transaction.codeVerifier },
        response,
        {
          callbackUrl: CALLBACK,
        },
      ),
    );
    expect(error.kind).toBe('invalidState');
    expect(fake.tokenRequests.at(-1)?.code_verifier).toBe(other.transaction.codeVerifier);
  });

  it('reports a wrong app secret as Facebook being unavailable', async () => {
    const wrong = { ...provider, secrets: { clientSecret: 'not-the-secret' } } as ResolvedIdentityProvider;
    const { started, response } = await signIn();
    const error = await rejection(
      connector.finish(wrong, started.transaction, response, { callbackUrl: CALLBACK }),
    );
    expect(error).toMatchObject({ kind: 'unavailable', error: 'OAuthException' });
    expect(error.errorDescription).toMatch(/client secret/);
  });

  it('uses https only, unless told that http to a loopback host is fine', async () => {
    const strict = createFacebookConnector({ endpoints: fake.endpoints, fetch: viaGlobalFetch });
    await expect(strict.start(provider, { callbackUrl: CALLBACK })).rejects.toMatchObject({
      kind: 'invalid',
    });
    const remote = createFacebookConnector({
      fetch: viaGlobalFetch,
      endpoints: { ...fake.endpoints, authorizationUrl: 'http://facebook.example/dialog/oauth' },
      allowInsecureLocalhost: true,
    });
    await expect(remote.start(provider, { callbackUrl: CALLBACK })).rejects.toMatchObject({
      kind: 'invalid',
    });
  });

  it('reports an unreachable Facebook as unavailable', async () => {
    const down = createFacebookConnector({
      fetch: viaGlobalFetch,
      endpoints: { ...fake.endpoints, tokenUrl: 'http://127.0.0.1:1/oauth/access_token' },
      allowInsecureLocalhost: true,
      timeoutMs: 2000,
    });
    const { started, response } = await signIn();
    const error = await rejection(
      down.finish(provider, started.transaction, response, { callbackUrl: CALLBACK }),
    );
    expect(error.kind).toBe('unavailable');
  });
});
