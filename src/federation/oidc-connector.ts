import { createPrivateKey, webcrypto } from 'node:crypto';
import * as oidc from 'openid-client';
import { z } from 'zod';
import { AppError } from '../platform/errors.js';
import { FAILURE_MEMORY_MS, type OutboundFetch } from '../platform/index.js';

/** One generic OpenID Connect identity provider, as an administrator configured it. */
export interface OidcUpstream {
  metadataUrl: string;
  clientId: string;
  clientSecret?: string;
  clientAuthenticationMethod: 'client_secret_post' | 'client_secret_basic' | 'private_key_jwt';
  privateKeyPem?: string;
  scope: string;
  usePkce: boolean;
  /** Which upstream claim fills each attribute; the OpenID Connect standard claims by default. */
  claimsMapping?: {
    userId?: string;
    displayName?: string;
    givenName?: string;
    surname?: string;
    email?: string;
    emailVerified?: string;
  };
}

/** The transaction is kept server-side by the caller (shared state), never in the browser. */
export interface UpstreamStart {
  url: string;
  transaction: { state: string; nonce: string; codeVerifier?: string; redirectUri: string };
}

export interface UpstreamIdentity {
  issuer: string;
  subject: string;
  email: string | null;
  emailVerified: boolean;
  displayName: string | null;
  givenName: string | null;
  surname: string | null;
  claims: Record<string, unknown>;
}

export type UpstreamErrorKind = 'idpError' | 'invalidState' | 'invalidToken' | 'unavailable';

/**
 * Why a sign-in with an upstream provider failed. `error` and `errorDescription` are the
 * provider's own (an authorization or token endpoint error), kept for the page and the logs.
 */
export class UpstreamError extends Error {
  constructor(
    readonly kind: UpstreamErrorKind,
    message: string,
    readonly error?: string,
    readonly errorDescription?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'UpstreamError';
  }
}

export const isUpstreamError = (value: unknown): value is UpstreamError => value instanceof UpstreamError;

const upstreamSchema = z
  .object({
    metadataUrl: z.url({ protocol: /^https?$/ }),
    clientId: z.string().min(1),
    clientSecret: z.string().min(1).optional(),
    clientAuthenticationMethod: z.enum(['client_secret_post', 'client_secret_basic', 'private_key_jwt']),
    privateKeyPem: z.string().min(1).optional(),
    scope: z.string(),
    usePkce: z.boolean(),
    claimsMapping: z
      .object({
        userId: z.string().min(1).optional(),
        displayName: z.string().min(1).optional(),
        givenName: z.string().min(1).optional(),
        surname: z.string().min(1).optional(),
        email: z.string().min(1).optional(),
        emailVerified: z.string().min(1).optional(),
      })
      .optional(),
  })
  .refine(
    (u) => (u.clientAuthenticationMethod === 'private_key_jwt' ? !!u.privateKeyPem : !!u.clientSecret),
    {
      message: 'the client authentication method needs its secret or private key',
    },
  );

function validUpstream(upstream: OidcUpstream): OidcUpstream {
  const parsed = upstreamSchema.safeParse(upstream);
  if (!parsed.success)
    throw new AppError('invalid_identity_provider', 'invalid', 'The identity provider is misconfigured.');
  return upstream;
}

const transactionSchema = z.object({
  state: z.string().min(1),
  nonce: z.string().min(1),
  redirectUri: z.string().min(1),
  codeVerifier: z.string().min(1).optional(),
});

/**
 * The transaction of `start`, as it comes back from shared state (typed `unknown` there): one
 * that is not ours — or lost a field — ends the sign-in as a stale one.
 */
export function oidcTransactionOf(transaction: unknown): UpstreamStart['transaction'] {
  const parsed = transactionSchema.safeParse(transaction);
  if (!parsed.success) throw new UpstreamError('invalidState', 'The sign-in transaction is not valid.');
  const { codeVerifier, ...rest } = parsed.data;
  return { ...rest, ...(codeVerifier && { codeVerifier }) };
}

export const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(['localhost', '127.0.0.1', '[::1]']);
const DISCOVERY_TTL_MS = 3600_000;
/** What an extra authorization parameter may never replace: the values that protect the flow. */
const PROTECTED_AUTHORIZATION_PARAMS = [
  'state',
  'nonce',
  'code_challenge',
  'code_challenge_method',
  'redirect_uri',
  'response_type',
  'client_id',
] as const;

/** The Web Crypto algorithm matching a PEM private key, for private_key_jwt. */
async function importPrivateKey(pem: string): Promise<oidc.CryptoKey> {
  const key = createPrivateKey(pem);
  const der = key.export({ format: 'der', type: 'pkcs8' });
  const type = key.asymmetricKeyType;
  const algorithm =
    type === 'rsa'
      ? { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }
      : type === 'ec'
        ? {
            name: 'ECDSA',
            namedCurve: key.asymmetricKeyDetails?.namedCurve === 'secp384r1' ? 'P-384' : 'P-256',
          }
        : type === 'ed25519'
          ? { name: 'Ed25519' }
          : undefined;
  if (!algorithm)
    throw new AppError('invalid_identity_provider', 'invalid', 'The private key type is not supported.');
  return webcrypto.subtle.importKey('pkcs8', der, algorithm, false, ['sign']) as Promise<oidc.CryptoKey>;
}

/** oauth4webapi's codes for an ID token that fails a check (signature, claims, times, keys). */
const TOKEN_CHECK_CODES = new Set([
  'OAUTH_JWT_CLAIM_COMPARISON_FAILED',
  'OAUTH_JWT_TIMESTAMP_CHECK_FAILED',
  'OAUTH_KEY_SELECTION_FAILED',
  'OAUTH_INVALID_RESPONSE',
  'OAUTH_PARSE_ERROR',
]);

const claimString = (value: unknown): string | null =>
  typeof value === 'string' && value.trim() !== '' ? value : null;

/** Turns what openid-client throws into the four kinds the sign-in pages explain. */
function upstreamErrorOf(error: unknown): UpstreamError {
  if (error instanceof UpstreamError) return error;
  if (error instanceof oidc.AuthorizationResponseError)
    return new UpstreamError(
      'idpError',
      'The identity provider refused the sign-in.',
      error.error,
      error.error_description,
      { cause: error },
    );
  if (error instanceof oidc.ResponseBodyError) {
    // A rejected code (used twice, expired, wrong PKCE verifier) means: start again.
    const kind = error.error === 'invalid_grant' ? 'invalidState' : 'unavailable';
    return new UpstreamError(
      kind,
      'The identity provider rejected the token request.',
      error.error,
      error.error_description,
      { cause: error },
    );
  }
  const code = (error as { code?: unknown })?.code;
  if (typeof code === 'string' && TOKEN_CHECK_CODES.has(code))
    return new UpstreamError(
      'invalidToken',
      'The ID token from the identity provider is not valid.',
      undefined,
      undefined,
      { cause: error },
    );
  return new UpstreamError('unavailable', 'The identity provider cannot be reached.', undefined, undefined, {
    cause: error,
  });
}

/**
 * The generic OpenID Connect upstream connector: the authorization code flow against an
 * external IdP, with state, nonce and PKCE (S256); openid-client checks the ID token's
 * signature, issuer, audience and expiry. Discovery documents are cached per metadata URL.
 */
export function createOidcConnector(options: {
  /** Every request to the provider (discovery, keys, token) goes through it: the outbound policy. */
  fetch: OutboundFetch;
  allowInsecureLocalhost?: boolean;
  timeoutMs?: number;
  /** Epoch ms, for the caches. */
  now?: () => number;
}) {
  const timeout = Math.max(1, Math.ceil((options.timeoutMs ?? 10_000) / 1000));
  const now = options.now ?? Date.now;
  const discovered = new Map<string, { until: number; metadata: Promise<oidc.ServerMetadata> }>();

  function insecureAllowed(metadataUrl: URL): boolean {
    if (metadataUrl.protocol === 'https:') return false;
    if (options.allowInsecureLocalhost && LOOPBACK_HOSTS.has(metadataUrl.hostname)) return true;
    throw new AppError(
      'invalid_identity_provider',
      'invalid',
      'The metadata URL of the identity provider must use https.',
    );
  }

  function serverMetadata(metadataUrl: URL, insecure: boolean): Promise<oidc.ServerMetadata> {
    const cached = discovered.get(metadataUrl.href);
    if (cached && now() < cached.until) return cached.metadata;
    const metadata = oidc
      .discovery(metadataUrl, 'discovery', undefined, oidc.None(), {
        timeout,
        [oidc.customFetch]: options.fetch,
        ...(insecure && { execute: [oidc.allowInsecureRequests] }),
      })
      .then((config) => config.serverMetadata());
    discovered.set(metadataUrl.href, { until: now() + DISCOVERY_TTL_MS, metadata });
    // A failed discovery (unreachable, refused, or no valid document) is kept a minute, not an
    // hour: sign-ins meanwhile fail at once rather than asking the provider again.
    metadata.catch(() => {
      const entry = discovered.get(metadataUrl.href);
      if (entry?.metadata === metadata) entry.until = now() + FAILURE_MEMORY_MS;
    });
    return metadata;
  }

  async function clientAuth(upstream: OidcUpstream): Promise<oidc.ClientAuth> {
    switch (upstream.clientAuthenticationMethod) {
      case 'client_secret_post':
        return oidc.ClientSecretPost(upstream.clientSecret);
      case 'client_secret_basic':
        return oidc.ClientSecretBasic(upstream.clientSecret);
      case 'private_key_jwt':
        return oidc.PrivateKeyJwt(await importPrivateKey(upstream.privateKeyPem ?? ''));
    }
  }

  /** The provider's discovery document (cached); `unavailable` when it cannot be had. */
  async function discoveredMetadata(metadataUrl: URL, insecure: boolean): Promise<oidc.ServerMetadata> {
    try {
      return await serverMetadata(metadataUrl, insecure);
    } catch (error) {
      throw new UpstreamError(
        'unavailable',
        'The identity provider cannot be discovered.',
        undefined,
        undefined,
        {
          cause: error,
        },
      );
    }
  }

  async function configuration(upstream: OidcUpstream): Promise<oidc.Configuration> {
    validUpstream(upstream);
    const metadataUrl = new URL(upstream.metadataUrl);
    const insecure = insecureAllowed(metadataUrl);
    const metadata = await discoveredMetadata(metadataUrl, insecure);
    const config = new oidc.Configuration(metadata, upstream.clientId, undefined, await clientAuth(upstream));
    config.timeout = timeout;
    config[oidc.customFetch] = options.fetch;
    if (insecure) oidc.allowInsecureRequests(config);
    return config;
  }

  function identityOf(
    issuer: string,
    claims: Record<string, unknown>,
    upstream: OidcUpstream,
  ): UpstreamIdentity {
    const mapping = upstream.claimsMapping ?? {};
    const subject = claimString(claims[mapping.userId ?? 'sub']);
    if (!subject) throw new UpstreamError('invalidToken', 'The ID token names no user.');
    const verified = claims[mapping.emailVerified ?? 'email_verified'];
    return {
      issuer,
      subject,
      email: claimString(claims[mapping.email ?? 'email']),
      // Only a literal true counts: never link accounts on a maybe.
      emailVerified: verified === true,
      displayName: claimString(claims[mapping.displayName ?? 'name']),
      givenName: claimString(claims[mapping.givenName ?? 'given_name']),
      surname: claimString(claims[mapping.surname ?? 'family_name']),
      claims,
    };
  }

  async function complete(
    upstream: OidcUpstream,
    transaction: UpstreamStart['transaction'],
    response: URL | Request,
    callbackUrl: URL,
    receivedState: string | null,
  ): Promise<UpstreamIdentity> {
    const config = await configuration(upstream);
    // openid-client takes the token request's redirect_uri from the callback URL: it must be ours.
    if (`${callbackUrl.origin}${callbackUrl.pathname}` !== transaction.redirectUri)
      throw new UpstreamError('invalidState', 'The callback URL is not the redirect URI of the sign-in.');
    if (receivedState !== transaction.state)
      throw new UpstreamError('invalidState', 'The state of the callback does not match the sign-in.');
    if (upstream.usePkce && !transaction.codeVerifier)
      throw new UpstreamError('invalidState', 'The sign-in has no PKCE verifier.');
    try {
      const tokens = await oidc.authorizationCodeGrant(config, response, {
        expectedState: transaction.state,
        expectedNonce: transaction.nonce,
        idTokenExpected: true,
        ...(transaction.codeVerifier && { pkceCodeVerifier: transaction.codeVerifier }),
      });
      const claims = tokens.claims();
      if (!claims) throw new UpstreamError('invalidToken', 'The identity provider sent no ID token.');
      return identityOf(claims.iss, { ...claims }, upstream);
    } catch (error) {
      throw upstreamErrorOf(error);
    }
  }

  return {
    /**
     * The provider's discovery document (cached), for connectors that need more of it than the
     * code flow does — Apple's client secret is a JWT whose audience is the issuer.
     */
    async discover(metadataUrl: string): Promise<oidc.ServerMetadata> {
      const url = new URL(metadataUrl);
      return discoveredMetadata(url, insecureAllowed(url));
    },

    /** The provider's issuer from its discovery document; undefined while it cannot be discovered. */
    async issuer(metadataUrl: string): Promise<string | undefined> {
      try {
        const url = new URL(metadataUrl);
        return (await discoveredMetadata(url, insecureAllowed(url))).issuer;
      } catch {
        return undefined;
      }
    },

    async start(
      upstream: OidcUpstream,
      redirectUri: string,
      startOptions: {
        loginHint?: string;
        uiLocales?: string;
        /**
         * More authorization request parameters, or other values for `scope` or `response_mode`
         * (Apple: `response_mode=form_post`, `scope=name email`). The parameters that protect the
         * flow (state, nonce, PKCE, redirect_uri, response_type, client_id) cannot be replaced.
         */
        authorizationParams?: Record<string, string>;
      } = {},
    ): Promise<UpstreamStart> {
      const config = await configuration(upstream);
      const state = oidc.randomState();
      const nonce = oidc.randomNonce();
      const codeVerifier = upstream.usePkce ? oidc.randomPKCECodeVerifier() : undefined;
      const scopes = upstream.scope.split(/\s+/).filter(Boolean);
      if (!scopes.includes('openid')) scopes.unshift('openid');
      const extra = { ...startOptions.authorizationParams };
      for (const name of PROTECTED_AUTHORIZATION_PARAMS) delete extra[name];
      const url = oidc.buildAuthorizationUrl(config, {
        scope: scopes.join(' '),
        ...(startOptions.loginHint && { login_hint: startOptions.loginHint }),
        ...(startOptions.uiLocales && { ui_locales: startOptions.uiLocales }),
        ...extra,
        redirect_uri: redirectUri,
        response_type: 'code',
        state,
        nonce,
        ...(codeVerifier && {
          code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
          code_challenge_method: 'S256',
        }),
      });
      return {
        url: url.href,
        transaction: { state, nonce, redirectUri, ...(codeVerifier && { codeVerifier }) },
      };
    },

    /** Finishes from the callback URL of a redirect (the query carries the response). */
    finish(
      upstream: OidcUpstream,
      transaction: UpstreamStart['transaction'],
      callbackUrl: URL,
    ): Promise<UpstreamIdentity> {
      return complete(upstream, transaction, callbackUrl, callbackUrl, callbackUrl.searchParams.get('state'));
    },

    /**
     * Finishes from the response's parameters as the route received them: the query of a
     * redirect, or the fields of a form post (`response_mode=form_post`), which is then handed
     * to openid-client as the POST it was.
     */
    finishResponse(
      upstream: OidcUpstream,
      transaction: UpstreamStart['transaction'],
      response: Record<string, string>,
      finishOptions: { callbackUrl: string; responseMode?: 'query' | 'form_post' },
    ): Promise<UpstreamIdentity> {
      let callbackUrl: URL;
      try {
        callbackUrl = new URL(finishOptions.callbackUrl);
      } catch {
        return Promise.reject(new UpstreamError('invalidState', 'The callback URL is not valid.'));
      }
      callbackUrl.search = '';
      callbackUrl.hash = '';
      const params = new URLSearchParams(response);
      const state = typeof response.state === 'string' ? response.state : null;
      if (finishOptions.responseMode === 'form_post') {
        const request = new Request(callbackUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: params.toString(),
        });
        return complete(upstream, transaction, request, callbackUrl, state);
      }
      const withQuery = new URL(callbackUrl);
      withQuery.search = params.toString();
      return complete(upstream, transaction, withQuery, callbackUrl, state);
    },
  };
}

export type OidcConnector = ReturnType<typeof createOidcConnector>;
