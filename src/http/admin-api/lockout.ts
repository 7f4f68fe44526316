import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { DirectoryService, DirectoryUser } from '../../directory/index.js';
import type { SmartLockout } from '../../protection/index.js';
import { tenantIdSchema } from '../../tenants/index.js';
import type { RouteTable } from './routes.js';

const userParams = z.strictObject({
  tenantId: tenantIdSchema,
  id: z.uuid({ message: 'must be a user object id' }),
});

/** Every name the user signs in with locally: the lockout is keyed by login, not by user. */
export const loginsOf = (user: DirectoryUser): string[] => [
  ...new Set([
    ...(user.mail ? [user.mail] : []),
    ...user.identities
      .filter((identity) => identity.signInType === 'emailAddress' || identity.signInType === 'userName')
      .map((identity) => identity.issuerAssignedId),
  ]),
];

export function lockoutRoutes(
  app: FastifyInstance,
  table: RouteTable,
  deps: { directory: DirectoryService; lockout: Pick<SmartLockout, 'clear'> },
) {
  table.add(
    app,
    {
      method: 'POST',
      url: '/tenants/:tenantId/users/:id/unlock',
      summary: 'Unlock a user locked out by smart lockout',
      tag: 'users',
      params: userParams,
      body: z.strictObject({}),
      bodyOptional: true,
      status: 204,
      description:
        'Ends the smart lockout of every login of the user (mail, email and username identities), from familiar and unfamiliar locations, and forgets their failure counts.',
      action: 'microsoft.directory/users/lockout/update',
    },
    async ({ params }) => {
      // 404 user_not_found for a user the tenant does not have.
      const user = await deps.directory.get(params.tenantId, params.id);
      await Promise.all(loginsOf(user).map((login) => deps.lockout.clear(params.tenantId, login)));
    },
  );
}
