import type { Kysely } from 'kysely';

/**
 * Issue 7: Identity Protection. Risk detections and the per-user risk they add up to (with its
 * history), the IP threat lists and leaked-credential hashes admins import, and the compact
 * sign-in profile real-time detection reads. Tenant rows go with their tenant; global threat
 * lists and leaked credentials (tenant_id null) are keyed by `scope` = tenant id or '*', so a
 * unique key holds for them too (NULLs never collide in a unique index).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const tenantRef = 'tenants.id';

  await db.schema
    .createTable('protection_detections')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references(tenantRef).onDelete('cascade'))
    .addColumn('user_id', 'text')
    .addColumn('risk_event_type', 'text', (c) => c.notNull())
    .addColumn('risk_level', 'text', (c) => c.notNull())
    .addColumn('risk_state', 'text', (c) => c.notNull())
    .addColumn('risk_detail', 'text', (c) => c.notNull())
    .addColumn('detection_timing_type', 'text', (c) => c.notNull())
    .addColumn('activity', 'text', (c) => c.notNull())
    .addColumn('correlation_id', 'text')
    .addColumn('ip_address', 'text')
    /** JSON RiskLocation, or null. */
    .addColumn('location', 'text')
    .addColumn('activity_at', 'text', (c) => c.notNull())
    .addColumn('detected_at', 'text', (c) => c.notNull())
    .addColumn('last_updated_at', 'text', (c) => c.notNull())
    .addColumn('user_principal_name', 'text')
    .addColumn('user_display_name', 'text')
    /** JSON array of {Key, Value}. */
    .addColumn('additional_info', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('protection_detections_tenant_detected')
    .on('protection_detections')
    .columns(['tenant_id', 'detected_at', 'id'])
    .execute();
  await db.schema
    .createIndex('protection_detections_tenant_user')
    .on('protection_detections')
    .columns(['tenant_id', 'user_id'])
    .execute();
  // A sign-in's detections, for the admin's verdict and MFA remediation.
  await db.schema
    .createIndex('protection_detections_tenant_correlation')
    .on('protection_detections')
    .columns(['tenant_id', 'correlation_id'])
    .execute();
  // Retention and age-out run across tenants.
  await db.schema
    .createIndex('protection_detections_detected')
    .on('protection_detections')
    .columns(['detected_at'])
    .execute();

  await db.schema
    .createTable('protection_risky_users')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references(tenantRef).onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('risk_level', 'text', (c) => c.notNull())
    .addColumn('risk_state', 'text', (c) => c.notNull())
    .addColumn('risk_detail', 'text', (c) => c.notNull())
    .addColumn('risk_last_updated_at', 'text', (c) => c.notNull())
    .addColumn('user_principal_name', 'text')
    .addColumn('user_display_name', 'text')
    .addColumn('is_deleted', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('protection_risky_users_pk', ['tenant_id', 'user_id'])
    .execute();
  await db.schema
    .createIndex('protection_risky_users_tenant_updated')
    .on('protection_risky_users')
    .columns(['tenant_id', 'risk_last_updated_at', 'user_id'])
    .execute();

  await db.schema
    .createTable('protection_risky_user_history')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references(tenantRef).onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('risk_level', 'text', (c) => c.notNull())
    .addColumn('risk_state', 'text', (c) => c.notNull())
    .addColumn('risk_detail', 'text', (c) => c.notNull())
    .addColumn('initiated_by', 'text', (c) => c.notNull())
    /** JSON array of RiskEventType. */
    .addColumn('event_types', 'text', (c) => c.notNull())
    .addColumn('user_principal_name', 'text')
    .addColumn('user_display_name', 'text')
    .execute();
  await db.schema
    .createIndex('protection_risky_user_history_user')
    .on('protection_risky_user_history')
    .columns(['tenant_id', 'user_id', 'at', 'id'])
    .execute();

  await db.schema
    .createTable('protection_threat_lists')
    .addColumn('id', 'text', (c) => c.primaryKey())
    /** Null for a global list; no cascade then (no tenant owns it). */
    .addColumn('tenant_id', 'text', (c) => c.references(tenantRef).onDelete('cascade'))
    /** tenant_id, or '*' for a global list. */
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('display_name', 'text', (c) => c.notNull())
    /** JSON array of normalised IPs and CIDR ranges. */
    .addColumn('entries', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('modified_at', 'text')
    .addUniqueConstraint('protection_threat_lists_scope_category', ['scope', 'category'])
    .execute();

  await db.schema
    .createTable('protection_leaked_credentials')
    .addColumn('tenant_id', 'text', (c) => c.references(tenantRef).onDelete('cascade'))
    /** tenant_id, or '*' for the global set. */
    .addColumn('scope', 'text', (c) => c.notNull())
    /** Lower-case hex SHA-256 of `${normalizedLogin}:${password}`, as imported. */
    .addColumn('hash', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('protection_leaked_credentials_pk', ['scope', 'hash'])
    .execute();

  await db.schema
    .createTable('protection_sign_in_profiles')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references(tenantRef).onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull())
    /** JSON SignInProfile. */
    .addColumn('profile', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('protection_sign_in_profiles_pk', ['tenant_id', 'user_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'protection_sign_in_profiles',
    'protection_leaked_credentials',
    'protection_threat_lists',
    'protection_risky_user_history',
    'protection_risky_users',
    'protection_detections',
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
