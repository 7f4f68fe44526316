import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  type CustomAttribute,
  createCustomAttributeSchema,
  type DirectoryService,
  updateCustomAttributeSchema,
} from '../../directory/index.js';
import { tenantIdSchema } from '../../tenants/index.js';
import { nextLink, pageQuery, type RouteTable } from './routes.js';
import { tenantParams } from './tenants.js';

const attributeParams = z.strictObject({
  tenantId: tenantIdSchema,
  id: z.uuid({ message: 'must be a custom attribute id' }),
});

function view(attribute: CustomAttribute) {
  const { tenantId: _tenant, ...rest } = attribute;
  return rest;
}

/** A tenant's custom user attributes: collected in user flows, kept on users, emitted as claims. */
export function customAttributeRoutes(
  app: FastifyInstance,
  table: RouteTable,
  deps: { directory: DirectoryService; baseUrl: string },
) {
  const { directory, baseUrl } = deps;
  const base = '/tenants/:tenantId/customAttributes';

  table.add(
    app,
    {
      method: 'POST',
      url: base,
      summary: 'Define a custom attribute',
      tag: 'customAttributes',
      params: tenantParams,
      body: createCustomAttributeSchema,
      status: 201,
      description:
        'The new attribute. name: letters, digits and _, starting with a letter, unique per tenant (any case). claimName defaults to extension_{name}.',
      action: 'microsoft.directory/customAttributes/allProperties/allTasks',
    },
    async ({ params, body }) => view(await directory.createCustomAttribute(params.tenantId, body)),
  );
  table.add(
    app,
    {
      method: 'GET',
      url: base,
      summary: 'List custom attributes',
      tag: 'customAttributes',
      params: tenantParams,
      query: pageQuery,
      status: 200,
      description: 'A page of custom attributes, oldest first',
      action: 'microsoft.directory/customAttributes/allProperties/read',
    },
    async ({ params, query }) => {
      const page = await directory.listCustomAttributes(params.tenantId, {
        top: query.$top,
        skipToken: query.$skiptoken,
      });
      return {
        value: page.items.map(view),
        '@odata.nextLink': nextLink(
          baseUrl,
          `/tenants/${params.tenantId}/customAttributes`,
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
      summary: 'Get a custom attribute',
      tag: 'customAttributes',
      params: attributeParams,
      status: 200,
      description: 'The attribute',
      action: 'microsoft.directory/customAttributes/allProperties/read',
    },
    async ({ params }) => view(await directory.getCustomAttribute(params.tenantId, params.id)),
  );
  table.add(
    app,
    {
      method: 'PATCH',
      url: `${base}/:id`,
      summary: 'Update a custom attribute',
      tag: 'customAttributes',
      params: attributeParams,
      body: updateCustomAttributeSchema,
      status: 200,
      description:
        'The updated attribute. description and claimName may change (apps asking for the old claim follow); name and dataType may not.',
      action: 'microsoft.directory/customAttributes/allProperties/allTasks',
    },
    async ({ params, body }) => view(await directory.updateCustomAttribute(params.tenantId, params.id, body)),
  );
  table.add(
    app,
    {
      method: 'DELETE',
      url: `${base}/:id`,
      summary: 'Delete a custom attribute',
      tag: 'customAttributes',
      params: attributeParams,
      status: 204,
      description:
        "Deleted, with every user's value of it; user flows stop collecting it and apps stop asking for its claim",
      action: 'microsoft.directory/customAttributes/allProperties/allTasks',
    },
    async ({ params }) => directory.deleteCustomAttribute(params.tenantId, params.id),
  );
}
