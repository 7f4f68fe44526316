import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { issuerOf } from '../../oidc/index.js';
import {
  createTenantSchema,
  type Tenant,
  type TenantService,
  tenantIdSchema,
  updateTenantSchema,
} from '../../tenants/index.js';
import { nextLink, pageQuery, type RouteTable } from './routes.js';

export const tenantParams = z.strictObject({ tenantId: tenantIdSchema });

export function tenantRoutes(
  app: FastifyInstance,
  table: RouteTable,
  deps: { tenants: TenantService; baseUrl: string },
) {
  const { tenants, baseUrl } = deps;
  const view = (tenant: Tenant) => ({ ...tenant, issuer: issuerOf(baseUrl, tenant.id) });

  table.add(
    app,
    {
      method: 'POST',
      url: '/tenants',
      summary: 'Create a tenant',
      tag: 'tenants',
      body: createTenantSchema,
      status: 201,
      description: 'The new tenant',
    },
    async ({ body }) => view(await tenants.create(body)),
  );
  table.add(
    app,
    {
      method: 'GET',
      url: '/tenants',
      summary: 'List tenants',
      tag: 'tenants',
      query: pageQuery,
      status: 200,
      description: 'A page of tenants',
    },
    async ({ query }) => {
      const page = await tenants.list({ top: query.$top, skipToken: query.$skiptoken });
      return {
        value: page.items.map(view),
        '@odata.nextLink': nextLink(baseUrl, '/tenants', query.$top, page.next),
      };
    },
  );
  table.add(
    app,
    {
      method: 'GET',
      url: '/tenants/:tenantId',
      summary: 'Get a tenant',
      tag: 'tenants',
      params: tenantParams,
      status: 200,
      description: 'The tenant',
    },
    async ({ params }) => view(await tenants.get(params.tenantId)),
  );
  table.add(
    app,
    {
      method: 'PATCH',
      url: '/tenants/:tenantId',
      summary: 'Update a tenant',
      tag: 'tenants',
      params: tenantParams,
      body: updateTenantSchema,
      status: 200,
      description: 'The updated tenant',
    },
    async ({ params, body }) => view(await tenants.update(params.tenantId, body)),
  );
  table.add(
    app,
    {
      method: 'DELETE',
      url: '/tenants/:tenantId',
      summary: 'Delete a tenant and everything in it',
      tag: 'tenants',
      params: tenantParams,
      status: 204,
      description: 'Deleted',
    },
    async ({ params }) => tenants.delete(params.tenantId),
  );
}
