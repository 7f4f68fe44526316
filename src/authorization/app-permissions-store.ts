import { type Selectable, sql } from 'kysely';
import type {
  AppRoleAssignmentsTable,
  Cursor,
  Db,
  Oauth2PermissionGrantsTable,
  Page,
} from '../storage/index.js';
import { fetchPage, toPage } from '../storage/index.js';
import type { PrincipalType } from './app-permissions-model.js';

export type GrantRow = Selectable<Oauth2PermissionGrantsTable>;
export type AssignmentRow = Selectable<AppRoleAssignmentsTable>;

/** An assignment with the display names of its principal and resource. */
export interface AssignmentViewRow extends AssignmentRow {
  principal_display_name: string;
  resource_display_name: string;
}

/**
 * Assignments with the names of their principals and resources. The principal is joined by
 * its type and a row whose principal no longer exists never shows (a deleted user's rows go
 * in the user's transaction; this keeps a race from showing one).
 */
const assignmentViews = (db: Db, tenantId: string) =>
  db
    .selectFrom('app_role_assignments as ara')
    .innerJoin('service_principals as rsp', (join) =>
      join.onRef('rsp.tenant_id', '=', 'ara.tenant_id').onRef('rsp.id', '=', 'ara.resource_id'),
    )
    .innerJoin('applications as ra', 'ra.id', 'rsp.application_id')
    .leftJoin('directory_users as u', (join) =>
      join
        .on('ara.principal_type', '=', 'User')
        .onRef('u.tenant_id', '=', 'ara.tenant_id')
        .onRef('u.id', '=', 'ara.principal_id'),
    )
    .leftJoin('directory_groups as g', (join) =>
      join
        .on('ara.principal_type', '=', 'Group')
        .onRef('g.tenant_id', '=', 'ara.tenant_id')
        .onRef('g.id', '=', 'ara.principal_id'),
    )
    .leftJoin('service_principals as psp', (join) =>
      join
        .on('ara.principal_type', '=', 'ServicePrincipal')
        .onRef('psp.tenant_id', '=', 'ara.tenant_id')
        .onRef('psp.id', '=', 'ara.principal_id'),
    )
    .leftJoin('applications as pa', 'pa.id', 'psp.application_id')
    .selectAll('ara')
    .select((eb) => [
      eb.fn.coalesce('u.display_name', 'g.display_name', 'pa.display_name').as('principal_display_name'),
      'ra.display_name as resource_display_name',
    ])
    .where('ara.tenant_id', '=', tenantId)
    .where((eb) =>
      eb.or([eb('u.id', 'is not', null), eb('g.id', 'is not', null), eb('pa.id', 'is not', null)]),
    );

async function pageOf(
  query: ReturnType<typeof assignmentViews>,
  limit: number,
  after: Cursor | undefined,
): Promise<Page<AssignmentViewRow>> {
  let page = query
    .orderBy('ara.created_at')
    .orderBy('ara.id')
    .limit(limit + 1);
  if (after) page = page.where(sql<boolean>`(ara.created_at, ara.id) > (${after.createdAt}, ${after.id})`);
  const rows = (await page.execute()) as AssignmentViewRow[];
  return toPage(rows, limit, (row) => row);
}

/** The direct groups of a user, as a subquery. */
const groupsOfUser = (db: Db, tenantId: string, userId: string) =>
  db
    .selectFrom('directory_group_members')
    .select('group_id')
    .where('tenant_id', '=', tenantId)
    .where('user_id', '=', userId);

/** The assignments a user holds on a resource: their own and their direct groups'. */
const userAssignments = (db: Db, tenantId: string, userId: string, resourceId: string) =>
  db
    .selectFrom('app_role_assignments')
    .where('tenant_id', '=', tenantId)
    .where('resource_id', '=', resourceId)
    .where((eb) =>
      eb.or([
        eb.and([eb('principal_type', '=', 'User'), eb('principal_id', '=', userId)]),
        eb.and([
          eb('principal_type', '=', 'Group'),
          eb('principal_id', 'in', groupsOfUser(db, tenantId, userId)),
        ]),
      ]),
    );

export const grantStore = {
  async insert(db: Db, row: GrantRow): Promise<void> {
    await db.insertInto('oauth2_permission_grants').values(row).execute();
  },

  find(db: Db, tenantId: string, id: string): Promise<GrantRow | undefined> {
    return db
      .selectFrom('oauth2_permission_grants')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
  },

  /** The grant of a client on a resource (there is at most one). */
  findFor(db: Db, tenantId: string, clientId: string, resourceId: string): Promise<GrantRow | undefined> {
    return db
      .selectFrom('oauth2_permission_grants')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('client_id', '=', clientId)
      .where('resource_id', '=', resourceId)
      .executeTakeFirst();
  },

  list(
    db: Db,
    tenantId: string,
    filter: { clientId?: string; resourceId?: string },
    limit: number,
    after?: Cursor,
  ): Promise<Page<GrantRow>> {
    let query = db.selectFrom('oauth2_permission_grants').selectAll().where('tenant_id', '=', tenantId);
    if (filter.clientId !== undefined) query = query.where('client_id', '=', filter.clientId);
    if (filter.resourceId !== undefined) query = query.where('resource_id', '=', filter.resourceId);
    return fetchPage(query, limit, after, (row) => row);
  },

  async updateScope(db: Db, tenantId: string, id: string, scope: string): Promise<boolean> {
    const result = await db
      .updateTable('oauth2_permission_grants')
      .set({ scope })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  },

  async delete(db: Db, tenantId: string, id: string): Promise<boolean> {
    const result = await db
      .deleteFrom('oauth2_permission_grants')
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  },
};

export const assignmentStore = {
  async insert(db: Db, row: AssignmentRow): Promise<void> {
    await db.insertInto('app_role_assignments').values(row).execute();
  },

  async exists(
    db: Db,
    row: Pick<AssignmentRow, 'tenant_id' | 'principal_id' | 'resource_id' | 'app_role_id'>,
  ): Promise<boolean> {
    const found = await db
      .selectFrom('app_role_assignments')
      .select('id')
      .where('tenant_id', '=', row.tenant_id)
      .where('principal_id', '=', row.principal_id)
      .where('resource_id', '=', row.resource_id)
      .where('app_role_id', '=', row.app_role_id)
      .executeTakeFirst();
    return found !== undefined;
  },

  find(db: Db, tenantId: string, id: string): Promise<AssignmentViewRow | undefined> {
    return assignmentViews(db, tenantId).where('ara.id', '=', id).executeTakeFirst() as Promise<
      AssignmentViewRow | undefined
    >;
  },

  /** What a principal holds (Graph `…/{principal}/appRoleAssignments`). */
  ofPrincipal(db: Db, tenantId: string, principalId: string, limit: number, after?: Cursor) {
    return pageOf(assignmentViews(db, tenantId).where('ara.principal_id', '=', principalId), limit, after);
  },

  /** Who holds roles of a resource (Graph `servicePrincipals/{resource}/appRoleAssignedTo`). */
  toResource(db: Db, tenantId: string, resourceId: string, limit: number, after?: Cursor) {
    return pageOf(assignmentViews(db, tenantId).where('ara.resource_id', '=', resourceId), limit, after);
  },

  async delete(db: Db, tenantId: string, id: string): Promise<boolean> {
    const result = await db
      .deleteFrom('app_role_assignments')
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  },

  /** The app role ids a client service principal holds on a resource. */
  async roleIdsOfServicePrincipal(
    db: Db,
    tenantId: string,
    principalId: string,
    resourceId: string,
  ): Promise<string[]> {
    const rows = await db
      .selectFrom('app_role_assignments')
      .select('app_role_id')
      .where('tenant_id', '=', tenantId)
      .where('principal_type', '=', 'ServicePrincipal')
      .where('principal_id', '=', principalId)
      .where('resource_id', '=', resourceId)
      .execute();
    return rows.map((r) => r.app_role_id);
  },

  /** The app role ids a user holds on a resource, directly or through a direct group. */
  async roleIdsOfUser(db: Db, tenantId: string, userId: string, resourceId: string): Promise<string[]> {
    const rows = await userAssignments(db, tenantId, userId, resourceId).select('app_role_id').execute();
    return rows.map((r) => r.app_role_id);
  },

  /** Whether a user holds any assignment to a resource, directly or through a direct group. */
  async userHoldsAny(db: Db, tenantId: string, userId: string, resourceId: string): Promise<boolean> {
    const row = await userAssignments(db, tenantId, userId, resourceId)
      .select('id')
      .limit(1)
      .executeTakeFirst();
    return row !== undefined;
  },

  /** Removes what a deleted user or group held. */
  async deleteOfPrincipal(db: Db, tenantId: string, principalId: string): Promise<number> {
    const result = await db
      .deleteFrom('app_role_assignments')
      .where('tenant_id', '=', tenantId)
      .where('principal_id', '=', principalId)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  },

  /** Removes what service principals that no longer exist held (their apps were deleted). */
  async deleteOfMissingServicePrincipals(db: Db, tenantId: string): Promise<number> {
    const result = await db
      .deleteFrom('app_role_assignments')
      .where('tenant_id', '=', tenantId)
      .where('principal_type', '=', 'ServicePrincipal')
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('service_principals as sp')
              .select('sp.id')
              .whereRef('sp.id', '=', 'app_role_assignments.principal_id'),
          ),
        ),
      )
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  },
};

/**
 * The principals an assignment may name, read (never written) from their owners' tables so a
 * check and the write it guards share one transaction.
 */
export const principalStore = {
  async find(
    db: Db,
    tenantId: string,
    id: string,
    type?: PrincipalType,
  ): Promise<{ type: PrincipalType; displayName: string } | undefined> {
    if (type === undefined || type === 'User') {
      const user = await db
        .selectFrom('directory_users')
        .select('display_name')
        .where('tenant_id', '=', tenantId)
        .where('id', '=', id)
        .executeTakeFirst();
      if (user) return { type: 'User', displayName: user.display_name };
    }
    if (type === undefined || type === 'Group') {
      const group = await db
        .selectFrom('directory_groups')
        .select('display_name')
        .where('tenant_id', '=', tenantId)
        .where('id', '=', id)
        .executeTakeFirst();
      if (group) return { type: 'Group', displayName: group.display_name };
    }
    if (type === undefined || type === 'ServicePrincipal') {
      const sp = await db
        .selectFrom('service_principals as sp')
        .innerJoin('applications as a', 'a.id', 'sp.application_id')
        .select('a.display_name')
        .where('sp.tenant_id', '=', tenantId)
        .where('sp.id', '=', id)
        .executeTakeFirst();
      if (sp) return { type: 'ServicePrincipal', displayName: sp.display_name };
    }
    return undefined;
  },
};
