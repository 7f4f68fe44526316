import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CALLBACK, rejection, toCallback, viaGlobalFetch } from '../../test/support/connector-tests.js';
import { type FakeApple, startFakeApple } from '../../test/support/fake-social.js';
import { appleUserName, createAppleConnector } from './apple-connector.js';
import type { FederationConnector } from './connector.js';
import { APPLE_TYPE, HIDDEN_SECRET, type ResolvedIdentityProvider } from './model.js';

describe('the Apple connector against a fake Apple', () => {
  let fake: FakeApple;
  let connector: FederationConnector;
  let provider: ResolvedIdentityProvider;

  async function signIn(using = connector, as = provider) {
    const trip = await toCallback(using, as, fake);
    expect(trip.back.method).toBe('POST');
    return trip;
  }

  beforeAll(async () => {
    fake = await startFakeApple();
    connector = createAppleConnector({
      endpoints: fake.endpoints,
      fetch: viaGlobalFetch,
      allowInsecureLocalhost: true,
    });
    provider = {
      '@odata.type': APPLE_TYPE,
      id: 'Apple-Managed-OIDC',
      displayName: 'Apple',
      developerId: fake.teamId,
      serviceId: fake.serviceId,
      keyId: fake.keyId,
      certificateData: HIDDEN_SECRET,
      secrets: { privateKeyPem: fake.privateKeyPem },
    };
  });
  afterAll(() => fake?.close());

  it('signs a new user in by form post, taking the name from the first response only', async () => {
    fake.nextUser = {
      sub: '001111.aaaa.0001',
      email: 'gina@privaterelay.appleid.com',
      email_verified: 'true',
      given_name: 'Gina',
      family_name: 'Linetti',
    };
    const started = await connector.start(provider, { callbackUrl: CALLBACK });
    const url = new URL(started.url);
    expect(`${url.origin}${url.pathname}`).toBe(`${fake.url}/auth/authorize`);
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      client_id: fake.serviceId,
      redirect_uri: CALLBACK,
      response_type: 'code',
      response_mode: 'form_post',
      scope: 'name email',
      state: started.transaction.state,
      code_challenge_method: 'S256',
    });
    expect(url.searchParams.get('nonce')).toBeTruthy();

    const first = await fake.authorize(started.url);
    expect(first.method).toBe('POST');
    expect(JSON.parse(first.response.user ?? '{}')).toEqual({
      name: { firstName: 'Gina', lastName: 'Linetti' },
      email: 'gina@privaterelay.appleid.com',
    });
    const identity = await connector.finish(provider, started.transaction, first.response, {
      callbackUrl: CALLBACK,
    });
    expect(identity).toMatchObject({
      issuer: 'https://appleid.apple.com',
      subject: '001111.aaaa.0001',
      email: 'gina@privaterelay.appleid.com',
      // Apple's string "true".
      emailVerified: true,
      givenName: 'Gina',
      surname: 'Linetti',
      displayName: 'Gina Linetti',
    });
    expect(identity.claims).toMatchObject({ aud: fake.serviceId, is_private_email: 'true' });

    // The second time, Apple posts no `user`: the names are unknown, not made up.
    const again = await signIn();
    expect(again.response.user).toBeUndefined();
    const second = await connector.finish(provider, again.started.transaction, again.response, {
      callbackUrl: CALLBACK,
    });
    expect(second).toMatchObject({
      subject: '001111.aaaa.0001',
      email: 'gina@privaterelay.appleid.com',
      emailVerified: true,
      givenName: null,
      surname: null,
      displayName: null,
    });
  });

  it('sends a client secret JWT that Apple verifies, with the PKCE verifier', async () => {
    fake.nextUser = { sub: '001111.aaaa.0002', email: 'h@example.com', email_verified: true };
    const { started, response } = await signIn();
    const before = fake.clientSecrets.length;
    const identity = await connector.finish(provider, started.transaction, response, {
      callbackUrl: CALLBACK,
    });
    // The boolean true is as good as the string.
    expect(identity).toMatchObject({ subject: '001111.aaaa.0002', emailVerified: true });
    expect(fake.clientSecrets.length).toBe(before + 1);
    const { header, claims } = fake.clientSecrets.at(-1) ?? { header: {}, claims: {} };
    expect(header).toMatchObject({ alg: 'ES256', kid: fake.keyId });
    expect(claims).toMatchObject({ iss: fake.teamId, sub: fake.serviceId, aud: 'https://appleid.apple.com' });
    const lifetime = (claims.exp as number) - (claims.iat as number);
    expect(lifetime).toBeGreaterThan(0);
    expect(lifetime).toBeLessThanOrEqual(600);
    expect(fake.tokenRequests.at(-1)).toMatchObject({
      client_id: fake.serviceId,
      redirect_uri: CALLBACK,
      code_verifier: started.transaction.codeVerifier,
    });
  });

  it('does not take an unverified email as verified', async () => {
    fake.nextUser = { sub: '001111.aaaa.0003', email: 'i@example.com', email_verified: 'false' };
    const { started, response } = await signIn();
    const identity = await connector.finish(provider, started.transaction, response, {
      callbackUrl: CALLBACK,
    });
    expect(identity).toMatchObject({ email: 'i@example.com', emailVerified: false });
  });

  it('is refused by Apple with a client secret signed by another key, or expired', async () => {
    const other = generateKeyPairSync('ec', { namedCurve: 'P-256' })
      .privateKey.export({ format: 'pem', type: 'pkcs8' })
      .toString();
    const wrongKey = { ...provider, secrets: { privateKeyPem: other } } as ResolvedIdentityProvider;
    const { started, response } = await signIn(connector, wrongKey);
    const error = await rejection(
      connector.finish(wrongKey, started.transaction, response, { callbackUrl: CALLBACK }),
    );
    expect(error).toMatchObject({ kind: 'unavailable', error: 'invalid_client' });

    const late = createAppleConnector({
      fetch: viaGlobalFetch,
      endpoints: fake.endpoints,
      allowInsecureLocalhost: true,
      now: () => Date.now() - 3600_000,
    });
    const lateSignIn = await signIn(late);
    const expired = await rejection(
      late.finish(provider, lateSignIn.started.transaction, lateSignIn.response, { callbackUrl: CALLBACK }),
    );
    expect(expired).toMatchObject({ kind: 'unavailable', error: 'invalid_client' });
  });

  it('reports the user cancelling at Apple as the IdP error', async () => {
    fake.nextFault = 'denied';
    const { started, response } = await signIn();
    const error = await rejection(
      connector.finish(provider, started.transaction, response, { callbackUrl: CALLBACK }),
    );
    expect(error).toMatchObject({ kind: 'idpError', error: 'user_cancelled_authorize' });
  });

  it('refuses a tampered state', async () => {
    const { started, response } = await signIn();
    const error = await rejection(
      connector.finish(
        provider,
        started.transaction,
        { ...response, state: 'forged' },
        { callbackUrl: CALLBACK },
      ),
    );
    expect(error.kind).toBe('invalidState');
  });

  it('checks the PKCE verifier through Apple', async () => {
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
    expect(error).toMatchObject({ kind: 'invalidState', error: 'invalid_grant' });
  });

  it('refuses an ID token for another audience or with another nonce', async () => {
    for (const fault of ['wrongAudience', 'wrongNonce'] as const) {
      fake.nextFault = fault;
      const { started, response } = await signIn();
      const error = await rejection(
        connector.finish(provider, started.transaction, response, { callbackUrl: CALLBACK }),
      );
      expect(error.kind, fault).toBe('invalidToken');
    }
  });

  it('signs in despite a malformed user field, without a name', async () => {
    fake.nextUser = { sub: '001111.aaaa.0004', email: 'j@example.com', given_name: 'J', family_name: 'K' };
    const { started, response } = await signIn();
    expect(response.user).toBeDefined();
    const identity = await connector.finish(
      provider,
      started.transaction,
      { ...response, user: '{"name": {"firstName": 42}' },
      { callbackUrl: CALLBACK },
    );
    expect(identity).toMatchObject({ subject: '001111.aaaa.0004', givenName: null, displayName: null });
  });
});

describe("Apple's user field", () => {
  it('gives the name, and nothing for anything else', () => {
    expect(appleUserName('{"name":{"firstName":" Ann ","lastName":"Lee"},"email":"a@example.com"}')).toEqual({
      givenName: 'Ann',
      surname: 'Lee',
      displayName: 'Ann Lee',
    });
    expect(appleUserName('{"name":{"firstName":"Ann"}}')).toEqual({
      givenName: 'Ann',
      surname: null,
      displayName: 'Ann',
    });
    const none = { givenName: null, surname: null, displayName: null };
    expect(appleUserName(undefined)).toEqual(none);
    expect(appleUserName('not json')).toEqual(none);
    expect(appleUserName('["Ann"]')).toEqual(none);
    expect(appleUserName(`{"name":{"firstName":"${'a'.repeat(5000)}"}}`)).toEqual(none);
  });
});
