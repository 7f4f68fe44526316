/** The JSON shapes of the role management routes (Microsoft Graph's `roleManagement/directory`). */

/** Graph `unifiedRoleDefinition` (every one built in). */
export interface RoleDefinition {
  id: string;
  templateId: string;
  displayName: string;
  description: string;
  isBuiltIn: boolean;
  isEnabled: boolean;
  resourceScopes: string[];
  rolePermissions: { allowedResourceActions: string[]; condition: string | null }[];
  version: string;
}

/** Graph `unifiedRoleAssignment`: a principal of the admin tenant holds a role at a scope. */
export interface RoleAssignment {
  id: string;
  principalId: string;
  roleDefinitionId: string;
  /** '/' (every tenant) or '/tenants/{tenantId}'. */
  directoryScopeId: string;
}

/** Graph `user` of the admin tenant, as far as these pages read it. */
export interface AdminUser {
  id: string;
  displayName: string;
  mail: string | null;
  accountEnabled: boolean;
}

/** Graph `servicePrincipal` of the admin tenant, as far as these pages read it. */
export interface ServicePrincipal {
  id: string;
  appId: string;
  displayName: string;
  accountEnabled: boolean;
}

/** Who holds an assignment, resolved for display. */
export type Principal =
  | { kind: 'user'; id: string; name: string; detail: string | null }
  | { kind: 'app'; id: string; name: string; detail: string }
  | { kind: 'unknown'; id: string };

export const ROOT_SCOPE = '/';
export const tenantScope = (tenantId: string) => `/tenants/${tenantId}`;
/** The tenant a scope names, or null for '/'. */
export const tenantOfScope = (scope: string): string | null =>
  /^\/tenants\/([^/]+)$/.exec(scope)?.[1] ?? null;
