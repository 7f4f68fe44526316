import type { KoaContextWithOIDC } from 'oidc-provider';
import { effectivePermissions, type ResourceResolver } from './resources.js';

/** The app roles of one API a user holds (directly or through a group). */
export type UserAppRoles = (tenantId: string, userId: string, resourceAppId: string) => Promise<string[]>;

interface IssuedToken {
  kind: string;
  clientId?: string;
  accountId?: string;
  scope?: string;
  resourceServer?: { audience?: string };
}

interface StructuredToken {
  payload: Record<string, unknown>;
}

/**
 * Shapes an API access token as Entra's: an app's own token (client credentials) carries the
 * application permissions it holds in `roles` and no scopes; a token on a user's behalf
 * carries the delegated permissions in `scp` (and `scope`, RFC 9068), expanded from
 * `.default` and stripped of their resource, and the user's app roles of that API in `roles`.
 */
export function createAccessTokenShaper(deps: {
  tenantId: string;
  resources: Pick<ResourceResolver, 'apiOf' | 'permissionsOf'>;
  userAppRoles: UserAppRoles;
}) {
  return async function shapeAccessToken(
    _ctx: KoaContextWithOIDC,
    token: IssuedToken,
    jwt: StructuredToken,
  ): Promise<void> {
    const resource = token.resourceServer?.audience;
    if (!resource || !token.clientId) return;
    const granted = await deps.resources.permissionsOf(token.clientId, resource);
    const { payload } = jwt;
    if (token.kind === 'ClientCredentials') {
      delete payload.scope;
      payload.roles = effectivePermissions(resource, token.scope, granted.roles);
      return;
    }
    const scp = effectivePermissions(resource, token.scope, granted.scopes).join(' ');
    payload.scp = scp;
    payload.scope = scp;
    if (token.accountId) {
      const api = await deps.resources.apiOf(resource);
      const roles = await deps.userAppRoles(deps.tenantId, token.accountId, api.appId);
      if (roles.length > 0) payload.roles = roles;
    }
  };
}
