import { createPrivateKey } from 'node:crypto';
import { SignJWT } from 'jose';
import { z } from 'zod';
import { AppError } from '../platform/errors.js';
import type { OutboundFetch } from '../platform/index.js';
import type { FederationConnector, UpstreamResponse } from './connector.js';
import type { SocialEndpoints } from './endpoints.js';
import { APPLE_TYPE, type AppleManagedIdentityProvider, type ResolvedIdentityProvider } from './model.js';
import {
  createOidcConnector,
  type OidcUpstream,
  oidcTransactionOf,
  type UpstreamIdentity,
} from './oidc-connector.js';

/** Apple asks for `name` and `email`; it answers them by form post, never in the query. */
const SCOPE = 'name email';
/** Apple accepts up to six months; a client secret made for one token request needs minutes. */
const CLIENT_SECRET_TTL_S = 300;
/** The `user` field is a small JSON object; anything bigger is not Apple's. */
const MAX_USER_FIELD_CHARS = 4096;

const userFieldSchema = z.object({
  name: z
    .object({
      firstName: z.string().max(256).optional(),
      lastName: z.string().max(256).optional(),
    })
    .optional(),
  email: z.string().max(320).optional(),
});

const nonEmpty = (value: string | undefined): string | null => {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
};

/**
 * The name in Apple's `user` form field: `{"name":{"firstName","lastName"},"email"}`. Apple
 * sends it only the first time a user consents to the app; it is the browser's to post, so it
 * is read defensively, and a malformed one counts as none rather than failing the sign-in.
 */
export function appleUserName(user: string | undefined): {
  givenName: string | null;
  surname: string | null;
  displayName: string | null;
} {
  const none = { givenName: null, surname: null, displayName: null };
  if (user === undefined || user.length > MAX_USER_FIELD_CHARS) return none;
  let json: unknown;
  try {
    json = JSON.parse(user);
  } catch {
    return none;
  }
  const parsed = userFieldSchema.safeParse(json);
  if (!parsed.success) return none;
  const givenName = nonEmpty(parsed.data.name?.firstName);
  const surname = nonEmpty(parsed.data.name?.lastName);
  const displayName = [givenName, surname].filter(Boolean).join(' ') || null;
  return { givenName, surname, displayName };
}

function appleProvider(
  provider: ResolvedIdentityProvider,
): AppleManagedIdentityProvider & { privateKeyPem: string } {
  if (provider['@odata.type'] !== APPLE_TYPE)
    throw new AppError('invalid_identity_provider', 'invalid', 'The identity provider is not Apple.');
  if (!provider.secrets.privateKeyPem)
    throw new AppError('invalid_identity_provider', 'invalid', 'The Apple private key is missing.');
  return { ...provider, privateKeyPem: provider.secrets.privateKeyPem };
}

/**
 * Sign in with Apple: OpenID Connect with the response posted back (`response_mode=form_post`),
 * state, nonce and PKCE; the generic connector checks the ID token (Apple's JWKS, issuer,
 * audience = the Services ID, expiry, nonce). Apple's client secret is a short-lived ES256 JWT
 * signed with the developer's .p8 key, made afresh for each request.
 */
export function createAppleConnector(deps: {
  endpoints: SocialEndpoints['apple'];
  /** Every request to Apple goes through it: the outbound policy. */
  fetch: OutboundFetch;
  allowInsecureLocalhost?: boolean;
  timeoutMs?: number;
  /** Milliseconds since the epoch, for the client secret's times. */
  now?: () => number;
}): FederationConnector {
  const oidc = createOidcConnector({
    fetch: deps.fetch,
    now: deps.now,
    ...(deps.allowInsecureLocalhost !== undefined && { allowInsecureLocalhost: deps.allowInsecureLocalhost }),
    ...(deps.timeoutMs !== undefined && { timeoutMs: deps.timeoutMs }),
  });
  const now = deps.now ?? Date.now;

  /** The client secret: {alg ES256, kid} {iss team, sub Services ID, aud Apple's issuer, iat, exp}. */
  async function clientSecret(apple: AppleManagedIdentityProvider & { privateKeyPem: string }) {
    // The audience is Apple's issuer, read from discovery so that a test's fake Apple works too.
    const { issuer } = await oidc.discover(deps.endpoints.metadataUrl);
    let key: ReturnType<typeof createPrivateKey>;
    try {
      key = createPrivateKey(apple.privateKeyPem);
    } catch {
      throw new AppError('invalid_identity_provider', 'invalid', 'The Apple private key is not valid.');
    }
    const iat = Math.floor(now() / 1000);
    return new SignJWT({})
      .setProtectedHeader({ alg: 'ES256', kid: apple.keyId })
      .setIssuer(apple.developerId)
      .setSubject(apple.serviceId)
      .setAudience(issuer)
      .setIssuedAt(iat)
      .setExpirationTime(iat + CLIENT_SECRET_TTL_S)
      .sign(key);
  }

  async function upstreamOf(provider: ResolvedIdentityProvider): Promise<OidcUpstream> {
    const apple = appleProvider(provider);
    return {
      metadataUrl: deps.endpoints.metadataUrl,
      clientId: apple.serviceId,
      clientSecret: await clientSecret(apple),
      clientAuthenticationMethod: 'client_secret_post',
      scope: SCOPE,
      usePkce: true,
    };
  }

  return {
    issuer: () => oidc.issuer(deps.endpoints.metadataUrl),
    async start(provider, options) {
      // The client secret is made here too, though only the token request sends it: a broken
      // key then fails before the user is sent to Apple rather than after.
      const started = await oidc.start(await upstreamOf(provider), options.callbackUrl, {
        // Apple's scope is exactly `name email`; it issues the ID token without `openid`.
        authorizationParams: { response_mode: 'form_post', scope: SCOPE },
      });
      return { url: started.url, transaction: { ...started.transaction } };
    },

    async finish(provider, transaction, response, options): Promise<UpstreamIdentity> {
      const upstream = await upstreamOf(provider);
      const { user, ...oauthResponse } = response as UpstreamResponse & { user?: string };
      const identity = await oidc.finishResponse(upstream, oidcTransactionOf(transaction), oauthResponse, {
        callbackUrl: options.callbackUrl,
        responseMode: 'form_post',
      });
      const verified = identity.claims.email_verified;
      return {
        ...identity,
        // Apple has sent `email_verified` both as the JSON boolean and as the string "true".
        emailVerified: verified === true || verified === 'true',
        // Apple's ID token carries no name: only the first response's `user` field does.
        ...appleUserName(user),
      };
    },
  };
}
