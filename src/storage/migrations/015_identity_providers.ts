import type { Kysely } from 'kysely';

// Issue 8: the identity providers a tenant federates with (social, Apple, OpenID Connect, SAML).
// The non-secret settings are JSON; the secrets (client secret, Apple's private key) are sealed
// with the master key, the row's identity as associated data.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('federation_identity_providers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    /** 'social' | 'apple' | 'oidc' | 'saml' */
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('display_name', 'text', (c) => c.notNull())
    /** JSON: the settings of its kind, secrets left out. */
    .addColumn('definition', 'text', (c) => c.notNull())
    /** Sealed JSON {clientSecret?, privateKeyPem?}; null when it has none. */
    .addColumn('secrets_sealed', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('modified_at', 'text')
    .addUniqueConstraint('federation_identity_providers_tenant_id', ['tenant_id', 'id'])
    .execute();
  await db.schema
    .createIndex('federation_identity_providers_tenant_created')
    .on('federation_identity_providers')
    .columns(['tenant_id', 'created_at', 'id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('federation_identity_providers').ifExists().execute();
}
