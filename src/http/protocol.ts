import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import type Provider from 'oidc-provider';
import type { ProviderPool } from '../oidc/index.js';
import { tenantIdSchema } from '../tenants/index.js';
import { HOSTED_PAGE_HEADERS } from './hosted-ui/index.js';

const PROTOCOL_PATH = /^\/t\/([^/?#]+)(\/(?:\.well-known|oauth2)(?:[/?].*)?)$/;

type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<void> | void;

/**
 * Hands `/t/{tenant}/.well-known/*` and `/t/{tenant}/oauth2/*` to that tenant's
 * oidc-provider, before Fastify parses a body: the protocol is oidc-provider's alone.
 */
export function registerProtocolRoutes(app: FastifyInstance, pool: ProviderPool): void {
  const handlers = new WeakMap<Provider, Handler>();

  app.addHook('onRequest', async (request, reply) => {
    const match = PROTOCOL_PATH.exec(request.url);
    if (!match) return;
    const tenantId = decodeURIComponent(match[1] as string);
    const provider = tenantIdSchema.safeParse(tenantId).success ? await pool.get(tenantId) : undefined;
    if (!provider) {
      return reply
        .code(404)
        .header('cache-control', 'no-store')
        .send({ error: 'invalid_request', error_description: `tenant '${tenantId}' does not exist` });
    }
    let handler = handlers.get(provider);
    if (!handler) {
      handler = provider.callback() as Handler;
      handlers.set(provider, handler);
    }
    reply.hijack();
    const raw = request.raw as IncomingMessage & { originalUrl?: string };
    raw.url = askConsentForOfflineAccess(match[2] as string);
    // oidc-provider takes its mount path to be originalUrl minus url: keep the two aligned.
    raw.originalUrl = `/t/${match[1]}${raw.url}`;
    // The pages oidc-provider renders: sign-out, and the device flow's code pages (not its JSON endpoint).
    if (/^\/oauth2\/(?:authorize|logout|device(?![a-z]))/.test(raw.url)) {
      for (const [name, value] of Object.entries(HOSTED_PAGE_HEADERS)) reply.raw.setHeader(name, value);
    }
    request.log.debug({ tenantId }, 'protocol request');
    await handler(raw, reply.raw);
  });
}

/**
 * oidc-provider honours `offline_access` only with `prompt=consent`. Entra issues a refresh
 * token whenever an app asks for offline_access, so an authorization request that asks for
 * it (and does not forbid interaction) gets `consent` added to its prompt; the hosted UI
 * grants consent for first-party apps without showing a page.
 */
export function askConsentForOfflineAccess(path: string): string {
  if (!path.startsWith('/oauth2/authorize?')) return path;
  const url = new URL(path, 'http://x');
  const scopes = (url.searchParams.get('scope') ?? '').split(' ');
  const prompts = new Set((url.searchParams.get('prompt') ?? '').split(' ').filter(Boolean));
  if (!scopes.includes('offline_access') || prompts.has('none') || prompts.has('consent')) return path;
  prompts.add('consent');
  url.searchParams.set('prompt', [...prompts].join(' '));
  return `${url.pathname}${url.search}`;
}
