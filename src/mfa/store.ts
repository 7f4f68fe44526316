import type { Selectable } from 'kysely';
import type { Db, MfaMethodsTable } from '../storage/index.js';

export type MfaMethodRow = Selectable<MfaMethodsTable>;

export const mfaStore = {
  async insertMethod(db: Db, row: MfaMethodRow): Promise<void> {
    await db.insertInto('mfa_methods').values(row).execute();
  },

  /** The user's confirmed methods, oldest first. */
  confirmedMethods(db: Db, tenantId: string, userId: string): Promise<MfaMethodRow[]> {
    return db
      .selectFrom('mfa_methods')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('user_id', '=', userId)
      .where('confirmed', '=', 1)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
  },

  findMethod(db: Db, tenantId: string, userId: string, id: string): Promise<MfaMethodRow | undefined> {
    return db
      .selectFrom('mfa_methods')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('user_id', '=', userId)
      .where('id', '=', id)
      .executeTakeFirst();
  },

  async deleteMethod(db: Db, tenantId: string, userId: string, id: string): Promise<boolean> {
    const result = await db
      .deleteFrom('mfa_methods')
      .where('tenant_id', '=', tenantId)
      .where('user_id', '=', userId)
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  },

  /** Removes every method of a type (a pending TOTP enrollment, the recovery-code set, the phone). */
  async deleteOfType(
    db: Db,
    tenantId: string,
    userId: string,
    type: MfaMethodRow['type'],
    confirmed?: number,
  ): Promise<void> {
    let query = db
      .deleteFrom('mfa_methods')
      .where('tenant_id', '=', tenantId)
      .where('user_id', '=', userId)
      .where('type', '=', type);
    if (confirmed !== undefined) query = query.where('confirmed', '=', confirmed);
    await query.execute();
  },

  /** Confirms a pending enrollment that has not lapsed; false when it is gone, lapsed or confirmed. */
  async confirm(db: Db, id: string, step: number, now: string): Promise<boolean> {
    const result = await db
      .updateTable('mfa_methods')
      .set({ confirmed: 1, expires_at: null, created_at: now, last_used_at: now, last_totp_step: step })
      .where('id', '=', id)
      .where('confirmed', '=', 0)
      .where('expires_at', '>', now)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  },

  /**
   * Accepts a TOTP step once: a single conditional UPDATE, so of two requests racing with the
   * same code exactly one moves the step forward.
   */
  async acceptStep(db: Db, id: string, step: number, now: string): Promise<boolean> {
    const result = await db
      .updateTable('mfa_methods')
      .set({ last_totp_step: step, last_used_at: now })
      .where('id', '=', id)
      .where('confirmed', '=', 1)
      .where((eb) => eb.or([eb('last_totp_step', 'is', null), eb('last_totp_step', '<', step)]))
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  },

  async insertRecoveryCodes(db: Db, methodId: string, hashes: string[]): Promise<void> {
    await db
      .insertInto('mfa_recovery_codes')
      .values(hashes.map((hash) => ({ method_id: methodId, hash, used_at: null })))
      .execute();
  },

  /** Uses a code once: the conditional UPDATE is the check, so a code never works twice. */
  async useRecoveryCode(db: Db, methodId: string, hash: string, now: string): Promise<boolean> {
    const result = await db
      .updateTable('mfa_recovery_codes')
      .set({ used_at: now })
      .where('method_id', '=', methodId)
      .where('hash', '=', hash)
      .where('used_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  },

  async touch(db: Db, id: string, now: string): Promise<void> {
    await db.updateTable('mfa_methods').set({ last_used_at: now }).where('id', '=', id).execute();
  },

  /** Unused codes by recovery-code method id. */
  async remainingCodes(db: Db, methodIds: string[]): Promise<Map<string, number>> {
    if (methodIds.length === 0) return new Map();
    const rows = await db
      .selectFrom('mfa_recovery_codes')
      .select(['method_id', (eb) => eb.fn.countAll<number | string>().as('n')])
      .where('method_id', 'in', methodIds)
      .where('used_at', 'is', null)
      .groupBy('method_id')
      .execute();
    return new Map(rows.map((r) => [r.method_id, Number(r.n)]));
  },

  async policy(db: Db, tenantId: string): Promise<string | undefined> {
    const row = await db
      .selectFrom('mfa_policies')
      .select('configurations')
      .where('tenant_id', '=', tenantId)
      .executeTakeFirst();
    return row?.configurations;
  },

  async setPolicy(db: Db, tenantId: string, configurations: string, now: string): Promise<void> {
    await db
      .insertInto('mfa_policies')
      .values({ tenant_id: tenantId, configurations, updated_at: now })
      .onConflict((oc) => oc.column('tenant_id').doUpdateSet({ configurations, updated_at: now }))
      .execute();
  },
};
