import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApi } from '../../api/ApiProvider';
import { unwrap } from '../../api/client';
import type { Page } from '../../api/tenants';
import { loadConfig } from '../../config';
import type {
  CreateProviderBody,
  IdentityProvider,
  IdentityProviderTestResult,
  UpdateProviderBody,
} from './model';

export const ACTIONS = {
  manage: 'microsoft.directory/identityProviders/allProperties/allTasks',
};

const key = (tenantId: string) => [tenantId, 'idp'] as const;

export function useProviders(tenantId: string) {
  const api = useApi();
  return useQuery({
    queryKey: [...key(tenantId), 'list'],
    queryFn: () =>
      unwrap<Page<IdentityProvider>>(
        api.GET('/api/v1/tenants/{tenantId}/identityProviders', {
          params: { path: { tenantId }, query: { $top: 999 } },
        }),
      ),
  });
}

export function useProvider(tenantId: string, id: string, enabled: boolean) {
  const api = useApi();
  return useQuery({
    queryKey: [...key(tenantId), 'provider', id],
    enabled,
    queryFn: () =>
      unwrap<IdentityProvider>(
        api.GET('/api/v1/tenants/{tenantId}/identityProviders/{id}', { params: { path: { tenantId, id } } }),
      ),
  });
}

export function useCreateProvider(tenantId: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateProviderBody) =>
      unwrap<IdentityProvider>(
        api.POST('/api/v1/tenants/{tenantId}/identityProviders', { params: { path: { tenantId } }, body }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: key(tenantId) }),
  });
}

export function useUpdateProvider(tenantId: string, id: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateProviderBody) =>
      unwrap<IdentityProvider>(
        api.PATCH('/api/v1/tenants/{tenantId}/identityProviders/{id}', {
          params: { path: { tenantId, id } },
          body,
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: key(tenantId) }),
  });
}

export function useDeleteProvider(tenantId: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      unwrap(
        api.DELETE('/api/v1/tenants/{tenantId}/identityProviders/{id}', {
          params: { path: { tenantId, id } },
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: key(tenantId) }),
  });
}

export function useTestProvider(tenantId: string, id: string) {
  const api = useApi();
  return useMutation({
    mutationFn: () =>
      unwrap<IdentityProviderTestResult>(
        api.POST('/api/v1/tenants/{tenantId}/identityProviders/{id}/test', {
          params: { path: { tenantId, id } },
        }),
      ),
  });
}

/** Gatehouse's public URL (the console's config.json): the addresses admins register at providers. */
export function usePublicBaseUrl(tenantId: string) {
  return useQuery({
    queryKey: [...key(tenantId), 'config'],
    queryFn: loadConfig,
    staleTime: Number.POSITIVE_INFINITY,
    select: (config) => config.apiBaseUrl,
  });
}
