import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, readForm } from './support/browser.js';
import { TEST_DATABASES } from './support/databases.js';
import { startGatehouse, type TestGatehouse } from './support/gatehouse.js';
import { client, relyingParty } from './support/oauth.js';

const PASSWORD = 'Quartz-Lantern-Meadow-47';

describe.each(TEST_DATABASES)('custom attributes on %s', (kind) => {
  let gh: TestGatehouse;
  let tenantCount = 0;
  const attributes = (t: string) => `/api/v1/tenants/${t}/customAttributes`;
  const users = (t: string) => `/api/v1/tenants/${t}/users`;
  const apps = (t: string) => `/api/v1/tenants/${t}/applications`;
  const flows = (t: string) => `/api/v1/tenants/${t}/userFlows`;

  async function newTenant(): Promise<string> {
    const id = `ca-${++tenantCount}`;
    expect((await gh.api('POST', '/api/v1/tenants', { id, displayName: id })).status).toBe(201);
    return id;
  }

  async function define(t: string, body: Record<string, unknown>) {
    const created = await gh.api('POST', attributes(t), body);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return created.body as { id: string; name: string; claimName: string };
  }

  beforeAll(async () => {
    gh = await startGatehouse(kind);
  });
  afterAll(() => gh?.stop());

  describe('definitions', () => {
    it('defines, reads, lists, updates and deletes an attribute, with claimName defaulting to extension_{name}', async () => {
      const t = await newTenant();
      const created = await gh.api('POST', attributes(t), {
        name: 'loyaltyNumber',
        dataType: 'int',
        description: 'Card number of the loyalty programme',
      });
      expect(created.status).toBe(201);
      expect(created.body).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        name: 'loyaltyNumber',
        dataType: 'int',
        description: 'Card number of the loyalty programme',
        claimName: 'extension_loyaltyNumber',
        createdDateTime: expect.any(String),
      });
      const url = `${attributes(t)}/${created.body.id}`;
      expect((await gh.api('GET', url)).body).toEqual(created.body);
      expect((await gh.api('GET', attributes(t))).body.value).toEqual([created.body]);

      const patched = await gh.api('PATCH', url, { description: null, claimName: 'loyalty_no' });
      expect(patched.status).toBe(200);
      expect(patched.body).toMatchObject({ description: null, claimName: 'loyalty_no', dataType: 'int' });
      // null goes back to the default claim name.
      expect((await gh.api('PATCH', url, { claimName: null })).body.claimName).toBe(
        'extension_loyaltyNumber',
      );

      expect((await gh.api('DELETE', url)).status).toBe(204);
      const gone = await gh.api('GET', url);
      expect(gone.status).toBe(404);
      expect(gone.body.error.code).toBe('custom_attribute_not_found');
      expect((await gh.api('GET', attributes(t))).body.value).toEqual([]);
    });

    it('refuses bad names and claim names, duplicates in any case, and changes of name or dataType', async () => {
      const t = await newTenant();
      const first = await define(t, { name: 'tier', dataType: 'string' });
      const cases: [Record<string, unknown>, number, string, string][] = [
        [{ name: 'Tier', dataType: 'int' }, 409, 'custom_attribute_name_taken', 'name'],
        [{ name: 'givenName', dataType: 'string' }, 400, 'invalid_request', 'name'],
        [{ name: 'CITY', dataType: 'string' }, 400, 'invalid_request', 'name'],
        [{ name: 'email', dataType: 'string' }, 400, 'invalid_request', 'name'],
        [{ name: '1st', dataType: 'string' }, 400, 'invalid_request', 'name'],
        [{ name: 'has-dash', dataType: 'string' }, 400, 'invalid_request', 'name'],
        [{ name: `a${'b'.repeat(64)}`, dataType: 'string' }, 400, 'invalid_request', 'name'],
        [{ name: 'ok', dataType: 'float' }, 400, 'invalid_request', 'dataType'],
        [{ name: 'ok', dataType: 'string', claimName: 'sub' }, 400, 'invalid_request', 'claimName'],
        [{ name: 'ok', dataType: 'string', claimName: 'Email' }, 400, 'invalid_request', 'claimName'],
        [{ name: 'ok', dataType: 'string', claimName: 'city' }, 400, 'invalid_request', 'claimName'],
        [{ name: 'ok', dataType: 'string', claimName: 'has space' }, 400, 'invalid_request', 'claimName'],
        [
          { name: 'ok', dataType: 'string', claimName: 'extension_tier' },
          409,
          'claim_name_taken',
          'claimName',
        ],
        [{ name: 'ok', dataType: 'string', unknown: 1 }, 400, 'unknown_field', 'unknown'],
      ];
      for (const [body, status, code, target] of cases) {
        const response = await gh.api('POST', attributes(t), body);
        expect(response.status, JSON.stringify(body)).toBe(status);
        expect(response.body.error, JSON.stringify(body)).toMatchObject({ code, target });
      }
      // A default claim name that another attribute took explicitly is a conflict too.
      await define(t, { name: 'other', dataType: 'string', claimName: 'extension_next' });
      const clash = await gh.api('POST', attributes(t), { name: 'next', dataType: 'string' });
      expect(clash.status).toBe(409);
      expect(clash.body.error.code).toBe('claim_name_taken');

      const url = `${attributes(t)}/${first.id}`;
      for (const [body, target] of [
        [{ dataType: 'int' }, 'dataType'],
        [{ name: 'level' }, 'name'],
      ] as const) {
        const refused = await gh.api('PATCH', url, body);
        expect(refused.status).toBe(400);
        expect(refused.body.error).toMatchObject({ code: 'immutable_property', target });
      }
      // Restating the current values is fine.
      expect((await gh.api('PATCH', url, { name: 'tier', dataType: 'string' })).status).toBe(200);
      const taken = await gh.api('PATCH', url, { claimName: 'extension_next' });
      expect(taken.status).toBe(409);
      expect(taken.body.error.code).toBe('claim_name_taken');
      expect((await gh.api('GET', attributes(t))).body.value.map((a: { name: string }) => a.name)).toEqual([
        'tier',
        'other',
      ]);
    });
  });

  describe('values on users', () => {
    it('keeps typed values and built-in address fields on users, merging a PATCH by name', async () => {
      const t = await newTenant();
      await define(t, { name: 'loyaltyNumber', dataType: 'int' });
      await define(t, { name: 'vip', dataType: 'boolean' });
      await define(t, { name: 'memberSince', dataType: 'dateTime' });
      await define(t, { name: 'nickname', dataType: 'string' });
      const created = await gh.api('POST', users(t), {
        displayName: 'Ana',
        mail: 'ana@example.com',
        city: 'Lisbon',
        country: 'PT',
        postalCode: '1100-148',
        state: 'Lisboa',
        streetAddress: 'Rua Augusta 1',
        jobTitle: 'Baker',
        // Names match in any case; they come back as defined.
        customAttributes: { LoyaltyNumber: 1234, vip: true, memberSince: '2024-02-29', nickname: '  Nana ' },
      });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      expect(created.body).toMatchObject({
        city: 'Lisbon',
        country: 'PT',
        postalCode: '1100-148',
        state: 'Lisboa',
        streetAddress: 'Rua Augusta 1',
        jobTitle: 'Baker',
        customAttributes: { loyaltyNumber: 1234, vip: true, memberSince: '2024-02-29', nickname: 'Nana' },
      });
      const url = `${users(t)}/${created.body.id}`;
      expect((await gh.api('GET', url)).body).toEqual(created.body);

      const patched = await gh.api('PATCH', url, {
        city: null,
        jobTitle: 'Head baker',
        customAttributes: { vip: false, nickname: null, memberSince: '2024-03-01T10:15:00+01:00' },
      });
      expect(patched.status).toBe(200);
      expect(patched.body).toMatchObject({ city: null, country: 'PT', jobTitle: 'Head baker' });
      // Given names replaced (null clears); the others kept; a date-time is kept in UTC.
      expect(patched.body.customAttributes).toEqual({
        loyaltyNumber: 1234,
        vip: false,
        memberSince: '2024-03-01T09:15:00.000Z',
      });
    });

    it('refuses unknown names and values of the wrong type with a target, changing nothing', async () => {
      const t = await newTenant();
      await define(t, { name: 'loyaltyNumber', dataType: 'int' });
      await define(t, { name: 'vip', dataType: 'boolean' });
      await define(t, { name: 'memberSince', dataType: 'dateTime' });
      await define(t, { name: 'nickname', dataType: 'string' });
      const created = await gh.api('POST', users(t), {
        displayName: 'Ben',
        customAttributes: { loyaltyNumber: 7 },
      });
      const url = `${users(t)}/${created.body.id}`;
      const cases: [Record<string, unknown>, string, string][] = [
        [{ nope: 'x' }, 'unknown_custom_attribute', 'customAttributes.nope'],
        [{ vip: 'yes' }, 'invalid_attribute_value', 'customAttributes.vip'],
        [{ loyaltyNumber: 1.5 }, 'invalid_attribute_value', 'customAttributes.loyaltyNumber'],
        [{ loyaltyNumber: 2 ** 53 }, 'invalid_attribute_value', 'customAttributes.loyaltyNumber'],
        [{ loyaltyNumber: '12' }, 'invalid_attribute_value', 'customAttributes.loyaltyNumber'],
        [{ memberSince: '2023-02-29' }, 'invalid_attribute_value', 'customAttributes.memberSince'],
        [{ memberSince: '2024-05-31T10:00:00' }, 'invalid_attribute_value', 'customAttributes.memberSince'],
        [{ nickname: 'x'.repeat(1025) }, 'invalid_attribute_value', 'customAttributes.nickname'],
        [{ nickname: 'bell\u0007' }, 'invalid_attribute_value', 'customAttributes.nickname'],
        [{ nickname: '   ' }, 'invalid_attribute_value', 'customAttributes.nickname'],
      ];
      for (const [values, code, target] of cases) {
        const response = await gh.api('PATCH', url, { displayName: 'Changed', customAttributes: values });
        expect(response.status, JSON.stringify(values)).toBe(400);
        expect(response.body.error, JSON.stringify(values)).toMatchObject({ code, target });
        const rejected = await gh.api('POST', users(t), { displayName: 'New', customAttributes: values });
        expect(rejected.status).toBe(400);
      }
      const after = await gh.api('GET', url);
      expect(after.body).toMatchObject({ displayName: 'Ben', customAttributes: { loyaltyNumber: 7 } });
      expect((await gh.api('GET', `${users(t)}?$top=999`)).body.value).toHaveLength(1);

      const tooLong = await gh.api('PATCH', url, { postalCode: '1'.repeat(41) });
      expect(tooLong.status).toBe(400);
      expect(tooLong.body.error.target).toBe('postalCode');
      const other = await newTenant();
      // Another tenant's attribute names mean nothing here.
      const foreign = await gh.api('POST', users(other), {
        displayName: 'X',
        customAttributes: { vip: true },
      });
      expect(foreign.status).toBe(400);
      expect(foreign.body.error.code).toBe('unknown_custom_attribute');
    });

    it('deleting an attribute removes its values, its place in flows and the apps asking for its claim', async () => {
      const t = await newTenant();
      const vip = await define(t, { name: 'vip', dataType: 'boolean' });
      await define(t, { name: 'tier', dataType: 'string' });
      const user = await gh.api('POST', users(t), {
        displayName: 'Cy',
        customAttributes: { vip: true, tier: 'gold' },
      });
      const app = await gh.api('POST', apps(t), {
        displayName: 'Shop',
        optionalClaims: {
          idToken: [{ name: 'extension_vip' }, { name: 'extension_tier' }, { name: 'city' }],
        },
      });
      expect(app.status, JSON.stringify(app.body)).toBe(201);
      const flow = await gh.api('POST', flows(t), {
        displayName: 'Shop sign-up',
        attributes: [
          { attribute: 'displayName', required: true, inputType: 'text' },
          { attribute: 'vip', required: false, inputType: 'checkbox' },
          { attribute: 'tier', required: false, inputType: 'text' },
        ],
      });
      expect(flow.status, JSON.stringify(flow.body)).toBe(201);

      expect((await gh.api('DELETE', `${attributes(t)}/${vip.id}`)).status).toBe(204);
      expect((await gh.api('GET', `${users(t)}/${user.body.id}`)).body.customAttributes).toEqual({
        tier: 'gold',
      });
      expect(
        (await gh.api('GET', `${flows(t)}/${flow.body.id}`)).body.attributes.map(
          (a: { attribute: string }) => a.attribute,
        ),
      ).toEqual(['displayName', 'tier']);
      expect((await gh.api('GET', `${apps(t)}/${app.body.id}`)).body.optionalClaims.idToken).toEqual([
        { name: 'extension_tier', source: null, essential: false, additionalProperties: [] },
        { name: 'city', source: null, essential: false, additionalProperties: [] },
      ]);
      // A new attribute of the same name starts empty, whatever its type.
      await define(t, { name: 'VIP', dataType: 'string' });
      expect((await gh.api('GET', `${users(t)}/${user.body.id}`)).body.customAttributes).toEqual({
        tier: 'gold',
      });
    });
  });

  describe('optionalClaims of applications', () => {
    it('accepts built-in and custom claim names only, and follows a claim rename', async () => {
      const t = await newTenant();
      const tier = await define(t, { name: 'tier', dataType: 'string' });
      const refused = await gh.api('POST', apps(t), {
        displayName: 'Bad',
        optionalClaims: { idToken: [{ name: 'city' }, { name: 'extension_nothing' }] },
      });
      expect(refused.status).toBe(400);
      expect(refused.body.error).toMatchObject({
        code: 'unknown_optional_claim',
        target: 'optionalClaims.idToken.1.name',
      });
      for (const optionalClaims of [
        { idToken: [{ name: 'city' }, { name: 'city' }] },
        { idToken: [{ name: 'city', source: 'user' }] },
        { idToken: [{ name: 'city', additionalProperties: ['x'] }] },
        { saml2Token: [] },
      ]) {
        const response = await gh.api('POST', apps(t), { displayName: 'Bad', optionalClaims });
        expect(response.status, JSON.stringify(optionalClaims)).toBe(400);
      }
      expect((await gh.api('GET', `${apps(t)}?$top=999`)).body.value).toHaveLength(0);

      const app = await gh.api('POST', apps(t), { displayName: 'Plain' });
      expect(app.body.optionalClaims).toEqual({ idToken: [], accessToken: [] });
      const patched = await gh.api('PATCH', `${apps(t)}/${app.body.id}`, {
        optionalClaims: {
          idToken: [{ name: 'extension_tier', essential: true }],
          accessToken: [{ name: 'jobTitle' }],
        },
      });
      expect(patched.status).toBe(200);
      expect(patched.body.optionalClaims).toEqual({
        idToken: [{ name: 'extension_tier', source: null, essential: true, additionalProperties: [] }],
        accessToken: [{ name: 'jobTitle', source: null, essential: false, additionalProperties: [] }],
      });
      await gh.api('PATCH', `${attributes(t)}/${tier.id}`, { claimName: 'membership_tier' });
      expect((await gh.api('GET', `${apps(t)}/${app.body.id}`)).body.optionalClaims.idToken[0]).toMatchObject(
        {
          name: 'membership_tier',
          essential: true,
        },
      );
    });
  });

  describe('in ID tokens', () => {
    it('carries the optional claims an app asks for, typed, and none for an app that does not', async () => {
      const t = await newTenant();
      await define(t, { name: 'loyaltyNumber', dataType: 'int' });
      const vip = await define(t, { name: 'vip', dataType: 'boolean', claimName: 'vip_member' });
      await define(t, { name: 'memberSince', dataType: 'dateTime' });
      const callback = `${gh.baseUrl}/app/callback`;
      async function register(displayName: string, optionalClaims?: unknown) {
        const app = await gh.api('POST', apps(t), {
          displayName,
          web: { redirectUris: [callback] },
          ...(optionalClaims !== undefined && { optionalClaims }),
        });
        expect(app.status, JSON.stringify(app.body)).toBe(201);
        const secret = await gh.api('POST', `${apps(t)}/${app.body.id}/addPassword`, {});
        return { appId: app.body.appId as string, secret: secret.body.secretText as string };
      }
      const asking = await register('Loyalty app', {
        idToken: [
          { name: 'extension_loyaltyNumber' },
          { name: 'vip_member' },
          { name: 'city' },
          { name: 'jobTitle' },
          { name: 'extension_memberSince' },
        ],
      });
      const plain = await register('Plain app');
      const user = await gh.api('POST', users(t), {
        displayName: 'Lia',
        mail: 'lia@example.com',
        city: 'Porto',
        passwordProfile: { password: PASSWORD },
        customAttributes: { loyaltyNumber: 987654, vip: true },
      });
      expect(user.status).toBe(201);

      async function signIn(app: { appId: string; secret: string }) {
        const rp = await relyingParty(gh.baseUrl, t, app.appId, client.ClientSecretBasic(app.secret));
        const browser = new Browser();
        const verifier = client.randomPKCECodeVerifier();
        const state = client.randomState();
        const nonce = client.randomNonce();
        const url = client.buildAuthorizationUrl(rp, {
          redirect_uri: callback,
          scope: 'openid profile',
          code_challenge: await client.calculatePKCECodeChallenge(verifier),
          code_challenge_method: 'S256',
          state,
          nonce,
        });
        const page = await browser.navigate(url, callback);
        expect(page.status).toBe(200);
        const form = readForm(page.body, /\/login$/);
        const result = await browser.navigate(new URL(form.action, gh.baseUrl), callback, {
          form: { ...form.fields, login: 'lia@example.com', password: PASSWORD },
        });
        expect(result.redirectedTo).toContain('code=');
        const tokens = await client.authorizationCodeGrant(rp, new URL(result.redirectedTo as string), {
          pkceCodeVerifier: verifier,
          expectedState: state,
          expectedNonce: nonce,
        });
        const info = await client.fetchUserInfo(rp, tokens.access_token, user.body.id);
        return { claims: tokens.claims() as Record<string, unknown>, info: info as Record<string, unknown> };
      }

      const asked = await signIn(asking);
      expect(asked.claims).toMatchObject({
        sub: user.body.id,
        name: 'Lia',
        extension_loyaltyNumber: 987654,
        vip_member: true,
        city: 'Porto',
      });
      // Values the user does not have are left out rather than sent as null.
      expect(asked.claims).not.toHaveProperty('jobTitle');
      expect(asked.claims).not.toHaveProperty('extension_memberSince');
      expect(asked.info).toMatchObject({ extension_loyaltyNumber: 987654, vip_member: true, city: 'Porto' });

      const notAsked = await signIn(plain);
      expect(notAsked.claims.sub).toBe(user.body.id);
      for (const claim of ['extension_loyaltyNumber', 'vip_member', 'city'])
        expect(notAsked.claims, claim).not.toHaveProperty(claim);
      expect(notAsked.info).not.toHaveProperty('city');

      // Renaming the claim reconfigures the tenant's provider; the app follows the new name.
      expect((await gh.api('PATCH', `${attributes(t)}/${vip.id}`, { claimName: 'is_vip' })).status).toBe(200);
      const renamed = await signIn(asking);
      expect(renamed.claims).toMatchObject({ is_vip: true, extension_loyaltyNumber: 987654 });
      expect(renamed.claims).not.toHaveProperty('vip_member');
    });
  });
});
