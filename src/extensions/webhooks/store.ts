import type { Expression, ExpressionBuilder, Selectable, SqlBool } from 'kysely';
import {
  type Cursor,
  type Database,
  type Db,
  fetchPage,
  type Page,
  type WebhookDeliveriesTable,
  type WebhookMessagesTable,
  type WebhooksTable,
} from '../../storage/index.js';
import type { Webhook, WebhookDelivery, WebhookEventType } from './model.js';

export type WebhookRow = Selectable<WebhooksTable>;
export type MessageRow = Selectable<WebhookMessagesTable>;
export type DeliveryRow = Selectable<WebhookDeliveriesTable>;

export const toWebhook = (row: WebhookRow): Webhook => ({
  id: row.id,
  displayName: row.display_name,
  url: row.url,
  events: JSON.parse(row.events) as WebhookEventType[],
  enabled: row.enabled === 1,
  disabledReason: row.disabled_reason,
  disabledDateTime: row.disabled_at,
  secretHint: row.secret_hint,
  createdDateTime: row.created_at,
  modifiedDateTime: row.modified_at,
});

export const toDelivery = (row: DeliveryRow): WebhookDelivery => ({
  id: row.id,
  messageId: row.message_id,
  eventType: row.event_type,
  attempt: row.attempt,
  createdDateTime: row.created_at,
  statusCode: row.status_code,
  error: row.error,
  durationInMilliseconds: row.duration_ms,
  outcome: row.outcome,
  nextAttemptDateTime: row.next_attempt_at,
});

/**
 * A message any node may claim at `now`: pending and due, or sending with a lapsed claim; and
 * no earlier message for the same webhook and user still undelivered (in order per user).
 */
function claimable(now: string) {
  return (eb: ExpressionBuilder<Database, 'webhook_messages'>): Expression<SqlBool> =>
    eb.and([
      eb.or([
        eb.and([eb('status', '=', 'pending'), eb('next_attempt_at', '<=', now)]),
        eb.and([eb('status', '=', 'sending'), eb('claimed_until', '<=', now)]),
      ]),
      eb.or([
        eb('user_id', 'is', null),
        eb.not(
          eb.exists(
            eb
              .selectFrom('webhook_messages as earlier')
              .select('earlier.id')
              .whereRef('earlier.webhook_id', '=', 'webhook_messages.webhook_id')
              .whereRef('earlier.user_id', '=', 'webhook_messages.user_id')
              .whereRef('earlier.id', '<', 'webhook_messages.id')
              .where('earlier.status', 'in', ['pending', 'sending']),
          ),
        ),
      ]),
    ]);
}

export const webhookStore = {
  // --- webhooks

  async insert(db: Db, row: WebhookRow): Promise<void> {
    await db.insertInto('webhooks').values(row).execute();
  },

  find(db: Db, tenantId: string, id: string): Promise<WebhookRow | undefined> {
    return db
      .selectFrom('webhooks')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
  },

  findById(db: Db, id: string): Promise<WebhookRow | undefined> {
    return db.selectFrom('webhooks').selectAll().where('id', '=', id).executeTakeFirst();
  },

  list(db: Db, tenantId: string): Promise<WebhookRow[]> {
    return db
      .selectFrom('webhooks')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
  },

  async count(db: Db, tenantId: string): Promise<number> {
    const row = await db
      .selectFrom('webhooks')
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .where('tenant_id', '=', tenantId)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  },

  /** The enabled webhooks of a tenant and what they want (the subscription cache's load). */
  subscriptions(db: Db, tenantId: string): Promise<Pick<WebhookRow, 'id' | 'events'>[]> {
    return db
      .selectFrom('webhooks')
      .select(['id', 'events'])
      .where('tenant_id', '=', tenantId)
      .where('enabled', '=', 1)
      .execute();
  },

  async update(db: Db, tenantId: string, id: string, changes: Partial<WebhookRow>): Promise<boolean> {
    const result = await db
      .updateTable('webhooks')
      .set(changes)
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  },

  /** Disables an enabled webhook (Gatehouse's own decision); false when it already was. */
  async disable(db: Db, id: string, reason: string, at: string): Promise<boolean> {
    const result = await db
      .updateTable('webhooks')
      .set({ enabled: 0, disabled_reason: reason, disabled_at: at, modified_at: at })
      .where('id', '=', id)
      .where('enabled', '=', 1)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  },

  /** Deletes a webhook with its messages and delivery log. */
  async delete(db: Db, tenantId: string, id: string): Promise<boolean> {
    await db.deleteFrom('webhook_messages').where('webhook_id', '=', id).execute();
    await db.deleteFrom('webhook_deliveries').where('webhook_id', '=', id).execute();
    const result = await db
      .deleteFrom('webhooks')
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(result.numDeletedRows) === 1;
  },

  // --- messages

  async insertMessages(db: Db, rows: MessageRow[]): Promise<void> {
    if (rows.length) await db.insertInto('webhook_messages').values(rows).execute();
  },

  /** Which of these messages exist (committed, as this connection sees them). */
  async existing(db: Db, ids: string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    const rows = await db.selectFrom('webhook_messages').select('id').where('id', 'in', ids).execute();
    return rows.map((r) => r.id);
  },

  /** The ids of messages due at `now`, the longest waiting first. */
  async dueIds(db: Db, now: string, limit: number): Promise<string[]> {
    const rows = await db
      .selectFrom('webhook_messages')
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
  claim(db: Db, id: string, now: string, claimedUntil: string): Promise<MessageRow | undefined> {
    return db
      .updateTable('webhook_messages')
      .set((eb) => ({
        status: 'sending',
        claimed_until: claimedUntil,
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
      | { status: 'delivered'; at: string }
      | { status: 'pending'; error: string; nextAttemptAt: string }
      | { status: 'failed'; error: string },
  ): Promise<boolean> {
    const values =
      outcome.status === 'delivered'
        ? { status: 'delivered' as const, delivered_at: outcome.at, next_attempt_at: null, last_error: null }
        : outcome.status === 'pending'
          ? { status: 'pending' as const, last_error: outcome.error, next_attempt_at: outcome.nextAttemptAt }
          : { status: 'failed' as const, last_error: outcome.error, next_attempt_at: null };
    const result = await db
      .updateTable('webhook_messages')
      .set({ ...values, claimed_until: null })
      .where('id', '=', id)
      .where('status', '=', 'sending')
      .where('attempts', '=', attempt)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  },

  /** Gives up every undelivered message of a webhook (it was disabled). */
  async abandon(db: Db, webhookId: string, error: string): Promise<void> {
    await db
      .updateTable('webhook_messages')
      .set({ status: 'failed', last_error: error, next_attempt_at: null, claimed_until: null })
      .where('webhook_id', '=', webhookId)
      .where('status', 'in', ['pending', 'sending'])
      .execute();
  },

  async deleteMessage(db: Db, id: string): Promise<void> {
    await db.deleteFrom('webhook_messages').where('id', '=', id).execute();
  },

  /** Deletes up to `limit` delivered or given-up messages created before `before`; how many went. */
  async deleteMessagesBefore(db: Db, before: string, limit: number): Promise<number> {
    return db.transaction().execute(async (trx) => {
      const result = await trx
        .deleteFrom('webhook_messages')
        .where(
          'id',
          'in',
          trx
            .selectFrom('webhook_messages')
            .select('id')
            .where('created_at', '<', before)
            .where('status', 'in', ['delivered', 'failed'])
            .limit(limit),
        )
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    });
  },

  // --- delivery log

  async insertDelivery(db: Db, row: DeliveryRow): Promise<void> {
    await db.insertInto('webhook_deliveries').values(row).execute();
  },

  /** Newest first: (created_at, id) descending. */
  listDeliveries(
    db: Db,
    tenantId: string,
    webhookId: string,
    limit: number,
    before: Cursor | undefined,
  ): Promise<Page<WebhookDelivery>> {
    const query = db
      .selectFrom('webhook_deliveries')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('webhook_id', '=', webhookId);
    return fetchPage(query, limit, before, toDelivery, 'desc');
  },

  /** Deletes up to `limit` log entries written before `before`; how many went. */
  async deleteDeliveriesBefore(db: Db, before: string, limit: number): Promise<number> {
    return db.transaction().execute(async (trx) => {
      const result = await trx
        .deleteFrom('webhook_deliveries')
        .where(
          'id',
          'in',
          trx.selectFrom('webhook_deliveries').select('id').where('created_at', '<', before).limit(limit),
        )
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    });
  },
};
