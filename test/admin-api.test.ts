import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_API_APP_ID, ADMIN_API_APP_ROLE } from '../src/admin-api-access.js';
import { TEST_DATABASES } from './support/databases.js';
import { startGatehouse, type TestGatehouse } from './support/gatehouse.js';
import { tokenRequest } from './support/oauth.js';

describe.each(TEST_DATABASES)('admin API on %s', (kind) => {
  let gh: TestGatehouse;
  beforeAll(async () => {
    gh = await startGatehouse(kind);
  });
  afterAll(() => gh?.stop());

  describe('authentication', () => {
    it('answers 401 without a token, with a malformed one and with a forged one', async () => {
      const none = await gh.api('GET', '/api/v1/tenants', undefined, null);
      expect(none.status).toBe(401);
      expect(none.body.error.code).toBe('unauthenticated');
      expect(none.headers.get('www-authenticate')).toBe(`Bearer realm="${gh.baseUrl}/api"`);

      const malformed = await gh.api('GET', '/api/v1/tenants', undefined, 'not-a-jwt');
      expect(malformed.status).toBe(401);
      expect(malformed.headers.get('www-authenticate')).toContain('error="invalid_token"');
      const real = await gh.adminToken();
      const [header, payload] = real.split('.');
      const forged = `${header}.${payload}.${'A'.repeat(342)}`;
      expect((await gh.api('GET', '/api/v1/tenants', undefined, forged)).status).toBe(401);
    });

    it('answers 403 to a valid admin-API token whose app holds no directory role', async () => {
      const app = await gh.registerDaemon('admin', 'Reporting script');
      // Granted the admin API (it gets a token), but assigned no directory role.
      await gh.grant('admin', app.appId, ADMIN_API_APP_ID, { roles: [ADMIN_API_APP_ROLE.value] });
      const token = await tokenRequest(gh.baseUrl, 'admin', {
        grant_type: 'client_credentials',
        client_id: app.appId,
        client_secret: app.secret,
        resource: `${gh.baseUrl}/api`,
      });
      expect(token.status).toBe(200);
      const denied = await gh.api('GET', '/api/v1/tenants', undefined, String(token.body.access_token));
      expect(denied.status).toBe(403);
      expect(denied.body.error.code).toBe('forbidden');
    });

    it('rejects a token that another tenant issued, even for an API of the same name', async () => {
      const api = await gh.api('POST', '/api/v1/tenants/demo/applications', {
        displayName: 'Look-alike',
        identifierUris: ['api://look-alike'],
        appRoles: [
          {
            value: 'Api.Access',
            displayName: 'Call it',
            description: 'App-only',
            allowedMemberTypes: ['Application'],
          },
        ],
      });
      expect(api.status).toBe(201);
      const daemon = await gh.registerDaemon('demo', 'Demo daemon');
      await gh.grant('demo', daemon.appId, api.body.appId, { roles: ['Api.Access'] });
      const response = await tokenRequest(
        gh.baseUrl,
        'demo',
        { grant_type: 'client_credentials', resource: 'api://look-alike' },
        { id: daemon.appId, secret: daemon.secret },
      );
      const access_token = String(response.body.access_token);
      expect(response.status).toBe(200);
      expect((await gh.api('GET', '/api/v1/tenants', undefined, access_token)).status).toBe(401);

      // The demo tenant does not know the admin API resource at all.
      const foreign = await tokenRequest(
        gh.baseUrl,
        'demo',
        { grant_type: 'client_credentials', resource: `${gh.baseUrl}/api` },
        { id: daemon.appId, secret: daemon.secret },
      );
      expect(foreign.status).toBe(400);
      expect(foreign.body.error).toBe('invalid_target');
    });
  });

  describe('tenants', () => {
    it('creates, reads, lists, updates and deletes a tenant', async () => {
      const created = await gh.api('POST', '/api/v1/tenants', {
        id: 'contoso',
        displayName: 'Contoso',
        type: 'customer',
        defaultLanguage: 'fr-FR',
      });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        id: 'contoso',
        displayName: 'Contoso',
        type: 'customer',
        defaultLanguage: 'fr-FR',
        issuer: `${gh.baseUrl}/t/contoso`,
      });
      expect(Date.parse(created.body.createdDateTime)).toBeGreaterThan(0);

      const discovery = await fetch(`${gh.baseUrl}/t/contoso/.well-known/openid-configuration`);
      expect(((await discovery.json()) as { issuer: string }).issuer).toBe(`${gh.baseUrl}/t/contoso`);

      expect((await gh.api('GET', '/api/v1/tenants/contoso')).body.displayName).toBe('Contoso');
      const patched = await gh.api('PATCH', '/api/v1/tenants/contoso', { displayName: 'Contoso Ltd' });
      expect(patched.status).toBe(200);
      expect(patched.body.displayName).toBe('Contoso Ltd');
      expect(patched.body.defaultLanguage).toBe('fr-FR');

      const ids = (await gh.api('GET', '/api/v1/tenants')).body.value.map((t: { id: string }) => t.id);
      expect(ids).toEqual(expect.arrayContaining(['admin', 'demo', 'contoso']));

      expect((await gh.api('DELETE', '/api/v1/tenants/contoso')).status).toBe(204);
      expect((await gh.api('GET', '/api/v1/tenants/contoso')).status).toBe(404);
      const gone = await fetch(`${gh.baseUrl}/t/contoso/.well-known/openid-configuration`);
      expect(gone.status).toBe(404);
    });

    it('generates a URL-safe id when none is given', async () => {
      const created = await gh.api('POST', '/api/v1/tenants', { displayName: 'Fabrikam' });
      expect(created.status).toBe(201);
      expect(created.body.id).toMatch(/^[a-z0-9-]+$/);
      expect(created.body.type).toBe('customer');
      expect(created.body.defaultLanguage).toBe('en');
    });

    it('pages through tenants with $top and @odata.nextLink in a stable order', async () => {
      for (const id of ['page-a', 'page-b', 'page-c']) {
        expect((await gh.api('POST', '/api/v1/tenants', { id, displayName: id })).status).toBe(201);
      }
      const seen: string[] = [];
      let path: string | undefined = '/api/v1/tenants?$top=2';
      let pages = 0;
      while (path && pages < 20) {
        const page = await gh.api('GET', path);
        expect(page.status).toBe(200);
        expect(page.body.value.length).toBeLessThanOrEqual(2);
        seen.push(...page.body.value.map((t: { id: string }) => t.id));
        const next: string | undefined = page.body['@odata.nextLink'];
        path = next ? next.slice(gh.baseUrl.length) : undefined;
        pages++;
      }
      const all = (await gh.api('GET', '/api/v1/tenants?$top=999')).body.value.map(
        (t: { id: string }) => t.id,
      );
      expect(seen).toEqual(all);
      expect(new Set(seen).size).toBe(seen.length);
      expect(pages).toBeGreaterThan(1);
    });

    it('refuses a duplicate id with 409 and keeps the original', async () => {
      expect((await gh.api('POST', '/api/v1/tenants', { id: 'dup', displayName: 'First' })).status).toBe(201);
      const again = await gh.api('POST', '/api/v1/tenants', { id: 'dup', displayName: 'Second' });
      expect(again.status).toBe(409);
      expect(again.body.error.code).toBe('tenant_exists');
      expect((await gh.api('GET', '/api/v1/tenants/dup')).body.displayName).toBe('First');
    });

    it('answers 404 for an unknown tenant, on the admin API and on protocol endpoints', async () => {
      expect((await gh.api('GET', '/api/v1/tenants/nope')).status).toBe(404);
      expect((await gh.api('GET', '/api/v1/tenants/nope/keys')).status).toBe(404);
      expect((await gh.api('GET', '/api/v1/tenants/nope/applications')).status).toBe(404);
      expect((await fetch(`${gh.baseUrl}/t/nope/.well-known/openid-configuration`)).status).toBe(404);
      const token = await fetch(`${gh.baseUrl}/t/nope/oauth2/token`, {
        method: 'POST',
        body: new URLSearchParams({ grant_type: 'client_credentials' }),
      });
      expect(token.status).toBe(404);
      expect(((await token.json()) as { error: string }).error).toBe('invalid_request');
    });

    it('refuses to delete the admin tenant', async () => {
      const response = await gh.api('DELETE', '/api/v1/tenants/admin');
      expect(response.status).toBe(409);
      expect((await gh.api('GET', '/api/v1/tenants/admin')).status).toBe(200);
    });
  });

  describe('bad input changes nothing', () => {
    it('answers 400 invalid_json to malformed JSON', async () => {
      const response = await gh.api('POST', '/api/v1/tenants', '{"id": "broken",');
      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe('invalid_json');
      expect((await gh.api('GET', '/api/v1/tenants/broken')).status).toBe(404);
    });

    it('answers 400 unknown_field to unknown fields, naming the field', async () => {
      const response = await gh.api('POST', '/api/v1/tenants', {
        id: 'extra',
        displayName: 'X',
        colour: 'red',
      });
      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe('unknown_field');
      expect(response.body.error.target).toBe('colour');
      expect((await gh.api('GET', '/api/v1/tenants/extra')).status).toBe(404);
    });

    it('answers 400 to invalid values: an id that is not URL-safe, a bad type, an empty name', async () => {
      for (const body of [
        { id: 'Not Safe!', displayName: 'X' },
        { id: 'x', displayName: 'X', type: 'partner' },
        { id: 'x', displayName: '' },
        { id: 'x', displayName: 'X', defaultLanguage: 'english!' },
        { id: 'x', displayName: 'y'.repeat(300) },
      ]) {
        const response = await gh.api('POST', '/api/v1/tenants', body);
        expect(response.status, JSON.stringify(body)).toBe(400);
        expect(response.body.error.code).toBe('invalid_request');
      }
      expect((await gh.api('GET', '/api/v1/tenants/x')).status).toBe(404);
    });

    it('answers 413 to a body over the limit', async () => {
      const response = await gh.api('POST', '/api/v1/tenants', {
        id: 'huge',
        displayName: 'x'.repeat(200 * 1024),
      });
      expect(response.status).toBe(413);
      expect(response.body.error.code).toBe('body_too_large');
      expect((await gh.api('GET', '/api/v1/tenants/huge')).status).toBe(404);
    });

    it('answers 400 to a bad $top or $skiptoken', async () => {
      expect((await gh.api('GET', '/api/v1/tenants?$top=0')).status).toBe(400);
      expect((await gh.api('GET', '/api/v1/tenants?$top=abc')).status).toBe(400);
      expect((await gh.api('GET', '/api/v1/tenants?$skiptoken=garbage')).status).toBe(400);
    });
  });

  it('publishes an OpenAPI document of the admin API', async () => {
    const response = await fetch(`${gh.baseUrl}/api/openapi.json`);
    const doc = (await response.json()) as {
      openapi: string;
      paths: Record<string, Record<string, unknown>>;
    };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/tenants',
        '/api/v1/tenants/{tenantId}',
        '/api/v1/tenants/{tenantId}/keys/rotate',
        '/api/v1/tenants/{tenantId}/applications/{id}/addPassword',
      ]),
    );
    expect(doc.paths['/api/v1/tenants']?.post).toHaveProperty('requestBody');
  });

  it('refuses a body that is not JSON with 415', async () => {
    const response = await fetch(`${gh.baseUrl}/api/v1/tenants`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await gh.adminToken()}`, 'content-type': 'text/plain' },
      body: 'id=plain',
    });
    expect(response.status).toBe(415);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe(
      'unsupported_media_type',
    );
  });

  it('names an unknown field in a PATCH, and changes nothing', async () => {
    const response = await gh.api('PATCH', '/api/v1/tenants/demo', { type: 'workforce' });
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({ code: 'unknown_field', target: 'type' });
    expect((await gh.api('GET', '/api/v1/tenants/demo')).body.type).toBe('customer');
  });

  it('answers tenant_not_found for anything under a missing tenant', async () => {
    const response = await gh.api(
      'GET',
      '/api/v1/tenants/nope/applications/00000000-0000-4000-8000-000000000000',
    );
    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe('tenant_not_found');
  });

  it('echoes a correlation id on every response, protocol ones included', async () => {
    const id = 'test-correlation-0001';
    const api = await fetch(`${gh.baseUrl}/api/v1/tenants`, { headers: { 'x-correlation-id': id } });
    expect(api.headers.get('x-correlation-id')).toBe(id);
    const protocol = await fetch(`${gh.baseUrl}/t/demo/.well-known/openid-configuration`, {
      headers: { 'x-correlation-id': id },
    });
    expect(protocol.headers.get('x-correlation-id')).toBe(id);
    const generated = await fetch(`${gh.baseUrl}/t/demo/oauth2/jwks`);
    expect(generated.headers.get('x-correlation-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('reports health and readiness', async () => {
    expect((await fetch(`${gh.baseUrl}/healthz`)).status).toBe(200);
    expect((await fetch(`${gh.baseUrl}/readyz`)).status).toBe(200);
  });
});
