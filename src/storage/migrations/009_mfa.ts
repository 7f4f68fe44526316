import type { Kysely } from 'kysely';

// Authentication methods (MFA): each user's stored methods (TOTP apps, a phone, a recovery-code
// set), the recovery codes as keyed hashes, and each tenant's methods policy. Methods follow their
// user (and so their tenant) on delete. Portable types only.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('mfa_methods')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('secret_sealed', 'text')
    .addColumn('phone_number', 'text')
    .addColumn('confirmed', 'integer', (c) => c.notNull())
    .addColumn('expires_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_used_at', 'text')
    .addColumn('last_totp_step', 'integer')
    .addForeignKeyConstraint(
      'mfa_methods_user',
      ['tenant_id', 'user_id'],
      'directory_users',
      ['tenant_id', 'id'],
      (fk) => fk.onDelete('cascade'),
    )
    .execute();
  await db.schema
    .createIndex('mfa_methods_user')
    .on('mfa_methods')
    .columns(['tenant_id', 'user_id', 'type'])
    .execute();

  await db.schema
    .createTable('mfa_recovery_codes')
    .addColumn('method_id', 'text', (c) => c.notNull().references('mfa_methods.id').onDelete('cascade'))
    .addColumn('hash', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .addPrimaryKeyConstraint('mfa_recovery_codes_pk', ['method_id', 'hash'])
    .execute();

  await db.schema
    .createTable('mfa_policies')
    .addColumn('tenant_id', 'text', (c) => c.primaryKey().references('tenants.id').onDelete('cascade'))
    .addColumn('configurations', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('mfa_policies').ifExists().execute();
  await db.schema.dropTable('mfa_recovery_codes').ifExists().execute();
  await db.schema.dropTable('mfa_methods').ifExists().execute();
}
