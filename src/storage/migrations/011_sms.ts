import type { Kysely } from 'kysely';

// SMS: every text message (one-time codes) with its delivery state. The text of a message sent
// through a gateway is cleared once sent or failed, so no code outlives its delivery at rest.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('messaging_sms_outbox')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('to', 'text', (c) => c.notNull())
    .addColumn('text', 'text')
    .addColumn('lang', 'text', (c) => c.notNull())
    .addColumn('delivery', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('last_error', 'text')
    .addColumn('sent_at', 'text')
    .execute();
  await db.schema
    .createIndex('messaging_sms_outbox_tenant_created')
    .on('messaging_sms_outbox')
    .columns(['tenant_id', 'created_at', 'id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('messaging_sms_outbox').ifExists().execute();
}
