import { calculateJwkThumbprint, exportJWK, generateKeyPair } from 'jose';
import type { Clock, EventBus, SecretBox } from '../platform/index.js';
import { bumpConfigVersion, type Db } from '../storage/index.js';
import { classifyKeys } from './lifecycle.js';
import {
  type Jwk,
  keyErrors,
  type RotateKeyInput,
  rotateKeySchema,
  type SigningAlgorithm,
  type SigningKeyView,
  type TenantKeySet,
} from './model.js';
import { type SigningKeyRow, signingKeyStore } from './store.js';

export interface KeyServiceDeps {
  db: Db;
  box: SecretBox;
  clock: Clock;
  events: EventBus;
  /** How long a rotated key is published before it signs. */
  activationDelaySeconds: number;
  /** How long a retired key stays published: the longest lifetime of a token it signed. */
  retentionSeconds: number;
  /** Topic that tells caches a tenant's keys changed. */
  changedTopic: string;
}

export type KeyService = ReturnType<typeof createKeyService>;

const sealedWith = (tenantId: string, kid: string) => `signing-key:${tenantId}:${kid}`;

const YEAR_MS = 365 * 24 * 60 * 60 * 1000;

export function createKeyService(deps: KeyServiceDeps) {
  const { db, box, clock, events } = deps;
  const retentionMs = deps.retentionSeconds * 1000;

  async function newKeyRow(
    tenantId: string,
    alg: SigningAlgorithm,
    createdAt: Date,
    activatesAt: Date,
  ): Promise<SigningKeyRow> {
    const { privateKey, publicKey } = await generateKeyPair(alg, {
      extractable: true,
      ...(alg === 'RS256' && { modulusLength: 2048 }),
    });
    const publicJwk = await exportJWK(publicKey);
    const kid = await calculateJwkThumbprint(publicJwk);
    const privateJwk = { ...(await exportJWK(privateKey)), kid, alg, use: 'sig' };
    return {
      tenant_id: tenantId,
      kid,
      alg,
      public_jwk: JSON.stringify({ ...publicJwk, kid, alg, use: 'sig' }),
      private_jwk_sealed: box.seal(JSON.stringify(privateJwk), sealedWith(tenantId, kid)),
      created_at: createdAt.toISOString(),
      activates_at: activatesAt.toISOString(),
    };
  }

  function openSealed(tenantId: string, kid: string, sealed: string): string {
    try {
      return box.open(sealed, sealedWith(tenantId, kid));
    } catch {
      // Authenticated encryption fails only with another master key (or a tampered row).
      throw keyErrors.masterKeyMismatch();
    }
  }

  async function lifecycle(tenantId: string) {
    const rows = await signingKeyStore.listForTenant(db, tenantId);
    const keys = rows.map((row) => ({ ...row, activatesAt: new Date(row.activates_at) }));
    return classifyKeys(keys, clock.now(), retentionMs);
  }

  return {
    /** Gives a new tenant a key that signs at once (runs in the tenant's creation transaction). */
    async initializeTenant(trx: Db, tenant: { id: string }): Promise<void> {
      const now = clock.now();
      await signingKeyStore.insert(trx, await newKeyRow(tenant.id, 'RS256', now, now));
    },

    /** Adds a key that is published now and signs after the activation delay. */
    async rotate(tenantId: string, input: RotateKeyInput = {}): Promise<SigningKeyView> {
      const { alg, activatesDateTime } = rotateKeySchema.parse(input);
      const now = clock.now();
      const earliest = now.getTime() + deps.activationDelaySeconds * 1000;
      const activatesAt = new Date(activatesDateTime ? Date.parse(activatesDateTime) : earliest);
      if (activatesAt.getTime() < earliest || activatesAt.getTime() > now.getTime() + YEAR_MS)
        throw keyErrors.activationOutOfRange(deps.activationDelaySeconds);
      const row = await newKeyRow(tenantId, alg, now, activatesAt);
      // Keys whose last token has expired leave the table as a new one arrives.
      const { removable } = await lifecycle(tenantId);
      await db.transaction().execute(async (trx) => {
        await signingKeyStore.deleteMany(
          trx,
          tenantId,
          removable.map((k) => k.kid),
        );
        await signingKeyStore.insert(trx, row);
        await bumpConfigVersion(trx, tenantId);
      });
      events.publish(deps.changedTopic, { tenantId });
      const view = (await this.list(tenantId)).find((k) => k.kid === row.kid);
      if (!view) throw new Error('rotated key not found');
      return view;
    },

    async list(tenantId: string): Promise<SigningKeyView[]> {
      const { published } = await lifecycle(tenantId);
      return published.map(({ key, status, retiredAt, removalAt }) => ({
        kid: key.kid,
        alg: key.alg as SigningAlgorithm,
        use: 'sig',
        status,
        createdDateTime: key.created_at,
        activatesDateTime: key.activates_at,
        ...(retiredAt && { retiredDateTime: retiredAt.toISOString() }),
        ...(removalAt && { removalDateTime: removalAt.toISOString() }),
      }));
    },

    /** The published keys with their private parts, for the tenant's protocol provider. */
    async keySet(tenantId: string): Promise<TenantKeySet> {
      const { published, active, validUntil } = await lifecycle(tenantId);
      if (!active) throw keyErrors.noActiveKey(tenantId);
      return {
        privateJwks: published.map(
          ({ key }) => JSON.parse(openSealed(tenantId, key.kid, key.private_jwk_sealed)) as Jwk,
        ),
        publicJwks: published.map(({ key }) => JSON.parse(key.public_jwk) as Jwk),
        active: { kid: active.kid, alg: active.alg as SigningAlgorithm },
        validUntil,
      };
    },
  };
}
