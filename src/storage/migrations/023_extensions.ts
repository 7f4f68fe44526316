import type { Kysely } from 'kysely';

// 023_extensions: custom authentication extensions (Graph customAuthenticationExtension), the
// listeners that bind them to an event for chosen apps (authenticationEventListener), the
// claims-mapping policies that let an extension's claims into tokens (claimsMappingPolicy and
// its service principals), and the record of each callout (outcome and duration, shown with
// the sign-in it belongs to).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('extensions_custom')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    /** The Graph type without its namespace: onTokenIssuanceStartCustomExtension, … */
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    /** JSON: the Graph properties that are not columns (endpointConfiguration, …). */
    .addColumn('settings', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('extensions_custom_tenant')
    .on('extensions_custom')
    .column('tenant_id')
    .execute();

  await db.schema
    .createTable('extensions_listeners')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    /** The Graph type without its namespace: onTokenIssuanceStartListener, … */
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('priority', 'integer', (c) => c.notNull())
    .addColumn('extension_id', 'text', (c) => c.notNull().references('extensions_custom.id'))
    /** JSON: [appId]. */
    .addColumn('include_applications', 'text', (c) => c.notNull())
    /** JSON: the handler's configuration (the claims a token-issuance extension may provide). */
    .addColumn('handler', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('extensions_listeners_tenant')
    .on('extensions_listeners')
    .column('tenant_id')
    .execute();

  await db.schema
    .createTable('extensions_claims_mapping_policies')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('display_name', 'text', (c) => c.notNull())
    /** The policy's `definition`: JSON text, as Graph keeps it. */
    .addColumn('definition', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('extensions_claims_mapping_assignments')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('service_principal_id', 'text', (c) => c.notNull())
    .addColumn('policy_id', 'text', (c) =>
      c.notNull().references('extensions_claims_mapping_policies.id').onDelete('cascade'),
    )
    // Graph allows one claims-mapping policy per service principal.
    .addPrimaryKeyConstraint('extensions_claims_mapping_assignments_pk', [
      'tenant_id',
      'service_principal_id',
    ])
    .execute();

  await db.schema
    .createTable('extensions_calls')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    /** The sign-in the call belongs to (its sign-in log entry's correlationId). */
    .addColumn('correlation_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    /** JSON: the call's record (extension, listener, event, outcome, status, duration, attempts). */
    .addColumn('call', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('extensions_calls_correlation')
    .on('extensions_calls')
    .columns(['tenant_id', 'correlation_id'])
    .execute();
  await db.schema
    .createIndex('extensions_calls_created')
    .on('extensions_calls')
    .column('created_at')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'extensions_calls',
    'extensions_claims_mapping_assignments',
    'extensions_claims_mapping_policies',
    'extensions_listeners',
    'extensions_custom',
  ])
    await db.schema.dropTable(table).ifExists().execute();
}
