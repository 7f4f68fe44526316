import type { Kysely } from 'kysely';

// Messaging: the dev outbox (email kept instead of sent when no SMTP server is configured)
// and each tenant's from-address.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('messaging_outbox')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('from', 'text', (c) => c.notNull())
    .addColumn('to', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('html', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('messaging_outbox_tenant_created')
    .on('messaging_outbox')
    .columns(['tenant_id', 'created_at', 'id'])
    .execute();
  await db.schema
    .createTable('messaging_settings')
    .addColumn('tenant_id', 'text', (c) => c.primaryKey().references('tenants.id').onDelete('cascade'))
    .addColumn('from_address', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('messaging_settings').ifExists().execute();
  await db.schema.dropTable('messaging_outbox').ifExists().execute();
}
