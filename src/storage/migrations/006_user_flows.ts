import { type Kysely, sql } from 'kysely';

// Issue 4: the Graph user's address and job fields, email verification, custom attributes
// (definitions and values) and user flows with the apps that use them. Portable types only.
export async function up(db: Kysely<unknown>): Promise<void> {
  // One column per statement: SQLite adds columns one at a time.
  for (const name of [
    'city',
    'country',
    'postal_code',
    'state',
    'street_address',
    'job_title',
    'mail_verified_at',
  ]) {
    await db.schema.alterTable('directory_users').addColumn(name, 'text').execute();
  }

  await db.schema
    .createTable('directory_custom_attributes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    /** Lower-case name: names are unique per tenant whatever their case. */
    .addColumn('name_key', 'text', (c) => c.notNull())
    .addColumn('data_type', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('claim_name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('directory_custom_attributes_tenant_id', ['tenant_id', 'id'])
    .addUniqueConstraint('directory_custom_attributes_name', ['tenant_id', 'name_key'])
    .addUniqueConstraint('directory_custom_attributes_claim', ['tenant_id', 'claim_name'])
    .execute();
  await db.schema
    .createIndex('directory_custom_attributes_tenant_created')
    .on('directory_custom_attributes')
    .columns(['tenant_id', 'created_at', 'id'])
    .execute();

  // A user's value of a custom attribute, as text; it goes with the user and with the attribute.
  await db.schema
    .createTable('directory_user_attributes')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('attribute_id', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('directory_user_attributes_pk', ['tenant_id', 'user_id', 'attribute_id'])
    .addForeignKeyConstraint(
      'directory_user_attributes_user',
      ['tenant_id', 'user_id'],
      'directory_users',
      ['tenant_id', 'id'],
      (fk) => fk.onDelete('cascade'),
    )
    .addForeignKeyConstraint(
      'directory_user_attributes_attribute',
      ['tenant_id', 'attribute_id'],
      'directory_custom_attributes',
      ['tenant_id', 'id'],
      (fk) => fk.onDelete('cascade'),
    )
    .execute();
  await db.schema
    .createIndex('directory_user_attributes_attribute')
    .on('directory_user_attributes')
    .columns(['tenant_id', 'attribute_id'])
    .execute();

  await db.schema
    .createTable('user_flows')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('is_default', 'integer', (c) => c.notNull().defaultTo(0))
    /** JSON: isSignUpAllowed, signInMethods, identityProviders, attributes. */
    .addColumn('definition', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('user_flows_tenant_id', ['tenant_id', 'id'])
    .execute();
  await db.schema
    .createIndex('user_flows_tenant_created')
    .on('user_flows')
    .columns(['tenant_id', 'created_at', 'id'])
    .execute();
  // At most one default flow per tenant, even under concurrent writes.
  await db.schema
    .createIndex('user_flows_one_default')
    .on('user_flows')
    .column('tenant_id')
    .unique()
    .where(sql.ref('is_default'), '=', 1)
    .execute();

  // An app belongs to one flow of its tenant: the key is (tenant, app).
  await db.schema
    .createTable('user_flow_applications')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('app_id', 'text', (c) => c.notNull())
    .addColumn('flow_id', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('user_flow_applications_pk', ['tenant_id', 'app_id'])
    .addForeignKeyConstraint(
      'user_flow_applications_flow',
      ['tenant_id', 'flow_id'],
      'user_flows',
      ['tenant_id', 'id'],
      (fk) => fk.onDelete('cascade'),
    )
    .execute();
  await db.schema
    .createIndex('user_flow_applications_flow')
    .on('user_flow_applications')
    .columns(['tenant_id', 'flow_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'user_flow_applications',
    'user_flows',
    'directory_user_attributes',
    'directory_custom_attributes',
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
  for (const column of [
    'mail_verified_at',
    'job_title',
    'street_address',
    'state',
    'postal_code',
    'country',
    'city',
  ]) {
    await db.schema.alterTable('directory_users').dropColumn(column).execute();
  }
}
