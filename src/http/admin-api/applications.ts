import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  type Application,
  type ApplicationService,
  addPasswordSchema,
  createApplicationSchema,
  removePasswordSchema,
  updateApplicationSchema,
} from '../../applications/index.js';
import { tenantIdSchema } from '../../tenants/index.js';
import { countField, nextLink, pageQuery, type RouteTable } from './routes.js';
import { tenantParams } from './tenants.js';

const appParams = z.strictObject({
  tenantId: tenantIdSchema,
  id: z.uuid({ message: 'must be an application object id' }),
});

/** The Graph `application` representation: no tenant column, no verification key material. */
function view(app: Application) {
  const { tenantId: _tenant, keyCredentials, ...rest } = app;
  return { ...rest, keyCredentials: keyCredentials.map(({ jwk: _jwk, ...key }) => ({ ...key, key: null })) };
}

export function applicationRoutes(
  app: FastifyInstance,
  table: RouteTable,
  deps: { applications: ApplicationService; baseUrl: string },
) {
  const { applications, baseUrl } = deps;
  const base = '/tenants/:tenantId/applications';

  table.add(
    app,
    {
      method: 'POST',
      url: base,
      summary: 'Register an application',
      tag: 'applications',
      params: tenantParams,
      body: createApplicationSchema,
      status: 201,
      description: 'The new application',
      action: 'microsoft.directory/applications/create',
    },
    async ({ params, body }) => view(await applications.create(params.tenantId, body)),
  );
  table.add(
    app,
    {
      method: 'GET',
      url: base,
      summary: 'List applications',
      tag: 'applications',
      params: tenantParams,
      query: pageQuery.extend(countField),
      status: 200,
      description: 'A page of applications (with $count=true, @odata.count: how many the tenant has)',
      action: 'microsoft.directory/applications/allProperties/read',
    },
    async ({ params, query }) => {
      const [page, total] = await Promise.all([
        applications.list(params.tenantId, { top: query.$top, skipToken: query.$skiptoken }),
        query.$count ? applications.count(params.tenantId) : undefined,
      ]);
      return {
        '@odata.count': total,
        value: page.items.map(view),
        '@odata.nextLink': nextLink(
          baseUrl,
          `/tenants/${params.tenantId}/applications${query.$count ? '?$count=true' : ''}`,
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
      summary: 'Get an application',
      tag: 'applications',
      params: appParams,
      status: 200,
      description: 'The application',
      action: 'microsoft.directory/applications/allProperties/read',
    },
    async ({ params }) => view(await applications.get(params.tenantId, params.id)),
  );
  table.add(
    app,
    {
      method: 'PATCH',
      url: `${base}/:id`,
      summary: 'Update an application',
      tag: 'applications',
      params: appParams,
      body: updateApplicationSchema,
      status: 200,
      description: 'The updated application',
      action: 'microsoft.directory/applications/allProperties/update',
    },
    async ({ params, body }) => view(await applications.update(params.tenantId, params.id, body)),
  );
  table.add(
    app,
    {
      method: 'DELETE',
      url: `${base}/:id`,
      summary: 'Delete an application',
      tag: 'applications',
      params: appParams,
      status: 204,
      description: 'Deleted',
      action: 'microsoft.directory/applications/delete',
    },
    async ({ params }) => applications.delete(params.tenantId, params.id),
  );
  table.add(
    app,
    {
      method: 'POST',
      url: `${base}/:id/addPassword`,
      summary: 'Add a client secret (returned once)',
      tag: 'applications',
      params: appParams,
      body: addPasswordSchema,
      bodyOptional: true,
      status: 200,
      description: 'The passwordCredential with its secretText',
      action: 'microsoft.directory/applications/credentials/update',
    },
    ({ params, body }) => applications.addPassword(params.tenantId, params.id, body),
  );
  table.add(
    app,
    {
      method: 'POST',
      url: `${base}/:id/removePassword`,
      summary: 'Revoke a client secret',
      tag: 'applications',
      params: appParams,
      body: removePasswordSchema,
      status: 204,
      description: 'Removed',
      action: 'microsoft.directory/applications/credentials/update',
    },
    ({ params, body }) => applications.removePassword(params.tenantId, params.id, body),
  );
}
