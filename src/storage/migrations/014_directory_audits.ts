import type { Kysely } from 'kysely';

// 014_directory_audits: the audit trail of admin actions (Graph directoryAudit), and the sign-in
// risk level as a column of the sign-in log so risky sign-ins are filtered in SQL (the rest of
// the sign-in is JSON text, which SQLite and PostgreSQL query differently).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('directory_audits')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('activity_display_name', 'text', (c) => c.notNull())
    .addColumn('operation_type', 'text', (c) => c.notNull())
    /** 'success' | 'failure' */
    .addColumn('result', 'text', (c) => c.notNull())
    .addColumn('result_reason', 'text', (c) => c.notNull())
    /** JSON: {user: {id, userPrincipalName}} or {app: {appId, displayName}}. */
    .addColumn('initiated_by', 'text', (c) => c.notNull())
    /** JSON: [{id, type, userPrincipalName}]. */
    .addColumn('target_resources', 'text', (c) => c.notNull())
    .addColumn('correlation_id', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('directory_audits_tenant_created')
    .on('directory_audits')
    .columns(['tenant_id', 'created_at', 'id'])
    .execute();

  await db.schema
    .alterTable('insights_sign_ins')
    .addColumn('risk_level', 'text', (c) => c.notNull().defaultTo('none'))
    .execute();
  // Jobs read the log across tenants by time: the retention purge, the offline malicious-IP scan.
  await db.schema
    .createIndex('insights_sign_ins_created')
    .on('insights_sign_ins')
    .column('created_at')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('insights_sign_ins_created').ifExists().execute();
  await db.schema.alterTable('insights_sign_ins').dropColumn('risk_level').execute();
  await db.schema.dropTable('directory_audits').ifExists().execute();
}
