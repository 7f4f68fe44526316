import type { Selectable } from 'kysely';
import type { Db, RoleAssignmentsTable } from '../storage/index.js';

export type RoleAssignmentRow = Selectable<RoleAssignmentsTable>;

/** The queries of `role_assignments`: the only code that touches that table. */
export const roleAssignmentStore = {
  /** Inserts unless the same (principal, role, scope) exists; whether it inserted. */
  async insert(db: Db, row: RoleAssignmentRow): Promise<boolean> {
    const result = await db
      .insertInto('role_assignments')
      .values(row)
      .onConflict((oc) =>
        oc.columns(['principal_id', 'role_definition_id', 'directory_scope_id']).doNothing(),
      )
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
  },

  find(db: Db, id: string): Promise<RoleAssignmentRow | undefined> {
    return db.selectFrom('role_assignments').selectAll().where('id', '=', id).executeTakeFirst();
  },

  ofPrincipal(db: Db, principalId: string): Promise<RoleAssignmentRow[]> {
    return db
      .selectFrom('role_assignments')
      .selectAll()
      .where('principal_id', '=', principalId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
  },

  /** Assignments matching the filters (each optional), oldest first. */
  list(db: Db, filters: { principalId?: string; roleDefinitionId?: string }): Promise<RoleAssignmentRow[]> {
    let query = db.selectFrom('role_assignments').selectAll();
    if (filters.principalId !== undefined) query = query.where('principal_id', '=', filters.principalId);
    if (filters.roleDefinitionId !== undefined)
      query = query.where('role_definition_id', '=', filters.roleDefinitionId);
    return query.orderBy('created_at').orderBy('id').execute();
  },

  ofRoleAtScope(db: Db, roleDefinitionId: string, scope: string): Promise<RoleAssignmentRow[]> {
    return db
      .selectFrom('role_assignments')
      .selectAll()
      .where('role_definition_id', '=', roleDefinitionId)
      .where('directory_scope_id', '=', scope)
      .execute();
  },

  async delete(db: Db, id: string): Promise<boolean> {
    const result = await db.deleteFrom('role_assignments').where('id', '=', id).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  },

  /** Deletes every assignment of a principal; how many there were. */
  async deleteOfPrincipal(db: Db, principalId: string): Promise<number> {
    const result = await db
      .deleteFrom('role_assignments')
      .where('principal_id', '=', principalId)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  },
};
