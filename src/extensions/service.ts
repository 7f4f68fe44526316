import type { Application, ServicePrincipal } from '../applications/index.js';
import { type Clock, type EventBus, inUseError, newId } from '../platform/index.js';
import { bumpConfigVersion, type Db } from '../storage/index.js';
import { type BoundExtension, createBindings, EXTENSIONS_CHANGED } from './bindings.js';
import { createClaimsMappingPolicies } from './claims-mapping-policies.js';
import { extensionErrors } from './errors.js';
import { type AuthenticationEvent, EVENTS, eventOfExtensionType, eventOfListenerType } from './events.js';
import type {
  CreateExtensionInput,
  CreateListenerInput,
  CustomExtension,
  ExtensionSettings,
  Listener,
  UpdateExtensionInput,
  UpdateListenerInput,
} from './model.js';
import { type MigrationAttributeCandidate, migrationAttributeNamed } from './password-submit.js';
import { extensionStore, listenerStore } from './store.js';

/** Entra's limits: 100 extensions and 250 listeners a tenant. */
export const MAX_EXTENSIONS = 100;
export const MAX_LISTENERS = 250;

export { type BoundExtension, EXTENSIONS_CHANGED, extensionErrors };

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

/**
 * Custom authentication extensions (Graph `customAuthenticationExtension`), the listeners that
 * bind them to an event for chosen apps (`authenticationEventListener`), and the claims-mapping
 * policies that let an extension's claims into an app's tokens (`claimsMappingPolicy`). Each
 * change commits with the tenant's configuration version and is published, so every node
 * drops what it resolved for the tenant.
 */
export function createExtensionService(deps: ExtensionServiceDeps) {
  const { db, clock, events } = deps;
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

  const policies = createClaimsMappingPolicies({
    db,
    clock,
    changing,
    servicePrincipals: deps.servicePrincipals,
  });
  const bindings = createBindings({
    db,
    events,
    servicePrincipals: deps.servicePrincipals,
    fresh: deps.fresh,
    resourceAppId: async (tenantId, resourceId) =>
      (await resourceApp(tenantId, resourceId).catch(() => undefined))?.appId,
  });

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

    ...policies,
    ...bindings,
  };
}

export type ExtensionService = ReturnType<typeof createExtensionService>;
