import type { Kysely } from 'kysely';

// Issue 15: a version stamp per tenant ('*': every tenant), bumped in the transaction of each
// change that tells the other nodes to drop a cache, so that a node that missed the event
// (a Redis gap) still learns of the change by reading the stamp.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('config_versions')
    .addColumn('scope', 'text', (c) => c.primaryKey())
    .addColumn('version', 'integer', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('config_versions').execute();
}
