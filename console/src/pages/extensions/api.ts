import { useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApi } from '../../api/ApiProvider';
import { unwrap } from '../../api/client';
import type { Page } from '../../api/tenants';
import {
  type Application,
  type AuthenticationEvent,
  appIdsOf,
  type ClaimsMappingPolicy,
  type CustomAttribute,
  type CustomExtension,
  type ExtensionDraft,
  extensionBody,
  type Listener,
  newListenerBody,
  type ServicePrincipal,
} from './model';

const d = (rest: string) => `microsoft.directory/${rest}`;
/** The actions of the routes (src/http/admin-api/extensions.ts). */
export const ACTIONS = {
  readExtensions: d('customAuthenticationExtensions/allProperties/read'),
  manageExtensions: d('customAuthenticationExtensions/allProperties/allTasks'),
  readListeners: d('authenticationEventListeners/allProperties/read'),
  manageListeners: d('authenticationEventListeners/allProperties/allTasks'),
  readPolicies: d('applicationPolicies/allProperties/read'),
  managePolicies: d('applicationPolicies/allProperties/allTasks'),
  readApps: d('applications/allProperties/read'),
  readServicePrincipals: d('servicePrincipals/allProperties/read'),
  readAttributes: d('customAttributes/allProperties/read'),
};

export const extensionsKey = (tenantId: string) => [tenantId, 'extensions'] as const;
const listKey = (tenantId: string) => [...extensionsKey(tenantId), 'list'] as const;
const listenersKey = (tenantId: string) => [...extensionsKey(tenantId), 'listeners'] as const;
const policiesKey = (tenantId: string) => [...extensionsKey(tenantId), 'claimsMappingPolicies'] as const;

const base = '/api/v1/tenants/{tenantId}/identity/customAuthenticationExtensions' as const;
const listenersBase = '/api/v1/tenants/{tenantId}/identity/authenticationEventListeners' as const;
const policiesBase = '/api/v1/tenants/{tenantId}/policies/claimsMappingPolicies' as const;

export function useExtensions(tenantId: string, enabled = true) {
  const api = useApi();
  return useQuery({
    queryKey: listKey(tenantId),
    enabled,
    queryFn: () => unwrap<{ value: CustomExtension[] }>(api.GET(base, { params: { path: { tenantId } } })),
  });
}

export function useExtension(tenantId: string, id: string) {
  const api = useApi();
  return useQuery({
    queryKey: [...extensionsKey(tenantId), 'one', id],
    queryFn: () => unwrap<CustomExtension>(api.GET(`${base}/{id}`, { params: { path: { tenantId, id } } })),
  });
}

/** Creates (no id) or updates an extension from the form's draft. */
export function useSaveExtension(tenantId: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({
      id,
      event,
      draft,
    }: {
      id?: string;
      event: AuthenticationEvent;
      draft: ExtensionDraft;
    }): Promise<{ id: string }> => {
      const body = extensionBody(event, draft);
      if (!id) return unwrap<CustomExtension>(api.POST(base, { params: { path: { tenantId } }, body }));
      await unwrap(api.PATCH(`${base}/{id}`, { params: { path: { tenantId, id } }, body: body as never }));
      return { id };
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: extensionsKey(tenantId) }),
  });
}

export function useDeleteExtension(tenantId: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE(`${base}/{id}`, { params: { path: { tenantId, id } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: listKey(tenantId) }),
  });
}

export function useListeners(tenantId: string, enabled = true) {
  const api = useApi();
  return useQuery({
    queryKey: listenersKey(tenantId),
    enabled,
    queryFn: () => unwrap<{ value: Listener[] }>(api.GET(listenersBase, { params: { path: { tenantId } } })),
  });
}

/**
 * The apps that call an extension, as listeners: adding an app extends the extension's first
 * listener (or creates one); removing the last app of a listener deletes it, so the extension
 * can then be deleted.
 */
export function useListenerActions(tenantId: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: listenersKey(tenantId) });
  const setApps = (listener: Listener, appIds: string[]) =>
    unwrap(
      api.PATCH(`${listenersBase}/{id}`, {
        params: { path: { tenantId, id: listener.id } },
        body: {
          conditions: {
            applications: {
              includeAllApplications: false,
              includeApplications: appIds.map((appId) => ({ appId })),
            },
          },
        },
      }),
    );
  const add = useMutation({
    mutationFn: (input: {
      event: AuthenticationEvent;
      extension: CustomExtension;
      listener: Listener | undefined;
      appId: string;
      migrationPropertyId?: string;
    }) =>
      input.listener
        ? setApps(input.listener, [...appIdsOf(input.listener), input.appId])
        : unwrap(
            api.POST(listenersBase, {
              params: { path: { tenantId } },
              body: newListenerBody(input.event, input.extension, input.appId, input.migrationPropertyId),
            }),
          ),
    onSuccess: refresh,
  });
  const remove = useMutation({
    mutationFn: ({ listener, appId }: { listener: Listener; appId: string | null }) => {
      const rest = appId === null ? [] : appIdsOf(listener).filter((id) => id !== appId);
      return rest.length === 0
        ? unwrap(api.DELETE(`${listenersBase}/{id}`, { params: { path: { tenantId, id: listener.id } } }))
        : setApps(listener, rest);
    },
    onSuccess: refresh,
  });
  const setMigrationProperty = useMutation({
    mutationFn: ({ listener, migrationPropertyId }: { listener: Listener; migrationPropertyId: string }) =>
      unwrap(
        api.PATCH(`${listenersBase}/{id}`, {
          params: { path: { tenantId, id: listener.id } },
          body: { handler: { migrationPropertyId } } as never,
        }),
      ),
    onSuccess: refresh,
  });
  return { add, remove, setMigrationProperty };
}

// --- claims-mapping policies

export function useClaimsMappingPolicies(tenantId: string) {
  const api = useApi();
  return useQuery({
    queryKey: [...policiesKey(tenantId), 'list'],
    queryFn: () =>
      unwrap<{ value: ClaimsMappingPolicy[] }>(api.GET(policiesBase, { params: { path: { tenantId } } })),
  });
}

export function useSavePolicy(tenantId: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({
      id,
      displayName,
      definition,
    }: {
      id?: string;
      displayName: string;
      definition: string;
    }): Promise<{ id: string }> => {
      const body = { displayName, definition: [definition] };
      if (!id)
        return unwrap<ClaimsMappingPolicy>(api.POST(policiesBase, { params: { path: { tenantId } }, body }));
      await unwrap(api.PATCH(`${policiesBase}/{id}`, { params: { path: { tenantId, id } }, body }));
      return { id };
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: policiesKey(tenantId) }),
  });
}

export function useDeletePolicy(tenantId: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      unwrap(api.DELETE(`${policiesBase}/{id}`, { params: { path: { tenantId, id } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: policiesKey(tenantId) }),
  });
}

/**
 * The policy of each service principal (none or one), asked of each: the API has no reverse
 * lookup from a policy to its service principals.
 */
export function usePolicyAssignments(tenantId: string, principals: readonly ServicePrincipal[]) {
  const api = useApi();
  const results = useQueries({
    queries: principals.map((sp) => ({
      queryKey: [...policiesKey(tenantId), 'assigned', sp.id],
      queryFn: () =>
        unwrap<{ value: ClaimsMappingPolicy[] }>(
          api.GET('/api/v1/tenants/{tenantId}/servicePrincipals/{id}/claimsMappingPolicies', {
            params: { path: { tenantId, id: sp.id } },
          }),
        ),
    })),
  });
  const byPrincipal = new Map<string, string | undefined>();
  principals.forEach((sp, index) => {
    byPrincipal.set(sp.id, results[index]?.data?.value[0]?.id);
  });
  return {
    /** Service principal id → the id of its policy (undefined: none). */
    byPrincipal,
    isPending: results.some((result) => result.isPending),
    error: results.find((result) => result.error)?.error ?? null,
  };
}

export function useAssignmentActions(tenantId: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: [...policiesKey(tenantId), 'assigned'] });
  const assign = useMutation({
    mutationFn: ({ servicePrincipalId, policyId }: { servicePrincipalId: string; policyId: string }) =>
      unwrap(
        api.POST('/api/v1/tenants/{tenantId}/servicePrincipals/{id}/claimsMappingPolicies/$ref', {
          params: { path: { tenantId, id: servicePrincipalId } },
          body: {
            '@odata.id': `${location.origin}/api/v1/tenants/${tenantId}/policies/claimsMappingPolicies/${policyId}`,
          },
        }),
      ),
    onSuccess: refresh,
  });
  const unassign = useMutation({
    mutationFn: ({ servicePrincipalId, policyId }: { servicePrincipalId: string; policyId: string }) =>
      unwrap(
        api.DELETE(
          '/api/v1/tenants/{tenantId}/servicePrincipals/{id}/claimsMappingPolicies/{policyId}/$ref',
          {
            params: { path: { tenantId, id: servicePrincipalId, policyId } },
          },
        ),
      ),
    onSuccess: refresh,
  });
  return { assign, unassign };
}

// --- the directory, for the pickers

export function useApplications(tenantId: string, enabled = true) {
  const api = useApi();
  return useQuery({
    queryKey: [tenantId, 'apps', 'list'],
    enabled,
    queryFn: () =>
      unwrap<Page<Application>>(
        api.GET('/api/v1/tenants/{tenantId}/applications', {
          params: { path: { tenantId }, query: { $top: 999 } },
        }),
      ),
  });
}

export function useServicePrincipals(tenantId: string, enabled = true) {
  const api = useApi();
  return useQuery({
    queryKey: [tenantId, 'servicePrincipals', 'list'],
    enabled,
    queryFn: () =>
      unwrap<Page<ServicePrincipal>>(
        api.GET('/api/v1/tenants/{tenantId}/servicePrincipals', {
          params: { path: { tenantId }, query: { $top: 999 } },
        }),
      ),
  });
}

/** The tenant's boolean custom attributes (a password submit listener's migration attribute). */
export function useBooleanAttributes(tenantId: string, enabled = true) {
  const api = useApi();
  return useQuery({
    queryKey: [tenantId, 'flows', 'customAttributes', 'list'],
    enabled,
    queryFn: () =>
      unwrap<Page<CustomAttribute>>(
        api.GET('/api/v1/tenants/{tenantId}/customAttributes', {
          params: { path: { tenantId }, query: { $top: 999 } },
        }),
      ),
    select: (page) => page.value.filter((attribute) => attribute.dataType === 'boolean'),
  });
}
