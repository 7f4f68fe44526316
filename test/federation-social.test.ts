import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readForm } from './support/browser.js';
import { TEST_DATABASES } from './support/databases.js';
import {
  type FakeApple,
  type FakeFacebook,
  type FakeGoogle,
  socialEndpointsEnv,
  startFakeApple,
  startFakeFacebook,
  startFakeGoogle,
} from './support/fake-social.js';
import type { TestGatehouse } from './support/gatehouse.js';
import { type Scenario, type ScenarioBrowser, startScenario, type WebApp } from './support/scenario.js';

/**
 * Sign-in with Google, Facebook and Apple through the hosted pages. The providers are local
 * servers implementing the endpoints each one documents, so the connectors run over HTTP as in
 * production (GATEHOUSE_IDP_ENDPOINTS points Gatehouse at them).
 */
describe.each(TEST_DATABASES)('sign-in with Google, Facebook and Apple on %s', (kind) => {
  let google: FakeGoogle;
  let facebook: FakeFacebook;
  let apple: FakeApple;
  let scenario: Scenario;
  let gh: TestGatehouse;
  let shop: WebApp;
  const ids: Record<'google' | 'facebook' | 'apple', string> = { google: '', facebook: '', apple: '' };

  beforeAll(async () => {
    [google, facebook, apple] = await Promise.all([startFakeGoogle(), startFakeFacebook(), startFakeApple()]);
    scenario = await startScenario(kind, {
      geoOverrides: {},
      env: { GATEHOUSE_IDP_ENDPOINTS: socialEndpointsEnv({ google, facebook, apple }) },
    });
    gh = scenario.gh;
    shop = await scenario.registerWebApp('Shop');
    const register = async (body: Record<string, unknown>) => {
      const created = await gh.api('POST', '/api/v1/tenants/demo/identityProviders', body);
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      return created.body.id as string;
    };
    ids.google = await register({
      '@odata.type': '#microsoft.graph.socialIdentityProvider',
      displayName: 'Google',
      identityProviderType: 'Google',
      clientId: google.clientId,
      clientSecret: google.clientSecret,
    });
    ids.facebook = await register({
      '@odata.type': '#microsoft.graph.socialIdentityProvider',
      displayName: 'Facebook',
      identityProviderType: 'Facebook',
      clientId: facebook.clientId,
      clientSecret: facebook.clientSecret,
    });
    ids.apple = await register({
      '@odata.type': '#microsoft.graph.appleManagedIdentityProvider',
      displayName: 'Apple',
      developerId: apple.teamId,
      serviceId: apple.serviceId,
      keyId: apple.keyId,
      certificateData: apple.privateKeyPem,
    });
    const flow = await gh.api('POST', '/api/v1/tenants/demo/userFlows', {
      displayName: 'Shop customers',
      signInMethods: ['emailPassword'],
      identityProviders: [ids.google, ids.facebook, ids.apple],
      applications: [shop.appId],
    });
    expect(flow.status, JSON.stringify(flow.body)).toBe(201);
  });
  afterAll(async () => {
    await scenario?.stop();
    await Promise.all([google?.close(), facebook?.close(), apple?.close()]);
  });

  /** From the shop's sign-in page through a provider's button, back to the shop (or a page). */
  async function signInWith(at: ScenarioBrowser, provider: keyof typeof ids) {
    const started = await at.authorize(shop);
    const button = `${new URL(started.page.url).pathname}/federation/${ids[provider]}`;
    expect(started.page.body).toContain(`href="${button}"`);
    let back = await at.browser.navigate(new URL(button, gh.baseUrl), shop.callback);
    if (provider === 'apple' && back.status === 200 && back.url.startsWith(apple.url)) {
      // Apple's page posts the answer to the redirect URI (response_mode=form_post).
      const form = readForm(back.body, /\/u\/federation\/callback$/);
      back = await at.browser.navigate(new URL(form.action), shop.callback, { form: form.fields });
    }
    return { ...back, tokens: started.tokens };
  }

  const userOf = async (id: string) => (await gh.api('GET', `/api/v1/tenants/demo/users/${id}`)).body;

  it('signs a new Google user up and finds them again', async () => {
    google.nextUser = { sub: 'g-1001', email: 'gail@gmail.example', email_verified: true, name: 'Gail G' };
    const first = await signInWith(scenario.browserAt('203.0.113.30'), 'google');
    const claims = (await first.tokens(first.redirectedTo)).claims();
    expect(claims?.amr).toEqual(['fed']);
    const user = await userOf(claims?.sub as string);
    expect(user).toMatchObject({ displayName: 'Gail G', mail: 'gail@gmail.example' });
    expect(user.identities).toEqual([
      { signInType: 'federated', issuer: google.issuer, issuerAssignedId: 'g-1001' },
    ]);
    // The code went back with its PKCE verifier and the client secret.
    expect(google.tokenRequests.at(-1)).toMatchObject({ client_secret: google.clientSecret });
    expect(google.tokenRequests.at(-1)?.code_verifier).toBeTruthy();

    scenario.clock.advance(1000);
    const again = await signInWith(scenario.browserAt('203.0.113.30'), 'google');
    expect((await again.tokens(again.redirectedTo)).claims()?.sub).toBe(claims?.sub);
  });

  it('signs a Facebook user in through the Graph API /me', async () => {
    facebook.nextUser = { sub: '10220001', email: 'finn@facebook.example', name: 'Finn F' };
    const done = await signInWith(scenario.browserAt('203.0.113.31'), 'facebook');
    const claims = (await done.tokens(done.redirectedTo)).claims();
    const user = await userOf(claims?.sub as string);
    expect(user).toMatchObject({ displayName: 'Finn F', mail: 'finn@facebook.example' });
    expect(user.identities).toEqual([
      { signInType: 'federated', issuer: 'facebook.com', issuerAssignedId: '10220001' },
    ]);
    expect(facebook.meRequests.at(-1)?.appsecret_proof).toMatch(/^[0-9a-f]{64}$/);
  });

  it('takes the name Apple sends with the first sign-in only, and keeps it', async () => {
    apple.nextUser = {
      sub: '001234.apple.user',
      email: 'ava@privaterelay.appleid.example',
      email_verified: 'true',
      given_name: 'Ava',
      family_name: 'Apple',
    };
    const first = await signInWith(scenario.browserAt('203.0.113.32'), 'apple');
    const claims = (await first.tokens(first.redirectedTo)).claims();
    expect(await userOf(claims?.sub as string)).toMatchObject({
      displayName: 'Ava Apple',
      givenName: 'Ava',
      surname: 'Apple',
      mail: 'ava@privaterelay.appleid.example',
    });
    // The client secret was an ES256 JWT from the team id, key id and the .p8 key.
    expect(apple.clientSecrets.at(-1)).toMatchObject({
      header: { alg: 'ES256', kid: apple.keyId },
      claims: { iss: apple.teamId, sub: apple.serviceId },
    });

    scenario.clock.advance(1000);
    const again = await signInWith(scenario.browserAt('203.0.113.32'), 'apple');
    expect((await again.tokens(again.redirectedTo)).claims()?.sub).toBe(claims?.sub);
    expect((await userOf(claims?.sub as string)).displayName).toBe('Ava Apple');
  });

  it('brings a user who declines at the provider back to the sign-in page', async () => {
    google.nextFault = 'denied';
    const declined = await signInWith(scenario.browserAt('203.0.113.33'), 'google');
    expect(declined.status).toBe(400);
    expect(declined.redirectedTo).toBeUndefined();
    expect(declined.body).toContain('Signing in with Google did not work');
    expect(declined.body).toContain('name="password"');
  });

  it('refuses an ID token made for another client, and creates nobody', async () => {
    google.nextUser = { sub: 'g-2002', email: 'wanda@gmail.example', email_verified: true, name: 'Wanda' };
    google.nextFault = 'wrongAudience';
    const refused = await signInWith(scenario.browserAt('203.0.113.34'), 'google');
    expect(refused.status).toBe(400);
    expect(refused.body).toContain('Signing in with Google did not work');
    const users = (await gh.api('GET', '/api/v1/tenants/demo/users?$top=100')).body.value as Array<{
      mail: string | null;
    }>;
    expect(users.some((u) => u.mail === 'wanda@gmail.example')).toBe(false);
  });

  it('refuses a callback whose state was tampered with', async () => {
    const at = scenario.browserAt('203.0.113.35');
    const started = await at.authorize(shop);
    const button = `${new URL(started.page.url).pathname}/federation/${ids.google}`;
    // Leave for the provider, but come back with another state than the one sent.
    const toProvider = await at.browser.navigate(new URL(button, gh.baseUrl), google.url);
    const answer = await google.authorize(toProvider.redirectedTo as string);
    const tampered = new URL(answer.callbackUrl);
    for (const [name, value] of Object.entries(answer.response)) tampered.searchParams.set(name, value);
    tampered.searchParams.set('state', `${answer.response.state}x`);
    const refused = await at.browser.navigate(tampered, shop.callback);
    expect(refused.status).toBe(400);
    expect(refused.body).toContain('expired');
  });
});
