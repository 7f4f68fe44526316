import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useApi } from '../../api/ApiProvider';
import { unwrap } from '../../api/client';
import type { Page } from '../../api/tenants';
import { skipTokenOf } from '../users/api';
import type { Group, User } from './model';

export function useGroupsPage(tenantId: string, skipToken: string | undefined) {
  const api = useApi();
  return useQuery({
    queryKey: [tenantId, 'groups', 'list', { skipToken }],
    queryFn: () =>
      unwrap<Page<Group>>(
        api.GET('/api/v1/tenants/{tenantId}/groups', {
          params: { path: { tenantId }, query: { $top: 50, ...(skipToken && { $skiptoken: skipToken }) } },
        }),
      ),
    placeholderData: keepPreviousData,
  });
}

export function useGroup(tenantId: string, id: string) {
  const api = useApi();
  return useQuery({
    queryKey: [tenantId, 'groups', id],
    queryFn: () =>
      unwrap<Group>(
        api.GET('/api/v1/tenants/{tenantId}/groups/{id}', { params: { path: { tenantId, id } } }),
      ),
  });
}

/** The group's members, a page at a time ("Load more"). */
export function useMembers(tenantId: string, id: string) {
  const api = useApi();
  return useInfiniteQuery({
    queryKey: [tenantId, 'groups', id, 'members'],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      unwrap<Page<User>>(
        api.GET('/api/v1/tenants/{tenantId}/groups/{id}/members', {
          params: {
            path: { tenantId, id },
            query: { $top: 100, ...(pageParam && { $skiptoken: pageParam }) },
          },
        }),
      ),
    getNextPageParam: (last) => skipTokenOf(last['@odata.nextLink']),
  });
}
