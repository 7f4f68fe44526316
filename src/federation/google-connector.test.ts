import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CALLBACK, rejection, toCallback, viaGlobalFetch } from '../../test/support/connector-tests.js';
import { type FakeGoogle, startFakeGoogle } from '../../test/support/fake-social.js';
import type { FederationConnector } from './connector.js';
import { createGoogleConnector } from './google-connector.js';
import { HIDDEN_SECRET, type ResolvedIdentityProvider, SOCIAL_TYPE } from './model.js';
import { createOidcConnector } from './oidc-connector.js';

describe('the Google connector against a fake Google', () => {
  let fake: FakeGoogle;
  let connector: FederationConnector;
  let provider: ResolvedIdentityProvider;

  /** One sign-in up to the callback: what the tenant's callback route would receive. */
  const signIn = () => toCallback(connector, provider, fake);

  beforeAll(async () => {
    fake = await startFakeGoogle();
    connector = createGoogleConnector({
      oidc: createOidcConnector({ fetch: viaGlobalFetch, allowInsecureLocalhost: true }),
      endpoints: fake.endpoints,
    });
    provider = {
      '@odata.type': SOCIAL_TYPE,
      id: 'Google-OAUTH',
      displayName: 'Google',
      identityProviderType: 'Google',
      clientId: fake.clientId,
      clientSecret: HIDDEN_SECRET,
      secrets: { clientSecret: fake.clientSecret },
    };
  });
  afterAll(() => fake?.close());

  it('signs a new user in with PKCE, state and nonce, and maps the ID token', async () => {
    fake.nextUser = {
      sub: '111111111111111111111',
      email: 'dana@gmail.com',
      email_verified: true,
      name: 'Dana Scully',
      given_name: 'Dana',
      family_name: 'Scully',
    };
    const started = await connector.start(provider, {
      callbackUrl: CALLBACK,
      loginHint: 'dana@gmail.com',
      uiLocales: 'fr',
    });
    const url = new URL(started.url);
    expect(`${url.origin}${url.pathname}`).toBe(`${fake.url}/o/oauth2/v2/auth`);
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      client_id: fake.clientId,
      redirect_uri: CALLBACK,
      response_type: 'code',
      scope: 'openid profile email',
      state: started.transaction.state,
      code_challenge_method: 'S256',
      login_hint: 'dana@gmail.com',
      ui_locales: 'fr',
    });
    expect(url.searchParams.get('nonce')).toBeTruthy();

    const back = await fake.authorize(started.url);
    const identity = await connector.finish(provider, started.transaction, back.response, {
      callbackUrl: CALLBACK,
    });
    expect(identity).toMatchObject({
      issuer: 'https://accounts.google.com',
      subject: '111111111111111111111',
      email: 'dana@gmail.com',
      emailVerified: true,
      displayName: 'Dana Scully',
      givenName: 'Dana',
      surname: 'Scully',
    });
    expect(identity.claims.aud).toBe(fake.clientId);
    // client_secret_post, with the PKCE verifier.
    expect(fake.tokenRequests.at(-1)).toMatchObject({
      client_id: fake.clientId,
      client_secret: fake.clientSecret,
      redirect_uri: CALLBACK,
      code_verifier: started.transaction.codeVerifier,
    });

    // The same code twice: Google refuses it and the user starts again.
    const replay = await rejection(
      connector.finish(provider, started.transaction, back.response, { callbackUrl: CALLBACK }),
    );
    expect(replay).toMatchObject({ kind: 'invalidState', error: 'invalid_grant' });
  });

  it('does not take an unverified email as verified', async () => {
    fake.nextUser = { sub: '222', email: 'eve@example.com', email_verified: false };
    const { started, response } = await signIn();
    const identity = await connector.finish(provider, started.transaction, response, {
      callbackUrl: CALLBACK,
    });
    expect(identity).toMatchObject({ subject: '222', email: 'eve@example.com', emailVerified: false });
    expect(identity.displayName).toBeNull();
  });

  it('reports the user declining at Google as the IdP error', async () => {
    fake.nextFault = 'denied';
    const { started, response } = await signIn();
    const error = await rejection(
      connector.finish(provider, started.transaction, response, { callbackUrl: CALLBACK }),
    );
    expect(error).toMatchObject({ kind: 'idpError', error: 'access_denied' });
  });

  it('refuses a tampered state, and a transaction that is not a sign-in', async () => {
    const { started, response } = await signIn();
    const tampered = { ...response, state: `${response.state}x` };
    expect(
      await rejection(connector.finish(provider, started.transaction, tampered, { callbackUrl: CALLBACK })),
    ).toMatchObject({ kind: 'invalidState' });
    expect(
      await rejection(
        connector.finish(provider, { state: response.state as string }, response, { callbackUrl: CALLBACK }),
      ),
    ).toMatchObject({ kind: 'invalidState' });
    // The callback must come back to the redirect URI of the sign-in.
    expect(
      await rejection(
        connector.finish(provider, started.transaction, response, {
          callbackUrl: 'https://gatehouse.example/t/other/federation/callback',
        }),
      ),
    ).toMatchObject({ kind: 'invalidState' });
  });

  it('sends the PKCE verifier, which Google checks', async () => {
    const { started, response } = await signIn();
    const other = await connector.start(provider, { callbackUrl: CALLBACK });
    const wrongVerifier = { ...started.transaction, codeVerifier: other.transaction.codeVerifier };
    const error = await rejection(
      connector.finish(provider, wrongVerifier, response, { callbackUrl: CALLBACK }),
    );
    expect(error).toMatchObject({ kind: 'invalidState', error: 'invalid_grant' });
    expect(fake.tokenRequests.at(-1)?.code_verifier).toBe(other.transaction.codeVerifier);
  });

  it('refuses an ID token for another audience, with another nonce, from another issuer, or expired', async () => {
    for (const fault of ['wrongAudience', 'wrongNonce', 'wrongIssuer', 'expiredIdToken'] as const) {
      fake.nextFault = fault;
      const { started, response } = await signIn();
      const error = await rejection(
        connector.finish(provider, started.transaction, response, { callbackUrl: CALLBACK }),
      );
      expect(error.kind, fault).toBe('invalidToken');
      expect(fake.nextFault).toBeUndefined();
    }
  });

  it('reports a wrong client secret as Google being unavailable, not as the user', async () => {
    const wrong = { ...provider, secrets: { clientSecret: 'not-the-secret' } } as ResolvedIdentityProvider;
    const started = await connector.start(wrong, { callbackUrl: CALLBACK });
    const back = await fake.authorize(started.url);
    const error = await rejection(
      connector.finish(wrong, started.transaction, back.response, { callbackUrl: CALLBACK }),
    );
    expect(error).toMatchObject({ kind: 'unavailable', error: 'invalid_client' });
  });
});
