import { useQuery } from '@tanstack/react-query';
import { useCallback } from 'react';
import { useApi } from './ApiProvider';
import { unwrap } from './client';

export interface RoleDefinition {
  id: string;
  displayName: string;
  description: string;
  isBuiltIn: boolean;
  templateId: string;
  rolePermissions: { allowedResourceActions: string[] }[];
}

export interface RoleAssignment {
  id: string;
  principalId: string;
  roleDefinitionId: string;
  directoryScopeId: string;
}

/** GET /api/v1/me: the signed-in admin and its role assignments, definitions expanded. */
export interface Me {
  id: string | null;
  principalType: 'user' | 'servicePrincipal';
  displayName: string | null;
  mail: string | null;
  roleAssignments: (RoleAssignment & { roleDefinition: RoleDefinition | null })[];
}

export const ADMIN_TENANT_ID = 'admin';
/** Changing the admin tenant (its admins and tools) takes this action at '/' as well. */
const ROLE_ASSIGNMENT_ACTION = 'microsoft.directory/roleAssignments/allProperties/allTasks';

export function useMe() {
  const api = useApi();
  return useQuery({ queryKey: ['me'], queryFn: () => unwrap<Me>(api.GET('/api/v1/me')), staleTime: 60_000 });
}

/** Whether a role assignment at `scope` reaches the tenant ('/' reaches all; never scoped to admin). */
const covers = (scope: string, tenantId: string | undefined) =>
  scope === '/' ||
  (tenantId !== undefined && tenantId !== ADMIN_TENANT_ID && scope === `/tenants/${tenantId}`);

export function allows(me: Me | undefined, action: string, tenantId?: string): boolean {
  const holds = (wanted: string, tenant: string | undefined) =>
    me?.roleAssignments.some(
      (assignment) =>
        covers(assignment.directoryScopeId, tenant) &&
        assignment.roleDefinition?.rolePermissions.some((p) => p.allowedResourceActions.includes(wanted)),
    ) ?? false;
  if (!holds(action, tenantId)) return false;
  // As the API: changing the admin tenant takes a role that could assign every role.
  if (tenantId === ADMIN_TENANT_ID && !action.endsWith('/read'))
    return holds(ROLE_ASSIGNMENT_ACTION, undefined);
  return true;
}

/**
 * `can(action, tenantId?)`: whether the admin's roles allow an action, to hide what they may
 * not do. Only a courtesy: the API decides every call.
 */
export function useCan(): (action: string, tenantId?: string) => boolean {
  const { data } = useMe();
  return useCallback((action: string, tenantId?: string) => allows(data, action, tenantId), [data]);
}

/** Whether any of the admin's role assignments (at any scope) allows the action: lists the API narrows itself. */
export function allowsAnywhere(me: Me | undefined, action: string): boolean {
  return (
    me?.roleAssignments.some((assignment) =>
      assignment.roleDefinition?.rolePermissions.some((p) => p.allowedResourceActions.includes(action)),
    ) ?? false
  );
}
