import { randomBytes } from 'node:crypto';
import Provider, { type Configuration, errors, type KoaContextWithOIDC } from 'oidc-provider';
import type { ApplicationService } from '../applications/index.js';
import { BUILT_IN_OPTIONAL_CLAIMS, type DirectoryService } from '../directory/index.js';
import type {
  SessionJudgement,
  SessionRequest,
  SessionSignIn,
  TokenAccess,
  TokenRequest,
} from '../flows/index.js';
import type { TenantKeySet } from '../keys/index.js';
import {
  type Clock,
  isAppError,
  type Logger,
  type OutboundFetch,
  type RepeatLimitedLog,
  type SecretBox,
} from '../platform/index.js';
import { type Db, isDatabaseUnavailable } from '../storage/index.js';
import type { Tenant } from '../tenants/index.js';
import { type CustomClaim, createAccountFinder } from './accounts.js';
import { createModelAdapter, createModelSecrets } from './adapter.js';
import { FRONTCHANNEL_LOGOUT_URI, SPA_ORIGINS, toClientMetadata } from './clients.js';
import { deviceFlowFeature, deviceFlowRoutes, slowDownFastPolls } from './device-flow.js';
import { loadFirstPartyGrant } from './grants.js';
import { frontChannelLogout } from './logout.js';
import type { PageInput, ProviderPages } from './pages.js';
import { interactionPolicyWithAccountCheck, reusedSession } from './policy.js';
import type { TenantProtocol } from './pool.js';
import { createRegistrationCache } from './registrations.js';
import { type ApiPermissions, createResourceResolver } from './resources.js';
import { type ServiceSignIn, serviceSignInFrom } from './service-sign-ins.js';
import { createAccessTokenShaper, type UserAppRoles } from './token-claims.js';
import { createTokenExtensions, type TokenExtensionDeps } from './token-extensions.js';

export interface ProviderDeps {
  db: Db;
  clock: Clock;
  box: SecretBox;
  logger: Logger;
  /** Where request failures are logged: repeated identical ones are rate-limited (limitRepeats). */
  errorLog: Pick<RepeatLimitedLog, 'error' | 'warn'>;
  applications: ApplicationService;
  directory: DirectoryService;
  baseUrl: string;
  trustProxy: boolean;
  /** Back-channel logout (and any other request oidc-provider makes) goes through it: the outbound policy. */
  outboundFetch: OutboundFetch;
  /** The public URL is https: every cookie is Secure, though TLS may end before Gatehouse. */
  secureCookies: boolean;
  accessTokenTtlSeconds: number;
  idTokenTtlSeconds: number;
  /** What an admin granted: API permissions of clients, app roles of users (src/authorization). */
  permissions: ApiPermissions & { userAppRoles: UserAppRoles };
  /** Clients that get no API token whatever was granted (the account pages' own client). */
  apiLessClients: ReadonlySet<string>;
  /** Hosted pages for the screens oidc-provider renders (errors, logout, the device flow's). */
  pages: ProviderPages;
  /**
   * Whether a device flow poll of a pending code keeps to the polling interval (else
   * `slow_down`), by a keyed hash of the device code; shared by every node.
   */
  devicePollAllowed: (codeKey: string) => Promise<boolean>;
  /**
   * Called for every client-credentials token request, granted or refused. For a granted one it
   * returns the recording of its sign-in: the token is sent only once that resolves, and an error
   * (the sign-in could not be recorded) is answered instead of the token.
   */
  onServiceSignIn: (signIn: ServiceSignIn) => Promise<void> | undefined;
  /** Conditional Access for a browser session about to serve an app without asking. */
  sessionAccess: (tenantId: string, request: SessionRequest) => Promise<SessionJudgement>;
  /**
   * Called for every app a browser session served without a sign-in (single sign-on), or was
   * refused. Returns the recording: the app's code is sent only once it resolves, as above.
   */
  onSessionSignIn: (signIn: SessionSignIn) => Promise<void>;
  /** Conditional Access at the token endpoint: refresh and client-credentials requests. */
  tokenAccess: (tenantId: string, request: TokenRequest) => Promise<TokenAccess>;
  /** Told of each token response sent with its tokens, by grant type: operator metrics. */
  onTokenIssued?: (grantType: string) => void;
  /** Claims added to access tokens for a built-in resource (e.g. the admin roles). */
  builtInClaims: (
    tenantId: string,
    clientId: string,
    resource: string | undefined,
    /** The user of a delegated token; undefined for a client's own (client credentials) token. */
    accountId?: string,
  ) => Promise<Record<string, unknown>>;
  /** Custom authentication extensions at token issuance (claims from the business's API). */
  tokenExtensions?: TokenExtensionDeps;
}

/** Paths under `/t/{tenantId}`; the issuer is `{base}/t/{tenantId}`. */
export const PROTOCOL_ROUTES = {
  authorization: '/oauth2/authorize',
  token: '/oauth2/token',
  userinfo: '/oauth2/userinfo',
  jwks: '/oauth2/jwks',
  introspection: '/oauth2/introspect',
  revocation: '/oauth2/revoke',
  end_session: '/oauth2/logout',
  pushed_authorization_request: '/oauth2/par',
  device_authorization: '/oauth2/devicecode',
  code_verification: '/oauth2/device',
  backchannel_authentication: '/oauth2/bc-authorize',
  challenge: '/oauth2/challenge',
} as const;

function pageInput(ctx: KoaContextWithOIDC): PageInput {
  const tenantId = /^\/t\/([^/]+)/.exec((ctx.req as { originalUrl?: string }).originalUrl ?? '')?.[1] ?? '';
  return {
    tenantId,
    acceptLanguage: ctx.get('accept-language') || undefined,
    correlationId: String(ctx.res.getHeader('x-correlation-id') ?? ''),
  };
}

export const issuerOf = (baseUrl: string, tenantId: string): string => `${baseUrl}/t/${tenantId}`;

/** The database (or another dependency) cannot answer now: worth trying again, not a fault. */
const isUnavailable = (error: unknown): boolean =>
  isDatabaseUnavailable(error) || (isAppError(error) && error.kind === 'unavailable');

/** oidc-provider's endpoints a browser is on (the others answer apps, in JSON). */
const INTERACTIVE_ROUTES = new Set([
  'authorization',
  'resume',
  'end_session',
  'end_session_confirm',
  'end_session_success',
  'code_verification',
  'device_resume',
]);

/** The error behind a request's `server_error` (oidc-provider reports it by event). */
const serverErrors = new WeakMap<object, Error>();

/**
 * Errors oidc-provider's own handlers leave: a few steps run outside them (the session is saved
 * after an endpoint's handler, whatever it answered), and Koa would answer those with a plain-text
 * "Internal Server Error". They get what every other error gets: the branded page (or an OAuth
 * error body for an API client). And a `server_error` whose cause is the database being
 * unavailable is a 503, not a 500: a client or a load balancer may try again.
 */
function answerEscapedErrors(deps: Pick<ProviderDeps, 'errorLog' | 'pages'>, tenantId: string) {
  return async (ctx: KoaContextWithOIDC, next: () => Promise<void>) => {
    try {
      await next();
    } catch (error) {
      if (ctx.headerSent) throw error;
      const unavailable = isUnavailable(error);
      deps.errorLog.error({ err: error, tenantId }, 'oidc request failed');
      ctx.remove('location');
      ctx.set('cache-control', 'no-store');
      ctx.status = unavailable ? 503 : 500;
      if (INTERACTIVE_ROUTES.has((ctx as { oidc?: { route?: string } }).oidc?.route ?? '')) {
        ctx.type = 'html';
        ctx.body = deps.pages.error({ ...pageInput(ctx), error: 'server_error', unavailable });
      } else {
        ctx.body = {
          error: unavailable ? 'temporarily_unavailable' : 'server_error',
          error_description: unavailable
            ? 'the service is unavailable for now; try again'
            : 'an unexpected error occurred',
        };
      }
      return;
    }
    const cause = serverErrors.get(ctx);
    if (ctx.status === 500 && cause && isUnavailable(cause)) ctx.status = 503;
  };
}

/**
 * Builds the oidc-provider instance of one tenant from its settings and keys. oidc-provider
 * emits only the claims it is configured with, so the tenant's custom attribute claims are
 * part of its configuration (a change to them rebuilds the provider).
 */
export function buildProvider(
  deps: ProviderDeps,
  tenant: Tenant,
  keys: TenantKeySet,
  customClaims: readonly CustomClaim[] = [],
): TenantProtocol {
  const tenantId = tenant.id;
  // Stands in for the client secret in oidc-provider's metadata; never compared (see below).
  const secretPlaceholder = randomBytes(32).toString('base64url');
  const registrations = createRegistrationCache(deps.applications, tenantId);
  const modelSecrets = createModelSecrets(deps.box);
  const resources = createResourceResolver({
    tenantId,
    registrations,
    keys,
    accessTokenTtlSeconds: deps.accessTokenTtlSeconds,
    permissions: deps.permissions,
    apiLessClients: deps.apiLessClients,
  });

  const clientAdapter = {
    async find(appId: string) {
      const app = await registrations.byAppId(appId);
      if (!app) return undefined;
      const ctx = Provider.ctx as KoaContextWithOIDC | undefined;
      const sentAssertion = ctx?.oidc?.params?.client_assertion !== undefined;
      return toClientMetadata(app, {
        now: deps.clock.now(),
        sentAssertion,
        signingAlg: keys.active.alg,
        secretPlaceholder,
      });
    },
  };

  const tokenExtensions = deps.tokenExtensions && createTokenExtensions(tenantId, deps.tokenExtensions);

  // Conditional Access verdicts of token requests, kept for the service sign-in log entry.
  const tokenVerdicts = new WeakMap<KoaContextWithOIDC, TokenAccess>();
  /** A refresh or client-credentials request is refused when a policy now blocks it. */
  async function refuseWhenBlocked(
    ctx: KoaContextWithOIDC,
    token: { accountId?: string; clientId?: string },
  ) {
    const grantType = ctx.oidc?.params?.grant_type;
    if (grantType !== 'refresh_token' && grantType !== 'client_credentials') return;
    const verdict = await deps.tokenAccess(tenantId, {
      grantType,
      accountId: token.accountId,
      clientId: token.clientId ?? '',
      // What the sign-in behind the refresh token proved.
      amr: (ctx.oidc.entities as { RefreshToken?: { amr?: string[] } }).RefreshToken?.amr ?? [],
      remoteAddress: ctx.req.socket.remoteAddress ?? '',
      forwardedFor: ctx.get('x-forwarded-for') || undefined,
      userAgent: ctx.get('user-agent') || undefined,
    });
    tokenVerdicts.set(ctx, verdict);
    if (!verdict.blocked) return;
    const error = grantType === 'refresh_token' ? new errors.InvalidGrant() : new errors.UnauthorizedClient();
    error.error_description = verdict.notAssigned
      ? 'AADSTS50105: The signed in user is not assigned to a role for the application.'
      : verdict.interactionRequired
        ? 'AADSTS50076: A policy now requires what the sign-in behind this refresh token did not prove (multi-factor authentication): sign in again.'
        : 'AADSTS53003: Access has been blocked by Conditional Access policies.';
    throw error;
  }

  /** A single sign-on for the sign-in log: the app a session served (or was refused for). */
  const sessionSignIn = (ctx: KoaContextWithOIDC, judgement: SessionJudgement): Promise<void> | undefined => {
    const session = ctx.oidc.session;
    if (!session?.accountId) return undefined;
    return deps.onSessionSignIn({
      tenantId,
      userId: session.accountId,
      appId: ctx.oidc.client?.clientId ?? '',
      appDisplayName: ctx.oidc.client?.clientName,
      correlationId: String(ctx.res.getHeader('x-correlation-id') ?? ''),
      amr: session.amr ?? [],
      judgement,
    });
  };
  const sessionPolicy = interactionPolicyWithAccountCheck(
    async (request) =>
      deps.sessionAccess(tenantId, {
        ...request,
        appRequiresMfa: (await registrations.byAppId(request.clientId))?.requireMfa === true,
      }),
    // A refusal: nothing is handed out, so nothing waits for its record.
    (ctx, judgement) =>
      void sessionSignIn(ctx, judgement)?.catch((error: unknown) =>
        deps.errorLog.error({ err: error, tenantId }, 'single sign-on not logged'),
      ),
  );

  const configuration: Configuration = {
    adapter: ((name: string) =>
      name === 'Client'
        ? clientAdapter
        : createModelAdapter(
            deps.db,
            deps.clock,
            tenantId,
            name,
            modelSecrets,
          )) as unknown as Configuration['adapter'],
    jwks: { keys: keys.privateJwks as NonNullable<Configuration['jwks']>['keys'] },
    cookies: {
      keys: [deps.box.deriveKey(`cookies:${tenantId}`).toString('base64url')],
      // One browser session per tenant: each tenant's session cookie lives under its own path.
      long: { httpOnly: true, sameSite: 'lax', path: `/t/${tenantId}` },
    },
    routes: PROTOCOL_ROUTES,
    extraClientMetadata: { properties: [FRONTCHANNEL_LOGOUT_URI, SPA_ORIGINS] },
    // Back-channel logout URLs are registered by the tenant's admins: Gatehouse's outbound policy
    // judges them (apps on a private network or loopback are allowed by GATEHOUSE_OUTBOUND_ALLOW),
    // in place of oidc-provider's own guard, whose dispatcher is dropped.
    fetch: ((
      url: string | URL,
      { dispatcher: _theirs, ...init }: RequestInit & { dispatcher?: unknown } = {},
    ) => deps.outboundFetch(url, init)) as NonNullable<Configuration['fetch']>,
    clientAuthMethods: ['client_secret_basic', 'client_secret_post', 'private_key_jwt', 'none'],
    enabledJWA: {
      idTokenSigningAlgValues: ['RS256', 'ES256'],
      userinfoSigningAlgValues: ['RS256', 'ES256'],
      clientAuthSigningAlgValues: ['RS256', 'PS256', 'ES256'],
    },
    responseTypes: ['code', 'none'],
    scopes: ['openid', 'offline_access', 'profile', 'email'],
    claims: {
      openid: [
        'sub',
        'groups',
        'roles',
        'acr',
        'amr',
        'auth_time',
        // Optional claims: findAccount gives them only to apps whose registration asks for them.
        ...BUILT_IN_OPTIONAL_CLAIMS,
        ...customClaims.map((c) => c.claimName),
      ],
      profile: ['name', 'given_name', 'family_name'],
      email: ['email', 'email_verified'],
    },
    // The groups claim and optional claims ride in the ID token for apps that ask, as in Entra.
    conformIdTokenClaims: false,
    formats: {
      customizers: {
        jwt: createAccessTokenShaper({
          tenantId,
          resources,
          userAppRoles: deps.permissions.userAppRoles,
        }) as never,
      },
    },
    loadExistingGrant: async (ctx) => {
      const grant = await loadFirstPartyGrant(ctx);
      await tokenExtensions?.rememberSignIn(ctx, grant?.jti);
      return grant;
    },
    rotateRefreshToken: true,
    pkce: { required: (_ctx, client) => client.clientAuthMethod === 'none' },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      introspection: {
        enabled: true,
        // Confidential clients may introspect; public clients only their own tokens.
        allowedPolicy: (_ctx, client, token) =>
          client.clientAuthMethod !== 'none' || token.clientId === client.clientId,
      },
      revocation: {
        enabled: true,
        allowedPolicy: (_ctx, client, token) => token.clientId === client.clientId,
      },
      resourceIndicators: {
        enabled: true,
        defaultResource: resources.defaultResource as never,
        getResourceServerInfo: resources.getResourceServerInfo,
        useGrantedResource: () => true,
      },
      backchannelLogout: { enabled: true },
      // The device authorization grant (RFC 8628), for apps that allow public client flows.
      deviceFlow: deviceFlowFeature({ pages: deps.pages, pageInput, isUnavailable }),
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: (ctx, form) => {
          ctx.type = 'html';
          ctx.body = deps.pages.logout({ ...pageInput(ctx), form });
        },
        // Without front-channel apps to sign out of (see frontChannelLogout below).
        postLogoutSuccessSource: (ctx) => {
          ctx.type = 'html';
          ctx.body = deps.pages.signedOut(pageInput(ctx));
        },
      },
    },
    // Browsers may call the token endpoints only from a single-page app's own origins.
    clientBasedCORS: (_ctx, origin, client) =>
      ((client as unknown as Record<string, unknown>)[SPA_ORIGINS] as string[] | undefined)?.includes(
        origin,
      ) ?? false,
    extraTokenClaims: async (ctx, token) => {
      await refuseWhenBlocked(ctx, token);
      const resource = (token as { resourceServer?: { audience?: string } }).resourceServer?.audience;
      const accountId = (token as { accountId?: string }).accountId;
      const audienceAppId = resource && tokenExtensions ? (await resources.apiOf(resource)).appId : undefined;
      return {
        ...(tokenExtensions && (await tokenExtensions.accessTokenClaims(ctx, { accountId }, audienceAppId))),
        tid: tenantId,
        ...(await deps.builtInClaims(tenantId, token.clientId ?? '', resource, accountId)),
      };
    },
    findAccount: createAccountFinder(
      tenantId,
      deps.directory,
      registrations,
      customClaims,
      deps.permissions.userAppRoles,
    ),
    interactions: {
      policy: sessionPolicy.policy,
      url: (_ctx, interaction) => `/t/${tenantId}/u/interaction/${interaction.uid}`,
    },
    // The interactive endpoints' errors (authorization, its resume, logout…): the branded page;
    // the database unavailable is a 503 that says to try again.
    renderError: (ctx, out, error) => {
      const unavailable = isUnavailable(error);
      if (unavailable) ctx.status = 503;
      ctx.type = 'html';
      ctx.body = deps.pages.error({
        ...pageInput(ctx),
        error: out.error,
        description: out.error_description,
        unavailable,
      });
    },
    ttl: {
      AccessToken: deps.accessTokenTtlSeconds,
      ClientCredentials: deps.accessTokenTtlSeconds,
      IdToken: deps.idTokenTtlSeconds,
      AuthorizationCode: 60,
      DeviceCode: 600,
      BackchannelAuthenticationRequest: 600,
      PreAuthorizedCode: 600,
      Interaction: 3600,
      Session: 14 * 24 * 3600,
      Grant: 14 * 24 * 3600,
      RefreshToken: 14 * 24 * 3600,
    },
  };

  const provider = new Provider(issuerOf(deps.baseUrl, tenantId), configuration);
  provider.proxy = deps.trustProxy;
  tokenExtensions?.patchIdTokens(provider);
  // oidc-provider marks its cookies Secure, and builds its own URLs (the interaction's return
  // address), from the protocol Koa sees. Behind a TLS-terminating proxy whose headers are not
  // trusted that is plain http; the public URL says what the browser used, so every request it
  // handles, and every context it builds for the hosted pages, is taken as https.
  if (deps.secureCookies) Object.defineProperty(provider.request, 'protocol', { get: () => 'https' });

  // Client secrets are stored as argon2id hashes, so the comparison is Gatehouse's.
  provider.Client.prototype.compareClientSecret = function compareClientSecret(
    this: { clientId: string },
    actual: string,
  ) {
    return deps.applications.authenticateSecret(tenantId, this.clientId, actual);
  } as never;

  // Apps with a logout URL get the session id (sid) in ID tokens: sign-out messages name it.
  provider.Client.prototype.includeSid = function includeSid(this: Record<string, unknown>) {
    return Boolean(this.backchannelLogoutUri || this[FRONTCHANNEL_LOGOUT_URI]);
  } as never;

  // First of Gatehouse's middleware, so around everything oidc-provider does.
  provider.use(answerEscapedErrors(deps, tenantId));
  provider.use(deviceFlowRoutes(PROTOCOL_ROUTES));
  slowDownFastPolls(provider, (code) => deps.devicePollAllowed(modelSecrets.hashId(code)));
  provider.use(
    frontChannelLogout(provider, `${PROTOCOL_ROUTES.end_session}/confirm`, (ctx, frontChannel) =>
      deps.pages.signedOut({ ...pageInput(ctx), frontChannel }),
    ),
  );
  provider.on('backchannel.error', (_ctx: unknown, error: Error, client: { clientId: string }) =>
    deps.logger.warn({ err: error, tenantId, clientId: client.clientId }, 'back-channel logout failed'),
  );

  // No acknowledged sign-in without its record: a token or code goes out only once the sign-in
  // it ends is in the sign-in log. The recording of a request's sign-in is awaited here, after
  // oidc-provider has prepared the answer and before it is sent; if it fails, the error is
  // answered instead (503 "try again" when the database is unavailable).
  const recordings = new WeakMap<KoaContextWithOIDC, Promise<void>>();
  provider.use(async (ctx, next) => {
    await next();
    await recordings.get(ctx as KoaContextWithOIDC);
  });

  const serviceSignIn = (ctx: KoaContextWithOIDC, error?: Error) => {
    const signIn = serviceSignInFrom(tenantId, ctx, error, tokenVerdicts.get(ctx));
    const recorded = signIn && deps.onServiceSignIn(signIn);
    if (recorded) recordings.set(ctx, recorded);
  };
  provider.on('grant.success', (ctx: KoaContextWithOIDC) => serviceSignIn(ctx));
  provider.on('grant.error', (ctx: KoaContextWithOIDC, error: Error) => serviceSignIn(ctx, error));
  // Counted once the answer went out with its tokens: a sign-in that could not be recorded
  // (above) turns a granted request into an error instead.
  const { onTokenIssued } = deps;
  if (onTokenIssued)
    provider.on('grant.success', (ctx: KoaContextWithOIDC) => {
      const grantType = String(ctx.oidc.params?.grant_type ?? '');
      ctx.res.once('finish', () => {
        if (ctx.res.statusCode === 200) onTokenIssued(grantType);
      });
    });
  // An app served from an existing session is a sign-in too (single sign-on): logged once, when
  // the authorization response goes back to the app, with the judgement Conditional Access made.
  provider.on('authorization.success', (ctx: KoaContextWithOIDC) => {
    const judged = reusedSession(ctx) ? sessionPolicy.judgementOf(ctx) : undefined;
    if (judged)
      recordings.set(
        ctx,
        judged.then(
          (judgement) => sessionSignIn(ctx, judgement),
          () => undefined,
        ),
      );
  });

  provider.on('server_error', (ctx: KoaContextWithOIDC, error: Error) => {
    serverErrors.set(ctx, error);
    deps.errorLog.error({ err: error, tenantId }, 'oidc server error');
  });
  return { tenant, provider, registrations };
}
