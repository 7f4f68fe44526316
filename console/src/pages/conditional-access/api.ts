import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApi } from '../../api/ApiProvider';
import { unwrap } from '../../api/client';
import type { Page } from '../../api/tenants';
import type {
  Application,
  DirectoryGroup,
  DirectoryUser,
  ImpactReport,
  IpRange,
  NamedLocation,
  Policy,
  PolicyBody,
  PolicyState,
  Template,
  WhatIfRequest,
  WhatIfResult,
} from './model';

const d = (rest: string) => `microsoft.directory/${rest}`;
/** The actions of the routes (src/http/admin-api/conditional-access.ts). */
export const ACTIONS = {
  policies: d('conditionalAccessPolicies/allProperties/allTasks'),
  read: d('conditionalAccessPolicies/allProperties/read'),
  locations: d('namedLocations/allProperties/allTasks'),
};

export const caKey = (tenantId: string) => [tenantId, 'conditionalAccess'] as const;
const policiesKey = (tenantId: string) => [...caKey(tenantId), 'policies'] as const;
const locationsKey = (tenantId: string) => [...caKey(tenantId), 'namedLocations'] as const;

export function usePolicies(tenantId: string) {
  const api = useApi();
  return useQuery({
    queryKey: [...policiesKey(tenantId), 'list'],
    queryFn: () =>
      unwrap<Page<Policy>>(
        api.GET('/api/v1/tenants/{tenantId}/conditionalAccess/policies', {
          params: { path: { tenantId }, query: { $top: 999 } },
        }),
      ),
  });
}

export function usePolicy(tenantId: string, id: string | undefined) {
  const api = useApi();
  return useQuery({
    queryKey: [...policiesKey(tenantId), 'one', id],
    enabled: id !== undefined,
    queryFn: () =>
      unwrap<Policy>(
        api.GET('/api/v1/tenants/{tenantId}/conditionalAccess/policies/{id}', {
          params: { path: { tenantId, id: id as string } },
        }),
      ),
  });
}

/** Creates (no id) or replaces (PATCH every top-level property) a policy. */
export function useSavePolicy(tenantId: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id?: string; body: PolicyBody }) =>
      id
        ? unwrap<Policy>(
            api.PATCH('/api/v1/tenants/{tenantId}/conditionalAccess/policies/{id}', {
              params: { path: { tenantId, id } },
              body: body as never,
            }),
          )
        : unwrap<Policy>(
            api.POST('/api/v1/tenants/{tenantId}/conditionalAccess/policies', {
              params: { path: { tenantId } },
              body: body as never,
            }),
          ),
    onSuccess: (policy) => {
      queryClient.setQueryData([...policiesKey(tenantId), 'one', policy.id], policy);
      return queryClient.invalidateQueries({ queryKey: [...policiesKey(tenantId), 'list'] });
    },
  });
}

export function useSetPolicyState(tenantId: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, state }: { id: string; state: PolicyState }) =>
      unwrap<Policy>(
        api.PATCH('/api/v1/tenants/{tenantId}/conditionalAccess/policies/{id}', {
          params: { path: { tenantId, id } },
          body: { state } as never,
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: policiesKey(tenantId) }),
  });
}

export function useDeletePolicy(tenantId: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      unwrap(
        api.DELETE('/api/v1/tenants/{tenantId}/conditionalAccess/policies/{id}', {
          params: { path: { tenantId, id } },
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: policiesKey(tenantId) }),
  });
}

export function useTemplates(tenantId: string, enabled = true) {
  const api = useApi();
  return useQuery({
    queryKey: [...caKey(tenantId), 'templates'],
    enabled,
    staleTime: Number.POSITIVE_INFINITY,
    queryFn: () =>
      unwrap<{ value: Template[] }>(
        api.GET('/api/v1/tenants/{tenantId}/conditionalAccess/templates', { params: { path: { tenantId } } }),
      ),
  });
}

export interface FromTemplateBody {
  displayName?: string;
  state: PolicyState;
  includeApplications?: string[];
  countriesAndRegions?: string[];
}

export function useCreateFromTemplate(tenantId: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ templateId, body }: { templateId: string; body: FromTemplateBody }) =>
      unwrap<Policy>(
        api.POST('/api/v1/tenants/{tenantId}/conditionalAccess/templates/{id}/policies', {
          params: { path: { tenantId, id: templateId } },
          body: body as never,
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: caKey(tenantId) }),
  });
}

export function useNamedLocations(tenantId: string) {
  const api = useApi();
  return useQuery({
    queryKey: [...locationsKey(tenantId), 'list'],
    queryFn: () =>
      unwrap<Page<NamedLocation>>(
        api.GET('/api/v1/tenants/{tenantId}/conditionalAccess/namedLocations', {
          params: { path: { tenantId }, query: { $top: 999 } },
        }),
      ),
  });
}

export interface NamedLocationBody {
  '@odata.type': NamedLocation['@odata.type'];
  displayName: string;
  isTrusted?: boolean;
  ipRanges?: IpRange[];
  countriesAndRegions?: string[];
  includeUnknownCountriesAndRegions?: boolean;
}

export function useSaveNamedLocation(tenantId: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id?: string; body: NamedLocationBody }) =>
      id
        ? unwrap<NamedLocation>(
            api.PATCH('/api/v1/tenants/{tenantId}/conditionalAccess/namedLocations/{id}', {
              params: { path: { tenantId, id } },
              body: body as never,
            }),
          )
        : unwrap<NamedLocation>(
            api.POST('/api/v1/tenants/{tenantId}/conditionalAccess/namedLocations', {
              params: { path: { tenantId } },
              body: body as never,
            }),
          ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: locationsKey(tenantId) }),
  });
}

export function useDeleteNamedLocation(tenantId: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      unwrap(
        api.DELETE('/api/v1/tenants/{tenantId}/conditionalAccess/namedLocations/{id}', {
          params: { path: { tenantId, id } },
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: locationsKey(tenantId) }),
  });
}

export function useEvaluate(tenantId: string) {
  const api = useApi();
  return useMutation({
    mutationFn: (body: WhatIfRequest) =>
      unwrap<WhatIfResult>(
        api.POST('/api/v1/tenants/{tenantId}/conditionalAccess/evaluate', {
          params: { path: { tenantId } },
          body: body as never,
        }),
      ),
  });
}

export type ImpactRequest = { days: number } & ({ policyId: string } | { policy: PolicyBody });

export function useImpact(tenantId: string, request: ImpactRequest | null) {
  const api = useApi();
  return useQuery({
    queryKey: [...caKey(tenantId), 'impact', request],
    enabled: request !== null,
    retry: false,
    queryFn: () =>
      unwrap<ImpactReport>(
        api.POST('/api/v1/tenants/{tenantId}/conditionalAccess/impact', {
          params: { path: { tenantId } },
          body: request as never,
        }),
      ),
  });
}

// --- the directory, for the pickers

export function useApplications(tenantId: string) {
  const api = useApi();
  return useQuery({
    queryKey: [tenantId, 'apps', 'list'],
    queryFn: () =>
      unwrap<Page<Application>>(
        api.GET('/api/v1/tenants/{tenantId}/applications', {
          params: { path: { tenantId }, query: { $top: 999 } },
        }),
      ),
  });
}

/** Users whose name, mail or username starts with the text (the first 20). */
export function useUserSearch(tenantId: string, search: string) {
  const api = useApi();
  return useQuery({
    queryKey: [tenantId, 'users', 'conditionalAccessSearch', search],
    queryFn: () =>
      unwrap<Page<DirectoryUser>>(
        api.GET('/api/v1/tenants/{tenantId}/users', {
          params: { path: { tenantId }, query: { $top: 20, ...(search && { $search: search }) } },
        }),
      ),
    placeholderData: keepPreviousData,
  });
}

/** Every group of the tenant (the API has no group search; the picker filters them). */
export function useAllGroups(tenantId: string, enabled = true) {
  const api = useApi();
  return useQuery({
    queryKey: [tenantId, 'groups', 'conditionalAccessAll'],
    enabled,
    queryFn: () =>
      unwrap<Page<DirectoryGroup>>(
        api.GET('/api/v1/tenants/{tenantId}/groups', {
          params: { path: { tenantId }, query: { $top: 999 } },
        }),
      ),
  });
}
