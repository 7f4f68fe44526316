import { readFile } from 'node:fs/promises';
import { type Config, ConfigError } from '../config.js';
import {
  createLogger,
  createMemoryEventBus,
  createRedisEventBus,
  isAppError,
  systemClock,
} from '../platform/index.js';
import { migrateToLatest, openStorage } from '../storage/index.js';
import type { ThreatList, ThreatListCategory } from './risk-model.js';
import { createIdentityProtectionService } from './risk-service.js';
import { parseThreatListFile } from './threat-lists.js';

export const THREAT_LIST_USAGE =
  'usage: threat-list import --category anonymizer|malicious|threatIntelligence [--tenant ID] [--name "…"] FILE';

const CATEGORIES: readonly ThreatListCategory[] = ['anonymizer', 'malicious', 'threatIntelligence'];

export interface ThreatListImportArgs {
  category: ThreatListCategory;
  /** Null: the global list (every tenant). */
  tenantId: string | null;
  displayName: string;
  file: string;
}

/** Reads the arguments after `threat-list` (`--flag value` or `--flag=value`). */
export function parseThreatListArgs(argv: readonly string[]): ThreatListImportArgs {
  const [action, ...rest] = argv;
  if (action !== 'import') throw new ConfigError(THREAT_LIST_USAGE);
  const flags = new Map<string, string>();
  const files: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i] as string;
    if (!arg.startsWith('--')) {
      files.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
    if (!['category', 'tenant', 'name'].includes(name))
      throw new ConfigError(`unknown option '--${name}'\n${THREAT_LIST_USAGE}`);
    const value = eq < 0 ? rest[++i] : arg.slice(eq + 1);
    if (value === undefined || value === '')
      throw new ConfigError(`--${name} needs a value\n${THREAT_LIST_USAGE}`);
    flags.set(name, value);
  }
  const category = flags.get('category');
  if (!category || !CATEGORIES.includes(category as ThreatListCategory))
    throw new ConfigError(`--category must be one of ${CATEGORIES.join(', ')}\n${THREAT_LIST_USAGE}`);
  if (files.length !== 1) throw new ConfigError(`give exactly one FILE\n${THREAT_LIST_USAGE}`);
  const tenantId = flags.get('tenant') ?? null;
  return {
    category: category as ThreatListCategory,
    tenantId,
    displayName: flags.get('name') ?? `${category} (imported${tenantId ? '' : ', global'})`,
    file: files[0] as string,
  };
}

/** `threat-list import …`: uploads (or replaces) the list on the configured database. */
export async function runThreatListCommand(config: Config, argv: readonly string[]): Promise<ThreatList> {
  const args = parseThreatListArgs(argv);
  const entries = parseThreatListFile(await readFile(args.file, 'utf8'));
  const storage = openStorage(config.databaseUrl);
  // Through Redis when configured, so running nodes drop their cached matchers.
  const events = config.redisUrl
    ? await createRedisEventBus(config.redisUrl, createLogger(config.logLevel))
    : createMemoryEventBus();
  try {
    await migrateToLatest(storage.db);
    const protection = createIdentityProtectionService({ db: storage.db, clock: systemClock, events });
    return await protection.putThreatList(args.tenantId, {
      category: args.category,
      displayName: args.displayName,
      entries,
    });
  } catch (error) {
    if (isAppError(error)) throw new ConfigError(`${args.file}: ${error.message}`);
    throw error;
  } finally {
    await events.close();
    await storage.close();
  }
}
