import type { FastifyInstance } from 'fastify';
import { type Mailer, updateMessagingSettingsSchema } from '../../messaging/index.js';
import { nextLink, pageQuery, type RouteTable } from './routes.js';
import { tenantParams } from './tenants.js';

/** A tenant's email settings and its dev outbox (messages kept when no SMTP server is set). */
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
    },
    ({ params, body }) => mailer.updateSettings(params.tenantId, body),
  );
  table.add(
    app,
    {
      method: 'GET',
      url: '/tenants/:tenantId/outbox',
      summary: 'List the dev outbox, newest first',
      tag: 'messaging',
      params: tenantParams,
      query: pageQuery,
      status: 200,
      description: 'A page of the email messages stored instead of sent (no SMTP server configured)',
    },
    async ({ params, query }) => {
      const page = await mailer.listOutbox(params.tenantId, { top: query.$top, skipToken: query.$skiptoken });
      return {
        value: page.items,
        '@odata.nextLink': nextLink(baseUrl, `/tenants/${params.tenantId}/outbox`, query.$top, page.next),
      };
    },
  );
}
