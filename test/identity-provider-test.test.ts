/**
 * POST /identityProviders/{id}/test: Gatehouse reads what a provider publishes through its
 * outbound policy and says what it found — a real OpenID Connect provider (a second tenant of
 * the same Gatehouse), SAML metadata, and a provider that cannot be reached.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startGatehouse, type TestGatehouse } from './support/gatehouse.js';
import { startPartnerProvider } from './support/partner-idp.js';
import { createSamlIdp } from './support/saml-idp.js';

describe('Testing identity providers', () => {
  let gh: TestGatehouse;
  const idps = '/api/v1/tenants/demo/identityProviders';

  beforeAll(async () => {
    gh = await startGatehouse('sqlite');
  });
  afterAll(() => gh?.stop());

  it("reads an OpenID Connect provider's discovery document and counts its signing keys", async () => {
    const partner = await startPartnerProvider(gh);
    const tested = await gh.api('POST', `${idps}/${partner.providerId}/test`);
    expect(tested.status, JSON.stringify(tested.body)).toBe(200);
    expect(tested.body).toMatchObject({
      succeeded: true,
      documentType: 'openIdConfiguration',
      documentUrl: `${gh.baseUrl}/t/partner/.well-known/openid-configuration`,
      issuer: partner.issuer,
      authorizationEndpoint: expect.stringContaining('/t/partner/'),
      tokenEndpoint: expect.stringContaining('/t/partner/'),
      jwksUri: expect.stringContaining('/t/partner/'),
      warnings: [],
      error: null,
    });
    expect(tested.body.signingKeyCount).toBeGreaterThanOrEqual(1);
  });

  it('warns when the discovery document names another issuer than the configured one', async () => {
    const created = await gh.api('POST', idps, {
      '@odata.type': '#microsoft.graph.openIdConnectIdentityProvider',
      displayName: 'Partner, wrong issuer',
      clientId: 'client',
      clientSecret: 'secret-Zk42',
      metadataUrl: `${gh.baseUrl}/t/partner/.well-known/openid-configuration`,
      issuer: 'https://someone-else.example',
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.id;
    const tested = await gh.api('POST', `${idps}/${id}/test`);
    expect(tested.body.succeeded).toBe(true);
    expect(tested.body.warnings).toEqual([expect.stringContaining('https://someone-else.example')]);
  });

  it('reads SAML metadata stored as XML: entity id, single sign-on URL, signing certificates', async () => {
    const created = await gh.api('POST', idps, {
      '@odata.type': '#microsoft.graph.samlIdentityProvider',
      displayName: 'Corporate SAML',
      metadataXml: createSamlIdp({ entityId: 'https://idp.example' }).metadataXml(),
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const tested = await gh.api('POST', `${idps}/${created.body.id}/test`);
    expect(tested.status).toBe(200);
    expect(tested.body).toMatchObject({
      succeeded: true,
      documentType: 'samlMetadata',
      documentUrl: null,
      entityId: 'https://idp.example',
      singleSignOnServiceUrl: expect.any(String),
      signingKeyCount: 1,
      error: null,
    });
  });

  it('says in words why a provider cannot be read, and changes nothing', async () => {
    // A free port on loopback: allowed by the test's outbound policy, and nobody listens there.
    const port = await freePort();
    const created = await gh.api('POST', idps, {
      '@odata.type': '#microsoft.graph.openIdConnectIdentityProvider',
      displayName: 'Nobody home',
      clientId: 'client',
      clientSecret: 'secret-Zk42',
      metadataUrl: `http://127.0.0.1:${port}/.well-known/openid-configuration`,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const tested = await gh.api('POST', `${idps}/${created.body.id}/test`);
    expect(tested.status).toBe(200);
    expect(tested.body).toMatchObject({
      succeeded: false,
      documentType: 'openIdConfiguration',
      issuer: null,
      error: { code: 'connection_refused', message: `127.0.0.1:${port} refused the connection.` },
    });

    const missing = await gh.api('POST', `${idps}/${crypto.randomUUID()}/test`);
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('identity_provider_not_found');
  });

  it('reports a document that is not a discovery document', async () => {
    const created = await gh.api('POST', idps, {
      '@odata.type': '#microsoft.graph.openIdConnectIdentityProvider',
      displayName: 'Wrong URL',
      clientId: 'client',
      clientSecret: 'secret-Zk42',
      metadataUrl: `${gh.baseUrl}/healthz`,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const tested = await gh.api('POST', `${idps}/${created.body.id}/test`);
    expect(tested.body.succeeded).toBe(false);
    expect(['incomplete_discovery', 'not_json']).toContain(tested.body.error.code);
  });
});
