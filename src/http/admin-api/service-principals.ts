import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  type ApplicationService,
  type ServicePrincipal,
  updateServicePrincipalSchema,
} from '../../applications/index.js';
import { tenantIdSchema } from '../../tenants/index.js';
import type { AdminAudit } from './admin-audit.js';
import { guidEqFilter } from './odata-filter.js';
import { nextLink, pageQuery, type RouteTable } from './routes.js';
import { tenantParams } from './tenants.js';

export const servicePrincipalParams = z.strictObject({
  tenantId: tenantIdSchema,
  id: z.uuid({ message: 'must be a service principal object id' }).transform((id) => id.toLowerCase()),
});

/** The Graph `servicePrincipal` representation: no tenant column. */
export function servicePrincipalView(sp: ServicePrincipal) {
  const { tenantId: _tenant, ...rest } = sp;
  return rest;
}

/** A service principal as an audit target. */
export const servicePrincipalTarget = (sp: { id: string; displayName: string }) => ({
  id: sp.id,
  type: 'ServicePrincipal' as const,
  displayName: sp.displayName,
});

export function servicePrincipalRoutes(
  app: FastifyInstance,
  table: RouteTable,
  deps: { applications: ApplicationService; audit: AdminAudit; baseUrl: string },
) {
  const { baseUrl, audit } = deps;
  const servicePrincipals = deps.applications.servicePrincipals;
  const base = '/tenants/:tenantId/servicePrincipals';
  const tag = 'servicePrincipals';

  table.add(
    app,
    {
      method: 'GET',
      action: 'microsoft.directory/servicePrincipals/allProperties/read',
      url: base,
      summary: 'List service principals',
      tag,
      params: tenantParams,
      query: pageQuery.extend({
        $filter: z.string().max(256).optional().describe("Only appId eq '{appId}'."),
      }),
      status: 200,
      description:
        "A page of service principals (one per app registration), oldest first. $filter: appId eq '{appId}'.",
    },
    async ({ params, query }) => {
      const filter = guidEqFilter(query.$filter, ['appId'] as const);
      const page = await servicePrincipals.list(params.tenantId, {
        top: query.$top,
        skipToken: query.$skiptoken,
        appId: filter?.value,
      });
      const path = `/tenants/${params.tenantId}/servicePrincipals`;
      return {
        value: page.items.map(servicePrincipalView),
        '@odata.nextLink': nextLink(
          baseUrl,
          query.$filter ? `${path}?${new URLSearchParams({ $filter: query.$filter })}` : path,
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
      action: 'microsoft.directory/servicePrincipals/allProperties/read',
      url: `${base}/:id`,
      summary: 'Get a service principal',
      tag,
      params: servicePrincipalParams,
      status: 200,
      description: "The service principal, with its app's appRoles and oauth2PermissionScopes",
    },
    async ({ params }) => servicePrincipalView(await servicePrincipals.get(params.tenantId, params.id)),
  );
  table.add(
    app,
    {
      method: 'PATCH',
      action: 'microsoft.directory/servicePrincipals/allProperties/update',
      url: `${base}/:id`,
      summary: 'Update a service principal',
      tag,
      params: servicePrincipalParams,
      body: updateServicePrincipalSchema,
      status: 200,
      description:
        'The updated service principal. Only appRoleAssignmentRequired may change: when true, only users holding an app role assignment (directly or through a group) may sign in to the app. Audited.',
    },
    async ({ params, body, request }) => {
      const sp = await servicePrincipals.update(params.tenantId, params.id, body);
      await audit(request, params.tenantId, {
        category: 'ApplicationManagement',
        activityDisplayName: 'Update service principal',
        operationType: 'Update',
        targetResources: [servicePrincipalTarget(sp)],
      });
      return servicePrincipalView(sp);
    },
  );
}
