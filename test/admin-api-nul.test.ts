import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DATABASES } from './support/databases.js';
import { startGatehouse, type TestGatehouse } from './support/gatehouse.js';

/**
 * A NUL character (U+0000) is text SQLite stores and PostgreSQL refuses: anywhere in an admin
 * request (query filter, path segment, JSON string) it is a 400 on both, and changes nothing.
 */
describe.each(TEST_DATABASES)('NUL characters in admin API input on %s', (kind) => {
  let gh: TestGatehouse;

  beforeAll(async () => {
    gh = await startGatehouse(kind);
  });
  afterAll(() => gh?.stop());

  const expectRefused = (response: { status: number; body: unknown }, target?: string) => {
    expect(response.status, JSON.stringify(response.body)).toBe(400);
    expect(response.body).toMatchObject({
      error: { code: 'invalid_request', message: expect.stringMatching(/NUL/) },
    });
    if (target) expect(response.body).toMatchObject({ error: { target } });
  };

  it.each([
    ['a user filter', '/api/v1/tenants/demo/users?displayNameStartsWith=%00', 'displayNameStartsWith'],
    ['a mail filter', '/api/v1/tenants/demo/users?mailStartsWith=sam%00', 'mailStartsWith'],
    ['a page token', '/api/v1/tenants/demo/users?$skiptoken=%00', '$skiptoken'],
    ['a sign-in log filter', '/api/v1/tenants/demo/auditLogs/signIns?appId=%00', 'appId'],
    [
      'an audit log filter',
      '/api/v1/tenants/demo/auditLogs/directoryAudits?activityDisplayName=x%00',
      'activityDisplayName',
    ],
    ['a tenant in the path', '/api/v1/tenants/de%00mo/users', 'tenantId'],
    ['a tenant alone in the path', '/api/v1/tenants/de%00mo', 'tenantId'],
    ['an id in the path', '/api/v1/tenants/demo/identityProtection/riskDetections/%00', 'id'],
    ['a template id in the path', '/api/v1/tenants/demo/conditionalAccess/templates/x%00', 'id'],
    ['a language in the path', '/api/v1/tenants/demo/branding/localizations/%00/bannerLogo', 'lang'],
  ])('refuses one in %s', async (_what, path, target) => {
    expectRefused(await gh.api('GET', path), target);
  });

  it('refuses one in a JSON string and creates nothing', async () => {
    const created = await gh.api('POST', '/api/v1/tenants/demo/users', {
      displayName: 'Nul\u0000Person',
      mail: 'nul@example.com',
      passwordProfile: { password: 'Correct-Horse-Battery-Staple-42' },
    });
    expectRefused(created, 'displayName');
    const listed = await gh.api('GET', '/api/v1/tenants/demo/users?mailStartsWith=nul');
    expect(listed.status).toBe(200);
    expect(listed.body.value).toEqual([]);
  });

  it('refuses one deep in a JSON body, in a value or a key', async () => {
    expectRefused(
      await gh.api('POST', '/api/v1/tenants/demo/applications', {
        displayName: 'Shop',
        web: { redirectUris: ['https://shop.example.com/cb', 'https://shop.example.com/\u0000'] },
      }),
      'web.redirectUris.1',
    );
    expectRefused(await gh.api('PATCH', '/api/v1/tenants/demo', { displayName: 'Demo', 'x\u0000': 1 }));
    expectRefused(
      await gh.api('POST', '/api/v1/tenants/demo/conditionalAccess/namedLocations', {
        '@odata.type': '#microsoft.graph.ipNamedLocation',
        displayName: 'Office\u0000',
        ipRanges: [{ cidrAddress: '203.0.113.0/24' }],
      }),
      'displayName',
    );
  });

  it('still takes the same requests without the NUL', async () => {
    expect((await gh.api('GET', '/api/v1/tenants/demo/users?displayNameStartsWith=x')).status).toBe(200);
    expect((await gh.api('PATCH', '/api/v1/tenants/demo', { displayName: 'Demo' })).status).toBe(200);
  });
});

/** The protocol side: what oidc-provider looks up in the database (the app registrations). */
describe.each(TEST_DATABASES)('NUL characters in protocol parameters on %s', (kind) => {
  let gh: TestGatehouse;
  let basic: string;

  beforeAll(async () => {
    gh = await startGatehouse(kind);
    const daemon = await gh.registerDaemon('demo');
    basic = `Basic ${Buffer.from(`${daemon.appId}:${encodeURIComponent(daemon.secret)}`).toString('base64')}`;
  });
  afterAll(() => gh?.stop());

  const token = (body: string, authorization?: string) =>
    fetch(`${gh.baseUrl}/t/demo/oauth2/token`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        ...(authorization && { authorization }),
      },
      body,
    });

  it('answers an OAuth error, not a server error, for a client id with one', async () => {
    const posted = await token('grant_type=client_credentials&client_id=a%00b&client_secret=x');
    expect(posted.status).toBe(401);
    expect(await posted.json()).toMatchObject({ error: 'invalid_client' });
    const authorize = await fetch(
      `${gh.baseUrl}/t/demo/oauth2/authorize?client_id=%00&response_type=code&scope=openid&redirect_uri=https://x.example`,
    );
    expect(authorize.status).toBe(400);
  });

  it('answers invalid_target for a resource with one', async () => {
    const response = await token('grant_type=client_credentials&resource=urn:x%00', basic);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'invalid_target' });
  });
});
