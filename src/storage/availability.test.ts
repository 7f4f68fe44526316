import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { isAppError } from '../platform/index.js';
import {
  DATABASE_UNAVAILABLE,
  isDatabaseUnavailable,
  translatingUnavailability,
  waitForDatabase,
} from './availability.js';
import { openStorage } from './connect.js';
import type { Database } from './database.js';

describe('database unavailability', () => {
  it.each([
    [{ code: 'ECONNREFUSED' }],
    [{ code: '57P01', message: 'terminating connection due to administrator command' }],
    [{ code: '57014', message: 'canceling statement due to statement timeout' }],
    [{ code: '08006' }],
    [{ code: 'SQLITE_BUSY' }],
    [new Error('Connection terminated unexpectedly')],
    [new Error('timeout exceeded when trying to connect')],
    [Object.assign(new AggregateError([Object.assign(new Error('x'), { code: 'ECONNREFUSED' })]), {})],
  ])('is %o', (error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    [{ code: '23505' }],
    [{ code: '42P01' }],
    [{ code: '28P01', message: 'password authentication failed' }],
    [new Error('something else')],
    [undefined],
    ['ECONNREFUSED'],
  ])('is not %o', (error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});

describe('SQLite: the statement timeout bounds the wait for another writer', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-availability-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('fails with database_unavailable after the timeout, then works once the lock is gone', async () => {
    const path = join(dir, 'busy.db');
    const storage = openStorage(`sqlite:${path}`, { statementTimeoutMs: 200 });
    await sql`create table t (v integer)`.execute(storage.db);
    const other = new SqliteDatabase(path);
    other.exec('begin immediate');
    try {
      const started = Date.now();
      const error = await sql`insert into t (v) values (1)`.execute(storage.db).catch((e: unknown) => e);
      expect(Date.now() - started).toBeGreaterThanOrEqual(150);
      expect(isAppError(error) && error.code).toBe(DATABASE_UNAVAILABLE);
    } finally {
      other.exec('rollback');
      other.close();
    }
    await sql`insert into t (v) values (1)`.execute(storage.db);
    await storage.close();
  });

  it('keeps other errors as they are', async () => {
    const storage = openStorage(`sqlite:${join(dir, 'other.db')}`);
    const error = await sql`select * from missing`.execute(storage.db).catch((e: unknown) => e);
    expect(isAppError(error)).toBe(false);
    expect(String(error)).toMatch(/no such table/);
    await storage.close();
  });
});

describe('waiting for the database', () => {
  it('retries with backoff, logging each wait, and gives up after its bound naming the cause', async () => {
    const storage = openStorage('postgres://postgres@127.0.0.1:1/none', { connectTimeoutMs: 500 });
    const warnings: Record<string, unknown>[] = [];
    const sleeps: number[] = [];
    let clock = Date.now();
    const realNow = Date.now;
    // The wait reads Date.now(); the sleeps move it instead of waiting.
    Date.now = () => clock;
    try {
      const error = await waitForDatabase(storage.db, {
        seconds: 5,
        logger: { warn: (fields: Record<string, unknown>) => warnings.push(fields), info: () => {} } as never,
        sleep: async (ms) => {
          sleeps.push(ms);
          clock += ms;
        },
      }).catch((e: unknown) => e);
      expect(String(error)).toMatch(
        /the database did not answer within 5 s \(GATEHOUSE_DATABASE_WAIT\): .*ECONNREFUSED/,
      );
    } finally {
      Date.now = realNow;
      await storage.close();
    }
    expect(sleeps).toEqual([250, 500, 1000, 2000, 1250]);
    expect(warnings[0]).toMatchObject({ attempt: 1, retryInMs: 250, waitSeconds: 5 });
  });

  it('does not wait for what waiting cannot cure (another error)', async () => {
    // A database that cannot be opened at all (as with a wrong password or a missing database).
    const db = new Kysely<Database>({
      dialect: translatingUnavailability(
        new SqliteDialect({
          database: async () => {
            throw new Error('unable to open database file');
          },
        }),
      ),
    });
    const sleeps: number[] = [];
    const error = await waitForDatabase(db, {
      seconds: 5,
      logger: { warn: () => {}, info: () => {} } as never,
      sleep: async (ms) => void sleeps.push(ms),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(isDatabaseUnavailable(error)).toBe(false);
    expect(sleeps).toEqual([]);
  });
});
