import { errors, type KoaContextWithOIDC, type ResourceServer } from 'oidc-provider';
import type { TenantKeySet } from '../keys/index.js';
import type { RegistrationCache } from './registrations.js';

export interface ResourceDeps {
  registrations: RegistrationCache;
  keys: TenantKeySet;
  accessTokenTtlSeconds: number;
  /** Resources the tenant has without an app registration (the admin API in `admin`). */
  builtIn: Map<string, { scopes: string[] }>;
}

/**
 * Resolves resource indicators (RFC 8707) to the tenant's registered APIs, and accepts
 * Entra's way of naming them through the scope: `{identifierUri}/.default` or
 * `{identifierUri}/{scope}`.
 */
export function createResourceResolver(deps: ResourceDeps) {
  async function scopesOf(resource: string): Promise<string[] | undefined> {
    const builtIn = deps.builtIn.get(resource);
    if (builtIn) return builtIn.scopes;
    const app = await deps.registrations.byIdentifierUri(resource);
    return app?.api.oauth2PermissionScopes.filter((s) => s.isEnabled).map((s) => s.value);
  }

  return {
    async getResourceServerInfo(_ctx: KoaContextWithOIDC, resource: string): Promise<ResourceServer> {
      const scopes = await scopesOf(resource);
      if (!scopes) throw new errors.InvalidTarget(`resource '${resource}' is not registered in this tenant`);
      return {
        scope: scopes.join(' '),
        audience: resource,
        accessTokenTTL: deps.accessTokenTtlSeconds,
        accessTokenFormat: 'jwt',
        jwt: { sign: { alg: deps.keys.active.alg, kid: deps.keys.active.kid } },
      };
    },

    /** With no `resource` parameter: take the resource named in Entra-style scopes, if any. */
    async defaultResource(
      ctx: KoaContextWithOIDC,
      _client: unknown,
      oneOf?: string[],
    ): Promise<string | string[] | undefined> {
      const requested = String(ctx.oidc.params?.scope ?? '')
        .split(' ')
        .filter(Boolean);
      const qualified = requested.filter(isResourceQualified);
      if (qualified.length === 0) return oneOf?.[0];
      const resources = new Set(qualified.map((s) => s.slice(0, s.lastIndexOf('/'))));
      if (resources.size > 1)
        throw new errors.InvalidTarget('scopes of only one resource may be requested at a time');
      const [resource] = resources as Set<string> & [string];
      const available = await scopesOf(resource);
      if (!available)
        throw new errors.InvalidTarget(`resource '${resource}' is not registered in this tenant`);
      const expanded = qualified.flatMap((s) =>
        s.endsWith('/.default') ? available : [s.slice(s.lastIndexOf('/') + 1)],
      );
      // oidc-provider reads the requested scopes from the params after this point.
      (ctx.oidc.params as Record<string, unknown>).scope = [
        ...requested.filter((s) => !isResourceQualified(s)),
        ...new Set(expanded),
      ].join(' ');
      return resource;
    },
  };
}

/** `api://orders/read` or `https://host/api/.default`: a scope that carries its resource. */
const isResourceQualified = (scope: string): boolean =>
  scope.includes(':') && scope.lastIndexOf('/') > scope.indexOf(':');
