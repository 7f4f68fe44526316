import type { FastifyInstance } from 'fastify';
import { type AuditTrail, auditFilterFields } from '../../insights/index.js';
import { nextLink, pageQuery, type RouteTable } from './routes.js';
import { tenantParams } from './tenants.js';

const listQuery = pageQuery
  .extend(auditFilterFields)
  .refine((f) => !f.from || !f.to || f.from < f.to, { message: '`to` must be after `from`', path: ['to'] });

/** The audit trail, as Microsoft Graph's `auditLogs/directoryAudits`: newest first. */
export function auditLogRoutes(
  app: FastifyInstance,
  table: RouteTable,
  deps: { audits: AuditTrail; baseUrl: string },
) {
  const { audits, baseUrl } = deps;
  table.add(
    app,
    {
      method: 'GET',
      url: '/tenants/:tenantId/auditLogs/directoryAudits',
      summary: 'List directory audits, newest first',
      tag: 'auditLogs',
      params: tenantParams,
      query: listQuery,
      status: 200,
      description:
        'A page of directoryAudit objects (admin actions). Filters: from, to, category, activityDisplayName, initiatedBy (id, UPN, appId or name), target (id, UPN or name).',
      action: 'microsoft.directory/auditLogs/allProperties/read',
    },
    async ({ params, query }) => {
      const { $top, $skiptoken, ...filters } = query;
      const page = await audits.list(params.tenantId, filters, { top: $top, skipToken: $skiptoken });
      // The next page keeps the filters of this one.
      const search = new URLSearchParams(
        Object.entries(filters).filter((entry): entry is [string, string] => entry[1] !== undefined),
      ).toString();
      return {
        value: page.items,
        '@odata.nextLink': nextLink(
          baseUrl,
          `/tenants/${params.tenantId}/auditLogs/directoryAudits${search ? `?${search}` : ''}`,
          $top,
          page.next,
        ),
      };
    },
  );
}
