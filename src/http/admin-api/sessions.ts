import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { DirectoryService } from '../../directory/index.js';
import { tenantIdSchema } from '../../tenants/index.js';
import type { RouteTable } from './routes.js';

const userParams = z.strictObject({
  tenantId: tenantIdSchema,
  id: z.uuid({ message: 'must be a user object id' }),
});

export function sessionRoutes(
  app: FastifyInstance,
  table: RouteTable,
  deps: {
    directory: DirectoryService;
    /** Ends every session, grant, code and token of the user (the protocol layer's). */
    revokeSessions: (tenantId: string, userId: string) => Promise<void>;
  },
) {
  table.add(
    app,
    {
      method: 'POST',
      url: '/tenants/:tenantId/users/:id/revokeSignInSessions',
      summary: 'End every sign-in session and refresh token of a user',
      tag: 'users',
      params: userParams,
      body: z.strictObject({}),
      bodyOptional: true,
      status: 200,
      description:
        'As in Microsoft Graph: `{ "value": true }`. The user signs in again in every app; apps with a back-channel logout URL receive a logout token per session.',
      action: 'microsoft.directory/users/invalidateAllRefreshTokens',
    },
    async ({ params }) => {
      // 404 user_not_found for a user the tenant does not have.
      await deps.directory.get(params.tenantId, params.id);
      await deps.revokeSessions(params.tenantId, params.id);
      return { value: true };
    },
  );
}
