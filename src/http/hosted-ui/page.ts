import type { IncomingMessage } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type Provider from 'oidc-provider';
import { z } from 'zod';
import { type ProviderKind, providerKindOf } from '../../federation/index.js';
import type { UserFlow } from '../../flows/index.js';
import type { TenantProtocol } from '../../oidc/index.js';
import { tenantIdSchema } from '../../tenants/index.js';
import { deviceCookie, readCookie, serializeCookie } from './cookies.js';
import { CSRF_COOKIE } from './csrf.js';
import type { HostedUiDeps } from './deps.js';
import { chooseLanguage, type MessageKey, type Translate, translatorFor } from './messages.js';
import type { PageFrame } from './templates.js';

export class PageError extends Error {
  constructor(
    readonly status: number,
    readonly messageKey: MessageKey,
  ) {
    super(messageKey);
  }
}

export type InteractionDetails = Awaited<ReturnType<Provider['interactionDetails']>>;

/** Everything a page of one sign-in interaction needs, loaded once per request. */
export interface InteractionPage extends TenantProtocol {
  uid: string;
  details: InteractionDetails;
  appId: string;
  appName: string;
  flow: UserFlow;
  frame: PageFrame;
  t: Translate;
  lang: string;
  /** `/t/{tenant}/u/interaction/{uid}`: the prefix of this interaction's pages. */
  base: string;
  /** The form token of this browser for this interaction. */
  csrf: string;
  /** The identity providers the app's user flow offers, by name and kind (for their buttons). */
  providers: Array<{ id: string; displayName: string; kind: ProviderKind }>;
}

const interactionParams = z.object({
  tenantId: tenantIdSchema,
  uid: z.string().regex(/^[A-Za-z0-9_-]{10,64}$/),
});

const browserSecretPattern = /^[A-Za-z0-9_-]{32}$/;

/** The pieces that load and check an interaction page. */
export function createPageLoader(deps: HostedUiDeps) {
  function browserSecret(request: FastifyRequest, reply: FastifyReply, tenantId: string): string {
    const existing = readCookie(request.headers.cookie, CSRF_COOKIE);
    if (existing && browserSecretPattern.test(existing)) return existing;
    const secret = deps.csrf.newBrowserSecret();
    reply.header(
      'set-cookie',
      serializeCookie(CSRF_COOKIE, secret, { path: `/t/${tenantId}/u`, secure: deps.secureCookies }),
    );
    return secret;
  }

  /** The frame of a page outside an interaction (error pages): language and brand only. */
  async function frameFor(
    tenantId: string,
    choice: { uiLocales?: string; acceptLanguage?: string; tenantDefault?: string },
  ): Promise<{ frame: PageFrame; t: Translate; lang: string }> {
    const lang = chooseLanguage(choice);
    const brand = await deps.brandFor(tenantId, lang);
    const { t, dir } = translatorFor({ ...choice, overrides: () => brand.strings });
    return { frame: { t, lang, dir, tenantId, brand: brand.frame }, t, lang };
  }

  return {
    frameFor,

    /**
     * Loads the interaction named in the URL. For a form post (`form` given) the CSRF token
     * must match this browser and this interaction, before anything else happens.
     */
    async load(
      request: FastifyRequest,
      reply: FastifyReply,
      options: { form?: Record<string, unknown>; prompt?: 'login' } = {},
    ): Promise<InteractionPage> {
      const parsed = interactionParams.safeParse(request.params);
      if (!parsed.success) throw new PageError(404, 'error.notFound');
      const { tenantId, uid } = parsed.data;
      if (options.form) {
        const secret = readCookie(request.headers.cookie, CSRF_COOKIE);
        if (!deps.csrf.verify(secret, uid, options.form.csrf)) throw new PageError(403, 'error.csrf');
      }
      const protocol = await deps.pool.resolve(tenantId);
      if (!protocol) throw new PageError(404, 'error.notFound');
      const details = await protocol.provider.interactionDetails(mounted(request, tenantId), reply.raw);
      if (details.uid !== uid) throw new PageError(400, 'error.expired');
      if (options.prompt && details.prompt.name !== options.prompt) throw new PageError(400, 'error.expired');
      const appId = String(details.params.client_id);
      const app = await protocol.registrations.byAppId(appId);
      const flow = await deps.userFlows.forApplication(tenantId, appId);
      const uiLocales = typeof details.params.ui_locales === 'string' ? details.params.ui_locales : undefined;
      const device = deviceCookie(request.headers.cookie, { tenantId, secure: deps.secureCookies });
      if (device.setCookie) reply.header('set-cookie', device.setCookie);
      const { frame, t, lang } = await frameFor(tenantId, {
        uiLocales,
        acceptLanguage: request.headers['accept-language'],
        tenantDefault: protocol.tenant.defaultLanguage,
      });
      // Only the providers Gatehouse can sign in with get a button (a connector for their kind).
      const providers = (
        await Promise.all(
          flow.identityProviders.map((id) => deps.upstream.providerWithConnector(tenantId, id)),
        )
      ).flatMap((found) =>
        found
          ? [
              {
                id: found.provider.id,
                displayName: found.provider.displayName,
                kind: providerKindOf(found.provider),
              },
            ]
          : [],
      );
      return {
        ...protocol,
        providers,
        uid,
        details,
        appId,
        appName: app?.displayName ?? appId,
        flow,
        frame,
        t,
        lang,
        base: `/t/${tenantId}/u/interaction/${uid}`,
        csrf: deps.csrf.token(browserSecret(request, reply, tenantId), uid),
      };
    },
  };
}

export type PageLoader = ReturnType<typeof createPageLoader>;

/**
 * oidc-provider derives its mount path (/t/{tenant}) from `req.originalUrl` minus `req.url`,
 * as in the protocol hand-off; without it the URLs it returns would miss the tenant prefix.
 */
export function mounted(request: FastifyRequest, tenantId: string): IncomingMessage {
  const raw = request.raw as IncomingMessage & { originalUrl?: string };
  if (raw.originalUrl === undefined) {
    raw.originalUrl = raw.url;
    raw.url = (raw.url ?? '').slice(`/t/${tenantId}`.length);
  }
  return raw;
}

export function redirect(reply: FastifyReply, location: string) {
  return reply.code(303).header('location', location).send();
}

export function sendPage(reply: FastifyReply, html: string, status = 200) {
  return reply.code(status).type('text/html; charset=utf-8').send(html);
}

/** The form fields of a post (the hosted-ui body parser yields strings and repeated keys as arrays). */
export function formOf(request: FastifyRequest): Record<string, string | string[]> {
  const body = request.body;
  return body && typeof body === 'object' ? (body as Record<string, string | string[]>) : {};
}

/** One text field of a form: absent or repeated fields read as empty (the body limit caps its size). */
export function field(form: Record<string, string | string[]>, name: string): string {
  const value = form[name];
  return typeof value === 'string' ? value : '';
}

/** Form fields of a urlencoded body: strings, and arrays for repeated names (multi-select attributes). */
export function parseForm(body: string): Record<string, string | string[]> {
  const fields: Record<string, string | string[]> = {};
  for (const [key, value] of new URLSearchParams(body)) {
    const existing = fields[key];
    fields[key] =
      existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value];
  }
  return fields;
}
