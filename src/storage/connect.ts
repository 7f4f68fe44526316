import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { Database, Db } from './database.js';

export type Dialect = 'sqlite' | 'postgres';

export interface Storage {
  db: Db;
  dialect: Dialect;
  close(): Promise<void>;
}

/** Opens the database named by a `sqlite:<path>` or `postgres://` URL. */
export function openStorage(url: string): Storage {
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length);
    if (path !== ':memory:') restrictDatabaseFiles(path);
    const sqlite = new SqliteDatabase(path);
    sqlite.pragma('journal_mode = WAL');
    // SQLite gives its -wal and -shm files the database file's mode; made sure of here too.
    if (path !== ':memory:') restrictDatabaseFiles(path);
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    cachePreparedStatements(sqlite);
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
    return { db, dialect: 'sqlite', close: () => db.destroy() };
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    // bigint columns (expiry epochs) fit in a JS number
    types: {
      getTypeParser: (oid: number, format?: 'text' | 'binary') =>
        oid === 20 ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format as 'text'),
    } as pg.CustomTypesConfig,
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, dialect: 'postgres', close: () => db.destroy() };
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
