import {
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type QueryResult,
  sql,
  type TransactionSettings,
} from 'kysely';
import { AppError, isAppError, type Logger } from '../platform/index.js';
import type { Db } from './database.js';

/**
 * The database being unavailable — down, restarting, unreachable, out of connections, or too slow
 * (a statement or the wait for a connection ran past its timeout) — is one error, whatever the
 * driver said: `database_unavailable`, of kind `unavailable`. Every edge already maps that kind
 * (503 and the admin API's error shape, the branded "try again" page), so no caller needs to know
 * a driver's error codes. Any other database error (a constraint, a syntax error) is left as is.
 */
export const DATABASE_UNAVAILABLE = 'database_unavailable';

export function databaseUnavailable(cause?: unknown): AppError {
  const error = new AppError(
    DATABASE_UNAVAILABLE,
    'unavailable',
    'The database did not answer in time. Try again in a moment.',
  );
  if (cause !== undefined) (error as Error & { cause?: unknown }).cause = cause;
  return error;
}

/** Network errors of a connection (to PostgreSQL or through a proxy to it). */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * PostgreSQL's SQLSTATEs for "not now": connection exceptions (class 08), shutting down or starting
 * up (57P01–57P03), a statement cancelled by statement_timeout (57014), sessions ended by
 * idle timeouts (25P03, 57P05), a lock not available (55P03), too many connections (53300).
 */
const POSTGRES_UNAVAILABLE = new Set([
  '57P01',
  '57P02',
  '57P03',
  '57P05',
  '57014',
  '25P03',
  '55P03',
  '53300',
]);

/** What node-postgres and pg-pool say, without a code, when a connection is gone or never came. */
const DRIVER_MESSAGES = [
  /^Connection terminated/,
  /^timeout exceeded when trying to connect/,
  /not queryable/,
  /^Query read timeout/,
  /^Postgres connection has been discarded/,
  /^Client was closed and is not queryable/,
];

/** True when `error` says the database is unavailable (see DATABASE_UNAVAILABLE), on either database. */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (isAppError(error)) return error.code === DATABASE_UNAVAILABLE;
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code === 'string') {
    if (NETWORK_CODES.has(code) || POSTGRES_UNAVAILABLE.has(code) || code.startsWith('08')) return true;
    // SQLite: another connection holds the write lock past busy_timeout.
    if (code.startsWith('SQLITE_BUSY')) return true;
  }
  if (typeof message === 'string' && DRIVER_MESSAGES.some((pattern) => pattern.test(message))) return true;
  const errors = (error as { errors?: unknown }).errors;
  return Array.isArray(errors) && errors.length > 0 && errors.every(isDatabaseUnavailable);
}

const translate = (error: unknown): never => {
  throw isDatabaseUnavailable(error) && !isAppError(error) ? databaseUnavailable(error) : error;
};

/** Runs `step` (which may throw before returning a promise: SQLite's driver does) translating its errors. */
async function translating<T>(step: () => Promise<T> | T): Promise<T> {
  try {
    return await step();
  } catch (error) {
    return translate(error);
  }
}

type Compile = Parameters<NonNullable<Driver['savepoint']>>[2];

/** A connection whose errors are translated; the driver gets back the connection it made. */
class TranslatingConnection implements DatabaseConnection {
  constructor(readonly inner: DatabaseConnection) {}
  executeQuery<R>(query: Parameters<DatabaseConnection['executeQuery']>[0]): Promise<QueryResult<R>> {
    return translating(() => this.inner.executeQuery<R>(query));
  }
  async *streamQuery<R>(
    query: Parameters<DatabaseConnection['executeQuery']>[0],
    chunkSize?: number,
  ): AsyncIterableIterator<QueryResult<R>> {
    try {
      yield* this.inner.streamQuery<R>(query, chunkSize);
    } catch (error) {
      translate(error);
    }
  }
}

const innerOf = (connection: DatabaseConnection) => (connection as TranslatingConnection).inner;

/** Wraps a driver so that every way it reaches the database translates unavailability. */
class TranslatingDriver implements Driver {
  constructor(private readonly driver: Driver) {}
  init() {
    return translating(() => this.driver.init());
  }
  async acquireConnection(): Promise<DatabaseConnection> {
    return new TranslatingConnection(await translating(() => this.driver.acquireConnection()));
  }
  beginTransaction(connection: DatabaseConnection, settings: TransactionSettings) {
    return translating(() => this.driver.beginTransaction(innerOf(connection), settings));
  }
  commitTransaction(connection: DatabaseConnection) {
    return translating(() => this.driver.commitTransaction(innerOf(connection)));
  }
  rollbackTransaction(connection: DatabaseConnection) {
    return translating(() => this.driver.rollbackTransaction(innerOf(connection)));
  }
  savepoint(connection: DatabaseConnection, name: string, compile: Compile) {
    return translating(() => this.driver.savepoint?.(innerOf(connection), name, compile));
  }
  rollbackToSavepoint(connection: DatabaseConnection, name: string, compile: Compile) {
    return translating(() => this.driver.rollbackToSavepoint?.(innerOf(connection), name, compile));
  }
  releaseSavepoint(connection: DatabaseConnection, name: string, compile: Compile) {
    return translating(() => this.driver.releaseSavepoint?.(innerOf(connection), name, compile));
  }
  releaseConnection(connection: DatabaseConnection) {
    return this.driver.releaseConnection(innerOf(connection));
  }
  destroy() {
    return this.driver.destroy();
  }
}

/** A dialect like `dialect` whose errors of unavailability are `database_unavailable`. */
export function translatingUnavailability(dialect: Dialect): Dialect {
  return {
    createAdapter: () => dialect.createAdapter(),
    createDriver: () => new TranslatingDriver(dialect.createDriver()),
    createIntrospector: (db) => dialect.createIntrospector(db),
    createQueryCompiler: () => dialect.createQueryCompiler(),
  };
}

/**
 * Waits until the database answers, retrying with backoff (250 ms doubling up to 2 s) for at most
 * `seconds`, each failed attempt logged; then throws, naming the last error. Errors that waiting
 * cannot cure (a wrong password, a missing database) are thrown at once.
 */
export async function waitForDatabase(
  db: Db,
  {
    seconds,
    logger,
    sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  }: { seconds: number; logger: Pick<Logger, 'warn' | 'info'>; sleep?: (ms: number) => Promise<void> },
): Promise<void> {
  const started = Date.now();
  for (let attempt = 1, delay = 250; ; attempt++, delay = Math.min(delay * 2, 2000)) {
    try {
      await sql`select 1`.execute(db);
      if (attempt > 1)
        logger.info({ attempts: attempt, waitedMs: Date.now() - started }, 'the database answers');
      return;
    } catch (error) {
      if (!isDatabaseUnavailable(error)) throw error;
      const reason = messageOf(error);
      const left = seconds * 1000 - (Date.now() - started);
      if (left <= 0) {
        throw new Error(
          `the database did not answer within ${seconds} s (GATEHOUSE_DATABASE_WAIT): ${reason}`,
          {
            cause: error,
          },
        );
      }
      const retryInMs = Math.min(delay, left);
      logger.warn({ attempt, retryInMs, reason, waitSeconds: seconds }, 'waiting for the database');
      await sleep(retryInMs);
    }
  }
}

/** The driver's own words: an unavailability error says what it wraps. */
function messageOf(error: unknown): string {
  const cause = isAppError(error) ? (error as Error & { cause?: unknown }).cause : error;
  const inner = cause as { message?: string; code?: string; errors?: { message?: string }[] } | undefined;
  const message = inner?.message || inner?.errors?.map((e) => e.message).join('; ') || String(cause);
  return inner?.code && !message.includes(inner.code) ? `${inner.code} ${message}` : message;
}
