import { createHmac } from 'node:crypto';
import * as oidc from 'openid-client';
import { z } from 'zod';
import { AppError } from '../platform/errors.js';
import type { OutboundFetch } from '../platform/index.js';
import type { FederationConnector } from './connector.js';
import type { SocialEndpoints } from './endpoints.js';
import { type ResolvedIdentityProvider, SOCIAL_TYPE } from './model.js';
import { LOOPBACK_HOSTS, UpstreamError, type UpstreamIdentity } from './oidc-connector.js';

/** Facebook is OAuth 2.0, not OpenID Connect: the user comes from the Graph API's `/me`. */
export const FACEBOOK_ISSUER = 'facebook.com';
const SCOPE = 'email public_profile';
const ME_FIELDS = 'id,name,email,first_name,last_name';
/** Bigger answers than this are not Facebook's. */
const MAX_RESPONSE_BYTES = 64 * 1024;

const transactionSchema = z.object({
  state: z.string().min(1),
  codeVerifier: z.string().min(1),
  redirectUri: z.string().min(1),
});

const tokenResponseSchema = z.object({ access_token: z.string().min(1).max(4096) });

const text = z.string().max(1024).optional();
const meSchema = z.object({
  id: z.string().regex(/^[0-9A-Za-z_-]{1,128}$/),
  name: text,
  email: text,
  first_name: text,
  last_name: text,
});

/** The Graph API's error body: `{"error":{"message","type","code",…}}` (not RFC 6749's). */
const graphErrorSchema = z.object({
  error: z.object({
    message: z.string().optional(),
    type: z.string().optional(),
    code: z.number().optional(),
  }),
});

const nonEmpty = (value: string | undefined): string | null =>
  value !== undefined && value.trim() !== '' ? value : null;

function facebookApp(provider: ResolvedIdentityProvider): { clientId: string; clientSecret: string } {
  if (provider['@odata.type'] !== SOCIAL_TYPE || provider.identityProviderType !== 'Facebook')
    throw new AppError('invalid_identity_provider', 'invalid', 'The identity provider is not Facebook.');
  if (!provider.secrets.clientSecret)
    throw new AppError('invalid_identity_provider', 'invalid', 'The Facebook app secret is missing.');
  return { clientId: provider.clientId, clientSecret: provider.secrets.clientSecret };
}

async function readJson(response: Response): Promise<unknown> {
  const body = await response.text();
  if (body.length > MAX_RESPONSE_BYTES) throw new Error('response too large');
  return JSON.parse(body);
}

/**
 * Sign in with Facebook: the OAuth 2.0 authorization code flow (state and PKCE S256) against
 * the login dialog, the code exchanged at the Graph API's token endpoint, then the user read
 * from `/me` with the access token and its `appsecret_proof` (the HMAC-SHA256 of the access
 * token keyed by the app secret, which Facebook asks for when "Require App Secret" is on).
 */
export function createFacebookConnector(deps: {
  endpoints: SocialEndpoints['facebook'];
  /** Every request to Facebook goes through it: the outbound policy. */
  fetch: OutboundFetch;
  allowInsecureLocalhost?: boolean;
  timeoutMs?: number;
}): FederationConnector {
  const timeoutMs = deps.timeoutMs ?? 10_000;

  /** The endpoint's URL: https, or http for a loopback host when allowed (tests). */
  function endpoint(href: string): URL {
    const url = new URL(href);
    if (url.protocol === 'https:') return url;
    if (url.protocol === 'http:' && deps.allowInsecureLocalhost && LOOPBACK_HOSTS.has(url.hostname))
      return url;
    throw new AppError('invalid_identity_provider', 'invalid', 'The Facebook endpoints must use https.');
  }

  /** Facebook's answer, or the UpstreamError that explains why there is none. */
  async function call(url: URL, init: RequestInit, what: string): Promise<unknown> {
    let response: Response;
    let body: unknown;
    try {
      response = await deps.fetch(url, {
        ...init,
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
      });
      body = await readJson(response);
    } catch (error) {
      throw new UpstreamError('unavailable', `Facebook cannot be reached (${what}).`, undefined, undefined, {
        cause: error,
      });
    }
    if (response.ok) return body;
    const graphError = graphErrorSchema.safeParse(body);
    const message = graphError.success ? graphError.data.error.message : undefined;
    const type = graphError.success ? graphError.data.error.type : undefined;
    const code = graphError.success ? graphError.data.error.code : undefined;
    // Code 100 on the code exchange: the code was used or expired, or its verifier or redirect
    // URI does not match — the user starts again. Anything else (a wrong app secret is code 1)
    // is Facebook's trouble or the app's configuration, not the user's.
    const kind = what === 'token' && response.status < 500 && code === 100 ? 'invalidState' : 'unavailable';
    throw new UpstreamError(kind, `Facebook refused the ${what} request.`, type, message);
  }

  return {
    issuer: async () => FACEBOOK_ISSUER,
    async start(provider, options) {
      const app = facebookApp(provider);
      const url = endpoint(deps.endpoints.authorizationUrl);
      const state = oidc.randomState();
      const codeVerifier = oidc.randomPKCECodeVerifier();
      url.search = new URLSearchParams({
        client_id: app.clientId,
        redirect_uri: options.callbackUrl,
        response_type: 'code',
        scope: SCOPE,
        state,
        code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
      }).toString();
      return { url: url.href, transaction: { state, codeVerifier, redirectUri: options.callbackUrl } };
    },

    async finish(provider, transaction, response, options): Promise<UpstreamIdentity> {
      const app = facebookApp(provider);
      const parsed = transactionSchema.safeParse(transaction);
      if (!parsed.success) throw new UpstreamError('invalidState', 'The sign-in transaction is not valid.');
      const { state, codeVerifier, redirectUri } = parsed.data;
      if (options.callbackUrl !== redirectUri)
        throw new UpstreamError('invalidState', 'The callback URL is not the redirect URI of the sign-in.');
      if (response.state !== state)
        throw new UpstreamError('invalidState', 'The state of the callback does not match the sign-in.');
      // The user said no (`error=access_denied&error_reason=user_denied`), or Facebook could not ask.
      if (response.error !== undefined)
        throw new UpstreamError(
          'idpError',
          'Facebook refused the sign-in.',
          response.error.slice(0, 200),
          (response.error_description ?? response.error_reason)?.slice(0, 500),
        );
      const code = response.code;
      if (!code) throw new UpstreamError('invalidState', 'The callback has no authorization code.');

      const token = tokenResponseSchema.safeParse(
        await call(
          endpoint(deps.endpoints.tokenUrl),
          {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
            body: new URLSearchParams({
              client_id: app.clientId,
              client_secret: app.clientSecret,
              redirect_uri: redirectUri,
              code,
              code_verifier: codeVerifier,
            }).toString(),
          },
          'token',
        ),
      );
      if (!token.success) throw new UpstreamError('unavailable', 'Facebook sent no access token.');
      const accessToken = token.data.access_token;

      const meUrl = endpoint(deps.endpoints.meUrl);
      meUrl.searchParams.set('fields', ME_FIELDS);
      meUrl.searchParams.set(
        'appsecret_proof',
        createHmac('sha256', app.clientSecret).update(accessToken).digest('hex'),
      );
      const me = meSchema.safeParse(
        await call(
          meUrl,
          { headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' } },
          'profile',
        ),
      );
      if (!me.success) throw new UpstreamError('invalidToken', 'Facebook sent no valid user profile.');
      const email = nonEmpty(me.data.email);
      return {
        issuer: FACEBOOK_ISSUER,
        subject: me.data.id,
        email,
        // Facebook returns an account's email only once the person has confirmed it (its Graph
        // API docs for the `email` field), so an email there is a verified one.
        emailVerified: email !== null,
        displayName: nonEmpty(me.data.name),
        givenName: nonEmpty(me.data.first_name),
        surname: nonEmpty(me.data.last_name),
        claims: { ...me.data },
      };
    },
  };
}
