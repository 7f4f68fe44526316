import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  createRoleAssignmentSchema,
  type RoleAssignmentFilters,
  type RoleChangeContext,
  type RoleManagementService,
} from '../../authorization/index.js';
import { principalOf } from './authenticator.js';
import { guidEqFilter } from './odata-filter.js';
import type { RouteTable } from './routes.js';

const idParams = (what: string) => z.strictObject({ id: z.uuid({ message: `must be a ${what} id` }) });
const FILTERABLE = ['principalId', 'roleDefinitionId'] as const;

/** `principalId eq '{id}'`, `roleDefinitionId eq '{id}'`, or both joined by `and`. */
function filtersOf(filter: string | undefined): RoleAssignmentFilters {
  if (filter === undefined) return {};
  const filters: RoleAssignmentFilters = {};
  for (const part of filter.split(/\s+and\s+/i)) {
    const found = guidEqFilter(part, FILTERABLE);
    if (found) filters[found.property] = found.value;
  }
  return filters;
}

const contextOf = (request: FastifyRequest): RoleChangeContext => ({
  callerId: principalOf(request)?.principalId,
  correlationId: request.id,
});

/**
 * Directory roles as Microsoft Graph's `roleManagement/directory`: the built-in role
 * definitions, and the role assignments of the admin tenant's users and service principals at
 * '/' (every tenant) or '/tenants/{tenantId}'. Not under a tenant: a caller sees and changes
 * the assignments at the scopes its own roles reach.
 */
export function roleManagementRoutes(
  app: FastifyInstance,
  table: RouteTable,
  deps: { roles: RoleManagementService },
) {
  const { roles } = deps;
  const base = '/roleManagement/directory';
  const tag = 'roleManagement';

  table.add(
    app,
    {
      method: 'GET',
      url: `${base}/roleDefinitions`,
      summary: 'List role definitions',
      tag,
      status: 200,
      description: 'The built-in unifiedRoleDefinitions, {value: [...]}; ids are Entra role template ids',
      action: 'microsoft.directory/roleDefinitions/allProperties/read',
      actionScope: 'any',
    },
    async () => ({ value: roles.definitions() }),
  );
  table.add(
    app,
    {
      method: 'GET',
      url: `${base}/roleDefinitions/:id`,
      summary: 'Get a role definition',
      tag,
      params: idParams('role definition'),
      status: 200,
      description: 'The unifiedRoleDefinition with its allowed actions',
      action: 'microsoft.directory/roleDefinitions/allProperties/read',
      actionScope: 'any',
    },
    async ({ params }) => roles.definition(params.id),
  );
  table.add(
    app,
    {
      method: 'GET',
      url: `${base}/roleAssignments`,
      summary: 'List role assignments',
      tag,
      query: z.strictObject({
        $filter: z
          .string()
          .max(200)
          .optional()
          .describe("principalId eq '{id}', roleDefinitionId eq '{id}', or both joined by and"),
      }),
      status: 200,
      description:
        'The unifiedRoleAssignments at the scopes where the caller may read role assignments, oldest first, {value: [...]}',
      action: 'microsoft.directory/roleAssignments/allProperties/read',
      actionScope: 'any',
    },
    async ({ query, request }) => ({
      value: await roles.list(principalOf(request)?.principalId, filtersOf(query.$filter)),
    }),
  );
  table.add(
    app,
    {
      method: 'POST',
      url: `${base}/roleAssignments`,
      summary: 'Assign a role',
      tag,
      body: createRoleAssignmentSchema,
      status: 201,
      description:
        "The new unifiedRoleAssignment. directoryScopeId '/' (every tenant) or '/tenants/{tenantId}'; the caller needs a role allowing role assignments at that scope or at '/'. Audited (RoleManagement, Add member to role).",
      action: 'microsoft.directory/roleAssignments/allProperties/allTasks',
      actionScope: 'any',
    },
    async ({ body, request }) => roles.create(contextOf(request), body),
  );
  table.add(
    app,
    {
      method: 'GET',
      url: `${base}/roleAssignments/:id`,
      summary: 'Get a role assignment',
      tag,
      params: idParams('role assignment'),
      status: 200,
      description: 'The unifiedRoleAssignment (404 when its scope is beyond the caller)',
      action: 'microsoft.directory/roleAssignments/allProperties/read',
      actionScope: 'any',
    },
    async ({ params, request }) => roles.get(principalOf(request)?.principalId, params.id),
  );
  table.add(
    app,
    {
      method: 'DELETE',
      url: `${base}/roleAssignments/:id`,
      summary: 'Remove a role assignment',
      tag,
      params: idParams('role assignment'),
      status: 204,
      description:
        'Removed; the principal loses the role at once. The last enabled user holding Global Administrator at / cannot lose it (409 last_global_administrator). Audited (RoleManagement, Remove member from role).',
      action: 'microsoft.directory/roleAssignments/allProperties/allTasks',
      actionScope: 'any',
    },
    async ({ params, request }) => roles.delete(contextOf(request), params.id),
  );
}
