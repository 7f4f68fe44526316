import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { SMS_STATUSES, type SmsSender } from '../../messaging/index.js';
import { nextLink, pageQuery, type RouteTable } from './routes.js';
import { tenantParams } from './tenants.js';

const smsOutboxQuery = pageQuery.extend({
  status: z
    .enum(SMS_STATUSES)
    .optional()
    .describe('Only messages with this delivery status: stored, sent or failed.'),
});

/** A tenant's text messages (one-time codes) and their delivery state. */
export function smsRoutes(
  app: FastifyInstance,
  table: RouteTable,
  deps: { sms: SmsSender; baseUrl: string },
) {
  const { sms, baseUrl } = deps;

  table.add(
    app,
    {
      method: 'GET',
      url: '/tenants/:tenantId/smsOutbox',
      summary: 'List the SMS outbox (every text message and its delivery state), newest first',
      tag: 'messaging',
      params: tenantParams,
      query: smsOutboxQuery,
      status: 200,
      description:
        'A page of text messages: sent through the SMS gateway (their text cleared once sent or failed), or stored in the dev outbox when no gateway is configured',
      action: 'microsoft.directory/messaging/allProperties/read',
    },
    async ({ params, query }) => {
      const { $top: top, $skiptoken: skipToken, status } = query;
      const page = await sms.listOutbox(params.tenantId, { top, skipToken, status });
      const path = `/tenants/${params.tenantId}/smsOutbox${status ? `?status=${status}` : ''}`;
      return { value: page.items, '@odata.nextLink': nextLink(baseUrl, path, top, page.next) };
    },
  );
}
