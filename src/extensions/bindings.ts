import type { ServicePrincipal } from '../applications/index.js';
import { CACHES_STALE, type EventBus, staleTenantOf } from '../platform/index.js';
import type { Db } from '../storage/index.js';
import { toPolicy } from './claims-mapping-policies.js';
import type { AuthenticationEvent } from './events.js';
import {
  type ClaimsMappingPolicy,
  type CustomExtension,
  DEFAULT_MAXIMUM_RETRIES,
  DEFAULT_TIMEOUT_MS,
  type Listener,
} from './model.js';
import { claimsMappingStore, extensionStore, listenerStore } from './store.js';

/** Published when a tenant's extensions, listeners or claims mapping change: every node drops what it resolved. */
export const EXTENSIONS_CHANGED = 'extensions.changed';

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

export interface BindingDeps {
  db: Db;
  events: EventBus;
  servicePrincipals: { findByAppId(tenantId: string, appId: string): Promise<ServicePrincipal | undefined> };
  /** The appId of the app an extension's resourceId names (undefined when it names none any more). */
  resourceAppId: (tenantId: string, resourceId: string) => Promise<string | undefined>;
  /** Drops the tenant's caches when its configuration changed unheard (the config watch). */
  fresh?: (tenantId: string) => Promise<void> | undefined;
}

/**
 * What sign-ins and tokens ask of a tenant's extensions, on every token request and page:
 * answered from the tenant's whole configuration, loaded once and kept until a change (this
 * node's or another's, by event or by the configuration version).
 */
export function createBindings(deps: BindingDeps) {
  const { db, events } = deps;
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
      const resourceAppId = await deps.resourceAppId(tenantId, extension.settings.resourceId);
      const { handler } = listener;
      return {
        event,
        listener,
        extension,
        resourceAppId: resourceAppId ?? extension.settings.resourceId,
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
}
