import type { Selectable } from 'kysely';
import type { Db, DirectoryUsersTable } from '../storage/index.js';
import type { DirectoryUser } from './model.js';

export type UserRow = Selectable<DirectoryUsersTable>;

export const toUser = (row: UserRow): DirectoryUser => ({
  id: row.id,
  tenantId: row.tenant_id,
  displayName: row.display_name,
  mail: row.mail,
  accountEnabled: row.account_enabled === 1,
  createdDateTime: row.created_at,
});

export const userStore = {
  async insert(db: Db, row: UserRow): Promise<void> {
    await db.insertInto('directory_users').values(row).execute();
  },
  find(db: Db, tenantId: string, id: string): Promise<UserRow | undefined> {
    return db
      .selectFrom('directory_users')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
  },
  findByMailKey(db: Db, tenantId: string, key: string): Promise<UserRow | undefined> {
    return db
      .selectFrom('directory_users')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('mail_key', '=', key)
      .executeTakeFirst();
  },
};

export const roleAssignmentStore = {
  async insert(
    db: Db,
    row: {
      id: string;
      tenant_id: string;
      principal_id: string;
      role_definition_id: string;
      created_at: string;
    },
  ): Promise<void> {
    await db
      .insertInto('directory_role_assignments')
      .values(row)
      .onConflict((oc) => oc.columns(['tenant_id', 'principal_id', 'role_definition_id']).doNothing())
      .execute();
  },
  async roleIds(db: Db, tenantId: string, principalId: string): Promise<string[]> {
    const rows = await db
      .selectFrom('directory_role_assignments')
      .select('role_definition_id')
      .where('tenant_id', '=', tenantId)
      .where('principal_id', '=', principalId)
      .execute();
    return rows.map((r) => r.role_definition_id);
  },
};
