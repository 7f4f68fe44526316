import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { createUserFlowSchema, type UserFlowService, updateUserFlowSchema } from '../../flows/index.js';
import { tenantIdSchema } from '../../tenants/index.js';
import { nextLink, pageQuery, type RouteTable } from './routes.js';
import { tenantParams } from './tenants.js';

const flowParams = z.strictObject({
  tenantId: tenantIdSchema,
  id: z.uuid({ message: 'must be a user flow id' }),
});

/** A tenant's user flows: sign-in methods, sign-up and the attributes it collects, per app. */
export function userFlowRoutes(
  app: FastifyInstance,
  table: RouteTable,
  deps: { userFlows: UserFlowService; baseUrl: string },
) {
  const { userFlows, baseUrl } = deps;
  const base = '/tenants/:tenantId/userFlows';

  table.add(
    app,
    {
      method: 'POST',
      url: base,
      summary: 'Create a user flow',
      tag: 'userFlows',
      params: tenantParams,
      body: createUserFlowSchema,
      status: 201,
      description:
        'The new flow. Listing an app takes it away from any other flow; isDefault true makes it the default instead of the current one.',
      action: 'microsoft.directory/b2cUserFlow/allProperties/allTasks',
    },
    ({ params, body }) => userFlows.create(params.tenantId, body),
  );
  table.add(
    app,
    {
      method: 'GET',
      url: base,
      summary: 'List user flows',
      tag: 'userFlows',
      params: tenantParams,
      query: pageQuery,
      status: 200,
      description: 'A page of user flows, oldest first',
      action: 'microsoft.directory/b2cUserFlow/allProperties/read',
    },
    async ({ params, query }) => {
      const page = await userFlows.list(params.tenantId, { top: query.$top, skipToken: query.$skiptoken });
      return {
        value: page.items,
        '@odata.nextLink': nextLink(baseUrl, `/tenants/${params.tenantId}/userFlows`, query.$top, page.next),
      };
    },
  );
  table.add(
    app,
    {
      method: 'GET',
      url: `${base}/:id`,
      summary: 'Get a user flow',
      tag: 'userFlows',
      params: flowParams,
      status: 200,
      description: 'The flow',
      action: 'microsoft.directory/b2cUserFlow/allProperties/read',
    },
    ({ params }) => userFlows.get(params.tenantId, params.id),
  );
  table.add(
    app,
    {
      method: 'PATCH',
      url: `${base}/:id`,
      summary: 'Update a user flow',
      tag: 'userFlows',
      params: flowParams,
      body: updateUserFlowSchema,
      status: 200,
      description: 'The updated flow; each given property replaces the stored one whole',
      action: 'microsoft.directory/b2cUserFlow/allProperties/allTasks',
    },
    ({ params, body }) => userFlows.update(params.tenantId, params.id, body),
  );
  table.add(
    app,
    {
      method: 'DELETE',
      url: `${base}/:id`,
      summary: 'Delete a user flow',
      tag: 'userFlows',
      params: flowParams,
      status: 204,
      description: "Deleted; its apps use the tenant's default flow from now on",
      action: 'microsoft.directory/b2cUserFlow/allProperties/allTasks',
    },
    ({ params }) => userFlows.delete(params.tenantId, params.id),
  );
}
