import type { FastifyInstance } from 'fastify';
import type { ApplicationService } from '../../applications/index.js';
import type { KeyService } from '../../keys/index.js';
import type { TenantService } from '../../tenants/index.js';
import { applicationRoutes } from './applications.js';
import type { AdminAuthenticator } from './authenticator.js';
import { keyRoutes } from './keys.js';
import type { RouteTable } from './routes.js';
import { tenantRoutes } from './tenants.js';

export interface AdminApiDeps {
  authenticator: AdminAuthenticator;
  table: RouteTable;
  tenants: TenantService;
  keys: KeyService;
  applications: ApplicationService;
  baseUrl: string;
}

/** The admin API under /api/v1: every route needs an admin token with the right role. */
export function adminApi(deps: AdminApiDeps) {
  return async function plugin(app: FastifyInstance): Promise<void> {
    app.addHook('onRequest', async (request, reply) => {
      let principal: Awaited<ReturnType<AdminAuthenticator['authenticate']>>;
      try {
        principal = await deps.authenticator.authenticate(request.headers.authorization);
      } catch (error) {
        reply.header('www-authenticate', `Bearer realm="${deps.baseUrl}/api", error="invalid_token"`);
        throw error;
      }
      deps.authenticator.authorize(principal);
    });
    tenantRoutes(app, deps.table, deps);
    keyRoutes(app, deps.table, deps);
    applicationRoutes(app, deps.table, deps);
  };
}

export { type AdminAuthenticator, createAdminAuthenticator } from './authenticator.js';
export { createRouteTable, type RouteTable } from './routes.js';
