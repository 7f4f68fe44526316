import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useApi } from '../../api/ApiProvider';
import { ApiError, unwrap } from '../../api/client';
import type { Page } from '../../api/tenants';
import type { AppRoleAssignment, AuthenticationMethod, Group, RiskyUser, SignIn, User } from './model';

export const PAGE_SIZE = 50;

/** The `$skiptoken` of a Graph `@odata.nextLink`, for the next page's request. */
export function skipTokenOf(nextLink: string | undefined): string | undefined {
  if (!nextLink) return undefined;
  return new URL(nextLink).searchParams.get('$skiptoken') ?? undefined;
}

/** One page of the tenant's users, optionally searched (prefix of name, mail or username). */
export function useUsersPage(
  tenantId: string,
  search: string,
  skipToken: string | undefined,
  top = PAGE_SIZE,
) {
  const api = useApi();
  return useQuery({
    queryKey: [tenantId, 'users', 'list', { search, skipToken, top }],
    queryFn: () =>
      unwrap<Page<User>>(
        api.GET('/api/v1/tenants/{tenantId}/users', {
          params: {
            path: { tenantId },
            query: {
              $top: top,
              ...(skipToken && { $skiptoken: skipToken }),
              ...(search && { $search: search }),
            },
          },
        }),
      ),
    placeholderData: keepPreviousData,
  });
}

export function useUser(tenantId: string, id: string) {
  const api = useApi();
  return useQuery({
    queryKey: [tenantId, 'users', id],
    queryFn: () =>
      unwrap<User>(api.GET('/api/v1/tenants/{tenantId}/users/{id}', { params: { path: { tenantId, id } } })),
  });
}

export function useMemberOf(tenantId: string, id: string) {
  const api = useApi();
  return useQuery({
    queryKey: [tenantId, 'users', id, 'memberOf'],
    queryFn: () =>
      unwrap<Page<Group>>(
        api.GET('/api/v1/tenants/{tenantId}/users/{id}/memberOf', {
          params: { path: { tenantId, id }, query: { $top: 999 } },
        }),
      ),
  });
}

export function useAppRoleAssignments(tenantId: string, id: string, enabled: boolean) {
  const api = useApi();
  return useQuery({
    queryKey: [tenantId, 'users', id, 'appRoleAssignments'],
    enabled,
    queryFn: () =>
      unwrap<Page<AppRoleAssignment>>(
        api.GET('/api/v1/tenants/{tenantId}/users/{id}/appRoleAssignments', {
          params: { path: { tenantId, id } },
        }),
      ),
  });
}

export function useMethods(tenantId: string, id: string, enabled: boolean) {
  const api = useApi();
  return useQuery({
    queryKey: [tenantId, 'users', id, 'methods'],
    enabled,
    queryFn: () =>
      unwrap<{ value: AuthenticationMethod[] }>(
        api.GET('/api/v1/tenants/{tenantId}/users/{id}/authentication/methods', {
          params: { path: { tenantId, id } },
        }),
      ),
  });
}

export function useUserSignIns(tenantId: string, userId: string, enabled: boolean) {
  const api = useApi();
  return useQuery({
    queryKey: [tenantId, 'users', userId, 'signIns'],
    enabled,
    queryFn: () =>
      unwrap<Page<SignIn>>(
        api.GET('/api/v1/tenants/{tenantId}/auditLogs/signIns', {
          params: { path: { tenantId }, query: { userId, $top: 20 } },
        }),
      ),
  });
}

/** The user's riskyUser, or null when Identity Protection holds none (404). */
export function useRiskyUser(tenantId: string, userId: string, enabled: boolean) {
  const api = useApi();
  return useQuery({
    queryKey: [tenantId, 'users', userId, 'risk'],
    enabled,
    queryFn: async () => {
      try {
        return await unwrap<RiskyUser>(
          api.GET('/api/v1/tenants/{tenantId}/identityProtection/riskyUsers/{userId}', {
            params: { path: { tenantId, userId } },
          }),
        );
      } catch (error) {
        if (error instanceof ApiError && error.status === 404) return null;
        throw error;
      }
    },
  });
}
