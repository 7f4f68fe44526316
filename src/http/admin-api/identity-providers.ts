import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  createIdentityProviderSchema,
  type IdentityProviderProbe,
  type IdentityProviderService,
  MAX_METADATA_XML_BYTES,
  updateIdentityProviderSchema,
} from '../../federation/index.js';
import { tenantIdSchema } from '../../tenants/index.js';
import { nextLink, pageQuery, type RouteTable } from './routes.js';
import { tenantParams } from './tenants.js';

const providerParams = z.strictObject({
  tenantId: tenantIdSchema,
  id: z.uuid({ message: 'must be an identity provider id' }),
});
/** A SAML metadata document may be 1 MB, more than the server's default body limit (with JSON escaping). */
const PROVIDER_BODY_LIMIT = 2 * MAX_METADATA_XML_BYTES + 64 * 1024;

/** Identity providers (Graph's identity/identityProviders): social, Apple, OpenID Connect, SAML. */
export function identityProviderRoutes(
  app: FastifyInstance,
  table: RouteTable,
  deps: {
    identityProviders: IdentityProviderService;
    identityProviderProbe: IdentityProviderProbe;
    baseUrl: string;
  },
) {
  const { identityProviders: providers, identityProviderProbe: probe, baseUrl } = deps;
  const base = '/tenants/:tenantId/identityProviders';
  const tag = 'identityProviders';

  table.add(
    app,
    {
      method: 'POST',
      url: base,
      summary: 'Create an identity provider',
      tag,
      params: tenantParams,
      body: createIdentityProviderSchema,
      bodyLimit: PROVIDER_BODY_LIMIT,
      status: 201,
      description:
        "A socialIdentityProvider (Google, Facebook), appleManagedIdentityProvider, openIdConnectIdentityProvider or samlIdentityProvider, by '@odata.type'. Secrets (clientSecret, certificateData) are write-only: stored encrypted, answered as '******'.",
      action: 'microsoft.directory/identityProviders/allProperties/allTasks',
    },
    ({ params, body }) => providers.create(params.tenantId, body),
  );
  table.add(
    app,
    {
      method: 'GET',
      url: base,
      summary: 'List identity providers',
      tag,
      params: tenantParams,
      query: pageQuery,
      status: 200,
      description: 'A page of identity providers, oldest first',
      action: 'microsoft.directory/identityProviders/allProperties/read',
    },
    async ({ params, query }) => {
      const page = await providers.list(params.tenantId, { top: query.$top, skipToken: query.$skiptoken });
      return {
        value: page.items,
        '@odata.nextLink': nextLink(
          baseUrl,
          `/tenants/${params.tenantId}/identityProviders`,
          query.$top,
          page.next,
        ),
      };
    },
  );
  table.add(
    app,
    {
      method: 'GET',
      url: `${base}/:id`,
      summary: 'Get an identity provider',
      tag,
      params: providerParams,
      status: 200,
      description: "The identity provider, its secrets shown as '******'",
      action: 'microsoft.directory/identityProviders/allProperties/read',
    },
    ({ params }) => providers.get(params.tenantId, params.id),
  );
  table.add(
    app,
    {
      method: 'PATCH',
      url: `${base}/:id`,
      summary: 'Update an identity provider',
      tag,
      params: providerParams,
      body: updateIdentityProviderSchema,
      bodyLimit: PROVIDER_BODY_LIMIT,
      status: 200,
      description:
        "The updated provider. Given fields replace the stored ones and the result is checked whole; a secret left out (or '******') is kept; @odata.type cannot change.",
      action: 'microsoft.directory/identityProviders/allProperties/allTasks',
    },
    ({ params, body }) => providers.update(params.tenantId, params.id, body),
  );
  table.add(
    app,
    {
      method: 'DELETE',
      url: `${base}/:id`,
      summary: 'Delete an identity provider',
      tag,
      params: providerParams,
      status: 204,
      description: 'Deleted; refused (409) while a user flow lists it',
      action: 'microsoft.directory/identityProviders/allProperties/allTasks',
    },
    ({ params }) => providers.delete(params.tenantId, params.id),
  );
  table.add(
    app,
    {
      method: 'POST',
      url: `${base}/:id/test`,
      summary: 'Test an identity provider',
      tag,
      params: providerParams,
      status: 200,
      description:
        'What the provider publishes, read afresh through the outbound policy: its OpenID discovery document (issuer, endpoints, signing keys in its JWKS) or SAML metadata (entity id, single sign-on URL, signing certificates). A provider that cannot be read answers 200 with succeeded false and the reason in error.message. Facebook publishes no document: its endpoints are listed. Manage rights, not read: it makes Gatehouse call out.',
      action: 'microsoft.directory/identityProviders/allProperties/allTasks',
    },
    async ({ params }) => probe.test(params.tenantId, await providers.get(params.tenantId, params.id)),
  );
}
