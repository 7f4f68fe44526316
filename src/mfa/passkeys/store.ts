import type { Selectable } from 'kysely';
import type { Db, MfaPasskeysTable } from '../../storage/index.js';
import type { Passkey } from './model.js';

export type PasskeyRow = Selectable<MfaPasskeysTable>;

export function toPasskey(row: PasskeyRow): Passkey {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    userId: row.user_id,
    credentialId: row.credential_id,
    displayName: row.display_name,
    deviceType: row.device_type,
    backedUp: Boolean(row.backed_up),
    transports: JSON.parse(row.transports) as string[],
    aaGuid: row.aaguid,
    createdDateTime: row.created_at,
    lastUsedDateTime: row.last_used_at,
  };
}

/** The only code that touches `mfa_passkeys`. */
export const passkeyStore = {
  async listByUser(db: Db, tenantId: string, userId: string): Promise<PasskeyRow[]> {
    return db
      .selectFrom('mfa_passkeys')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('user_id', '=', userId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
  },

  async countByUser(db: Db, tenantId: string, userId: string): Promise<number> {
    const row = await db
      .selectFrom('mfa_passkeys')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('tenant_id', '=', tenantId)
      .where('user_id', '=', userId)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  },

  async get(db: Db, tenantId: string, userId: string, id: string): Promise<PasskeyRow | undefined> {
    return db
      .selectFrom('mfa_passkeys')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('user_id', '=', userId)
      .where('id', '=', id)
      .executeTakeFirst();
  },

  async byCredentialId(db: Db, tenantId: string, credentialId: string): Promise<PasskeyRow | undefined> {
    return db
      .selectFrom('mfa_passkeys')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('credential_id', '=', credentialId)
      .executeTakeFirst();
  },

  async insert(db: Db, row: PasskeyRow): Promise<void> {
    await db.insertInto('mfa_passkeys').values(row).execute();
  },

  /**
   * Records a use, only if the counter is still the one the assertion was checked against: of
   * two concurrent uses of one assertion-counter value, one wins. False when it lost.
   */
  async recordUse(
    db: Db,
    row: PasskeyRow,
    use: { counter: number; backedUp: boolean; at: string },
  ): Promise<boolean> {
    const result = await db
      .updateTable('mfa_passkeys')
      .set({ counter: use.counter, backed_up: use.backedUp ? 1 : 0, last_used_at: use.at })
      .where('tenant_id', '=', row.tenant_id)
      .where('id', '=', row.id)
      .where('counter', '=', row.counter)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  },

  async rename(db: Db, tenantId: string, userId: string, id: string, displayName: string): Promise<boolean> {
    const result = await db
      .updateTable('mfa_passkeys')
      .set({ display_name: displayName })
      .where('tenant_id', '=', tenantId)
      .where('user_id', '=', userId)
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  },

  async delete(db: Db, tenantId: string, userId: string, id: string): Promise<boolean> {
    const result = await db
      .deleteFrom('mfa_passkeys')
      .where('tenant_id', '=', tenantId)
      .where('user_id', '=', userId)
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  },
};
