import type { FastifyInstance } from 'fastify';
import { isAppError, type RepeatLimitedLog } from '../../platform/index.js';
import { trackResponses } from './after-response.js';
import { brandingAssets } from './branding-assets.js';
import { createCodeSender } from './code-step.js';
import type { HostedUiDeps } from './deps.js';
import { federationRoutes } from './federation-routes.js';
import { createFinisher } from './finish.js';
import { chooseLanguage, translatorFor } from './messages.js';
import { mfaRoutes } from './mfa-routes.js';
import { createPageLoader, PageError, parseForm, sendPage } from './page.js';
import { passkeyRoutes } from './passkey-routes.js';
import { passwordRoutes } from './password-routes.js';
import { brandingPreviewRoutes, PREVIEW_PAGE_CSP } from './preview.js';
import { samlRoutes } from './saml-routes.js';
import { signInRoutes } from './sign-in-routes.js';
import { signUpRoutes } from './sign-up-routes.js';
import { STYLESHEET } from './styles.js';
import { errorPage } from './templates.js';

export type { HostedUiDeps } from './deps.js';

/** Strict CSP: no script at all, styles from our own stylesheets, never framed. */
export const HOSTED_PAGE_HEADERS = {
  'content-security-policy':
    "default-src 'none'; style-src 'self'; img-src 'self' data:; base-uri 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cache-control': 'no-store',
};

/**
 * The passkey pages, and only they, may run one script: /assets/passkey.js from our own origin
 * (WebAuthn has no form-only API). Every other page keeps the script-free policy above.
 */
export const PASSKEY_PAGE_CSP = `${HOSTED_PAGE_HEADERS['content-security-policy']}; script-src 'self'`;

/**
 * The hosted pages under /t/{tenant}/u: server-rendered, no JavaScript, a CSRF token on
 * every form, every string from the message catalog, the tenant's brand around them. They
 * collect what a person types and hand it to the sign-in pipeline; oidc-provider owns the
 * protocol on either side.
 */
export function hostedUi(deps: HostedUiDeps, failures: RepeatLimitedLog) {
  return async function plugin(app: FastifyInstance): Promise<void> {
    app.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: 16 * 1024 },
      (_request, body, done) => done(null, parseForm(body as string)),
    );

    app.addHook('onSend', async (_request, reply) => {
      const cacheControl = reply.getHeader('cache-control');
      const ownPolicy = reply.getHeader('content-security-policy');
      reply.headers(HOSTED_PAGE_HEADERS);
      // Pages are never cached; assets say otherwise themselves.
      if (cacheControl) reply.header('cache-control', cacheControl);
      if (ownPolicy === PASSKEY_PAGE_CSP) reply.header('content-security-policy', PASSKEY_PAGE_CSP);
      // The branding preview, framed by the console (same origin) and nothing else.
      if (ownPolicy === PREVIEW_PAGE_CSP) {
        reply.header('content-security-policy', PREVIEW_PAGE_CSP).header('x-frame-options', 'SAMEORIGIN');
      }
    });

    // Codes go out after the page has answered (see `responded`).
    trackResponses(app);

    const pages = createPageLoader(deps);
    app.setErrorHandler(async (error, request, reply) => {
      const { status, key } = describeError(error);
      if (status >= 500) failures.error({ err: error }, 'hosted page failed', { logger: request.log });
      const { tenantId } = request.params as { tenantId?: string };
      const acceptLanguage = request.headers['accept-language'];
      const { frame, t } = await pages.frameFor(tenantId ?? 'unknown', { acceptLanguage }).catch(() => {
        const plain = translatorFor({ acceptLanguage });
        return { frame: { ...plain, tenantId: tenantId ?? 'unknown' }, t: plain.t };
      });
      return sendPage(reply, errorPage(frame, { message: t(key), correlationId: request.id }), status);
    });

    app.get('/assets/style.css', async (_request, reply) =>
      reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(STYLESHEET),
    );

    await app.register(brandingAssets({ branding: deps.brandAssets }));
    const routes = { deps, pages, codes: createCodeSender(deps), finish: createFinisher(deps) };
    signInRoutes(app, routes);
    signUpRoutes(app, routes);
    passwordRoutes(app, routes);
    mfaRoutes(app, routes);
    passkeyRoutes(app, routes);
    federationRoutes(app, routes);
    brandingPreviewRoutes(app, deps.brandingPreviews);
    samlRoutes(app, {
      callbackUrl: deps.upstream.callbackUrl,
      tenantExists: async (id) => Boolean(await deps.pool.get(id)),
    });
  };
}

/**
 * The status and message of a failed page: ours, a body too large, a lost interaction, a service
 * unavailable for now (the database down or too slow: "try again"), or a fault.
 */
function describeError(error: unknown): { status: number; key: PageError['messageKey'] } {
  if (error instanceof PageError) return { status: error.status, key: error.messageKey };
  if ((error as { statusCode?: number }).statusCode === 413) return { status: 413, key: 'error.generic' };
  if (isAppError(error) && error.kind === 'unavailable') return { status: 503, key: 'error.unavailable' };
  if (sessionLost(error)) return { status: 400, key: 'error.expired' };
  return { status: 500, key: 'error.generic' };
}

function sessionLost(error: unknown): boolean {
  const name = (error as { name?: string }).name;
  return name === 'SessionNotFound' || name === 'InvalidRequest';
}

export { chooseLanguage };
