import type { Kysely } from 'kysely';

// Passkeys (WebAuthn credentials). The public key is base64url text, so the table reads the
// same on SQLite and PostgreSQL; the counter is bigint because authenticators count in uint32.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('mfa_passkeys')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('credential_id', 'text', (c) => c.notNull())
    .addColumn('public_key', 'text', (c) => c.notNull())
    .addColumn('counter', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('transports', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('device_type', 'text', (c) => c.notNull())
    .addColumn('backed_up', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('aaguid', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_used_at', 'text')
    // A credential id is the authenticator's; within a tenant it names one passkey.
    .addUniqueConstraint('mfa_passkeys_tenant_credential', ['tenant_id', 'credential_id'])
    .addForeignKeyConstraint(
      'mfa_passkeys_user',
      ['tenant_id', 'user_id'],
      'directory_users',
      ['tenant_id', 'id'],
      (fk) => fk.onDelete('cascade'),
    )
    .execute();
  await db.schema
    .createIndex('mfa_passkeys_user')
    .on('mfa_passkeys')
    .columns(['tenant_id', 'user_id', 'created_at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('mfa_passkeys').ifExists().execute();
}
