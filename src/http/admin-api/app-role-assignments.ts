import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  type AppRoleAssignment,
  type AuthorizationService,
  authorizationErrors,
  createAppRoleAssignmentSchema,
  type PrincipalType,
} from '../../authorization/index.js';
import { tenantIdSchema } from '../../tenants/index.js';
import type { AdminAudit } from './admin-audit.js';
import { nextLink, pageQuery, type RouteTable } from './routes.js';

const lowerUuid = (what: string) =>
  z.uuid({ message: `must be a ${what} object id` }).transform((id) => id.toLowerCase());

const ACTIVITIES: Record<PrincipalType, { add: string; remove: string }> = {
  ServicePrincipal: {
    add: 'Add app role assignment to service principal',
    remove: 'Remove app role assignment from service principal',
  },
  User: { add: 'Add app role assignment grant to user', remove: 'Remove app role assignment from user' },
  Group: { add: 'Add app role assignment to group', remove: 'Remove app role assignment from group' },
};

/** The principals whose own assignments live under their path: Graph's three collections. */
const PRINCIPAL_PATHS: { type: PrincipalType; segment: string; what: string }[] = [
  { type: 'ServicePrincipal', segment: 'servicePrincipals', what: 'service principal' },
  { type: 'User', segment: 'users', what: 'user' },
  { type: 'Group', segment: 'groups', what: 'group' },
];

/**
 * App role assignments (Graph `appRoleAssignment`): what a service principal, user or group
 * holds (`…/{id}/appRoleAssignments`) and who holds roles of a resource
 * (`servicePrincipals/{id}/appRoleAssignedTo`). Every change is audited.
 */
export function appRoleAssignmentRoutes(
  app: FastifyInstance,
  table: RouteTable,
  deps: { authorization: AuthorizationService; audit: AdminAudit; baseUrl: string },
) {
  const { authorization, audit, baseUrl } = deps;
  const tag = 'appRoleAssignments';

  const audited = async (
    request: FastifyRequest,
    tenantId: string,
    assignment: AppRoleAssignment,
    change: 'add' | 'remove',
  ) => {
    await audit(request, tenantId, {
      category: 'ApplicationManagement',
      activityDisplayName: ACTIVITIES[assignment.principalType][change],
      operationType: change === 'add' ? 'Assign' : 'Unassign',
      targetResources: [
        { id: assignment.resourceId, type: 'ServicePrincipal', displayName: assignment.resourceDisplayName },
        {
          id: assignment.principalId,
          type: assignment.principalType,
          displayName: assignment.principalDisplayName,
        },
      ],
    });
    return assignment;
  };

  const list = (path: string, top: number, page: { items: AppRoleAssignment[]; next?: string }) => ({
    value: page.items,
    '@odata.nextLink': nextLink(baseUrl, path, top, page.next),
  });

  for (const { type, segment, what } of PRINCIPAL_PATHS) {
    const params = z.strictObject({ tenantId: tenantIdSchema, id: lowerUuid(what) });
    const itemParams = params.extend({ assignmentId: lowerUuid('app role assignment') });
    const url = `/tenants/:tenantId/${segment}/:id/appRoleAssignments`;

    table.add(
      app,
      {
        method: 'GET',
        action: 'microsoft.directory/appRoleAssignments/allProperties/read',
        url,
        summary: `List the app role assignments of a ${what}`,
        tag,
        params,
        query: pageQuery,
        status: 200,
        description: `A page of the app roles the ${what} holds, oldest first`,
      },
      async ({ params, query }) =>
        list(
          `/tenants/${params.tenantId}/${segment}/${params.id}/appRoleAssignments`,
          query.$top,
          await authorization.listAssignmentsOf(params.tenantId, type, params.id, {
            top: query.$top,
            skipToken: query.$skiptoken,
          }),
        ),
    );
    table.add(
      app,
      {
        method: 'POST',
        action: 'microsoft.directory/appRoleAssignments/allProperties/allTasks',
        url,
        summary: `Assign an app role to a ${what}`,
        tag,
        params,
        body: createAppRoleAssignmentSchema,
        status: 201,
        description:
          type === 'ServicePrincipal'
            ? "The new assignment: an application permission. principalId is the path's id; appRoleId an enabled app role of the resource whose allowedMemberTypes include 'Application'. Audited."
            : `The new assignment. principalId is the path's id; appRoleId an enabled app role of the resource whose allowedMemberTypes include 'User', or the default access role 00000000-0000-0000-0000-000000000000. Audited.`,
      },
      async ({ params, body, request }) => {
        if (body.principalId !== params.id) throw authorizationErrors.pathMismatch('principalId', params.id);
        const assignment = await authorization.assign(params.tenantId, body, type);
        return audited(request, params.tenantId, assignment, 'add');
      },
    );
    table.add(
      app,
      {
        method: 'DELETE',
        action: 'microsoft.directory/appRoleAssignments/allProperties/allTasks',
        url: `${url}/:assignmentId`,
        summary: `Remove an app role assignment of a ${what}`,
        tag,
        params: itemParams,
        status: 204,
        description: 'Removed. Audited.',
      },
      async ({ params, request }) => {
        const removed = await authorization.unassign(params.tenantId, params.assignmentId, {
          principalId: params.id,
        });
        await audited(request, params.tenantId, removed, 'remove');
      },
    );
  }

  // -- the resource side: everyone assigned to a service principal ----------------------------

  const resourceParams = z.strictObject({ tenantId: tenantIdSchema, id: lowerUuid('service principal') });
  const resourceUrl = '/tenants/:tenantId/servicePrincipals/:id/appRoleAssignedTo';
  table.add(
    app,
    {
      method: 'GET',
      action: 'microsoft.directory/appRoleAssignments/allProperties/read',
      url: resourceUrl,
      summary: 'List who is assigned app roles of a service principal',
      tag,
      params: resourceParams,
      query: pageQuery,
      status: 200,
      description:
        'A page of the assignments of users, groups and client service principals to it, oldest first',
    },
    async ({ params, query }) =>
      list(
        `/tenants/${params.tenantId}/servicePrincipals/${params.id}/appRoleAssignedTo`,
        query.$top,
        await authorization.listAssignedTo(params.tenantId, params.id, {
          top: query.$top,
          skipToken: query.$skiptoken,
        }),
      ),
  );
  table.add(
    app,
    {
      method: 'POST',
      action: 'microsoft.directory/appRoleAssignments/allProperties/allTasks',
      url: resourceUrl,
      summary: 'Assign an app role of a service principal to a user, group or client service principal',
      tag,
      params: resourceParams,
      body: createAppRoleAssignmentSchema,
      status: 201,
      description:
        "The new assignment. resourceId is the path's id; principalId a user, group or service principal of the tenant. Audited.",
    },
    async ({ params, body, request }) => {
      if (body.resourceId !== params.id) throw authorizationErrors.pathMismatch('resourceId', params.id);
      const assignment = await authorization.assign(params.tenantId, body);
      return audited(request, params.tenantId, assignment, 'add');
    },
  );
  table.add(
    app,
    {
      method: 'DELETE',
      action: 'microsoft.directory/appRoleAssignments/allProperties/allTasks',
      url: `${resourceUrl}/:assignmentId`,
      summary: 'Remove an assignment to a service principal',
      tag,
      params: resourceParams.extend({ assignmentId: lowerUuid('app role assignment') }),
      status: 204,
      description: 'Removed. Audited.',
    },
    async ({ params, request }) => {
      const removed = await authorization.unassign(params.tenantId, params.assignmentId, {
        resourceId: params.id,
      });
      await audited(request, params.tenantId, removed, 'remove');
    },
  );
}
