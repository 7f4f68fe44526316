import type { FastifyInstance } from 'fastify';
import type { ApplicationService } from '../../applications/index.js';
import { type RoleManagementService, roleDefinitionOf } from '../../authorization/index.js';
import type { DirectoryService } from '../../directory/index.js';
import { ADMIN_TENANT_ID } from '../../tenants/index.js';
import { principalOf } from './authenticator.js';
import { type RouteTable, SIGNED_IN } from './routes.js';

/**
 * `GET /me`: who the caller is and its role assignments with their definitions expanded
 * (Graph's `unifiedRoleAssignment` with `$expand=roleDefinition`), so that a client such as the
 * console shows only what the caller's roles allow. Every call is still authorized by the API.
 */
export function meRoutes(
  app: FastifyInstance,
  table: RouteTable,
  deps: {
    roles: RoleManagementService;
    directory: DirectoryService;
    applications: ApplicationService;
  },
) {
  table.add(
    app,
    {
      method: 'GET',
      url: '/me',
      summary: 'The signed-in principal and its role assignments',
      tag: 'me',
      status: 200,
      description:
        '{id, principalType: "user" | "servicePrincipal", displayName, mail, roleAssignments: [unifiedRoleAssignment with roleDefinition]}',
      action: SIGNED_IN,
    },
    async ({ request }) => {
      const principal = principalOf(request);
      const id = principal?.principalId;
      const assignments = id ? await deps.roles.assignmentsOf(id) : [];
      const identity =
        principal?.kind === 'user' && id
          ? await deps.directory.findUser(ADMIN_TENANT_ID, id)
          : id
            ? await deps.applications.servicePrincipals.find(ADMIN_TENANT_ID, id)
            : undefined;
      return {
        id: id ?? null,
        principalType: principal?.kind ?? 'servicePrincipal',
        displayName: identity?.displayName ?? principal?.clientId ?? null,
        mail: identity && 'mail' in identity ? (identity.mail ?? null) : null,
        roleAssignments: assignments.map((assignment) => ({
          ...assignment,
          roleDefinition: roleDefinitionOf(assignment.roleDefinitionId) ?? null,
        })),
      };
    },
  );
}
