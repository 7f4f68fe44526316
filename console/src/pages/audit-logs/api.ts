import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useApi } from '../../api/ApiProvider';
import { unwrap } from '../../api/client';
import type { paths } from '../../api/schema';
import type { Page } from '../../api/tenants';
import { endOfDay, startOfDay } from '../../components/format';
import type { AuditFilterValues, DirectoryAudit } from './model';

export const PAGE_SIZE = 50;

type AuditQuery = NonNullable<
  paths['/api/v1/tenants/{tenantId}/auditLogs/directoryAudits']['get']['parameters']['query']
>;

/** The API's query of the filters (days become the bounds of those days in the browser's zone). */
export function auditQuery(filters: AuditFilterValues): AuditQuery {
  return {
    ...(filters.from && { from: startOfDay(filters.from) }),
    ...(filters.to && { to: endOfDay(filters.to) }),
    ...(filters.category && { category: filters.category }),
    ...(filters.activityDisplayName && { activityDisplayName: filters.activityDisplayName }),
    ...(filters.initiatedBy && { initiatedBy: filters.initiatedBy }),
    ...(filters.target && { target: filters.target }),
  };
}

/** One page of the audit trail, newest first. */
export function useAuditPage(tenantId: string, filters: AuditFilterValues, skipToken: string | undefined) {
  const api = useApi();
  return useQuery({
    queryKey: [tenantId, 'auditLogs', 'list', filters, skipToken],
    queryFn: () =>
      unwrap<Page<DirectoryAudit>>(
        api.GET('/api/v1/tenants/{tenantId}/auditLogs/directoryAudits', {
          params: {
            path: { tenantId },
            query: { ...auditQuery(filters), $top: PAGE_SIZE, ...(skipToken && { $skiptoken: skipToken }) },
          },
        }),
      ),
    placeholderData: keepPreviousData,
  });
}
