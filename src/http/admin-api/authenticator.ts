import type { FastifyRequest } from 'fastify';
import { createLocalJWKSet, type JWTPayload, jwtVerify } from 'jose';
import { DIRECTORY_ROLES } from '../../directory/index.js';
import type { KeyService } from '../../keys/index.js';
import { AppError, CACHES_STALE, type Clock, type EventBus, staleTenantOf } from '../../platform/index.js';
import { ADMIN_TENANT_ID, TENANT_CHANGED } from '../../tenants/index.js';

export interface AdminPrincipal {
  /** The user id, or the client id of an application. */
  subject: string;
  roles: string[];
  /** The client the token was issued to: equal to `subject` for an application's own token. */
  clientId: string;
}

/** The principal of each authenticated admin request (who acts, for the audit trail). */
const principals = new WeakMap<FastifyRequest, AdminPrincipal>();
export const rememberPrincipal = (request: FastifyRequest, principal: AdminPrincipal): void =>
  void principals.set(request, principal);
export const principalOf = (request: FastifyRequest): AdminPrincipal | undefined => principals.get(request);

export interface AdminAuthenticatorDeps {
  keys: KeyService;
  clock: Clock;
  events: EventBus;
  issuer: string;
  audience: string;
  /** Drops the cached keys when the admin tenant's configuration changed unheard (see the provider pool). */
  fresh?: (tenantId: string) => Promise<void> | undefined;
}

const unauthenticated = (message: string) => new AppError('unauthenticated', 'unauthenticated', message);

/**
 * Verifies admin API bearer tokens: JWTs the `admin` tenant issued for the admin API
 * resource, checked against that tenant's published keys (held in memory, refreshed when
 * they change) and authorised by the directory roles they carry (`wids`).
 */
export function createAdminAuthenticator({
  keys,
  clock,
  events,
  issuer,
  audience,
  fresh,
}: AdminAuthenticatorDeps) {
  let cached: { jwks: ReturnType<typeof createLocalJWKSet>; validUntil: number } | undefined;
  events.subscribe(TENANT_CHANGED, ({ tenantId }) => {
    if (tenantId === ADMIN_TENANT_ID) cached = undefined;
  });
  events.subscribe(CACHES_STALE, (payload) => {
    const tenantId = staleTenantOf(payload);
    if (tenantId === undefined || tenantId === ADMIN_TENANT_ID) cached = undefined;
  });

  async function keySet() {
    await fresh?.(ADMIN_TENANT_ID);
    if (!cached || cached.validUntil <= clock.now().getTime()) {
      const set = await keys.keySet(ADMIN_TENANT_ID);
      cached = {
        jwks: createLocalJWKSet({ keys: set.publicJwks as never }),
        validUntil: set.validUntil?.getTime() ?? Number.POSITIVE_INFINITY,
      };
    }
    return cached.jwks;
  }

  return {
    async authenticate(authorization: string | undefined): Promise<AdminPrincipal> {
      const match = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/i.exec(authorization ?? '');
      if (!match) throw unauthenticated('A bearer token for the admin API is required.');
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(match[1] as string, await keySet(), {
          issuer,
          audience,
          algorithms: ['RS256', 'ES256'],
          // No currentDate: the tokens' iat/exp come from oidc-provider, which reads the system
          // clock, so they are judged by that same clock.
          typ: 'at+jwt',
        }));
      } catch {
        throw unauthenticated('The bearer token is not valid for the admin API.');
      }
      return {
        subject: String(payload.sub),
        roles: Array.isArray(payload.wids) ? payload.wids.map(String) : [],
        clientId: String(payload.client_id ?? ''),
      };
    },

    authorize(principal: AdminPrincipal): void {
      if (!principal.roles.includes(DIRECTORY_ROLES.globalAdministrator.id)) {
        throw new AppError(
          'forbidden',
          'forbidden',
          'The token does not carry the Global Administrator role.',
        );
      }
    },
  };
}

export type AdminAuthenticator = ReturnType<typeof createAdminAuthenticator>;
