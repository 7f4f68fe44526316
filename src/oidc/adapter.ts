import { createHmac } from 'node:crypto';
import type { Adapter, AdapterPayload } from 'oidc-provider';
import type { Clock, SecretBox } from '../platform/index.js';
import { epochSeconds } from '../platform/index.js';
import type { Db } from '../storage/index.js';

/**
 * The models whose id is not a bearer secret, stored as they are: a grant is reached only
 * through the tokens that name it, a replay detection's id is already a digest. Every other
 * model's id (access and refresh tokens, codes, device codes, sessions, interactions, pushed
 * requests…, and any model a later oidc-provider adds) is a credential of its own.
 */
export const CLEAR_ID_MODELS: ReadonlySet<string> = new Set(['Grant', 'ReplayDetection']);

/**
 * Payload fields that hold a bearer id (the model's own, another model's, or the user code of a
 * device flow), sealed in the stored payload besides the `jti`: an interaction's return address
 * (it ends in the interaction's id), its session cookie, device code and pushed request.
 */
const SEALED_FIELDS: Record<string, readonly (readonly string[])[]> = {
  DeviceCode: [['userCode']],
  Interaction: [['returnTo'], ['session', 'cookie'], ['deviceCode'], ['parJti']],
};

/** Models oidc-provider also finds by something other than their id (a session by uid, a device code by user code). */
const FOUND_OTHERWISE: ReadonlySet<string> = new Set(['Session', 'DeviceCode']);

/**
 * Seconds a model's row outlives its expiry. oidc-provider checks a device code's expiry
 * itself: kept a while longer, a device polling late is told `expired_token` (RFC 8628) and
 * its code page "expired", rather than an unknown code. The purge job removes it after.
 */
const KEPT_AFTER_EXPIRY: Readonly<Record<string, number>> = { DeviceCode: 600 };

const withoutJti = ({ jti: _id, ...rest }: AdapterPayload): AdapterPayload => rest;

/**
 * How the protocol's bearer values are kept at rest: ids (and user codes) as an HMAC-SHA256
 * under a key derived from the master key, looked up by that hash; the copies oidc-provider
 * keeps in a payload (its `jti`, and the fields above) sealed under the master key, or, for a
 * model found only by its id, not stored at all. A copy of the database yields no usable
 * token, code or session.
 */
export interface ModelSecrets {
  /** The stored form of a bearer id or user code. */
  hashId(value: string): string;
  box: SecretBox;
}

export function createModelSecrets(box: SecretBox): ModelSecrets {
  const key = box.deriveKey('oidc-model-ids');
  return { box, hashId: (value) => createHmac('sha256', key).update(value, 'utf8').digest('base64url') };
}

/**
 * Persists every oidc-provider model (sessions, grants, codes, refresh tokens…) in one table
 * keyed by (tenant, model, id), bearer ids only as keyed hashes (see `ModelSecrets`). Expired
 * rows read as absent; a purge job removes them.
 */
export function createModelAdapter(
  db: Db,
  clock: Clock,
  tenantId: string,
  model: string,
  secrets: ModelSecrets,
): Adapter {
  const hashed = !CLEAR_ID_MODELS.has(model);
  const keyOf = (id: string) => (hashed ? secrets.hashId(id) : id);
  // A model found only by its id gets its `jti` back from the id it is looked up by, so the
  // copy is not stored at all (no cipher on the token path); one found otherwise keeps it sealed.
  const jtiFromId = hashed && !FOUND_OTHERWISE.has(model);
  const sealedPaths = hashed ? [...(jtiFromId ? [] : [['jti']]), ...(SEALED_FIELDS[model] ?? [])] : [];
  const keptAfterExpiry = KEPT_AFTER_EXPIRY[model] ?? 0;
  const rows = () =>
    db.selectFrom('oidc_models').where('tenant_id', '=', tenantId).where('model', '=', model);

  /** The payload with its secret fields sealed, bound to this row (`key`) and field. */
  function seal(payload: AdapterPayload, key: string): AdapterPayload {
    return transform(payload, sealedPaths, (value, path) =>
      secrets.box.seal(value, `${tenantId}:${model}:${key}:${path}`),
    );
  }
  function open(payload: AdapterPayload, key: string): AdapterPayload {
    return transform(payload, sealedPaths, (value, path) =>
      secrets.box.open(value, `${tenantId}:${model}:${key}:${path}`),
    );
  }

  async function findWhere(
    column: 'id' | 'uid' | 'user_code',
    value: string,
  ): Promise<AdapterPayload | undefined> {
    const row = await rows()
      .select(['id', 'payload', 'expires_at', 'consumed_at'])
      .where(column, '=', value)
      .executeTakeFirst();
    if (!row) return undefined;
    if (row.expires_at !== null && row.expires_at <= epochSeconds(clock.now())) return undefined;
    let payload: AdapterPayload;
    try {
      payload = open(JSON.parse(row.payload) as AdapterPayload, row.id);
    } catch {
      // Not sealed under this master key (or moved from another row): as good as absent.
      return undefined;
    }
    return row.consumed_at === null ? payload : { ...payload, consumed: row.consumed_at };
  }

  return {
    async upsert(id, payload, expiresIn) {
      const key = keyOf(id);
      const values = {
        payload: JSON.stringify(seal(jtiFromId ? withoutJti(payload) : payload, key)),
        grant_id: payload.grantId ?? null,
        user_code: payload.userCode ? keyOf(payload.userCode) : null,
        uid: payload.uid ?? null,
        account_id: payload.accountId ?? null,
        expires_at: expiresIn ? epochSeconds(clock.now()) + expiresIn + keptAfterExpiry : null,
      };
      await db
        .insertInto('oidc_models')
        .values({ tenant_id: tenantId, model, id: key, consumed_at: null, ...values })
        .onConflict((oc) => oc.columns(['tenant_id', 'model', 'id']).doUpdateSet(values))
        .execute();
    },
    async find(id) {
      const payload = await findWhere('id', keyOf(id));
      return payload && jtiFromId ? { ...payload, jti: id } : payload;
    },
    findByUid: (uid) => findWhere('uid', uid),
    findByUserCode: (userCode) => findWhere('user_code', keyOf(userCode)),
    async consume(id) {
      await db
        .updateTable('oidc_models')
        .set({ consumed_at: epochSeconds(clock.now()) })
        .where('tenant_id', '=', tenantId)
        .where('model', '=', model)
        .where('id', '=', keyOf(id))
        .execute();
    },
    async destroy(id) {
      await db
        .deleteFrom('oidc_models')
        .where('tenant_id', '=', tenantId)
        .where('model', '=', model)
        .where('id', '=', keyOf(id))
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

/** A copy of `payload` with the string at each path replaced by `change(value, path)`. */
function transform(
  payload: AdapterPayload,
  paths: readonly (readonly string[])[],
  change: (value: string, path: string) => string,
): AdapterPayload {
  let copy = payload as Record<string, unknown>;
  for (const path of paths) {
    // Copy only the objects along the path: the rest is shared, and never changed.
    const root = { ...copy };
    let holder: Record<string, unknown> = root;
    let found = true;
    for (const name of path.slice(0, -1)) {
      const next = holder[name];
      if (typeof next !== 'object' || next === null || Array.isArray(next)) {
        found = false;
        break;
      }
      holder[name] = { ...next };
      holder = holder[name] as Record<string, unknown>;
    }
    const last = path[path.length - 1] as string;
    const value = holder[last];
    if (!found || typeof value !== 'string') continue;
    holder[last] = change(value, path.join('.'));
    copy = root;
  }
  return copy as AdapterPayload;
}
