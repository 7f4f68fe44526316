import type { Kysely } from 'kysely';

// 022_directory_settings: a tenant's directory settings (Graph directorySetting): values of a
// system template, at most one setting per template and tenant. Password Rule Settings holds
// the tenant's smart lockout threshold and duration.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('directory_settings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('template_id', 'text', (c) => c.notNull())
    /** JSON: [{name, value}], every value of the template (strings, as Graph's). */
    .addColumn('setting_values', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('directory_settings_tenant_template', ['tenant_id', 'template_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('directory_settings').ifExists().execute();
}
