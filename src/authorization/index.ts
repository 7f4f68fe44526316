export * from './app-permissions-model.js';
export {
  type AuthorizationService,
  type AuthorizationServiceDeps,
  createAuthorizationService,
} from './app-permissions-service.js';
export * from './directory-roles.js';
export {
  type ActionTarget,
  type CreateRoleAssignmentInput,
  createRoleAssignmentSchema,
  createRoleManagementService,
  ROLE_ASSIGNMENTS_CHANGED,
  type RoleAssignmentFilters,
  type RoleChangeContext,
  type RoleManagementDeps,
  type RoleManagementService,
  type RolePrincipal,
  type UnifiedRoleAssignment,
} from './role-management.js';
