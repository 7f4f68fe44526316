import type { Selectable } from 'kysely';
import type { Db, UserFlowApplicationsTable, UserFlowsTable } from '../../storage/index.js';
import { type Cursor, fetchPage, type Page } from '../../storage/index.js';
import type { SignInMethod, UserFlow, UserFlowAttribute } from './model.js';

export type UserFlowRow = Selectable<UserFlowsTable>;
export type UserFlowApplicationRow = Selectable<UserFlowApplicationsTable>;

/** The JSON `definition` column: everything of a flow but its identity and apps. */
export interface FlowDefinition {
  isSignUpAllowed: boolean;
  signInMethods: SignInMethod[];
  identityProviders: string[];
  attributes: UserFlowAttribute[];
}

export const toUserFlow = (row: UserFlowRow, apps: UserFlowApplicationRow[]): UserFlow => {
  const definition = JSON.parse(row.definition) as FlowDefinition;
  return {
    id: row.id,
    displayName: row.display_name,
    isDefault: row.is_default === 1,
    isSignUpAllowed: definition.isSignUpAllowed,
    signInMethods: definition.signInMethods,
    identityProviders: definition.identityProviders,
    attributes: definition.attributes,
    applications: apps
      .filter((a) => a.flow_id === row.id)
      .sort((a, b) => a.position - b.position)
      .map((a) => a.app_id),
    createdDateTime: row.created_at,
    lastModifiedDateTime: row.updated_at,
  };
};

export const userFlowStore = {
  /** The tenant's flows whose definition lists an identity provider, oldest first. */
  async listingIdentityProvider(db: Db, tenantId: string, providerId: string): Promise<UserFlowRow[]> {
    const rows = await db
      .selectFrom('user_flows')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    const wanted = providerId.toLowerCase();
    return rows.filter((row) =>
      ((JSON.parse(row.definition) as { identityProviders?: string[] }).identityProviders ?? []).some(
        (id) => id.toLowerCase() === wanted,
      ),
    );
  },

  async insert(db: Db, row: UserFlowRow): Promise<void> {
    await db.insertInto('user_flows').values(row).execute();
  },

  find(db: Db, tenantId: string, id: string): Promise<UserFlowRow | undefined> {
    return db
      .selectFrom('user_flows')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
  },

  findDefault(db: Db, tenantId: string): Promise<UserFlowRow | undefined> {
    return db
      .selectFrom('user_flows')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('is_default', '=', 1)
      .executeTakeFirst();
  },

  /** The flow that lists this app. */
  findByApp(db: Db, tenantId: string, appId: string): Promise<UserFlowRow | undefined> {
    return db
      .selectFrom('user_flow_applications as a')
      .innerJoin('user_flows as f', (join) =>
        join.onRef('f.tenant_id', '=', 'a.tenant_id').onRef('f.id', '=', 'a.flow_id'),
      )
      .selectAll('f')
      .where('a.tenant_id', '=', tenantId)
      .where('a.app_id', '=', appId)
      .executeTakeFirst();
  },

  all(db: Db, tenantId: string): Promise<UserFlowRow[]> {
    return db.selectFrom('user_flows').selectAll().where('tenant_id', '=', tenantId).execute();
  },

  list(db: Db, tenantId: string, limit: number, after?: Cursor): Promise<Page<UserFlowRow>> {
    const query = db.selectFrom('user_flows').selectAll().where('tenant_id', '=', tenantId);
    return fetchPage(query, limit, after, (row) => row);
  },

  async update(db: Db, tenantId: string, id: string, changes: Partial<UserFlowRow>): Promise<boolean> {
    const result = await db
      .updateTable('user_flows')
      .set(changes)
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  },

  /** Makes no flow of the tenant (but `exceptId`) the default. */
  async clearDefault(db: Db, tenantId: string, exceptId: string): Promise<void> {
    await db
      .updateTable('user_flows')
      .set({ is_default: 0 })
      .where('tenant_id', '=', tenantId)
      .where('is_default', '=', 1)
      .where('id', '!=', exceptId)
      .execute();
  },

  /** Deletes a flow; its app links go with it (foreign key cascade). */
  async delete(db: Db, tenantId: string, id: string): Promise<boolean> {
    const result = await db
      .deleteFrom('user_flows')
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  },

  appsOf(db: Db, tenantId: string, flowIds: string[]): Promise<UserFlowApplicationRow[]> {
    if (flowIds.length === 0) return Promise.resolve([]);
    return db
      .selectFrom('user_flow_applications')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('flow_id', 'in', flowIds)
      .execute();
  },

  /** Makes `appIds` the flow's apps, taking each away from any other flow of the tenant. */
  async replaceApps(db: Db, tenantId: string, flowId: string, appIds: string[]): Promise<void> {
    await db
      .deleteFrom('user_flow_applications')
      .where('tenant_id', '=', tenantId)
      .where('flow_id', '=', flowId)
      .execute();
    if (appIds.length === 0) return;
    await db
      .deleteFrom('user_flow_applications')
      .where('tenant_id', '=', tenantId)
      .where('app_id', 'in', appIds)
      .execute();
    await db
      .insertInto('user_flow_applications')
      .values(
        appIds.map((appId, position) => ({ tenant_id: tenantId, app_id: appId, flow_id: flowId, position })),
      )
      .execute();
  },

  async removeApp(db: Db, tenantId: string, appId: string): Promise<void> {
    await db
      .deleteFrom('user_flow_applications')
      .where('tenant_id', '=', tenantId)
      .where('app_id', '=', appId)
      .execute();
  },
};
