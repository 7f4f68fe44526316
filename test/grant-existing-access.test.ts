import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runGrantExistingAccessCommand } from '../src/authorization/existing-access-cli.js';
import { loadConfig } from '../src/config.js';
import { ManualClock } from '../src/platform/index.js';
import { TEST_DATABASES } from './support/databases.js';
import { type Daemon, startGatehouse, type TestGatehouse } from './support/gatehouse.js';
import { tokenRequest } from './support/oauth.js';

const TENANT = '/api/v1/tenants/demo';

/** The upgrade's one command: existing clients get back what they could get before grants existed. */
describe.each(TEST_DATABASES)('grant-existing-access on %s', (kind) => {
  let gh: TestGatehouse;
  let daemon: Daemon;
  let web: Daemon;
  const clock = new ManualClock(new Date());
  /**
   * The command runs beside the server, as an operator would, without Redis here: the server
   * learns of the change from the configuration version within its check interval (5 s).
   */
  const run = async (...argv: string[]) => {
    const done = await runGrantExistingAccessCommand(
      loadConfig({
        GATEHOUSE_DATABASE_URL: gh.database.url,
        GATEHOUSE_DATA_DIR: gh.database.dataDir,
        GATEHOUSE_BASE_URL: gh.baseUrl,
      }),
      argv,
    );
    clock.advance(6000);
    return done;
  };
  const cc = (scope: string) =>
    tokenRequest(
      gh.baseUrl,
      'demo',
      { grant_type: 'client_credentials', scope },
      { id: daemon.appId, secret: daemon.secret },
    );

  beforeAll(async () => {
    gh = await startGatehouse(kind, { clock });
    for (const [name, uri, roles] of [
      [
        'Orders API',
        'api://orders',
        [
          {
            value: 'Orders.ReadAll',
            displayName: 'Read all',
            description: 'App-only',
            allowedMemberTypes: ['Application'],
          },
        ],
      ],
      ['Legacy API', 'api://legacy', []],
    ] as const) {
      const api = await gh.api('POST', `${TENANT}/applications`, {
        displayName: name,
        identifierUris: [uri],
        api: { oauth2PermissionScopes: [{ value: 'Read', adminConsentDisplayName: 'Read' }] },
        appRoles: roles,
      });
      expect(api.status).toBe(201);
    }
    daemon = await gh.registerDaemon('demo', 'Old daemon');
    web = await gh.registerApp('demo', {
      displayName: 'Old portal',
      web: { redirectUris: ['https://portal.example/cb'] },
    });
  });
  afterAll(() => gh?.stop());

  it('lists what it would grant with --dry-run, and grants nothing', async () => {
    const planned = await run('--tenant', 'demo', '--dry-run');
    const lines = planned.map((p) => `${p.kind} ${p.client.displayName} ${p.api.displayName}`);
    expect(lines).toEqual(
      expect.arrayContaining([
        'delegated Old portal Orders API',
        'delegated Old portal Legacy API',
        'application Old daemon Orders API',
        // The portal has a secret too: it could use client credentials before.
        'application Old portal Orders API',
      ]),
    );
    expect((await cc('api://orders/.default')).body.error).toBe('invalid_scope');
  });

  it('grants every existing pair, once, and --roles-from-scopes gives scope-only APIs app roles to grant', async () => {
    await run('--tenant', 'demo');
    await run('--tenant', 'demo');
    const orders = await cc('api://orders/.default');
    expect(orders.status).toBe(200);
    expect(decodeJwt(String(orders.body.access_token)).roles).toEqual(['Orders.ReadAll']);
    expect((await cc('api://legacy/.default')).body.error).toBe('invalid_scope');

    const sp = await gh.servicePrincipalOf('demo', web.appId);
    const grants = await gh.api('GET', `${TENANT}/servicePrincipals/${sp.id}/oauth2PermissionGrants`);
    expect(grants.body.value.map((g: { scope: string }) => g.scope)).toEqual(['Read', 'Read']);

    await run('--tenant', 'demo', '--roles-from-scopes');
    const legacy = await cc('api://legacy/.default');
    expect(legacy.status).toBe(200);
    expect(decodeJwt(String(legacy.body.access_token)).roles).toEqual(['Read']);
  });
});
