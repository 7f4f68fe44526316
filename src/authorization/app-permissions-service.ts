import {
  applicationErrors,
  type ServicePrincipal,
  type ServicePrincipalService,
} from '../applications/index.js';
import { CACHES_STALE, type Clock, type EventBus, newId, staleTenantOf } from '../platform/index.js';
import { bumpConfigVersion, type Db, decodeCursor, isUniqueViolation, type Page } from '../storage/index.js';
import {
  type AppRoleAssignment,
  AUTHORIZATION_CHANGED,
  authorizationErrors,
  type ClientPermissions,
  type CreateAppRoleAssignmentInput,
  type CreatePermissionGrantInput,
  createAppRoleAssignmentSchema,
  createPermissionGrantSchema,
  DEFAULT_ACCESS_ROLE_ID,
  type OAuth2PermissionGrant,
  type PrincipalType,
  type UpdatePermissionGrantInput,
  updatePermissionGrantSchema,
} from './app-permissions-model.js';
import {
  type AssignmentViewRow,
  assignmentStore,
  type GrantRow,
  grantStore,
  principalStore,
} from './app-permissions-store.js';
import { TenantCache } from './tenant-cache.js';

export interface AuthorizationServiceDeps {
  db: Db;
  clock: Clock;
  events: EventBus;
  /** The tenants' changed topic: an app's scopes or roles changed, so cached permissions go. */
  changedTopic: string;
  /** The apps' service principals, with their app roles and scopes. */
  servicePrincipals: Pick<ServicePrincipalService, 'find' | 'findByAppId'>;
  /** Drops the tenant's caches when its configuration changed unheard (the config watch). */
  fresh?: (tenantId: string) => Promise<void> | undefined;
  /** Client permissions held in memory at most (per tenant, client and API). Default 10,000. */
  maxCachedPermissions?: number;
}

export type AuthorizationService = ReturnType<typeof createAuthorizationService>;

type PageOptions = { top: number; skipToken?: string };

const cursorOf = (options: PageOptions) => (options.skipToken ? decodeCursor(options.skipToken) : undefined);

/**
 * Entra's API permission model: delegated permission grants (admin consent of a client on an
 * API, Graph `oAuth2PermissionGrant`), app role assignments to users, groups and client
 * service principals (Graph `appRoleAssignment`), and the decisions the protocol takes from
 * them. Every change commits with the tenant's configuration version and is then published.
 */
export function createAuthorizationService(deps: AuthorizationServiceDeps) {
  const { db, clock, events, servicePrincipals } = deps;
  const permissions = new TenantCache<ClientPermissions | undefined>(deps.maxCachedPermissions);
  // The service principals the per-user decisions look at on every sign-in, SSO and refresh.
  const principals = new TenantCache<ServicePrincipal | undefined>(deps.maxCachedPermissions);
  const principalOf = (tenantId: string, appId: string) =>
    principals.get(tenantId, appId, () => servicePrincipals.findByAppId(tenantId, appId));
  const drop = ({ tenantId }: Record<string, unknown>) => {
    permissions.forgetTenant(String(tenantId));
    principals.forgetTenant(String(tenantId));
  };
  events.subscribe(AUTHORIZATION_CHANGED, drop);
  events.subscribe(deps.changedTopic, drop);
  events.subscribe(CACHES_STALE, (payload) => {
    const tenantId = staleTenantOf(payload);
    if (tenantId === undefined) {
      permissions.clear();
      principals.clear();
    } else drop({ tenantId });
  });
  const changed = (tenantId: string) => events.publish(AUTHORIZATION_CHANGED, { tenantId });
  const nowIso = () => clock.now().toISOString();

  async function servicePrincipal(tenantId: string, id: string, target: string, trx: Db = db) {
    const found = await servicePrincipals.find(tenantId, id, trx);
    if (!found) throw applicationErrors.servicePrincipalNotFound(id, target);
    return found;
  }

  /** The grant's scope list, each value an enabled delegated permission of the API, once. */
  function normaliseScope(scope: string, resource: ServicePrincipal): string {
    const values = [...new Set(scope.split(/\s+/).filter(Boolean))];
    for (const value of values) {
      const declared = resource.oauth2PermissionScopes.find((s) => s.value === value);
      if (!declared) throw authorizationErrors.unknownScope(value, resource.displayName);
      if (!declared.isEnabled) throw authorizationErrors.scopeDisabled(value, resource.displayName);
    }
    return values.join(' ');
  }

  /** The app role must exist, be enabled and be assignable to this kind of principal. */
  function checkAppRole(appRoleId: string, resource: ServicePrincipal, principalType: PrincipalType): void {
    const memberType = principalType === 'ServicePrincipal' ? 'Application' : 'User';
    if (appRoleId === DEFAULT_ACCESS_ROLE_ID && memberType === 'User') return;
    const role = resource.appRoles.find((r) => r.id === appRoleId);
    if (!role) throw authorizationErrors.unknownAppRole(appRoleId, resource.displayName);
    if (!role.isEnabled) throw authorizationErrors.appRoleDisabled(role.value, resource.displayName);
    if (!role.allowedMemberTypes.includes(memberType))
      throw authorizationErrors.appRoleNotAssignable(role.value, memberType);
  }

  async function loadGrant(tenantId: string, id: string, trx: Db = db): Promise<GrantRow> {
    const row = await grantStore.find(trx, tenantId, id);
    if (!row) throw authorizationErrors.grantNotFound(id);
    return row;
  }

  async function loadPrincipal(tenantId: string, type: PrincipalType, id: string): Promise<void> {
    if (!(await principalStore.find(db, tenantId, id, type)))
      throw authorizationErrors.principalNotFound(type, id, 'id');
  }

  async function loadPermissions(
    tenantId: string,
    clientAppId: string,
    resourceAppId: string,
  ): Promise<ClientPermissions | undefined> {
    const [client, resource] = await Promise.all([
      servicePrincipals.findByAppId(tenantId, clientAppId),
      servicePrincipals.findByAppId(tenantId, resourceAppId),
    ]);
    if (!client || !resource) return undefined;
    const [grant, roleIds] = await Promise.all([
      grantStore.findFor(db, tenantId, client.id, resource.id),
      assignmentStore.roleIdsOfServicePrincipal(db, tenantId, client.id, resource.id),
    ]);
    const enabledScopes = new Set(
      resource.oauth2PermissionScopes.filter((s) => s.isEnabled).map((s) => s.value),
    );
    const scopes = new Set((grant?.scope ?? '').split(' ').filter((value) => enabledScopes.has(value)));
    const held = new Set(roleIds);
    const roles = new Set(
      resource.appRoles
        .filter((r) => r.isEnabled && r.allowedMemberTypes.includes('Application') && held.has(r.id))
        .map((r) => r.value),
    );
    return scopes.size === 0 && roles.size === 0 ? undefined : { scopes, roles };
  }

  /** The enabled user-assignable app role values among these ids. */
  const userRoleValues = (resource: ServicePrincipal, roleIds: string[]) => {
    const held = new Set(roleIds);
    return resource.appRoles
      .filter((r) => r.isEnabled && r.allowedMemberTypes.includes('User') && held.has(r.id))
      .map((r) => r.value)
      .sort();
  };

  async function listGrants(
    tenantId: string,
    filter: { clientId?: string; resourceId?: string },
    options: PageOptions,
  ): Promise<Page<OAuth2PermissionGrant>> {
    const page = await grantStore.list(db, tenantId, filter, options.top, cursorOf(options));
    return { items: page.items.map(toGrant), next: page.next };
  }

  return {
    // -- delegated permission grants --------------------------------------------------------

    /** The tenant's grants, oldest first; a filter narrows them to a client's or an API's. */
    listGrants,

    /** The grants a client service principal holds (Graph `servicePrincipals/{id}/oauth2PermissionGrants`). */
    async listGrantsOf(
      tenantId: string,
      clientId: string,
      options: PageOptions,
    ): Promise<Page<OAuth2PermissionGrant>> {
      await servicePrincipal(tenantId, clientId, 'id');
      return listGrants(tenantId, { clientId }, options);
    },

    getGrant: async (tenantId: string, id: string): Promise<OAuth2PermissionGrant> =>
      toGrant(await loadGrant(tenantId, id)),

    async createGrant(tenantId: string, input: CreatePermissionGrantInput): Promise<OAuth2PermissionGrant> {
      const fields = createPermissionGrantSchema.parse(input);
      if (fields.consentType !== 'AllPrincipals') throw authorizationErrors.unsupportedConsentType();
      if (fields.principalId) throw authorizationErrors.principalIdNotAllowed();
      const row: GrantRow = {
        id: newId(),
        tenant_id: tenantId,
        client_id: fields.clientId,
        consent_type: 'AllPrincipals',
        principal_id: null,
        resource_id: fields.resourceId,
        scope: '',
        created_at: nowIso(),
      };
      try {
        await db.transaction().execute(async (trx) => {
          await servicePrincipal(tenantId, fields.clientId, 'clientId', trx);
          const resource = await servicePrincipal(tenantId, fields.resourceId, 'resourceId', trx);
          row.scope = normaliseScope(fields.scope, resource);
          if (await grantStore.findFor(trx, tenantId, row.client_id, row.resource_id))
            throw authorizationErrors.grantExists();
          await grantStore.insert(trx, row);
          await bumpConfigVersion(trx, tenantId);
        });
      } catch (error) {
        if (isUniqueViolation(error)) throw authorizationErrors.grantExists();
        throw error;
      }
      changed(tenantId);
      return toGrant(row);
    },

    /** Graph PATCH: the scope list is replaced. */
    async updateGrant(
      tenantId: string,
      id: string,
      input: UpdatePermissionGrantInput,
    ): Promise<OAuth2PermissionGrant> {
      const fields = updatePermissionGrantSchema.parse(input);
      const updated = await db.transaction().execute(async (trx) => {
        const row = await loadGrant(tenantId, id, trx);
        const resource = await servicePrincipal(tenantId, row.resource_id, 'resourceId', trx);
        const scope = normaliseScope(fields.scope, resource);
        await grantStore.updateScope(trx, tenantId, id, scope);
        await bumpConfigVersion(trx, tenantId);
        return { ...row, scope };
      });
      changed(tenantId);
      return toGrant(updated);
    },

    /** Removes a grant; answers what it was. */
    async deleteGrant(tenantId: string, id: string): Promise<OAuth2PermissionGrant> {
      const removed = await db.transaction().execute(async (trx) => {
        const row = await loadGrant(tenantId, id, trx);
        await grantStore.delete(trx, tenantId, id);
        await bumpConfigVersion(trx, tenantId);
        return row;
      });
      changed(tenantId);
      return toGrant(removed);
    },

    // -- app role assignments ---------------------------------------------------------------

    /** What a user, group or service principal holds; 404 when it does not exist. */
    async listAssignmentsOf(
      tenantId: string,
      principalType: PrincipalType,
      principalId: string,
      options: PageOptions,
    ): Promise<Page<AppRoleAssignment>> {
      await loadPrincipal(tenantId, principalType, principalId);
      const page = await assignmentStore.ofPrincipal(
        db,
        tenantId,
        principalId,
        options.top,
        cursorOf(options),
      );
      return { items: page.items.map(toAssignment), next: page.next };
    },

    /** Everyone (users, groups, client service principals) assigned to a resource. */
    async listAssignedTo(
      tenantId: string,
      resourceId: string,
      options: PageOptions,
    ): Promise<Page<AppRoleAssignment>> {
      await servicePrincipal(tenantId, resourceId, 'id');
      const page = await assignmentStore.toResource(db, tenantId, resourceId, options.top, cursorOf(options));
      return { items: page.items.map(toAssignment), next: page.next };
    },

    /**
     * Assigns an app role of the resource to the principal: of the given type (the route's
     * path names a user, group or service principal), or any of them (`appRoleAssignedTo`).
     */
    async assign(
      tenantId: string,
      input: CreateAppRoleAssignmentInput,
      principalType?: PrincipalType,
    ): Promise<AppRoleAssignment> {
      const fields = createAppRoleAssignmentSchema.parse(input);
      let view: AssignmentViewRow | undefined;
      try {
        view = await db.transaction().execute(async (trx) => {
          const resource = await servicePrincipal(tenantId, fields.resourceId, 'resourceId', trx);
          const principal = await principalStore.find(trx, tenantId, fields.principalId, principalType);
          if (!principal)
            throw authorizationErrors.principalNotFound(principalType, fields.principalId, 'principalId');
          checkAppRole(fields.appRoleId, resource, principal.type);
          const row = {
            id: newId(),
            tenant_id: tenantId,
            app_role_id: fields.appRoleId,
            principal_id: fields.principalId,
            principal_type: principal.type,
            resource_id: resource.id,
            created_at: nowIso(),
          };
          if (await assignmentStore.exists(trx, row)) throw authorizationErrors.assignmentExists();
          await assignmentStore.insert(trx, row);
          await bumpConfigVersion(trx, tenantId);
          return {
            ...row,
            principal_display_name: principal.displayName,
            resource_display_name: resource.displayName,
          };
        });
      } catch (error) {
        if (isUniqueViolation(error)) throw authorizationErrors.assignmentExists();
        throw error;
      }
      changed(tenantId);
      return toAssignment(view);
    },

    /**
     * Removes an assignment of the principal (`{ principalId }`) or to the resource
     * (`{ resourceId }`) the request's path names; answers what it was.
     */
    async unassign(
      tenantId: string,
      id: string,
      of: { principalId: string } | { resourceId: string },
    ): Promise<AppRoleAssignment> {
      const removed = await db.transaction().execute(async (trx) => {
        const row = await assignmentStore.find(trx, tenantId, id);
        const mine =
          row &&
          ('principalId' in of ? row.principal_id === of.principalId : row.resource_id === of.resourceId);
        if (!row || !mine) throw authorizationErrors.assignmentNotFound(id);
        await assignmentStore.delete(trx, tenantId, id);
        await bumpConfigVersion(trx, tenantId);
        return row;
      });
      changed(tenantId);
      return toAssignment(removed);
    },

    // -- what follows deletions (run in the deleting transaction) ------------------------------

    /** A user or group was deleted: what it held goes with it. */
    async principalDeleted(trx: Db, tenantId: string, principalId: string): Promise<void> {
      if ((await assignmentStore.deleteOfPrincipal(trx, tenantId, principalId)) > 0)
        await bumpConfigVersion(trx, tenantId);
    },

    /**
     * An app was deleted: its service principal's grants and the assignments to it went by
     * cascade; the assignments it held as a client go here.
     */
    async applicationDeleted(trx: Db, tenantId: string): Promise<void> {
      await assignmentStore.deleteOfMissingServicePrincipals(trx, tenantId);
    },

    // -- decisions ------------------------------------------------------------------------------

    /**
     * What an admin granted a client on one API: delegated scope values (oauth2PermissionGrants,
     * only scopes still enabled on the API) and application permissions (values of the API's
     * enabled app roles with allowedMemberTypes 'Application' assigned to the client's service
     * principal). undefined when nothing at all is granted. Both are app ids (client ids).
     * Cached per (tenant, client, API) until the tenant's permissions or apps change.
     */
    async clientPermissions(
      tenantId: string,
      clientAppId: string,
      resourceAppId: string,
    ): Promise<ClientPermissions | undefined> {
      await deps.fresh?.(tenantId);
      return permissions.get(tenantId, `${clientAppId}\n${resourceAppId}`, () =>
        loadPermissions(tenantId, clientAppId, resourceAppId),
      );
    },

    /**
     * Values of the enabled app roles (allowedMemberTypes 'User') of the app `resourceAppId`
     * the user holds, directly or through a group they are a direct member of (sorted).
     */
    async userAppRoles(tenantId: string, userId: string, resourceAppId: string): Promise<string[]> {
      await deps.fresh?.(tenantId);
      const resource = await principalOf(tenantId, resourceAppId);
      if (!resource?.appRoles.some((r) => r.isEnabled)) return [];
      return userRoleValues(resource, await assignmentStore.roleIdsOfUser(db, tenantId, userId, resource.id));
    },

    /**
     * False only when the app's service principal has appRoleAssignmentRequired and the user
     * holds no assignment to it (direct or through a group; any appRoleId, the default one too).
     */
    async mayUserReach(tenantId: string, userId: string, appId: string): Promise<boolean> {
      await deps.fresh?.(tenantId);
      const sp = await principalOf(tenantId, appId);
      if (!sp?.appRoleAssignmentRequired) return true;
      return assignmentStore.userHoldsAny(db, tenantId, userId, sp.id);
    },
  };
}

const toGrant = (row: GrantRow): OAuth2PermissionGrant => ({
  id: row.id,
  clientId: row.client_id,
  consentType: 'AllPrincipals',
  principalId: null,
  resourceId: row.resource_id,
  scope: row.scope,
});

const toAssignment = (row: AssignmentViewRow): AppRoleAssignment => ({
  id: row.id,
  appRoleId: row.app_role_id,
  createdDateTime: row.created_at,
  deletedDateTime: null,
  principalDisplayName: row.principal_display_name,
  principalId: row.principal_id,
  principalType: row.principal_type,
  resourceDisplayName: row.resource_display_name,
  resourceId: row.resource_id,
});
