import { createRemoteJWKSet, decodeProtectedHeader, exportSPKI, generateKeyPair, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DATABASES } from './support/databases.js';
import { type Daemon, startGatehouse, type TestGatehouse } from './support/gatehouse.js';
import { client, relyingParty, tokenRequest } from './support/oauth.js';

describe.each(TEST_DATABASES)('OAuth protocol core on %s', (kind) => {
  let gh: TestGatehouse;
  let daemon: Daemon;
  let ordersAppId: string;

  const registerDaemon = (tenantId: string, displayName?: string) => gh.registerDaemon(tenantId, displayName);

  const jwksOf = (tenantId: string) => createRemoteJWKSet(new URL(`${gh.baseUrl}/t/${tenantId}/oauth2/jwks`));

  beforeAll(async () => {
    gh = await startGatehouse(kind);
    const api = await gh.api('POST', '/api/v1/tenants/demo/applications', {
      displayName: 'Orders API',
      identifierUris: ['api://orders'],
      api: {
        oauth2PermissionScopes: [
          { value: 'orders.read', adminConsentDisplayName: 'Read orders' },
          { value: 'orders.write', adminConsentDisplayName: 'Write orders' },
          { value: 'orders.legacy', adminConsentDisplayName: 'Old scope', isEnabled: false },
        ],
      },
      appRoles: [
        {
          value: 'Orders.ReadAll',
          displayName: 'Read all orders',
          description: 'App-only',
          allowedMemberTypes: ['Application'],
        },
        {
          value: 'Orders.Purge',
          displayName: 'Purge orders',
          description: 'App-only',
          allowedMemberTypes: ['Application'],
        },
        {
          value: 'Orders.Old',
          displayName: 'Old role',
          description: 'Retired',
          allowedMemberTypes: ['Application'],
          isEnabled: false,
        },
      ],
    });
    expect(api.status).toBe(201);
    ordersAppId = api.body.appId;
    daemon = await registerDaemon('demo');
    await gh.grant('demo', daemon.appId, ordersAppId, { roles: ['Orders.ReadAll', 'Orders.Purge'] });
  });
  afterAll(() => gh?.stop());

  describe('client credentials', () => {
    it('issues a JWT for a resource named by `resource`, verifiable with the tenant JWKS (client_secret_basic)', async () => {
      const rp = await relyingParty(
        gh.baseUrl,
        'demo',
        daemon.appId,
        client.ClientSecretBasic(daemon.secret),
      );
      const tokens = await client.clientCredentialsGrant(rp, { resource: 'api://orders' });
      expect(tokens.token_type.toLowerCase()).toBe('bearer');
      const { payload, protectedHeader } = await jwtVerify(tokens.access_token, jwksOf('demo'), {
        issuer: `${gh.baseUrl}/t/demo`,
        audience: 'api://orders',
        typ: 'at+jwt',
      });
      expect(protectedHeader.alg).toBe('RS256');
      expect(payload).toMatchObject({
        sub: daemon.appId,
        client_id: daemon.appId,
        roles: ['Orders.ReadAll', 'Orders.Purge'],
        tid: 'demo',
      });
      expect(payload.scope).toBeUndefined();
      const keys = await gh.api('GET', '/api/v1/tenants/demo/keys');
      expect(protectedHeader.kid).toBe(
        keys.body.value.find((k: { status: string }) => k.status === 'active').kid,
      );
    });

    it('accepts the Entra form scope={identifierUri}/.default and gives the granted app roles (client_secret_post)', async () => {
      const rp = await relyingParty(gh.baseUrl, 'demo', daemon.appId, client.ClientSecretPost(daemon.secret));
      const tokens = await client.clientCredentialsGrant(rp, { scope: 'api://orders/.default' });
      const { payload } = await jwtVerify(tokens.access_token, jwksOf('demo'), { audience: 'api://orders' });
      expect((payload.roles as string[]).sort()).toEqual(['Orders.Purge', 'Orders.ReadAll']);
    });

    it('gives a single fully-qualified role, and never a disabled one', async () => {
      const one = await tokenRequest(
        gh.baseUrl,
        'demo',
        { grant_type: 'client_credentials', scope: 'api://orders/Orders.Purge' },
        { id: daemon.appId, secret: daemon.secret },
      );
      expect(one.status).toBe(200);
      const { payload } = await jwtVerify(String(one.body.access_token), jwksOf('demo'), {
        audience: 'api://orders',
      });
      expect(payload.roles).toEqual(['Orders.Purge']);

      const disabled = await tokenRequest(
        gh.baseUrl,
        'demo',
        { grant_type: 'client_credentials', resource: 'api://orders', scope: 'Orders.Old' },
        { id: daemon.appId, secret: daemon.secret },
      );
      expect(disabled.status).toBe(400);
      expect(disabled.body.error).toBe('invalid_scope');
    });

    it('refuses an unknown resource with invalid_target', async () => {
      const response = await tokenRequest(
        gh.baseUrl,
        'demo',
        { grant_type: 'client_credentials', resource: 'api://unknown' },
        { id: daemon.appId, secret: daemon.secret },
      );
      expect(response.status).toBe(400);
      expect(response.body.error).toBe('invalid_target');
    });

    it('refuses a wrong secret and an unknown client with invalid_client', async () => {
      const wrong = await tokenRequest(
        gh.baseUrl,
        'demo',
        { grant_type: 'client_credentials' },
        { id: daemon.appId, secret: `${daemon.secret}x` },
      );
      expect(wrong.status).toBe(401);
      expect(wrong.body.error).toBe('invalid_client');
      const unknown = await tokenRequest(
        gh.baseUrl,
        'demo',
        { grant_type: 'client_credentials' },
        { id: 'no-such-app', secret: 'x' },
      );
      expect(unknown.status).toBe(401);
    });

    it('keeps two secrets valid at once for rotation, and stops a removed one at once', async () => {
      const app = await registerDaemon('demo', 'Rotating daemon');
      const second = await gh.api('POST', `/api/v1/tenants/demo/applications/${app.id}/addPassword`, {});
      expect(second.body.secretText).not.toBe(app.secret);
      const use = (secret: string) =>
        tokenRequest(gh.baseUrl, 'demo', { grant_type: 'client_credentials' }, { id: app.appId, secret });
      expect((await use(app.secret)).status).toBe(200);
      expect((await use(second.body.secretText)).status).toBe(200);

      const listed = await gh.api('GET', `/api/v1/tenants/demo/applications/${app.id}`);
      expect(listed.body.passwordCredentials).toHaveLength(2);
      for (const credential of listed.body.passwordCredentials) {
        expect(credential.secretText).toBeNull();
        expect(JSON.stringify(credential)).not.toContain(app.secret);
      }
      const first = listed.body.passwordCredentials.find(
        (c: { keyId: string }) => c.keyId !== second.body.keyId,
      );
      expect(first.hint).toBe(app.secret.slice(0, 3));

      const removed = await gh.api('POST', `/api/v1/tenants/demo/applications/${app.id}/removePassword`, {
        keyId: first.keyId,
      });
      expect(removed.status).toBe(204);
      expect((await use(app.secret)).status).toBe(401);
      expect((await use(second.body.secretText)).status).toBe(200);
    });

    it('authenticates with private_key_jwt against a registered public key', async () => {
      const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
      const app = await gh.api('POST', '/api/v1/tenants/demo/applications', {
        displayName: 'Key-based daemon',
        keyCredentials: [
          {
            type: 'AsymmetricX509Cert',
            usage: 'Verify',
            key: await exportSPKI(publicKey),
            displayName: 'ci key',
          },
        ],
      });
      expect(app.status).toBe(201);
      expect(app.body.keyCredentials[0]).toMatchObject({
        type: 'AsymmetricX509Cert',
        usage: 'Verify',
        key: null,
      });
      await gh.grant('demo', app.body.appId, ordersAppId, { roles: ['Orders.ReadAll'] });
      const rp = await relyingParty(gh.baseUrl, 'demo', app.body.appId, client.PrivateKeyJwt(privateKey));
      const tokens = await client.clientCredentialsGrant(rp, { resource: 'api://orders' });
      const { payload } = await jwtVerify(tokens.access_token, jwksOf('demo'), { audience: 'api://orders' });
      expect(payload.sub).toBe(app.body.appId);

      const other = await generateKeyPair('RS256');
      const impostor = await relyingParty(
        gh.baseUrl,
        'demo',
        app.body.appId,
        client.PrivateKeyJwt(other.privateKey),
      );
      await expect(
        client.clientCredentialsGrant(impostor, { resource: 'api://orders' }),
      ).rejects.toMatchObject({ error: 'invalid_client' });
    });

    it('ignores a key credential outside its validity dates', async () => {
      const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
      const app = await gh.api('POST', '/api/v1/tenants/demo/applications', {
        displayName: 'Expired key daemon',
        keyCredentials: [
          {
            type: 'AsymmetricX509Cert',
            usage: 'Verify',
            key: await exportSPKI(publicKey),
            endDateTime: '2020-01-01T00:00:00Z',
          },
        ],
      });
      expect(app.status).toBe(201);
      const rp = await relyingParty(gh.baseUrl, 'demo', app.body.appId, client.PrivateKeyJwt(privateKey));
      await expect(client.clientCredentialsGrant(rp, { resource: 'api://orders' })).rejects.toMatchObject({
        error: 'invalid_client',
      });
    });

    it('does not let a public (SPA) app use client credentials', async () => {
      const spa = await gh.api('POST', '/api/v1/tenants/demo/applications', {
        displayName: 'Storefront SPA',
        spa: { redirectUris: ['https://shop.example.com/callback'] },
      });
      const response = await tokenRequest(gh.baseUrl, 'demo', {
        grant_type: 'client_credentials',
        client_id: spa.body.appId,
      });
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.body.error_description).toBe('requested grant type is not allowed for this client');
    });
  });

  describe('introspection and revocation', () => {
    it('introspects an opaque token, refuses it at another tenant, and revokes it', async () => {
      const rp = await relyingParty(
        gh.baseUrl,
        'demo',
        daemon.appId,
        client.ClientSecretBasic(daemon.secret),
      );
      const { access_token } = await client.clientCredentialsGrant(rp);
      expect(() => decodeProtectedHeader(access_token)).toThrow();

      const active = await client.tokenIntrospection(rp, access_token);
      expect(active).toMatchObject({ active: true, client_id: daemon.appId });

      // Another tenant's introspection knows nothing of it, even for a client of its own.
      expect((await gh.api('POST', '/api/v1/tenants', { id: 'other', displayName: 'Other' })).status).toBe(
        201,
      );
      const outsider = await registerDaemon('other');
      const otherRp = await relyingParty(
        gh.baseUrl,
        'other',
        outsider.appId,
        client.ClientSecretBasic(outsider.secret),
      );
      expect((await client.tokenIntrospection(otherRp, access_token)).active).toBe(false);

      await client.tokenRevocation(rp, access_token);
      expect((await client.tokenIntrospection(rp, access_token)).active).toBe(false);
    });

    it('keeps tenants apart: an appId of one tenant is unknown to every other', async () => {
      const response = await tokenRequest(
        gh.baseUrl,
        'admin',
        { grant_type: 'client_credentials' },
        { id: daemon.appId, secret: daemon.secret },
      );
      expect(response.status).toBe(401);
      expect(response.body.error).toBe('invalid_client');
    });
  });

  describe('signing keys', () => {
    it('lists keys without private parts', async () => {
      const keys = await gh.api('GET', '/api/v1/tenants/demo/keys');
      expect(keys.status).toBe(200);
      expect(keys.body.value[0]).toMatchObject({ alg: 'RS256', use: 'sig', status: 'active' });
      const text = JSON.stringify(keys.body);
      for (const privatePart of ['"d"', '"p"', '"q"', '"dp"', 'private'])
        expect(text).not.toContain(privatePart);
    });

    it('rotates: old tokens still verify, new tokens carry the new kid, ES256 on request', async () => {
      const rp = await relyingParty(
        gh.baseUrl,
        'demo',
        daemon.appId,
        client.ClientSecretBasic(daemon.secret),
      );
      const before = await client.clientCredentialsGrant(rp, { resource: 'api://orders' });
      const oldKid = decodeProtectedHeader(before.access_token).kid;

      const rotated = await gh.api('POST', '/api/v1/tenants/demo/keys/rotate', { alg: 'ES256' });
      expect(rotated.status).toBe(201);
      expect(rotated.body).toMatchObject({ alg: 'ES256', status: 'active' });
      expect(rotated.body.kid).not.toBe(oldKid);

      const keys = (await gh.api('GET', '/api/v1/tenants/demo/keys')).body.value;
      expect(keys.find((k: { kid: string }) => k.kid === oldKid)).toMatchObject({ status: 'retired' });

      const jwks = (await (await fetch(`${gh.baseUrl}/t/demo/oauth2/jwks`)).json()) as {
        keys: { kid: string; d?: string }[];
      };
      expect(jwks.keys.map((k) => k.kid)).toEqual(expect.arrayContaining([oldKid, rotated.body.kid]));
      expect(jwks.keys.every((k) => k.d === undefined)).toBe(true);

      const after = await client.clientCredentialsGrant(rp, { resource: 'api://orders' });
      const header = decodeProtectedHeader(after.access_token);
      expect(header).toMatchObject({ kid: rotated.body.kid, alg: 'ES256' });

      const verifier = jwksOf('demo');
      await expect(
        jwtVerify(before.access_token, verifier, { audience: 'api://orders' }),
      ).resolves.toBeTruthy();
      await expect(
        jwtVerify(after.access_token, verifier, { audience: 'api://orders' }),
      ).resolves.toBeTruthy();

      // The admin API keeps working across a rotation of the admin tenant's keys.
      expect((await gh.api('POST', '/api/v1/tenants/admin/keys/rotate', {})).status).toBe(201);
      expect((await gh.api('GET', '/api/v1/tenants', undefined, await gh.adminToken())).status).toBe(200);
    });

    it('refuses an unknown algorithm', async () => {
      const response = await gh.api('POST', '/api/v1/tenants/demo/keys/rotate', { alg: 'HS256' });
      expect(response.status).toBe(400);
    });
  });
});
