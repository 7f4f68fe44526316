import { type Kysely, sql } from 'kysely';

// 019_role_assignments: directory role assignments with a scope (Graph unifiedRoleAssignment),
// for users and service principals of the admin tenant: '/' (every tenant) or '/tenants/{id}'.
// They replace directory_role_assignments, whose admin-tenant rows become assignments at '/'
// (a role held anywhere else never decided anything); an application held its roles under its
// object id, its service principal (018) holds them now.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('role_assignments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('principal_id', 'text', (c) => c.notNull())
    .addColumn('role_definition_id', 'text', (c) => c.notNull())
    .addColumn('directory_scope_id', 'text', (c) => c.notNull())
    // The tenant a '/tenants/{id}' scope names: deleting the tenant deletes the assignment, so a
    // tenant created again under the same id starts with no admins of its own.
    .addColumn('scope_tenant_id', 'text', (c) => c.references('tenants.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('role_assignments_unique', [
      'principal_id',
      'role_definition_id',
      'directory_scope_id',
    ])
    .execute();
  await db.schema
    .createIndex('role_assignments_role')
    .on('role_assignments')
    .columns(['role_definition_id', 'directory_scope_id'])
    .execute();
  await sql`
    insert into role_assignments (id, principal_id, role_definition_id, directory_scope_id, scope_tenant_id, created_at)
    select a.id, coalesce(sp.id, a.principal_id), a.role_definition_id, '/', null, a.created_at
    from directory_role_assignments a
    left join service_principals sp on sp.application_id = a.principal_id and sp.tenant_id = 'admin'
    where a.tenant_id = 'admin'`.execute(db);
  await db.schema.dropTable('directory_role_assignments').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('directory_role_assignments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('principal_id', 'text', (c) => c.notNull())
    .addColumn('role_definition_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('directory_role_assignments_unique', [
      'tenant_id',
      'principal_id',
      'role_definition_id',
    ])
    .execute();
  await sql`
    insert into directory_role_assignments (id, tenant_id, principal_id, role_definition_id, created_at)
    select id, 'admin', principal_id, role_definition_id, created_at
    from role_assignments where directory_scope_id = '/'`.execute(db);
  await db.schema.dropTable('role_assignments').execute();
}
