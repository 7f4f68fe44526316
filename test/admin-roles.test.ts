import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_API_APP_ID, ADMIN_API_APP_ROLE } from '../src/admin-api-access.js';
import { DIRECTORY_ACTIONS, DIRECTORY_ROLES } from '../src/authorization/index.js';
import {
  ACTIONS_TABLE_END,
  ACTIONS_TABLE_START,
  adminApiDocument,
  renderActionsTable,
} from '../src/http/admin-api/actions-table.js';
import { SIGNED_IN } from '../src/http/admin-api/routes.js';
import { TEST_DATABASES } from './support/databases.js';
import { type ApiResponse, startGatehouse, type TestGatehouse } from './support/gatehouse.js';
import { tokenRequest } from './support/oauth.js';

const ROLES = '/api/v1/roleManagement/directory/roleAssignments';
const DEFINITIONS = '/api/v1/roleManagement/directory/roleDefinitions';

/** Entra's template ids of the built-in roles Gatehouse must have. */
const TEMPLATE_IDS: Record<string, string> = {
  'Global Administrator': '62e90394-69f5-4237-9190-012177145e10',
  'Global Reader': 'f2ef992c-3afb-46b9-b7cf-a126ee74c451',
  'Privileged Role Administrator': 'e8611ab8-c189-46e8-94e1-60213ab1f814',
  'User Administrator': 'fe930be7-5e62-47db-91af-98c3a49a38b1',
  'Authentication Administrator': 'c4e39bd9-1100-46d3-8c65-fb160da0071f',
  'Application Administrator': '9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3',
  'Conditional Access Administrator': 'b1be1c3e-b65d-4f19-8427-f6fa0d97feb9',
  'Security Administrator': '194ae4cb-b126-40b2-bd5b-6091b380977d',
  'Security Operator': '5f2222b1-57c3-48ba-8ad5-d4759f1fde6f',
  'Security Reader': '5d6b6bb7-de71-4623-b4af-96380a352509',
  'Reports Reader': '4a5d8f65-41da-4de4-8968-e035b65339cf',
  'External ID User Flow Administrator': '6e591065-9bad-43ed-90f3-e9424366d2f0',
  'External Identity Provider Administrator': 'be2f45a1-457d-42af-a067-6ec1fa63bc45',
  'Organizational Branding Administrator': '92ed04bf-c94a-4b82-9729-b799a7a4c178',
  'Authentication Extensibility Administrator': '25a516ed-2fa0-40ea-a2d0-12923a21473a',
};
const id = (name: string) => TEMPLATE_IDS[name] as string;

interface Definition {
  id: string;
  displayName: string;
  rolePermissions: [{ allowedResourceActions: string[] }];
}

interface Principal {
  appId: string;
  principalId: string;
  token: string;
}

/** The claims of a JWT (not verified: the server did). */
const claimsOf = (jwt: string) =>
  JSON.parse(Buffer.from(jwt.split('.')[1] as string, 'base64url').toString('utf8')) as Record<
    string,
    unknown
  >;

/** A value each path parameter's schema accepts (the action is checked after the path is valid). */
function sample(schema: { format?: string; enum?: string[] }): string {
  if (schema.format === 'uuid') return randomUUID();
  if (schema.enum) return schema.enum[0] as string;
  return 'fr';
}

describe.each(TEST_DATABASES)('admin roles on %s', (kind) => {
  let gh: TestGatehouse;
  let definitions: Definition[];
  let count = 0;

  /**
   * An admin-tenant daemon app with a token for the admin API. Like any client, it needs the
   * admin API's application permission to get a token at all (granted here through the admin
   * API, as an admin would); what it may do there is then decided by its directory roles.
   */
  async function daemon(displayName = `Role daemon ${++count}`): Promise<Principal> {
    const app = await gh.registerDaemon('admin', displayName);
    const principalId = await gh.gatehouse.principalOfClient(app.appId);
    if (!principalId) throw new Error('no principal');
    await grantAdminApi(app.appId);
    return { appId: app.appId, principalId, token: await tokenOf(app.appId, app.secret) };
  }

  const grantAdminApi = (appId: string) =>
    gh.grant('admin', appId, ADMIN_API_APP_ID, { roles: [ADMIN_API_APP_ROLE.value] });

  async function tokenOf(clientId: string, secret: string): Promise<string> {
    const response = await tokenRequest(gh.baseUrl, 'admin', {
      grant_type: 'client_credentials',
      client_id: clientId,
      client_secret: secret,
      resource: `${gh.baseUrl}/api`,
    });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return String(response.body.access_token);
  }

  function assign(
    principalId: string,
    roleDefinitionId: string,
    directoryScopeId = '/',
    token?: string,
  ): Promise<ApiResponse> {
    return gh.api('POST', ROLES, { principalId, roleDefinitionId, directoryScopeId }, token);
  }

  async function daemonWith(role: string, scope = '/'): Promise<Principal> {
    const roleId = definitions.find((d) => d.displayName === role)?.id as string;
    const principal = await daemon(`${role} at ${scope}`);
    const assigned = await assign(principal.principalId, roleId, scope);
    expect(assigned.status, JSON.stringify(assigned.body)).toBe(201);
    return principal;
  }

  const bootstrapAdminId = async (): Promise<string> =>
    (await gh.api('GET', '/api/v1/tenants/admin/users?mailStartsWith=admin@localhost')).body.value[0].id;

  beforeAll(async () => {
    gh = await startGatehouse(kind);
    for (const tenant of ['roles-a', 'roles-b'])
      expect((await gh.api('POST', '/api/v1/tenants', { id: tenant, displayName: tenant })).status).toBe(201);
    definitions = (await gh.api('GET', DEFINITIONS)).body.value;
  });
  afterAll(() => gh?.stop());

  it("lists the built-in role definitions with Entra's template ids", async () => {
    for (const [name, templateId] of Object.entries(TEMPLATE_IDS)) {
      const definition = definitions.find((d) => d.id === templateId);
      expect(definition, name).toMatchObject({
        id: templateId,
        templateId,
        displayName: name,
        isBuiltIn: true,
        isEnabled: true,
        resourceScopes: ['/'],
        version: '1',
        rolePermissions: [{ condition: null }],
      });
    }
    const actions = Object.keys(DIRECTORY_ACTIONS);
    const allowed = (name: string) =>
      definitions.find((d) => d.id === id(name))?.rolePermissions[0].allowedResourceActions ?? [];
    expect(allowed('Global Administrator')).toEqual(actions);
    expect(allowed('Global Reader')).toEqual(actions.filter((a) => a.endsWith('/read')));
    expect(allowed('Security Reader').every((a) => a.endsWith('/read'))).toBe(true);
    expect(allowed('Security Operator')).toEqual(
      expect.arrayContaining([
        ...allowed('Security Reader'),
        'microsoft.directory/identityProtection/riskyUsers/update',
      ]),
    );
    expect(allowed('Privileged Role Administrator')).toContain(
      'microsoft.directory/roleAssignments/allProperties/allTasks',
    );

    const one = await gh.api('GET', `${DEFINITIONS}/${id('Reports Reader')}`);
    expect(one.status).toBe(200);
    expect(one.body.rolePermissions[0].allowedResourceActions).toContain(
      'microsoft.directory/signInReports/allProperties/read',
    );
    const unknown = await gh.api('GET', `${DEFINITIONS}/${randomUUID()}`);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('role_definition_not_found');
  });

  it('answers 403 naming the action to a role without it, and 404 to an admin of another tenant, on every route', async () => {
    const doc = (await (await fetch(`${gh.baseUrl}/api/openapi.json`)).json()) as {
      paths: Record<
        string,
        Record<
          string,
          {
            description: string;
            'x-gatehouse-action': string;
            parameters?: { name: string; in: string; schema: { format?: string; enum?: string[] } }[];
          }
        >
      >;
    };
    const byRole = new Map<string, Promise<Principal>>();
    const holder = (role: string) => {
      if (!byRole.has(role)) byRole.set(role, daemonWith(role));
      return byRole.get(role) as Promise<Principal>;
    };
    const nobody = await daemon('No role');
    const otherTenantAdmin = await daemonWith('Global Administrator', '/tenants/roles-b');
    let routes = 0;
    for (const [path, operations] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        routes++;
        const action = operation['x-gatehouse-action'];
        const route = `${method.toUpperCase()} ${path}`;
        if (action === SIGNED_IN) {
          // The caller's own information (/me): any signed-in principal, no role needed.
          const own = await gh.api(method.toUpperCase(), path, undefined, nobody.token);
          expect(own.status, route).toBe(200);
          expect(own.body.roleAssignments, route).toEqual([]);
          continue;
        }
        expect(action in DIRECTORY_ACTIONS, route).toBe(true);
        expect(operation.description, route).toContain(`\`${action}\``);
        let url = path;
        for (const parameter of operation.parameters ?? [])
          if (parameter.in === 'path')
            url = url.replace(
              `{${parameter.name}}`,
              parameter.name === 'tenantId' ? 'roles-a' : sample(parameter.schema),
            );
        const body = ['post', 'put', 'patch'].includes(method) ? {} : undefined;
        const call = (token: string) => gh.api(method.toUpperCase(), url, body, token);

        const lacking = definitions.find(
          (d) => !d.rolePermissions[0].allowedResourceActions.includes(action),
        );
        // Every role may read tenants and role definitions: then only a principal without roles lacks it.
        const denied = lacking ? await holder(lacking.displayName) : nobody;
        const forbidden = await call(denied.token);
        if (lacking || !path.includes('{tenantId}')) {
          expect(forbidden.status, `${route} as ${lacking?.displayName ?? 'no role'}`).toBe(403);
          expect(forbidden.body.error.code, route).toBe('forbidden');
          expect(forbidden.body.error.message, route).toContain(action);
        } else {
          expect(forbidden.status, `${route} without a role`).toBe(404);
        }

        if (path.includes('{tenantId}')) {
          const hidden = await call(otherTenantAdmin.token);
          expect(hidden.status, `${route} as the admin of another tenant`).toBe(404);
          expect(hidden.body.error, route).toEqual({
            code: 'tenant_not_found',
            message: "Tenant 'roles-a' does not exist.",
            target: 'tenantId',
          });
        }
      }
    }
    expect(routes).toBeGreaterThan(100);
  });

  it('creates, lists, filters, reads and removes role assignments', async () => {
    const principal = await daemon();
    const created = await assign(principal.principalId, id('Reports Reader'), '/tenants/roles-a');
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.any(String),
      principalId: principal.principalId,
      roleDefinitionId: id('Reports Reader'),
      directoryScopeId: '/tenants/roles-a',
    });
    const again = await assign(principal.principalId, id('Reports Reader'), '/tenants/roles-a');
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('role_assignment_exists');
    expect((await assign(principal.principalId, id('Security Reader'), '/')).status).toBe(201);

    const mine = await gh.api('GET', `${ROLES}?$filter=principalId eq '${principal.principalId}'`);
    expect(mine.status).toBe(200);
    expect(mine.body.value.map((a: { roleDefinitionId: string }) => a.roleDefinitionId)).toEqual([
      id('Reports Reader'),
      id('Security Reader'),
    ]);
    const both = await gh.api(
      'GET',
      `${ROLES}?$filter=${encodeURIComponent(`principalId eq '${principal.principalId}' and roleDefinitionId eq '${id('Security Reader')}'`)}`,
    );
    expect(both.body.value).toHaveLength(1);
    const globalAdmins = await gh.api(
      'GET',
      `${ROLES}?$filter=roleDefinitionId eq '${id('Global Administrator')}'`,
    );
    expect(globalAdmins.body.value.length).toBeGreaterThanOrEqual(2);
    expect(
      globalAdmins.body.value.every(
        (a: { roleDefinitionId: string }) => a.roleDefinitionId === id('Global Administrator'),
      ),
    ).toBe(true);
    const badFilter = await gh.api('GET', `${ROLES}?$filter=displayName eq 'x'`);
    expect(badFilter.status).toBe(400);
    expect(badFilter.body.error.code).toBe('unsupported_filter');

    expect((await gh.api('GET', `${ROLES}/${created.body.id}`)).body).toEqual(created.body);
    expect((await gh.api('DELETE', `${ROLES}/${created.body.id}`)).status).toBe(204);
    const gone = await gh.api('GET', `${ROLES}/${created.body.id}`);
    expect(gone.status).toBe(404);
    expect(gone.body.error.code).toBe('role_assignment_not_found');
    expect((await gh.api('DELETE', `${ROLES}/${created.body.id}`)).status).toBe(404);

    // Bad input changes nothing.
    for (const [body, code] of [
      [
        {
          principalId: principal.principalId,
          roleDefinitionId: id('Reports Reader'),
          directoryScopeId: '/x',
        },
        'invalid_directory_scope',
      ],
      [
        { principalId: principal.principalId, roleDefinitionId: randomUUID(), directoryScopeId: '/' },
        'role_definition_not_found',
      ],
      [
        { principalId: randomUUID(), roleDefinitionId: id('Reports Reader'), directoryScopeId: '/' },
        'principal_not_found',
      ],
      [
        {
          principalId: principal.principalId,
          roleDefinitionId: id('Reports Reader'),
          directoryScopeId: '/tenants/nope',
        },
        'tenant_not_found',
      ],
      [
        { principalId: 'not-an-id', roleDefinitionId: id('Reports Reader'), directoryScopeId: '/' },
        'invalid_request',
      ],
    ] as const) {
      const refused = await gh.api('POST', ROLES, body);
      expect(refused.body.error?.code, JSON.stringify(body)).toBe(code);
    }
  });

  it('lets a Security Reader read sign-in logs but not create a user, and takes a removed role away at once', async () => {
    const reader = await daemon('Security reader');
    const assigned = await assign(reader.principalId, id('Security Reader'));
    expect(assigned.status).toBe(201);
    expect(
      (await gh.api('GET', '/api/v1/tenants/roles-a/auditLogs/signIns', undefined, reader.token)).status,
    ).toBe(200);
    const create = await gh.api(
      'POST',
      '/api/v1/tenants/roles-a/users',
      { displayName: 'Nope', mail: 'nope@example.com' },
      reader.token,
    );
    expect(create.status).toBe(403);
    expect(create.body.error.message).toContain('microsoft.directory/users/create');
    expect(create.body.error.details).toEqual([
      { code: 'missing_action', message: 'microsoft.directory/users/create', target: '/tenants/roles-a' },
    ]);

    expect((await gh.api('DELETE', `${ROLES}/${assigned.body.id}`)).status).toBe(204);
    // The same token, whose wids never decided anything: the tenant is no longer reachable.
    const after = await gh.api('GET', '/api/v1/tenants/roles-a/auditLogs/signIns', undefined, reader.token);
    expect(after.status).toBe(404);
    expect(after.body.error.code).toBe('tenant_not_found');
  });

  it("puts the roles held at '/' in the wids of admin API tokens, for information", async () => {
    const app = await gh.registerDaemon('admin', 'Wids');
    const principalId = (await gh.gatehouse.principalOfClient(app.appId)) as string;
    await grantAdminApi(app.appId);
    expect(claimsOf(await tokenOf(app.appId, app.secret)).wids).toBeUndefined();
    await assign(principalId, id('Reports Reader'));
    await assign(principalId, id('Security Reader'), '/tenants/roles-a');
    expect(claimsOf(await tokenOf(app.appId, app.secret)).wids).toEqual([id('Reports Reader')]);
    expect(claimsOf(await gh.adminToken()).wids).toEqual([DIRECTORY_ROLES.globalAdministrator.id]);
  });

  it('shows a tenant-scoped admin its tenants only', async () => {
    const scoped = await daemonWith('Global Administrator', '/tenants/roles-a');
    const listed = await gh.api('GET', '/api/v1/tenants', undefined, scoped.token);
    expect(listed.status).toBe(200);
    expect(listed.body.value.map((t: { id: string }) => t.id)).toEqual(['roles-a']);
    expect((await gh.api('GET', '/api/v1/tenants/roles-a', undefined, scoped.token)).status).toBe(200);
    expect((await gh.api('GET', '/api/v1/tenants/roles-a/users', undefined, scoped.token)).status).toBe(200);
    expect((await gh.api('GET', '/api/v1/tenants/roles-b', undefined, scoped.token)).status).toBe(404);
    const create = await gh.api('POST', '/api/v1/tenants', { id: 'roles-c', displayName: 'C' }, scoped.token);
    expect(create.status).toBe(403);
    expect(create.body.error.message).toContain("'microsoft.directory/tenants/create' at scope '/'");
    const global = await gh.api(
      'GET',
      '/api/v1/identityProtection/threatLists/anonymizer',
      undefined,
      scoped.token,
    );
    expect(global.status).toBe(403);
    // The whole list for a role at '/'.
    const all = await gh.api('GET', '/api/v1/tenants?$top=999');
    expect(all.body.value.map((t: { id: string }) => t.id)).toEqual(
      expect.arrayContaining(['admin', 'roles-a', 'roles-b']),
    );
  });

  it('lets only Privileged Role and Global Administrators assign roles, never wider than their own scope', async () => {
    const userAdmin = await daemonWith('User Administrator');
    const target = await daemon('Target');
    const denied = await assign(
      target.principalId,
      id('Reports Reader'),
      '/tenants/roles-a',
      userAdmin.token,
    );
    expect(denied.status).toBe(403);
    expect(denied.body.error.message).toContain('microsoft.directory/roleAssignments/allProperties/allTasks');

    const scopedPra = await daemonWith('Privileged Role Administrator', '/tenants/roles-a');
    for (const scope of ['/', '/tenants/roles-b', '/tenants/no-such-tenant']) {
      const wider = await assign(target.principalId, id('Global Administrator'), scope, scopedPra.token);
      expect(wider.status, scope).toBe(403);
      expect(wider.body.error.code).toBe('forbidden');
    }
    const inScope = await assign(
      target.principalId,
      id('Global Administrator'),
      '/tenants/roles-a',
      scopedPra.token,
    );
    expect(inScope.status).toBe(201);
    // It sees the assignments of its scope only, and cannot remove one at '/'.
    const seen = await gh.api('GET', ROLES, undefined, scopedPra.token);
    expect(seen.status).toBe(200);
    expect(seen.body.value.length).toBeGreaterThan(0);
    expect(
      seen.body.value.every((a: { directoryScopeId: string }) => a.directoryScopeId === '/tenants/roles-a'),
    ).toBe(true);
    const cliAssignment = (
      await gh.api('GET', `${ROLES}?$filter=roleDefinitionId eq '${id('Global Administrator')}'`)
    ).body.value.find((a: { directoryScopeId: string }) => a.directoryScopeId === '/');
    const hidden = await gh.api('DELETE', `${ROLES}/${cliAssignment.id}`, undefined, scopedPra.token);
    expect(hidden.status).toBe(404);
    // A Global Reader sees an assignment at '/' but cannot remove it.
    const reader = await daemonWith('Global Reader');
    const readOnly = await gh.api('DELETE', `${ROLES}/${cliAssignment.id}`, undefined, reader.token);
    expect(readOnly.status).toBe(403);
    expect((await gh.api('DELETE', `${ROLES}/${inScope.body.id}`, undefined, scopedPra.token)).status).toBe(
      204,
    );
    // Removed: the target reaches the tenant no more.
    expect((await gh.api('GET', '/api/v1/tenants/roles-a/users', undefined, target.token)).status).toBe(404);
  });

  it('keeps the last enabled Global Administrator user at /', async () => {
    const adminId = await bootstrapAdminId();
    const assignmentOf = async (principalId: string) =>
      (
        await gh.api(
          'GET',
          `${ROLES}?$filter=${encodeURIComponent(`principalId eq '${principalId}' and roleDefinitionId eq '${id('Global Administrator')}'`)}`,
        )
      ).body.value[0];
    const first = await assignmentOf(adminId);
    expect(first.directoryScopeId).toBe('/');

    const removing = await gh.api('DELETE', `${ROLES}/${first.id}`);
    expect(removing.status).toBe(409);
    expect(removing.body.error.code).toBe('last_global_administrator');
    const disabling = await gh.api('PATCH', `/api/v1/tenants/admin/users/${adminId}`, {
      accountEnabled: false,
    });
    expect(disabling.status).toBe(409);
    expect(disabling.body.error.code).toBe('last_global_administrator');
    const blocking = await gh.api(
      'POST',
      `/api/v1/tenants/admin/identityProtection/riskyUsers/${adminId}/block`,
    );
    expect(blocking.status).toBe(409);
    const deleting = await gh.api('DELETE', `/api/v1/tenants/admin/users/${adminId}`);
    expect(deleting.status).toBe(409);
    expect((await gh.api('GET', `/api/v1/tenants/admin/users/${adminId}`)).body.accountEnabled).toBe(true);

    // With a second enabled Global Administrator user, the first may go; then the second is the last.
    const second = await gh.api('POST', '/api/v1/tenants/admin/users', {
      displayName: 'Second admin',
      mail: 'second-admin@example.com',
    });
    expect(second.status).toBe(201);
    expect((await assign(second.body.id, id('Global Administrator'))).status).toBe(201);
    expect((await gh.api('DELETE', `${ROLES}/${first.id}`)).status).toBe(204);
    const last = await gh.api('PATCH', `/api/v1/tenants/admin/users/${second.body.id}`, {
      accountEnabled: false,
    });
    expect(last.body.error?.code).toBe('last_global_administrator');
    // Put things back; a disabled user counts for nothing and may then be deleted.
    expect((await assign(adminId, id('Global Administrator'))).status).toBe(201);
    expect(
      (await gh.api('PATCH', `/api/v1/tenants/admin/users/${second.body.id}`, { accountEnabled: false }))
        .status,
    ).toBe(200);
    const removed = await assignmentOf(second.body.id);
    expect((await gh.api('DELETE', `/api/v1/tenants/admin/users/${second.body.id}`)).status).toBe(204);
    // Deleting a user deleted their assignments.
    expect((await gh.api('GET', `${ROLES}/${removed.id}`)).status).toBe(404);
  });

  it('records every role assignment change in the audit log', async () => {
    const pra = await daemonWith('Privileged Role Administrator');
    const target = await daemon('Audited');
    const added = await assign(target.principalId, id('Reports Reader'), '/tenants/roles-b', pra.token);
    expect(added.status).toBe(201);
    expect((await gh.api('DELETE', `${ROLES}/${added.body.id}`, undefined, pra.token)).status).toBe(204);
    const audits = await gh.api(
      'GET',
      '/api/v1/tenants/admin/auditLogs/directoryAudits?category=RoleManagement&$top=999',
    );
    expect(audits.status).toBe(200);
    const entries = audits.body.value.filter(
      (e: { targetResources: { id: string }[] }) => e.targetResources[0]?.id === target.principalId,
    );
    expect(entries.map((e: { activityDisplayName: string }) => e.activityDisplayName)).toEqual([
      'Remove member from role',
      'Add member to role',
    ]);
    expect(entries[1]).toMatchObject({
      category: 'RoleManagement',
      operationType: 'Assign',
      result: 'success',
      resultReason: 'directoryScopeId /tenants/roles-b',
      initiatedBy: { user: null, app: { appId: pra.appId } },
      targetResources: [
        { id: target.principalId, type: 'ServicePrincipal' },
        { id: id('Reports Reader'), type: 'Role', displayName: 'Reports Reader' },
      ],
    });
    // The bootstrap CLI's own changes name it.
    const byCli = audits.body.value.find(
      (e: { initiatedBy: { app: { appId: string } | null } }) =>
        e.initiatedBy.app?.appId === 'gatehouse-admin-cli',
    );
    expect(byCli).toBeDefined();
  });

  it('deletes the assignments scoped to a tenant with the tenant', async () => {
    expect((await gh.api('POST', '/api/v1/tenants', { id: 'roles-gone', displayName: 'Gone' })).status).toBe(
      201,
    );
    const scoped = await daemonWith('User Administrator', '/tenants/roles-gone');
    expect((await gh.api('GET', '/api/v1/tenants/roles-gone/users', undefined, scoped.token)).status).toBe(
      200,
    );
    expect((await gh.api('DELETE', '/api/v1/tenants/roles-gone')).status).toBe(204);
    expect((await gh.api('POST', '/api/v1/tenants', { id: 'roles-gone', displayName: 'Again' })).status).toBe(
      201,
    );
    const again = await gh.api('GET', '/api/v1/tenants/roles-gone/users', undefined, scoped.token);
    expect(again.status).toBe(404);
    const left = await gh.api('GET', `${ROLES}?$filter=principalId eq '${scoped.principalId}'`);
    expect(left.body.value).toEqual([]);
  });
});

describe('the actions table of docs/admin-api.md', () => {
  it('matches the route declarations (node --import tsx scripts/admin-actions-table.ts --write)', async () => {
    const text = readFileSync(new URL('../docs/admin-api.md', import.meta.url), 'utf8');
    const start = text.indexOf(ACTIONS_TABLE_START);
    const end = text.indexOf(ACTIONS_TABLE_END);
    expect(start).toBeGreaterThan(0);
    const documented = text.slice(start, end + ACTIONS_TABLE_END.length);
    expect(documented).toBe(renderActionsTable(await adminApiDocument()));
  });
});
