import type { Expression, ExpressionBuilder, Selectable, SqlBool } from 'kysely';
import {
  type Cursor,
  type Database,
  type Db,
  fetchPage,
  type MessagingOutboxTable,
  type OutboxStatus,
  type Page,
} from '../storage/index.js';
import type { OutboxMessage } from './model.js';

export type OutboxRow = Selectable<MessagingOutboxTable>;

export function toOutboxMessage(row: OutboxRow): OutboxMessage {
  return {
    id: row.id,
    createdDateTime: row.created_at,
    template: row.template,
    language: row.lang,
    from: row.from,
    to: row.to,
    subject: row.subject,
    // A cleared body is stored as '' (the column is NOT NULL); a rendered one never is empty.
    text: row.text === '' ? null : row.text,
    html: row.html,
    status: row.status,
    attempts: row.attempts,
    lastAttemptDateTime: row.last_attempt_at,
    nextAttemptDateTime: row.next_attempt_at,
    lastError: row.last_error,
    sentDateTime: row.sent_at,
  };
}

/** A row any node may claim at `now`: pending and due, or sending with a lapsed claim. */
function claimable(now: string) {
  return (eb: ExpressionBuilder<Database, 'messaging_outbox'>): Expression<SqlBool> =>
    eb.or([
      eb.and([eb('status', '=', 'pending'), eb('next_attempt_at', '<=', now)]),
      eb.and([eb('status', '=', 'sending'), eb('claimed_until', '<=', now)]),
    ]);
}

export const messagingStore = {
  async insertOutbox(db: Db, row: OutboxRow): Promise<void> {
    await db.insertInto('messaging_outbox').values(row).execute();
  },

  /** Newest first: (created_at, id) descending; optionally only one status. */
  async listOutbox(
    db: Db,
    tenantId: string,
    limit: number,
    before: Cursor | undefined,
    status?: OutboxStatus,
  ): Promise<Page<OutboxMessage>> {
    let query = db.selectFrom('messaging_outbox').selectAll().where('tenant_id', '=', tenantId);
    if (status) query = query.where('status', '=', status);
    return fetchPage(query, limit, before, toOutboxMessage, 'desc');
  },

  async getOutbox(db: Db, id: string): Promise<OutboxRow | undefined> {
    return db.selectFrom('messaging_outbox').selectAll().where('id', '=', id).executeTakeFirst();
  },

  /** Messages not yet sent nor given up on (index messaging_outbox_status_due). */
  async countWaiting(db: Db): Promise<number> {
    const row = await db
      .selectFrom('messaging_outbox')
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .where('status', 'in', ['pending', 'sending'])
      .executeTakeFirstOrThrow();
    return Number(row.n);
  },

  /** The ids of messages due at `now`, the longest waiting first. */
  async dueIds(db: Db, now: string, limit: number): Promise<string[]> {
    const rows = await db
      .selectFrom('messaging_outbox')
      .select('id')
      .where(claimable(now))
      .orderBy('next_attempt_at')
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map((r) => r.id);
  },

  /**
   * Takes one message for an attempt: a single conditional UPDATE, so of two nodes that race
   * for the same row exactly one changes it (PostgreSQL re-checks the condition on the row the
   * winner wrote; SQLite has one writer). Counts the attempt. Undefined when someone else won.
   */
  async claim(db: Db, id: string, now: string, claimedUntil: string): Promise<OutboxRow | undefined> {
    return db
      .updateTable('messaging_outbox')
      .set((eb) => ({
        status: 'sending',
        claimed_until: claimedUntil,
        last_attempt_at: now,
        attempts: eb('attempts', '+', 1),
      }))
      .where('id', '=', id)
      .where(claimable(now))
      .returningAll()
      .executeTakeFirst();
  },

  /**
   * Records the end of an attempt. Guarded by the attempt number, the claim's fencing token:
   * a node whose claim lapsed and was taken over cannot overwrite the newer attempt's outcome.
   */
  async settle(
    db: Db,
    id: string,
    attempt: number,
    outcome:
      | { status: 'sent'; at: string; clearBody: boolean }
      | { status: 'pending'; error: string; nextAttemptAt: string }
      | { status: 'failed'; error: string; clearBody: boolean },
  ): Promise<boolean> {
    const cleared = 'clearBody' in outcome && outcome.clearBody ? { text: '', html: null } : {};
    const values =
      outcome.status === 'sent'
        ? { status: 'sent' as const, sent_at: outcome.at, next_attempt_at: null, ...cleared }
        : outcome.status === 'pending'
          ? { status: 'pending' as const, last_error: outcome.error, next_attempt_at: outcome.nextAttemptAt }
          : { status: 'failed' as const, last_error: outcome.error, next_attempt_at: null, ...cleared };
    const result = await db
      .updateTable('messaging_outbox')
      .set({ ...values, claimed_until: null })
      .where('id', '=', id)
      .where('status', '=', 'sending')
      .where('attempts', '=', attempt)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  },

  async fromAddress(db: Db, tenantId: string): Promise<string | null> {
    const row = await db
      .selectFrom('messaging_settings')
      .select('from_address')
      .where('tenant_id', '=', tenantId)
      .executeTakeFirst();
    return row?.from_address ?? null;
  },

  async setFromAddress(db: Db, tenantId: string, fromAddress: string | null, now: string): Promise<void> {
    await db
      .insertInto('messaging_settings')
      .values({ tenant_id: tenantId, from_address: fromAddress, updated_at: now })
      .onConflict((oc) => oc.column('tenant_id').doUpdateSet({ from_address: fromAddress, updated_at: now }))
      .execute();
  },
};
