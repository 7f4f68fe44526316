import { sql } from 'kysely';
import type { Db } from '../storage/index.js';
import {
  grainOf,
  type UsageCounts,
  type UsageDimension,
  type UsageFactKey,
  type UsageMetric,
  type UsagePeriod,
} from './usage-model.js';
import type { ActiveMember, LoggedSignIn, UsageIncrements } from './usage-rollup.js';

/** Rows per statement stay under both databases' bound-parameter limits (SQLite: 32766). */
const rowsPerInsert = (columns: number) => Math.floor(30_000 / columns);

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < items.length; start += size) out.push(items.slice(start, start + size));
  return out;
}

/**
 * Rows in the order of their key. Two nodes rolling up at once upsert overlapping rows (the same
 * user's day, the same fact); PostgreSQL locks an INSERT's rows in the order given, so one order
 * for everyone means neither can hold a row the other waits for (no deadlock).
 */
function inKeyOrder<T extends Record<string, unknown>>(rows: T[], key: readonly (keyof T)[]): T[] {
  const keyOf = (row: T) => key.map((column) => String(row[column])).join('\u0000');
  return rows
    .map((row) => ({ row, sortKey: keyOf(row) }))
    .sort((a, b) => (a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : 0))
    .map(({ row }) => row);
}

const FACT_KEY = [
  'tenant_id',
  'metric',
  'period',
  'grain',
  'fact_date',
  'app_id',
  'country',
  'os',
  'identity_provider',
  'mfa_method',
] as const;

const factRow = (key: UsageFactKey, counts: UsageCounts) => ({
  tenant_id: key.tenantId,
  metric: key.metric,
  period: key.period,
  grain: key.grain,
  fact_date: key.factDate,
  app_id: key.appId,
  country: key.country,
  os: key.os,
  identity_provider: key.identityProvider,
  mfa_method: key.mfaMethod,
  total: counts.total,
  succeeded: counts.succeeded,
});

/** The column of each dimension. */
const COLUMN = {
  appId: 'app_id',
  country: 'country',
  os: 'os',
  identityProvider: 'identity_provider',
  mfaMethod: 'mfa_method',
} as const satisfies Record<UsageDimension, string>;

/** What to read of the usage facts. */
export interface FactRead {
  metric: UsageMetric;
  period: UsagePeriod;
  range: { from: string; to: string };
  /** The dimensions to break the counts down by. */
  dimensions: UsageDimension[];
  /** True when the facts are stored at exactly that grain; else `fullGrain`'s are summed. */
  stored: boolean;
  fullGrain?: string;
  equals: Partial<Record<UsageDimension, string>>;
}

export interface StoredFact {
  factDate: string;
  values: Partial<Record<UsageDimension, string>>;
  total: number;
  succeeded: number;
}

export const usageStore = {
  /**
   * Up to `limit` entries not rolled up yet, in no particular order (counting is order-free),
   * and their pending marks. On PostgreSQL the marks are locked for this transaction and those
   * another node holds are skipped, so two nodes never count the same entry. A mark whose
   * entry is gone (purged or its tenant deleted before it was counted) comes without one.
   */
  async pendingSignIns(
    db: Db,
    dialect: 'sqlite' | 'postgres',
    limit: number,
  ): Promise<{ marks: string[]; entries: LoggedSignIn[] }> {
    const query = db.selectFrom('usage_pending').select('sign_in_id').limit(limit);
    const marks = (await (dialect === 'postgres' ? query.forUpdate().skipLocked() : query).execute()).map(
      (row) => row.sign_in_id,
    );
    if (marks.length === 0) return { marks, entries: [] };
    const entries = await db
      .selectFrom('insights_sign_ins')
      .select(['tenant_id', 'created_at', 'user_id', 'app_id', 'error_code', 'details'])
      .where('id', 'in', marks)
      .execute();
    return { marks, entries };
  },

  /** The entries are counted: their marks go. */
  async clearPending(db: Db, marks: string[]): Promise<void> {
    for (const part of chunks(marks, 30_000))
      await db.deleteFrom('usage_pending').where('sign_in_id', 'in', part).execute();
  },

  /** Adds the members not counted yet; answers those (the others were counted before). */
  async addMembers(db: Db, members: ActiveMember[]): Promise<ActiveMember[]> {
    const added: ActiveMember[] = [];
    const memberRows = inKeyOrder(
      members.map((m) => ({
        tenant_id: m.tenantId,
        period: m.period,
        fact_date: m.factDate,
        app_id: m.appId,
        user_id: m.userId,
      })),
      ['period', 'fact_date', 'tenant_id', 'app_id', 'user_id'],
    );
    for (const part of chunks(memberRows, rowsPerInsert(5))) {
      const rows = await db
        .insertInto('usage_members')
        .values(part)
        .onConflict((oc) => oc.columns(['period', 'fact_date', 'tenant_id', 'app_id', 'user_id']).doNothing())
        .returning(['tenant_id', 'period', 'fact_date', 'app_id', 'user_id'])
        .execute();
      for (const row of rows)
        added.push({
          tenantId: row.tenant_id,
          period: row.period as UsagePeriod,
          factDate: row.fact_date,
          appId: row.app_id,
          userId: row.user_id,
        });
    }
    return added;
  },

  /**
   * Writes facts, creating those that do not exist yet: `add` adds the counts to the stored
   * ones (additive metrics), `set` replaces them (snapshots: user counts, inactive users).
   */
  async writeFacts(db: Db, facts: Iterable<{ key: UsageFactKey; counts: UsageCounts }>, mode: 'add' | 'set') {
    const rows = inKeyOrder(
      [...facts].map(({ key, counts }) => factRow(key, counts)),
      FACT_KEY,
    );
    const update =
      mode === 'add'
        ? {
            total: sql<number>`usage_facts.total + excluded.total`,
            succeeded: sql<number>`usage_facts.succeeded + excluded.succeeded`,
          }
        : { total: sql<number>`excluded.total`, succeeded: sql<number>`excluded.succeeded` };
    for (const part of chunks(rows, rowsPerInsert(12)))
      await db
        .insertInto('usage_facts')
        .values(part)
        .onConflict((oc) => oc.columns(FACT_KEY).doUpdateSet(update))
        .execute();
  },

  /** Moves each user's last day forward (never back: a late entry may be older). */
  async touchLastSeen(db: Db, seen: UsageIncrements['lastSeen']): Promise<void> {
    const rows = inKeyOrder(
      [...seen.values()].map((s) => ({
        tenant_id: s.tenantId,
        app_id: s.appId,
        user_id: s.userId,
        last_date: s.lastDate,
      })),
      ['tenant_id', 'app_id', 'user_id'],
    );
    for (const part of chunks(rows, rowsPerInsert(4)))
      await db
        .insertInto('usage_last_seen')
        .values(part)
        .onConflict((oc) =>
          oc.columns(['tenant_id', 'app_id', 'user_id']).doUpdateSet({
            last_date: sql`case when excluded.last_date > usage_last_seen.last_date then excluded.last_date else usage_last_seen.last_date end`,
          }),
        )
        .execute();
  },

  /**
   * Per tenant and app ('' = any app): how many known users were last seen before each of the
   * given days, in one pass over the table.
   */
  async lastSeenBefore(
    db: Db,
    days: readonly string[],
  ): Promise<{ tenant_id: string; app_id: string; counts: number[] }[]> {
    let query = db
      .selectFrom('usage_last_seen')
      .select(['tenant_id', 'app_id'])
      .groupBy(['tenant_id', 'app_id']);
    days.forEach((day, i) => {
      query = query.select(
        sql<string | number>`sum(case when last_date < ${day} then 1 else 0 end)`.as(`before_${i}`),
      );
    });
    const rows = (await query.execute()) as unknown as Record<string, string | number>[];
    return rows.map((row) => ({
      tenant_id: String(row.tenant_id),
      app_id: String(row.app_id),
      counts: days.map((_, i) => Number(row[`before_${i}`] ?? 0)),
    }));
  },

  /**
   * A tenant's facts of one metric and period in a date range, by the given dimensions: the
   * rows of that grain when it is stored, else the full grain's rows summed by them.
   */
  async facts(db: Db, tenantId: string, read: FactRead): Promise<StoredFact[]> {
    const { metric, period, range, dimensions, equals } = read;
    let query = db
      .selectFrom('usage_facts')
      .where('tenant_id', '=', tenantId)
      .where('metric', '=', metric)
      .where('period', '=', period)
      .where('grain', '=', read.stored ? grainOf(dimensions) : (read.fullGrain ?? ''))
      .where('fact_date', '>=', range.from)
      .where('fact_date', '<=', range.to);
    for (const [dimension, value] of Object.entries(equals) as [UsageDimension, string | undefined][])
      if (value !== undefined) query = query.where(COLUMN[dimension], '=', value);
    const columns = dimensions.map((d) => COLUMN[d]);
    // The stored grain's rows as they are, or the full grain's summed by the dimensions.
    const selected = read.stored
      ? query.select(['fact_date', ...columns, 'total', 'succeeded'])
      : query
          .select(['fact_date', ...columns])
          .select((eb) => [
            eb.fn.sum<string | number>('total').as('total'),
            eb.fn.sum<string | number>('succeeded').as('succeeded'),
          ])
          .groupBy(['fact_date', ...columns]);
    let ordered = selected.orderBy('fact_date');
    for (const column of columns) ordered = ordered.orderBy(column);
    const rows = await ordered.execute();
    return (rows as Record<string, string | number>[]).map((row) => {
      const fact: StoredFact = {
        factDate: String(row.fact_date),
        total: Number(row.total),
        succeeded: Number(row.succeeded),
        values: {},
      };
      for (const d of dimensions) fact.values[d] = String(row[COLUMN[d]]);
      return fact;
    });
  },

  /** Removes facts and members older than retention; answers how many rows went. */
  async purgeBefore(db: Db, periodStarts: { facts: string; dailyMembers: string }): Promise<number> {
    const facts = await db
      .deleteFrom('usage_facts')
      .where('fact_date', '<', periodStarts.facts)
      .executeTakeFirst();
    const days = await db
      .deleteFrom('usage_members')
      .where('period', '=', 'day')
      .where('fact_date', '<', periodStarts.dailyMembers)
      .executeTakeFirst();
    const months = await db
      .deleteFrom('usage_members')
      .where('period', '=', 'month')
      .where('fact_date', '<', periodStarts.facts)
      .executeTakeFirst();
    const seen = await db
      .deleteFrom('usage_last_seen')
      .where('last_date', '<', periodStarts.facts)
      .executeTakeFirst();
    return [facts, days, months, seen].reduce((sum, r) => sum + Number(r.numDeletedRows), 0);
  },
};
