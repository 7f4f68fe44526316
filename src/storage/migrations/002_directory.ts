import { type Kysely, sql } from 'kysely';

// The directory: Graph user fields, identities (sign-in names, unique per tenant), security
// groups and their members, and each tenant's password policy. Portable types only.
export async function up(db: Kysely<unknown>): Promise<void> {
  // One column per statement: SQLite adds columns one at a time.
  const userColumns: [string, 'text' | 'integer', string | number | null][] = [
    ['given_name', 'text', null],
    ['surname', 'text', null],
    ['display_name_key', 'text', ''],
    ['force_change_password', 'integer', 0],
    ['last_password_change_at', 'text', null],
    ['last_sign_in_at', 'text', null],
  ];
  for (const [name, type, fallback] of userColumns) {
    await db.schema
      .alterTable('directory_users')
      .addColumn(name, type, (c) => (fallback === null ? c : c.notNull().defaultTo(fallback)))
      .execute();
  }
  // (tenant_id, id) is what identities and memberships reference: a row can only ever point
  // at a user of its own tenant.
  await db.schema
    .createIndex('directory_users_tenant_id')
    .on('directory_users')
    .columns(['tenant_id', 'id'])
    .unique()
    .execute();
  await db.schema
    .createIndex('directory_users_tenant_created')
    .on('directory_users')
    .columns(['tenant_id', 'created_at', 'id'])
    .execute();

  await db.schema
    .createTable('directory_identities')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('lookup_key', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('sign_in_type', 'text', (c) => c.notNull())
    .addColumn('issuer', 'text', (c) => c.notNull())
    .addColumn('issuer_assigned_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('directory_identities_pk', ['tenant_id', 'lookup_key'])
    .addForeignKeyConstraint(
      'directory_identities_user',
      ['tenant_id', 'user_id'],
      'directory_users',
      ['tenant_id', 'id'],
      (fk) => fk.onDelete('cascade'),
    )
    .execute();
  await db.schema
    .createIndex('directory_identities_user')
    .on('directory_identities')
    .columns(['tenant_id', 'user_id'])
    .execute();

  await db.schema
    .createTable('directory_groups')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('mail_nickname', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('directory_groups_tenant_id', ['tenant_id', 'id'])
    .execute();
  await db.schema
    .createIndex('directory_groups_tenant_created')
    .on('directory_groups')
    .columns(['tenant_id', 'created_at', 'id'])
    .execute();

  await db.schema
    .createTable('directory_group_members')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('group_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('directory_group_members_pk', ['tenant_id', 'group_id', 'user_id'])
    .addForeignKeyConstraint(
      'directory_group_members_group',
      ['tenant_id', 'group_id'],
      'directory_groups',
      ['tenant_id', 'id'],
      (fk) => fk.onDelete('cascade'),
    )
    .addForeignKeyConstraint(
      'directory_group_members_user',
      ['tenant_id', 'user_id'],
      'directory_users',
      ['tenant_id', 'id'],
      (fk) => fk.onDelete('cascade'),
    )
    .execute();
  await db.schema
    .createIndex('directory_group_members_user')
    .on('directory_group_members')
    .columns(['tenant_id', 'user_id'])
    .execute();

  await db.schema
    .createTable('directory_password_policies')
    .addColumn('tenant_id', 'text', (c) => c.primaryKey().references('tenants.id').onDelete('cascade'))
    .addColumn('min_length', 'integer', (c) => c.notNull())
    .addColumn('max_length', 'integer', (c) => c.notNull())
    .addColumn('min_score', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  // Users created before this migration (the first administrator) get their search key and
  // an emailAddress identity for their mail, as users created from now on do.
  const { rows } = await sql<{
    id: string;
    tenant_id: string;
    display_name: string;
    mail: string | null;
    mail_key: string | null;
  }>`select id, tenant_id, display_name, mail, mail_key from directory_users`.execute(db);
  for (const user of rows) {
    const displayNameKey = user.display_name.normalize('NFKC').toLowerCase();
    await sql`update directory_users set display_name_key = ${displayNameKey} where id = ${user.id}`.execute(
      db,
    );
    if (user.mail && user.mail_key) {
      await sql`insert into directory_identities
        (tenant_id, lookup_key, user_id, position, sign_in_type, issuer, issuer_assigned_id)
        values (${user.tenant_id}, ${`local\n${user.mail_key}`}, ${user.id}, 0, 'emailAddress',
                ${user.tenant_id}, ${user.mail})`.execute(db);
    }
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'directory_password_policies',
    'directory_group_members',
    'directory_groups',
    'directory_identities',
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
  await db.schema.dropIndex('directory_users_tenant_created').ifExists().execute();
  await db.schema.dropIndex('directory_users_tenant_id').ifExists().execute();
  for (const column of [
    'last_sign_in_at',
    'last_password_change_at',
    'force_change_password',
    'display_name_key',
    'surname',
    'given_name',
  ]) {
    await db.schema.alterTable('directory_users').dropColumn(column).execute();
  }
}
