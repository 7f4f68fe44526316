import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DATABASES } from './support/databases.js';
import { startGatehouse, type TestGatehouse } from './support/gatehouse.js';

const DEFAULT_ROLE = '00000000-0000-0000-0000-000000000000';

describe.each(TEST_DATABASES)(
  'API permissions (service principals, grants, app role assignments) on %s',
  (kind) => {
    let gh: TestGatehouse;
    const t = '/api/v1/tenants/demo';

    // biome-ignore lint/suspicious/noExplicitAny: test bodies are inspected freely
    const ok = async (method: string, path: string, body?: unknown, status = 200): Promise<any> => {
      const response = await gh.api(method, path, body);
      if (response.status !== status)
        throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(response.body)}`);
      return response.body;
    };

    /** An API with two scopes and three roles, a client, a user and a group with the user. */
    async function fixture(name: string) {
      const api = await ok(
        'POST',
        `${t}/applications`,
        {
          displayName: `${name} API`,
          identifierUris: [`api://${name}`],
          api: {
            oauth2PermissionScopes: [
              { value: 'orders.read', adminConsentDisplayName: 'Read orders' },
              { value: 'orders.write', adminConsentDisplayName: 'Write orders' },
            ],
          },
          appRoles: [
            { allowedMemberTypes: ['Application'], displayName: 'Sync', value: 'Orders.Sync' },
            { allowedMemberTypes: ['User'], displayName: 'Reader', value: 'Orders.Reader' },
            { allowedMemberTypes: ['User', 'Application'], displayName: 'Admin', value: 'Orders.Admin' },
          ],
        },
        201,
      );
      const client = await ok('POST', `${t}/applications`, { displayName: `${name} client` }, 201);
      const spOf = async (appId: string) =>
        (await ok('GET', `${t}/servicePrincipals?$filter=${encodeURIComponent(`appId eq '${appId}'`)}`))
          .value[0];
      const user = await ok(
        'POST',
        `${t}/users`,
        { displayName: `${name} user`, mail: `${name}-${Date.now()}@example.com` },
        201,
      );
      const group = await ok('POST', `${t}/groups`, { displayName: `${name} group` }, 201);
      await ok('POST', `${t}/groups/${group.id}/members/$ref`, { id: user.id }, 204);
      const role = (value: string) =>
        api.appRoles.find((r: { value: string }) => r.value === value).id as string;
      return {
        api,
        client,
        apiSp: await spOf(api.appId),
        clientSp: await spOf(client.appId),
        user,
        group,
        role,
      };
    }

    beforeAll(async () => {
      gh = await startGatehouse(kind);
    });
    afterAll(() => gh?.stop());

    it('gives every app a service principal in Graph shape, patchable, gone with the app', async () => {
      const app = await ok(
        'POST',
        `${t}/applications`,
        {
          displayName: 'Inventory',
          identifierUris: ['api://inventory'],
          api: { oauth2PermissionScopes: [{ value: 'stock.read', adminConsentDisplayName: 'Read stock' }] },
          appRoles: [{ allowedMemberTypes: ['User'], displayName: 'Clerk', value: 'Clerk' }],
          requiredResourceAccess: [
            {
              resourceAppId: '00000003-0000-0000-C000-000000000000',
              resourceAccess: [{ id: 'E1FE6DD8-BA31-4D61-89E7-88639DA4683D', type: 'Scope' }],
            },
          ],
        },
        201,
      );
      expect(app.appRoles[0]).toMatchObject({
        allowedMemberTypes: ['User'],
        description: null,
        displayName: 'Clerk',
        isEnabled: true,
        origin: 'Application',
        value: 'Clerk',
      });
      expect(app.requiredResourceAccess).toEqual([
        {
          resourceAppId: '00000003-0000-0000-c000-000000000000',
          resourceAccess: [{ id: 'e1fe6dd8-ba31-4d61-89e7-88639da4683d', type: 'Scope' }],
        },
      ]);

      const list = await ok(
        'GET',
        `${t}/servicePrincipals?$filter=${encodeURIComponent(`appId eq '${app.appId}'`)}`,
      );
      expect(list.value).toHaveLength(1);
      const sp = list.value[0];
      expect(sp).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        appId: app.appId,
        displayName: 'Inventory',
        appDisplayName: 'Inventory',
        accountEnabled: true,
        appRoleAssignmentRequired: false,
        appRoles: app.appRoles,
        oauth2PermissionScopes: app.api.oauth2PermissionScopes,
        servicePrincipalNames: [app.appId, 'api://inventory'],
        servicePrincipalType: 'Application',
        tags: [],
        createdDateTime: app.createdDateTime,
      });
      expect(await ok('GET', `${t}/servicePrincipals/${sp.id}`)).toEqual(sp);

      const patched = await ok('PATCH', `${t}/servicePrincipals/${sp.id}`, {
        appRoleAssignmentRequired: true,
      });
      expect(patched.appRoleAssignmentRequired).toBe(true);
      expect((await ok('GET', `${t}/servicePrincipals/${sp.id}`)).appRoleAssignmentRequired).toBe(true);
      const readOnly = await gh.api('PATCH', `${t}/servicePrincipals/${sp.id}`, { displayName: 'x' });
      expect(readOnly.status).toBe(400);
      expect(readOnly.body.error.code).toBe('unknown_field');
      const badFilter = await gh.api(
        'GET',
        `${t}/servicePrincipals?$filter=${encodeURIComponent("displayName eq 'x'")}`,
      );
      expect(badFilter.status).toBe(400);
      expect(badFilter.body.error.code).toBe('unsupported_filter');

      await ok('DELETE', `${t}/applications/${app.id}`, undefined, 204);
      expect((await gh.api('GET', `${t}/servicePrincipals/${sp.id}`)).status).toBe(404);
      const all = await ok('GET', `${t}/servicePrincipals?$top=999`);
      expect(all.value.some((s: { appId: string }) => s.appId === app.appId)).toBe(false);
    });

    it('pages service principals with an @odata.nextLink', async () => {
      await ok('POST', `${t}/applications`, { displayName: 'Page one' }, 201);
      await ok('POST', `${t}/applications`, { displayName: 'Page two' }, 201);
      const first = await ok('GET', `${t}/servicePrincipals?$top=1`);
      expect(first.value).toHaveLength(1);
      const next = new URL(first['@odata.nextLink']);
      const second = await ok('GET', `${next.pathname}${next.search}`);
      expect(second.value[0].id).not.toBe(first.value[0].id);
    });

    it('requires an enabled app role or scope to be disabled before a later update removes it', async () => {
      const app = await ok(
        'POST',
        `${t}/applications`,
        {
          displayName: 'Entitlements',
          api: { oauth2PermissionScopes: [{ value: 'a.read', adminConsentDisplayName: 'Read' }] },
          appRoles: [
            { allowedMemberTypes: ['User'], displayName: 'One', value: 'One' },
            { allowedMemberTypes: ['User'], displayName: 'Two', value: 'Two' },
          ],
        },
        201,
      );
      const [one, two] = app.appRoles;
      const removed = await gh.api('PATCH', `${t}/applications/${app.id}`, { appRoles: [one] });
      expect(removed.status).toBe(400);
      expect(removed.body.error).toMatchObject({ code: 'enabled_entitlement_removed', target: 'appRoles' });
      expect(removed.body.error.message).toContain("'Two'");
      const renamed = await gh.api('PATCH', `${t}/applications/${app.id}`, {
        appRoles: [one, { ...two, value: 'Deux' }],
      });
      expect(renamed.body.error.code).toBe('enabled_entitlement_removed');

      // Written back without ids (and with the read-only origin), the roles keep theirs.
      const { id: _id, ...withoutId } = two;
      const same = await ok('PATCH', `${t}/applications/${app.id}`, { appRoles: [one, withoutId] });
      expect(same.appRoles.map((r: { id: string }) => r.id)).toEqual([one.id, two.id]);

      await ok('PATCH', `${t}/applications/${app.id}`, { appRoles: [one, { ...two, isEnabled: false }] });
      const after = await ok('PATCH', `${t}/applications/${app.id}`, { appRoles: [one] });
      expect(after.appRoles).toEqual([one]);

      const scopeRemoved = await gh.api('PATCH', `${t}/applications/${app.id}`, {
        api: { oauth2PermissionScopes: [] },
      });
      expect(scopeRemoved.status).toBe(400);
      expect(scopeRemoved.body.error).toMatchObject({
        code: 'enabled_entitlement_removed',
        target: 'api.oauth2PermissionScopes',
      });
      const scope = app.api.oauth2PermissionScopes[0];
      await ok('PATCH', `${t}/applications/${app.id}`, {
        api: { oauth2PermissionScopes: [{ ...scope, isEnabled: false }] },
      });
      const noScopes = await ok('PATCH', `${t}/applications/${app.id}`, {
        api: { oauth2PermissionScopes: [] },
      });
      expect(noScopes.api.oauth2PermissionScopes).toEqual([]);
    });

    it.each([
      ['no member type', { allowedMemberTypes: [], displayName: 'R', value: 'R' }],
      ['an unknown member type', { allowedMemberTypes: ['Robot'], displayName: 'R', value: 'R' }],
      ['a value with a space', { allowedMemberTypes: ['User'], displayName: 'R', value: 'R R' }],
      [
        'a read-only origin of another kind',
        { allowedMemberTypes: ['User'], displayName: 'R', value: 'R', origin: 'ServicePrincipal' },
      ],
    ])('refuses an app role with %s', async (_name, role) => {
      const response = await gh.api('POST', `${t}/applications`, {
        displayName: 'Bad role',
        appRoles: [role],
      });
      expect(response.status).toBe(400);
    });

    it('refuses duplicate app role values and malformed requiredResourceAccess', async () => {
      const role = { allowedMemberTypes: ['User'], displayName: 'R', value: 'R' };
      expect(
        (await gh.api('POST', `${t}/applications`, { displayName: 'Dup', appRoles: [role, role] })).status,
      ).toBe(400);
      const badType = await gh.api('POST', `${t}/applications`, {
        displayName: 'Bad access',
        requiredResourceAccess: [
          { resourceAppId: DEFAULT_ROLE, resourceAccess: [{ id: DEFAULT_ROLE, type: 'Both' }] },
        ],
      });
      expect(badType.status).toBe(400);
    });

    it('grants delegated permissions (AllPrincipals) with Graph validation, update, filter and revoke', async () => {
      const f = await fixture('grants');
      const grants = `${t}/oauth2PermissionGrants`;
      const body = {
        clientId: f.clientSp.id,
        consentType: 'AllPrincipals',
        resourceId: f.apiSp.id,
        scope: ' orders.read  orders.read ',
      };
      const created = await ok('POST', grants, body, 201);
      expect(created).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        clientId: f.clientSp.id,
        consentType: 'AllPrincipals',
        principalId: null,
        resourceId: f.apiSp.id,
        scope: 'orders.read',
      });
      expect(await ok('GET', `${grants}/${created.id}`)).toEqual(created);
      const duplicate = await gh.api('POST', grants, body);
      expect(duplicate.status).toBe(409);
      expect(duplicate.body.error.code).toBe('permission_grant_exists');

      const filtered = await ok(
        'GET',
        `${grants}?$filter=${encodeURIComponent(`clientId eq '${f.clientSp.id}'`)}`,
      );
      expect(filtered.value).toEqual([created]);
      const byResource = await ok(
        'GET',
        `${grants}?$filter=${encodeURIComponent(`resourceId eq '${f.apiSp.id}'`)}`,
      );
      expect(byResource.value).toEqual([created]);
      expect(
        (await ok('GET', `${t}/servicePrincipals/${f.clientSp.id}/oauth2PermissionGrants`)).value,
      ).toEqual([created]);
      expect((await ok('GET', `${t}/servicePrincipals/${f.apiSp.id}/oauth2PermissionGrants`)).value).toEqual(
        [],
      );

      const updated = await ok('PATCH', `${grants}/${created.id}`, { scope: 'orders.write orders.read' });
      expect(updated.scope).toBe('orders.write orders.read');
      const unknown = await gh.api('PATCH', `${grants}/${created.id}`, {
        scope: 'orders.read orders.delete',
      });
      expect(unknown.status).toBe(400);
      expect(unknown.body.error).toMatchObject({ code: 'unknown_scope', target: 'scope' });
      expect(unknown.body.error.message).toContain("'orders.delete'");

      // A disabled scope cannot be granted.
      const scopes = f.api.api.oauth2PermissionScopes;
      await ok('PATCH', `${t}/applications/${f.api.id}`, {
        api: { oauth2PermissionScopes: [scopes[0], { ...scopes[1], isEnabled: false }] },
      });
      const disabled = await gh.api('PATCH', `${grants}/${created.id}`, { scope: 'orders.write' });
      expect(disabled.status).toBe(400);
      expect(disabled.body.error.code).toBe('scope_disabled');

      await ok('DELETE', `${grants}/${created.id}`, undefined, 204);
      expect((await gh.api('GET', `${grants}/${created.id}`)).status).toBe(404);
      expect((await gh.api('DELETE', `${grants}/${created.id}`)).status).toBe(404);
    });

    it('refuses Principal consent, a principalId, and service principals of another tenant', async () => {
      const f = await fixture('refusals');
      const grants = `${t}/oauth2PermissionGrants`;
      const base = { clientId: f.clientSp.id, resourceId: f.apiSp.id, scope: 'orders.read' };
      const principal = await gh.api('POST', grants, {
        ...base,
        consentType: 'Principal',
        principalId: f.user.id,
      });
      expect(principal.status).toBe(400);
      expect(principal.body.error).toMatchObject({ code: 'unsupported_consent_type', target: 'consentType' });
      expect(principal.body.error.message).toContain('AllPrincipals');
      const withPrincipal = await gh.api('POST', grants, {
        ...base,
        consentType: 'AllPrincipals',
        principalId: f.user.id,
      });
      expect(withPrincipal.body.error.code).toBe('invalid_principal_id');

      await ok('POST', '/api/v1/tenants', { id: 'elsewhere', displayName: 'Elsewhere' }, 201);
      const foreign = await ok(
        'POST',
        '/api/v1/tenants/elsewhere/applications',
        { displayName: 'Foreign' },
        201,
      );
      const foreignSp = (
        await ok(
          'GET',
          `/api/v1/tenants/elsewhere/servicePrincipals?$filter=${encodeURIComponent(`appId eq '${foreign.appId}'`)}`,
        )
      ).value[0];
      const crossClient = await gh.api('POST', grants, {
        ...base,
        consentType: 'AllPrincipals',
        clientId: foreignSp.id,
      });
      expect(crossClient.status).toBe(404);
      expect(crossClient.body.error).toMatchObject({
        code: 'service_principal_not_found',
        target: 'clientId',
      });
      const crossResource = await gh.api('POST', grants, {
        ...base,
        consentType: 'AllPrincipals',
        resourceId: foreignSp.id,
      });
      expect(crossResource.status).toBe(404);
      expect(crossResource.body.error.target).toBe('resourceId');
      expect((await gh.api('GET', `${t}/servicePrincipals/${foreignSp.id}`)).status).toBe(404);
    });

    it('assigns app roles to service principals, users and groups by allowedMemberTypes', async () => {
      const f = await fixture('assign');
      const spAssignments = `${t}/servicePrincipals/${f.clientSp.id}/appRoleAssignments`;
      const appPermission = await ok(
        'POST',
        spAssignments,
        { principalId: f.clientSp.id, resourceId: f.apiSp.id, appRoleId: f.role('Orders.Sync') },
        201,
      );
      expect(appPermission).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        appRoleId: f.role('Orders.Sync'),
        createdDateTime: expect.any(String),
        deletedDateTime: null,
        principalDisplayName: 'assign client',
        principalId: f.clientSp.id,
        principalType: 'ServicePrincipal',
        resourceDisplayName: 'assign API',
        resourceId: f.apiSp.id,
      });
      // A role for users only, and the default access role, are not application permissions.
      for (const appRoleId of [f.role('Orders.Reader'), DEFAULT_ROLE]) {
        const refused = await gh.api('POST', spAssignments, {
          principalId: f.clientSp.id,
          resourceId: f.apiSp.id,
          appRoleId,
        });
        expect(refused.status).toBe(400);
        expect(['app_role_not_assignable', 'unknown_app_role']).toContain(refused.body.error.code);
      }
      const mismatch = await gh.api('POST', spAssignments, {
        principalId: f.apiSp.id,
        resourceId: f.apiSp.id,
        appRoleId: f.role('Orders.Sync'),
      });
      expect(mismatch.body.error.code).toBe('principal_mismatch');
      const duplicate = await gh.api('POST', spAssignments, {
        principalId: f.clientSp.id,
        resourceId: f.apiSp.id,
        appRoleId: f.role('Orders.Sync'),
      });
      expect(duplicate.status).toBe(409);
      expect(duplicate.body.error.code).toBe('app_role_assignment_exists');

      const userAssignments = `${t}/users/${f.user.id}/appRoleAssignments`;
      const reader = await ok(
        'POST',
        userAssignments,
        { principalId: f.user.id, resourceId: f.apiSp.id, appRoleId: f.role('Orders.Reader') },
        201,
      );
      expect(reader).toMatchObject({ principalType: 'User', principalDisplayName: 'assign user' });
      const syncToUser = await gh.api('POST', userAssignments, {
        principalId: f.user.id,
        resourceId: f.apiSp.id,
        appRoleId: f.role('Orders.Sync'),
      });
      expect(syncToUser.body.error.code).toBe('app_role_not_assignable');
      const unknownRole = await gh.api('POST', userAssignments, {
        principalId: f.user.id,
        resourceId: f.apiSp.id,
        appRoleId: '11111111-2222-4333-8444-555555555555',
      });
      expect(unknownRole.body.error).toMatchObject({ code: 'unknown_app_role', target: 'appRoleId' });
      const groupAssignments = `${t}/groups/${f.group.id}/appRoleAssignments`;
      const groupDefault = await ok(
        'POST',
        groupAssignments,
        { principalId: f.group.id, resourceId: f.apiSp.id, appRoleId: DEFAULT_ROLE },
        201,
      );
      expect(groupDefault).toMatchObject({ principalType: 'Group', appRoleId: DEFAULT_ROLE });
      const notAUser = await gh.api('POST', `${t}/users/${f.group.id}/appRoleAssignments`, {
        principalId: f.group.id,
        resourceId: f.apiSp.id,
        appRoleId: DEFAULT_ROLE,
      });
      expect(notAUser.status).toBe(404);
      expect(notAUser.body.error.code).toBe('user_not_found');

      // The resource side lists everyone; a user assigned through it is found by id.
      const adminRole = await ok(
        'POST',
        `${t}/servicePrincipals/${f.apiSp.id}/appRoleAssignedTo`,
        { principalId: f.user.id, resourceId: f.apiSp.id, appRoleId: f.role('Orders.Admin') },
        201,
      );
      expect(adminRole.principalType).toBe('User');
      const assignedTo = await ok('GET', `${t}/servicePrincipals/${f.apiSp.id}/appRoleAssignedTo`);
      expect(assignedTo.value.map((a: { id: string }) => a.id).sort()).toEqual(
        [appPermission.id, reader.id, groupDefault.id, adminRole.id].sort(),
      );
      expect((await ok('GET', spAssignments)).value).toEqual([appPermission]);
      expect((await ok('GET', userAssignments)).value.map((a: { id: string }) => a.id)).toEqual([
        reader.id,
        adminRole.id,
      ]);
      expect((await ok('GET', groupAssignments)).value).toEqual([groupDefault]);
      const paged = await ok('GET', `${t}/servicePrincipals/${f.apiSp.id}/appRoleAssignedTo?$top=3`);
      expect(paged.value).toHaveLength(3);
      expect(new URL(paged['@odata.nextLink']).searchParams.get('$skiptoken')).toBeTruthy();

      // A removal names the assignment under its principal (or its resource), nowhere else.
      expect((await gh.api('DELETE', `${spAssignments}/${reader.id}`)).status).toBe(404);
      await ok('DELETE', `${userAssignments}/${reader.id}`, undefined, 204);
      await ok(
        'DELETE',
        `${t}/servicePrincipals/${f.apiSp.id}/appRoleAssignedTo/${adminRole.id}`,
        undefined,
        204,
      );
      expect((await ok('GET', userAssignments)).value).toEqual([]);
    });

    it('decides client permissions, user app roles and reachability', async () => {
      const f = await fixture('decide');
      const authz = gh.gatehouse.authorization;
      expect(await authz.clientPermissions('demo', f.client.appId, f.api.appId)).toBeUndefined();

      await ok(
        'POST',
        `${t}/oauth2PermissionGrants`,
        {
          clientId: f.clientSp.id,
          consentType: 'AllPrincipals',
          resourceId: f.apiSp.id,
          scope: 'orders.read',
        },
        201,
      );
      const delegated = await authz.clientPermissions('demo', f.client.appId, f.api.appId);
      expect([...(delegated?.scopes ?? [])]).toEqual(['orders.read']);
      expect([...(delegated?.roles ?? [])]).toEqual([]);

      await ok(
        'POST',
        `${t}/servicePrincipals/${f.clientSp.id}/appRoleAssignments`,
        { principalId: f.clientSp.id, resourceId: f.apiSp.id, appRoleId: f.role('Orders.Admin') },
        201,
      );
      const both = await authz.clientPermissions('demo', f.client.appId, f.api.appId);
      expect([...(both?.roles ?? [])]).toEqual(['Orders.Admin']);

      // Disabling the scope (an app change) drops it from the cached answer.
      const scopes = f.api.api.oauth2PermissionScopes;
      await ok('PATCH', `${t}/applications/${f.api.id}`, {
        api: { oauth2PermissionScopes: [{ ...scopes[0], isEnabled: false }, scopes[1]] },
      });
      const afterDisable = await authz.clientPermissions('demo', f.client.appId, f.api.appId);
      expect([...(afterDisable?.scopes ?? [])]).toEqual([]);
      expect([...(afterDisable?.roles ?? [])]).toEqual(['Orders.Admin']);

      // Users: directly and through a direct group; the default access role carries no value.
      expect(await authz.userAppRoles('demo', f.user.id, f.api.appId)).toEqual([]);
      expect(await authz.mayUserReach('demo', f.user.id, f.api.appId)).toBe(true);
      await ok('PATCH', `${t}/servicePrincipals/${f.apiSp.id}`, { appRoleAssignmentRequired: true });
      expect(await authz.mayUserReach('demo', f.user.id, f.api.appId)).toBe(false);
      await ok(
        'POST',
        `${t}/groups/${f.group.id}/appRoleAssignments`,
        { principalId: f.group.id, resourceId: f.apiSp.id, appRoleId: DEFAULT_ROLE },
        201,
      );
      expect(await authz.mayUserReach('demo', f.user.id, f.api.appId)).toBe(true);
      expect(await authz.userAppRoles('demo', f.user.id, f.api.appId)).toEqual([]);
      await ok(
        'POST',
        `${t}/groups/${f.group.id}/appRoleAssignments`,
        { principalId: f.group.id, resourceId: f.apiSp.id, appRoleId: f.role('Orders.Reader') },
        201,
      );
      await ok(
        'POST',
        `${t}/users/${f.user.id}/appRoleAssignments`,
        { principalId: f.user.id, resourceId: f.apiSp.id, appRoleId: f.role('Orders.Admin') },
        201,
      );
      expect(await authz.userAppRoles('demo', f.user.id, f.api.appId)).toEqual([
        'Orders.Admin',
        'Orders.Reader',
      ]);
      expect(await authz.userAppRoles('demo', f.user.id, f.client.appId)).toEqual([]);

      // Out of the group, the user keeps only their own role.
      await ok('DELETE', `${t}/groups/${f.group.id}/members/${f.user.id}/$ref`, undefined, 204);
      expect(await authz.userAppRoles('demo', f.user.id, f.api.appId)).toEqual(['Orders.Admin']);
    });

    it('leaves no assignment behind a deleted user, group or app', async () => {
      const f = await fixture('cleanup');
      await ok(
        'POST',
        `${t}/users/${f.user.id}/appRoleAssignments`,
        { principalId: f.user.id, resourceId: f.apiSp.id, appRoleId: f.role('Orders.Reader') },
        201,
      );
      await ok(
        'POST',
        `${t}/groups/${f.group.id}/appRoleAssignments`,
        { principalId: f.group.id, resourceId: f.apiSp.id, appRoleId: DEFAULT_ROLE },
        201,
      );
      await ok(
        'POST',
        `${t}/servicePrincipals/${f.clientSp.id}/appRoleAssignments`,
        { principalId: f.clientSp.id, resourceId: f.apiSp.id, appRoleId: f.role('Orders.Sync') },
        201,
      );
      const assignedTo = () =>
        ok('GET', `${t}/servicePrincipals/${f.apiSp.id}/appRoleAssignedTo`).then((b) =>
          b.value.map((a: { principalType: string }) => a.principalType).sort(),
        );
      expect(await assignedTo()).toEqual(['Group', 'ServicePrincipal', 'User']);

      await ok('DELETE', `${t}/users/${f.user.id}`, undefined, 204);
      expect(await assignedTo()).toEqual(['Group', 'ServicePrincipal']);
      expect((await gh.api('GET', `${t}/users/${f.user.id}/appRoleAssignments`)).status).toBe(404);
      await ok('DELETE', `${t}/groups/${f.group.id}`, undefined, 204);
      expect(await assignedTo()).toEqual(['ServicePrincipal']);

      // The client app goes: what its service principal held goes too.
      await ok(
        'POST',
        `${t}/oauth2PermissionGrants`,
        {
          clientId: f.clientSp.id,
          consentType: 'AllPrincipals',
          resourceId: f.apiSp.id,
          scope: 'orders.read',
        },
        201,
      );
      await ok('DELETE', `${t}/applications/${f.client.id}`, undefined, 204);
      expect(await assignedTo()).toEqual([]);
      const grants = await ok(
        'GET',
        `${t}/oauth2PermissionGrants?$filter=${encodeURIComponent(`resourceId eq '${f.apiSp.id}'`)}`,
      );
      expect(grants.value).toEqual([]);
      const rows = await gh.gatehouse.storage.db
        .selectFrom('app_role_assignments')
        .select('id')
        .where('resource_id', '=', f.apiSp.id)
        .execute();
      expect(rows).toEqual([]);

      // The API goes: the assignments to it and the grants on it go by cascade.
      const other = await fixture('cleanup2');
      await ok(
        'POST',
        `${t}/users/${other.user.id}/appRoleAssignments`,
        { principalId: other.user.id, resourceId: other.apiSp.id, appRoleId: other.role('Orders.Reader') },
        201,
      );
      await ok('DELETE', `${t}/applications/${other.api.id}`, undefined, 204);
      expect((await ok('GET', `${t}/users/${other.user.id}/appRoleAssignments`)).value).toEqual([]);
    });

    it('writes each change to the audit trail with Entra activity names', async () => {
      const f = await fixture('audited');
      const grant = await ok(
        'POST',
        `${t}/oauth2PermissionGrants`,
        {
          clientId: f.clientSp.id,
          consentType: 'AllPrincipals',
          resourceId: f.apiSp.id,
          scope: 'orders.read',
        },
        201,
      );
      await ok('PATCH', `${t}/oauth2PermissionGrants/${grant.id}`, { scope: 'orders.write' });
      await ok('DELETE', `${t}/oauth2PermissionGrants/${grant.id}`, undefined, 204);
      const assignment = await ok(
        'POST',
        `${t}/servicePrincipals/${f.clientSp.id}/appRoleAssignments`,
        { principalId: f.clientSp.id, resourceId: f.apiSp.id, appRoleId: f.role('Orders.Sync') },
        201,
      );
      await ok(
        'DELETE',
        `${t}/servicePrincipals/${f.clientSp.id}/appRoleAssignments/${assignment.id}`,
        undefined,
        204,
      );
      await ok(
        'POST',
        `${t}/users/${f.user.id}/appRoleAssignments`,
        { principalId: f.user.id, resourceId: f.apiSp.id, appRoleId: DEFAULT_ROLE },
        201,
      );
      await ok('PATCH', `${t}/servicePrincipals/${f.apiSp.id}`, { appRoleAssignmentRequired: true });

      const audits = (
        await ok('GET', `${t}/auditLogs/directoryAudits?category=ApplicationManagement&$top=50`)
      ).value.filter((a: { targetResources: { id: string }[] }) =>
        a.targetResources.some((r) => r.id === f.apiSp.id),
      );
      expect(audits.map((a: { activityDisplayName: string }) => a.activityDisplayName).reverse()).toEqual([
        'Add delegated permission grant',
        'Update delegated permission grant',
        'Remove delegated permission grant',
        'Add app role assignment to service principal',
        'Remove app role assignment from service principal',
        'Add app role assignment grant to user',
        'Update service principal',
      ]);
      const added = audits.find(
        (a: { activityDisplayName: string }) =>
          a.activityDisplayName === 'Add app role assignment to service principal',
      );
      expect(added).toMatchObject({
        category: 'ApplicationManagement',
        operationType: 'Assign',
        result: 'success',
        initiatedBy: { app: { appId: 'gatehouse-admin-cli' } },
        targetResources: [
          { id: f.apiSp.id, type: 'ServicePrincipal', displayName: 'audited API' },
          { id: f.clientSp.id, type: 'ServicePrincipal', displayName: 'audited client' },
        ],
      });
    });

    it('publishes every route in the OpenAPI document', async () => {
      const doc = (await fetch(`${gh.baseUrl}/api/openapi.json`).then((r) => r.json())) as {
        paths: Record<string, Record<string, { tags: string[] }>>;
      };
      const paths = doc.paths;
      expect(Object.keys(paths['/api/v1/tenants/{tenantId}/servicePrincipals/{id}'] ?? {}).sort()).toEqual([
        'get',
        'patch',
      ]);
      expect(
        Object.keys(paths['/api/v1/tenants/{tenantId}/oauth2PermissionGrants/{id}'] ?? {}).sort(),
      ).toEqual(['delete', 'get', 'patch']);
      for (const path of [
        '/api/v1/tenants/{tenantId}/servicePrincipals/{id}/appRoleAssignments',
        '/api/v1/tenants/{tenantId}/servicePrincipals/{id}/appRoleAssignedTo',
        '/api/v1/tenants/{tenantId}/users/{id}/appRoleAssignments',
        '/api/v1/tenants/{tenantId}/groups/{id}/appRoleAssignments',
      ]) {
        expect(Object.keys(paths[path] ?? {}).sort()).toEqual(['get', 'post']);
        expect(paths[path]?.post?.tags).toEqual(['appRoleAssignments']);
      }
    });
  },
);
