import type { Selectable } from 'kysely';
import type { Db, SigningKeysTable } from '../storage/index.js';

export type SigningKeyRow = Selectable<SigningKeysTable>;

export const signingKeyStore = {
  async insert(db: Db, row: SigningKeyRow): Promise<void> {
    await db.insertInto('signing_keys').values(row).execute();
  },

  /** Oldest activation first. */
  listForTenant(db: Db, tenantId: string): Promise<SigningKeyRow[]> {
    return db
      .selectFrom('signing_keys')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .orderBy('activates_at')
      .orderBy('created_at')
      .execute();
  },

  async deleteMany(db: Db, tenantId: string, kids: string[]): Promise<void> {
    if (kids.length === 0) return;
    await db.deleteFrom('signing_keys').where('tenant_id', '=', tenantId).where('kid', 'in', kids).execute();
  },
};
