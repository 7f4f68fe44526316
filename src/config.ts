import { readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { socialEndpointsSchema } from './federation/index.js';
import { isMailbox } from './messaging/index.js';
import { parseOutboundAllowance } from './platform/index.js';
import {
  ASN_FILES,
  createTrustedProxies,
  DEFAULT_ASN_DIRECTORY,
  DEFAULT_GEO_DATABASES,
  loadGeoOverridesSync,
} from './protection/index.js';

/**
 * One typed configuration from the environment and an optional JSON file
 * (`GATEHOUSE_CONFIG`). The environment wins over the file. Anything invalid stops the
 * start with a message that names the setting.
 */
const SETTINGS = {
  port: 'PORT',
  host: 'GATEHOUSE_HOST',
  baseUrl: 'GATEHOUSE_BASE_URL',
  dataDir: 'GATEHOUSE_DATA_DIR',
  databaseUrl: 'GATEHOUSE_DATABASE_URL',
  databaseWaitSeconds: 'GATEHOUSE_DATABASE_WAIT',
  databaseConnectTimeoutSeconds: 'GATEHOUSE_DATABASE_CONNECT_TIMEOUT',
  databaseStatementTimeoutSeconds: 'GATEHOUSE_DATABASE_STATEMENT_TIMEOUT',
  databaseAcquireTimeoutSeconds: 'GATEHOUSE_DATABASE_ACQUIRE_TIMEOUT',
  databasePoolSize: 'GATEHOUSE_DATABASE_POOL_SIZE',
  masterKey: 'GATEHOUSE_MASTER_KEY',
  redisUrl: 'GATEHOUSE_REDIS_URL',
  redisCommandTimeoutMs: 'GATEHOUSE_REDIS_COMMAND_TIMEOUT_MS',
  configCheckSeconds: 'GATEHOUSE_CONFIG_CHECK_INTERVAL',
  adminEmail: 'GATEHOUSE_ADMIN_EMAIL',
  adminPassword: 'GATEHOUSE_ADMIN_PASSWORD',
  adminClientSecret: 'GATEHOUSE_ADMIN_CLIENT_SECRET',
  demoTenant: 'GATEHOUSE_DEMO_TENANT',
  keyActivationDelaySeconds: 'GATEHOUSE_KEY_ACTIVATION_DELAY',
  accessTokenTtlSeconds: 'GATEHOUSE_ACCESS_TOKEN_TTL',
  idTokenTtlSeconds: 'GATEHOUSE_ID_TOKEN_TTL',
  bodyLimitBytes: 'GATEHOUSE_BODY_LIMIT',
  requestTimeoutSeconds: 'GATEHOUSE_REQUEST_TIMEOUT',
  headersTimeoutSeconds: 'GATEHOUSE_HEADERS_TIMEOUT',
  keepAliveTimeoutSeconds: 'GATEHOUSE_KEEP_ALIVE_TIMEOUT',
  trustProxy: 'GATEHOUSE_TRUST_PROXY',
  trustedProxies: 'GATEHOUSE_TRUSTED_PROXIES',
  signInAttemptsPerIp: 'GATEHOUSE_SIGNIN_ATTEMPTS_PER_IP',
  lockoutThreshold: 'GATEHOUSE_LOCKOUT_THRESHOLD',
  lockoutDurationSeconds: 'GATEHOUSE_LOCKOUT_DURATION',
  riskLearningSignIns: 'GATEHOUSE_RISK_LEARNING_SIGNINS',
  riskLearningDays: 'GATEHOUSE_RISK_LEARNING_DAYS',
  signUpsPerIp: 'GATEHOUSE_SIGNUPS_PER_IP',
  codesPerIp: 'GATEHOUSE_CODES_PER_IP',
  logLevel: 'GATEHOUSE_LOG_LEVEL',
  shutdownTimeoutSeconds: 'GATEHOUSE_SHUTDOWN_TIMEOUT',
  signInLogCommitMs: 'GATEHOUSE_SIGNIN_LOG_COMMIT_MS',
  smtpUrl: 'GATEHOUSE_SMTP_URL',
  mailFrom: 'GATEHOUSE_MAIL_FROM',
  smsGatewayUrl: 'GATEHOUSE_SMS_GATEWAY_URL',
  smsGatewayToken: 'GATEHOUSE_SMS_GATEWAY_TOKEN',
  smsGatewayUsername: 'GATEHOUSE_SMS_GATEWAY_USERNAME',
  smsGatewayPassword: 'GATEHOUSE_SMS_GATEWAY_PASSWORD',
  smsDailyCapPerPhone: 'GATEHOUSE_SMS_DAILY_CAP_PER_PHONE',
  smsDailyCapPerTenant: 'GATEHOUSE_SMS_DAILY_CAP_PER_TENANT',
  geoDatabases: 'GATEHOUSE_GEO_DATABASE',
  geoOverrides: 'GATEHOUSE_GEO_OVERRIDES',
  asnDatabase: 'GATEHOUSE_ASN_DATABASE',
  identityProviderEndpoints: 'GATEHOUSE_IDP_ENDPOINTS',
  outboundAllow: 'GATEHOUSE_OUTBOUND_ALLOW',
  metricsToken: 'GATEHOUSE_METRICS_TOKEN',
  metricsPort: 'GATEHOUSE_METRICS_PORT',
  metricsHost: 'GATEHOUSE_METRICS_HOST',
} as const;

type SettingName = keyof typeof SETTINGS;

/** How often, at most, a node checks a tenant's configuration version in the database. */
export const DEFAULT_CONFIG_CHECK_SECONDS = 5;

const seconds = (fallback: number) => z.coerce.number().int().min(0).max(31_536_000).default(fallback);
const flag = (fallback: boolean) =>
  z
    .union([z.boolean(), z.enum(['true', 'false', '1', '0'])])
    .default(fallback)
    .transform((v) => v === true || v === 'true' || v === '1');

const masterKey = z
  .string()
  .transform((value, ctx) => {
    const key = /^[0-9a-f]{64}$/i.test(value) ? Buffer.from(value, 'hex') : Buffer.from(value, 'base64');
    if (key.length !== 32) {
      ctx.addIssue({ code: 'custom', message: 'must be 32 bytes, as 64 hex characters or base64' });
      return z.NEVER;
    }
    return key;
  })
  .optional();

const databaseUrl = z
  .string()
  .refine((v) => /^(postgres|postgresql):\/\//.test(v) || /^sqlite:/.test(v), {
    message: 'must start with postgres://, postgresql:// or sqlite:',
  })
  .optional();

/** Proxies whose X-Forwarded-For is believed: env a comma-separated list, file a string or array. */
const trustedProxies = z
  .union([z.string(), z.array(z.string())])
  .default([])
  .transform((value, ctx) => {
    const entries = (Array.isArray(value) ? value : value.split(',')).map((e) => e.trim()).filter(Boolean);
    try {
      return createTrustedProxies(entries);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message });
      return z.NEVER;
    }
  });

/** The SMTP server email goes through; user and password, if any, in the URL. */
const smtpUrl = z
  .string()
  .refine(
    (value) => {
      try {
        const url = new URL(value);
        return (url.protocol === 'smtp:' || url.protocol === 'smtps:') && url.hostname !== '';
      } catch {
        return false;
      }
    },
    { message: 'must be an smtp:// or smtps:// URL such as smtps://user:password@mail.example.com:465' },
  )
  .optional();

/** The SMS gateway: https, or plain http only to this machine (a local relay), never across a network. */
const smsGatewayUrl = z
  .string()
  .refine(
    (value) => {
      try {
        const url = new URL(value);
        if (url.username || url.password) return false;
        if (url.protocol === 'https:') return url.hostname !== '';
        const host = url.hostname.replace(/^\[|\]$/g, '');
        return url.protocol === 'http:' && (host === 'localhost' || host === '::1' || /^127\./.test(host));
      } catch {
        return false;
      }
    },
    {
      message:
        'must be an https:// URL such as https://sms.example.com/send (http:// only for localhost), with credentials in GATEHOUSE_SMS_GATEWAY_TOKEN or _USERNAME/_PASSWORD, not in the URL',
    },
  )
  .optional();

const isFile = (path: string) => {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
};

/** The .mmdb files of the geo lookup: env a comma-separated list or `off`, file a string or array. */
const geoDatabases = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((value, ctx) => {
    if (value === undefined) return [...DEFAULT_GEO_DATABASES];
    if (value === 'off') return [];
    const paths = (Array.isArray(value) ? value : value.split(',')).map((p) => p.trim()).filter(Boolean);
    const missing = paths.filter((path) => !isFile(path));
    if (missing.length) {
      ctx.addIssue({
        code: 'custom',
        message: `no such file ${missing.join(', ')}; expected .mmdb paths separated by commas, or off`,
      });
      return z.NEVER;
    }
    return paths.map((path) => resolve(path));
  });

/** The directory of the ASN CSV files (@ip-location-db/asn), or `off` (null). */
const asnDatabase = z
  .string()
  .optional()
  .transform((value, ctx) => {
    if (value === undefined) return DEFAULT_ASN_DIRECTORY;
    if (value.trim() === 'off') return null;
    const directory = resolve(value.trim());
    const missing = Object.values(ASN_FILES)
      .map((name) => join(directory, name))
      .filter((path) => !isFile(path));
    if (missing.length) {
      ctx.addIssue({
        code: 'custom',
        message: `no such file ${missing.join(', ')}; expected the directory of @ip-location-db/asn, or off`,
      });
      return z.NEVER;
    }
    return directory;
  });

/** The geo override file (CIDR ranges to locations), read and checked at start. */
const geoOverrides = z
  .string()
  .optional()
  .transform((path, ctx) => {
    if (path === undefined) return [];
    try {
      return loadGeoOverridesSync(path);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message });
      return z.NEVER;
    }
  });

/** Google, Apple and Facebook endpoints (JSON), for a provider reached elsewhere (tests, proxies). */
const identityProviderEndpoints = z
  .unknown()
  .optional()
  .transform((value, ctx) => {
    let given: unknown = value ?? {};
    if (typeof value === 'string') {
      try {
        given = JSON.parse(value);
      } catch {
        ctx.addIssue({ code: 'custom', message: 'must be JSON such as {"google":{"metadataUrl":"…"}}' });
        return z.NEVER;
      }
    }
    const parsed = socialEndpointsSchema.safeParse(given);
    if (!parsed.success) {
      ctx.addIssue({ code: 'custom', message: z.prettifyError(parsed.error).replace(/\n/g, '; ') });
      return z.NEVER;
    }
    return parsed.data;
  });

/**
 * What server-side requests to configured URLs may reach beyond public addresses: `none`, or
 * `loopback`, `private` and CIDR ranges (env comma-separated, file a string or array).
 */
const outboundAllow = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((value, ctx) => {
    try {
      return parseOutboundAllowance(value);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message });
      return z.NEVER;
    }
  });

const schema = z.object({
  port: z.coerce.number().int().min(0).max(65535).default(8080),
  host: z.string().min(1).default('0.0.0.0'),
  baseUrl: z
    .url({ protocol: /^https?$/, message: 'must be an http(s) URL' })
    // Gatehouse serves its routes from the root, so the public URL is an origin.
    .refine((v) => ['', '/'].includes(new URL(v).pathname) && !new URL(v).search && !new URL(v).hash, {
      message: 'must be an origin such as https://id.example.com, without a path, query or fragment',
    })
    .optional(),
  dataDir: z.string().min(1).default('./data'),
  databaseUrl,
  /** How long a start waits for the database to answer (retrying with backoff) before giving up. */
  databaseWaitSeconds: z.coerce.number().int().min(0).max(3600).default(60),
  /** PostgreSQL: the longest opening one connection may take. */
  databaseConnectTimeoutSeconds: z.coerce.number().int().min(1).max(600).default(5),
  /** The longest one statement may run (PostgreSQL statement_timeout; SQLite's busy timeout). */
  databaseStatementTimeoutSeconds: z.coerce.number().int().min(1).max(3600).default(10),
  /** PostgreSQL: the longest a request waits for a connection of the pool (busy pool or connecting). */
  databaseAcquireTimeoutSeconds: z.coerce.number().int().min(1).max(600).default(5),
  /** PostgreSQL: connections this node keeps open at most. */
  databasePoolSize: z.coerce.number().int().min(1).max(1000).default(10),
  masterKey,
  redisUrl: z
    .string()
    .regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL')
    .optional(),
  /** The longest one Redis command may take before Redis counts as unreachable (then: node-local state). */
  redisCommandTimeoutMs: z.coerce.number().int().min(10).max(60_000).default(500),
  /**
   * How often (at most) a node asks the database whether a tenant's configuration changed: the
   * bound within which a change reaches a node that missed its event (a Redis gap).
   */
  configCheckSeconds: z.coerce.number().int().min(1).max(3600).default(DEFAULT_CONFIG_CHECK_SECONDS),
  adminEmail: z
    .string()
    .regex(/^[^@\s]+@[^@\s]+$/, 'must be an email address such as admin@example.com')
    .max(254)
    .default('admin@localhost'),
  adminPassword: z.string().min(8, 'must be at least 8 characters').max(256).optional(),
  adminClientSecret: z.string().min(16, 'must be at least 16 characters').max(256).optional(),
  demoTenant: flag(true),
  keyActivationDelaySeconds: seconds(86_400),
  accessTokenTtlSeconds: seconds(3600).pipe(z.number().min(60, 'must be at least 60')),
  idTokenTtlSeconds: seconds(3600).pipe(z.number().min(60, 'must be at least 60')),
  bodyLimitBytes: z.coerce
    .number()
    .int()
    .min(1024)
    .max(10 * 1024 * 1024)
    .default(100 * 1024),
  /** The longest a client may take to send a whole request (headers and body): slow bodies are cut. */
  requestTimeoutSeconds: z.coerce.number().int().min(1).max(3600).default(30),
  /** The longest a client may take to send a request's headers: 10 s, or the request timeout if shorter. */
  headersTimeoutSeconds: z.coerce.number().int().min(1).max(3600).optional(),
  /** How long an idle keep-alive connection stays open for a next request. */
  keepAliveTimeoutSeconds: z.coerce.number().int().min(1).max(3600).default(5),
  trustProxy: flag(false),
  trustedProxies,
  /** Sign-in attempts one IP may make at one tenant in 5 minutes. */
  signInAttemptsPerIp: z.coerce.number().int().min(1).max(10_000_000).default(100),
  /** Sign-ups started from one IP address per hour. */
  signUpsPerIp: z.coerce.number().int().min(1).max(10_000_000).default(20),
  /** One-time codes asked for from one IP address per 15 minutes. */
  codesPerIp: z.coerce.number().int().min(1).max(10_000_000).default(30),
  /** Distinct wrong passwords (within an hour, per location side) that lock an account. */
  lockoutThreshold: z.coerce.number().int().min(1).max(1000).default(10),
  /** The first lockout, in seconds; each repeat doubles it (up to an hour). */
  lockoutDurationSeconds: z.coerce.number().int().min(1).max(3600).default(60),
  /** Identity Protection learns a user's sign-ins for this many sign-ins or days, whichever comes first. */
  riskLearningSignIns: z.coerce.number().int().min(1).max(1000).default(10),
  riskLearningDays: z.coerce.number().int().min(1).max(365).default(14),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** On SIGTERM or SIGINT the process is gone within this many seconds, whatever is stuck. */
  shutdownTimeoutSeconds: z.coerce.number().int().min(2).max(600).default(10),
  /**
   * Group commit of the sign-in log: a successful sign-in waits at most this long for others to
   * share its INSERT, which is written before the client gets its code or token.
   */
  signInLogCommitMs: z.coerce.number().int().min(0).max(1000).default(5),
  smtpUrl,
  /** The from-address of tenants that have not set their own. */
  mailFrom: z
    .string()
    .trim()
    .refine(isMailbox, {
      message: 'must be an address such as no-reply@example.com or Name <no-reply@example.com>',
    })
    .default('Gatehouse <no-reply@localhost>'),
  smsGatewayUrl,
  /** Bearer token for the SMS gateway. */
  smsGatewayToken: z.string().min(1).max(4096).optional(),
  /** Basic authentication for the SMS gateway. */
  smsGatewayUsername: z.string().min(1).max(1024).optional(),
  smsGatewayPassword: z.string().min(1).max(4096).optional(),
  /** Texts one phone number may get from one tenant per 24 hours. */
  smsDailyCapPerPhone: z.coerce.number().int().min(1).max(10_000_000).default(10),
  /** Texts one tenant may send per 24 hours. */
  smsDailyCapPerTenant: z.coerce.number().int().min(1).max(1_000_000_000).default(1000),
  geoDatabases,
  geoOverrides,
  asnDatabase,
  identityProviderEndpoints,
  outboundAllow,
  /**
   * Operator metrics (docs/metrics.md), off by default. The bearer token `GET /metrics` asks
   * for: on the main port when there is no metrics port, on the metrics port when there is one.
   */
  metricsToken: z
    .string()
    .min(32, 'must be at least 32 characters, such as the output of openssl rand -hex 32')
    .max(1024)
    .regex(/^[A-Za-z0-9._~+/-]+=*$/, 'must be a bearer token: letters, digits and - . _ ~ + / only')
    .optional(),
  /** A listener of its own that serves only `GET /metrics` (and takes it off the main port). */
  metricsPort: z.coerce.number().int().min(1).max(65535).optional(),
  metricsHost: z.string().min(1).default('127.0.0.1'),
});

/** Settings that depend on each other. */
const checkedSchema = schema.superRefine((c, ctx) => {
  // One way to authenticate to the SMS gateway, and credentials only with a gateway to use them.
  const issue = (path: SettingName, message: string) =>
    ctx.addIssue({ code: 'custom', path: [path], message });
  if (c.smsGatewayToken && c.smsGatewayUsername)
    issue('smsGatewayToken', 'set either the token or GATEHOUSE_SMS_GATEWAY_USERNAME/_PASSWORD, not both');
  if (c.smsGatewayPassword && !c.smsGatewayUsername)
    issue('smsGatewayPassword', 'needs GATEHOUSE_SMS_GATEWAY_USERNAME');
  if (!c.smsGatewayUrl && (c.smsGatewayToken || c.smsGatewayUsername || c.smsGatewayPassword))
    issue('smsGatewayUrl', 'must be set when SMS gateway credentials are');
  // The headers are part of the request: their limit cannot be the longer one.
  if (c.headersTimeoutSeconds !== undefined && c.headersTimeoutSeconds > c.requestTimeoutSeconds)
    issue('headersTimeoutSeconds', 'must not be longer than GATEHOUSE_REQUEST_TIMEOUT');
  if (c.metricsPort !== undefined && c.metricsPort === c.port) issue('metricsPort', 'must differ from PORT');
});

export interface Config
  extends Omit<z.output<typeof schema>, 'baseUrl' | 'databaseUrl' | 'headersTimeoutSeconds'> {
  /** Public origin, without a trailing slash. */
  baseUrl: string;
  databaseUrl: string;
  headersTimeoutSeconds: number;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const fromFile = env.GATEHOUSE_CONFIG ? readConfigFile(env.GATEHOUSE_CONFIG) : {};
  const raw: Record<string, unknown> = { ...fromFile };
  const fromEnv = new Set<string>();
  for (const [name, variable] of Object.entries(SETTINGS)) {
    const value = env[variable];
    if (value !== undefined && value !== '') {
      raw[name] = value;
      fromEnv.add(name);
    }
  }
  const parsed = checkedSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? '') as SettingName;
      const source =
        fromEnv.has(name) || !(name in fromFile) ? SETTINGS[name] : `${name} in ${env.GATEHOUSE_CONFIG}`;
      return `  ${source ?? name}: ${issue.message}`;
    });
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const settings = parsed.data;
  const dataDir = resolve(settings.dataDir);
  return {
    ...settings,
    dataDir,
    baseUrl: (settings.baseUrl ?? `http://localhost:${settings.port}`).replace(/\/+$/, ''),
    databaseUrl: settings.databaseUrl ?? `sqlite:${resolve(dataDir, 'gatehouse.db')}`,
    headersTimeoutSeconds: settings.headersTimeoutSeconds ?? Math.min(10, settings.requestTimeoutSeconds),
  };
}

function readConfigFile(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`GATEHOUSE_CONFIG: cannot read ${path} (${(error as Error).message})`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ConfigError(`GATEHOUSE_CONFIG: ${path} is not valid JSON`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ConfigError(`GATEHOUSE_CONFIG: ${path} must hold a JSON object`);
  }
  const unknown = Object.keys(value).filter((key) => !(key in SETTINGS));
  if (unknown.length) throw new ConfigError(`GATEHOUSE_CONFIG: unknown settings ${unknown.join(', ')}`);
  return value as Record<string, unknown>;
}
