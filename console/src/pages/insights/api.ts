import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useApi } from '../../api/ApiProvider';
import { unwrap } from '../../api/client';
import type { Page } from '../../api/tenants';
import type { Application } from '../apps/model';
import { monthsEnding } from './dates';
import type { DashboardFilter, UsageList, UsagePeriod } from './model';

/** The role action of every userInsights list (src/http/admin-api/user-insights.ts). */
export const READ_ACTION = 'microsoft.directory/signInReports/allProperties/read';

/** Lists without an application breakdown: the app filter is not sent to them. */
const WITHOUT_APP: readonly UsageList[] = ['userCount', 'inactiveUsers'];

/** `$filter` of a list: its dates and, when one is chosen and the list has it, the app. */
export function usageFilter(list: UsageList, from: string, to: string, appId?: string): string {
  const parts = [`factDate ge ${from}`, `factDate le ${to}`];
  if (appId && !WITHOUT_APP.includes(list)) parts.push(`appId eq '${appId.replaceAll("'", "''")}'`);
  return parts.join(' and ');
}

/**
 * One userInsights list over the dashboard's range: daily lists the range's days, monthly ones
 * the 12 months ending with the range's last day. `select` names the breakdowns to keep (the
 * others are summed by the API), so each chart is one call.
 */
export function useUsageList<T>(
  tenantId: string,
  period: UsagePeriod,
  list: UsageList,
  filter: DashboardFilter,
  select?: string,
) {
  const api = useApi();
  const from = period === 'daily' ? filter.from : (monthsEnding(filter.to, 12)[0] ?? filter.from);
  const $filter = usageFilter(list, from, filter.to, filter.appId);
  return useQuery({
    queryKey: [tenantId, 'insights', period, list, $filter, select ?? ''],
    queryFn: async () => {
      // Each list is its own path in the API's types; they all take the same parameters.
      const path =
        `/api/v1/tenants/{tenantId}/reports/userInsights/${period}/${list}` as '/api/v1/tenants/{tenantId}/reports/userInsights/daily/activeUsers';
      const page = await unwrap<Page<T>>(
        api.GET(path, {
          params: { path: { tenantId }, query: { $filter, ...(select && { $select: select }) } },
        }),
      );
      return page.value;
    },
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  });
}

/** The tenant's app registrations, to name apps and offer them as a filter. */
export function useApplicationNames(tenantId: string) {
  const api = useApi();
  return useQuery({
    queryKey: [tenantId, 'apps', 'list'],
    queryFn: () =>
      unwrap<Page<Application>>(
        api.GET('/api/v1/tenants/{tenantId}/applications', {
          params: { path: { tenantId }, query: { $top: 999 } },
        }),
      ),
    retry: false,
  });
}
