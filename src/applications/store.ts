import { type Selectable, sql } from 'kysely';
import type {
  ApplicationPasswordsTable,
  ApplicationsTable,
  Db,
  ServicePrincipalsTable,
} from '../storage/index.js';
import { type Cursor, countRows, fetchPage, type Page, toPage } from '../storage/index.js';

export type ApplicationRow = Selectable<ApplicationsTable>;
export type PasswordRow = Selectable<ApplicationPasswordsTable>;

export const applicationStore = {
  async insert(db: Db, row: ApplicationRow, identifierUris: string[]): Promise<void> {
    await db.insertInto('applications').values(row).execute();
    await this.replaceIdentifierUris(db, row.tenant_id, row.id, identifierUris);
  },

  async replaceIdentifierUris(
    db: Db,
    tenantId: string,
    applicationId: string,
    uris: string[],
  ): Promise<void> {
    await db.deleteFrom('application_identifier_uris').where('application_id', '=', applicationId).execute();
    if (uris.length === 0) return;
    await db
      .insertInto('application_identifier_uris')
      .values(uris.map((uri) => ({ tenant_id: tenantId, uri, application_id: applicationId })))
      .execute();
  },

  find(db: Db, tenantId: string, id: string): Promise<ApplicationRow | undefined> {
    return db
      .selectFrom('applications')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
  },

  findByAppId(db: Db, tenantId: string, appId: string): Promise<ApplicationRow | undefined> {
    return db
      .selectFrom('applications')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('app_id', '=', appId)
      .executeTakeFirst();
  },

  findByIdentifierUri(db: Db, tenantId: string, uri: string): Promise<ApplicationRow | undefined> {
    return db
      .selectFrom('application_identifier_uris as u')
      .innerJoin('applications as a', 'a.id', 'u.application_id')
      .selectAll('a')
      .where('u.tenant_id', '=', tenantId)
      .where('u.uri', '=', uri)
      .executeTakeFirst();
  },

  async list(db: Db, tenantId: string, limit: number, after?: Cursor): Promise<Page<ApplicationRow>> {
    const query = db.selectFrom('applications').selectAll().where('tenant_id', '=', tenantId);
    return fetchPage(query, limit, after, (row) => row);
  },

  /** How many registrations the tenant has (the list's `$count`). */
  async count(db: Db, tenantId: string): Promise<number> {
    return countRows(db.selectFrom('applications').where('tenant_id', '=', tenantId));
  },

  /** Every registration of the tenant. */
  all(db: Db, tenantId: string): Promise<ApplicationRow[]> {
    return db.selectFrom('applications').selectAll().where('tenant_id', '=', tenantId).execute();
  },

  async update(db: Db, row: ApplicationRow): Promise<void> {
    await db
      .updateTable('applications')
      .set({ display_name: row.display_name, definition: row.definition, updated_at: row.updated_at })
      .where('tenant_id', '=', row.tenant_id)
      .where('id', '=', row.id)
      .execute();
  },

  async delete(db: Db, tenantId: string, id: string): Promise<boolean> {
    const result = await db
      .deleteFrom('applications')
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  },

  passwordsOf(db: Db, applicationIds: string[]): Promise<PasswordRow[]> {
    if (applicationIds.length === 0) return Promise.resolve([]);
    return db
      .selectFrom('application_passwords')
      .selectAll()
      .where('application_id', 'in', applicationIds)
      .orderBy('start_at')
      .execute();
  },

  async insertPassword(db: Db, row: PasswordRow): Promise<void> {
    await db.insertInto('application_passwords').values(row).execute();
  },

  async deletePassword(db: Db, applicationId: string, keyId: string): Promise<boolean> {
    const result = await db
      .deleteFrom('application_passwords')
      .where('application_id', '=', applicationId)
      .where('key_id', '=', keyId)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  },
};

export type ServicePrincipalRow = Selectable<ServicePrincipalsTable>;

/** A service principal with what it shows of its app. */
export interface ServicePrincipalJoinedRow extends ServicePrincipalRow {
  app_id: string;
  display_name: string;
  definition: string;
}

const joinedServicePrincipals = (db: Db, tenantId: string) =>
  db
    .selectFrom('service_principals as sp')
    .innerJoin('applications as a', 'a.id', 'sp.application_id')
    .select([
      'sp.id',
      'sp.tenant_id',
      'sp.application_id',
      'sp.app_role_assignment_required',
      'sp.created_at',
      'a.app_id',
      'a.display_name',
      'a.definition',
    ])
    .where('sp.tenant_id', '=', tenantId);

export const servicePrincipalStore = {
  async insert(db: Db, row: ServicePrincipalRow): Promise<void> {
    await db.insertInto('service_principals').values(row).execute();
  },

  find(db: Db, tenantId: string, id: string): Promise<ServicePrincipalJoinedRow | undefined> {
    return joinedServicePrincipals(db, tenantId).where('sp.id', '=', id).executeTakeFirst();
  },

  findByAppId(db: Db, tenantId: string, appId: string): Promise<ServicePrincipalJoinedRow | undefined> {
    return joinedServicePrincipals(db, tenantId).where('a.app_id', '=', appId).executeTakeFirst();
  },

  /** A page in the stable (created_at, id) order; `appId` narrows it to that app's. */
  async list(
    db: Db,
    tenantId: string,
    limit: number,
    after?: Cursor,
    appId?: string,
  ): Promise<Page<ServicePrincipalJoinedRow>> {
    let query = joinedServicePrincipals(db, tenantId)
      .orderBy('sp.created_at')
      .orderBy('sp.id')
      .limit(limit + 1);
    if (appId !== undefined) query = query.where('a.app_id', '=', appId);
    if (after) query = query.where(sql<boolean>`(sp.created_at, sp.id) > (${after.createdAt}, ${after.id})`);
    return toPage(await query.execute(), limit, (row) => row);
  },

  async update(
    db: Db,
    tenantId: string,
    id: string,
    changes: Pick<ServicePrincipalRow, 'app_role_assignment_required'>,
  ): Promise<boolean> {
    const result = await db
      .updateTable('service_principals')
      .set(changes)
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  },
};
