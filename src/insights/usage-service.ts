import { sql } from 'kysely';
import type { Clock } from '../platform/index.js';
import type { Db } from '../storage/index.js';
import {
  DAILY_WINDOW_DAYS,
  dayOf,
  daysBefore,
  MONTHLY_WINDOW_MONTHS,
  monthOf,
  monthsBefore,
  retentionStart,
  type UsageFactKey,
  type UsageMetric,
  type UsagePeriod,
} from './usage-model.js';
import { activeUserFacts, addEntry, emptyIncrements, lastSeenOf, withGrains } from './usage-rollup.js';
import { usageStore } from './usage-store.js';

export interface UsageRollupDeps {
  db: Db;
  dialect: 'sqlite' | 'postgres';
  clock: Clock;
  /** How many users each tenant's directory holds now (the userCount snapshot). */
  countUsers: () => Promise<Map<string, number>>;
  /**
   * Entries per transaction. Default: 5 000 on SQLite, whose one writer holds sign-ins back
   * while a batch is written; 20 000 on PostgreSQL, where sign-ins go on beside it and a larger
   * batch sums more entries into each fact it writes.
   */
  batchSize?: number;
}

/** What a roll-up run did. */
export interface RollupResult {
  entries: number;
  batches: number;
}

const SNAPSHOT_EVERY_MS = 60 * 60_000;

/** The inactivity windows of Graph's inactive-user metrics, in days. */
const INACTIVE_DAYS = [
  ['inactive1Day', 1],
  ['inactive30Day', 30],
  ['inactive60Day', 60],
  ['inactive90Day', 90],
] as const;

/**
 * The usage roll-up: counts each sign-in log entry once into the usage facts, in batches that
 * each commit the counts and the removal of the entries' pending marks together, so a crash
 * never counts an entry twice or loses one, and a second run finds nothing to do. Counting is
 * order-free: an entry written late is counted in its own day whenever it comes.
 */
export function createUsageRollup({
  db,
  dialect,
  clock,
  countUsers,
  batchSize = dialect === 'postgres' ? 20_000 : 5000,
}: UsageRollupDeps) {
  let lastSnapshot: Date | undefined;

  async function rollUpBatch(): Promise<number> {
    const keepDailyMembersFrom = retentionStart(dayOf(clock.now()), 'members-day');
    return db.transaction().execute(async (trx) => {
      // A batch lost in a crash is lost whole (marks included) and counted again: no need to wait for the disk.
      if (dialect === 'postgres') await sql`set local synchronous_commit to off`.execute(trx);
      const { marks, entries } = await usageStore.pendingSignIns(trx, dialect, batchSize);
      if (marks.length === 0) return 0;
      const increments = emptyIncrements();
      for (const entry of entries) addEntry(increments, entry, keepDailyMembersFrom);
      const added = await usageStore.addMembers(trx, [...increments.members.values()]);
      await usageStore.writeFacts(trx, withGrains(increments.facts).values(), 'add');
      await usageStore.writeFacts(trx, activeUserFacts(added).values(), 'add');
      // Only a user newly active in a period can have moved their last day forward.
      await usageStore.touchLastSeen(trx, lastSeenOf(added, increments.lastSeen));
      await usageStore.clearPending(trx, marks);
      return marks.length;
    });
  }

  /** Today's (and this month's) snapshots: users in each directory, and inactive users. */
  async function snapshot(): Promise<void> {
    const today = dayOf(clock.now());
    const month = monthOf(today);
    const users = await countUsers();
    // Last seen before: each window's first day, the month's first day, and "ever" (all known).
    const starts = [...INACTIVE_DAYS.map(([, days]) => daysBefore(today, days - 1)), month, '9999-12-31'];
    const rows = await usageStore.lastSeenBefore(db, starts);
    const facts: { key: UsageFactKey; counts: { total: number; succeeded: number } }[] = [];
    const put = (tenantId: string, metric: UsageMetric, period: UsagePeriod, appId: string, total: number) =>
      facts.push({
        key: {
          tenantId,
          metric,
          period,
          grain: appId === '' ? '' : 'appId',
          factDate: period === 'day' ? today : month,
          appId,
          country: '',
          os: '',
          identityProvider: '',
          mfaMethod: '',
        },
        counts: { total: Math.max(0, total), succeeded: 0 },
      });
    const overallOf = new Map(rows.filter((row) => row.app_id === '').map((row) => [row.tenant_id, row]));
    for (const [tenantId, userCount] of users) {
      put(tenantId, 'userCount', 'day', '', userCount);
      const overall = overallOf.get(tenantId);
      const known = overall?.counts.at(-1) ?? 0;
      // Every user of the directory without a sign-in in the window, including those who never signed in.
      const inactive = (i: number) => userCount - (known - (overall?.counts[i] ?? 0));
      for (const period of ['day', 'month'] as const) {
        INACTIVE_DAYS.forEach(([metric], i) => {
          if (period === 'day' || metric !== 'inactive1Day') put(tenantId, metric, period, '', inactive(i));
        });
      }
      put(tenantId, 'inactiveCalendarMonth', 'month', '', inactive(INACTIVE_DAYS.length));
    }
    // By app: the app's users without a sign-in to it in the window.
    for (const row of rows) {
      if (row.app_id === '' || !users.has(row.tenant_id)) continue;
      for (const period of ['day', 'month'] as const) {
        INACTIVE_DAYS.forEach(([metric], i) => {
          if (period === 'day' || metric !== 'inactive1Day')
            put(row.tenant_id, metric, period, row.app_id, row.counts[i] ?? 0);
        });
      }
      put(row.tenant_id, 'inactiveCalendarMonth', 'month', row.app_id, row.counts[INACTIVE_DAYS.length] ?? 0);
    }
    await usageStore.writeFacts(db, facts, 'set');
  }

  return {
    /**
     * Rolls up what the log holds and the roll-ups do not, at most `maxBatches` batches (a run
     * stays bounded; the next one goes on: catching up after downtime takes a few runs), then
     * takes the day's snapshots.
     */
    async rollUp({ maxBatches = 250 }: { maxBatches?: number } = {}): Promise<RollupResult> {
      let entries = 0;
      let batches = 0;
      while (batches < maxBatches) {
        const count = await rollUpBatch();
        if (count === 0) break;
        entries += count;
        batches++;
      }
      // Snapshots read every user's last day: hourly is often enough (and each new day at once).
      const now = clock.now();
      if (
        !lastSnapshot ||
        dayOf(lastSnapshot) !== dayOf(now) ||
        now.getTime() - lastSnapshot.getTime() >= SNAPSHOT_EVERY_MS
      ) {
        await snapshot();
        lastSnapshot = now;
      }
      return { entries, batches };
    },

    /** Removes roll-ups older than 13 months (and who was active on days past the daily window). */
    purgeExpired(): Promise<number> {
      const today = dayOf(clock.now());
      return usageStore.purgeBefore(db, {
        facts: retentionStart(today, 'month'),
        dailyMembers: retentionStart(today, 'members-day'),
      });
    },
  };
}

export type UsageRollup = ReturnType<typeof createUsageRollup>;

/** The default range of a list: the last 30 days, or the last 12 months, up to today. */
export function defaultRange(period: UsagePeriod, now: Date): { from: string; to: string } {
  const today = dayOf(now);
  return period === 'day'
    ? { from: daysBefore(today, DAILY_WINDOW_DAYS - 1), to: today }
    : { from: monthsBefore(today, MONTHLY_WINDOW_MONTHS - 1), to: monthOf(today) };
}
