import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApi } from '../../api/ApiProvider';
import { unwrap } from '../../api/client';
import type { Page } from '../../api/tenants';
import type { Webhook, WebhookDelivery, WebhookDraft, WebhookWithSecret } from './model';

const d = (rest: string) => `microsoft.directory/${rest}`;
/** The actions of the routes (src/http/admin-api/webhooks.ts). */
export const ACTIONS = {
  read: d('webhooks/allProperties/read'),
  manage: d('webhooks/allProperties/allTasks'),
};

export const DELIVERIES_PAGE_SIZE = 25;

export const webhooksKey = (tenantId: string) => [tenantId, 'webhooks'] as const;
const base = '/api/v1/tenants/{tenantId}/webhooks' as const;

export function useWebhooks(tenantId: string) {
  const api = useApi();
  return useQuery({
    queryKey: [...webhooksKey(tenantId), 'list'],
    queryFn: () => unwrap<{ value: Webhook[] }>(api.GET(base, { params: { path: { tenantId } } })),
  });
}

export function useWebhook(tenantId: string, id: string) {
  const api = useApi();
  return useQuery({
    queryKey: [...webhooksKey(tenantId), 'one', id],
    queryFn: () => unwrap<Webhook>(api.GET(`${base}/{id}`, { params: { path: { tenantId, id } } })),
  });
}

/** One page of a webhook's delivery log, newest first. */
export function useDeliveries(tenantId: string, id: string, skipToken: string | undefined) {
  const api = useApi();
  return useQuery({
    queryKey: [...webhooksKey(tenantId), 'one', id, 'deliveries', skipToken],
    queryFn: () =>
      unwrap<Page<WebhookDelivery>>(
        api.GET(`${base}/{id}/deliveries`, {
          params: {
            path: { tenantId, id },
            query: { $top: DELIVERIES_PAGE_SIZE, ...(skipToken && { $skiptoken: skipToken }) },
          },
        }),
      ),
    placeholderData: keepPreviousData,
  });
}

const bodyOf = (draft: WebhookDraft) => ({
  displayName: draft.displayName.trim(),
  url: draft.url.trim(),
  events: draft.events,
  enabled: draft.enabled,
});

/** The admin's actions on webhooks, each refreshing the area when done. */
export function useWebhookActions(tenantId: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: webhooksKey(tenantId) });
  const create = useMutation({
    mutationFn: (draft: WebhookDraft) =>
      unwrap<WebhookWithSecret>(api.POST(base, { params: { path: { tenantId } }, body: bodyOf(draft) })),
    onSuccess: refresh,
  });
  const save = useMutation({
    mutationFn: ({ id, draft }: { id: string; draft: WebhookDraft }) =>
      unwrap<Webhook>(api.PATCH(`${base}/{id}`, { params: { path: { tenantId, id } }, body: bodyOf(draft) })),
    onSuccess: refresh,
  });
  const setEnabled = useMutation({
    mutationFn: ({ id, enabled }: { id: string; enabled: boolean }) =>
      unwrap<Webhook>(api.PATCH(`${base}/{id}`, { params: { path: { tenantId, id } }, body: { enabled } })),
    onSuccess: refresh,
  });
  const remove = useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE(`${base}/{id}`, { params: { path: { tenantId, id } } })),
    onSuccess: refresh,
  });
  const rotate = useMutation({
    mutationFn: (id: string) =>
      unwrap<WebhookWithSecret>(
        api.POST(`${base}/{id}/rotateSecret`, { params: { path: { tenantId, id } } }),
      ),
    onSuccess: refresh,
  });
  const test = useMutation({
    mutationFn: (id: string) =>
      unwrap<WebhookDelivery>(api.POST(`${base}/{id}/test`, { params: { path: { tenantId, id } } })),
    onSuccess: refresh,
  });
  return { create, save, setEnabled, remove, rotate, test };
}
