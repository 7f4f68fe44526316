import {
  AppError,
  CACHES_STALE,
  type Clock,
  type EventBus,
  isAppError,
  newId,
  staleTenantOf,
} from '../platform/index.js';
import { bumpConfigVersion, type Db, decodeCursor, type Page } from '../storage/index.js';
import {
  AUTHENTICATION_STRENGTHS,
  type ConditionalAccessPolicy,
  type ConditionalAccessSessionControls,
  type NamedLocation,
  type TenantAccessRules,
} from './model.js';
import {
  accessErrors,
  type CreateFromTemplateInput,
  type CreateNamedLocationInput,
  type CreatePolicyInput,
  checkPolicyRules,
  createFromTemplateSchema,
  createNamedLocationSchema,
  createPolicySchema,
  NAMED_LOCATION_FIELDS,
  type NamedLocationFields,
  type PolicyFields,
  type UpdateNamedLocationInput,
  type UpdatePolicyInput,
  updateNamedLocationSchema,
  updatePolicySchema,
} from './schemas.js';
import { accessStore, isForeignKeyViolation, toNamedLocation, toPolicy } from './store.js';
import { type ConditionalAccessTemplate, TEMPLATES, toTemplateView } from './templates.js';

/** Published (tenantId) after any change to a tenant's policies or named locations. */
export const ACCESS_RULES_CHANGED = 'access.rulesChanged';

/** What validation asks of the rest of the tenant: do the ids a policy names exist? */
export interface AccessDirectory {
  userExists(tenantId: string, userId: string): Promise<boolean>;
  groupExists(tenantId: string, groupId: string): Promise<boolean>;
  /** An application registered in the tenant, by its appId (client id). */
  applicationExists(tenantId: string, appId: string): Promise<boolean>;
  /** A service principal of the tenant, by its object id (workload identities are named so in Graph). */
  servicePrincipalExists?(tenantId: string, id: string): Promise<boolean>;
  /** A directory role, by its template id; without it, any role id is taken. */
  roleExists?(roleTemplateId: string): Promise<boolean>;
}

export interface ConditionalAccessServiceDeps {
  db: Db;
  clock: Clock;
  events: EventBus;
  directory: AccessDirectory;
  /** Another topic (tenantId) after which the cached rules are dropped too, e.g. a tenant deleted. */
  tenantChangedTopic?: string;
  /** Looked at before the cached rules are used: drops them when they changed unheard (a Redis gap). */
  fresh?: (tenantId: string) => Promise<void> | undefined;
}

export type ConditionalAccessService = ReturnType<typeof createConditionalAccessService>;

const KEYWORDS = new Set(['All', 'None', 'AllTrusted', 'ServicePrincipalsInMyTenant']);
type ReferenceKind = 'user' | 'group' | 'role' | 'application' | 'servicePrincipal' | 'location';

/** The ids a policy names, each under its field's path. */
function referencesOf(policy: ConditionalAccessPolicy): [ReferenceKind, string, readonly string[]][] {
  const c = policy.conditions;
  return [
    ['user', 'conditions.users.includeUsers', c.users?.includeUsers ?? []],
    ['user', 'conditions.users.excludeUsers', c.users?.excludeUsers ?? []],
    ['group', 'conditions.users.includeGroups', c.users?.includeGroups ?? []],
    ['group', 'conditions.users.excludeGroups', c.users?.excludeGroups ?? []],
    ['role', 'conditions.users.includeRoles', c.users?.includeRoles ?? []],
    ['role', 'conditions.users.excludeRoles', c.users?.excludeRoles ?? []],
    ['application', 'conditions.applications.includeApplications', c.applications.includeApplications],
    ['application', 'conditions.applications.excludeApplications', c.applications.excludeApplications],
    [
      'servicePrincipal',
      'conditions.clientApplications.includeServicePrincipals',
      c.clientApplications?.includeServicePrincipals ?? [],
    ],
    [
      'servicePrincipal',
      'conditions.clientApplications.excludeServicePrincipals',
      c.clientApplications?.excludeServicePrincipals ?? [],
    ],
    ['location', 'conditions.locations.includeLocations', c.locations?.includeLocations ?? []],
    ['location', 'conditions.locations.excludeLocations', c.locations?.excludeLocations ?? []],
  ];
}

const UNKNOWN: Record<ReferenceKind, (id: string) => string> = {
  user: (id) => `User '${id}' does not exist in this tenant.`,
  group: (id) => `Group '${id}' does not exist in this tenant.`,
  role: (id) => `'${id}' is not the template id of a directory role.`,
  application: (id) => `Application '${id}' is not registered in this tenant.`,
  servicePrincipal: (id) =>
    `'${id}' is neither a service principal id nor the appId of an application of this tenant.`,
  location: (id) => `Named location '${id}' does not exist in this tenant.`,
};

const strengthById = (id: string) =>
  Object.values(AUTHENTICATION_STRENGTHS).find((s) => s.id === id) as { id: string; displayName: string };

/** A shape-valid, rule-checked body as the stored resource, every field present. */
function buildPolicy(
  fields: PolicyFields,
  meta: Pick<ConditionalAccessPolicy, 'id' | 'createdDateTime' | 'modifiedDateTime' | 'templateId'>,
): ConditionalAccessPolicy {
  const c = fields.conditions;
  const grant = fields.grantControls;
  const session = fields.sessionControls;
  const frequency = session?.signInFrequency;
  const sessionControls: ConditionalAccessSessionControls | null =
    frequency || session?.persistentBrowser
      ? {
          signInFrequency: frequency
            ? {
                isEnabled: frequency.isEnabled,
                frequencyInterval: frequency.frequencyInterval,
                value: frequency.value ?? null,
                type: frequency.type ?? null,
                authenticationType: frequency.authenticationType,
              }
            : null,
          persistentBrowser: session?.persistentBrowser
            ? { isEnabled: session.persistentBrowser.isEnabled, mode: session.persistentBrowser.mode }
            : null,
        }
      : null;
  return {
    id: meta.id,
    displayName: fields.displayName,
    state: fields.state,
    createdDateTime: meta.createdDateTime,
    modifiedDateTime: meta.modifiedDateTime,
    templateId: meta.templateId,
    conditions: {
      users: c.users ?? null,
      // Only a workload-identity policy may leave applications out (checkPolicyRules): all of them.
      applications: c.applications ?? { includeApplications: ['All'], excludeApplications: [] },
      clientApplications: c.clientApplications ?? null,
      signInRiskLevels: c.signInRiskLevels,
      userRiskLevels: c.userRiskLevels,
      locations: c.locations ?? null,
      clientAppTypes: c.clientAppTypes,
      platforms: c.platforms ?? null,
    },
    grantControls: grant
      ? {
          operator: grant.operator ?? 'OR',
          builtInControls: grant.builtInControls,
          authenticationStrength: grant.authenticationStrength
            ? { ...strengthById(grant.authenticationStrength.id) }
            : null,
        }
      : null,
    sessionControls,
  };
}

function buildNamedLocation(
  fields: NamedLocationFields,
  meta: Pick<NamedLocation, 'id' | 'createdDateTime' | 'modifiedDateTime'>,
): NamedLocation {
  const common = {
    id: meta.id,
    displayName: fields.displayName,
    createdDateTime: meta.createdDateTime,
    modifiedDateTime: meta.modifiedDateTime,
  };
  if (fields['@odata.type'] === '#microsoft.graph.ipNamedLocation') {
    return {
      '@odata.type': fields['@odata.type'],
      ...common,
      isTrusted: fields.isTrusted,
      ipRanges: fields.ipRanges,
    };
  }
  return {
    '@odata.type': fields['@odata.type'],
    ...common,
    countriesAndRegions: fields.countriesAndRegions,
    includeUnknownCountriesAndRegions: fields.includeUnknownCountriesAndRegions,
    countryLookupMethod: fields.countryLookupMethod,
  };
}

/** The writable fields of a stored policy, as a body (PATCH merges onto it). */
const bodyOf = (policy: ConditionalAccessPolicy): CreatePolicyInput => ({
  displayName: policy.displayName,
  state: policy.state,
  conditions: policy.conditions,
  grantControls: policy.grantControls,
  sessionControls: policy.sessionControls,
});

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

/** Template input fields, by the policy field they fill, to name the right field in an error. */
const TEMPLATE_TARGETS: [string, string][] = [
  ['conditions.users.excludeUsers', 'excludeUsers'],
  ['conditions.users.excludeGroups', 'excludeGroups'],
  ['conditions.applications.includeApplications', 'includeApplications'],
  ['conditions.locations', 'countriesAndRegions'],
];

/**
 * Conditional Access: policies and named locations of each tenant (Graph's resources, Entra's
 * validation rules), the templates to start from, and a cached snapshot of a tenant's rules
 * for evaluation. Every change is published so each node drops its snapshot: a change takes
 * effect at the next sign-in, on every node.
 */
export function createConditionalAccessService({
  db,
  clock,
  events,
  directory,
  tenantChangedTopic,
  fresh,
}: ConditionalAccessServiceDeps) {
  const nowIso = () => clock.now().toISOString();
  const snapshots = new Map<string, Promise<TenantAccessRules>>();
  const drop = ({ tenantId }: Record<string, unknown>) => void snapshots.delete(String(tenantId));
  events.subscribe(ACCESS_RULES_CHANGED, drop);
  if (tenantChangedTopic) events.subscribe(tenantChangedTopic, drop);
  events.subscribe(CACHES_STALE, (payload) => {
    const tenantId = staleTenantOf(payload);
    if (tenantId === undefined) snapshots.clear();
    else snapshots.delete(tenantId);
  });
  const changed = (tenantId: string) => events.publish(ACCESS_RULES_CHANGED, { tenantId });

  async function exists(tenantId: string, kind: ReferenceKind, id: string): Promise<boolean> {
    switch (kind) {
      case 'user':
        return directory.userExists(tenantId, id);
      case 'group':
        return directory.groupExists(tenantId, id);
      case 'role':
        return directory.roleExists ? directory.roleExists(id) : true;
      case 'application':
        return directory.applicationExists(tenantId, id);
      case 'servicePrincipal':
        return (
          (await directory.applicationExists(tenantId, id)) ||
          (await directory.servicePrincipalExists?.(tenantId, id)) === true
        );
      case 'location':
        return (await accessStore.existingLocationIds(db, tenantId, [id])).has(id);
    }
  }

  /**
   * Every id the policy names must exist in the tenant. Ids the previous version already
   * named are not checked again, so a policy naming a since-deleted user can still be edited.
   */
  async function checkReferences(
    tenantId: string,
    policy: ConditionalAccessPolicy,
    previous?: ConditionalAccessPolicy,
    pendingLocations: ReadonlySet<string> = new Set(),
  ): Promise<void> {
    const known = new Set(
      previous ? referencesOf(previous).flatMap(([kind, , ids]) => ids.map((id) => `${kind}:${id}`)) : [],
    );
    for (const [kind, target, ids] of referencesOf(policy)) {
      for (const [index, id] of ids.entries()) {
        if (KEYWORDS.has(id) || known.has(`${kind}:${id}`)) continue;
        if (kind === 'location' && pendingLocations.has(id)) continue;
        if (!(await exists(tenantId, kind, id)))
          throw accessErrors.unknownReference(UNKNOWN[kind](id), `${target}.${index}`);
      }
    }
  }

  /** A body checked as Entra would: shape, rules, references. */
  async function validatePolicy(
    tenantId: string,
    body: unknown,
    meta: Pick<ConditionalAccessPolicy, 'id' | 'createdDateTime' | 'modifiedDateTime' | 'templateId'>,
    previous?: ConditionalAccessPolicy,
    pendingLocations?: ReadonlySet<string>,
  ): Promise<ConditionalAccessPolicy> {
    const fields = createPolicySchema.parse(body);
    checkPolicyRules(fields);
    const policy = buildPolicy(fields, meta);
    await checkReferences(tenantId, policy, previous, pendingLocations);
    return policy;
  }

  /** Runs a write in a transaction (which bumps the tenant's configuration version), then tells every node. */
  async function write<T>(tenantId: string, work: (trx: Db) => Promise<T>): Promise<T> {
    let result: T;
    try {
      result = await db.transaction().execute(async (trx) => {
        const done = await work(trx);
        await bumpConfigVersion(trx, tenantId);
        return done;
      });
    } catch (error) {
      // A named location deleted while a policy naming it was written.
      if (isForeignKeyViolation(error))
        throw accessErrors.unknownReference(
          'A named location the policy names was deleted meanwhile; try again.',
          'conditions.locations',
        );
      throw error;
    }
    changed(tenantId);
    return result;
  }

  async function loadPolicy(tenantId: string, id: string): Promise<ConditionalAccessPolicy> {
    const row = await accessStore.findPolicy(db, tenantId, id);
    if (!row) throw accessErrors.policyNotFound(id);
    return toPolicy(row);
  }

  async function loadNamedLocation(tenantId: string, id: string): Promise<NamedLocation> {
    const row = await accessStore.findNamedLocation(db, tenantId, id);
    if (!row) throw accessErrors.namedLocationNotFound(id);
    return toNamedLocation(row);
  }

  async function loadRules(tenantId: string): Promise<TenantAccessRules> {
    const [policies, locations] = await Promise.all([
      accessStore.allPolicies(db, tenantId),
      accessStore.allNamedLocations(db, tenantId),
    ]);
    return deepFreeze({ policies: policies.map(toPolicy), namedLocations: locations.map(toNamedLocation) });
  }

  const service = {
    // --- policies

    async createPolicy(tenantId: string, input: CreatePolicyInput): Promise<ConditionalAccessPolicy> {
      const policy = await validatePolicy(tenantId, input, {
        id: newId(),
        createdDateTime: nowIso(),
        modifiedDateTime: null,
        templateId: null,
      });
      await write(tenantId, (trx) => accessStore.insertPolicy(trx, tenantId, policy));
      return policy;
    },

    getPolicy: (tenantId: string, id: string): Promise<ConditionalAccessPolicy> => loadPolicy(tenantId, id),

    async listPolicies(
      tenantId: string,
      options: { top: number; skipToken?: string },
    ): Promise<Page<ConditionalAccessPolicy>> {
      const after = options.skipToken ? decodeCursor(options.skipToken) : undefined;
      return accessStore.listPolicies(db, tenantId, options.top, after);
    },

    /** PATCH: each given top-level property replaces the stored one whole; the result is checked whole. */
    async updatePolicy(
      tenantId: string,
      id: string,
      input: UpdatePolicyInput,
    ): Promise<ConditionalAccessPolicy> {
      const patch = updatePolicySchema.parse(input);
      const current = await loadPolicy(tenantId, id);
      const policy = await validatePolicy(
        tenantId,
        { ...bodyOf(current), ...patch },
        {
          id,
          createdDateTime: current.createdDateTime,
          modifiedDateTime: nowIso(),
          templateId: current.templateId,
        },
        current,
      );
      await write(tenantId, async (trx) => {
        if (!(await accessStore.updatePolicy(trx, tenantId, policy))) throw accessErrors.policyNotFound(id);
      });
      return policy;
    },

    async deletePolicy(tenantId: string, id: string): Promise<void> {
      await write(tenantId, async (trx) => {
        if (!(await accessStore.deletePolicy(trx, tenantId, id))) throw accessErrors.policyNotFound(id);
      });
    },

    /** A policy body checked fully (as for create) and not saved; its id is `draft`. For impact analysis. */
    parseDraftPolicy(tenantId: string, body: unknown): Promise<ConditionalAccessPolicy> {
      return validatePolicy(tenantId, body, {
        id: 'draft',
        createdDateTime: nowIso(),
        modifiedDateTime: null,
        templateId: null,
      });
    },

    // --- named locations

    async createNamedLocation(tenantId: string, input: CreateNamedLocationInput): Promise<NamedLocation> {
      const fields = createNamedLocationSchema.parse(input);
      const location = buildNamedLocation(fields, {
        id: newId(),
        createdDateTime: nowIso(),
        modifiedDateTime: null,
      });
      await write(tenantId, (trx) => accessStore.insertNamedLocation(trx, tenantId, location));
      return location;
    },

    getNamedLocation: (tenantId: string, id: string): Promise<NamedLocation> =>
      loadNamedLocation(tenantId, id),

    async listNamedLocations(
      tenantId: string,
      options: { top: number; skipToken?: string },
    ): Promise<Page<NamedLocation>> {
      const after = options.skipToken ? decodeCursor(options.skipToken) : undefined;
      return accessStore.listNamedLocations(db, tenantId, options.top, after);
    },

    /** PATCH: the given fields replace the stored ones; the @odata.type cannot change. */
    async updateNamedLocation(
      tenantId: string,
      id: string,
      input: UpdateNamedLocationInput,
    ): Promise<NamedLocation> {
      const patch = updateNamedLocationSchema.parse(input);
      const current = await loadNamedLocation(tenantId, id);
      const type = current['@odata.type'];
      if (patch['@odata.type'] !== undefined && patch['@odata.type'] !== type)
        throw accessErrors.namedLocationTypeChange();
      for (const field of Object.keys(patch)) {
        if (field === '@odata.type' || field === 'displayName' || NAMED_LOCATION_FIELDS[type].includes(field))
          continue;
        throw new AppError(
          'unknown_field',
          'invalid',
          `'${field}' is not a field of a ${type.replace('#microsoft.graph.', '')}.`,
          field,
        );
      }
      const { id: _id, createdDateTime, modifiedDateTime: _modified, ...body } = current;
      const fields = createNamedLocationSchema.parse({ ...body, ...patch });
      const location = buildNamedLocation(fields, { id, createdDateTime, modifiedDateTime: nowIso() });
      await write(tenantId, async (trx) => {
        if (!(await accessStore.updateNamedLocation(trx, tenantId, location)))
          throw accessErrors.namedLocationNotFound(id);
      });
      return location;
    },

    /** Deletes a named location no policy uses (409 naming the policies that do, as Entra). */
    async deleteNamedLocation(tenantId: string, id: string): Promise<void> {
      const refuseInUse = async () => {
        const users = await accessStore.policiesUsingLocation(db, tenantId, id);
        if (users.length > 0) throw accessErrors.namedLocationInUse(id, users);
      };
      await refuseInUse();
      try {
        await write(tenantId, async (trx) => {
          if (!(await accessStore.deleteNamedLocation(trx, tenantId, id)))
            throw accessErrors.namedLocationNotFound(id);
        });
      } catch (error) {
        // A policy started using it meanwhile (the foreign key held).
        if (isAppError(error) && error.code === 'unknown_reference') await refuseInUse();
        throw error;
      }
    },

    // --- templates

    listTemplates: (): ConditionalAccessTemplate[] => TEMPLATES.map(toTemplateView),

    getTemplate(id: string): ConditionalAccessTemplate {
      const template = TEMPLATES.find((t) => t.id === id);
      if (!template) throw accessErrors.templateNotFound(id);
      return toTemplateView(template);
    },

    /**
     * A policy made from a template (report-only unless told otherwise). The country template
     * also creates the country named location the policy blocks.
     */
    async createPolicyFromTemplate(
      tenantId: string,
      templateId: string,
      input: CreateFromTemplateInput,
    ): Promise<ConditionalAccessPolicy> {
      const template = TEMPLATES.find((t) => t.id === templateId);
      if (!template) throw accessErrors.templateNotFound(templateId);
      const fields = createFromTemplateSchema.parse(input);
      for (const field of ['includeApplications', 'countriesAndRegions'] as const) {
        if (template.requires === field && fields[field] === undefined)
          throw accessErrors.invalidPolicy(`This template needs ${field}.`, field);
        if (template.requires !== field && fields[field] !== undefined)
          throw accessErrors.invalidPolicy(`This template does not take ${field}.`, field);
      }
      const displayName = fields.displayName ?? template.name;
      const now = nowIso();
      const details = structuredClone(template.details);
      const { conditions } = details;
      if (conditions.users) {
        conditions.users.excludeUsers = fields.excludeUsers ?? [];
        conditions.users.excludeGroups = fields.excludeGroups ?? [];
      }
      if (fields.includeApplications)
        conditions.applications.includeApplications = fields.includeApplications;
      let location: NamedLocation | undefined;
      if (fields.countriesAndRegions) {
        location = buildNamedLocation(
          createNamedLocationSchema.parse({
            '@odata.type': '#microsoft.graph.countryNamedLocation',
            displayName: `${displayName} (countries)`.slice(0, 256),
            countriesAndRegions: fields.countriesAndRegions,
          }),
          { id: newId(), createdDateTime: now, modifiedDateTime: null },
        );
        conditions.locations = { includeLocations: [location.id], excludeLocations: [] };
      }
      let policy: ConditionalAccessPolicy;
      try {
        policy = await validatePolicy(
          tenantId,
          { displayName, state: fields.state, ...details },
          { id: newId(), createdDateTime: now, modifiedDateTime: null, templateId: template.id },
          undefined,
          new Set(location ? [location.id] : []),
        );
      } catch (error) {
        // Name the template's input field, not the policy field it filled.
        const target = isAppError(error) ? error.target : undefined;
        const mapped = target && TEMPLATE_TARGETS.find(([prefix]) => target.startsWith(prefix));
        if (isAppError(error) && mapped)
          throw new AppError(error.code, error.kind, error.message, target.replace(mapped[0], mapped[1]));
        throw error;
      }
      await write(tenantId, async (trx) => {
        if (location) await accessStore.insertNamedLocation(trx, tenantId, location);
        await accessStore.insertPolicy(trx, tenantId, policy);
      });
      return policy;
    },

    // --- evaluation

    /**
     * The tenant's policies and named locations, oldest first. The same (frozen) object until
     * a change on any node, so callers may cache what they derive from it in a WeakMap.
     */
    rulesOf(tenantId: string): Promise<TenantAccessRules> {
      const checking = fresh?.(tenantId);
      return checking ? checking.then(() => cachedRules(tenantId)) : cachedRules(tenantId);
    },
  };

  function cachedRules(tenantId: string): Promise<TenantAccessRules> {
    let snapshot = snapshots.get(tenantId);
    if (!snapshot) {
      const loading = loadRules(tenantId);
      snapshot = loading;
      snapshots.set(tenantId, loading);
      loading.catch(() => {
        if (snapshots.get(tenantId) === loading) snapshots.delete(tenantId);
      });
    }
    return snapshot;
  }
  return service;
}
