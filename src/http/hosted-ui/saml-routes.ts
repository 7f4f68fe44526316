import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { samlEntityIdOf, samlServiceProviderMetadata } from '../../federation/index.js';
import { tenantIdSchema } from '../../tenants/index.js';
import { PageError } from './page.js';

export interface SamlRoutesDeps {
  /** The tenant's federation callback: the redirect URI of OpenID Connect, SAML's ACS. */
  callbackUrl(tenantId: string): string;
  tenantExists(tenantId: string): Promise<boolean>;
}

const params = z.object({ tenantId: tenantIdSchema });

/**
 * The tenant's SAML service-provider metadata, for an IdP administrator to import: our entity
 * id, the ACS (HTTP-POST) and that we want signed assertions. Public, like any SAML metadata.
 */
export function samlRoutes(app: FastifyInstance, deps: SamlRoutesDeps): void {
  app.get('/federation/saml/metadata', async (request, reply) => {
    const parsed = params.safeParse(request.params);
    if (!parsed.success || !(await deps.tenantExists(parsed.data.tenantId)))
      throw new PageError(404, 'error.notFound');
    const { tenantId } = parsed.data;
    const acsUrl = deps.callbackUrl(tenantId);
    const xml = samlServiceProviderMetadata({ entityId: samlEntityIdOf(acsUrl), acsUrl });
    return reply
      .type('application/samlmetadata+xml; charset=utf-8')
      .header('content-disposition', `inline; filename="${tenantId}-saml-metadata.xml"`)
      .send(xml);
  });
}
