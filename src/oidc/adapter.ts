import type { Adapter, AdapterPayload } from 'oidc-provider';
import type { Clock } from '../platform/index.js';
import { epochSeconds } from '../platform/index.js';
import type { Db } from '../storage/index.js';

/**
 * Persists every oidc-provider model (sessions, grants, codes, refresh tokens…) in one table
 * keyed by (tenant, model, id). Expired rows read as absent; a purge job removes them.
 */
export function createModelAdapter(db: Db, clock: Clock, tenantId: string, model: string): Adapter {
  const rows = () =>
    db.selectFrom('oidc_models').where('tenant_id', '=', tenantId).where('model', '=', model);

  async function findWhere(
    column: 'id' | 'uid' | 'user_code',
    value: string,
  ): Promise<AdapterPayload | undefined> {
    const row = await rows()
      .select(['payload', 'expires_at', 'consumed_at'])
      .where(column, '=', value)
      .executeTakeFirst();
    if (!row) return undefined;
    if (row.expires_at !== null && row.expires_at <= epochSeconds(clock.now())) return undefined;
    const payload = JSON.parse(row.payload) as AdapterPayload;
    return row.consumed_at === null ? payload : { ...payload, consumed: row.consumed_at };
  }

  return {
    async upsert(id, payload, expiresIn) {
      const values = {
        payload: JSON.stringify(payload),
        grant_id: payload.grantId ?? null,
        user_code: payload.userCode ?? null,
        uid: payload.uid ?? null,
        account_id: payload.accountId ?? null,
        expires_at: expiresIn ? epochSeconds(clock.now()) + expiresIn : null,
      };
      await db
        .insertInto('oidc_models')
        .values({ tenant_id: tenantId, model, id, consumed_at: null, ...values })
        .onConflict((oc) => oc.columns(['tenant_id', 'model', 'id']).doUpdateSet(values))
        .execute();
    },
    find: (id) => findWhere('id', id),
    findByUid: (uid) => findWhere('uid', uid),
    findByUserCode: (userCode) => findWhere('user_code', userCode),
    async consume(id) {
      await db
        .updateTable('oidc_models')
        .set({ consumed_at: epochSeconds(clock.now()) })
        .where('tenant_id', '=', tenantId)
        .where('model', '=', model)
        .where('id', '=', id)
        .execute();
    },
    async destroy(id) {
      await db
        .deleteFrom('oidc_models')
        .where('tenant_id', '=', tenantId)
        .where('model', '=', model)
        .where('id', '=', id)
        .execute();
    },
    async revokeByGrantId(grantId) {
      await db
        .deleteFrom('oidc_models')
        .where('tenant_id', '=', tenantId)
        .where('grant_id', '=', grantId)
        .execute();
    },
  };
}

/** Deletes every protocol artefact whose expiry has passed; returns how many went. */
export async function purgeExpiredModels(db: Db, clock: Clock): Promise<number> {
  const result = await db
    .deleteFrom('oidc_models')
    .where('expires_at', '<=', epochSeconds(clock.now()))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Ends every session, grant, code and token of one account at a tenant. */
export async function revokeAccount(db: Db, tenantId: string, accountId: string): Promise<number> {
  const result = await db
    .deleteFrom('oidc_models')
    .where('tenant_id', '=', tenantId)
    .where('account_id', '=', accountId)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
