import type { Application, ServicePrincipal } from '../applications/index.js';
import {
  AppError,
  CACHES_STALE,
  type Clock,
  type EventBus,
  inUseError,
  newId,
  staleTenantOf,
} from '../platform/index.js';
import { bumpConfigVersion, type Db } from '../storage/index.js';
import { readClaimsMappingDefinition } from './claims-mapping.js';
import { type AuthenticationEvent, EVENTS, eventOfExtensionType, eventOfListenerType } from './events.js';
import {
  type ClaimsMappingPolicy,
  type CreateClaimsMappingPolicyInput,
  type CreateExtensionInput,
  type CreateListenerInput,
  type CustomExtension,
  DEFAULT_MAXIMUM_RETRIES,
  DEFAULT_TIMEOUT_MS,
  type ExtensionSettings,
  type Listener,
  type UpdateExtensionInput,
  type UpdateListenerInput,
} from './model.js';
import { type MigrationAttributeCandidate, migrationAttributeNamed } from './password-submit.js';
import { claimsMappingStore, extensionStore, listenerStore } from './store.js';

/** Entra's limits: 100 extensions and 250 listeners a tenant. */
export const MAX_EXTENSIONS = 100;
export const MAX_LISTENERS = 250;

export const EXTENSIONS_CHANGED = 'extensions.changed';

export const extensionErrors = {
  notFound: (id: string) =>
    new AppError(
      'extension_not_found',
      'notFound',
      `Custom authentication extension '${id}' does not exist in this tenant.`,
      'id',
    ),
  listenerNotFound: (id: string) =>
    new AppError(
      'listener_not_found',
      'notFound',
      `Authentication event listener '${id}' does not exist in this tenant.`,
      'id',
    ),
  policyNotFound: (id: string) =>
    new AppError(
      'claims_mapping_policy_not_found',
      'notFound',
      `Claims mapping policy '${id}' does not exist in this tenant.`,
      'id',
    ),
  invalid: (message: string, target: string) => new AppError('invalid_extension', 'invalid', message, target),
  tooMany: (what: string, max: number) =>
    new AppError('too_many', 'conflict', `A tenant can have at most ${max} ${what}.`),
};

export interface ExtensionServiceDeps {
  db: Db;
  clock: Clock;
  events: EventBus;
  applications: {
    findByAppId(tenantId: string, appId: string): Promise<Application | undefined>;
    findByIdentifierUri(tenantId: string, uri: string): Promise<Application | undefined>;
  };
  servicePrincipals: {
    find(tenantId: string, id: string): Promise<ServicePrincipal | undefined>;
    findByAppId(tenantId: string, appId: string): Promise<ServicePrincipal | undefined>;
  };
  /** The tenant's custom attributes: a password submit listener's migrationPropertyId names one. */
  customAttributes: (tenantId: string) => Promise<MigrationAttributeCandidate[]>;
  /** Drops the tenant's caches when its configuration changed unheard (the config watch). */
  fresh?: (tenantId: string) => Promise<void> | undefined;
}

/** What a sign-in needs to call an extension: resolved once, kept until a change. */
export interface BoundExtension {
  event: AuthenticationEvent;
  listener: Listener;
  extension: CustomExtension;
  /** The appId of the API the callout's token is for. */
  resourceAppId: string;
  timeoutInMilliseconds: number;
  maximumRetries: number;
  fallbackOnError: boolean;
}

interface TenantConfiguration {
  extensions: Map<string, CustomExtension>;
  /** Highest priority first, then oldest. */
  listeners: Listener[];
  /** Claims of each service principal's policy. */
  mappingBySp: Map<string, ClaimsMappingPolicy>;
}

/**
 * Custom authentication extensions (Graph `customAuthenticationExtension`), the listeners that
 * bind them to an event for chosen apps (`authenticationEventListener`), and the claims-mapping
 * policies that let an extension's claims into an app's tokens (`claimsMappingPolicy`). Each
 * change commits with the tenant's configuration version and is published, so every node
 * drops what it resolved for the tenant.
 */
export function createExtensionService(deps: ExtensionServiceDeps) {
  const { db, clock, events } = deps;
  const configurations = new Map<string, Promise<TenantConfiguration>>();
  const principals = new Map<string, Promise<ServicePrincipal | undefined>>();
  const forget = (tenantId: string) => {
    configurations.delete(tenantId);
    for (const key of principals.keys()) if (key.startsWith(`${tenantId}:`)) principals.delete(key);
  };
  events.subscribe(EXTENSIONS_CHANGED, ({ tenantId }) => forget(String(tenantId)));
  events.subscribe(CACHES_STALE, (payload) => {
    const tenantId = staleTenantOf(payload);
    if (tenantId === undefined) {
      configurations.clear();
      principals.clear();
    } else forget(tenantId);
  });
  const nowIso = () => clock.now().toISOString();

  async function changing<T>(tenantId: string, work: (trx: Db) => Promise<T>): Promise<T> {
    const result = await db.transaction().execute(async (trx) => {
      const value = await work(trx);
      await bumpConfigVersion(trx, tenantId);
      return value;
    });
    events.publish(EXTENSIONS_CHANGED, { tenantId });
    return result;
  }

  /** The app an extension's `resourceId` names: by appId or by one of its identifierUris. */
  async function resourceApp(tenantId: string, resourceId: string): Promise<Application> {
    const app =
      (await deps.applications.findByAppId(tenantId, resourceId)) ??
      (await deps.applications.findByIdentifierUri(tenantId, resourceId));
    if (!app)
      throw extensionErrors.invalid(
        `The resourceId '${resourceId}' names no application of this tenant: give the appId or an identifierUri of the extension's API registration.`,
        'authenticationConfiguration.resourceId',
      );
    return app;
  }

  function settingsOf(
    event: AuthenticationEvent,
    input: Partial<CreateExtensionInput>,
    before?: ExtensionSettings,
  ): ExtensionSettings {
    if (input.claimsForTokenConfiguration !== undefined && event !== 'tokenIssuanceStart')
      throw extensionErrors.invalid(
        'Only a token issuance extension has claimsForTokenConfiguration.',
        'claimsForTokenConfiguration',
      );
    if (input.behaviorOnError && event !== 'emailOtpSend')
      throw extensionErrors.invalid(
        'Only an email one-time code extension has a behaviorOnError.',
        'behaviorOnError',
      );
    return {
      targetUrl: input.endpointConfiguration?.targetUrl ?? before?.targetUrl ?? '',
      resourceId: input.authenticationConfiguration?.resourceId ?? before?.resourceId ?? '',
      timeoutInMilliseconds:
        input.clientConfiguration === undefined
          ? (before?.timeoutInMilliseconds ?? null)
          : (input.clientConfiguration?.timeoutInMilliseconds ?? null),
      maximumRetries:
        input.clientConfiguration === undefined
          ? (before?.maximumRetries ?? null)
          : (input.clientConfiguration?.maximumRetries ?? null),
      fallbackOnError:
        input.behaviorOnError === undefined
          ? (before?.fallbackOnError ?? false)
          : input.behaviorOnError !== null,
      claimIds:
        input.claimsForTokenConfiguration?.map((c) => c.claimIdInApiResponse) ?? before?.claimIds ?? [],
    };
  }

  async function loadExtension(tenantId: string, id: string, trx: Db = db) {
    const found = await extensionStore.find(trx, tenantId, id);
    if (!found) throw extensionErrors.notFound(id);
    return found;
  }

  async function loadListener(tenantId: string, id: string, trx: Db = db) {
    const found = await listenerStore.find(trx, tenantId, id);
    if (!found) throw extensionErrors.listenerNotFound(id);
    return found;
  }

  /** A listener's handler must name an extension of its own event; its apps must be registered. */
  async function checkListener(tenantId: string, listener: Listener, trx: Db): Promise<void> {
    const extension = await extensionStore.find(trx, tenantId, listener.handler.extensionId);
    if (!extension)
      throw extensionErrors.invalid(
        `Custom authentication extension '${listener.handler.extensionId}' does not exist in this tenant.`,
        'handler.customExtension.id',
      );
    if (extension.event !== listener.event)
      throw extensionErrors.invalid(
        `A ${EVENTS[listener.event].listenerType} needs a ${EVENTS[listener.event].extensionType}; '${extension.displayName}' is a ${EVENTS[extension.event].extensionType}.`,
        'handler.customExtension.id',
      );
    if (listener.includeAllApplications && listener.event === 'tokenIssuanceStart')
      throw extensionErrors.invalid(
        'includeAllApplications must be false for a token issuance listener: name the applications.',
        'conditions.applications.includeAllApplications',
      );
    if (listener.event === 'passwordSubmit' && !listener.handler.migrationPropertyId)
      throw extensionErrors.invalid(
        'A password submit listener needs handler.migrationPropertyId: the boolean attribute that marks users still to migrate.',
        'handler.migrationPropertyId',
      );
    if (listener.event !== 'passwordSubmit' && listener.handler.migrationPropertyId !== undefined)
      throw extensionErrors.invalid(
        'Only a password submit listener has a migrationPropertyId.',
        'handler.migrationPropertyId',
      );
  }

  /** A password submit listener's migration property must name a boolean custom attribute. */
  async function checkMigrationProperty(tenantId: string, propertyId: string | undefined): Promise<void> {
    if (propertyId === undefined) return;
    if (!migrationAttributeNamed(await deps.customAttributes(tenantId), propertyId))
      throw extensionErrors.invalid(
        `'${propertyId}' names no boolean custom attribute of this tenant: create one (dataType boolean) and name it, or its extension_{name} claim name.`,
        'handler.migrationPropertyId',
      );
  }

  /** A listener's apps must be registered (read outside the write: SQLite has one connection). */
  async function checkApplications(tenantId: string, appIds: string[]): Promise<void> {
    for (const [i, appId] of appIds.entries())
      if (!(await deps.applications.findByAppId(tenantId, appId)))
        throw extensionErrors.invalid(
          `Application '${appId}' is not registered in this tenant.`,
          `conditions.applications.includeApplications.${i}.appId`,
        );
  }

  function handlerOf(
    event: AuthenticationEvent,
    input: CreateListenerInput['handler'] | UpdateListenerInput['handler'],
    before?: Listener['handler'],
  ): Listener['handler'] {
    const type = input?.['@odata.type'];
    if (
      type !== undefined &&
      type.replace(/^#/, '').toLowerCase() !== `microsoft.graph.${EVENTS[event].handlerType}`.toLowerCase()
    )
      throw extensionErrors.invalid(
        `must be #microsoft.graph.${EVENTS[event].handlerType}`,
        'handler.@odata.type',
      );
    const configuration = input?.configuration;
    const client = configuration?.clientConfiguration;
    return {
      extensionId: input?.customExtension?.id ?? before?.extensionId ?? '',
      ...(configuration === undefined
        ? {
            timeoutInMilliseconds: before?.timeoutInMilliseconds,
            maximumRetries: before?.maximumRetries,
            fallbackOnError: before?.fallbackOnError,
          }
        : {
            timeoutInMilliseconds: client?.timeoutInMilliseconds ?? undefined,
            maximumRetries: client?.maximumRetries ?? undefined,
            fallbackOnError:
              configuration?.behaviorOnError === undefined
                ? undefined
                : configuration.behaviorOnError !== null,
          }),
      migrationPropertyId: input?.migrationPropertyId ?? before?.migrationPropertyId,
    };
  }

  async function loadConfiguration(tenantId: string): Promise<TenantConfiguration> {
    const [extensions, listeners, policies, assignments] = await Promise.all([
      extensionStore.list(db, tenantId),
      listenerStore.list(db, tenantId),
      claimsMappingStore.list(db, tenantId),
      claimsMappingStore.assignments(db, tenantId),
    ]);
    const byId = new Map(policies.map((row) => [row.id, toPolicy(row)]));
    const mappingBySp = new Map<string, ClaimsMappingPolicy>();
    for (const a of assignments) {
      const policy = byId.get(a.policy_id);
      if (policy) mappingBySp.set(a.service_principal_id, policy);
    }
    return {
      extensions: new Map(extensions.map((e) => [e.id, e])),
      listeners: [...listeners].sort((a, b) => b.priority - a.priority),
      mappingBySp,
    };
  }

  async function configuration(tenantId: string): Promise<TenantConfiguration> {
    await deps.fresh?.(tenantId);
    let loading = configurations.get(tenantId);
    if (!loading) {
      loading = loadConfiguration(tenantId);
      configurations.set(tenantId, loading);
      loading.catch(() => configurations.delete(tenantId));
    }
    return loading;
  }

  function principalOf(tenantId: string, appId: string) {
    const key = `${tenantId}:${appId}`;
    let loading = principals.get(key);
    if (!loading) {
      loading = deps.servicePrincipals.findByAppId(tenantId, appId);
      principals.set(key, loading);
      loading.catch(() => principals.delete(key));
    }
    return loading;
  }

  return {
    // --- extensions ---------------------------------------------------------------------------
    async createExtension(tenantId: string, input: CreateExtensionInput): Promise<CustomExtension> {
      const event = eventOfExtensionType(input['@odata.type']) as AuthenticationEvent;
      await resourceApp(tenantId, input.authenticationConfiguration.resourceId);
      const extension: CustomExtension = {
        id: newId(),
        tenantId,
        event,
        displayName: input.displayName,
        description: input.description ?? null,
        settings: settingsOf(event, input),
      };
      await changing(tenantId, async (trx) => {
        if ((await extensionStore.count(trx, tenantId)) >= MAX_EXTENSIONS)
          throw extensionErrors.tooMany('custom authentication extensions', MAX_EXTENSIONS);
        await extensionStore.insert(trx, extension, nowIso());
      });
      return extension;
    },
    getExtension: (tenantId: string, id: string) => loadExtension(tenantId, id),
    listExtensions: (tenantId: string) => extensionStore.list(db, tenantId),
    async updateExtension(
      tenantId: string,
      id: string,
      input: UpdateExtensionInput,
    ): Promise<{ before: CustomExtension; after: CustomExtension }> {
      const before = await loadExtension(tenantId, id);
      const type = input['@odata.type'];
      if (type !== undefined && eventOfExtensionType(type) !== before.event)
        throw extensionErrors.invalid(
          `An extension's type cannot change: it is a ${EVENTS[before.event].extensionType}.`,
          '@odata.type',
        );
      if (input.authenticationConfiguration)
        await resourceApp(tenantId, input.authenticationConfiguration.resourceId);
      const after: CustomExtension = {
        ...before,
        displayName: input.displayName ?? before.displayName,
        description: input.description === undefined ? before.description : input.description,
        settings: settingsOf(before.event, input, before.settings),
      };
      await changing(tenantId, (trx) => extensionStore.update(trx, after, nowIso()));
      return { before, after };
    },
    async deleteExtension(tenantId: string, id: string): Promise<CustomExtension> {
      return changing(tenantId, async (trx) => {
        const extension = await loadExtension(tenantId, id, trx);
        const users = (await listenerStore.list(trx, tenantId)).filter((l) => l.handler.extensionId === id);
        if (users.length > 0)
          throw inUseError(
            'extension_in_use',
            `The extension '${extension.displayName}'`,
            users.map((l) => ({ id: l.id, displayName: l.displayName ?? l.id })),
            { one: 'the listener', many: 'the listeners', detailCode: 'used_by_listener' },
          );
        await extensionStore.delete(trx, tenantId, id);
        return extension;
      });
    },

    // --- listeners ----------------------------------------------------------------------------
    async createListener(tenantId: string, input: CreateListenerInput): Promise<Listener> {
      const event = eventOfListenerType(input['@odata.type']) as AuthenticationEvent;
      const listener: Listener = {
        id: newId(),
        tenantId,
        event,
        displayName: input.displayName ?? null,
        priority: input.priority ?? 500,
        includeAllApplications: input.conditions.applications.includeAllApplications ?? false,
        includeApplications: [
          ...new Set(input.conditions.applications.includeApplications.map((a) => a.appId)),
        ],
        handler: handlerOf(event, input.handler),
        createdAt: nowIso(),
      };
      await checkApplications(tenantId, listener.includeApplications);
      await checkMigrationProperty(tenantId, listener.handler.migrationPropertyId);
      await changing(tenantId, async (trx) => {
        const existing = await listenerStore.list(trx, tenantId);
        if (existing.length >= MAX_LISTENERS)
          throw extensionErrors.tooMany('authentication event listeners', MAX_LISTENERS);
        await checkListener(tenantId, listener, trx);
        await listenerStore.insert(trx, listener);
      });
      return listener;
    },
    getListener: (tenantId: string, id: string) => loadListener(tenantId, id),
    listListeners: (tenantId: string) => listenerStore.list(db, tenantId),
    async updateListener(
      tenantId: string,
      id: string,
      input: UpdateListenerInput,
    ): Promise<{ before: Listener; after: Listener }> {
      const apps = input.conditions?.applications;
      if (apps)
        await checkApplications(
          tenantId,
          apps.includeApplications.map((a) => a.appId),
        );
      await checkMigrationProperty(tenantId, input.handler?.migrationPropertyId);
      return changing(tenantId, async (trx) => {
        const before = await loadListener(tenantId, id, trx);
        const type = input['@odata.type'];
        if (type !== undefined && eventOfListenerType(type) !== before.event)
          throw extensionErrors.invalid(
            `A listener's type cannot change: it is a ${EVENTS[before.event].listenerType}.`,
            '@odata.type',
          );
        const after: Listener = {
          ...before,
          displayName: input.displayName === undefined ? before.displayName : input.displayName,
          priority: input.priority ?? before.priority,
          includeAllApplications: apps?.includeAllApplications ?? before.includeAllApplications,
          includeApplications: apps
            ? [...new Set(apps.includeApplications.map((a) => a.appId))]
            : before.includeApplications,
          handler: input.handler ? handlerOf(before.event, input.handler, before.handler) : before.handler,
        };
        await checkListener(tenantId, after, trx);
        await listenerStore.replace(trx, after);
        return { before, after };
      });
    },
    async deleteListener(tenantId: string, id: string): Promise<Listener> {
      return changing(tenantId, async (trx) => {
        const listener = await loadListener(tenantId, id, trx);
        await listenerStore.delete(trx, tenantId, id);
        return listener;
      });
    },

    // --- claims-mapping policies --------------------------------------------------------------
    async createPolicy(
      tenantId: string,
      input: CreateClaimsMappingPolicyInput,
    ): Promise<ClaimsMappingPolicy> {
      const definition = input.definition[0] as string;
      const policy = {
        id: newId(),
        tenantId,
        displayName: input.displayName,
        definition,
        claims: claimsOf(definition),
      };
      await changing(tenantId, (trx) => claimsMappingStore.insert(trx, policy, nowIso()));
      return policy;
    },
    async getPolicy(tenantId: string, id: string): Promise<ClaimsMappingPolicy> {
      const row = await claimsMappingStore.find(db, tenantId, id);
      if (!row) throw extensionErrors.policyNotFound(id);
      return toPolicy(row);
    },
    listPolicies: async (tenantId: string) => (await claimsMappingStore.list(db, tenantId)).map(toPolicy),
    async updatePolicy(tenantId: string, id: string, input: Partial<CreateClaimsMappingPolicyInput>) {
      return changing(tenantId, async (trx) => {
        const row = await claimsMappingStore.find(trx, tenantId, id);
        if (!row) throw extensionErrors.policyNotFound(id);
        const before = toPolicy(row);
        const definition = input.definition?.[0] ?? before.definition;
        const after = {
          ...before,
          displayName: input.displayName ?? before.displayName,
          definition,
          claims: claimsOf(definition),
        };
        await claimsMappingStore.update(trx, after);
        return { before, after };
      });
    },
    async deletePolicy(tenantId: string, id: string): Promise<ClaimsMappingPolicy> {
      return changing(tenantId, async (trx) => {
        const row = await claimsMappingStore.find(trx, tenantId, id);
        if (!row) throw extensionErrors.policyNotFound(id);
        await claimsMappingStore.delete(trx, tenantId, id);
        return toPolicy(row);
      });
    },
    /** The policies assigned to a service principal (none or one). */
    async policiesOf(tenantId: string, servicePrincipalId: string): Promise<ClaimsMappingPolicy[]> {
      await servicePrincipalOrThrow(tenantId, servicePrincipalId);
      const assigned = (await claimsMappingStore.assignments(db, tenantId)).filter(
        (a) => a.service_principal_id === servicePrincipalId,
      );
      const policies = await claimsMappingStore.list(db, tenantId);
      return policies.filter((p) => assigned.some((a) => a.policy_id === p.id)).map(toPolicy);
    },
    async assignPolicy(
      tenantId: string,
      servicePrincipalId: string,
      reference: string,
    ): Promise<ClaimsMappingPolicy> {
      const sp = await servicePrincipalOrThrow(tenantId, servicePrincipalId);
      const policyId = /claimsMappingPolicies\/([^/?#]+)\/?$/.exec(reference)?.[1] ?? reference;
      return changing(tenantId, async (trx) => {
        const row = await claimsMappingStore.find(trx, tenantId, policyId);
        if (!row)
          throw extensionErrors.invalid(
            `'${reference}' names no claims mapping policy of this tenant.`,
            '@odata.id',
          );
        if (
          (await claimsMappingStore.assignments(trx, tenantId)).some((a) => a.service_principal_id === sp.id)
        )
          throw new AppError(
            'claims_mapping_policy_assigned',
            'conflict',
            `The service principal '${sp.displayName}' already has a claims mapping policy: remove it first (one policy per service principal).`,
            '@odata.id',
          );
        await claimsMappingStore.assign(trx, tenantId, sp.id, row.id);
        return toPolicy(row);
      });
    },
    async unassignPolicy(
      tenantId: string,
      servicePrincipalId: string,
      policyId: string,
    ): Promise<ClaimsMappingPolicy> {
      await servicePrincipalOrThrow(tenantId, servicePrincipalId);
      return changing(tenantId, async (trx) => {
        const row = await claimsMappingStore.find(trx, tenantId, policyId);
        if (!row || (await claimsMappingStore.unassign(trx, tenantId, servicePrincipalId, policyId)) === 0)
          throw extensionErrors.policyNotFound(policyId);
        return toPolicy(row);
      });
    },

    // --- what sign-ins and tokens ask ---------------------------------------------------------
    /** The extension that serves an event for an app (the highest-priority listener), if any. */
    async boundExtension(
      tenantId: string,
      event: AuthenticationEvent,
      appId: string,
    ): Promise<BoundExtension | undefined> {
      const config = await configuration(tenantId);
      const listener = config.listeners.find(
        (l) => l.event === event && (l.includeAllApplications || l.includeApplications.includes(appId)),
      );
      const extension = listener && config.extensions.get(listener.handler.extensionId);
      if (!listener || !extension) return undefined;
      const resource = await resourceApp(tenantId, extension.settings.resourceId).catch(() => undefined);
      const { handler } = listener;
      return {
        event,
        listener,
        extension,
        resourceAppId: resource?.appId ?? extension.settings.resourceId,
        timeoutInMilliseconds:
          handler.timeoutInMilliseconds ?? extension.settings.timeoutInMilliseconds ?? DEFAULT_TIMEOUT_MS,
        maximumRetries:
          handler.maximumRetries ?? extension.settings.maximumRetries ?? DEFAULT_MAXIMUM_RETRIES,
        fallbackOnError: handler.fallbackOnError ?? extension.settings.fallbackOnError,
      };
    },
    /** Whether any listener of the tenant serves this event (a cheap check before gathering a callout's data). */
    async hasListeners(tenantId: string, event?: AuthenticationEvent): Promise<boolean> {
      return (await configuration(tenantId)).listeners.some((l) => event === undefined || l.event === event);
    },
    /** The claims-mapping policy of an app's service principal, if it has one. */
    async claimsMappingOf(tenantId: string, appId: string): Promise<ClaimsMappingPolicy | undefined> {
      const config = await configuration(tenantId);
      if (config.mappingBySp.size === 0) return undefined;
      const sp = await principalOf(tenantId, appId);
      return sp && config.mappingBySp.get(sp.id);
    },
    /** The service principal of an app (cached), for a callout's authenticationContext. */
    servicePrincipalOf: principalOf,
  };

  async function servicePrincipalOrThrow(tenantId: string, id: string): Promise<ServicePrincipal> {
    const sp = await deps.servicePrincipals.find(tenantId, id);
    if (!sp)
      throw new AppError(
        'service_principal_not_found',
        'notFound',
        `Service principal '${id}' does not exist in this tenant.`,
        'id',
      );
    return sp;
  }
}

function claimsOf(definition: string) {
  const read = readClaimsMappingDefinition(definition);
  if (!read.ok) throw extensionErrors.invalid(read.message, 'definition.0');
  return read.claims;
}

function toPolicy(row: {
  id: string;
  tenant_id: string;
  display_name: string;
  definition: string;
}): ClaimsMappingPolicy {
  const read = readClaimsMappingDefinition(row.definition);
  return {
    id: row.id,
    tenantId: row.tenant_id,
    displayName: row.display_name,
    definition: row.definition,
    claims: read.ok ? read.claims : [],
  };
}

export type ExtensionService = ReturnType<typeof createExtensionService>;
