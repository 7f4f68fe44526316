import { sql } from 'kysely';
import { CACHES_STALE, type Clock, type EventBus, type Logger } from '../platform/index.js';
import type { Db } from './database.js';

/**
 * Configuration versions: one stamp per tenant (and `EVERY_TENANT` for what concerns them
 * all, such as a global threat list), bumped in the transaction of every change that tells
 * the other nodes to drop a cache. Events (Redis) carry a change to the other nodes at once;
 * the stamp is how a node that missed the event (a Redis gap, a node cut off from Redis)
 * still learns of it: `createConfigWatch` reads a tenant's stamp at most every interval and
 * drops the tenant's caches when it moved. A change and its stamp commit together, so a node
 * that sees the new stamp reads the changed configuration.
 */
export const EVERY_TENANT = '*';

/** Bumps the scope's version (a tenant id, or `EVERY_TENANT`), in the caller's transaction. */
export async function bumpConfigVersion(trx: Db, scope: string): Promise<void> {
  await trx
    .insertInto('config_versions')
    .values({ scope, version: 1 })
    .onConflict((oc) => oc.column('scope').doUpdateSet({ version: sql`config_versions.version + 1` }))
    .execute();
}

/** The versions of the scopes that have one. */
export async function readConfigVersions(db: Db, scopes: string[]): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('config_versions')
    .select(['scope', 'version'])
    .where('scope', 'in', scopes)
    .execute();
  return new Map(rows.map((row) => [row.scope, Number(row.version)]));
}

export interface ConfigWatchDeps {
  db: Db;
  clock: Clock;
  events: EventBus;
  logger: Logger;
  /** At most one read of a tenant's version per this many milliseconds. */
  intervalMs: number;
  /** The longest a request waits for the read (a slow database must not hold requests). Default 500 ms. */
  waitMs?: number;
  /** Tenants remembered at most; past it, every tenant is looked at afresh. Default 10,000. */
  maxTenants?: number;
}

export interface ConfigWatch {
  /**
   * Makes sure what this node caches for the tenant is at most `intervalMs` older than the
   * database. Answers undefined (nothing to wait for) when the tenant's version was read less
   * than the interval ago; otherwise reads it and, when it moved (or is read for the first
   * time), publishes `CACHES_STALE` for the tenant on this node. The promise resolves once the
   * read is done, or after `waitMs`, and never rejects: a failed read is retried an interval
   * later, meanwhile what is cached is used.
   */
  fresh(tenantId: string): Promise<void> | undefined;
}

interface Seen {
  checkedAt: number;
  /** `tenant:every` versions as last read; undefined until a first read succeeds. */
  stamp?: string;
  pending?: Promise<void>;
}

export function createConfigWatch({
  db,
  clock,
  events,
  logger,
  intervalMs,
  waitMs = 500,
  maxTenants = 10_000,
}: ConfigWatchDeps): ConfigWatch {
  const seen = new Map<string, Seen>();

  function read(tenantId: string, entry: Seen): Promise<void> {
    return readConfigVersions(db, [tenantId, EVERY_TENANT]).then(
      (versions) => {
        const stamp = `${versions.get(tenantId) ?? 0}:${versions.get(EVERY_TENANT) ?? 0}`;
        if (stamp === entry.stamp) return;
        entry.stamp = stamp;
        events.publishLocally(CACHES_STALE, { tenantId });
      },
      (error: unknown) => logger.debug({ err: error, tenantId }, 'configuration version not read'),
    );
  }

  return {
    fresh(tenantId) {
      const now = clock.now().getTime();
      let entry = seen.get(tenantId);
      if (entry && (entry.pending || now - entry.checkedAt < intervalMs)) return undefined;
      if (!entry) {
        if (seen.size >= maxTenants) seen.clear();
        entry = { checkedAt: now };
        seen.set(tenantId, entry);
      }
      entry.checkedAt = now;
      const current = entry;
      const pending = read(tenantId, current).finally(() => {
        current.pending = undefined;
      });
      current.pending = pending;
      let timer: NodeJS.Timeout | undefined;
      const waited = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, waitMs);
      });
      return Promise.race([pending, waited]).finally(() => clearTimeout(timer));
    },
  };
}
