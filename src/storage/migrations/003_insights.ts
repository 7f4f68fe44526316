import type { Kysely } from 'kysely';

// Sign-in logs: the filterable fields are columns, the rest of the Graph signIn is JSON text.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('insights_sign_ins')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text')
    .addColumn('app_id', 'text', (c) => c.notNull())
    .addColumn('ip_address', 'text', (c) => c.notNull())
    .addColumn('error_code', 'integer', (c) => c.notNull())
    .addColumn('details', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('insights_sign_ins_tenant_created')
    .on('insights_sign_ins')
    .columns(['tenant_id', 'created_at', 'id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('insights_sign_ins').ifExists().execute();
}
