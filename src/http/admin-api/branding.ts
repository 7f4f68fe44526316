import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  type BrandingService,
  brandingPreviewSchema,
  IMAGE_LIMITS,
  IMAGE_NAMES,
  localeSchema,
  putLocalizationSchema,
  updateBrandingSchema,
  updateLocalizationSchema,
} from '../../branding/index.js';
import { tenantIdSchema } from '../../tenants/index.js';
import { etagMatches } from '../hosted-ui/branding-assets.js';
import type { BrandingPreviews } from '../hosted-ui/preview.js';
import type { RouteTable } from './routes.js';
import { tenantParams } from './tenants.js';

const localizationParams = z.strictObject({ tenantId: tenantIdSchema, lang: localeSchema });

/** The largest image body the admin API reads (the background image's limit). */
const IMAGE_BODY_LIMIT = Math.max(...Object.values(IMAGE_LIMITS).map((limit) => limit.bytes));

/**
 * Company branding of the hosted pages (Graph `organizationalBranding`) and its localizations
 * (`organizationalBrandingLocalization`), with images uploaded as raw bodies.
 */
export function brandingRoutes(
  app: FastifyInstance,
  table: RouteTable,
  deps: { branding: BrandingService; brandingPreviews: Pick<BrandingPreviews, 'create'> },
) {
  const { branding, brandingPreviews } = deps;
  const base = '/tenants/:tenantId/branding';

  // Raw image bodies for the image routes. The format is judged by the bytes (the service);
  // every image/* type reaches it, so an SVG gets a clear 400 rather than a 415.
  app.addContentTypeParser(
    /^image\//i,
    { parseAs: 'buffer', bodyLimit: IMAGE_BODY_LIMIT },
    (_r, body, done) => done(null, body),
  );

  table.add(
    app,
    {
      method: 'GET',
      url: base,
      summary: "Get the tenant's branding",
      tag: 'branding',
      params: tenantParams,
      status: 200,
      description: 'The default branding (organizationalBranding, id 0)',
      action: 'microsoft.directory/organization/branding/allProperties/read',
    },
    ({ params }) => branding.get(params.tenantId),
  );
  table.add(
    app,
    {
      method: 'PATCH',
      url: base,
      summary: "Update the tenant's branding",
      tag: 'branding',
      params: tenantParams,
      body: updateBrandingSchema,
      status: 200,
      description: 'The updated branding',
      action: 'microsoft.directory/organization/branding/allProperties/allTasks',
    },
    ({ params, body }) => branding.update(params.tenantId, body),
  );
  table.add(
    app,
    {
      method: 'POST',
      url: `${base}/preview`,
      summary: 'Preview unsaved branding on the sign-in page',
      tag: 'branding',
      params: tenantParams,
      body: brandingPreviewSchema,
      status: 201,
      description:
        "{id, url, expiresDateTime}: the tenant's sign-in page drawn with the draft, at url for one minute, shown only in a frame of this origin (no script, no form can be sent). locale names what the draft edits ('0' the default branding, else a localization), lang the page's language; the other fields are a PATCH of that branding, checked as a save would check them. Nothing is saved. The right to change branding is needed: a preview puts the admin's text on a page of the tenant's origin.",
      action: 'microsoft.directory/organization/branding/allProperties/allTasks',
    },
    ({ params, body }) => brandingPreviews.create(params.tenantId, body),
  );
  table.add(
    app,
    {
      method: 'GET',
      url: `${base}/localizations`,
      summary: 'List the branding localizations',
      tag: 'branding',
      params: tenantParams,
      status: 200,
      description: 'Every localization, by language tag',
      action: 'microsoft.directory/organization/branding/allProperties/read',
    },
    async ({ params }) => ({ value: await branding.listLocalizations(params.tenantId) }),
  );
  table.add(
    app,
    {
      method: 'GET',
      url: `${base}/localizations/:lang`,
      summary: 'Get a branding localization',
      tag: 'branding',
      params: localizationParams,
      status: 200,
      description: 'The localization (null properties inherit the default branding)',
      action: 'microsoft.directory/organization/branding/allProperties/read',
    },
    ({ params }) => branding.getLocalization(params.tenantId, params.lang),
  );
  table.add(
    app,
    {
      method: 'PUT',
      url: `${base}/localizations/:lang`,
      summary: 'Create or replace a branding localization',
      tag: 'branding',
      params: localizationParams,
      body: putLocalizationSchema,
      status: 200,
      description: 'The localization; its images are kept',
      action: 'microsoft.directory/organization/branding/allProperties/allTasks',
    },
    ({ params, body }) => branding.putLocalization(params.tenantId, params.lang, body),
  );
  table.add(
    app,
    {
      method: 'PATCH',
      url: `${base}/localizations/:lang`,
      summary: 'Update a branding localization',
      tag: 'branding',
      params: localizationParams,
      body: updateLocalizationSchema,
      status: 200,
      description: 'The updated localization',
      action: 'microsoft.directory/organization/branding/allProperties/allTasks',
    },
    ({ params, body }) => branding.updateLocalization(params.tenantId, params.lang, body),
  );
  table.add(
    app,
    {
      method: 'DELETE',
      url: `${base}/localizations/:lang`,
      summary: 'Delete a branding localization',
      tag: 'branding',
      params: localizationParams,
      status: 204,
      description: 'Deleted, with its images',
      action: 'microsoft.directory/organization/branding/allProperties/allTasks',
    },
    async ({ params }) => branding.deleteLocalization(params.tenantId, params.lang),
  );

  const BRANDING_READ = 'microsoft.directory/organization/branding/allProperties/read' as const;
  const BRANDING_WRITE = 'microsoft.directory/organization/branding/allProperties/allTasks' as const;
  // Images: raw bodies both ways, so they are plain Fastify routes (the route table speaks JSON).
  for (const name of IMAGE_NAMES) {
    for (const [url, params] of [
      [`${base}/${name}`, tenantParams],
      [`${base}/localizations/:lang/${name}`, localizationParams],
    ] as const) {
      const target = (request: FastifyRequest) =>
        params.parse(request.params) as { tenantId: string; lang?: string };
      // Outside the route table, they declare their actions the same way (the admin API's guard).
      const read = { adminRoute: { action: BRANDING_READ, params } };
      const write = { adminRoute: { action: BRANDING_WRITE, params } };
      app.get(url, { config: read }, async (request, reply) => {
        const { tenantId, lang } = target(request);
        return sendImage(request, reply, await branding.getImage(tenantId, name, lang));
      });
      app.put(url, { config: write }, async (request, reply) => {
        const { tenantId, lang } = target(request);
        const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
        const image = await branding.putImage(tenantId, name, request.headers['content-type'], body, lang);
        return reply.header('cache-control', 'no-store').send(image);
      });
      app.delete(url, { config: write }, async (request, reply) => {
        const { tenantId, lang } = target(request);
        await branding.deleteImage(tenantId, name, lang);
        return reply.code(204).header('cache-control', 'no-store').send();
      });
    }
  }
}

function sendImage(
  request: FastifyRequest,
  reply: FastifyReply,
  image: { body: Buffer; contentType: string; etag: string },
) {
  reply
    .header('etag', image.etag)
    .header('cache-control', 'no-cache')
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', "default-src 'none'");
  if (etagMatches(request.headers['if-none-match'], image.etag)) return reply.code(304).send();
  return reply.type(image.contentType).send(image.body);
}
