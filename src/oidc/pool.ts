import type Provider from 'oidc-provider';
import type { KeyService, TenantKeySet } from '../keys/index.js';
import { CACHES_STALE, type Clock, type EventBus, staleTenantOf } from '../platform/index.js';
import type { Tenant, TenantService } from '../tenants/index.js';
import { TENANT_CHANGED } from '../tenants/index.js';
import type { RegistrationCache } from './registrations.js';

/** What one tenant's protocol layer holds: its settings, its provider, its app registrations. */
export interface TenantProtocol {
  tenant: Tenant;
  provider: Provider;
  registrations: RegistrationCache;
}

export interface ProviderPoolDeps {
  tenants: TenantService;
  keys: KeyService;
  clock: Clock;
  events: EventBus;
  build: (tenant: Tenant, keys: TenantKeySet) => TenantProtocol | Promise<TenantProtocol>;
  /**
   * Looked at before each use of a tenant: drops what this node caches for the tenant when
   * its configuration changed without this node hearing (see `createConfigWatch`). Answers
   * undefined when there is nothing to wait for.
   */
  fresh?: (tenantId: string) => Promise<void> | undefined;
}

interface Entry {
  protocol: Promise<TenantProtocol | undefined>;
  validUntil: number;
}

/**
 * One oidc-provider per tenant, built on first use and cached until the tenant's settings,
 * registrations or keys change (a `tenant.changed` event, from any node; or, for a node that
 * missed the event, the tenant's configuration version moving), or a key changes state on its
 * own (a pending key activates, a retired one leaves the JWKS).
 */
export function createProviderPool({ tenants, keys, clock, events, build, fresh }: ProviderPoolDeps) {
  const entries = new Map<string, Entry>();

  events.subscribe(TENANT_CHANGED, ({ tenantId }) => entries.delete(String(tenantId)));
  // Events may have been missed (a Redis gap): drop the tenant's provider, or every one.
  events.subscribe(CACHES_STALE, (payload) => {
    const tenantId = staleTenantOf(payload);
    if (tenantId === undefined) entries.clear();
    else entries.delete(tenantId);
  });

  function load(tenantId: string): Entry {
    const entry: Entry = { validUntil: Number.POSITIVE_INFINITY, protocol: Promise.resolve(undefined) };
    entry.protocol = (async () => {
      const tenant = await tenants.find(tenantId);
      if (!tenant) return undefined;
      const keySet = await keys.keySet(tenantId);
      entry.validUntil = keySet.validUntil?.getTime() ?? Number.POSITIVE_INFINITY;
      return build(tenant, keySet);
    })();
    // Neither a miss nor a failed build is cached; the next request looks again.
    const forget = () => entries.get(tenantId) === entry && entries.delete(tenantId);
    entry.protocol.then((protocol) => protocol ?? forget(), forget);
    return entry;
  }

  /** The tenant's protocol layer, or undefined when there is no such tenant. */
  function resolve(tenantId: string): Promise<TenantProtocol | undefined> {
    const checking = fresh?.(tenantId);
    return checking ? checking.then(() => cached(tenantId)) : cached(tenantId);
  }

  function cached(tenantId: string): Promise<TenantProtocol | undefined> {
    let entry = entries.get(tenantId);
    if (!entry || entry.validUntil <= clock.now().getTime()) {
      entry = load(tenantId);
      entries.set(tenantId, entry);
    }
    return entry.protocol;
  }

  return {
    resolve,
    /** The tenant's provider, or undefined when there is no such tenant. */
    get: async (tenantId: string): Promise<Provider | undefined> => (await resolve(tenantId))?.provider,
    evict: (tenantId: string) => void entries.delete(tenantId),
  };
}

export type ProviderPool = ReturnType<typeof createProviderPool>;
