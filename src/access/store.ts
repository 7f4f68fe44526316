import type { Selectable } from 'kysely';
import type { AccessNamedLocationsTable, AccessPoliciesTable, Db } from '../storage/index.js';
import { type Cursor, fetchPage, type Page } from '../storage/index.js';
import type {
  ConditionalAccessConditions,
  ConditionalAccessGrantControls,
  ConditionalAccessPolicy,
  ConditionalAccessSessionControls,
  CountryNamedLocation,
  IpNamedLocation,
  NamedLocation,
} from './model.js';

export type PolicyRow = Selectable<AccessPoliciesTable>;
export type NamedLocationRow = Selectable<AccessNamedLocationsTable>;

/** The JSON `definition` of a policy row. */
interface PolicyDefinition {
  conditions: ConditionalAccessConditions;
  grantControls: ConditionalAccessGrantControls | null;
  sessionControls: ConditionalAccessSessionControls | null;
}

type IpDefinition = Pick<IpNamedLocation, 'isTrusted' | 'ipRanges'>;
type CountryDefinition = Pick<
  CountryNamedLocation,
  'countriesAndRegions' | 'includeUnknownCountriesAndRegions' | 'countryLookupMethod'
>;

export const toPolicy = (row: PolicyRow): ConditionalAccessPolicy => {
  const definition = JSON.parse(row.definition) as PolicyDefinition;
  return {
    id: row.id,
    displayName: row.display_name,
    state: row.state,
    createdDateTime: row.created_at,
    modifiedDateTime: row.modified_at,
    templateId: row.template_id,
    conditions: {
      ...definition.conditions,
      // Policies stored before the roles condition existed name none.
      users: definition.conditions.users && {
        ...definition.conditions.users,
        includeRoles: definition.conditions.users.includeRoles ?? [],
        excludeRoles: definition.conditions.users.excludeRoles ?? [],
      },
    },
    grantControls: definition.grantControls,
    sessionControls: definition.sessionControls,
  };
};

export const toPolicyRow = (tenantId: string, policy: ConditionalAccessPolicy): PolicyRow => ({
  id: policy.id,
  tenant_id: tenantId,
  display_name: policy.displayName,
  state: policy.state,
  template_id: policy.templateId,
  definition: JSON.stringify({
    conditions: policy.conditions,
    grantControls: policy.grantControls,
    sessionControls: policy.sessionControls,
  } satisfies PolicyDefinition),
  created_at: policy.createdDateTime,
  modified_at: policy.modifiedDateTime,
});

export const toNamedLocation = (row: NamedLocationRow): NamedLocation => {
  const common = {
    id: row.id,
    displayName: row.display_name,
    createdDateTime: row.created_at,
    modifiedDateTime: row.modified_at,
  };
  if (row.kind === 'ip') {
    const d = JSON.parse(row.definition) as IpDefinition;
    return {
      '@odata.type': '#microsoft.graph.ipNamedLocation',
      ...common,
      isTrusted: d.isTrusted,
      ipRanges: d.ipRanges,
    };
  }
  const d = JSON.parse(row.definition) as CountryDefinition;
  return {
    '@odata.type': '#microsoft.graph.countryNamedLocation',
    ...common,
    countriesAndRegions: d.countriesAndRegions,
    includeUnknownCountriesAndRegions: d.includeUnknownCountriesAndRegions,
    countryLookupMethod: d.countryLookupMethod,
  };
};

export const toNamedLocationRow = (tenantId: string, location: NamedLocation): NamedLocationRow => {
  const definition: IpDefinition | CountryDefinition =
    location['@odata.type'] === '#microsoft.graph.ipNamedLocation'
      ? { isTrusted: location.isTrusted, ipRanges: location.ipRanges }
      : {
          countriesAndRegions: location.countriesAndRegions,
          includeUnknownCountriesAndRegions: location.includeUnknownCountriesAndRegions,
          countryLookupMethod: location.countryLookupMethod,
        };
  return {
    id: location.id,
    tenant_id: tenantId,
    kind: location['@odata.type'] === '#microsoft.graph.ipNamedLocation' ? 'ip' : 'country',
    display_name: location.displayName,
    definition: JSON.stringify(definition),
    created_at: location.createdDateTime,
    modified_at: location.modifiedDateTime,
  };
};

/** The named location ids a policy references (keywords left out). */
export const locationIdsOf = (policy: ConditionalAccessPolicy): string[] => {
  const locations = policy.conditions.locations;
  if (!locations) return [];
  const ids = [...locations.includeLocations, ...locations.excludeLocations].filter(
    (v) => v !== 'All' && v !== 'AllTrusted',
  );
  return [...new Set(ids)];
};

/** True when a write failed on a foreign key, on either database. */
export function isForeignKeyViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '23503' || code === 'SQLITE_CONSTRAINT_FOREIGNKEY';
}

export const accessStore = {
  // --- policies

  async insertPolicy(db: Db, tenantId: string, policy: ConditionalAccessPolicy): Promise<void> {
    await db.insertInto('access_policies').values(toPolicyRow(tenantId, policy)).execute();
    await accessStore.replaceLocationLinks(db, tenantId, policy);
  },

  async updatePolicy(db: Db, tenantId: string, policy: ConditionalAccessPolicy): Promise<boolean> {
    const { id: _id, tenant_id: _tenant, created_at: _created, ...changes } = toPolicyRow(tenantId, policy);
    const result = await db
      .updateTable('access_policies')
      .set(changes)
      .where('tenant_id', '=', tenantId)
      .where('id', '=', policy.id)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) return false;
    await accessStore.replaceLocationLinks(db, tenantId, policy);
    return true;
  },

  async replaceLocationLinks(db: Db, tenantId: string, policy: ConditionalAccessPolicy): Promise<void> {
    await db
      .deleteFrom('access_policy_locations')
      .where('tenant_id', '=', tenantId)
      .where('policy_id', '=', policy.id)
      .execute();
    const ids = locationIdsOf(policy);
    if (ids.length === 0) return;
    await db
      .insertInto('access_policy_locations')
      .values(
        ids.map((locationId) => ({ tenant_id: tenantId, policy_id: policy.id, location_id: locationId })),
      )
      .execute();
  },

  findPolicy(db: Db, tenantId: string, id: string): Promise<PolicyRow | undefined> {
    return db
      .selectFrom('access_policies')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
  },

  listPolicies(
    db: Db,
    tenantId: string,
    limit: number,
    after?: Cursor,
  ): Promise<Page<ConditionalAccessPolicy>> {
    const query = db.selectFrom('access_policies').selectAll().where('tenant_id', '=', tenantId);
    return fetchPage(query, limit, after, toPolicy);
  },

  /** Every policy of the tenant, oldest first. */
  allPolicies(db: Db, tenantId: string): Promise<PolicyRow[]> {
    return db
      .selectFrom('access_policies')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
  },

  async deletePolicy(db: Db, tenantId: string, id: string): Promise<boolean> {
    const result = await db
      .deleteFrom('access_policies')
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  },

  /** The policies that reference a named location. */
  policiesUsingLocation(
    db: Db,
    tenantId: string,
    locationId: string,
  ): Promise<{ id: string; displayName: string }[]> {
    return db
      .selectFrom('access_policy_locations as l')
      .innerJoin('access_policies as p', (join) =>
        join.onRef('p.tenant_id', '=', 'l.tenant_id').onRef('p.id', '=', 'l.policy_id'),
      )
      .select(['p.id as id', 'p.display_name as displayName'])
      .where('l.tenant_id', '=', tenantId)
      .where('l.location_id', '=', locationId)
      .orderBy('p.created_at')
      .execute();
  },

  // --- named locations

  async insertNamedLocation(db: Db, tenantId: string, location: NamedLocation): Promise<void> {
    await db.insertInto('access_named_locations').values(toNamedLocationRow(tenantId, location)).execute();
  },

  async updateNamedLocation(db: Db, tenantId: string, location: NamedLocation): Promise<boolean> {
    const row = toNamedLocationRow(tenantId, location);
    const result = await db
      .updateTable('access_named_locations')
      .set({ display_name: row.display_name, definition: row.definition, modified_at: row.modified_at })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', location.id)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  },

  findNamedLocation(db: Db, tenantId: string, id: string): Promise<NamedLocationRow | undefined> {
    return db
      .selectFrom('access_named_locations')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
  },

  /** Which of `ids` are named locations of the tenant. */
  async existingLocationIds(db: Db, tenantId: string, ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await db
      .selectFrom('access_named_locations')
      .select('id')
      .where('tenant_id', '=', tenantId)
      .where('id', 'in', ids)
      .execute();
    return new Set(rows.map((r) => r.id));
  },

  listNamedLocations(db: Db, tenantId: string, limit: number, after?: Cursor): Promise<Page<NamedLocation>> {
    const query = db.selectFrom('access_named_locations').selectAll().where('tenant_id', '=', tenantId);
    return fetchPage(query, limit, after, toNamedLocation);
  },

  allNamedLocations(db: Db, tenantId: string): Promise<NamedLocationRow[]> {
    return db
      .selectFrom('access_named_locations')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
  },

  async deleteNamedLocation(db: Db, tenantId: string, id: string): Promise<boolean> {
    const result = await db
      .deleteFrom('access_named_locations')
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  },
};
