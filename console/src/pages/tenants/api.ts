import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApi } from '../../api/ApiProvider';
import { unwrap } from '../../api/client';
import type { Page } from '../../api/tenants';
import type { SigningAlgorithm, SigningKey, Tenant } from './model';

/** The shared list of tenants (the switcher's); every change here refreshes it. */
const LIST_KEY = ['tenants'];

export function useTenant(tenantId: string) {
  const api = useApi();
  return useQuery({
    queryKey: [tenantId, 'tenants', 'detail'],
    queryFn: () => unwrap<Tenant>(api.GET('/api/v1/tenants/{tenantId}', { params: { path: { tenantId } } })),
  });
}

export function useCreateTenant() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { id: string; displayName: string; defaultLanguage: string }) =>
      unwrap<Tenant>(api.POST('/api/v1/tenants', { body: { ...body, type: 'customer' } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: LIST_KEY }),
  });
}

export function useUpdateTenant(tenantId: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { displayName?: string; defaultLanguage?: string }) =>
      unwrap<Tenant>(api.PATCH('/api/v1/tenants/{tenantId}', { params: { path: { tenantId } }, body })),
    onSuccess: (tenant) => {
      queryClient.setQueryData([tenantId, 'tenants', 'detail'], tenant);
      return queryClient.invalidateQueries({ queryKey: LIST_KEY });
    },
  });
}

export function useDeleteTenant() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (tenantId: string) =>
      unwrap(api.DELETE('/api/v1/tenants/{tenantId}', { params: { path: { tenantId } } })),
    onSuccess: (_result, tenantId) => {
      queryClient.removeQueries({ queryKey: [tenantId] });
      return queryClient.invalidateQueries({ queryKey: LIST_KEY });
    },
  });
}

export function useSigningKeys(tenantId: string, enabled: boolean) {
  const api = useApi();
  return useQuery({
    queryKey: [tenantId, 'tenants', 'keys'],
    queryFn: () =>
      unwrap<Page<SigningKey>>(
        api.GET('/api/v1/tenants/{tenantId}/keys', { params: { path: { tenantId } } }),
      ),
    enabled,
  });
}

export function useRotateKey(tenantId: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    /** `activatesDateTime` (ISO 8601) empty: the tenant's activation delay from now. */
    mutationFn: ({ alg, activatesDateTime }: { alg: SigningAlgorithm; activatesDateTime?: string }) =>
      unwrap<SigningKey>(
        api.POST('/api/v1/tenants/{tenantId}/keys/rotate', {
          params: { path: { tenantId } },
          body: { alg, ...(activatesDateTime && { activatesDateTime }) },
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [tenantId, 'tenants', 'keys'] }),
  });
}
