import type { FastifyInstance } from 'fastify';
import type { BrandingService } from '../../branding/index.js';

export interface BrandingAssetsDeps {
  branding: Pick<BrandingService, 'asset'>;
}

/**
 * Branding images and brand.css under {prefix}/assets/branding/:version/:name (the hosted-ui
 * plugin registers it under /t/:tenantId/u). The version is in the URL, so a response may be
 * cached for a year; the ETag is the content's SHA-256.
 */
export function brandingAssets(deps: BrandingAssetsDeps) {
  return async function plugin(app: FastifyInstance): Promise<void> {
    app.get('/assets/branding/:version/:name', async (request, reply) => {
      const { tenantId, version, name } = request.params as {
        tenantId?: string;
        version: string;
        name: string;
      };
      const asset = tenantId ? await deps.branding.asset(tenantId, version, name) : undefined;
      reply.header('x-content-type-options', 'nosniff');
      if (!asset) {
        return reply
          .code(404)
          .header('cache-control', 'no-store')
          .type('text/plain; charset=utf-8')
          .send('Not found');
      }
      reply.header('cache-control', 'public, max-age=31536000, immutable').header('etag', asset.etag);
      if (etagMatches(request.headers['if-none-match'], asset.etag)) return reply.code(304).send();
      return reply.type(asset.contentType).send(asset.body);
    });
  };
}

/** If-None-Match: `*` or a list of (possibly weak) tags, compared weakly as RFC 9110 says. */
export function etagMatches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}
