import type { FastifyInstance } from 'fastify';
import { type KeyService, rotateKeySchema } from '../../keys/index.js';
import type { RouteTable } from './routes.js';
import { tenantParams } from './tenants.js';

export function keyRoutes(app: FastifyInstance, table: RouteTable, { keys }: { keys: KeyService }) {
  table.add(
    app,
    {
      method: 'GET',
      url: '/tenants/:tenantId/keys',
      summary: "List a tenant's published signing keys (public metadata only)",
      tag: 'keys',
      params: tenantParams,
      status: 200,
      description: 'The keys, the active one first',
      action: 'microsoft.directory/signingKeys/allProperties/read',
    },
    async ({ params }) => ({ value: await keys.list(params.tenantId) }),
  );
  table.add(
    app,
    {
      method: 'POST',
      url: '/tenants/:tenantId/keys/rotate',
      summary: 'Add a signing key: published at once, signing after the activation delay',
      tag: 'keys',
      params: tenantParams,
      body: rotateKeySchema,
      bodyOptional: true,
      status: 201,
      description: 'The new key',
      action: 'microsoft.directory/signingKeys/rotate',
    },
    ({ params, body }) => keys.rotate(params.tenantId, body),
  );
}
