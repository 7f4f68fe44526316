import { z } from 'zod';
import type { AuditInitiator, AuditTarget, AuditTrail } from '../insights/index.js';
import { CACHES_STALE, type Clock, type EventBus, newId, staleTenantOf } from '../platform/index.js';
import { bumpConfigVersion, type Db } from '../storage/index.js';
import { ADMIN_TENANT_ID, TENANT_CHANGED, tenantErrors } from '../tenants/index.js';
import {
  ADMIN_TENANT_SCOPE,
  DIRECTORY_ROLES,
  type DirectoryAction,
  ROLE_ASSIGNMENT_ACTION,
  ROLE_DEFINITIONS,
  ROOT_SCOPE,
  roleAllows,
  roleDefinitionOf,
  roleErrors,
  scopeCovers,
  tenantOfScope,
  tenantScope,
  type UnifiedRoleDefinition,
} from './directory-roles.js';
import { type RoleAssignmentRow, roleAssignmentStore } from './role-assignment-store.js';

/**
 * Published with `{ principalId }` after a principal's role assignments changed (on every node:
 * drop what is cached for it). The change's transaction bumps the admin tenant's configuration
 * version too, so a node that missed the event still learns of it.
 */
export const ROLE_ASSIGNMENTS_CHANGED = 'authorization.roleAssignmentsChanged';

/** Graph `unifiedRoleAssignment`. */
export interface UnifiedRoleAssignment {
  id: string;
  principalId: string;
  roleDefinitionId: string;
  /** '/' (every tenant) or '/tenants/{tenantId}'. */
  directoryScopeId: string;
}

/** A principal of the admin tenant: who may hold directory roles. */
export type RolePrincipal =
  | {
      type: 'User';
      id: string;
      displayName: string;
      userPrincipalName: string | null;
      accountEnabled: boolean;
    }
  | { type: 'ServicePrincipal'; id: string; appId: string; displayName: string; accountEnabled: boolean };

const uuid = (what: string) => z.uuid({ message: `must be a ${what} id` });

export const createRoleAssignmentSchema = z.strictObject({
  '@odata.type': z.literal('#microsoft.graph.unifiedRoleAssignment').optional(),
  principalId: uuid('user or service principal'),
  roleDefinitionId: uuid('role definition'),
  directoryScopeId: z.string().max(300),
});
export type CreateRoleAssignmentInput = z.input<typeof createRoleAssignmentSchema>;

export interface RoleAssignmentFilters {
  principalId?: string;
  roleDefinitionId?: string;
}

export interface RoleManagementDeps {
  db: Db;
  clock: Clock;
  events: EventBus;
  audits: Pick<AuditTrail, 'record'>;
  /** What a principal id names in the admin tenant: a user or a service principal, or nothing. */
  describePrincipal(principalId: string): Promise<RolePrincipal | undefined>;
  tenantExists(tenantId: string): Promise<boolean>;
  /** Drops this node's caches when the admin tenant's configuration changed unheard (config versions). */
  fresh?: (tenantId: string) => Promise<void> | undefined;
  /** Principals whose assignments are kept in memory at most; past it, all are read afresh. */
  maxCached?: number;
  /**
   * Which of these users of the admin tenant are enabled, read in the caller's transaction (the
   * last-Global-Administrator re-check); without it, holding the assignment is enough.
   */
  enabledUsers?: (trx: Db, userIds: string[]) => Promise<ReadonlySet<string>>;
}

/** Who asks, and the request (for the audit trail). */
export interface RoleChangeContext {
  callerId: string | undefined;
  correlationId: string;
}

/** Where an admin API call acts: a tenant, every tenant ('/'), or any scope (the handler narrows). */
export type ActionTarget = { tenantId: string } | 'root' | 'any';

interface Cached {
  assignments: Promise<UnifiedRoleAssignment[]>;
  /** The tenants the assignments name, once read: a change to one of them drops the entry. */
  tenants?: Set<string>;
}

const toAssignment = (row: RoleAssignmentRow): UnifiedRoleAssignment => ({
  id: row.id,
  principalId: row.principal_id,
  roleDefinitionId: row.role_definition_id,
  directoryScopeId: row.directory_scope_id,
});

const GLOBAL_ADMINISTRATOR = DIRECTORY_ROLES.globalAdministrator.id;

export type RoleManagementService = ReturnType<typeof createRoleManagementService>;

/**
 * Directory roles (Graph `roleManagement/directory`): the built-in role definitions, the role
 * assignments of the admin tenant's users and service principals at a scope ('/' or one tenant),
 * and the one decision "may this principal do this action here", read from live assignments
 * (cached per principal, dropped on every node when they change). The guards on assigning
 * roles and on the last Global Administrator live here, once.
 */
export function createRoleManagementService({
  db,
  clock,
  events,
  audits,
  describePrincipal,
  tenantExists,
  fresh,
  maxCached = 10_000,
  enabledUsers,
}: RoleManagementDeps) {
  const cache = new Map<string, Cached>();

  const forget = (principalId: string) => void cache.delete(principalId);
  const forgetTenant = (tenantId: string) => {
    for (const [principalId, entry] of cache)
      if (!entry.tenants || entry.tenants.has(tenantId)) cache.delete(principalId);
  };
  events.subscribe(ROLE_ASSIGNMENTS_CHANGED, ({ principalId }) => {
    if (typeof principalId === 'string') forget(principalId);
    else cache.clear();
  });
  events.subscribe(CACHES_STALE, (payload) => {
    const tenantId = staleTenantOf(payload);
    if (tenantId === undefined || tenantId === ADMIN_TENANT_ID) cache.clear();
    else forgetTenant(tenantId);
  });
  // A deleted tenant takes its scoped assignments with it (foreign key).
  events.subscribe(TENANT_CHANGED, ({ tenantId }) => {
    if (typeof tenantId === 'string' && tenantId !== ADMIN_TENANT_ID) forgetTenant(tenantId);
  });

  /**
   * The assignments that count for a principal: none while it is a disabled user or service
   * principal (not cached, so enabling it again counts at once).
   */
  async function load(principalId: string): Promise<{ assignments: UnifiedRoleAssignment[]; keep: boolean }> {
    const rows = await roleAssignmentStore.ofPrincipal(db, principalId);
    if (!rows.length) return { assignments: [], keep: true };
    const principal = await describePrincipal(principalId);
    if (!principal?.accountEnabled) return { assignments: [], keep: false };
    return { assignments: rows.map(toAssignment), keep: true };
  }

  /** A principal's live assignments, through the cache. */
  async function assignmentsOf(principalId: string): Promise<UnifiedRoleAssignment[]> {
    await fresh?.(ADMIN_TENANT_ID);
    const cached = cache.get(principalId);
    if (cached) return cached.assignments;
    if (cache.size >= maxCached) cache.clear();
    const entry: Cached = { assignments: Promise.resolve([]) };
    const loaded = load(principalId);
    entry.assignments = loaded.then((result) => result.assignments);
    cache.set(principalId, entry);
    loaded.then(
      (result) => {
        if (cache.get(principalId) !== entry) return;
        if (!result.keep) cache.delete(principalId);
        else
          entry.tenants = new Set(result.assignments.flatMap((a) => tenantOfScope(a.directoryScopeId) ?? []));
      },
      () => {
        if (cache.get(principalId) === entry) cache.delete(principalId);
      },
    );
    return entry.assignments;
  }

  /** The scopes at which the principal holds a role allowing the action. */
  async function scopesAllowing(principalId: string | undefined, action: string): Promise<string[]> {
    if (!principalId) return [];
    const assignments = await assignmentsOf(principalId);
    return [
      ...new Set(
        assignments.filter((a) => roleAllows(a.roleDefinitionId, action)).map((a) => a.directoryScopeId),
      ),
    ];
  }

  const covered = (scopes: string[], scope: string) => scopes.some((held) => scopeCovers(held, scope));

  async function initiatorOf(callerId: string | undefined): Promise<AuditInitiator> {
    const caller = callerId ? await describePrincipal(callerId) : undefined;
    if (caller?.type === 'User')
      return { user: { id: caller.id, userPrincipalName: caller.userPrincipalName } };
    if (caller?.type === 'ServicePrincipal')
      return { app: { appId: caller.appId, displayName: caller.displayName } };
    return { app: { appId: callerId ?? 'gatehouse', displayName: null } };
  }

  function targetsOf(principal: RolePrincipal | undefined, row: RoleAssignmentRow): AuditTarget[] {
    const role = roleDefinitionOf(row.role_definition_id);
    return [
      principal?.type === 'User'
        ? {
            id: principal.id,
            type: 'User',
            displayName: principal.displayName,
            userPrincipalName: principal.userPrincipalName,
          }
        : { id: row.principal_id, type: 'ServicePrincipal', displayName: principal?.displayName ?? null },
      { id: row.role_definition_id, type: 'Role', displayName: role?.displayName ?? null },
    ];
  }

  async function audit(
    context: RoleChangeContext,
    activity: 'Add member to role' | 'Remove member from role',
    principal: RolePrincipal | undefined,
    row: RoleAssignmentRow,
  ): Promise<void> {
    await audits.record({
      tenantId: ADMIN_TENANT_ID,
      category: 'RoleManagement',
      activityDisplayName: activity,
      operationType: activity === 'Add member to role' ? 'Assign' : 'Unassign',
      result: 'success',
      resultReason: `directoryScopeId ${row.directory_scope_id}`,
      initiatedBy: await initiatorOf(context.callerId),
      targetResources: targetsOf(principal, row),
      correlationId: context.correlationId,
    });
  }

  /** Whether an enabled user other than `except` holds Global Administrator at '/' (among these rows). */
  async function enabledGlobalAdministrators(
    rows: RoleAssignmentRow[],
    except: string,
  ): Promise<Set<string>> {
    const enabled = new Set<string>();
    for (const row of rows) {
      if (row.principal_id === except) continue;
      const principal = await describePrincipal(row.principal_id);
      if (principal?.type === 'User' && principal.accountEnabled) enabled.add(row.principal_id);
    }
    return enabled;
  }

  /**
   * Throws `last_global_administrator` when `userId` is the last enabled user holding Global
   * Administrator at '/'. The recount runs in the change's transaction after the admin tenant's
   * version row is bumped (that row lock serialises role changes on PostgreSQL).
   */
  async function guardLastGlobalAdministrator(userId: string): Promise<(trx: Db) => Promise<void>> {
    const principal = await describePrincipal(userId);
    const noCheck = async () => {};
    if (principal?.type !== 'User' || !principal.accountEnabled) return noCheck;
    const rows = await roleAssignmentStore.ofRoleAtScope(db, GLOBAL_ADMINISTRATOR, ROOT_SCOPE);
    if (!rows.some((row) => row.principal_id === userId)) return noCheck;
    const others = await enabledGlobalAdministrators(rows, userId);
    if (!others.size) throw roleErrors.lastGlobalAdministrator();
    // Again in the change's transaction, once the admin tenant's version row is locked (every
    // role change and guarded user change takes it): a concurrent removal or disable has
    // committed by then, and is seen.
    return async (trx) => {
      await bumpConfigVersion(trx, ADMIN_TENANT_ID);
      const now = await roleAssignmentStore.ofRoleAtScope(trx, GLOBAL_ADMINISTRATOR, ROOT_SCOPE);
      const holders = now.map((row) => row.principal_id).filter((id) => others.has(id));
      const enabled = enabledUsers ? await enabledUsers(trx, holders) : new Set(holders);
      if (enabled.size === 0) throw roleErrors.lastGlobalAdministrator();
    };
  }

  const changed = (principalId: string) => events.publish(ROLE_ASSIGNMENTS_CHANGED, { principalId });

  return {
    definitions: (): readonly UnifiedRoleDefinition[] => ROLE_DEFINITIONS,

    definition(id: string): UnifiedRoleDefinition {
      const definition = roleDefinitionOf(id);
      if (!definition) throw roleErrors.definitionNotFound(id);
      return definition;
    },

    assignmentsOf,
    scopesAllowing,

    /** Throws 404 tenant_not_found, as for a tenant that does not exist, when no assignment reaches it. */
    async reach(principalId: string | undefined, tenantId: string): Promise<void> {
      const scope = tenantScope(tenantId);
      const assignments = principalId ? await assignmentsOf(principalId) : [];
      if (!assignments.some((a) => scopeCovers(a.directoryScopeId, scope)))
        throw tenantErrors.notFound(tenantId);
    },

    /**
     * The one decision of the admin API: may the principal do the action at the target? A
     * tenant no assignment of the principal reaches is answered as one that does not exist
     * (404 tenant_not_found); one it reaches without a role allowing the action is 403.
     */
    async authorize(principalId: string | undefined, action: DirectoryAction, target: ActionTarget) {
      const assignments = principalId ? await assignmentsOf(principalId) : [];
      if (typeof target === 'object') {
        const scope = tenantScope(target.tenantId);
        const reaching = assignments.filter((a) => scopeCovers(a.directoryScopeId, scope));
        if (!reaching.length) throw tenantErrors.notFound(target.tenantId);
        if (!reaching.some((a) => roleAllows(a.roleDefinitionId, action)))
          throw roleErrors.forbidden(action, scope);
        return;
      }
      const allowing = assignments.filter((a) => roleAllows(a.roleDefinitionId, action));
      if (target === 'any' ? !allowing.length : !allowing.some((a) => a.directoryScopeId === ROOT_SCOPE))
        throw roleErrors.forbidden(action, target === 'root' ? ROOT_SCOPE : undefined);
    },

    /** The tenants where the principal may do the action: 'all' (at '/'), or their ids. */
    async tenantsAllowing(
      principalId: string | undefined,
      action: DirectoryAction,
    ): Promise<'all' | string[]> {
      const scopes = await scopesAllowing(principalId, action);
      if (scopes.includes(ROOT_SCOPE)) return 'all';
      return scopes.flatMap((scope) => tenantOfScope(scope) ?? []);
    },

    /** Role template ids the principal holds at '/' (the `wids` claim of its admin API tokens). */
    async tenantWideRoleIds(principalId: string): Promise<string[]> {
      const assignments = await assignmentsOf(principalId);
      return [
        ...new Set(
          assignments.filter((a) => a.directoryScopeId === ROOT_SCOPE).map((a) => a.roleDefinitionId),
        ),
      ];
    },

    /** The assignments the caller may read (at scopes its roles reach), filtered, oldest first. */
    async list(
      callerId: string | undefined,
      filters: RoleAssignmentFilters,
    ): Promise<UnifiedRoleAssignment[]> {
      const readable = await scopesAllowing(
        callerId,
        'microsoft.directory/roleAssignments/allProperties/read',
      );
      const rows = await roleAssignmentStore.list(db, filters);
      return rows.filter((row) => covered(readable, row.directory_scope_id)).map(toAssignment);
    },

    async get(callerId: string | undefined, id: string): Promise<UnifiedRoleAssignment> {
      const readable = await scopesAllowing(
        callerId,
        'microsoft.directory/roleAssignments/allProperties/read',
      );
      const row = await roleAssignmentStore.find(db, id);
      if (!row || !covered(readable, row.directory_scope_id)) throw roleErrors.assignmentNotFound(id);
      return toAssignment(row);
    },

    /**
     * Assigns a role at a scope. The caller needs a role allowing role assignments (Privileged
     * Role or Global Administrator) at that scope or at '/': a tenant-scoped admin assigns only
     * in its tenants, and nobody assigns wider than they hold.
     */
    async create(context: RoleChangeContext, input: unknown): Promise<UnifiedRoleAssignment> {
      const fields = createRoleAssignmentSchema.parse(input);
      const scope = fields.directoryScopeId;
      const tenantId = tenantOfScope(scope);
      if (tenantId === undefined || scope === ADMIN_TENANT_SCOPE) throw roleErrors.invalidScope();
      if (!covered(await scopesAllowing(context.callerId, ROLE_ASSIGNMENT_ACTION), scope))
        throw roleErrors.forbidden(ROLE_ASSIGNMENT_ACTION, scope);
      if (!roleDefinitionOf(fields.roleDefinitionId))
        throw roleErrors.definitionNotFound(fields.roleDefinitionId);
      if (tenantId !== null && !(await tenantExists(tenantId))) throw tenantErrors.notFound(tenantId);
      const principal = await describePrincipal(fields.principalId);
      if (!principal) throw roleErrors.principalNotFound(fields.principalId);
      const row: RoleAssignmentRow = {
        id: newId(),
        principal_id: fields.principalId,
        role_definition_id: fields.roleDefinitionId,
        directory_scope_id: scope,
        scope_tenant_id: tenantId,
        created_at: clock.now().toISOString(),
      };
      await db.transaction().execute(async (trx) => {
        await bumpConfigVersion(trx, ADMIN_TENANT_ID);
        if (!(await roleAssignmentStore.insert(trx, row))) throw roleErrors.assignmentExists();
      });
      changed(row.principal_id);
      await audit(context, 'Add member to role', principal, row);
      return toAssignment(row);
    },

    /**
     * Removes an assignment: the caller must be able to read it (else 404) and to assign at its
     * scope (else 403); the last enabled Global Administrator at '/' stays (409).
     */
    async delete(context: RoleChangeContext, id: string): Promise<void> {
      const readable = await scopesAllowing(
        context.callerId,
        'microsoft.directory/roleAssignments/allProperties/read',
      );
      const row = await roleAssignmentStore.find(db, id);
      if (!row || !covered(readable, row.directory_scope_id)) throw roleErrors.assignmentNotFound(id);
      if (!covered(await scopesAllowing(context.callerId, ROLE_ASSIGNMENT_ACTION), row.directory_scope_id))
        throw roleErrors.forbidden(ROLE_ASSIGNMENT_ACTION, row.directory_scope_id);
      const recheck =
        row.role_definition_id === GLOBAL_ADMINISTRATOR && row.directory_scope_id === ROOT_SCOPE
          ? await guardLastGlobalAdministrator(row.principal_id)
          : async () => {};
      await db.transaction().execute(async (trx) => {
        await bumpConfigVersion(trx, ADMIN_TENANT_ID);
        await recheck(trx);
        if (!(await roleAssignmentStore.delete(trx, id))) throw roleErrors.assignmentNotFound(id);
      });
      changed(row.principal_id);
      await audit(context, 'Remove member from role', await describePrincipal(row.principal_id), row);
    },

    /** Bootstrap: makes sure the principal holds the role at the scope (no guard, no audit). */
    async ensure(principalId: string, roleDefinitionId: string, scope: string = ROOT_SCOPE): Promise<void> {
      const tenantId = tenantOfScope(scope);
      if (tenantId === undefined) throw roleErrors.invalidScope();
      const inserted = await db.transaction().execute(async (trx) => {
        await bumpConfigVersion(trx, ADMIN_TENANT_ID);
        return roleAssignmentStore.insert(trx, {
          id: newId(),
          principal_id: principalId,
          role_definition_id: roleDefinitionId,
          directory_scope_id: scope,
          scope_tenant_id: tenantId,
          created_at: clock.now().toISOString(),
        });
      });
      if (inserted) changed(principalId);
    },

    /**
     * The directory's guard before a user of the admin tenant is disabled or deleted: the last
     * enabled Global Administrator at '/' stays (409 last_global_administrator).
     */
    async checkUserChange(tenantId: string, userId: string): Promise<(trx: Db) => Promise<void>> {
      if (tenantId !== ADMIN_TENANT_ID) return async () => {};
      return guardLastGlobalAdministrator(userId);
    },

    /** Deletes every assignment of a principal being deleted, in the deleting transaction. */
    async removePrincipal(trx: Db, principalId: string): Promise<void> {
      if ((await roleAssignmentStore.deleteOfPrincipal(trx, principalId)) > 0)
        await bumpConfigVersion(trx, ADMIN_TENANT_ID);
      forget(principalId);
    },

    /** Drops what this node holds for a principal (a user disabled or deleted, say). */
    forget,
  };
}
