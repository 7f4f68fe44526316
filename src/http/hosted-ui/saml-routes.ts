import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { samlServiceProviderMetadata } from '../../federation/index.js';
import { tenantIdSchema } from '../../tenants/index.js';
import { PageError } from './page.js';

const CALLBACK_PATH = '/federation/callback';
const METADATA_PATH = '/federation/saml/metadata';

/** The tenant's federation callback: the redirect URI of OpenID Connect, SAML's ACS. */
export const samlAcsUrl = (baseUrl: string, tenantId: string) => `${baseUrl}/t/${tenantId}/u${CALLBACK_PATH}`;

/** The tenant's SAML SP entity id: the URL its metadata is served at. */
export const samlSpEntityId = (baseUrl: string, tenantId: string) =>
  `${baseUrl}/t/${tenantId}/u${METADATA_PATH}`;

/**
 * The SP entity id belonging to a tenant's callback URL, so the connector (which knows only the
 * callback) and the metadata route name the same entity.
 */
export function samlSpEntityIdOf(callbackUrl: string): string {
  if (!callbackUrl.endsWith(CALLBACK_PATH)) throw new Error(`not a federation callback URL: ${callbackUrl}`);
  return `${callbackUrl.slice(0, -CALLBACK_PATH.length)}${METADATA_PATH}`;
}

export interface SamlRoutesDeps {
  /** The public URL of Gatehouse, without a trailing slash. */
  baseUrl: string;
  /** Whether the tenant exists; without it, every well-formed tenant id gets metadata. */
  tenantExists?: (tenantId: string) => Promise<boolean>;
}

const params = z.object({ tenantId: tenantIdSchema });

/**
 * The tenant's SAML service-provider metadata, for an IdP administrator to import: our entity
 * id, the ACS (HTTP-POST) and that we want signed assertions. Public, like any SAML metadata.
 */
export function samlRoutes(app: FastifyInstance, deps: SamlRoutesDeps): void {
  app.get(METADATA_PATH, async (request, reply) => {
    const parsed = params.safeParse(request.params);
    if (!parsed.success) throw new PageError(404, 'error.notFound');
    const { tenantId } = parsed.data;
    if (deps.tenantExists && !(await deps.tenantExists(tenantId))) throw new PageError(404, 'error.notFound');
    const xml = samlServiceProviderMetadata({
      entityId: samlSpEntityId(deps.baseUrl, tenantId),
      acsUrl: samlAcsUrl(deps.baseUrl, tenantId),
    });
    return reply
      .type('application/samlmetadata+xml; charset=utf-8')
      .header('content-disposition', `inline; filename="${tenantId}-saml-metadata.xml"`)
      .send(xml);
  });
}
