import { createServer } from 'node:net';
import { createGatehouse, type Gatehouse, type GatehouseOptions } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import type { Clock } from '../../src/platform/index.js';
import { createTestDatabase, type TestDatabase } from './databases.js';

export interface TestGatehouse {
  baseUrl: string;
  /** The address the server calls itself (GATEHOUSE_BASE_URL): `baseUrl` unless a test chose one. */
  publicUrl: string;
  gatehouse: Gatehouse;
  database: TestDatabase;
  adminClientSecret: string;
  /** A fresh admin API token from the built-in admin CLI client. */
  adminToken(): Promise<string>;
  /** Calls the admin API with the admin token (or the one given) and parses the JSON reply. */
  api(method: string, path: string, body?: unknown, token?: string | null): Promise<ApiResponse>;
  /** Registers a daemon app with one secret in a tenant, through the admin API. */
  registerDaemon(tenantId: string, displayName?: string): Promise<Daemon>;
  /** Registers any app (a web app with its redirect URIs, say) with one secret, through the admin API. */
  registerApp(
    tenantId: string,
    registration: { displayName: string } & Record<string, unknown>,
  ): Promise<Daemon>;
  /** The Graph servicePrincipal of an app, found by its appId. */
  // biome-ignore lint/suspicious/noExplicitAny: test responses are inspected freely
  servicePrincipalOf(tenantId: string, appId: string): Promise<any>;
  /**
   * What an admin grants through the admin API: application permissions (the API's app roles,
   * by value) and delegated permissions (`scope`, space-separated) of an API to a client.
   */
  grant(
    tenantId: string,
    clientAppId: string,
    resourceAppId: string,
    permissions: { roles?: string[]; scope?: string },
  ): Promise<void>;
  /** Stops the server; with `keepDatabase` the data survives for a restart. */
  stop(options?: { keepDatabase?: boolean }): Promise<void>;
}

export interface Daemon {
  id: string;
  appId: string;
  secret: string;
}

export interface ApiResponse {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: test responses are inspected freely
  body: any;
  headers: Headers;
}

/** One admin API call with a bearer token (or none), its JSON reply parsed. */
export async function callAdminApi(
  baseUrl: string,
  bearer: string | null | undefined,
  method: string,
  path: string,
  body?: unknown,
): Promise<ApiResponse> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      ...(bearer && { authorization: `Bearer ${bearer}` }),
      ...(body !== undefined && { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined, headers: response.headers };
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

export interface StartOptions {
  env?: Record<string, string>;
  clock?: Clock;
  /** Whether a sign-in comes from a familiar place (smart lockout); default: never. */
  familiar?: GatehouseOptions['familiar'];
  /** Reuse a database (and its data dir) from an earlier start. */
  database?: TestDatabase;
  /** Where the node logs (to capture its lines); default: silent. */
  logger?: GatehouseOptions['logger'];
  /** The built console to serve (default: GATEHOUSE_TEST_CONSOLE_DIR, else dist/console). */
  consoleDir?: string;
}

/** Starts the real server on an ephemeral loopback port with a fresh database. */
export async function startGatehouse(
  kind: 'sqlite' | 'postgres',
  options: StartOptions = {},
): Promise<TestGatehouse> {
  const database = options.database ?? (await createTestDatabase(kind));
  // A test that chose the port (its public URL names it) gets it; otherwise a free one.
  const port = options.env?.PORT ? Number(options.env.PORT) : await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  // A test may give the server a public address (https, say) that it reaches here on loopback.
  const publicUrl = options.env?.GATEHOUSE_BASE_URL ?? baseUrl;
  const adminClientSecret = options.env?.GATEHOUSE_ADMIN_CLIENT_SECRET ?? 'test-admin-cli-secret-0123456789';
  const config = loadConfig({
    PORT: String(port),
    GATEHOUSE_HOST: '127.0.0.1',
    GATEHOUSE_BASE_URL: publicUrl,
    GATEHOUSE_DATA_DIR: database.dataDir,
    GATEHOUSE_DATABASE_URL: database.url,
    GATEHOUSE_ADMIN_CLIENT_SECRET: adminClientSecret,
    GATEHOUSE_KEY_ACTIVATION_DELAY: '0',
    GATEHOUSE_LOG_LEVEL: 'silent',
    // The fake providers, partner tenant, logout receivers and SMS gateways of the tests all
    // listen on 127.0.0.1: the outbound policy must allow loopback for them. The policy's own
    // tests start a Gatehouse without it (GATEHOUSE_OUTBOUND_ALLOW: 'none').
    GATEHOUSE_OUTBOUND_ALLOW: 'loopback',
    ...options.env,
  });
  const gatehouse = await createGatehouse(config, {
    clock: options.clock,
    familiar: options.familiar,
    logger: options.logger,
    consoleDir: options.consoleDir ?? process.env.GATEHOUSE_TEST_CONSOLE_DIR,
  });
  await gatehouse.listen();

  async function adminToken(): Promise<string> {
    const response = await fetch(`${baseUrl}/t/admin/oauth2/token`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`gatehouse-admin-cli:${adminClientSecret}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ grant_type: 'client_credentials', scope: `${publicUrl}/api/.default` }),
    });
    const body = (await response.json()) as { access_token?: string };
    if (!body.access_token) throw new Error(`no admin token: ${JSON.stringify(body)}`);
    return body.access_token;
  }

  let cachedToken: string | undefined;
  const handle: TestGatehouse = {
    baseUrl,
    publicUrl,
    gatehouse,
    database,
    adminClientSecret,
    adminToken,
    async api(method, path, body, token) {
      if (token === undefined && !cachedToken) cachedToken = await adminToken();
      return callAdminApi(baseUrl, token === undefined ? cachedToken : token, method, path, body);
    },
    registerDaemon: (tenantId, displayName = 'Daemon') => handle.registerApp(tenantId, { displayName }),
    async registerApp(tenantId, registration) {
      const app = await handle.api('POST', `/api/v1/tenants/${tenantId}/applications`, registration);
      if (app.status !== 201) throw new Error(`cannot register: ${JSON.stringify(app.body)}`);
      const password = await handle.api(
        'POST',
        `/api/v1/tenants/${tenantId}/applications/${app.body.id}/addPassword`,
        {},
      );
      if (password.status !== 200) throw new Error(`cannot add a secret: ${JSON.stringify(password.body)}`);
      return { id: app.body.id, appId: app.body.appId, secret: password.body.secretText };
    },
    async servicePrincipalOf(tenantId, appId) {
      const filter = encodeURIComponent(`appId eq '${appId}'`);
      const found = await handle.api(
        'GET',
        `/api/v1/tenants/${tenantId}/servicePrincipals?$filter=${filter}`,
      );
      const sp = found.body?.value?.[0];
      if (found.status !== 200 || !sp)
        throw new Error(`no service principal for ${appId}: ${JSON.stringify(found.body)}`);
      return sp;
    },
    async grant(tenantId, clientAppId, resourceAppId, { roles = [], scope }) {
      const base = `/api/v1/tenants/${tenantId}`;
      const client = await handle.servicePrincipalOf(tenantId, clientAppId);
      const resource = await handle.servicePrincipalOf(tenantId, resourceAppId);
      for (const value of roles) {
        const role = resource.appRoles.find((r: { value: string }) => r.value === value);
        if (!role) throw new Error(`${resourceAppId} has no app role ${value}`);
        const assigned = await handle.api(
          'POST',
          `${base}/servicePrincipals/${client.id}/appRoleAssignments`,
          {
            principalId: client.id,
            resourceId: resource.id,
            appRoleId: role.id,
          },
        );
        if (assigned.status !== 201)
          throw new Error(`cannot assign ${value}: ${JSON.stringify(assigned.body)}`);
      }
      if (scope) {
        const granted = await handle.api('POST', `${base}/oauth2PermissionGrants`, {
          clientId: client.id,
          consentType: 'AllPrincipals',
          resourceId: resource.id,
          scope,
        });
        if (granted.status !== 201) throw new Error(`cannot grant ${scope}: ${JSON.stringify(granted.body)}`);
      }
    },
    async stop({ keepDatabase = false } = {}) {
      await gatehouse.close();
      if (!keepDatabase) await database.drop();
    },
  };
  return handle;
}
