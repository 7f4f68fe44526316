import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApi } from '../../api/ApiProvider';
import { unwrap } from '../../api/client';
import type {
  GraphPage,
  RiskDetection,
  RiskEventType,
  RiskState,
  RiskySignIn,
  RiskyUser,
  RiskyUserHistoryItem,
  ThreatList,
  ThreatListCategory,
} from './model';

export const PAGE_SIZE = 50;

/** Every query of the area starts with this: invalidated whole after an action. */
export const ipKey = (tenantId: string) => [tenantId, 'identityProtection'] as const;

export interface RiskyUserFilters {
  riskLevel?: 'low' | 'medium' | 'high' | 'none';
  riskState?: RiskState;
  updatedAfter?: string;
}

export function useRiskyUsers(tenantId: string, filters: RiskyUserFilters, skipToken: string | undefined) {
  const api = useApi();
  return useQuery({
    queryKey: [...ipKey(tenantId), 'riskyUsers', { filters, skipToken }],
    queryFn: () =>
      unwrap<GraphPage<RiskyUser>>(
        api.GET('/api/v1/tenants/{tenantId}/identityProtection/riskyUsers', {
          params: {
            path: { tenantId },
            query: {
              ...filters,
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

export function useRiskyUser(tenantId: string, userId: string | undefined) {
  const api = useApi();
  return useQuery({
    queryKey: [...ipKey(tenantId), 'riskyUser', userId],
    enabled: userId !== undefined,
    queryFn: () =>
      unwrap<RiskyUser>(
        api.GET('/api/v1/tenants/{tenantId}/identityProtection/riskyUsers/{userId}', {
          params: { path: { tenantId, userId: userId as string } },
        }),
      ),
  });
}

export function useRiskyUserHistory(tenantId: string, userId: string, enabled: boolean) {
  const api = useApi();
  return useQuery({
    queryKey: [...ipKey(tenantId), 'riskyUser', userId, 'history'],
    enabled,
    queryFn: () =>
      unwrap<GraphPage<RiskyUserHistoryItem>>(
        api.GET('/api/v1/tenants/{tenantId}/identityProtection/riskyUsers/{userId}/history', {
          params: { path: { tenantId, userId }, query: { $top: 100 } },
        }),
      ),
  });
}

/** Downloads the filtered risky users as the API exports them (every page). */
export async function exportRiskyUsers(
  api: ReturnType<typeof useApi>,
  tenantId: string,
  filters: RiskyUserFilters,
  format: 'csv' | 'json',
): Promise<Blob> {
  return unwrap<Blob>(
    api.GET('/api/v1/tenants/{tenantId}/identityProtection/riskyUsers/export', {
      params: { path: { tenantId }, query: { ...filters, format } },
      parseAs: 'blob',
    }),
  );
}

export interface DetectionFilters {
  riskEventType?: RiskEventType;
  riskLevel?: 'low' | 'medium' | 'high';
  from?: string;
  to?: string;
  userId?: string;
  ipAddress?: string;
  /** The sign-in the detections were raised in. */
  correlationId?: string;
}

export function useDetections(
  tenantId: string,
  filters: DetectionFilters,
  skipToken: string | undefined,
  options: { enabled?: boolean; top?: number } = {},
) {
  const api = useApi();
  const top = options.top ?? PAGE_SIZE;
  return useQuery({
    queryKey: [...ipKey(tenantId), 'riskDetections', { filters, skipToken, top }],
    enabled: options.enabled ?? true,
    queryFn: () =>
      unwrap<GraphPage<RiskDetection>>(
        api.GET('/api/v1/tenants/{tenantId}/identityProtection/riskDetections', {
          params: {
            path: { tenantId },
            query: { ...filters, $top: top, ...(skipToken && { $skiptoken: skipToken }) },
          },
        }),
      ),
    placeholderData: keepPreviousData,
  });
}

export interface SignInFilters {
  from?: string;
  to?: string;
  userId?: string;
}

export function useRiskySignIns(
  tenantId: string,
  filters: SignInFilters,
  skipToken: string | undefined,
  options: { enabled?: boolean; top?: number } = {},
) {
  const api = useApi();
  const top = options.top ?? PAGE_SIZE;
  return useQuery({
    queryKey: [...ipKey(tenantId), 'riskySignIns', { filters, skipToken, top }],
    enabled: options.enabled ?? true,
    queryFn: () =>
      unwrap<GraphPage<RiskySignIn>>(
        api.GET('/api/v1/tenants/{tenantId}/identityProtection/riskySignIns', {
          params: {
            path: { tenantId },
            query: { ...filters, $top: top, ...(skipToken && { $skiptoken: skipToken }) },
          },
        }),
      ),
    placeholderData: keepPreviousData,
  });
}

export function useThreatLists(tenantId: string) {
  const api = useApi();
  return useQuery({
    queryKey: [...ipKey(tenantId), 'threatLists'],
    queryFn: () =>
      unwrap<{ value: ThreatList[] }>(
        api.GET('/api/v1/tenants/{tenantId}/identityProtection/threatLists', {
          params: { path: { tenantId } },
        }),
      ),
  });
}

/** Refreshes the area's reports and the user pages' risk after an action. */
export function useRefresh(tenantId: string) {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: ipKey(tenantId) }),
      queryClient.invalidateQueries({ queryKey: [tenantId, 'users'] }),
    ]);
}

/** The admin actions on risky users, each refreshing the reports when done. */
export function useRiskyUserActions(tenantId: string) {
  const api = useApi();
  const refresh = useRefresh(tenantId);
  const confirmCompromised = useMutation({
    mutationFn: (userIds: string[]) =>
      unwrap(
        api.POST('/api/v1/tenants/{tenantId}/identityProtection/riskyUsers/confirmCompromised', {
          params: { path: { tenantId } },
          body: { userIds },
        }),
      ),
    onSuccess: refresh,
  });
  const dismiss = useMutation({
    mutationFn: (userIds: string[]) =>
      unwrap(
        api.POST('/api/v1/tenants/{tenantId}/identityProtection/riskyUsers/dismiss', {
          params: { path: { tenantId } },
          body: { userIds },
        }),
      ),
    onSuccess: refresh,
  });
  const resetPassword = useMutation({
    mutationFn: (input: { userId: string; mode: 'temporaryPassword' | 'forceChangeAtNextSignIn' }) =>
      unwrap<{ temporaryPassword: string | null }>(
        api.POST('/api/v1/tenants/{tenantId}/identityProtection/riskyUsers/{userId}/resetPassword', {
          params: { path: { tenantId, userId: input.userId } },
          body: { mode: input.mode },
        }),
      ),
    onSuccess: refresh,
  });
  const block = useMutation({
    mutationFn: (userId: string) =>
      unwrap(
        api.POST('/api/v1/tenants/{tenantId}/identityProtection/riskyUsers/{userId}/block', {
          params: { path: { tenantId, userId } },
        }),
      ),
    onSuccess: refresh,
  });
  return { confirmCompromised, dismiss, resetPassword, block };
}

export function useSignInActions(tenantId: string) {
  const api = useApi();
  const refresh = useRefresh(tenantId);
  const confirmSafe = useMutation({
    mutationFn: (correlationIds: string[]) =>
      unwrap(
        api.POST('/api/v1/tenants/{tenantId}/identityProtection/riskySignIns/confirmSafe', {
          params: { path: { tenantId } },
          body: { correlationIds },
        }),
      ),
    onSuccess: refresh,
  });
  const confirmCompromised = useMutation({
    mutationFn: (correlationIds: string[]) =>
      unwrap(
        api.POST('/api/v1/tenants/{tenantId}/identityProtection/riskySignIns/confirmCompromised', {
          params: { path: { tenantId } },
          body: { correlationIds },
        }),
      ),
    onSuccess: refresh,
  });
  return { confirmSafe, confirmCompromised };
}

export function useThreatListActions(tenantId: string) {
  const api = useApi();
  const refresh = useRefresh(tenantId);
  const upload = useMutation({
    mutationFn: (input: {
      global: boolean;
      category: ThreatListCategory;
      displayName: string;
      entries: string[];
    }) => {
      const body = { displayName: input.displayName, entries: input.entries };
      return unwrap<ThreatList>(
        input.global
          ? api.PUT('/api/v1/identityProtection/threatLists/{category}', {
              params: { path: { category: input.category } },
              body,
            })
          : api.PUT('/api/v1/tenants/{tenantId}/identityProtection/threatLists/{category}', {
              params: { path: { tenantId, category: input.category } },
              body,
            }),
      );
    },
    onSuccess: refresh,
  });
  const clear = useMutation({
    mutationFn: (list: ThreatList) =>
      unwrap(
        list.tenantId === null
          ? api.DELETE('/api/v1/identityProtection/threatLists/{category}', {
              params: { path: { category: list.category } },
            })
          : api.DELETE('/api/v1/tenants/{tenantId}/identityProtection/threatLists/{category}', {
              params: { path: { tenantId, category: list.category } },
            }),
      ),
    onSuccess: refresh,
  });
  return { upload, clear };
}
