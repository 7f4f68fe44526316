import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { CallLog } from '../../extensions/index.js';
import { type SignInLogService, signInFilterFields } from '../../insights/index.js';
import { tenantIdSchema } from '../../tenants/index.js';
import { countField, nextLink, pageQuery, type RouteTable } from './routes.js';
import { tenantParams } from './tenants.js';

const signInParams = z.strictObject({
  tenantId: tenantIdSchema,
  id: z.uuid({ message: 'must be a sign-in id' }),
});

const listQuery = pageQuery.extend({ ...signInFilterFields, ...countField });

/**
 * Sign-in logs, as Microsoft Graph's `auditLogs/signIns`: newest first. Each entry carries the
 * custom authentication extensions its sign-in called (Graph beta `appliedEventListeners`).
 */
export function signInRoutes(
  app: FastifyInstance,
  table: RouteTable,
  deps: { signInLogs: SignInLogService; baseUrl: string; extensionCalls: Pick<CallLog, 'ofSignIns'> },
) {
  const { signInLogs, baseUrl, extensionCalls } = deps;
  async function withEventListeners<T extends { correlationId: string }>(tenantId: string, entries: T[]) {
    const calls = await extensionCalls.ofSignIns(
      tenantId,
      entries.map((e) => e.correlationId),
    );
    return entries.map((entry) => ({
      ...entry,
      appliedEventListeners: calls.get(entry.correlationId) ?? [],
    }));
  }
  const base = '/tenants/:tenantId/auditLogs/signIns';

  table.add(
    app,
    {
      method: 'GET',
      url: base,
      summary: 'List sign-ins, newest first',
      tag: 'auditLogs',
      params: tenantParams,
      query: listQuery,
      status: 200,
      description: 'A page of signIn objects (with $count=true, @odata.count: how many match)',
      action: 'microsoft.directory/signInReports/allProperties/read',
    },
    async ({ params, query }) => {
      const { $top, $skiptoken, $count, ...filters } = query;
      const [page, total] = await Promise.all([
        signInLogs.list(params.tenantId, filters, { top: $top, skipToken: $skiptoken }),
        $count ? signInLogs.count(params.tenantId, filters) : undefined,
      ]);
      // The next page keeps the filters of this one.
      const search = new URLSearchParams(
        Object.entries({ ...filters, $count: $count ? 'true' : undefined }).filter(
          (entry): entry is [string, string] => entry[1] !== undefined,
        ),
      ).toString();
      return {
        '@odata.count': total,
        value: await withEventListeners(params.tenantId, page.items),
        '@odata.nextLink': nextLink(
          baseUrl,
          `/tenants/${params.tenantId}/auditLogs/signIns${search ? `?${search}` : ''}`,
          $top,
          page.next,
        ),
      };
    },
  );
  table.add(
    app,
    {
      method: 'GET',
      url: `${base}/:id`,
      summary: 'Get a sign-in',
      tag: 'auditLogs',
      params: signInParams,
      status: 200,
      description: 'The signIn object',
      action: 'microsoft.directory/signInReports/allProperties/read',
    },
    async ({ params }) => {
      const [entry] = await withEventListeners(params.tenantId, [
        await signInLogs.get(params.tenantId, params.id),
      ]);
      return entry;
    },
  );
}
