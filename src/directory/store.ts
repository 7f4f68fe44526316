import { type Selectable, sql } from 'kysely';
import type {
  Db,
  DirectoryCustomAttributesTable,
  DirectoryGroupMembersTable,
  DirectoryGroupsTable,
  DirectoryIdentitiesTable,
  DirectoryPasswordPoliciesTable,
  DirectoryUserAttributesTable,
  DirectoryUsersTable,
} from '../storage/index.js';
import { type Cursor, countRows, fetchPage, type Page, toPage } from '../storage/index.js';
import { decodeValue } from './attribute-values.js';
import { escapeLike } from './identifiers.js';
import type { CustomAttribute, CustomAttributeValue, DirectoryUser, Group, ObjectIdentity } from './model.js';

export type UserRow = Selectable<DirectoryUsersTable>;
export type IdentityRow = Selectable<DirectoryIdentitiesTable>;
export type GroupRow = Selectable<DirectoryGroupsTable>;
export type PolicyRow = Selectable<DirectoryPasswordPoliciesTable>;
export type CustomAttributeRow = Selectable<DirectoryCustomAttributesTable>;
export type UserAttributeRow = Selectable<DirectoryUserAttributesTable>;
/** A user's value with the name and type of its attribute. */
export type UserAttributeValueRow = Pick<CustomAttributeRow, 'name' | 'data_type'> &
  Pick<UserAttributeRow, 'user_id' | 'value'>;

export const toIdentity = (row: IdentityRow): ObjectIdentity => ({
  signInType: row.sign_in_type,
  issuer: row.issuer,
  issuerAssignedId: row.issuer_assigned_id,
});

export const toUser = (
  row: UserRow,
  identities: IdentityRow[],
  values: UserAttributeValueRow[] = [],
): DirectoryUser => ({
  id: row.id,
  tenantId: row.tenant_id,
  displayName: row.display_name,
  givenName: row.given_name,
  surname: row.surname,
  city: row.city,
  country: row.country,
  postalCode: row.postal_code,
  state: row.state,
  streetAddress: row.street_address,
  jobTitle: row.job_title,
  mail: row.mail,
  mailVerifiedDateTime: row.mail_verified_at,
  customAttributes: Object.fromEntries(
    [...values]
      .sort((a, b) => (a.name < b.name ? -1 : 1))
      .map((v): [string, CustomAttributeValue] => [v.name, decodeValue(v.data_type, v.value)]),
  ),
  accountEnabled: row.account_enabled === 1,
  identities: [...identities].sort((a, b) => a.position - b.position).map(toIdentity),
  passwordProfile: { password: null, forceChangePasswordNextSignIn: row.force_change_password === 1 },
  createdDateTime: row.created_at,
  lastPasswordChangeDateTime: row.last_password_change_at,
  signInActivity: { lastSignInDateTime: row.last_sign_in_at },
});

export const toGroup = (row: GroupRow): Group => ({
  id: row.id,
  tenantId: row.tenant_id,
  displayName: row.display_name,
  description: row.description,
  mailNickname: row.mail_nickname,
  groupTypes: [],
  mailEnabled: false,
  securityEnabled: true,
  createdDateTime: row.created_at,
});

/** `column LIKE 'prefix%'`, with the prefix's own wildcards matched literally. */
const startsWith = (column: string, prefix: string) =>
  sql<boolean>`${sql.ref(column)} like ${`${escapeLike(prefix)}%`} escape '\\'`;

export interface UserFilter {
  mailKeyPrefix?: string;
  displayNameKeyPrefix?: string;
  accountEnabled?: boolean;
  /** Users whose display name key, mail key or a local sign-in name key starts with this. */
  search?: { displayNameKeyPrefix: string; nameKeyPrefix: string; lookupKeyPrefix: string };
}

/** The users of a tenant matching a filter: the conditions of the list and of its count, once. */
function usersMatching(db: Db, tenantId: string, filter: UserFilter) {
  let query = db.selectFrom('directory_users').where('tenant_id', '=', tenantId);
  if (filter.mailKeyPrefix !== undefined) query = query.where(startsWith('mail_key', filter.mailKeyPrefix));
  if (filter.displayNameKeyPrefix !== undefined)
    query = query.where(startsWith('display_name_key', filter.displayNameKeyPrefix));
  if (filter.accountEnabled !== undefined)
    query = query.where('account_enabled', '=', filter.accountEnabled ? 1 : 0);
  const search = filter.search;
  if (search)
    query = query.where((eb) =>
      eb.or([
        startsWith('display_name_key', search.displayNameKeyPrefix),
        startsWith('mail_key', search.nameKeyPrefix),
        eb.exists(
          eb
            .selectFrom('directory_identities as i')
            .select('i.user_id')
            .whereRef('i.tenant_id', '=', 'directory_users.tenant_id')
            .whereRef('i.user_id', '=', 'directory_users.id')
            .where(startsWith('i.lookup_key', search.lookupKeyPrefix)),
        ),
      ]),
    );
  return query;
}

export const userStore = {
  async enabledIds(db: Db, tenantId: string, ids: string[]): Promise<string[]> {
    const rows = await db
      .selectFrom('directory_users')
      .select('id')
      .where('tenant_id', '=', tenantId)
      .where('id', 'in', ids)
      .where('account_enabled', '=', 1)
      .execute();
    return rows.map((row) => row.id);
  },
  async insert(db: Db, row: UserRow): Promise<void> {
    await db.insertInto('directory_users').values(row).execute();
  },

  find(db: Db, tenantId: string, id: string): Promise<UserRow | undefined> {
    return db
      .selectFrom('directory_users')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
  },

  findByMailKey(db: Db, tenantId: string, key: string): Promise<UserRow | undefined> {
    return db
      .selectFrom('directory_users')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('mail_key', '=', key)
      .executeTakeFirst();
  },

  /** The user who owns the identity with this lookup key. */
  findByLookupKey(db: Db, tenantId: string, lookupKey: string): Promise<UserRow | undefined> {
    return db
      .selectFrom('directory_identities as i')
      .innerJoin('directory_users as u', (join) =>
        join.onRef('u.tenant_id', '=', 'i.tenant_id').onRef('u.id', '=', 'i.user_id'),
      )
      .selectAll('u')
      .where('i.tenant_id', '=', tenantId)
      .where('i.lookup_key', '=', lookupKey)
      .executeTakeFirst();
  },

  async list(db: Db, tenantId: string, filter: UserFilter, limit: number, after?: Cursor) {
    return fetchPage(usersMatching(db, tenantId, filter).selectAll(), limit, after, (row) => row);
  },

  /** How many users match the filter (the list's `$count`). */
  async count(db: Db, tenantId: string, filter: UserFilter): Promise<number> {
    return countRows(usersMatching(db, tenantId, filter));
  },

  /** How many users each tenant holds (tenants without users are absent). */
  async countPerTenant(db: Db): Promise<Map<string, number>> {
    const rows = await db
      .selectFrom('directory_users')
      .select(['tenant_id', (eb) => eb.fn.countAll<number | string>().as('users')])
      .groupBy('tenant_id')
      .execute();
    return new Map(rows.map((row) => [row.tenant_id, Number(row.users)]));
  },

  async update(db: Db, tenantId: string, id: string, changes: Partial<UserRow>): Promise<boolean> {
    const result = await db
      .updateTable('directory_users')
      .set(changes)
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  },

  /** Replaces the hash only if it is still `expected` (a concurrent password change wins). */
  async replaceHash(db: Db, tenantId: string, id: string, expected: string, fresh: string): Promise<void> {
    await db
      .updateTable('directory_users')
      .set({ password_hash: fresh })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .where('password_hash', '=', expected)
      .execute();
  },

  async delete(db: Db, tenantId: string, id: string): Promise<boolean> {
    const result = await db
      .deleteFrom('directory_users')
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  },
};

export const identityStore = {
  ofUsers(db: Db, tenantId: string, userIds: string[]): Promise<IdentityRow[]> {
    if (userIds.length === 0) return Promise.resolve([]);
    return db
      .selectFrom('directory_identities')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('user_id', 'in', userIds)
      .execute();
  },

  async replace(db: Db, tenantId: string, userId: string, rows: IdentityRow[]): Promise<void> {
    await db
      .deleteFrom('directory_identities')
      .where('tenant_id', '=', tenantId)
      .where('user_id', '=', userId)
      .execute();
    if (rows.length) await db.insertInto('directory_identities').values(rows).execute();
  },

  /** Which of these lookup keys another user (not `userId`) already holds. */
  async taken(db: Db, tenantId: string, keys: string[], userId?: string): Promise<string[]> {
    if (keys.length === 0) return [];
    let query = db
      .selectFrom('directory_identities')
      .select('lookup_key')
      .where('tenant_id', '=', tenantId)
      .where('lookup_key', 'in', keys);
    if (userId) query = query.where('user_id', '!=', userId);
    return (await query.execute()).map((r) => r.lookup_key);
  },
};

export const groupStore = {
  async insert(db: Db, row: GroupRow): Promise<void> {
    await db.insertInto('directory_groups').values(row).execute();
  },

  find(db: Db, tenantId: string, id: string): Promise<GroupRow | undefined> {
    return db
      .selectFrom('directory_groups')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
  },

  async list(db: Db, tenantId: string, limit: number, after?: Cursor): Promise<Page<Group>> {
    const query = db.selectFrom('directory_groups').selectAll().where('tenant_id', '=', tenantId);
    return fetchPage(query, limit, after, toGroup);
  },

  async update(db: Db, tenantId: string, id: string, changes: Partial<GroupRow>): Promise<boolean> {
    const result = await db
      .updateTable('directory_groups')
      .set(changes)
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  },

  async delete(db: Db, tenantId: string, id: string): Promise<boolean> {
    const result = await db
      .deleteFrom('directory_groups')
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  },
};

export const memberStore = {
  async insert(db: Db, row: Selectable<DirectoryGroupMembersTable>): Promise<void> {
    await db.insertInto('directory_group_members').values(row).execute();
  },

  async delete(db: Db, tenantId: string, groupId: string, userId: string): Promise<boolean> {
    const result = await db
      .deleteFrom('directory_group_members')
      .where('tenant_id', '=', tenantId)
      .where('group_id', '=', groupId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  },

  /** A page of a group's members, in the users' stable order. */
  async members(db: Db, tenantId: string, groupId: string, limit: number, after?: Cursor) {
    let query = db
      .selectFrom('directory_group_members as m')
      .innerJoin('directory_users as u', (join) =>
        join.onRef('u.tenant_id', '=', 'm.tenant_id').onRef('u.id', '=', 'm.user_id'),
      )
      .selectAll('u')
      .where('m.tenant_id', '=', tenantId)
      .where('m.group_id', '=', groupId)
      .orderBy('u.created_at')
      .orderBy('u.id')
      .limit(limit + 1);
    if (after) query = query.where(sql<boolean>`(u.created_at, u.id) > (${after.createdAt}, ${after.id})`);
    return toPage(await query.execute(), limit, (row) => row);
  },

  /** A page of the groups a user is a direct member of, in the groups' stable order. */
  async groupsOf(db: Db, tenantId: string, userId: string, limit: number, after?: Cursor) {
    let query = db
      .selectFrom('directory_group_members as m')
      .innerJoin('directory_groups as g', (join) =>
        join.onRef('g.tenant_id', '=', 'm.tenant_id').onRef('g.id', '=', 'm.group_id'),
      )
      .selectAll('g')
      .where('m.tenant_id', '=', tenantId)
      .where('m.user_id', '=', userId)
      .orderBy('g.created_at')
      .orderBy('g.id')
      .limit(limit + 1);
    if (after) query = query.where(sql<boolean>`(g.created_at, g.id) > (${after.createdAt}, ${after.id})`);
    return toPage(await query.execute(), limit, toGroup);
  },

  async groupIdsOf(db: Db, tenantId: string, userId: string): Promise<string[]> {
    const rows = await db
      .selectFrom('directory_group_members')
      .select('group_id')
      .where('tenant_id', '=', tenantId)
      .where('user_id', '=', userId)
      .orderBy('group_id')
      .execute();
    return rows.map((r) => r.group_id);
  },
};

export const policyStore = {
  find(db: Db, tenantId: string): Promise<PolicyRow | undefined> {
    return db
      .selectFrom('directory_password_policies')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .executeTakeFirst();
  },

  async upsert(db: Db, row: PolicyRow): Promise<void> {
    await db
      .insertInto('directory_password_policies')
      .values(row)
      .onConflict((oc) =>
        oc.column('tenant_id').doUpdateSet({
          min_length: row.min_length,
          max_length: row.max_length,
          min_score: row.min_score,
          updated_at: row.updated_at,
        }),
      )
      .execute();
  },
};

export const toCustomAttribute = (row: CustomAttributeRow): CustomAttribute => ({
  id: row.id,
  tenantId: row.tenant_id,
  name: row.name,
  dataType: row.data_type,
  description: row.description,
  claimName: row.claim_name,
  createdDateTime: row.created_at,
});

export const customAttributeStore = {
  async insert(db: Db, row: CustomAttributeRow): Promise<void> {
    await db.insertInto('directory_custom_attributes').values(row).execute();
  },

  find(db: Db, tenantId: string, id: string): Promise<CustomAttributeRow | undefined> {
    return db
      .selectFrom('directory_custom_attributes')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
  },

  /** Every attribute of the tenant, oldest first. */
  all(db: Db, tenantId: string): Promise<CustomAttributeRow[]> {
    return db
      .selectFrom('directory_custom_attributes')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
  },

  list(db: Db, tenantId: string, limit: number, after?: Cursor): Promise<Page<CustomAttribute>> {
    const query = db.selectFrom('directory_custom_attributes').selectAll().where('tenant_id', '=', tenantId);
    return fetchPage(query, limit, after, toCustomAttribute);
  },

  async count(db: Db, tenantId: string): Promise<number> {
    const row = await db
      .selectFrom('directory_custom_attributes')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('tenant_id', '=', tenantId)
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  },

  async update(db: Db, tenantId: string, id: string, changes: Partial<CustomAttributeRow>): Promise<void> {
    await db
      .updateTable('directory_custom_attributes')
      .set(changes)
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .execute();
  },

  /** Deletes the attribute; its values go with it (foreign key cascade). */
  async delete(db: Db, tenantId: string, id: string): Promise<boolean> {
    const result = await db
      .deleteFrom('directory_custom_attributes')
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  },
};

export const userAttributeStore = {
  ofUsers(db: Db, tenantId: string, userIds: string[]): Promise<UserAttributeValueRow[]> {
    if (userIds.length === 0) return Promise.resolve([]);
    return db
      .selectFrom('directory_user_attributes as v')
      .innerJoin('directory_custom_attributes as a', (join) =>
        join.onRef('a.tenant_id', '=', 'v.tenant_id').onRef('a.id', '=', 'v.attribute_id'),
      )
      .select(['v.user_id', 'v.value', 'a.name', 'a.data_type'])
      .where('v.tenant_id', '=', tenantId)
      .where('v.user_id', 'in', userIds)
      .execute();
  },

  async put(db: Db, row: UserAttributeRow): Promise<void> {
    await db
      .insertInto('directory_user_attributes')
      .values(row)
      .onConflict((oc) =>
        oc.columns(['tenant_id', 'user_id', 'attribute_id']).doUpdateSet({ value: row.value }),
      )
      .execute();
  },

  async remove(db: Db, tenantId: string, userId: string, attributeId: string): Promise<void> {
    await db
      .deleteFrom('directory_user_attributes')
      .where('tenant_id', '=', tenantId)
      .where('user_id', '=', userId)
      .where('attribute_id', '=', attributeId)
      .execute();
  },
};
