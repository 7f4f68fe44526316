import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { BrandingPreviewInput, BrandingService } from '../../branding/index.js';
import { AppError, type RateLimiter, randomToken, type SharedState } from '../../platform/index.js';
import { tenantIdSchema } from '../../tenants/index.js';
import { renderBrandFrame } from './brand.js';
import { translatorFor } from './messages.js';
import { PageError, sendPage } from './page.js';
import { signInPage } from './templates.js';

/**
 * The branding preview's page may be framed by Gatehouse's own pages (the console) and no one
 * else; like every hosted page it runs no script, and no form on it can be sent anywhere.
 */
export const PREVIEW_PAGE_CSP =
  "default-src 'none'; style-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'self'";

/** How long a preview can be opened after an admin asked for it. */
export const PREVIEW_TTL_MS = 60_000;

/**
 * How many previews of one tenant may be made per window of PREVIEW_TTL_MS: each is kept in
 * shared state for that long, so this bounds what a tenant's previews hold at once (the
 * console asks for one when an admin pauses typing for 400 ms).
 */
export const MAX_PREVIEWS_PER_WINDOW = 120;

const previewParams = z.object({
  tenantId: tenantIdSchema,
  id: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
});

const keyOf = (tenantId: string, id: string) => `branding-preview:${tenantId}:${id}`;

export interface BrandingPreview {
  id: string;
  /** Where the preview is: `/t/{tenant}/u/preview/{id}` on the base URL. */
  url: string;
  expiresDateTime: string;
}

export type BrandingPreviews = ReturnType<typeof createBrandingPreviews>;

/**
 * Previews of unsaved branding: the tenant's real sign-in page drawn with an admin's draft.
 * The admin API makes one (the admin needs branding read); it is kept under a random id for a
 * minute, where the console's frame opens it. Nothing is stored in the branding.
 */
export function createBrandingPreviews(deps: {
  state: Pick<SharedState, 'put' | 'get'>;
  /** Previews per tenant in a window (MAX_PREVIEWS_PER_WINDOW a PREVIEW_TTL_MS). */
  limiter: RateLimiter;
  branding: Pick<BrandingService, 'draftPage'>;
  baseUrl: string;
  now: () => Date;
  ttlMs?: number;
}) {
  const ttlMs = deps.ttlMs ?? PREVIEW_TTL_MS;
  return {
    /** Checks the draft as a save would (a ZodError or AppError names the field), renders it, keeps it. */
    async create(tenantId: string, input: BrandingPreviewInput): Promise<BrandingPreview> {
      const { page, css, lang } = await deps.branding.draftPage(tenantId, input);
      const verdict = await deps.limiter.consume(tenantId);
      if (!verdict.allowed)
        throw new AppError(
          'too_many_previews',
          'tooMany',
          `At most ${deps.limiter.limit} previews of a tenant's branding can be made in ${deps.limiter.windowMs / 1000} seconds; try again in ${Math.ceil(verdict.retryAfterMs / 1000)} seconds.`,
        );
      const id = randomToken(32);
      const path = `/t/${tenantId}/u/preview/${id}`;
      const brand = { ...page, stylesheetUrl: css ? `${path}/brand.css` : null };
      const { t, dir } = translatorFor({ uiLocales: lang, overrides: () => page.strings });
      const html = signInPage(
        { t, lang, dir, tenantId, brand: renderBrandFrame(brand, lang) },
        {
          base: path,
          appName: page.companyName ?? tenantId,
          csrf: '',
          links: [
            { href: '#', label: t('signIn.forgotPassword') },
            { lead: t('signIn.noAccount'), href: '#', label: t('signIn.createAccount') },
          ],
        },
      );
      // A picture in the console's frame: it takes no focus from the editor (nor may a sandboxed frame).
      const picture = html.replace(/ autofocus(?=[ >])/g, '');
      await deps.state.put(keyOf(tenantId, id), JSON.stringify({ html: picture, css }), ttlMs);
      return {
        id,
        url: `${deps.baseUrl}${path}`,
        expiresDateTime: new Date(deps.now().getTime() + ttlMs).toISOString(),
      };
    },

    async get(tenantId: string, id: string): Promise<{ html: string; css: string | null } | undefined> {
      const stored = await deps.state.get(keyOf(tenantId, id));
      return stored ? (JSON.parse(stored) as { html: string; css: string | null }) : undefined;
    },
  };
}

/** GET /t/:tenantId/u/preview/:id (the page) and …/brand.css (its draft stylesheet). */
export function brandingPreviewRoutes(app: FastifyInstance, previews: Pick<BrandingPreviews, 'get'>) {
  const load = async (request: FastifyRequest) => {
    // Only inside a frame (the console's): a link to a preview, opened as a page of its own,
    // finds nothing. Browsers say where a response goes (Fetch Metadata); a stylesheet is a style.
    const destination = request.headers['sec-fetch-dest'];
    const wanted = request.url.endsWith('/brand.css') ? 'style' : 'iframe';
    if (destination !== undefined && destination !== wanted) throw new PageError(404, 'error.notFound');
    const parsed = previewParams.safeParse(request.params);
    const preview = parsed.success && (await previews.get(parsed.data.tenantId, parsed.data.id));
    if (!preview) throw new PageError(404, 'error.notFound');
    return preview;
  };
  app.get('/preview/:id', async (request, reply) => {
    const preview = await load(request);
    reply.header('content-security-policy', PREVIEW_PAGE_CSP);
    return sendPage(reply, preview.html);
  });
  app.get('/preview/:id/brand.css', async (request, reply) => {
    const preview = await load(request);
    if (preview.css === null) throw new PageError(404, 'error.notFound');
    return reply.type('text/css; charset=utf-8').header('cache-control', 'no-store').send(preview.css);
  });
}
