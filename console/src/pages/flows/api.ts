import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApi } from '../../api/ApiProvider';
import { unwrap } from '../../api/client';
import type { Page } from '../../api/tenants';
import type {
  AppSummary,
  CreateCustomAttributeBody,
  CreateUserFlowBody,
  CustomAttribute,
  ProviderSummary,
  UpdateUserFlowBody,
  UserFlow,
} from './model';

const d = (rest: string) => `microsoft.directory/${rest}`;
/** The directory actions the pages ask `can(...)` about (src/authorization/directory-roles.ts). */
export const ACTIONS = {
  manageFlows: d('b2cUserFlow/allProperties/allTasks'),
  manageAttributes: d('customAttributes/allProperties/allTasks'),
  readApps: d('applications/allProperties/read'),
  readProviders: d('identityProviders/allProperties/read'),
  readAttributes: d('customAttributes/allProperties/read'),
};

export const flowsKey = (tenantId: string) => [tenantId, 'flows'] as const;
const attributesKey = (tenantId: string) => [tenantId, 'flows', 'customAttributes'] as const;

export function useUserFlows(tenantId: string) {
  const api = useApi();
  return useQuery({
    queryKey: [...flowsKey(tenantId), 'list'],
    queryFn: () =>
      unwrap<Page<UserFlow>>(
        api.GET('/api/v1/tenants/{tenantId}/userFlows', {
          params: { path: { tenantId }, query: { $top: 999 } },
        }),
      ),
  });
}

export function useUserFlow(tenantId: string, id: string) {
  const api = useApi();
  return useQuery({
    queryKey: [...flowsKey(tenantId), 'flow', id],
    queryFn: () =>
      unwrap<UserFlow>(
        api.GET('/api/v1/tenants/{tenantId}/userFlows/{id}', { params: { path: { tenantId, id } } }),
      ),
  });
}

export function useCreateUserFlow(tenantId: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateUserFlowBody) =>
      unwrap<UserFlow>(
        api.POST('/api/v1/tenants/{tenantId}/userFlows', { params: { path: { tenantId } }, body }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: flowsKey(tenantId) }),
  });
}

export function useUpdateUserFlow(tenantId: string, id: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateUserFlowBody) =>
      unwrap<UserFlow>(
        api.PATCH('/api/v1/tenants/{tenantId}/userFlows/{id}', { params: { path: { tenantId, id } }, body }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: flowsKey(tenantId) }),
  });
}

export function useDeleteUserFlow(tenantId: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      unwrap(api.DELETE('/api/v1/tenants/{tenantId}/userFlows/{id}', { params: { path: { tenantId, id } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: flowsKey(tenantId) }),
  });
}

export function useCustomAttributes(tenantId: string, enabled = true) {
  const api = useApi();
  return useQuery({
    queryKey: [...attributesKey(tenantId), 'list'],
    enabled,
    queryFn: () =>
      unwrap<Page<CustomAttribute>>(
        api.GET('/api/v1/tenants/{tenantId}/customAttributes', {
          params: { path: { tenantId }, query: { $top: 999 } },
        }),
      ),
  });
}

export function useCreateCustomAttribute(tenantId: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateCustomAttributeBody) =>
      unwrap<CustomAttribute>(
        api.POST('/api/v1/tenants/{tenantId}/customAttributes', { params: { path: { tenantId } }, body }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: attributesKey(tenantId) }),
  });
}

export function useDeleteCustomAttribute(tenantId: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      unwrap(
        api.DELETE('/api/v1/tenants/{tenantId}/customAttributes/{id}', {
          params: { path: { tenantId, id } },
        }),
      ),
    // Flows stop collecting a deleted attribute.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: flowsKey(tenantId) }),
  });
}

/** The tenant's apps, to name the ones a flow lists (when the admin may read apps). */
export function useAppSummaries(tenantId: string, enabled: boolean) {
  const api = useApi();
  return useQuery({
    queryKey: [...flowsKey(tenantId), 'apps'],
    enabled,
    queryFn: () =>
      unwrap<Page<AppSummary>>(
        api.GET('/api/v1/tenants/{tenantId}/applications', {
          params: { path: { tenantId }, query: { $top: 999 } },
        }),
      ),
  });
}

/** The tenant's identity providers, to offer them in a flow. */
export function useProviderSummaries(tenantId: string, enabled: boolean) {
  const api = useApi();
  return useQuery({
    queryKey: [...flowsKey(tenantId), 'identityProviders'],
    enabled,
    queryFn: () =>
      unwrap<Page<ProviderSummary>>(
        api.GET('/api/v1/tenants/{tenantId}/identityProviders', {
          params: { path: { tenantId }, query: { $top: 999 } },
        }),
      ),
  });
}
