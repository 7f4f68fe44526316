import type { FastifyRequest } from 'fastify';
import { createLocalJWKSet, type JWTPayload, jwtVerify } from 'jose';
import type { KeyService } from '../../keys/index.js';
import { AppError, CACHES_STALE, type Clock, type EventBus, staleTenantOf } from '../../platform/index.js';
import { ADMIN_TENANT_ID, TENANT_CHANGED } from '../../tenants/index.js';

export interface AdminPrincipal {
  /** The user id, or the client id of an application. */
  subject: string;
  /** The client the token was issued to: equal to `subject` for an application's own token. */
  clientId: string;
  /** Who acts: the user of a delegated token, or the application's service principal. */
  kind: 'user' | 'servicePrincipal';
  /**
   * The id role assignments name: the user's id, or the application's service principal id;
   * undefined for an application the admin tenant no longer knows (it holds no role).
   */
  principalId: string | undefined;
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
  /** The principal id (service principal) of an application of the admin tenant, by its appId. */
  principalOfClient: (appId: string) => Promise<string | undefined>;
}

const unauthenticated = (message: string) => new AppError('unauthenticated', 'unauthenticated', message);

/**
 * Verifies admin API bearer tokens: JWTs the `admin` tenant issued for the admin API
 * resource, checked against that tenant's published keys (held in memory, refreshed when
 * they change), and names who acts: the user of a delegated token (its client is not its
 * subject), or the service principal of an application's own (client credentials) token.
 * What that principal may do is decided per call from its live role assignments, never from
 * the token's `wids`.
 */
export function createAdminAuthenticator({
  keys,
  clock,
  events,
  issuer,
  audience,
  fresh,
  principalOfClient,
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
      const subject = String(payload.sub ?? '');
      const clientId = String(payload.client_id ?? '');
      if (!subject) throw unauthenticated('The bearer token names no subject.');
      // A client-credentials token's subject is its client; a delegated token's is the user.
      if (!clientId || subject === clientId) {
        const appId = clientId || subject;
        return { subject, clientId, kind: 'servicePrincipal', principalId: await principalOfClient(appId) };
      }
      return { subject, clientId, kind: 'user', principalId: subject };
    },
  };
}

export type AdminAuthenticator = ReturnType<typeof createAdminAuthenticator>;
