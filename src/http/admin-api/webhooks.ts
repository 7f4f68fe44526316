import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  createWebhookSchema,
  updateWebhookSchema,
  WEBHOOK_EVENT_TYPES,
  type Webhook,
  type WebhookService,
} from '../../extensions/webhooks/index.js';
import { tenantIdSchema } from '../../tenants/index.js';
import { type AdminAudit, modifiedProperties } from './admin-audit.js';
import { nextLink, pageQuery, type RouteTable } from './routes.js';
import { tenantParams } from './tenants.js';

const webhookParams = z.strictObject({
  tenantId: tenantIdSchema,
  id: z.uuid({ message: 'must be a webhook id' }),
});

const READ = 'microsoft.directory/webhooks/allProperties/read';
const MANAGE = 'microsoft.directory/webhooks/allProperties/allTasks';

/** What an audit entry compares (never the secret). */
const PROPERTIES = ['displayName', 'url', 'events', 'enabled'] as const;
const propertiesOf = (webhook: Webhook | undefined): Record<string, unknown> | undefined =>
  webhook && { ...webhook };

/**
 * A tenant's event webhooks (beyond Entra; signed per Standard Webhooks): configuration, the
 * delivery log, a test event, secret rotation. Every change is audited, never with the secret.
 */
export function webhookRoutes(
  app: FastifyInstance,
  table: RouteTable,
  deps: { webhooks: WebhookService; audit: AdminAudit; baseUrl: string },
) {
  const { webhooks, audit, baseUrl } = deps;
  const base = '/tenants/:tenantId/webhooks';
  const tag = 'webhooks';

  const audited = (
    request: Parameters<AdminAudit>[0],
    tenantId: string,
    activity: string,
    operationType: 'Add' | 'Update' | 'Delete',
    before: Webhook | undefined,
    after: Webhook | undefined,
  ) => {
    const webhook = (after ?? before) as Webhook;
    return audit(request, tenantId, {
      category: 'Webhook',
      activityDisplayName: activity,
      operationType,
      targetResources: [
        {
          id: webhook.id,
          type: 'Webhook',
          displayName: webhook.displayName,
          modifiedProperties: modifiedProperties(propertiesOf(before), propertiesOf(after), PROPERTIES),
        },
      ],
    });
  };

  table.add(
    app,
    {
      method: 'GET',
      url: base,
      summary: 'List webhooks',
      tag,
      params: tenantParams,
      status: 200,
      description: "The tenant's webhooks, oldest first (secrets never shown; secretHint tells them apart)",
      action: READ,
    },
    async ({ params }) => ({ value: await webhooks.list(params.tenantId) }),
  );
  table.add(
    app,
    {
      method: 'POST',
      url: base,
      summary: 'Create a webhook',
      tag,
      params: tenantParams,
      body: createWebhookSchema,
      status: 201,
      description: `{displayName, url (https; http only for localhost), events: [${WEBHOOK_EVENT_TYPES.join(', ')}], enabled (default true)}. The answer carries the signing secret (whsec_…), shown this once.`,
      action: MANAGE,
    },
    async ({ params, body, request }) => {
      const created = await webhooks.create(params.tenantId, body);
      const { secret: _secret, ...shown } = created;
      await audited(request, params.tenantId, 'Add webhook', 'Add', undefined, shown);
      return created;
    },
  );
  table.add(
    app,
    {
      method: 'GET',
      url: `${base}/:id`,
      summary: 'Get a webhook',
      tag,
      params: webhookParams,
      status: 200,
      description: 'The webhook (the secret never; disabledReason when Gatehouse disabled it)',
      action: READ,
    },
    ({ params }) => webhooks.get(params.tenantId, params.id),
  );
  table.add(
    app,
    {
      method: 'PATCH',
      url: `${base}/:id`,
      summary: 'Update a webhook',
      tag,
      params: webhookParams,
      body: updateWebhookSchema,
      status: 200,
      description:
        'Any of {displayName, url, events, enabled}. Disabling gives up the messages not yet delivered; enabling clears disabledReason.',
      action: MANAGE,
    },
    async ({ params, body, request }) => {
      const { before, after } = await webhooks.update(params.tenantId, params.id, body);
      await audited(request, params.tenantId, 'Update webhook', 'Update', before, after);
      return after;
    },
  );
  table.add(
    app,
    {
      method: 'DELETE',
      url: `${base}/:id`,
      summary: 'Delete a webhook',
      tag,
      params: webhookParams,
      status: 204,
      description: 'Deleted, with its undelivered messages and its delivery log',
      action: MANAGE,
    },
    async ({ params, request }) => {
      const deleted = await webhooks.delete(params.tenantId, params.id);
      await audited(request, params.tenantId, 'Delete webhook', 'Delete', deleted, undefined);
    },
  );
  table.add(
    app,
    {
      method: 'POST',
      url: `${base}/:id/rotateSecret`,
      summary: "Rotate a webhook's secret",
      tag,
      params: webhookParams,
      status: 200,
      description:
        'A new signing secret, shown in this answer only (`secret`). For 24 hours every message carries a signature with the old secret too.',
      action: MANAGE,
    },
    async ({ params, request }) => {
      const rotated = await webhooks.rotateSecret(params.tenantId, params.id);
      const { secret: _secret, ...shown } = rotated;
      await audit(request, params.tenantId, {
        category: 'Webhook',
        activityDisplayName: 'Rotate webhook secret',
        operationType: 'Update',
        targetResources: [
          {
            id: shown.id,
            type: 'Webhook',
            displayName: shown.displayName,
            // The hint alone: which secret, never its value.
            modifiedProperties: [
              { displayName: 'secretHint', oldValue: null, newValue: JSON.stringify(shown.secretHint) },
            ],
          },
        ],
      });
      return rotated;
    },
  );
  table.add(
    app,
    {
      method: 'POST',
      url: `${base}/:id/test`,
      summary: 'Send a test event',
      tag,
      params: webhookParams,
      status: 200,
      description:
        'Sends a webhook.test event now (also to a disabled webhook), once, and answers with the attempt: {messageId, statusCode, error, durationInMilliseconds, outcome, …}',
      action: MANAGE,
    },
    ({ params }) => webhooks.sendTest(params.tenantId, params.id),
  );
  table.add(
    app,
    {
      method: 'GET',
      url: `${base}/:id/deliveries`,
      summary: "List a webhook's deliveries, newest first",
      tag,
      params: webhookParams,
      query: pageQuery,
      status: 200,
      description:
        'The delivery log: one entry per attempt {id, messageId, eventType, attempt, createdDateTime, statusCode, error, durationInMilliseconds, outcome (delivered | failed), nextAttemptDateTime}',
      action: READ,
    },
    async ({ params, query }) => {
      const page = await webhooks.listDeliveries(params.tenantId, params.id, {
        top: query.$top,
        skipToken: query.$skiptoken,
      });
      return {
        value: page.items,
        '@odata.nextLink': nextLink(
          baseUrl,
          `/tenants/${params.tenantId}/webhooks/${params.id}/deliveries`,
          query.$top,
          page.next,
        ),
      };
    },
  );
}
