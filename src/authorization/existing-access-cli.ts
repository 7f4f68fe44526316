import { createApplicationService } from '../applications/index.js';
import { type Config, ConfigError } from '../config.js';
import { createLogger, createMemoryEventBus, createRedisEventBus, systemClock } from '../platform/index.js';
import { migrateToLatest, openStorage } from '../storage/index.js';
import { TENANT_CHANGED } from '../tenants/index.js';
import { createAuthorizationService } from './app-permissions-service.js';
import { type ExistingAccess, grantExistingAccess } from './existing-access.js';

export const GRANT_EXISTING_ACCESS_USAGE =
  'usage: grant-existing-access --tenant ID [--dry-run] [--roles-from-scopes]';

/** The account pages' own client: it never got API tokens, before or after. */
const ACCOUNT_CLIENT = 'gatehouse-account';

export function parseGrantExistingAccessArgs(argv: readonly string[]) {
  const options = { tenantId: '', dryRun: false, rolesFromScopes: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--dry-run') options.dryRun = true;
    else if (arg === '--roles-from-scopes') options.rolesFromScopes = true;
    else if (arg === '--tenant') options.tenantId = argv[++i] ?? '';
    else if (arg.startsWith('--tenant=')) options.tenantId = arg.slice('--tenant='.length);
    else throw new ConfigError(`unknown argument '${arg}'\n${GRANT_EXISTING_ACCESS_USAGE}`);
  }
  if (!options.tenantId) throw new ConfigError(`--tenant is required\n${GRANT_EXISTING_ACCESS_USAGE}`);
  return options;
}

export const describeAccess = (item: ExistingAccess): string =>
  item.kind === 'delegated'
    ? `delegated   ${item.client.displayName} (${item.client.appId}) → ${item.api.displayName}: ${item.scope}`
    : `application ${item.client.displayName} (${item.client.appId}) → ${item.api.displayName}: ${item.role.value}`;

/**
 * `grant-existing-access --tenant ID`: after the upgrade to API permissions, gives a tenant's
 * existing clients what they could get before, on the configured database. Through Redis when
 * configured, so running nodes drop their cached decisions at once.
 */
export async function runGrantExistingAccessCommand(
  config: Config,
  argv: readonly string[],
): Promise<ExistingAccess[]> {
  const args = parseGrantExistingAccessArgs(argv);
  const storage = openStorage(config.databaseUrl);
  const events = config.redisUrl
    ? await createRedisEventBus(config.redisUrl, createLogger(config.logLevel))
    : createMemoryEventBus();
  try {
    await migrateToLatest(storage.db);
    const common = { db: storage.db, clock: systemClock, events, changedTopic: TENANT_CHANGED };
    const applications = createApplicationService({
      ...common,
      reservedIdentifierUris: [`${config.baseUrl}/api`],
    });
    const authorization = createAuthorizationService({
      ...common,
      servicePrincipals: applications.servicePrincipals,
    });
    return await grantExistingAccess({ applications, authorization }, args.tenantId, {
      dryRun: args.dryRun,
      rolesFromScopes: args.rolesFromScopes,
      excludedClients: new Set([ACCOUNT_CLIENT]),
    });
  } finally {
    await events.close();
    await storage.close();
  }
}
