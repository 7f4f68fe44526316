import type { Application, ApplicationService } from '../applications/index.js';

const MAX_ENTRIES = 2000;

/**
 * A tenant's app registrations as its provider sees them, read once and kept for the
 * provider's lifetime: any change to a registration rebuilds the provider (a
 * `tenant.changed` event), which starts a fresh cache. Misses are not kept, so an app
 * registered a moment ago is found on its first request. Every protocol lookup of a client
 * (`client_id`) or resource (`resource`, scopes that name one) goes through here.
 */
export function createRegistrationCache(applications: ApplicationService, tenantId: string) {
  const byAppId = new Map<string, Application>();
  const byIdentifierUri = new Map<string, Application>();

  async function through(
    cache: Map<string, Application>,
    key: string,
    load: () => Promise<Application | undefined>,
  ): Promise<Application | undefined> {
    // A NUL character (U+0000) is in no app id or identifier URI (the admin API refuses it, and
    // PostgreSQL cannot store it): a client_id or resource holding one names nothing.
    if (key.includes('\u0000')) return undefined;
    const cached = cache.get(key);
    if (cached) return cached;
    const found = await load();
    if (found) {
      if (cache.size >= MAX_ENTRIES) cache.clear();
      cache.set(key, found);
    }
    return found;
  }

  return {
    byAppId: (appId: string) => through(byAppId, appId, () => applications.findByAppId(tenantId, appId)),
    byIdentifierUri: (uri: string) =>
      through(byIdentifierUri, uri, () => applications.findByIdentifierUri(tenantId, uri)),
  };
}

export type RegistrationCache = ReturnType<typeof createRegistrationCache>;
