import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DATABASES } from './support/databases.js';
import { startGatehouse, type TestGatehouse } from './support/gatehouse.js';
import { createSamlIdp } from './support/saml-idp.js';

type Body = Record<string, unknown>;

const p8 = (namedCurve: string) =>
  generateKeyPairSync('ec', { namedCurve }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const APPLE_KEY = p8('P-256');
const APPLE_KEY_BODY = APPLE_KEY.split('\n')[1] as string;

const google = (extra: Body = {}): Body => ({
  '@odata.type': '#microsoft.graph.socialIdentityProvider',
  displayName: 'Google',
  identityProviderType: 'Google',
  clientId: 'google-client.apps.example',
  clientSecret: 'google-secret-Xq81',
  ...extra,
});
const apple = (extra: Body = {}): Body => ({
  '@odata.type': '#microsoft.graph.appleManagedIdentityProvider',
  displayName: 'Apple',
  developerId: 'TEAM123456',
  serviceId: 'com.example.shop.signin',
  keyId: 'KEY1234567',
  certificateData: APPLE_KEY,
  ...extra,
});
const oidc = (extra: Body = {}): Body => ({
  '@odata.type': '#microsoft.graph.openIdConnectIdentityProvider',
  displayName: 'Partner',
  clientId: 'partner-client',
  clientSecret: 'partner-secret-Zk42',
  metadataUrl: 'http://127.0.0.1:9999/partner/v2.0/.well-known/openid-configuration',
  ...extra,
});
const METADATA = createSamlIdp({ entityId: 'https://idp.example' }).metadataXml();
const saml = (extra: Body = {}): Body => ({
  '@odata.type': '#microsoft.graph.samlIdentityProvider',
  displayName: 'Corporate SAML',
  metadataXml: METADATA,
  ...extra,
});

describe.each(TEST_DATABASES)('Identity providers admin API on %s', (kind) => {
  let gh: TestGatehouse;
  let tenantCount = 0;
  const idps = (t: string) => `/api/v1/tenants/${t}/identityProviders`;

  async function newTenant() {
    const id = `idp-${++tenantCount}`;
    expect((await gh.api('POST', '/api/v1/tenants', { id, displayName: id })).status).toBe(201);
    return id;
  }
  async function create(t: string, body: Body) {
    const created = await gh.api('POST', idps(t), body);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return created.body;
  }
  const rawRow = (t: string, id: string) =>
    gh.gatehouse.storage.db
      .selectFrom('federation_identity_providers')
      .selectAll()
      .where('tenant_id', '=', t)
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
  async function expectRefused(method: string, path: string, body: Body, target: string, message?: RegExp) {
    const response = await gh.api(method, path, body);
    expect(response.status, JSON.stringify(response.body)).toBe(400);
    expect(response.body.error.target).toBe(target);
    if (message) expect(response.body.error.message).toMatch(message);
    return response;
  }

  beforeAll(async () => {
    gh = await startGatehouse(kind);
  });
  afterAll(() => gh?.stop());

  it('creates, reads, patches and deletes a social provider; its secret is write-only and sealed', async () => {
    const t = await newTenant();
    const created = await create(t, google());
    expect(created).toEqual({
      '@odata.type': '#microsoft.graph.socialIdentityProvider',
      id: expect.any(String),
      displayName: 'Google',
      identityProviderType: 'Google',
      clientId: 'google-client.apps.example',
      clientSecret: '******',
    });
    const read = await gh.api('GET', `${idps(t)}/${created.id}`);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(created);

    const row = await rawRow(t, created.id);
    expect(JSON.stringify(row)).not.toContain('google-secret-Xq81');
    expect(row.secrets_sealed).toMatch(/^v1\./);
    const resolved = await gh.gatehouse.identityProviders.resolve(t, created.id);
    expect(resolved?.secrets).toEqual({ clientSecret: 'google-secret-Xq81' });

    // PATCH without the secret (or with the mask) keeps it.
    const renamed = await gh.api('PATCH', `${idps(t)}/${created.id}`, { displayName: 'Sign in with Google' });
    expect(renamed.status, JSON.stringify(renamed.body)).toBe(200);
    expect(renamed.body).toEqual({ ...created, displayName: 'Sign in with Google' });
    const masked = await gh.api('PATCH', `${idps(t)}/${created.id}`, { clientSecret: '******' });
    expect(masked.status).toBe(200);
    expect((await gh.gatehouse.identityProviders.resolve(t, created.id))?.secrets.clientSecret).toBe(
      'google-secret-Xq81',
    );
    // A new secret replaces it, sealed again.
    const rotated = await gh.api('PATCH', `${idps(t)}/${created.id}`, { clientSecret: 'rotated-Yv77' });
    expect(rotated.body.clientSecret).toBe('******');
    expect((await gh.gatehouse.identityProviders.resolve(t, created.id))?.secrets.clientSecret).toBe(
      'rotated-Yv77',
    );
    expect(JSON.stringify(await rawRow(t, created.id))).not.toContain('rotated-Yv77');

    const facebook = await create(t, google({ displayName: 'Facebook', identityProviderType: 'Facebook' }));
    expect(facebook.identityProviderType).toBe('Facebook');

    expect((await gh.api('DELETE', `${idps(t)}/${created.id}`)).status).toBe(204);
    expect((await gh.api('GET', `${idps(t)}/${created.id}`)).status).toBe(404);
    expect(await gh.gatehouse.identityProviders.resolve(t, created.id)).toBeUndefined();
  });

  it('keeps an Apple private key sealed and checks it is an EC P-256 key', async () => {
    const t = await newTenant();
    const created = await create(t, apple());
    expect(created).toEqual({
      '@odata.type': '#microsoft.graph.appleManagedIdentityProvider',
      id: expect.any(String),
      displayName: 'Apple',
      developerId: 'TEAM123456',
      serviceId: 'com.example.shop.signin',
      keyId: 'KEY1234567',
      certificateData: '******',
    });
    expect(JSON.stringify(await rawRow(t, created.id))).not.toContain(APPLE_KEY_BODY);
    const resolved = await gh.gatehouse.identityProviders.resolve(t, created.id);
    expect(resolved?.secrets.privateKeyPem).toBe(APPLE_KEY.trim());

    await expectRefused('POST', idps(t), apple({ certificateData: p8('P-384') }), 'certificateData', /P-256/);
    await expectRefused('POST', idps(t), apple({ certificateData: 'not a key' }), 'certificateData');
    await expectRefused('POST', idps(t), apple({ developerId: 'team' }), 'developerId');

    const patched = await gh.api('PATCH', `${idps(t)}/${created.id}`, { keyId: 'KEY7654321' });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    expect(patched.body.keyId).toBe('KEY7654321');
    expect((await gh.gatehouse.identityProviders.resolve(t, created.id))?.secrets.privateKeyPem).toBe(
      APPLE_KEY.trim(),
    );
  });

  it('fills in an OpenID Connect provider and checks its URLs, scope and client authentication', async () => {
    const t = await newTenant();
    const created = await create(t, oidc());
    expect(created).toEqual({
      '@odata.type': '#microsoft.graph.openIdConnectIdentityProvider',
      id: expect.any(String),
      displayName: 'Partner',
      clientId: 'partner-client',
      clientSecret: '******',
      issuer: null,
      metadataUrl: 'http://127.0.0.1:9999/partner/v2.0/.well-known/openid-configuration',
      scope: 'openid profile email',
      responseType: 'code',
      clientAuthentication: { clientAuthenticationMethod: 'client_secret_post' },
      claimsMapping: {
        userId: 'sub',
        displayName: 'name',
        givenName: 'given_name',
        surname: 'family_name',
        email: 'email',
        emailVerified: null,
      },
      domainHint: null,
      usePkce: true,
    });
    expect(JSON.stringify(await rawRow(t, created.id))).not.toContain('partner-secret-Zk42');

    await expectRefused(
      'POST',
      idps(t),
      oidc({ metadataUrl: 'http://idp.example/.well-known' }),
      'metadataUrl',
    );
    await expectRefused('POST', idps(t), oidc({ issuer: 'ftp://idp.example' }), 'issuer');
    await expectRefused('POST', idps(t), oidc({ scope: 'profile email' }), 'scope', /openid/);
    await expectRefused('POST', idps(t), oidc({ responseType: 'id_token' }), 'responseType');
    await expectRefused('POST', idps(t), oidc({ clientSecret: undefined }), 'clientSecret');
    await expectRefused('POST', idps(t), oidc({ claimsMapping: { userId: '' } }), 'claimsMapping.userId');

    const jwt = await create(
      t,
      oidc({
        clientSecret: undefined,
        issuer: 'https://login.partner.example/v2.0',
        metadataUrl: 'https://login.partner.example/v2.0/.well-known/openid-configuration',
        scope: 'openid  offline_access openid',
        clientAuthentication: { clientAuthenticationMethod: 'private_key_jwt' },
        claimsMapping: { userId: 'oid', emailVerified: 'email_verified' },
        domainHint: 'partner.example',
        usePkce: false,
      }),
    );
    expect(jwt).toMatchObject({
      clientSecret: null,
      scope: 'openid offline_access',
      claimsMapping: { userId: 'oid', displayName: 'name', emailVerified: 'email_verified' },
      usePkce: false,
    });
    expect((await rawRow(t, jwt.id)).secrets_sealed).toBeNull();
    expect((await gh.gatehouse.identityProviders.resolve(t, jwt.id))?.secrets).toEqual({});

    // Switching to a secret method needs a secret.
    await expectRefused(
      'PATCH',
      `${idps(t)}/${jwt.id}`,
      { clientAuthentication: { clientAuthenticationMethod: 'client_secret_basic' } },
      'clientSecret',
    );
    const basic = await gh.api('PATCH', `${idps(t)}/${jwt.id}`, {
      clientAuthentication: { clientAuthenticationMethod: 'client_secret_basic' },
      clientSecret: 'basic-secret-Pp09',
    });
    expect(basic.status, JSON.stringify(basic.body)).toBe(200);
    expect(basic.body.clientSecret).toBe('******');
    expect((await gh.gatehouse.identityProviders.resolve(t, jwt.id))?.secrets.clientSecret).toBe(
      'basic-secret-Pp09',
    );
  });

  it('takes SAML metadata as XML or an https URL, exactly one', async () => {
    const t = await newTenant();
    const created = await create(t, saml());
    expect(created).toEqual({
      '@odata.type': '#microsoft.graph.samlIdentityProvider',
      id: expect.any(String),
      displayName: 'Corporate SAML',
      metadataXml: METADATA,
      metadataUrl: null,
      preferredAuthenticationProtocol: 'saml',
    });
    await expectRefused('POST', idps(t), saml({ metadataXml: '   ' }), 'metadataXml');
    await expectRefused('POST', idps(t), saml({ metadataXml: 'plain text' }), 'metadataXml', /XML/);
    // Metadata Gatehouse could not sign in with is refused when it is saved.
    await expectRefused(
      'POST',
      idps(t),
      saml({
        metadataXml:
          '<?xml version="1.0"?><EntityDescriptor entityID="https://idp.example"></EntityDescriptor>',
      }),
      'metadataXml',
      /not usable/,
    );
    await expectRefused(
      'POST',
      idps(t),
      saml({ metadataUrl: 'https://idp.example/metadata' }),
      'metadataXml',
    );
    await expectRefused(
      'POST',
      idps(t),
      saml({ metadataXml: undefined, metadataUrl: 'http://idp.example/metadata' }),
      'metadataUrl',
    );
    await expectRefused(
      'POST',
      idps(t),
      saml({ preferredAuthenticationProtocol: 'wsFed' }),
      'preferredAuthenticationProtocol',
    );
    const big = `<x>${'a'.repeat(1024 * 1024)}</x>`;
    await expectRefused('POST', idps(t), saml({ metadataXml: big }), 'metadataXml', /1 MB/);

    const moved = await gh.api('PATCH', `${idps(t)}/${created.id}`, {
      metadataUrl: 'https://idp.example/federationmetadata.xml',
    });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(moved.body).toMatchObject({
      metadataXml: null,
      metadataUrl: 'https://idp.example/federationmetadata.xml',
    });
  });

  it('refuses a type change, foreign fields and bad values, changing nothing', async () => {
    const t = await newTenant();
    const created = await create(t, google());
    const path = `${idps(t)}/${created.id}`;
    const changed = await expectRefused(
      'PATCH',
      path,
      { '@odata.type': '#microsoft.graph.openIdConnectIdentityProvider' },
      '@odata.type',
    );
    expect(changed.body.error.code).toBe('identity_provider_type_change');
    const foreign = await expectRefused('PATCH', path, { metadataUrl: 'https://idp.example' }, 'metadataUrl');
    expect(foreign.body.error.code).toBe('unknown_field');
    await expectRefused('PATCH', path, { identityProviderType: 'Twitter' }, 'identityProviderType');
    await expectRefused('PATCH', path, { displayName: '' }, 'displayName');
    await expectRefused('PATCH', path, { clientSecret: 'new-secret', clientId: '' }, 'clientId');
    const unknown = await expectRefused('PATCH', path, { colour: 'blue' }, 'colour');
    expect(unknown.body.error.code).toBe('unknown_field');
    await expectRefused(
      'POST',
      idps(t),
      { ...google(), '@odata.type': '#microsoft.graph.builtInIdentityProvider' },
      '@odata.type',
    );
    await expectRefused('POST', idps(t), google({ clientSecret: '******' }), 'clientSecret');
    await expectRefused('POST', idps(t), google({ id: 'mine' }), 'id');

    expect((await gh.api('GET', path)).body).toEqual(created);
    expect((await gh.gatehouse.identityProviders.resolve(t, created.id))?.secrets.clientSecret).toBe(
      'google-secret-Xq81',
    );
    expect((await gh.api('GET', idps(t))).body.value).toHaveLength(1);
  });

  it('answers 404 for an unknown provider or tenant and 400 for a malformed id', async () => {
    const t = await newTenant();
    const missing = `${idps(t)}/00000000-0000-4000-8000-000000000000`;
    for (const [method, body] of [['GET'], ['PATCH', { displayName: 'x' }], ['DELETE']] as const) {
      const response = await gh.api(method, missing, body);
      expect(response.status, method).toBe(404);
      expect(response.body.error.code).toBe('identity_provider_not_found');
    }
    expect((await gh.api('GET', `${idps(t)}/not-an-id`)).status).toBe(400);
    expect((await gh.api('GET', idps('no-such-tenant'))).status).toBe(404);
    // Another tenant's provider is not there.
    const other = await newTenant();
    const created = await create(other, google());
    expect((await gh.api('GET', `${idps(t)}/${created.id}`)).status).toBe(404);
  });

  it('pages the list, oldest first', async () => {
    const t = await newTenant();
    const ids = [];
    for (const body of [google(), apple(), oidc(), saml()]) ids.push((await create(t, body)).id);
    const first = await gh.api('GET', `${idps(t)}?$top=3`);
    expect(first.status).toBe(200);
    expect(first.body.value.map((p: Body) => p.id)).toEqual(ids.slice(0, 3));
    expect(JSON.stringify(first.body)).not.toContain('google-secret-Xq81');
    expect(first.body['@odata.nextLink']).toContain('skiptoken=');
    const second = await gh.api('GET', first.body['@odata.nextLink'].replace(gh.baseUrl, ''));
    expect(second.body.value.map((p: Body) => p.id)).toEqual(ids.slice(3));
    expect(second.body['@odata.nextLink']).toBeUndefined();
  });

  it('refuses to delete a provider a user flow lists, naming the flow', async () => {
    const t = await newTenant();
    const created = await create(t, google());
    const flow = await gh.api('POST', `/api/v1/tenants/${t}/userFlows`, {
      displayName: 'Shop sign-up',
      signInMethods: ['emailPassword'],
    });
    expect(flow.status, JSON.stringify(flow.body)).toBe(201);
    // User flows cannot list providers through the API yet: write the list as the flow stores it.
    const db = gh.gatehouse.storage.db;
    const row = await db
      .selectFrom('user_flows')
      .select('definition')
      .where('tenant_id', '=', t)
      .where('id', '=', flow.body.id)
      .executeTakeFirstOrThrow();
    const definition = { ...JSON.parse(row.definition), identityProviders: [created.id] };
    await db
      .updateTable('user_flows')
      .set({ definition: JSON.stringify(definition) })
      .where('tenant_id', '=', t)
      .where('id', '=', flow.body.id)
      .execute();

    const refused = await gh.api('DELETE', `${idps(t)}/${created.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('identity_provider_in_use');
    expect(refused.body.error.message).toContain("'Shop sign-up'");
    expect(refused.body.error.details).toEqual([
      { code: 'used_by_user_flow', message: "Used by 'Shop sign-up'.", target: flow.body.id },
    ]);
    expect((await gh.api('GET', `${idps(t)}/${created.id}`)).status).toBe(200);
  });

  it('publishes the routes in the OpenAPI document', async () => {
    const response = await fetch(`${gh.baseUrl}/api/openapi.json`);
    const document = (await response.json()) as { paths: Record<string, unknown> };
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/tenants/{tenantId}/identityProviders',
        '/api/v1/tenants/{tenantId}/identityProviders/{id}',
      ]),
    );
  });
});
