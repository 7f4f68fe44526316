import type { IncomingMessage } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type Provider from 'oidc-provider';
import { z } from 'zod';
import type { SignInAttempt, SignInPipeline } from '../../flows/index.js';
import type { ProviderPool, TenantProtocol } from '../../oidc/index.js';
import { tenantIdSchema } from '../../tenants/index.js';
import { readCookie, serializeCookie } from './cookies.js';
import { CSRF_COOKIE, type Csrf } from './csrf.js';
import { type Translate, translatorFor } from './messages.js';
import { STYLESHEET } from './styles.js';
import { errorPage, signInPage } from './templates.js';

export interface HostedUiDeps {
  pool: ProviderPool;
  signIn: SignInPipeline;
  csrf: Csrf;
  /** Whether cookies get the Secure flag (the public URL is https). */
  secureCookies: boolean;
}

/** Strict CSP: no script at all, styles from our own stylesheet, never framed. */
export const HOSTED_PAGE_HEADERS = {
  'content-security-policy':
    "default-src 'none'; style-src 'self'; img-src 'self' data:; base-uri 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cache-control': 'no-store',
};

const signInForm = z.object({
  csrf: z.string().max(128),
  login: z.string().trim().max(256),
  password: z.string().max(1024),
});

const interactionParams = z.object({
  tenantId: tenantIdSchema,
  uid: z.string().regex(/^[A-Za-z0-9_-]{10,64}$/),
});

interface PageContext extends TenantProtocol {
  t: Translate;
  lang: string;
}

class PageError extends Error {
  constructor(
    readonly status: number,
    readonly messageKey: 'error.generic' | 'error.expired' | 'error.csrf' | 'error.notFound',
  ) {
    super(messageKey);
  }
}

/**
 * The hosted pages under /t/{tenant}/u: server-rendered, no JavaScript, a CSRF token on
 * every form, every string from the message catalog. They collect credentials and hand
 * them to the sign-in pipeline; oidc-provider owns the protocol on either side.
 */
export function hostedUi(deps: HostedUiDeps) {
  return async function plugin(app: FastifyInstance): Promise<void> {
    app.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: 16 * 1024 },
      (_request, body, done) => {
        const fields: Record<string, string> = {};
        for (const [key, value] of new URLSearchParams(body as string)) fields[key] = value;
        done(null, fields);
      },
    );

    app.addHook('onSend', async (_request, reply) => {
      const cacheControl = reply.getHeader('cache-control');
      reply.headers(HOSTED_PAGE_HEADERS);
      // Pages are never cached; the stylesheet says so itself.
      if (cacheControl) reply.header('cache-control', cacheControl);
    });

    async function context(request: FastifyRequest): Promise<PageContext> {
      const { tenantId } = request.params as { tenantId: string };
      const protocol = tenantIdSchema.safeParse(tenantId).success
        ? await deps.pool.resolve(tenantId)
        : undefined;
      if (!protocol) throw new PageError(404, 'error.notFound');
      const { t, lang } = translatorFor(request.headers['accept-language'], protocol.tenant.defaultLanguage);
      return { ...protocol, t, lang };
    }

    function browserSecret(request: FastifyRequest, reply: FastifyReply, tenantId: string): string {
      const existing = readCookie(request.headers.cookie, CSRF_COOKIE);
      if (existing && /^[A-Za-z0-9_-]{32}$/.test(existing)) return existing;
      const secret = deps.csrf.newBrowserSecret();
      reply.header(
        'set-cookie',
        serializeCookie(CSRF_COOKIE, secret, { path: `/t/${tenantId}/u`, secure: deps.secureCookies }),
      );
      return secret;
    }

    app.setErrorHandler(async (error, request, reply) => {
      const { status, key } = describeError(error);
      if (status >= 500) request.log.error({ err: error }, 'hosted page failed');
      const { tenantId } = request.params as { tenantId?: string };
      const { t, lang } = translatorFor(request.headers['accept-language'], 'en');
      return reply
        .code(status)
        .type('text/html; charset=utf-8')
        .send(
          errorPage(
            { t, lang, tenantId: tenantId ?? 'unknown' },
            { message: t(key), correlationId: request.id },
          ),
        );
    });

    app.get('/assets/style.css', async (_request, reply) =>
      reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(STYLESHEET),
    );

    app.get('/interaction/:uid', async (request, reply) => {
      const { uid } = parseParams(request);
      const page = await context(request);
      const details = await page.provider.interactionDetails(mounted(request, page.tenant.id), reply.raw);
      if (details.uid !== uid) throw new PageError(400, 'error.expired');
      if (details.prompt.name !== 'login') {
        // Apps registered in the tenant are first-party: consent is given on the user's behalf.
        const grantId = await grantConsent(page.provider, details);
        return redirect(
          reply,
          await page.provider.interactionResult(mounted(request, page.tenant.id), reply.raw, {
            consent: { grantId },
          }),
        );
      }
      const appId = String(details.params.client_id);
      const appName = (await page.registrations.byAppId(appId))?.displayName ?? appId;
      const secret = browserSecret(request, reply, page.tenant.id);
      const loginHint =
        typeof details.params.login_hint === 'string' ? details.params.login_hint.slice(0, 256) : undefined;
      return reply
        .type('text/html; charset=utf-8')
        .send(
          signInPage(
            { t: page.t, lang: page.lang, tenantId: page.tenant.id },
            { uid, appName, csrf: deps.csrf.token(secret, uid), login: loginHint },
          ),
        );
    });

    app.post('/interaction/:uid/login', async (request, reply) => {
      const { uid } = parseParams(request);
      const page = await context(request);
      const form = signInForm.safeParse(request.body ?? {});
      const secret = readCookie(request.headers.cookie, CSRF_COOKIE);
      if (!form.success) throw new PageError(400, 'error.generic');
      if (!deps.csrf.verify(secret, uid, form.data.csrf)) throw new PageError(403, 'error.csrf');
      const details = await page.provider.interactionDetails(mounted(request, page.tenant.id), reply.raw);
      if (details.uid !== uid || details.prompt.name !== 'login') throw new PageError(400, 'error.expired');
      const appId = String(details.params.client_id);
      const appName = (await page.registrations.byAppId(appId))?.displayName ?? appId;
      const rerender = (status: number, error: string) =>
        reply
          .code(status)
          .type('text/html; charset=utf-8')
          .send(
            signInPage(
              { t: page.t, lang: page.lang, tenantId: page.tenant.id },
              { uid, appName, csrf: form.data.csrf, login: form.data.login, error },
            ),
          );

      const attempt: SignInAttempt = {
        tenantId: page.tenant.id,
        app: { appId, displayName: appName },
        facts: {
          remoteAddress: request.raw.socket.remoteAddress ?? '',
          forwardedFor: request.headers['x-forwarded-for'],
          userAgent: request.headers['user-agent'],
          correlationId: request.id,
        },
        credentials: { method: 'password', login: form.data.login, password: form.data.password },
        amr: [],
        riskLevel: 'none',
        authenticationRequirement: 'singleFactorAuthentication',
      };
      if (!form.data.login || !form.data.password) return rerender(400, page.t('signIn.missing'));

      const outcome = await deps.signIn(attempt);
      if (!outcome.ok) {
        if (attempt.failure === 'throttled') {
          reply.header('retry-after', String(Math.ceil((attempt.retryAfterMs ?? 60_000) / 1000)));
          return rerender(429, page.t('signIn.throttled'));
        }
        if (attempt.failure === 'applicationNotFound') throw new PageError(400, 'error.generic');
        // A wrong email, a wrong password and a disabled account read the same.
        return rerender(401, page.t('signIn.invalidCredentials'));
      }
      const returnTo = await page.provider.interactionResult(mounted(request, page.tenant.id), reply.raw, {
        login: { accountId: attempt.user?.id as string, amr: attempt.amr, acr: 'urn:gatehouse:loa:1' },
      });
      return redirect(reply, returnTo);
    });

    app.post('/interaction/:uid/abort', async (request, reply) => {
      const { uid } = parseParams(request);
      const page = await context(request);
      const csrf = (request.body as Record<string, unknown> | undefined)?.csrf;
      if (!deps.csrf.verify(readCookie(request.headers.cookie, CSRF_COOKIE), uid, csrf))
        throw new PageError(403, 'error.csrf');
      const returnTo = await page.provider.interactionResult(mounted(request, page.tenant.id), reply.raw, {
        error: 'access_denied',
        error_description: 'End-User aborted interaction',
      });
      return redirect(reply, returnTo);
    });
  };
}

/**
 * oidc-provider derives its mount path (/t/{tenant}) from `req.originalUrl` minus `req.url`,
 * as in the protocol hand-off; without it the URLs it returns would miss the tenant prefix.
 */
function mounted(request: FastifyRequest, tenantId: string): IncomingMessage {
  const raw = request.raw as IncomingMessage & { originalUrl?: string };
  if (raw.originalUrl === undefined) {
    raw.originalUrl = raw.url;
    raw.url = (raw.url ?? '').slice(`/t/${tenantId}`.length);
  }
  return raw;
}

function parseParams(request: FastifyRequest): { tenantId: string; uid: string } {
  const parsed = interactionParams.safeParse(request.params);
  if (!parsed.success) throw new PageError(404, 'error.notFound');
  return parsed.data;
}

function redirect(reply: FastifyReply, location: string) {
  return reply.code(303).header('location', location).send();
}

/** The status and message of a failed page: ours, a body too large, a lost interaction, or a fault. */
function describeError(error: unknown): { status: number; key: PageError['messageKey'] } {
  if (error instanceof PageError) return { status: error.status, key: error.messageKey };
  if ((error as { statusCode?: number }).statusCode === 413) return { status: 413, key: 'error.generic' };
  if (sessionLost(error)) return { status: 400, key: 'error.expired' };
  return { status: 500, key: 'error.generic' };
}

function sessionLost(error: unknown): boolean {
  const name = (error as { name?: string }).name;
  return name === 'SessionNotFound' || name === 'InvalidRequest';
}

type InteractionDetails = Awaited<ReturnType<Provider['interactionDetails']>>;

/** Grants what a first-party app asked for: its OIDC scopes and the requested API's scopes. */
async function grantConsent(provider: Provider, details: InteractionDetails): Promise<string> {
  const { params, session, grantId } = details;
  const grant = grantId
    ? await provider.Grant.find(grantId)
    : new provider.Grant({ accountId: session?.accountId, clientId: String(params.client_id) });
  if (!grant) throw new PageError(400, 'error.expired');
  const missing = details.prompt.details as {
    missingOIDCScope?: string[];
    missingOIDCClaims?: string[];
    missingResourceScopes?: Record<string, string[]>;
  };
  if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
  if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
  for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes ?? {})) {
    grant.addResourceScope(indicator, scopes.join(' '));
  }
  return grant.save();
}
