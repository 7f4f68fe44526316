import { importJWK, SignJWT } from 'jose';
import type { Clock } from '../platform/index.js';

/**
 * The application id a callout's bearer token names as its caller (`azp` and `appid`): Entra's
 * "Authentication Event Trigger" app, so an extension written for Entra External ID, which checks
 * this id, accepts Gatehouse's callouts once its issuer and keys point at the tenant.
 */
export const CALLOUT_CLIENT_ID = '99045fe1-7639-4a75-9d4a-577b6ca3810f';

/** How long a callout token is good for: a callout lasts two seconds at most, retries included. */
export const CALLOUT_TOKEN_SECONDS = 300;

/** The tenant's signing key, as oidc-provider signs its tokens with (private JWK + kid + alg). */
export interface CalloutSigningKey {
  kid: string;
  alg: string;
  privateJwk: Record<string, unknown>;
}

export interface CalloutTokenDeps {
  clock: Clock;
  /** The tenant's issuer (`{baseUrl}/t/{tenantId}`), the `iss` its JWKS is published under. */
  issuerOf: (tenantId: string) => string;
  /** The tenant's active signing key. */
  signingKeyOf: (tenantId: string) => Promise<CalloutSigningKey>;
}

/** How long a token is reused for callouts to the same API (like a client's cached access token). */
export const CALLOUT_TOKEN_REUSE_SECONDS = 60;

/**
 * Issues the bearer token of a callout: signed with the tenant's active key, for the
 * extension's API (`aud`: the resource app's id), from the fixed caller above, short-lived.
 * The business's API validates it against the tenant's JWKS like any Gatehouse access token.
 * A token is reused for a minute per tenant and API, so a sign-in does not pay for a signature
 * (and a key import) each time; it is still valid minutes after its last use.
 */
export function createCalloutTokens(deps: CalloutTokenDeps) {
  const issued = new Map<string, { token: Promise<string>; renewAt: number }>();

  async function sign(tenantId: string, audience: string, now: number): Promise<string> {
    const key = await deps.signingKeyOf(tenantId);
    return new SignJWT({ tid: tenantId, azp: CALLOUT_CLIENT_ID, appid: CALLOUT_CLIENT_ID, ver: '2.0' })
      .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'JWT' })
      .setIssuer(deps.issuerOf(tenantId))
      .setSubject(CALLOUT_CLIENT_ID)
      .setAudience(audience)
      .setIssuedAt(now)
      .setNotBefore(now)
      .setExpirationTime(now + CALLOUT_TOKEN_SECONDS)
      .sign(await importJWK(key.privateJwk, key.alg));
  }

  return async function calloutToken(tenantId: string, audience: string): Promise<string> {
    const now = Math.floor(deps.clock.now().getTime() / 1000);
    const cacheKey = `${tenantId}\n${audience}`;
    const cached = issued.get(cacheKey);
    if (cached && cached.renewAt > now) return cached.token;
    // Bounded: past a thousand tenant and API pairs, start afresh.
    if (issued.size >= 1000) issued.clear();
    const token = sign(tenantId, audience, now);
    issued.set(cacheKey, { token, renewAt: now + CALLOUT_TOKEN_REUSE_SECONDS });
    token.catch(() => issued.get(cacheKey)?.token === token && issued.delete(cacheKey));
    return token;
  };
}

export type CalloutTokens = ReturnType<typeof createCalloutTokens>;
