import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { RoleManagementService } from '../../authorization/index.js';
import { issuerOf } from '../../oidc/index.js';
import {
  createTenantSchema,
  type Tenant,
  type TenantService,
  tenantIdSchema,
  updateTenantSchema,
} from '../../tenants/index.js';
import { principalOf } from './authenticator.js';
import { nextLink, pageQuery, type RouteTable } from './routes.js';

export const tenantParams = z.strictObject({ tenantId: tenantIdSchema });

export function tenantRoutes(
  app: FastifyInstance,
  table: RouteTable,
  deps: { tenants: TenantService; roles: RoleManagementService; baseUrl: string },
) {
  const { tenants, roles, baseUrl } = deps;
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
      action: 'microsoft.directory/tenants/create',
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
      description:
        "A page of tenants: every tenant for a role held at '/', else the tenants of the caller's scopes",
      action: 'microsoft.directory/organization/allProperties/read',
      actionScope: 'any',
    },
    async ({ query, request }) => {
      const visible = await roles.tenantsAllowing(
        principalOf(request)?.principalId,
        'microsoft.directory/organization/allProperties/read',
      );
      const page = await tenants.list({
        top: query.$top,
        skipToken: query.$skiptoken,
        ...(visible !== 'all' && { ids: visible }),
      });
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
      action: 'microsoft.directory/organization/allProperties/read',
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
      action: 'microsoft.directory/organization/basic/update',
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
      action: 'microsoft.directory/tenants/delete',
    },
    async ({ params }) => tenants.delete(params.tenantId),
  );
}
