import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { ApplicationService } from '../../applications/index.js';
import {
  type AuthorizationService,
  createPermissionGrantSchema,
  type OAuth2PermissionGrant,
  updatePermissionGrantSchema,
} from '../../authorization/index.js';
import { tenantIdSchema } from '../../tenants/index.js';
import type { AdminAudit } from './admin-audit.js';
import { guidEqFilter } from './odata-filter.js';
import { nextLink, pageQuery, type RouteTable } from './routes.js';
import { servicePrincipalParams, servicePrincipalTarget } from './service-principals.js';
import { tenantParams } from './tenants.js';

const grantParams = z.strictObject({
  tenantId: tenantIdSchema,
  id: z.uuid({ message: 'must be a delegated permission grant id' }).transform((id) => id.toLowerCase()),
});

const ACTIVITIES = {
  Add: 'Add delegated permission grant',
  Update: 'Update delegated permission grant',
  Delete: 'Remove delegated permission grant',
} as const;

/**
 * Delegated permission grants (Graph `oAuth2PermissionGrant`): an admin's consent, for every
 * user of the tenant, to a client calling an API with some of its scopes. Every change is audited.
 */
export function permissionGrantRoutes(
  app: FastifyInstance,
  table: RouteTable,
  deps: {
    authorization: AuthorizationService;
    applications: ApplicationService;
    audit: AdminAudit;
    baseUrl: string;
  },
) {
  const { authorization, audit, baseUrl } = deps;
  const servicePrincipals = deps.applications.servicePrincipals;
  const base = '/tenants/:tenantId/oauth2PermissionGrants';
  const tag = 'oauth2PermissionGrants';

  const audited = async (
    request: FastifyRequest,
    tenantId: string,
    grant: OAuth2PermissionGrant,
    operationType: keyof typeof ACTIVITIES,
  ) => {
    const [resource, client] = await Promise.all([
      servicePrincipals.find(tenantId, grant.resourceId),
      servicePrincipals.find(tenantId, grant.clientId),
    ]);
    await audit(request, tenantId, {
      category: 'ApplicationManagement',
      activityDisplayName: ACTIVITIES[operationType],
      operationType,
      targetResources: [
        servicePrincipalTarget(resource ?? { id: grant.resourceId, displayName: '' }),
        servicePrincipalTarget(client ?? { id: grant.clientId, displayName: '' }),
      ],
    });
    return grant;
  };

  table.add(
    app,
    {
      method: 'GET',
      action: 'microsoft.directory/oAuth2PermissionGrants/allProperties/read',
      url: base,
      summary: 'List delegated permission grants',
      tag,
      params: tenantParams,
      query: pageQuery.extend({
        $filter: z.string().max(256).optional().describe("clientId eq '{id}' or resourceId eq '{id}'."),
      }),
      status: 200,
      description:
        "A page of grants, oldest first. $filter: clientId eq '{id}' or resourceId eq '{id}' (service principal object ids).",
    },
    async ({ params, query }) => {
      const filter = guidEqFilter(query.$filter, ['clientId', 'resourceId'] as const);
      const page = await authorization.listGrants(
        params.tenantId,
        filter ? { [filter.property]: filter.value } : {},
        { top: query.$top, skipToken: query.$skiptoken },
      );
      const path = `/tenants/${params.tenantId}/oauth2PermissionGrants`;
      return {
        value: page.items,
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
      method: 'POST',
      action: 'microsoft.directory/oAuth2PermissionGrants/allProperties/allTasks',
      url: base,
      summary: 'Grant delegated permissions (admin consent)',
      tag,
      params: tenantParams,
      body: createPermissionGrantSchema,
      status: 201,
      description:
        "The new grant. consentType must be AllPrincipals (principalId null); clientId and resourceId are service principals of the tenant; scope is space-separated enabled scope values of the resource's app. One grant per client and resource (409). Audited.",
    },
    async ({ params, body, request }) =>
      audited(request, params.tenantId, await authorization.createGrant(params.tenantId, body), 'Add'),
  );
  table.add(
    app,
    {
      method: 'GET',
      action: 'microsoft.directory/oAuth2PermissionGrants/allProperties/read',
      url: `${base}/:id`,
      summary: 'Get a delegated permission grant',
      tag,
      params: grantParams,
      status: 200,
      description: 'The grant',
    },
    async ({ params }) => authorization.getGrant(params.tenantId, params.id),
  );
  table.add(
    app,
    {
      method: 'PATCH',
      action: 'microsoft.directory/oAuth2PermissionGrants/allProperties/allTasks',
      url: `${base}/:id`,
      summary: 'Update the scopes of a delegated permission grant',
      tag,
      params: grantParams,
      body: updatePermissionGrantSchema,
      status: 200,
      description: 'The updated grant: scope replaces the granted scopes. Audited.',
    },
    async ({ params, body, request }) =>
      audited(
        request,
        params.tenantId,
        await authorization.updateGrant(params.tenantId, params.id, body),
        'Update',
      ),
  );
  table.add(
    app,
    {
      method: 'DELETE',
      action: 'microsoft.directory/oAuth2PermissionGrants/allProperties/allTasks',
      url: `${base}/:id`,
      summary: 'Revoke a delegated permission grant',
      tag,
      params: grantParams,
      status: 204,
      description: 'Revoked. Audited.',
    },
    async ({ params, request }) => {
      await audited(
        request,
        params.tenantId,
        await authorization.deleteGrant(params.tenantId, params.id),
        'Delete',
      );
    },
  );
  table.add(
    app,
    {
      method: 'GET',
      action: 'microsoft.directory/oAuth2PermissionGrants/allProperties/read',
      url: '/tenants/:tenantId/servicePrincipals/:id/oauth2PermissionGrants',
      summary: 'List the delegated permission grants of a client service principal',
      tag,
      params: servicePrincipalParams,
      query: pageQuery,
      status: 200,
      description: 'A page of the grants whose clientId is this service principal, oldest first',
    },
    async ({ params, query }) => {
      const page = await authorization.listGrantsOf(params.tenantId, params.id, {
        top: query.$top,
        skipToken: query.$skiptoken,
      });
      return {
        value: page.items,
        '@odata.nextLink': nextLink(
          baseUrl,
          `/tenants/${params.tenantId}/servicePrincipals/${params.id}/oauth2PermissionGrants`,
          query.$top,
          page.next,
        ),
      };
    },
  );
}
