import { type Kysely, PostgresAdapter } from 'kysely';

// Branding: one row per tenant and locale ('0' is the default branding, as Graph's id; other
// rows are localizations keyed by a lower-case BCP 47 tag), and the images of each row as
// bytes. Binary is the one type that differs: bytea on PostgreSQL, blob on SQLite.
export async function up(db: Kysely<unknown>): Promise<void> {
  const binary = db.getExecutor().adapter instanceof PostgresAdapter ? 'bytea' : 'blob';
  await db.schema
    .createTable('branding')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('locale', 'text', (c) => c.notNull())
    .addColumn('settings', 'text', (c) => c.notNull())
    .addColumn('custom_css', 'text')
    .addColumn('strings', 'text', (c) => c.notNull())
    .addColumn('revision', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('branding_pk', ['tenant_id', 'locale'])
    .execute();
  await db.schema
    .createTable('branding_images')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('locale', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('data', binary, (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('width', 'integer', (c) => c.notNull())
    .addColumn('height', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('branding_images_pk', ['tenant_id', 'locale', 'name'])
    .addForeignKeyConstraint(
      'branding_images_branding',
      ['tenant_id', 'locale'],
      'branding',
      ['tenant_id', 'locale'],
      (fk) => fk.onDelete('cascade'),
    )
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('branding_images').ifExists().execute();
  await db.schema.dropTable('branding').ifExists().execute();
}
