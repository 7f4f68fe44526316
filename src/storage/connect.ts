import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { Logger } from '../platform/index.js';
import { translatingUnavailability } from './availability.js';
import type { Database, Db } from './database.js';

export type Dialect = 'sqlite' | 'postgres';

export interface Storage {
  db: Db;
  dialect: Dialect;
  /**
   * Runs `work` on the database without the statement timeout (migrations: a long one, or the
   * wait for another node's migration lock, must not be cut short). SQLite: on `db` itself.
   */
  unbounded<T>(work: (db: Db) => Promise<T>): Promise<T>;
  /** PostgreSQL: the connection pool now (operator metrics). SQLite has no pool: undefined. */
  poolStats?(): { total: number; idle: number; waiting: number; max: number };
  close(): Promise<void>;
}

/** Bounds on the database's answers; all optional (none: wait as long as it takes). */
export interface StorageOptions {
  /** Where pool and connection errors are logged (they never crash the process). */
  logger?: Pick<Logger, 'warn'>;
  /** PostgreSQL: the longest opening one connection may take. */
  connectTimeoutMs?: number;
  /** The longest one statement may run: PostgreSQL's statement_timeout; SQLite's busy timeout. */
  statementTimeoutMs?: number;
  /** PostgreSQL: the longest a query waits for a pooled connection (busy pool, or connecting). */
  acquireTimeoutMs?: number;
  /** PostgreSQL: connections kept at most. */
  poolSize?: number;
}

/** SQLite waits this long for another connection's write lock when no statement timeout is given. */
const SQLITE_BUSY_TIMEOUT_MS = 5000;

/**
 * Opens the database named by a `sqlite:<path>` or `postgres://` URL. Errors that mean the
 * database is unavailable come out as `database_unavailable` (see availability.ts).
 */
export function openStorage(url: string, options: StorageOptions = {}): Storage {
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length);
    if (path !== ':memory:') restrictDatabaseFiles(path);
    const sqlite = new SqliteDatabase(path);
    sqlite.pragma('journal_mode = WAL');
    // SQLite gives its -wal and -shm files the database file's mode; made sure of here too.
    if (path !== ':memory:') restrictDatabaseFiles(path);
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('foreign_keys = ON');
    // A statement cannot be interrupted once running (better-sqlite3 is synchronous); what can
    // be bounded is its wait for another writer's lock.
    sqlite.pragma(`busy_timeout = ${Math.floor(options.statementTimeoutMs ?? SQLITE_BUSY_TIMEOUT_MS)}`);
    cachePreparedStatements(sqlite);
    const db = new Kysely<Database>({
      dialect: translatingUnavailability(new SqliteDialect({ database: sqlite })),
    });
    return { db, dialect: 'sqlite', unbounded: (work) => work(db), close: () => db.destroy() };
  }
  const open = (statementTimeoutMs: number | undefined, poolSize: number) => {
    const pool = createPool(url, { ...options, statementTimeoutMs, poolSize });
    return {
      pool,
      db: new Kysely<Database>({ dialect: translatingUnavailability(new PostgresDialect({ pool })) }),
    };
  };
  const poolSize = options.poolSize ?? 10;
  const { db, pool } = open(options.statementTimeoutMs, poolSize);
  return {
    db,
    dialect: 'postgres',
    async unbounded(work) {
      if (!options.statementTimeoutMs) return work(db);
      const { db: unboundedDb } = open(undefined, 1);
      try {
        return await work(unboundedDb);
      } finally {
        await unboundedDb.destroy();
      }
    },
    poolStats: () => ({
      total: pool.totalCount,
      idle: pool.idleCount,
      waiting: pool.waitingCount,
      max: poolSize,
    }),
    close: () => db.destroy(),
  };
}

/**
 * A pg pool with its bounds, and errors handled: a pooled connection that PostgreSQL (a restart,
 * a failover, pg_terminate_backend, idle_session_timeout) or the network ends emits 'error' on
 * its client, and, when idle, on the pool. Unheard, either would end the process; here they are
 * logged, the broken connection leaves the pool (pg-pool removes it), and the next query opens a
 * new one. A query that was running on it fails, and its caller gets `database_unavailable`.
 */
function createPool(url: string, options: StorageOptions & { poolSize: number }): pg.Pool {
  const { logger, connectTimeoutMs, statementTimeoutMs, acquireTimeoutMs, poolSize } = options;
  const warn = (error: Error, message: string) =>
    logger?.warn({ err: { message: error.message, code: (error as { code?: string }).code } }, message);
  // pg-pool's one timeout bounds the whole wait for a client (a free one, or a new connection);
  // each new client has its own, shorter or not, for opening its connection.
  class BoundedClient extends pg.Client {
    constructor(config?: pg.ClientConfig) {
      super({ ...config, connectionTimeoutMillis: connectTimeoutMs ?? 0 });
    }
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    Client: BoundedClient,
    connectionTimeoutMillis: acquireTimeoutMs ?? 0,
    ...(statementTimeoutMs && { statement_timeout: statementTimeoutMs }),
    // A peer that vanishes without closing (a failed-over host, a dropped NAT entry) is found out.
    keepAlive: true,
    // bigint columns (expiry epochs) fit in a JS number
    types: {
      getTypeParser: (oid: number, format?: 'text' | 'binary') =>
        oid === 20 ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format as 'text'),
    } as pg.CustomTypesConfig,
  });
  pool.on('error', (error) => warn(error, 'an idle database connection failed; it is replaced on next use'));
  pool.on('connect', (client) => {
    // While a client is checked out, pg-pool's own listener is off; a query running on it
    // fails by itself, and the error event must not end the process.
    client.on('error', (error) => warn(error, 'a database connection failed'));
  });
  return pool;
}

/** The files of a SQLite database: the database itself and those SQLite keeps beside it. */
const SQLITE_SUFFIXES = ['', '-wal', '-shm', '-journal'];

/**
 * A SQLite database holds everything (users, sealed keys, protocol state): its directory is
 * created readable by this user only (0700), its files are made 0600, an existing install's
 * included. The database file is created before SQLite opens it, so that the -wal and -shm
 * files SQLite creates beside it take its mode (SQLite gives them the database file's).
 */
function restrictDatabaseFiles(path: string): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  if (!existsSync(path)) closeSync(openSync(path, 'a', 0o600));
  for (const suffix of SQLITE_SUFFIXES) {
    if (existsSync(`${path}${suffix}`)) chmodSync(`${path}${suffix}`, 0o600);
  }
}

/**
 * Makes the data directory (master key, SQLite database) readable by this user only, when it
 * exists (it is created so by whoever first writes into it). False when it cannot be changed
 * (owned by another user): the caller warns.
 */
export function restrictDataDirectory(dataDir: string): boolean {
  if (!existsSync(dataDir)) return true;
  try {
    chmodSync(dataDir, 0o700);
    return true;
  } catch {
    return false;
  }
}

const STATEMENT_CACHE_SIZE = 500;

/**
 * Kysely prepares every query afresh; better-sqlite3 statements can be reused, and preparing
 * costs several times more than running a simple read. Statements are kept by their SQL text
 * (queries are parameterised, so the set of texts is small), the oldest dropped past a bound.
 */
function cachePreparedStatements(sqlite: SqliteDatabase.Database): void {
  const prepare = sqlite.prepare.bind(sqlite);
  const cache = new Map<string, SqliteDatabase.Statement>();
  sqlite.prepare = ((source: string) => {
    let statement = cache.get(source);
    if (!statement) {
      statement = prepare(source);
      if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
      cache.set(source, statement);
    }
    return statement;
  }) as typeof sqlite.prepare;
}
