import type { Kysely } from 'kysely';

// Each protocol artefact remembers its account, so every session, grant and token of a user
// can be revoked at once (a password change, a disabled account).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('oidc_models').addColumn('account_id', 'text').execute();
  await db.schema
    .createIndex('oidc_models_account')
    .on('oidc_models')
    .columns(['tenant_id', 'account_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('oidc_models_account').execute();
  await db.schema.alterTable('oidc_models').dropColumn('account_id').execute();
}
