import type { Kysely } from 'kysely';

// Issue 6: Conditional Access policies and named locations, per tenant. Conditions and controls
// are JSON; the named locations a policy references are also kept as rows, so that one in use
// cannot be deleted even by a concurrent write.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('access_named_locations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    /** 'ip' | 'country' */
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('display_name', 'text', (c) => c.notNull())
    /** JSON: isTrusted + ipRanges, or countriesAndRegions + includeUnknown… + countryLookupMethod. */
    .addColumn('definition', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('modified_at', 'text')
    .addUniqueConstraint('access_named_locations_tenant_id', ['tenant_id', 'id'])
    .execute();
  await db.schema
    .createIndex('access_named_locations_tenant_created')
    .on('access_named_locations')
    .columns(['tenant_id', 'created_at', 'id'])
    .execute();

  await db.schema
    .createTable('access_policies')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('template_id', 'text')
    /** JSON: conditions, grantControls, sessionControls. */
    .addColumn('definition', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('modified_at', 'text')
    .addUniqueConstraint('access_policies_tenant_id', ['tenant_id', 'id'])
    .execute();
  await db.schema
    .createIndex('access_policies_tenant_created')
    .on('access_policies')
    .columns(['tenant_id', 'created_at', 'id'])
    .execute();

  // Goes with its policy; holds its named location (no action: deleting one in use fails).
  await db.schema
    .createTable('access_policy_locations')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('policy_id', 'text', (c) => c.notNull())
    .addColumn('location_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('access_policy_locations_pk', ['tenant_id', 'policy_id', 'location_id'])
    .addForeignKeyConstraint(
      'access_policy_locations_policy',
      ['tenant_id', 'policy_id'],
      'access_policies',
      ['tenant_id', 'id'],
      (fk) => fk.onDelete('cascade'),
    )
    .addForeignKeyConstraint(
      'access_policy_locations_location',
      ['tenant_id', 'location_id'],
      'access_named_locations',
      ['tenant_id', 'id'],
    )
    .execute();
  await db.schema
    .createIndex('access_policy_locations_location')
    .on('access_policy_locations')
    .columns(['tenant_id', 'location_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['access_policy_locations', 'access_policies', 'access_named_locations']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
