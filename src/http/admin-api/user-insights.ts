import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  USAGE_ITEM_TYPES,
  USAGE_RESOURCES,
  type UsageItem,
  type UsagePeriod,
  type UsageQueries,
  type UsageResource,
} from '../../insights/index.js';
import type { RouteTable } from './routes.js';
import { tenantParams } from './tenants.js';

const listQuery = z.strictObject({
  $filter: z
    .string()
    .max(1000)
    .optional()
    .describe("factDate ge|le|gt|lt|eq YYYY-MM-DD, and {property} eq '…', joined by 'and'"),
  $select: z
    .string()
    .max(500)
    .optional()
    .describe(
      'Properties to return; breakdowns left out are summed over (authentications by OS: factDate,os,attemptsCount,successCount)',
    ),
  $format: z.enum(['json', 'csv']).optional().describe('csv: the same items as comma-separated values'),
});

const PERIODS: [UsagePeriod, 'daily' | 'monthly'][] = [
  ['day', 'daily'],
  ['month', 'monthly'],
];

/** One CSV field: quoted when it must be, and never read as a formula by a spreadsheet. */
function csvField(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function toCsv(items: UsageItem[]): string {
  const columns = [...new Set(items.flatMap((item) => Object.keys(item)))];
  const lines = [
    columns.join(','),
    ...items.map((item) => columns.map((c) => csvField(item[c] ?? null)).join(',')),
  ];
  return `${lines.join('\r\n')}\r\n`;
}

const wantsCsv = (request: FastifyRequest, format: string | undefined) =>
  format === 'csv' || (format === undefined && /^text\/csv\b/.test(request.headers.accept ?? ''));

/**
 * Usage & insights, as Microsoft Graph beta's `reports/userInsights/{daily|monthly}/…`: read
 * from the roll-ups of the sign-in log, the last 30 days or 12 months unless `$filter` names
 * the dates. Who may read the sign-in logs may read these figures drawn from them.
 */
export function userInsightsRoutes(
  app: FastifyInstance,
  table: RouteTable,
  deps: { usage: UsageQueries; baseUrl: string },
) {
  for (const [period, segment] of PERIODS) {
    for (const resource of Object.keys(USAGE_RESOURCES) as UsageResource[]) {
      if (!(USAGE_RESOURCES[resource].periods as readonly UsagePeriod[]).includes(period)) continue;
      const itemType = USAGE_ITEM_TYPES[resource](period);
      table.add(
        app,
        {
          method: 'GET',
          url: `/tenants/:tenantId/reports/userInsights/${segment}/${resource}`,
          summary: `List ${segment} ${resource}`,
          tag: 'reports',
          params: tenantParams,
          query: listQuery,
          status: 200,
          description: `A collection of ${itemType} (or text/csv with $format=csv)`,
          action: 'microsoft.directory/signInReports/allProperties/read',
        },
        async ({ params, query, request, reply }) => {
          const value = await deps.usage.list(params.tenantId, resource, period, {
            filter: query.$filter,
            select: query.$select,
          });
          if (wantsCsv(request, query.$format)) {
            reply
              .header('content-type', 'text/csv; charset=utf-8')
              .header('content-disposition', `attachment; filename="${segment}-${resource}.csv"`);
            return toCsv(value);
          }
          return {
            '@odata.context': `${deps.baseUrl}/api/v1/$metadata#Collection(microsoft.graph.${itemType})`,
            value,
          };
        },
      );
    }
  }
}
