import type { Kysely } from 'kysely';

// 024_webhooks: a tenant's event webhooks (Standard Webhooks), the durable outbox of their
// messages (written in the transaction of the event), and the log of every delivery attempt.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('webhooks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    /** JSON: the event types it wants. */
    .addColumn('events', 'text', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull())
    /** The signing secret (`whsec_…`), sealed with the row identity as associated data. */
    .addColumn('secret_sealed', 'text', (c) => c.notNull())
    .addColumn('secret_hint', 'text', (c) => c.notNull())
    /** After a rotation, the old secret still signs (beside the new one) until it expires. */
    .addColumn('previous_secret_sealed', 'text')
    .addColumn('previous_secret_expires_at', 'text')
    /** Why Gatehouse disabled it (every attempt of a message failed); null otherwise. */
    .addColumn('disabled_reason', 'text')
    .addColumn('disabled_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('modified_at', 'text')
    .execute();
  await db.schema.createIndex('webhooks_tenant').on('webhooks').column('tenant_id').execute();

  // No foreign key to webhooks: a producer's transaction (a sign-in, a user deletion) must not
  // fail because a webhook was deleted at the same instant; the dispatcher drops orphans.
  await db.schema
    .createTable('webhook_messages')
    /** `msg_` and hex that sorts by creation: the Standard Webhooks message id (`webhook-id`). */
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('webhook_id', 'text', (c) => c.notNull())
    .addColumn('event_type', 'text', (c) => c.notNull())
    /** The user the event is about: one user's messages go out in order. */
    .addColumn('user_id', 'text')
    /** The body, exactly as signed and sent. */
    .addColumn('payload', 'text', (c) => c.notNull())
    /** `pending` → `sending` → `delivered` | `failed` (given up, or its webhook disabled). */
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text')
    /** A `sending` row belongs to the node that claimed it until then; after, anyone may retry it. */
    .addColumn('claimed_until', 'text')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('delivered_at', 'text')
    .execute();
  // What the dispatcher looks for: due `pending` rows and `sending` rows whose claim lapsed.
  await db.schema
    .createIndex('webhook_messages_status_due')
    .on('webhook_messages')
    .columns(['status', 'next_attempt_at'])
    .execute();
  // "Is an earlier message for this webhook and user still undelivered?"
  await db.schema
    .createIndex('webhook_messages_order')
    .on('webhook_messages')
    .columns(['webhook_id', 'user_id', 'id'])
    .execute();
  await db.schema
    .createIndex('webhook_messages_created')
    .on('webhook_messages')
    .column('created_at')
    .execute();

  await db.schema
    .createTable('webhook_deliveries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('webhook_id', 'text', (c) => c.notNull())
    .addColumn('message_id', 'text', (c) => c.notNull())
    .addColumn('event_type', 'text', (c) => c.notNull())
    .addColumn('attempt', 'integer', (c) => c.notNull())
    /** When the attempt was made. */
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('status_code', 'integer')
    .addColumn('error', 'text')
    .addColumn('duration_ms', 'integer', (c) => c.notNull())
    /** 'delivered' | 'failed' */
    .addColumn('outcome', 'text', (c) => c.notNull())
    /** When the message is tried again after this failed attempt; null: delivered or given up. */
    .addColumn('next_attempt_at', 'text')
    .execute();
  await db.schema
    .createIndex('webhook_deliveries_webhook')
    .on('webhook_deliveries')
    .columns(['webhook_id', 'created_at', 'id'])
    .execute();
  await db.schema
    .createIndex('webhook_deliveries_created')
    .on('webhook_deliveries')
    .column('created_at')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('webhook_deliveries').ifExists().execute();
  await db.schema.dropTable('webhook_messages').ifExists().execute();
  await db.schema.dropTable('webhooks').ifExists().execute();
}
