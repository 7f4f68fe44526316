import type { FastifyInstance } from 'fastify';
import * as oidc from 'openid-client';
import { ACR } from '../../flows/index.js';
import { SECURITY_INFO_PROOF_SECONDS, type SecurityInfoVerdict } from '../../mfa/index.js';
import { issuerOf, PROTOCOL_ROUTES } from '../../oidc/index.js';
import type { AccountDeps } from './deps.js';

/** As long as a provider session lasts: never forces a sign-in by itself. */
const SESSION_MAX_AGE = 14 * 24 * 3600;

/** The client id of the account pages' built-in app registration, the same in every tenant. */
export const ACCOUNT_APP_ID = 'gatehouse-account';

/**
 * Why the account pages sign in: to open them (`session`), to enter the credentials again
 * (`reauthenticate`), or for the proof a change of security info needs (judgeSecurityInfoChange):
 * a second factor on top of a recent first (`stepUpMfa`), or both factors again
 * (`reauthenticateWithMfa`).
 */
export type AccountSignIn = 'session' | 'reauthenticate' | 'stepUpMfa' | 'reauthenticateWithMfa';

/** The authorization parameters of each kind of account sign-in. */
const SIGN_IN_PARAMETERS: Record<AccountSignIn, Record<string, string>> = {
  // max_age makes the ID token carry auth_time.
  session: { max_age: String(SESSION_MAX_AGE) },
  reauthenticate: { prompt: 'login', max_age: '0' },
  // A session that proved MFA within the window passes through; any other steps up on the
  // tenant's own hosted pages, as an app asking for these would.
  stepUpMfa: { acr_values: ACR.multiFactor, max_age: String(SECURITY_INFO_PROOF_SECONDS) },
  reauthenticateWithMfa: { prompt: 'login', max_age: '0', acr_values: ACR.multiFactor },
};

/** The sign-in that gives what a refused change of security info lacks. */
export const signInFor = (verdict: Extract<SecurityInfoVerdict, { allowed: false }>): AccountSignIn =>
  verdict.stepUp === 'mfa'
    ? 'stepUpMfa'
    : verdict.stepUp === 'signIn'
      ? 'reauthenticate'
      : 'reauthenticateWithMfa';

export interface AccountUrls {
  base: string;
  callback: string;
  signedOut: string;
  frontChannelLogout: string;
}

export const accountUrls = (baseUrl: string, tenantId: string): AccountUrls => {
  const base = `${baseUrl}/t/${tenantId}/account`;
  return {
    base,
    callback: `${base}/callback`,
    signedOut: `${base}/signed-out`,
    frontChannelLogout: `${base}/frontchannel-logout`,
  };
};

/**
 * The account pages are a first-party relying party of their own tenant, as Keycloak's
 * account console is: a public client (PKCE, no secret) registered once per tenant with the
 * account URLs. openid-client does the protocol; its HTTP requests to the tenant's endpoints
 * are served in-process (Fastify inject), so a server need not reach its own public URL.
 */
export function createAccountClient(app: FastifyInstance, deps: AccountDeps) {
  const inFlight = new Map<string, Promise<void>>();

  async function register(tenantId: string): Promise<void> {
    const urls = accountUrls(deps.baseUrl, tenantId);
    const registration = await deps.applications.ensureWithAppId(tenantId, ACCOUNT_APP_ID, {
      displayName: 'Account',
    });
    const redirectUris = [urls.callback, urls.signedOut];
    const current =
      registration.spa.redirectUris.join(' ') === redirectUris.join(' ') &&
      registration.web.redirectUris.length === 0 &&
      registration.web.logoutUrl === urls.frontChannelLogout;
    if (current) return;
    // The front-channel logout URL makes the provider put `sid` in the ID token (and ends the
    // account session when the user signs out elsewhere).
    await deps.applications.update(tenantId, registration.id, {
      spa: { redirectUris },
      web: { redirectUris: [], logoutUrl: urls.frontChannelLogout, backchannelLogoutUrl: null },
    });
  }

  /**
   * Registers the account client of a tenant, or puts its URLs back if an administrator changed
   * them; checked at every sign-in (rare), one check per tenant at a time.
   */
  function ensureRegistered(tenantId: string): Promise<void> {
    let pending = inFlight.get(tenantId);
    if (!pending) {
      pending = register(tenantId).finally(() => inFlight.delete(tenantId));
      inFlight.set(tenantId, pending);
    }
    return pending;
  }

  const local = new URL(deps.baseUrl);
  const inProcess: oidc.CustomFetch = async (url, options) => {
    const target = new URL(url);
    // The account client talks to its own tenant only (every endpoint is named from the base
    // URL): it never makes a request across the network.
    if (target.origin !== local.origin) throw new Error(`the account client does not call ${target.origin}`);
    const headers: Record<string, string> = {};
    new Headers(options.headers as ConstructorParameters<typeof Headers>[0]).forEach((value, name) => {
      headers[name] = value;
    });
    const response = await app.inject({
      method: options.method as 'GET' | 'POST',
      url: target.pathname + target.search,
      headers: { ...headers, host: target.host },
      ...(options.body !== undefined && options.body !== null && { payload: String(options.body) }),
    });
    const responseHeaders = new Headers();
    for (const [name, value] of Object.entries(response.headers)) {
      if (value === undefined) continue;
      for (const one of Array.isArray(value) ? value : [value]) responseHeaders.append(name, String(one));
    }
    const empty = response.statusCode === 204 || response.statusCode === 304;
    return new Response(empty ? null : response.rawPayload, {
      status: response.statusCode,
      headers: responseHeaders,
    });
  };

  /**
   * The tenant's endpoints, named from the base URL rather than discovered: discovery would
   * name them from the Host and proxy headers of the (in-process) request.
   */
  function configuration(tenantId: string): oidc.Configuration {
    const issuer = issuerOf(deps.baseUrl, tenantId);
    const config = new oidc.Configuration(
      {
        issuer,
        authorization_endpoint: `${issuer}${PROTOCOL_ROUTES.authorization}`,
        token_endpoint: `${issuer}${PROTOCOL_ROUTES.token}`,
        jwks_uri: `${issuer}${PROTOCOL_ROUTES.jwks}`,
        end_session_endpoint: `${issuer}${PROTOCOL_ROUTES.end_session}`,
        id_token_signing_alg_values_supported: ['RS256', 'ES256'],
        code_challenge_methods_supported: ['S256'],
      },
      ACCOUNT_APP_ID,
      undefined,
      oidc.None(),
    );
    config[oidc.customFetch] = inProcess;
    if (local.protocol === 'http:') oidc.allowInsecureRequests(config);
    return config;
  }

  return {
    ensureRegistered,
    configuration,
    /** The authorization request that signs in to the account pages, for the reason given. */
    async authorizationUrl(
      tenantId: string,
      checks: { state: string; nonce: string; verifier: string },
      options: { kind: AccountSignIn; uiLocales?: string },
    ): Promise<URL> {
      await ensureRegistered(tenantId);
      const config = configuration(tenantId);
      return oidc.buildAuthorizationUrl(config, {
        redirect_uri: accountUrls(deps.baseUrl, tenantId).callback,
        scope: 'openid',
        code_challenge: await oidc.calculatePKCECodeChallenge(checks.verifier),
        code_challenge_method: 'S256',
        state: checks.state,
        nonce: checks.nonce,
        ...SIGN_IN_PARAMETERS[options.kind],
        ...(options.uiLocales && { ui_locales: options.uiLocales }),
      });
    },
    /**
     * Exchanges the code of the callback. `authAge` is how long before the ID token was issued
     * the user entered their credentials, in the provider's own clock (iat − auth_time).
     */
    async callback(
      tenantId: string,
      currentUrl: URL,
      checks: { state: string; nonce: string; verifier: string },
    ): Promise<{ sub: string; sid: string; authAge: number; idToken: string }> {
      const config = configuration(tenantId);
      const tokens = await oidc.authorizationCodeGrant(config, currentUrl, {
        pkceCodeVerifier: checks.verifier,
        expectedState: checks.state,
        expectedNonce: checks.nonce,
      });
      const claims = tokens.claims();
      if (
        !claims ||
        typeof claims.sid !== 'string' ||
        typeof claims.auth_time !== 'number' ||
        !tokens.id_token
      )
        throw new Error('the ID token lacks sid or auth_time');
      return {
        sub: claims.sub,
        sid: claims.sid,
        authAge: Math.max(0, claims.iat - claims.auth_time),
        idToken: tokens.id_token,
      };
    },
    async logoutUrl(tenantId: string, idToken: string): Promise<URL> {
      const config = configuration(tenantId);
      return oidc.buildEndSessionUrl(config, {
        id_token_hint: idToken,
        post_logout_redirect_uri: accountUrls(deps.baseUrl, tenantId).signedOut,
      });
    },
  };
}

export type AccountClient = ReturnType<typeof createAccountClient>;
