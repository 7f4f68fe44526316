import type { Selectable } from 'kysely';
import type { Db, TenantsTable } from '../storage/index.js';
import { type Cursor, fetchPage, type Page } from '../storage/index.js';
import type { Tenant } from './model.js';

const toTenant = (row: Selectable<TenantsTable>): Tenant => ({
  id: row.id,
  displayName: row.display_name,
  type: row.type,
  defaultLanguage: row.default_language,
  createdDateTime: row.created_at,
});

export const tenantStore = {
  async insert(db: Db, tenant: Tenant): Promise<void> {
    await db
      .insertInto('tenants')
      .values({
        id: tenant.id,
        display_name: tenant.displayName,
        type: tenant.type,
        default_language: tenant.defaultLanguage,
        created_at: tenant.createdDateTime,
        updated_at: tenant.createdDateTime,
      })
      .execute();
  },

  async find(db: Db, id: string): Promise<Tenant | undefined> {
    const row = await db.selectFrom('tenants').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toTenant(row);
  },

  async list(db: Db, limit: number, after?: Cursor, ids?: string[]): Promise<Page<Tenant>> {
    if (ids && !ids.length) return { items: [] };
    let query = db.selectFrom('tenants').selectAll();
    if (ids) query = query.where('id', 'in', ids);
    return fetchPage(query, limit, after, toTenant);
  },

  async update(
    db: Db,
    id: string,
    changes: { displayName?: string; defaultLanguage?: string },
    now: string,
  ): Promise<boolean> {
    const result = await db
      .updateTable('tenants')
      .set({
        ...(changes.displayName !== undefined && { display_name: changes.displayName }),
        ...(changes.defaultLanguage !== undefined && { default_language: changes.defaultLanguage }),
        updated_at: now,
      })
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  },

  async delete(db: Db, id: string): Promise<boolean> {
    const result = await db.deleteFrom('tenants').where('id', '=', id).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  },
};
