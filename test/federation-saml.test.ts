import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readForm } from './support/browser.js';
import { TEST_DATABASES } from './support/databases.js';
import type { TestGatehouse } from './support/gatehouse.js';
import { type RunningSamlIdp, type SamlFault, startSamlIdp } from './support/saml-idp.js';
import { type Scenario, type ScenarioBrowser, startScenario, type WebApp } from './support/scenario.js';

/**
 * SP-initiated SAML 2.0 sign-in through the hosted pages, against a local IdP that signs real
 * assertions (RSA-SHA256 XML signatures) and answers with the HTML form it auto-posts to our ACS.
 */
describe.each(TEST_DATABASES)('sign-in with a SAML 2.0 identity provider on %s', (kind) => {
  let idp: RunningSamlIdp;
  let scenario: Scenario;
  let gh: TestGatehouse;
  let shop: WebApp;
  let providerId: string;

  beforeAll(async () => {
    idp = await startSamlIdp();
    scenario = await startScenario(kind, { geoOverrides: {} });
    gh = scenario.gh;
    shop = await scenario.registerWebApp('Shop');
    const provider = await gh.api('POST', '/api/v1/tenants/demo/identityProviders', {
      '@odata.type': '#microsoft.graph.samlIdentityProvider',
      displayName: 'Contoso SSO',
      metadataUrl: idp.metadataUrl,
    });
    expect(provider.status, JSON.stringify(provider.body)).toBe(201);
    providerId = provider.body.id;
    const flow = await gh.api('POST', '/api/v1/tenants/demo/userFlows', {
      displayName: 'Shop customers',
      signInMethods: ['emailPassword'],
      identityProviders: [providerId],
      applications: [shop.appId],
    });
    expect(flow.status, JSON.stringify(flow.body)).toBe(201);
  });
  afterAll(async () => {
    await scenario?.stop();
    await idp?.close();
  });

  /** The IdP's auto-posted form, as a browser submits it to the ACS. */
  type Posted = { action: string; fields: Record<string, string> };

  /** From the sign-in page's button to the IdP; `post` submits what the IdP answered. */
  async function toIdp(at: ScenarioBrowser, fault: SamlFault = {}) {
    idp.fault(fault);
    const started = await at.authorize(shop);
    const button = `${new URL(started.page.url).pathname}/federation/${providerId}`;
    expect(started.page.body).toContain(`href="${button}"`);
    const idpPage = await at.browser.navigate(new URL(button, gh.baseUrl), shop.callback);
    expect(idpPage.url.startsWith(idp.ssoUrl)).toBe(true);
    const form: Posted = readForm(idpPage.body, /\/u\/federation\/callback$/);
    const post = (posted: Posted = form) =>
      at.browser.navigate(new URL(posted.action), shop.callback, { form: posted.fields });
    return { form, post, tokens: started.tokens };
  }

  const usersWith = async (nameId: string) =>
    (
      (await gh.api('GET', '/api/v1/tenants/demo/users?$top=100')).body.value as Array<{
        id: string;
        identities: Array<{ issuerAssignedId: string }>;
      }>
    ).filter((u) => u.identities.some((i) => i.issuerAssignedId === nameId));

  it('publishes the tenant SP metadata: entity id, ACS and signed assertions wanted', async () => {
    const response = await fetch(`${gh.baseUrl}/t/demo/u/federation/saml/metadata`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/samlmetadata+xml');
    const xml = await response.text();
    expect(xml).toContain(`entityID="${gh.baseUrl}/t/demo/u/federation/saml/metadata"`);
    expect(xml).toContain(`Location="${gh.baseUrl}/t/demo/u/federation/callback"`);
    expect(xml).toContain('WantAssertionsSigned="true"');
    const unknown = await fetch(`${gh.baseUrl}/t/nowhere/u/federation/saml/metadata`);
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).not.toContain('EntityDescriptor');
  });

  it('signs a new user up from a signed assertion, and finds them again', async () => {
    idp.nextUser({
      nameId: 'contoso-0001',
      attributes: { email: 'sam@contoso.example', givenName: 'Sam', sn: 'Lowe', displayName: 'Sam Lowe' },
    });
    const first = await toIdp(scenario.browserAt('203.0.113.40'));
    const done = await first.post();
    const claims = (await first.tokens(done.redirectedTo)).claims();
    expect(claims?.amr).toEqual(['fed']);
    const user = (await gh.api('GET', `/api/v1/tenants/demo/users/${claims?.sub}`)).body;
    expect(user).toMatchObject({ displayName: 'Sam Lowe', givenName: 'Sam', surname: 'Lowe' });
    expect(user.identities).toEqual([
      { signInType: 'federated', issuer: idp.entityId, issuerAssignedId: 'contoso-0001' },
    ]);
    // An enterprise IdP does not say it verified the address: it is not taken as the user's mail.
    expect(user.mail).toBeNull();

    scenario.clock.advance(1000);
    const second = await toIdp(scenario.browserAt('203.0.113.40'));
    const again = await second.post();
    expect((await second.tokens(again.redirectedTo)).claims()?.sub).toBe(claims?.sub);
  });

  it.each([
    ['an assertion for another audience', { audience: 'https://another-sp.example/metadata' }],
    ['an expired assertion', { validForMs: -60_000, issuedOffsetMs: -10 * 60_000 }],
    ['an unsigned assertion', { unsigned: true }],
    ['an assertion signed by a key the IdP does not publish', { otherKey: true }],
    ['an assertion changed after signing', { tamper: true }],
  ] as Array<[string, SamlFault]>)('refuses %s, and creates nobody', async (_case, fault) => {
    const nameId = `refused-${Math.random().toString(36).slice(2)}`;
    idp.nextUser({ nameId, attributes: { email: `${nameId}@contoso.example` } });
    const trip = await toIdp(scenario.browserAt('203.0.113.41'), fault);
    const refused = await trip.post();
    expect(refused.redirectedTo).toBeUndefined();
    expect(refused.status).toBe(400);
    expect(refused.body).toContain('Signing in with Contoso SSO did not work');
    expect(await usersWith(nameId)).toEqual([]);
  });

  it('shows the IdP refusing the sign-in as a way back, not an error', async () => {
    const trip = await toIdp(scenario.browserAt('203.0.113.42'), {
      status: {
        code: 'urn:oasis:names:tc:SAML:2.0:status:Responder',
        subCode: 'urn:oasis:names:tc:SAML:2.0:status:AuthnFailed',
      },
    });
    const refused = await trip.post();
    expect(refused.status).toBe(400);
    expect(refused.body).toContain('Signing in with Contoso SSO did not work');
    expect(refused.body).toContain('name="password"');
  });

  it('refuses a replayed response', async () => {
    idp.nextUser({ nameId: 'contoso-0002', attributes: { email: 'rey@contoso.example' } });
    const at = scenario.browserAt('203.0.113.43');
    const trip = await toIdp(at);
    const done = await trip.post();
    expect(done.redirectedTo).toBeDefined();
    // The same posted response again, by the same browser: its round trip is over.
    const replayed = await trip.post();
    expect(replayed.redirectedTo).toBeUndefined();
    expect(replayed.status).toBe(400);
    // Nor does it complete another sign-in that is waiting for its own answer.
    const waiting = await toIdp(scenario.browserAt('203.0.113.44'));
    const spliced = await waiting.post({
      action: waiting.form.action,
      fields: { ...trip.form.fields, RelayState: waiting.form.fields.RelayState as string },
    });
    expect(spliced.redirectedTo).toBeUndefined();
    expect(spliced.status).toBe(400);
  });
});
