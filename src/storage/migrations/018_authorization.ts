import { randomUUID } from 'node:crypto';
import { type Kysely, sql } from 'kysely';

// 018_authorization: Entra's API permission model. Each app registration gets its service
// principal (one per app, deleted with it); admins grant delegated permissions to a client
// on an API (oauth2PermissionGrants) and assign app roles to users, groups and client
// service principals (appRoleAssignments). A principal of an assignment is a user, a group or
// a service principal, so it has no foreign key: its owner's deletion removes its rows.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('service_principals')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('application_id', 'text', (c) =>
      c.notNull().unique().references('applications.id').onDelete('cascade'),
    )
    .addColumn('app_role_assignment_required', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('service_principals_tenant_id', ['tenant_id', 'id'])
    .execute();
  await db.schema
    .createIndex('service_principals_tenant_created')
    .on('service_principals')
    .columns(['tenant_id', 'created_at', 'id'])
    .execute();

  await db.schema
    .createTable('oauth2_permission_grants')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('client_id', 'text', (c) => c.notNull())
    /** Only 'AllPrincipals' (admin consent for everyone) for now. */
    .addColumn('consent_type', 'text', (c) => c.notNull())
    .addColumn('principal_id', 'text')
    .addColumn('resource_id', 'text', (c) => c.notNull())
    /** Space-separated scope values. */
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('oauth2_permission_grants_unique', ['tenant_id', 'client_id', 'resource_id'])
    .addForeignKeyConstraint(
      'oauth2_permission_grants_client',
      ['tenant_id', 'client_id'],
      'service_principals',
      ['tenant_id', 'id'],
      (fk) => fk.onDelete('cascade'),
    )
    .addForeignKeyConstraint(
      'oauth2_permission_grants_resource',
      ['tenant_id', 'resource_id'],
      'service_principals',
      ['tenant_id', 'id'],
      (fk) => fk.onDelete('cascade'),
    )
    .execute();
  await db.schema
    .createIndex('oauth2_permission_grants_resource')
    .on('oauth2_permission_grants')
    .columns(['tenant_id', 'resource_id'])
    .execute();
  await db.schema
    .createIndex('oauth2_permission_grants_tenant_created')
    .on('oauth2_permission_grants')
    .columns(['tenant_id', 'created_at', 'id'])
    .execute();

  await db.schema
    .createTable('app_role_assignments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('app_role_id', 'text', (c) => c.notNull())
    .addColumn('principal_id', 'text', (c) => c.notNull())
    /** 'User' | 'Group' | 'ServicePrincipal' */
    .addColumn('principal_type', 'text', (c) => c.notNull())
    .addColumn('resource_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('app_role_assignments_unique', [
      'tenant_id',
      'principal_id',
      'resource_id',
      'app_role_id',
    ])
    .addForeignKeyConstraint(
      'app_role_assignments_resource',
      ['tenant_id', 'resource_id'],
      'service_principals',
      ['tenant_id', 'id'],
      (fk) => fk.onDelete('cascade'),
    )
    .execute();
  // The unique key serves "what does this principal hold"; this one "who holds this resource".
  await db.schema
    .createIndex('app_role_assignments_resource')
    .on('app_role_assignments')
    .columns(['tenant_id', 'resource_id', 'principal_id'])
    .execute();

  // Every app registered before gets its service principal.
  const { rows } = await sql<{
    id: string;
    tenant_id: string;
    created_at: string;
  }>`select id, tenant_id, created_at from applications`.execute(db);
  for (const app of rows) {
    await sql`insert into service_principals (id, tenant_id, application_id, app_role_assignment_required, created_at)
      values (${randomUUID()}, ${app.tenant_id}, ${app.id}, 0, ${app.created_at})`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['app_role_assignments', 'oauth2_permission_grants', 'service_principals']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
