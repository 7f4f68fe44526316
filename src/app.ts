import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { createApplicationService } from './applications/index.js';
import { type BootstrapReport, bootstrap } from './bootstrap.js';
import type { Config } from './config.js';
import { createDirectoryService } from './directory/index.js';
import { createAdminAuthenticator } from './http/admin-api/index.js';
import { createHttpServer } from './http/server.js';
import { createKeyService, loadMasterKey } from './keys/index.js';
import { buildProvider, createProviderPool, issuerOf, purgeExpiredModels } from './oidc/index.js';
import {
  type Clock,
  createLogger,
  createMemoryEventBus,
  createRedisEventBus,
  createSecretBox,
  type EventBus,
  type Logger,
  type SecretBox,
  startJobs,
  systemClock,
} from './platform/index.js';
import { migrateToLatest, openStorage, type Storage } from './storage/index.js';
import { ADMIN_TENANT_ID, createTenantService, TENANT_CHANGED } from './tenants/index.js';

export interface Gatehouse {
  config: Config;
  http: FastifyInstance;
  storage: Storage;
  bootstrap: BootstrapReport;
  /** The admin API's resource identifier (`{base}/api`). */
  adminApiResource: string;
  listen(): Promise<string>;
  close(): Promise<void>;
}

export interface GatehouseOptions {
  clock?: Clock;
  logger?: Logger;
}

/** The composition root: config → storage → shared state → domains → tenant pool → HTTP. */
export async function createGatehouse(config: Config, options: GatehouseOptions = {}): Promise<Gatehouse> {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? createLogger(config.logLevel);
  const box = createSecretBox(loadMasterKey(config.masterKey, config.dataDir).key);
  const events = config.redisUrl
    ? await createRedisEventBus(config.redisUrl, logger)
    : createMemoryEventBus();
  const storage = openStorage(config.databaseUrl);
  try {
    return await assemble(config, { clock, logger, box, events, storage });
  } catch (error) {
    await storage.close();
    await events.close();
    throw error;
  }
}

async function assemble(
  config: Config,
  {
    clock,
    logger,
    box,
    events,
    storage,
  }: { clock: Clock; logger: Logger; box: SecretBox; events: EventBus; storage: Storage },
): Promise<Gatehouse> {
  await migrateToLatest(storage.db);
  const { db } = storage;
  const adminApiResource = `${config.baseUrl}/api`;
  // The longest lifetime of anything a key signs, plus clock skew: how long retired keys stay published.
  const retentionSeconds = Math.max(config.accessTokenTtlSeconds, config.idTokenTtlSeconds) + 300;

  const keys = createKeyService({
    db,
    box,
    clock,
    events,
    activationDelaySeconds: config.keyActivationDelaySeconds,
    retentionSeconds,
    changedTopic: TENANT_CHANGED,
  });
  const tenants = createTenantService({ db, clock, events, initializers: [keys.initializeTenant] });
  const directory = createDirectoryService({ db, clock });
  const applications = createApplicationService({
    db,
    clock,
    events,
    changedTopic: TENANT_CHANGED,
    reservedIdentifierUris: [adminApiResource],
  });

  const report = await bootstrap({ config, tenants, directory, applications });
  // Fail now, not on the first request, when the master key cannot open the stored keys.
  await keys.keySet(ADMIN_TENANT_ID);

  const pool = createProviderPool({
    tenants,
    keys,
    clock,
    events,
    build: (tenant, keySet) =>
      buildProvider(
        {
          db,
          clock,
          box,
          logger,
          applications,
          directory,
          baseUrl: config.baseUrl,
          trustProxy: config.trustProxy,
          accessTokenTtlSeconds: config.accessTokenTtlSeconds,
          idTokenTtlSeconds: config.idTokenTtlSeconds,
          builtInResources: (tenantId) =>
            new Map(tenantId === ADMIN_TENANT_ID ? [[adminApiResource, { scopes: [] }]] : []),
          builtInClaims: async (tenantId, clientId, resource) => {
            if (tenantId !== ADMIN_TENANT_ID || resource !== adminApiResource) return {};
            const app = await applications.findByAppId(tenantId, clientId);
            const roles = app ? await directory.rolesOf(tenantId, app.id) : [];
            return roles.length ? { wids: roles } : {};
          },
        },
        tenant,
        keySet,
      ),
  });

  const authenticator = createAdminAuthenticator({
    keys,
    clock,
    events,
    issuer: issuerOf(config.baseUrl, ADMIN_TENANT_ID),
    audience: adminApiResource,
  });

  const http = createHttpServer({
    logger,
    baseUrl: config.baseUrl,
    bodyLimitBytes: config.bodyLimitBytes,
    trustProxy: config.trustProxy,
    pool,
    authenticator,
    tenants,
    keys,
    applications,
    ready: async () => void (await sql`select 1`.execute(db)),
  });

  const jobs = startJobs(
    [
      {
        name: 'purge-expired-protocol-artefacts',
        everyMs: 10 * 60_000,
        run: () => purgeExpiredModels(db, clock),
      },
    ],
    logger,
  );

  return {
    config,
    http,
    storage,
    bootstrap: report,
    adminApiResource,
    async listen() {
      return http.listen({ port: config.port, host: config.host });
    },
    async close() {
      await http.close();
      await jobs.stop();
      await events.close();
      await storage.close();
    },
  };
}
