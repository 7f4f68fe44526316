import { decodeProtectedHeader } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../src/platform/index.js';
import { TEST_DATABASES } from './support/databases.js';
import { startGatehouse, type TestGatehouse } from './support/gatehouse.js';
import { tokenRequest } from './support/oauth.js';

const HOUR = 3600_000;

describe.each(TEST_DATABASES)('signing key activation delay and retirement on %s', (kind) => {
  const clock = new ManualClock();
  let gh: TestGatehouse;
  let daemon: { appId: string; secret: string };

  const issue = async () => {
    const response = await tokenRequest(
      gh.baseUrl,
      'demo',
      { grant_type: 'client_credentials', resource: 'api://delay' },
      { id: daemon.appId, secret: daemon.secret },
    );
    expect(response.status).toBe(200);
    return decodeProtectedHeader(String(response.body.access_token)).kid;
  };
  const jwksKids = async () =>
    (
      (await (await fetch(`${gh.baseUrl}/t/demo/oauth2/jwks`)).json()) as { keys: { kid: string }[] }
    ).keys.map((k) => k.kid);

  beforeAll(async () => {
    gh = await startGatehouse(kind, {
      clock,
      env: {
        GATEHOUSE_KEY_ACTIVATION_DELAY: '86400',
        GATEHOUSE_ACCESS_TOKEN_TTL: '3600',
        GATEHOUSE_ID_TOKEN_TTL: '3600',
      },
    });
    const api = await gh.api('POST', '/api/v1/tenants/demo/applications', {
      displayName: 'API',
      identifierUris: ['api://delay'],
      appRoles: [
        {
          value: 'Api.Access',
          displayName: 'Call the API',
          description: 'App-only access',
          allowedMemberTypes: ['Application'],
        },
      ],
    });
    daemon = await gh.registerDaemon('demo');
    await gh.grant('demo', daemon.appId, api.body.appId, { roles: ['Api.Access'] });
  });
  afterAll(() => gh?.stop());

  it('publishes a rotated key at once, signs with it only after the delay, then drops the old key', async () => {
    const oldKid = await issue();
    const rotated = await gh.api('POST', '/api/v1/tenants/demo/keys/rotate', {});
    expect(rotated.body.status).toBe('pending');
    expect(Date.parse(rotated.body.activatesDateTime) - clock.now().getTime()).toBe(24 * HOUR);

    // Published for relying parties to fetch, but not yet signing.
    expect(await jwksKids()).toEqual(expect.arrayContaining([oldKid, rotated.body.kid]));
    expect(await issue()).toBe(oldKid);

    clock.advance(24 * HOUR + 1000);
    expect(await issue()).toBe(rotated.body.kid);
    const keys = (await gh.api('GET', '/api/v1/tenants/demo/keys')).body.value;
    expect(keys.map((k: { status: string }) => k.status)).toEqual(['active', 'retired']);
    expect(await jwksKids()).toContain(oldKid);

    // Once every token the old key signed has expired (longest TTL + 5 min), it leaves the JWKS.
    clock.advance(HOUR + 5 * 60_000 + 1000);
    expect(await jwksKids()).toEqual([rotated.body.kid]);
    expect((await gh.api('GET', '/api/v1/tenants/demo/keys')).body.value).toHaveLength(1);
  });

  it('stores private keys sealed, never in the clear', async () => {
    const rows = await gh.gatehouse.storage.db.selectFrom('signing_keys').selectAll().execute();
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row.private_jwk_sealed).toMatch(/^v1\./);
      expect(row.private_jwk_sealed).not.toContain('"d"');
      expect(JSON.parse(row.public_jwk)).not.toHaveProperty('d');
    }
  });

  it('rotates with an activation date chosen by the admin, never sooner than the delay', async () => {
    const rotate = (body: unknown) => gh.api('POST', '/api/v1/tenants/demo/keys/rotate', body);
    const soon = new Date(clock.now().getTime() + HOUR).toISOString();
    const tooSoon = await rotate({ activatesDateTime: soon });
    expect(tooSoon.status).toBe(400);
    expect(tooSoon.body.error.target).toBe('activatesDateTime');
    expect(tooSoon.body.error.message).toMatch(/24 hours/);
    expect((await rotate({ activatesDateTime: 'tomorrow' })).status).toBe(400);
    const farOff = new Date(clock.now().getTime() + 400 * 24 * HOUR).toISOString();
    expect((await rotate({ activatesDateTime: farOff })).body.error?.target).toBe('activatesDateTime');
    expect((await gh.api('GET', '/api/v1/tenants/demo/keys')).body.value).toHaveLength(1);

    const later = new Date(clock.now().getTime() + 48 * HOUR).toISOString();
    const chosen = await rotate({ alg: 'ES256', activatesDateTime: later });
    expect(chosen.status).toBe(201);
    expect(chosen.body).toMatchObject({ status: 'pending', alg: 'ES256', activatesDateTime: later });
    // Not signing at the usual delay: only at the chosen date.
    clock.advance(24 * HOUR + 1000);
    expect(await issue()).not.toBe(chosen.body.kid);
    clock.advance(24 * HOUR);
    expect(await issue()).toBe(chosen.body.kid);
  });
});
