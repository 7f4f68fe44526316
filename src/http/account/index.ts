import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { decodeJwt } from 'jose';
import * as oidc from 'openid-client';
import type { DirectoryUser } from '../../directory/index.js';
import { judgeSecurityInfoChange, type SecurityInfoVerdict } from '../../mfa/index.js';
import type { TenantProtocol } from '../../oidc/index.js';
import { epochSeconds, isAppError, type RepeatLimitedLog } from '../../platform/index.js';
import { tenantIdSchema } from '../../tenants/index.js';
import { HOSTED_PAGE_HEADERS, PASSKEY_PAGE_CSP } from '../hosted-ui/index.js';
import { chooseLanguage, type MessageKey, translatorFor } from '../hosted-ui/messages.js';
import { PageError, parseForm, redirect, sendPage } from '../hosted-ui/page.js';
import { errorPage, type PageFrame } from '../hosted-ui/templates.js';
import {
  ACCOUNT_APP_ID,
  type AccountClient,
  type AccountSignIn,
  accountUrls,
  createAccountClient,
  signInFor,
} from './client.js';
import type { AccountDeps } from './deps.js';
import { federationAccountRoutes } from './federation-routes.js';
import { accountRoutes } from './routes.js';
import { type AccountCookies, type AccountSession, createAccountCookies } from './session.js';
import type { AccountView } from './templates.js';
import { goodbyePage } from './templates.js';

export { ACCOUNT_APP_ID } from './client.js';
export type { AccountDeps } from './deps.js';

/** The account pages a sign-in may return to. */
const RETURN_PATHS =
  /^(|\/password|\/security|\/security\/totp|\/security\/phone|\/security\/passkey|\/identities|\/sessions|\/sign-ins|\/privacy|\/delete)$/;

/** Thrown where a page needs a signed-in user and there is none (or it ended): sign in, then come back. */
class SignInRequired extends Error {
  constructor(readonly returnTo: string) {
    super('sign-in required');
  }
}

/** Thrown where a change of security info needs a more recent proof: sign in for it, then come back. */
class StepUpRequired extends Error {
  constructor(
    readonly returnTo: string,
    readonly kind: AccountSignIn,
  ) {
    super('step-up required');
  }
}

/** What the account session's sign-in proved (its ID token's `amr`, checked at sign-in). */
export function amrOf(session: AccountSession): string[] {
  try {
    const { amr } = decodeJwt(session.idToken);
    return Array.isArray(amr) ? amr.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
}

/** One request of a signed-in user: the tenant, the account session, the user, the page view. */
export interface AccountRequest {
  tenantId: string;
  protocol: TenantProtocol;
  session: AccountSession;
  user: DirectoryUser;
  view: AccountView;
  /** Epoch seconds of the request. */
  now: number;
}

export interface AccountContext {
  deps: AccountDeps;
  client: AccountClient;
  cookies: AccountCookies;
  /**
   * Loads a signed-in page; for a form post (`form` given) the CSRF token must be this
   * session's. A page or post that changes security info names `securityInfo`: the page to
   * come back to after the sign-in the rule asks for (judgeSecurityInfoChange), if it asks.
   */
  load(
    request: FastifyRequest,
    reply: FastifyReply,
    form?: Record<string, string | string[]>,
    options?: { securityInfo?: string },
  ): Promise<AccountRequest>;
  /** Whether this session may change the user's security info now, by the one rule. */
  securityInfo(page: AccountRequest): Promise<SecurityInfoVerdict>;
  /** The frame (language, brand) of a page outside an account session. */
  frame(request: FastifyRequest, tenantId: string): Promise<PageFrame>;
  /** Starts a sign-in to the account pages through the tenant's authorization endpoint. */
  signIn(
    request: FastifyRequest,
    reply: FastifyReply,
    tenantId: string,
    returnTo: string,
    kind?: AccountSignIn,
  ): Promise<FastifyReply>;
}

const csrfScope = (tenantId: string) => `account:${tenantId}`;

/**
 * The self-service account pages under /t/{tenant}/account: the user's profile, password,
 * security methods, sessions, recent sign-ins, their data and account deletion. Server-rendered
 * with the hosted pages' layout, brand and language, no script, a CSRF token on every form.
 * The pages sign in through the tenant itself (authorization code + PKCE, a built-in client)
 * and keep a sealed, HttpOnly session cookie for an hour.
 */
export function accountPages(deps: AccountDeps, failures: RepeatLimitedLog) {
  return async function plugin(app: FastifyInstance): Promise<void> {
    app.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: 16 * 1024 },
      (_request, body, done) => done(null, parseForm(body as string)),
    );
    app.addHook('onSend', async (request, reply) => {
      // The passkey page alone runs a script (the hosted pages' passkey.js): it keeps its CSP.
      const passkeyPage = reply.getHeader('content-security-policy') === PASSKEY_PAGE_CSP;
      reply.headers(HOSTED_PAGE_HEADERS);
      if (passkeyPage) reply.header('content-security-policy', PASSKEY_PAGE_CSP);
      // The front-channel logout URL is loaded in a frame of the tenant's own sign-out page.
      if (request.routeOptions.url?.endsWith('/frontchannel-logout'))
        reply
          .header('content-security-policy', "default-src 'none'; base-uri 'none'; frame-ancestors 'self'")
          .removeHeader('x-frame-options');
    });

    const client = createAccountClient(app, deps);
    const cookies = createAccountCookies(deps.box, deps.secureCookies);
    const now = () => epochSeconds(deps.clock.now());

    async function tenantOf(
      request: FastifyRequest,
    ): Promise<{ tenantId: string; protocol: TenantProtocol }> {
      const parsed = tenantIdSchema.safeParse((request.params as { tenantId?: string }).tenantId);
      if (!parsed.success) throw new PageError(404, 'error.notFound');
      const protocol = await deps.pool.resolve(parsed.data);
      if (!protocol) throw new PageError(404, 'error.notFound');
      return { tenantId: parsed.data, protocol };
    }

    async function frameFor(request: FastifyRequest, tenantId: string, tenantDefault?: string) {
      const choice = { acceptLanguage: request.headers['accept-language'], tenantDefault };
      const lang = chooseLanguage(choice);
      const brand = await deps.brandFor(tenantId, lang);
      const { t, dir } = translatorFor({ ...choice, overrides: () => brand.strings });
      const frame: PageFrame = { t, lang, dir, tenantId, brand: brand.frame };
      return frame;
    }

    const context: AccountContext = {
      deps,
      client,
      cookies,
      async frame(request, tenantId) {
        const protocol = await deps.pool.resolve(tenantId);
        return frameFor(request, tenantId, protocol?.tenant.defaultLanguage);
      },

      async securityInfo(page) {
        const held = await deps.secondFactors.held(page.tenantId, page.user.id);
        return judgeSecurityInfoChange({
          hasSecondFactor: held.length > 0,
          proof: { amr: amrOf(page.session), authTime: page.session.authTime },
          now: page.now,
        });
      },

      async load(request, reply, form, options = {}) {
        const { tenantId, protocol } = await tenantOf(request);
        const at = now();
        const session = cookies.session(request, tenantId, at);
        const path = (request.url.split('?')[0] ?? '')
          .slice(`/t/${tenantId}/account`.length)
          .replace(/\/$/, '');
        const returnTo = request.method === 'GET' && RETURN_PATHS.test(path) ? path : '';
        if (!session) throw new SignInRequired(returnTo);
        if (form && !deps.csrf.verify(session.csrfSecret, csrfScope(tenantId), form.csrf))
          throw new PageError(403, 'error.csrf');
        // The account session lasts only as long as the provider session it signed in through:
        // signing out, a password change or an administrator ending the sessions ends it too.
        const [user, sessions] = await Promise.all([
          deps.directory.findUser(tenantId, session.userId),
          deps.sessions.list(tenantId, session.userId),
        ]);
        const live = sessions.some((s) => s.sids[ACCOUNT_APP_ID] === session.sid);
        if (!user?.accountEnabled || !live) {
          cookies.endSession(reply, tenantId);
          throw new SignInRequired(returnTo);
        }
        const frame = await frameFor(request, tenantId, protocol.tenant.defaultLanguage);
        const format = new Intl.DateTimeFormat(frame.lang, {
          dateStyle: 'medium',
          timeStyle: 'short',
          timeZone: 'UTC',
        });
        const view: AccountView = {
          frame,
          t: frame.t,
          base: `/t/${tenantId}/account`,
          csrf: deps.csrf.token(session.csrfSecret, csrfScope(tenantId)),
          who: user.displayName,
          date: (value) =>
            value === null
              ? frame.t('account.never')
              : `${format.format(typeof value === 'number' ? new Date(value * 1000) : new Date(value))} UTC`,
        };
        const page: AccountRequest = { tenantId, protocol, session, user, view, now: at };
        if (options.securityInfo !== undefined) {
          const verdict = await context.securityInfo(page);
          if (!verdict.allowed) throw new StepUpRequired(options.securityInfo, signInFor(verdict));
        }
        return page;
      },

      async signIn(request, reply, tenantId, returnTo, kind = 'session') {
        const checks = {
          state: oidc.randomState(),
          nonce: oidc.randomNonce(),
          verifier: oidc.randomPKCECodeVerifier(),
        };
        const url = await client.authorizationUrl(tenantId, checks, {
          kind,
          uiLocales: chooseLanguage({ acceptLanguage: request.headers['accept-language'] }),
        });
        cookies.startSignIn(reply, tenantId, { ...checks, returnTo }, now());
        return redirect(reply, url.href);
      },
    };

    app.setErrorHandler(async (error, request, reply) => {
      const { tenantId } = request.params as { tenantId?: string };
      if (error instanceof SignInRequired && tenantId)
        return redirect(
          reply,
          `/t/${tenantId}/account/login${error.returnTo ? `?returnTo=${encodeURIComponent(error.returnTo)}` : ''}`,
        );
      if (error instanceof StepUpRequired && tenantId)
        return context.signIn(request, reply, tenantId, error.returnTo, error.kind);
      const unavailable = isAppError(error) && error.kind === 'unavailable';
      const status =
        error instanceof PageError ? error.status : (error as { statusCode?: number }).statusCode;
      const key: MessageKey =
        error instanceof PageError ? error.messageKey : unavailable ? 'error.unavailable' : 'error.generic';
      const code = unavailable ? 503 : status && status >= 400 && status < 500 ? status : 500;
      if (code >= 500) failures.error({ err: error }, 'account page failed', { logger: request.log });
      const frame = await context.frame(request, tenantId ?? 'unknown').catch(() => ({
        ...translatorFor({ acceptLanguage: request.headers['accept-language'] }),
        tenantId: 'unknown',
      }));
      return sendPage(reply, errorPage(frame, { message: frame.t(key), correlationId: request.id }), code);
    });

    // -- signing in and out -----------------------------------------------------------------

    app.get('/login', async (request, reply) => {
      const { tenantId } = await tenantOf(request);
      const wanted = (request.query as { returnTo?: unknown }).returnTo;
      const returnTo = typeof wanted === 'string' && RETURN_PATHS.test(wanted) ? wanted : '';
      return context.signIn(request, reply, tenantId, returnTo);
    });

    app.get('/callback', async (request, reply) => {
      const { tenantId } = await tenantOf(request);
      const state = cookies.signInState(request, tenantId, now());
      if (!state) throw new PageError(400, 'error.expired');
      cookies.endSignIn(reply, tenantId);
      if ((request.query as { error?: unknown }).error !== undefined)
        throw new PageError(400, 'error.generic');
      let signedIn: Awaited<ReturnType<AccountClient['callback']>>;
      try {
        signedIn = await client.callback(tenantId, new URL(`${deps.baseUrl}${request.url}`), state);
      } catch (error) {
        request.log.warn({ err: error }, 'account sign-in callback refused');
        throw new PageError(400, 'error.expired');
      }
      const at = now();
      cookies.startSession(
        reply,
        tenantId,
        {
          userId: signedIn.sub,
          sid: signedIn.sid,
          authTime: at - signedIn.authAge,
          idToken: signedIn.idToken,
        },
        at,
      );
      return redirect(reply, `/t/${tenantId}/account${state.returnTo}`);
    });

    app.post('/logout', async (request, reply) => {
      const form = (request.body ?? {}) as Record<string, string | string[]>;
      const { tenantId, session } = await context.load(request, reply, form);
      cookies.endSession(reply, tenantId);
      // RP-initiated logout: the provider asks to confirm, ends its session, comes back here.
      return redirect(reply, (await client.logoutUrl(tenantId, session.idToken)).href);
    });

    app.get('/signed-out', async (request, reply) => {
      const { tenantId } = await tenantOf(request);
      cookies.endSession(reply, tenantId);
      const frame = await context.frame(request, tenantId);
      return sendPage(
        reply,
        goodbyePage(frame, {
          title: frame.t('signedOut.title'),
          message: frame.t('signedOut.body'),
          signInHref: `/t/${tenantId}/account`,
          signInLabel: frame.t('account.signInAgain'),
        }),
      );
    });

    // Loaded in a hidden frame when the user signs out of the tenant elsewhere.
    app.get('/frontchannel-logout', async (request, reply) => {
      const { tenantId } = await tenantOf(request);
      const { sid } = request.query as { sid?: unknown };
      const session = cookies.session(request, tenantId, now());
      if (session && session.sid === sid) cookies.endSession(reply, tenantId);
      return reply.code(200).type('text/plain; charset=utf-8').send('');
    });

    accountRoutes(app, context);
    federationAccountRoutes(app, context);
  };
}

export { accountUrls };
