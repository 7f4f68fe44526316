import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useApi } from '../../api/ApiProvider';
import type { AdminApi } from '../../api/client';
import { unwrap } from '../../api/client';
import type { paths } from '../../api/schema';
import type { Page } from '../../api/tenants';
import { endOfDay, startOfDay } from '../../components/format';
import type { ApplicationOption, SignIn, SignInFilterValues, UserOption } from './model';

export const PAGE_SIZE = 50;
/** The most sign-ins a download holds. */
export const DOWNLOAD_CAP = 10_000;

type SignInsQuery = NonNullable<
  paths['/api/v1/tenants/{tenantId}/auditLogs/signIns']['get']['parameters']['query']
>;

/** The API's query of the filters (days become the bounds of those days in the browser's zone). */
export function signInQuery(filters: SignInFilterValues): SignInsQuery {
  return {
    ...(filters.from && { from: startOfDay(filters.from) }),
    ...(filters.to && { to: endOfDay(filters.to) }),
    ...(filters.userId && { userId: filters.userId }),
    ...(filters.appId && { appId: filters.appId }),
    ...(filters.status && { status: filters.status }),
    ...(filters.ipAddress && { ipAddress: filters.ipAddress }),
    ...(filters.conditionalAccessStatus && { conditionalAccessStatus: filters.conditionalAccessStatus }),
    ...(filters.riskLevel && { riskLevel: filters.riskLevel }),
  };
}

const listKey = (tenantId: string) => [tenantId, 'signInLogs'] as const;

/** One page of sign-ins, newest first, with how many match in all. */
export function useSignInsPage(tenantId: string, filters: SignInFilterValues, skipToken: string | undefined) {
  const api = useApi();
  return useQuery({
    queryKey: [...listKey(tenantId), 'list', filters, skipToken],
    queryFn: () =>
      unwrap<Page<SignIn> & { '@odata.count'?: number }>(
        api.GET('/api/v1/tenants/{tenantId}/auditLogs/signIns', {
          params: {
            path: { tenantId },
            query: {
              ...signInQuery(filters),
              $top: PAGE_SIZE,
              $count: 'true',
              ...(skipToken && { $skiptoken: skipToken }),
            },
          },
        }),
      ),
    placeholderData: keepPreviousData,
  });
}

/** Every sign-in that matches the filters, page by page, up to DOWNLOAD_CAP. */
export async function fetchAllSignIns(
  api: AdminApi,
  tenantId: string,
  filters: SignInFilterValues,
): Promise<{ rows: SignIn[]; capped: boolean }> {
  const rows: SignIn[] = [];
  let skipToken: string | undefined;
  do {
    const page = await unwrap<Page<SignIn>>(
      api.GET('/api/v1/tenants/{tenantId}/auditLogs/signIns', {
        params: {
          path: { tenantId },
          query: {
            ...signInQuery(filters),
            $top: Math.min(999, DOWNLOAD_CAP - rows.length),
            ...(skipToken && { $skiptoken: skipToken }),
          },
        },
      }),
    );
    rows.push(...page.value);
    const next = page['@odata.nextLink'];
    skipToken = next ? (new URL(next).searchParams.get('$skiptoken') ?? undefined) : undefined;
  } while (skipToken && rows.length < DOWNLOAD_CAP);
  return { rows, capped: skipToken !== undefined };
}

/** Users whose name, mail or username starts with `search` (the user filter's options). */
export function useUserSearch(tenantId: string, search: string) {
  const api = useApi();
  return useQuery({
    queryKey: [...listKey(tenantId), 'users', search],
    enabled: search !== '',
    queryFn: () =>
      unwrap<Page<UserOption>>(
        api.GET('/api/v1/tenants/{tenantId}/users', {
          params: { path: { tenantId }, query: { $search: search, $top: 10 } },
        }),
      ),
    placeholderData: keepPreviousData,
  });
}

/** One user (the name of the user a filter holds by id). */
export function useUserName(tenantId: string, id: string) {
  const api = useApi();
  return useQuery({
    queryKey: [...listKey(tenantId), 'user', id],
    enabled: id !== '',
    retry: false,
    queryFn: () =>
      unwrap<UserOption>(
        api.GET('/api/v1/tenants/{tenantId}/users/{id}', { params: { path: { tenantId, id } } }),
      ),
  });
}

/** The tenant's applications (the application filter's options). */
export function useApplicationOptions(tenantId: string) {
  const api = useApi();
  return useQuery({
    queryKey: [...listKey(tenantId), 'applications'],
    queryFn: () =>
      unwrap<Page<ApplicationOption>>(
        api.GET('/api/v1/tenants/{tenantId}/applications', {
          params: { path: { tenantId }, query: { $top: 999 } },
        }),
      ),
    staleTime: 60_000,
  });
}
