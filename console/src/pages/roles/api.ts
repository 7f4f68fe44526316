import { useQuery } from '@tanstack/react-query';
import { useApi } from '../../api/ApiProvider';
import { ADMIN_TENANT_ID, useCan } from '../../api/access';
import { unwrap } from '../../api/client';
import type { Page } from '../../api/tenants';
import type { AdminUser, Principal, RoleAssignment, RoleDefinition, ServicePrincipal } from './model';

/** Query keys of this area (not under one tenant: role management is at '/'). */
export const ROLES_KEY = ['roles'] as const;

export const READ_ASSIGNMENTS = 'microsoft.directory/roleAssignments/allProperties/read';
export const MANAGE_ASSIGNMENTS = 'microsoft.directory/roleAssignments/allProperties/allTasks';
const READ_USERS = 'microsoft.directory/users/allProperties/read';
const READ_SERVICE_PRINCIPALS = 'microsoft.directory/servicePrincipals/allProperties/read';

export function useRoleDefinitions() {
  const api = useApi();
  return useQuery({
    queryKey: [...ROLES_KEY, 'definitions'],
    queryFn: () =>
      unwrap<{ value: RoleDefinition[] }>(api.GET('/api/v1/roleManagement/directory/roleDefinitions')),
    staleTime: Number.POSITIVE_INFINITY,
  });
}

export function useRoleAssignments(roleDefinitionId: string, enabled: boolean) {
  const api = useApi();
  return useQuery({
    queryKey: [...ROLES_KEY, 'assignments', roleDefinitionId],
    queryFn: () =>
      unwrap<{ value: RoleAssignment[] }>(
        api.GET('/api/v1/roleManagement/directory/roleAssignments', {
          params: { query: { $filter: `roleDefinitionId eq '${roleDefinitionId}'` } },
        }),
      ),
    enabled,
  });
}

/**
 * Names for principal ids: the admin tenant's users and service principals (a short list: the
 * admins and their tools), each read only when the admin's roles allow it.
 */
export function usePrincipals() {
  const api = useApi();
  const can = useCan();
  const path = { tenantId: ADMIN_TENANT_ID };
  const users = useQuery({
    queryKey: [...ROLES_KEY, 'principals', 'users'],
    queryFn: () =>
      unwrap<Page<AdminUser>>(
        api.GET('/api/v1/tenants/{tenantId}/users', { params: { path, query: { $top: 999 } } }),
      ),
    enabled: can(READ_USERS, ADMIN_TENANT_ID),
  });
  const apps = useServicePrincipals(can(READ_SERVICE_PRINCIPALS, ADMIN_TENANT_ID));
  const resolve = (id: string): Principal => {
    const user = users.data?.value.find((item) => item.id === id);
    if (user) return { kind: 'user', id, name: user.displayName, detail: user.mail };
    const app = apps.data?.value.find((item) => item.id === id);
    if (app) return { kind: 'app', id, name: app.displayName, detail: app.appId };
    return { kind: 'unknown', id };
  };
  return { resolve, isPending: users.isLoading || apps.isLoading };
}

export function useServicePrincipals(enabled = true) {
  const api = useApi();
  return useQuery({
    queryKey: [...ROLES_KEY, 'principals', 'servicePrincipals'],
    queryFn: () =>
      unwrap<Page<ServicePrincipal>>(
        api.GET('/api/v1/tenants/{tenantId}/servicePrincipals', {
          params: { path: { tenantId: ADMIN_TENANT_ID }, query: { $top: 999 } },
        }),
      ),
    enabled,
  });
}

/**
 * Users of the admin tenant whose display name or mail starts with the text (both asked, merged,
 * at most 20).
 */
export function useUserSearch(text: string) {
  const api = useApi();
  const term = text.trim();
  return useQuery({
    queryKey: [...ROLES_KEY, 'userSearch', term],
    queryFn: async () => {
      const path = { tenantId: ADMIN_TENANT_ID };
      const [byName, byMail] = await Promise.all([
        unwrap<Page<AdminUser>>(
          api.GET('/api/v1/tenants/{tenantId}/users', {
            params: { path, query: { $top: 20, displayNameStartsWith: term } },
          }),
        ),
        unwrap<Page<AdminUser>>(
          api.GET('/api/v1/tenants/{tenantId}/users', {
            params: { path, query: { $top: 20, mailStartsWith: term } },
          }),
        ),
      ]);
      const seen = new Map<string, AdminUser>();
      for (const user of [...byName.value, ...byMail.value]) seen.set(user.id, user);
      return [...seen.values()].slice(0, 20);
    },
    enabled: term.length > 0,
    staleTime: 10_000,
  });
}
