import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { type Mailer, OUTBOX_STATUSES, updateMessagingSettingsSchema } from '../../messaging/index.js';
import { nextLink, pageQuery, type RouteTable } from './routes.js';
import { tenantParams } from './tenants.js';

const outboxQuery = pageQuery.extend({
  status: z
    .enum(OUTBOX_STATUSES)
    .optional()
    .describe('Only messages with this delivery status: stored, pending, sending, sent or failed.'),
});

/** A tenant's email settings and its outbox (every message, with its delivery state). */
export function messagingRoutes(
  app: FastifyInstance,
  table: RouteTable,
  deps: { mailer: Mailer; baseUrl: string },
) {
  const { mailer, baseUrl } = deps;

  table.add(
    app,
    {
      method: 'GET',
      url: '/tenants/:tenantId/messaging',
      summary: "Get the tenant's email settings",
      tag: 'messaging',
      params: tenantParams,
      status: 200,
      description: 'The from-address (null: the server default, GATEHOUSE_MAIL_FROM)',
      action: 'microsoft.directory/messaging/allProperties/read',
    },
    ({ params }) => mailer.getSettings(params.tenantId),
  );
  table.add(
    app,
    {
      method: 'PATCH',
      url: '/tenants/:tenantId/messaging',
      summary: "Update the tenant's email settings",
      tag: 'messaging',
      params: tenantParams,
      body: updateMessagingSettingsSchema,
      status: 200,
      description: 'The updated settings',
      action: 'microsoft.directory/messaging/allProperties/update',
    },
    ({ params, body }) => mailer.updateSettings(params.tenantId, body),
  );
  table.add(
    app,
    {
      method: 'GET',
      url: '/tenants/:tenantId/outbox',
      summary: 'List the outbox (every email and its delivery state), newest first',
      tag: 'messaging',
      params: tenantParams,
      query: outboxQuery,
      status: 200,
      description:
        'A page of email messages: sent or queued through SMTP, or stored in the dev outbox when no SMTP server is configured',
      action: 'microsoft.directory/messaging/allProperties/read',
    },
    async ({ params, query }) => {
      const { $top: top, $skiptoken: skipToken, status } = query;
      const page = await mailer.listOutbox(params.tenantId, { top, skipToken, status });
      const path = `/tenants/${params.tenantId}/outbox${status ? `?status=${status}` : ''}`;
      return { value: page.items, '@odata.nextLink': nextLink(baseUrl, path, top, page.next) };
    },
  );
}
