import { errors, type KoaContextWithOIDC, type ResourceServer } from 'oidc-provider';
import type { Application } from '../applications/index.js';
import type { TenantKeySet } from '../keys/index.js';
import type { RegistrationCache } from './registrations.js';

/** What an admin granted one client on one API (src/authorization decides it). */
export interface ClientPermissions {
  /** Delegated permissions: scope values the client may ask for on a user's behalf. */
  scopes: ReadonlySet<string>;
  /** Application permissions: app role values the client holds as itself. */
  roles: ReadonlySet<string>;
}

export interface ApiPermissions {
  /** undefined when nothing at all is granted to the client on that API. */
  clientPermissions(
    tenantId: string,
    clientAppId: string,
    resourceAppId: string,
  ): Promise<ClientPermissions | undefined>;
}

export interface ResourceDeps {
  tenantId: string;
  registrations: RegistrationCache;
  keys: TenantKeySet;
  accessTokenTtlSeconds: number;
  permissions: ApiPermissions;
  /** Clients that get no API token whatever was granted (the account pages' own client). */
  apiLessClients: ReadonlySet<string>;
}

/** The OpenID Connect scopes: about the user, never about an API. */
export const OIDC_SCOPES: ReadonlySet<string> = new Set(['openid', 'profile', 'email', 'offline_access']);
export const DEFAULT_SCOPE = '.default';

/** `api://orders/read` or `https://host/api/.default`: a scope that carries its resource. */
export const isResourceQualified = (scope: string): boolean =>
  scope.includes(':') && scope.lastIndexOf('/') > scope.indexOf(':');

const resourceOf = (qualified: string) => qualified.slice(0, qualified.lastIndexOf('/'));
const permissionOf = (qualified: string) => qualified.slice(qualified.lastIndexOf('/') + 1);

/** App-only (client credentials) or on a user's behalf (every other grant). */
const isAppOnly = (ctx: KoaContextWithOIDC): boolean => ctx.oidc.params?.grant_type === 'client_credentials';

/**
 * The permission values a request names for one resource, in whichever form it used: unqualified
 * (`Orders.Read`, with `resource`) or Entra-qualified (`api://orders/Orders.Read`, `…/.default`).
 */
export function requestedFor(resource: string, scope: string | undefined): string[] {
  return String(scope ?? '')
    .split(' ')
    .filter((s) => s && !OIDC_SCOPES.has(s))
    .flatMap((s) => (!isResourceQualified(s) ? [s] : resourceOf(s) === resource ? [permissionOf(s)] : []));
}

/**
 * What a token for `resource` carries, from what was asked (`token.scope`, in the form asked)
 * and what is granted now: `.default` or nothing named means everything granted.
 */
export function effectivePermissions(
  resource: string,
  askedScope: string | undefined,
  granted: ReadonlySet<string>,
): string[] {
  const asked = requestedFor(resource, askedScope);
  if (asked.length === 0 || asked.includes(DEFAULT_SCOPE)) return [...granted];
  return [...new Set(asked)].filter((value) => granted.has(value));
}

const invalidScope = (description: string, scope = '') => new errors.InvalidScope(description, scope);

/**
 * Resolves resource indicators (RFC 8707) to the tenant's registered APIs, and decides what a
 * client may get for each: only what an admin granted it (deny by default). Delegated
 * permissions (scopes) on a user's behalf, application permissions (app roles) by client
 * credentials; asking for anything else is `invalid_scope`, and a client granted nothing on
 * an API gets no token for it. Scopes stay in the form the client asked them (Entra-qualified
 * or not), so a refresh may ask again in that form and the token response echoes it, which is
 * what MSAL's token cache keys on; the token's `scp` and `roles` are computed from them.
 */
export function createResourceResolver(deps: ResourceDeps) {
  async function apiOf(resource: string): Promise<Application> {
    const api = await deps.registrations.byIdentifierUri(resource);
    if (!api) throw new errors.InvalidTarget(`resource '${resource}' is not registered in this tenant`);
    return api;
  }

  async function permissionsOf(clientId: string, resource: string): Promise<ClientPermissions> {
    const api = await apiOf(resource);
    const granted = deps.apiLessClients.has(clientId)
      ? undefined
      : await deps.permissions.clientPermissions(deps.tenantId, clientId, api.appId);
    if (!granted || granted.scopes.size + granted.roles.size === 0)
      throw invalidScope(`the client has no permission granted on '${resource}'`);
    return granted;
  }

  return {
    async getResourceServerInfo(
      ctx: KoaContextWithOIDC,
      resource: string,
      client: { clientId: string },
    ): Promise<ResourceServer> {
      const granted = await permissionsOf(client.clientId, resource);
      const appOnly = isAppOnly(ctx);
      const allowed = appOnly ? granted.roles : granted.scopes;
      if (allowed.size === 0)
        throw invalidScope(
          appOnly
            ? `the client holds no application permission on '${resource}'`
            : `the client has no delegated permission granted on '${resource}'`,
        );
      const refused = requestedFor(resource, ctx.oidc.params?.scope as string | undefined).filter(
        (value) => value !== DEFAULT_SCOPE && !allowed.has(value),
      );
      if (refused.length > 0)
        throw invalidScope(
          `not granted to this client ${appOnly ? 'as application permissions' : 'as delegated permissions'} on '${resource}': ${refused.join(' ')}`,
          refused.join(' '),
        );
      // Both forms name the same permission: the token keeps the form the request used.
      const names = [DEFAULT_SCOPE, ...allowed].flatMap((value) =>
        value === DEFAULT_SCOPE ? [`${resource}/${value}`] : [value, `${resource}/${value}`],
      );
      return {
        scope: names.join(' '),
        audience: resource,
        accessTokenTTL: deps.accessTokenTtlSeconds,
        accessTokenFormat: 'jwt',
        jwt: { sign: { alg: deps.keys.active.alg, kid: deps.keys.active.kid } },
      };
    },

    /**
     * With no `resource` parameter: the resource named in Entra-style scopes, if any. Scopes
     * that are neither OpenID Connect's nor qualified name no API: refused, as Entra does.
     */
    async defaultResource(
      ctx: KoaContextWithOIDC,
      _client: unknown,
      oneOf?: string[],
    ): Promise<string | string[] | undefined> {
      if (oneOf?.length) return oneOf[0];
      const requested = String(ctx.oidc.params?.scope ?? '')
        .split(' ')
        .filter((s) => s && !OIDC_SCOPES.has(s));
      const qualified = requested.filter(isResourceQualified);
      if (qualified.length < requested.length) {
        const bare = requested.filter((s) => !isResourceQualified(s));
        throw invalidScope(
          `scopes of an API are asked for with their resource (the 'resource' parameter, or qualified as {identifierUri}/{scope}): ${bare.join(' ')}`,
          bare.join(' '),
        );
      }
      if (qualified.length === 0) return undefined;
      const resources = new Set(qualified.map(resourceOf));
      if (resources.size > 1)
        throw new errors.InvalidTarget('scopes of only one resource may be requested at a time');
      const [resource] = resources as Set<string> & [string];
      await apiOf(resource);
      return resource;
    },

    /** The API app of a resource a token was issued for (its `scp` and `roles` come from there). */
    apiOf,
    permissionsOf,
  };
}

export type ResourceResolver = ReturnType<typeof createResourceResolver>;
