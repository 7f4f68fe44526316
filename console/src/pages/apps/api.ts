import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApi } from '../../api/ApiProvider';
import { unwrap } from '../../api/client';
import type { Page } from '../../api/tenants';
import { useAuth } from '../../auth/AuthProvider';
import type {
  Application,
  ApplicationPatch,
  AppRoleAssignment,
  DirectoryObject,
  Discovery,
  OAuth2PermissionGrant,
  ServicePrincipal,
} from './model';

const d = (rest: string) => `microsoft.directory/${rest}`;
/** The directory actions the pages ask `can(...)` about (src/authorization/directory-roles.ts). */
export const ACTIONS = {
  create: d('applications/create'),
  update: d('applications/allProperties/update'),
  remove: d('applications/delete'),
  credentials: d('applications/credentials/update'),
  servicePrincipal: d('servicePrincipals/allProperties/update'),
  grants: d('oAuth2PermissionGrants/allProperties/allTasks'),
  assignments: d('appRoleAssignments/allProperties/allTasks'),
};

export const appsKey = (tenantId: string) => [tenantId, 'apps'] as const;

export function useApplications(tenantId: string) {
  const api = useApi();
  return useQuery({
    queryKey: [...appsKey(tenantId), 'list'],
    queryFn: () =>
      unwrap<Page<Application>>(
        api.GET('/api/v1/tenants/{tenantId}/applications', {
          params: { path: { tenantId }, query: { $top: 999 } },
        }),
      ),
  });
}

export function useApplication(tenantId: string, id: string) {
  const api = useApi();
  return useQuery({
    queryKey: [...appsKey(tenantId), 'app', id],
    queryFn: () =>
      unwrap<Application>(
        api.GET('/api/v1/tenants/{tenantId}/applications/{id}', { params: { path: { tenantId, id } } }),
      ),
  });
}

/** PATCH the application; the cached app is replaced by the answer. */
export function useUpdateApplication(tenantId: string, id: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ApplicationPatch) =>
      unwrap<Application>(
        api.PATCH('/api/v1/tenants/{tenantId}/applications/{id}', {
          params: { path: { tenantId, id } },
          body,
        }),
      ),
    onSuccess: (app) => {
      queryClient.setQueryData([...appsKey(tenantId), 'app', id], app);
      return queryClient.invalidateQueries({ queryKey: appsKey(tenantId) });
    },
  });
}

export function useServicePrincipals(tenantId: string) {
  const api = useApi();
  return useQuery({
    queryKey: [...appsKey(tenantId), 'servicePrincipals'],
    queryFn: () =>
      unwrap<Page<ServicePrincipal>>(
        api.GET('/api/v1/tenants/{tenantId}/servicePrincipals', {
          params: { path: { tenantId }, query: { $top: 999 } },
        }),
      ),
  });
}

/** The app's service principal (one per registration, created with it). */
export function useServicePrincipalOf(tenantId: string, appId: string | undefined) {
  const api = useApi();
  return useQuery({
    queryKey: [...appsKey(tenantId), 'servicePrincipal', appId],
    enabled: appId !== undefined,
    queryFn: async () => {
      const page = await unwrap<Page<ServicePrincipal>>(
        api.GET('/api/v1/tenants/{tenantId}/servicePrincipals', {
          params: { path: { tenantId }, query: { $filter: `appId eq '${appId}'` } },
        }),
      );
      return page.value[0] ?? null;
    },
  });
}

export function usePermissionGrantsOf(tenantId: string, spId: string | undefined) {
  const api = useApi();
  return useQuery({
    queryKey: [...appsKey(tenantId), 'grants', spId],
    enabled: spId !== undefined,
    queryFn: () =>
      unwrap<Page<OAuth2PermissionGrant>>(
        api.GET('/api/v1/tenants/{tenantId}/servicePrincipals/{id}/oauth2PermissionGrants', {
          params: { path: { tenantId, id: spId ?? '' }, query: { $top: 999 } },
        }),
      ),
  });
}

/** The app roles a service principal holds (its application permissions). */
export function useAppRoleAssignmentsOf(tenantId: string, spId: string | undefined) {
  const api = useApi();
  return useQuery({
    queryKey: [...appsKey(tenantId), 'assignments', spId],
    enabled: spId !== undefined,
    queryFn: () =>
      unwrap<Page<AppRoleAssignment>>(
        api.GET('/api/v1/tenants/{tenantId}/servicePrincipals/{id}/appRoleAssignments', {
          params: { path: { tenantId, id: spId ?? '' }, query: { $top: 999 } },
        }),
      ),
  });
}

/** Who holds app roles of the service principal (users, groups, clients). */
export function useAppRoleAssignedTo(tenantId: string, spId: string | undefined) {
  const api = useApi();
  return useQuery({
    queryKey: [...appsKey(tenantId), 'assignedTo', spId],
    enabled: spId !== undefined,
    queryFn: () =>
      unwrap<Page<AppRoleAssignment>>(
        api.GET('/api/v1/tenants/{tenantId}/servicePrincipals/{id}/appRoleAssignedTo', {
          params: { path: { tenantId, id: spId ?? '' }, query: { $top: 999 } },
        }),
      ),
  });
}

/** Gatehouse's public address, from the console's own authority (`{base}/t/admin`). */
export function useBaseUrl(): string {
  const { manager } = useAuth();
  return manager.settings.authority.replace(/\/t\/[^/]+\/?$/, '');
}

export const issuerOf = (base: string, tenantId: string) => `${base}/t/${encodeURIComponent(tenantId)}`;

/** The tenant's OpenID Provider metadata. */
export function useDiscovery(tenantId: string) {
  const issuer = issuerOf(useBaseUrl(), tenantId);
  return useQuery({
    queryKey: [tenantId, 'apps', 'discovery'],
    staleTime: 300_000,
    queryFn: async () => {
      const response = await fetch(`${issuer}/.well-known/openid-configuration`);
      if (!response.ok)
        throw new Error(`${issuer}/.well-known/openid-configuration: HTTP ${response.status}`);
      return (await response.json()) as Discovery;
    },
  });
}

/** Users (a prefix of name, mail or username) and groups (by name) to assign to an app role. */
export function usePrincipalSearch(tenantId: string, text: string) {
  const api = useApi();
  const search = text.trim();
  const users = useQuery({
    queryKey: [...appsKey(tenantId), 'principalSearch', 'users', search],
    queryFn: () =>
      unwrap<Page<DirectoryObject>>(
        api.GET('/api/v1/tenants/{tenantId}/users', {
          params: { path: { tenantId }, query: { $top: 20, ...(search && { $search: search }) } },
        }),
      ),
    placeholderData: keepPreviousData,
  });
  const groups = useQuery({
    queryKey: [...appsKey(tenantId), 'principalSearch', 'groups'],
    queryFn: () =>
      unwrap<Page<DirectoryObject>>(
        api.GET('/api/v1/tenants/{tenantId}/groups', {
          params: { path: { tenantId }, query: { $top: 999 } },
        }),
      ),
  });
  const lower = search.toLowerCase();
  return {
    users: users.data?.value ?? [],
    groups: (groups.data?.value ?? [])
      .filter((group) => !lower || (group.displayName ?? '').toLowerCase().includes(lower))
      .slice(0, 20),
    error: users.error ?? groups.error,
  };
}
