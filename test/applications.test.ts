import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DATABASES } from './support/databases.js';
import { startGatehouse, type TestGatehouse } from './support/gatehouse.js';

describe.each(TEST_DATABASES)('app registrations on %s', (kind) => {
  let gh: TestGatehouse;
  const base = '/api/v1/tenants/demo/applications';
  const count = async () => (await gh.api('GET', `${base}?$top=999`)).body.value.length as number;

  beforeAll(async () => {
    gh = await startGatehouse(kind);
  });
  afterAll(() => gh?.stop());

  it('registers an application with Graph field names and a generated appId', async () => {
    const created = await gh.api('POST', base, {
      displayName: 'Contoso web',
      web: {
        redirectUris: ['https://app.contoso.com/signin-oidc', 'http://localhost:3000/cb'],
        logoutUrl: 'https://app.contoso.com/signout',
      },
      spa: { redirectUris: ['https://spa.contoso.com/'] },
      publicClient: { redirectUris: ['com.contoso.app:/oauth2redirect', 'http://127.0.0.1/callback'] },
      identifierUris: ['api://contoso-web'],
      api: { oauth2PermissionScopes: [{ value: 'profile.read', adminConsentDisplayName: 'Read profiles' }] },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      displayName: 'Contoso web',
      web: {
        redirectUris: ['https://app.contoso.com/signin-oidc', 'http://localhost:3000/cb'],
        logoutUrl: 'https://app.contoso.com/signout',
      },
      spa: { redirectUris: ['https://spa.contoso.com/'] },
      publicClient: { redirectUris: ['com.contoso.app:/oauth2redirect', 'http://127.0.0.1/callback'] },
      identifierUris: ['api://contoso-web'],
      passwordCredentials: [],
      keyCredentials: [],
    });
    expect(created.body.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.body.appId).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.body.appId).not.toBe(created.body.id);
    expect(created.body.api.oauth2PermissionScopes[0]).toMatchObject({
      value: 'profile.read',
      isEnabled: true,
    });
    expect(created.body.api.oauth2PermissionScopes[0].id).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.body).not.toHaveProperty('tenantId');

    const fetched = await gh.api('GET', `${base}/${created.body.id}`);
    expect(fetched.body).toEqual(created.body);
  });

  it('updates with PATCH (each given property replaces the stored one) and deletes', async () => {
    const created = await gh.api('POST', base, {
      displayName: 'Patch me',
      web: { redirectUris: ['https://a.example.com/cb'] },
    });
    const patched = await gh.api('PATCH', `${base}/${created.body.id}`, {
      displayName: 'Patched',
      web: { redirectUris: ['https://b.example.com/cb'] },
    });
    expect(patched.status).toBe(200);
    expect(patched.body.displayName).toBe('Patched');
    expect(patched.body.web.redirectUris).toEqual(['https://b.example.com/cb']);
    expect(patched.body.appId).toBe(created.body.appId);

    expect((await gh.api('DELETE', `${base}/${created.body.id}`)).status).toBe(204);
    expect((await gh.api('GET', `${base}/${created.body.id}`)).status).toBe(404);
    expect((await gh.api('DELETE', `${base}/${created.body.id}`)).status).toBe(404);
  });

  it.each([
    ['a relative URI', { web: { redirectUris: ['/callback'] } }],
    ['a fragment', { web: { redirectUris: ['https://app.example.com/cb#frag'] } }],
    ['plain http on a web app off loopback', { web: { redirectUris: ['http://app.example.com/cb'] } }],
    ['plain http on an SPA off loopback', { spa: { redirectUris: ['http://spa.example.com/cb'] } }],
    ['a wildcard', { web: { redirectUris: ['https://*.example.com/cb'] } }],
    ['a custom scheme on a web app', { web: { redirectUris: ['myapp://cb'] } }],
    ['a javascript: URI on a native app', { publicClient: { redirectUris: ['javascript:alert(1)'] } }],
    ['a duplicate', { web: { redirectUris: ['https://a.example.com/cb', 'https://a.example.com/cb'] } }],
    ['an http logout URL off loopback', { web: { logoutUrl: 'http://app.example.com/logout' } }],
  ])('refuses a redirect URI with %s (400) and creates nothing', async (_case, fields) => {
    const before = await count();
    const response = await gh.api('POST', base, { displayName: 'Bad', ...fields });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('invalid_request');
    expect(response.body.error.message).toMatch(/redirect URI|logout URL/);
    expect(await count()).toBe(before);
  });

  it('refuses invalid redirect URIs on PATCH and keeps the stored ones', async () => {
    const created = await gh.api('POST', base, {
      displayName: 'Keep',
      web: { redirectUris: ['https://keep.example.com/cb'] },
    });
    const response = await gh.api('PATCH', `${base}/${created.body.id}`, {
      web: { redirectUris: ['http://evil.example.com/cb'] },
    });
    expect(response.status).toBe(400);
    expect((await gh.api('GET', `${base}/${created.body.id}`)).body.web.redirectUris).toEqual([
      'https://keep.example.com/cb',
    ]);
  });

  it('keeps identifier URIs unique per tenant (409) and reserves the admin API', async () => {
    expect(
      (await gh.api('POST', base, { displayName: 'One', identifierUris: ['api://shared'] })).status,
    ).toBe(201);
    const before = await count();
    const clash = await gh.api('POST', base, { displayName: 'Two', identifierUris: ['api://shared'] });
    expect(clash.status).toBe(409);
    expect(clash.body.error.code).toBe('identifier_uri_taken');
    expect(await count()).toBe(before);

    // The same URI is free in another tenant.
    expect(
      (
        await gh.api('POST', '/api/v1/tenants/admin/applications', {
          displayName: 'Other tenant',
          identifierUris: ['api://shared'],
        })
      ).status,
    ).toBe(201);

    const reserved = await gh.api('POST', '/api/v1/tenants/admin/applications', {
      displayName: 'Squatter',
      identifierUris: [`${gh.baseUrl}/api`],
    });
    expect(reserved.status).toBe(400);
    expect(reserved.body.error.code).toBe('identifier_uri_reserved');
  });

  it('refuses passwordCredentials in the body, unknown fields and malformed ids', async () => {
    const secret = await gh.api('POST', base, {
      displayName: 'X',
      passwordCredentials: [{ secretText: 'mine' }],
    });
    expect(secret.status).toBe(400);
    expect(secret.body.error.code).toBe('unknown_field');
    expect((await gh.api('GET', `${base}/not-a-guid`)).status).toBe(400);
    expect((await gh.api('GET', `${base}/00000000-0000-4000-8000-000000000000`)).status).toBe(404);
    const badKey = await gh.api('POST', base, {
      displayName: 'Bad key',
      keyCredentials: [
        { type: 'AsymmetricX509Cert', usage: 'Verify', key: 'definitely not a key, definitely not a key' },
      ],
    });
    expect(badKey.status).toBe(400);
    expect(badKey.body.error.code).toBe('invalid_key_credential');
  });

  it('returns a secret once, stored only as a hash, with an expiry', async () => {
    const app = await gh.api('POST', base, { displayName: 'Secretive' });
    const added = await gh.api('POST', `${base}/${app.body.id}/addPassword`, {
      passwordCredential: {
        displayName: 'deploy',
        endDateTime: new Date(Date.now() + 86_400_000).toISOString(),
      },
    });
    expect(added.status).toBe(200);
    expect(added.body.secretText).toMatch(/^[A-Za-z0-9_-]{40}$/);
    expect(added.body).toMatchObject({ displayName: 'deploy', hint: added.body.secretText.slice(0, 3) });

    const { db } = gh.gatehouse.storage;
    const rows = await db
      .selectFrom('application_passwords')
      .selectAll()
      .where('key_id', '=', added.body.keyId)
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]?.secret_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(JSON.stringify(rows)).not.toContain(added.body.secretText);

    const past = await gh.api('POST', `${base}/${app.body.id}/addPassword`, {
      passwordCredential: { endDateTime: '2001-01-01T00:00:00Z' },
    });
    expect(past.status).toBe(400);
    const missing = await gh.api('POST', `${base}/${app.body.id}/removePassword`, {
      keyId: '00000000-0000-4000-8000-000000000000',
    });
    expect(missing.status).toBe(404);
  });
});
