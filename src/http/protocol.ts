import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import type Provider from 'oidc-provider';
import type { ProviderPool } from '../oidc/index.js';
import { tenantIdSchema } from '../tenants/index.js';

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
    raw.originalUrl = request.url;
    raw.url = match[2] as string;
    request.log.debug({ tenantId }, 'protocol request');
    await handler(raw, reply.raw);
  });
}
