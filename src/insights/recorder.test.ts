import SqliteDatabase from 'better-sqlite3';
import { Kysely, type KyselyPlugin, SqliteDialect, ValuesNode } from 'kysely';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { insertTenantRow } from '../../test/support/fixtures.js';
import { isGuid, ManualClock } from '../platform/index.js';
import { type Database, type Db, migrateToLatest } from '../storage/index.js';
import type { SignInEntry } from './model.js';
import { createSignInRecorder, type SignInRecorderDeps } from './recorder.js';

const START = new Date('2026-03-01T08:00:00.000Z');

function entry(overrides: Partial<SignInEntry> = {}): SignInEntry {
  return {
    tenantId: 'one',
    userId: '11111111-1111-4111-8111-111111111111',
    appId: 'app-1',
    appDisplayName: 'Portal',
    ipAddress: '203.0.113.7',
    clientAppUsed: 'Browser',
    isInteractive: true,
    correlationId: 'corr-0001',
    signInEventTypes: ['interactiveUser'],
    status: { errorCode: 0 },
    authenticationRequirement: 'singleFactorAuthentication',
    ...overrides,
  };
}

/** An in-memory SQLite database that counts the statements it runs and can be made to fail. */
async function harness(options: Partial<SignInRecorderDeps> = {}) {
  const sqlite = new SqliteDatabase(':memory:');
  sqlite.pragma('foreign_keys = ON');
  const raw = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  await migrateToLatest(raw);
  await insertTenantRow(raw, 'one', START.toISOString());

  const probe = {
    queries: 0,
    inserts: [] as number[],
    down: false,
    failures: 0,
    /** While set, every statement's result waits for it: a write in flight. */
    gate: undefined as Promise<void> | undefined,
  };
  const plugin: KyselyPlugin = {
    transformQuery({ node }) {
      if (probe.down && ++probe.failures)
        throw Object.assign(new Error('connection lost'), { code: 'ECONNRESET' });
      probe.queries++;
      // The log's INSERTs (each batch also marks its entries pending for the usage roll-up).
      if (node.kind === 'InsertQueryNode' && node.into?.table.identifier.name === 'insights_sign_ins') {
        probe.inserts.push(node.values && ValuesNode.is(node.values) ? node.values.values.length : 0);
      }
      return node;
    },
    transformResult: async ({ result }) => {
      await probe.gate;
      return result;
    },
  };
  const db: Db = raw.withPlugin(plugin);
  const logs: { level: number; msg: string; [key: string]: unknown }[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => void logs.push(JSON.parse(line)) });
  const clock = new ManualClock(START);
  const recorder = createSignInRecorder({ db, clock, logger, ...options });
  const stored = async () =>
    raw.selectFrom('insights_sign_ins').selectAll().orderBy('created_at').orderBy('id').execute();
  return { recorder, probe, logs, clock, stored, close: () => raw.destroy() };
}

describe('sign-in recorder', () => {
  let h: Awaited<ReturnType<typeof harness>>;
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  });
  afterEach(async () => {
    await h?.recorder.close();
    await h?.close();
    vi.useRealTimers();
  });

  it('queues synchronously: record() returns the new id at once and touches no database', async () => {
    h = await harness();
    const before = h.probe.queries;
    const ids: unknown[] = [];
    for (let i = 0; i < 5000; i++) ids.push(h.recorder.record(entry({ correlationId: `c-${i}` })));
    // Still inside the same synchronous turn: nothing was awaited, nothing written.
    expect(h.recorder.pending).toBe(5000);
    expect(h.probe.queries).toBe(before);
    expect(ids.every((id) => typeof id === 'string' && isGuid(id))).toBe(true);
    expect(new Set(ids).size).toBe(5000);
  });

  it('writes entries nobody waits for on the tick, all in one INSERT, with the id and time it assigned', async () => {
    h = await harness();
    h.clock.advance(1234);
    const first = h.recorder.record(entry());
    for (let i = 1; i < 300; i++) h.recorder.record(entry());
    await vi.advanceTimersByTimeAsync(249);
    expect(h.probe.inserts).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    await vi.waitFor(() => expect(h.recorder.pending).toBe(0));
    expect(h.probe.inserts).toEqual([300]);
    const rows = await h.stored();
    expect(rows).toHaveLength(300);
    const row = rows.find((r) => r.id === first);
    expect(row?.created_at).toBe(new Date(START.getTime() + 1234).toISOString());
  });

  it('writes a full batch (maxBatch) at once, and what is left of a part batch on the tick', async () => {
    h = await harness();
    for (let i = 0; i < 1200; i++) h.recorder.record(entry());
    await vi.advanceTimersByTimeAsync(0);
    expect(h.probe.inserts).toEqual([500, 500]);
    await vi.advanceTimersByTimeAsync(250);
    expect(h.probe.inserts).toEqual([500, 500, 200]);
    expect(await h.stored()).toHaveLength(1200);
  });

  it('flush() resolves once everything queued before it is written', async () => {
    h = await harness({ maxBatch: 2 });
    for (let i = 0; i < 5; i++) h.recorder.record(entry());
    await h.recorder.flush();
    expect(h.probe.inserts).toEqual([2, 2, 1]);
    expect(await h.stored()).toHaveLength(5);
    await h.recorder.flush(); // nothing queued: no statement
    expect(h.probe.inserts).toHaveLength(3);
  });

  it('close() stops the timer and writes everything still queued; later entries are refused', async () => {
    h = await harness({ maxBatch: 100 });
    for (let i = 0; i < 1234; i++) h.recorder.record(entry());
    await h.recorder.close();
    expect(await h.stored()).toHaveLength(1234);
    expect(h.probe.inserts).toHaveLength(13);

    h.recorder.record(entry({ correlationId: 'too-late' }));
    await vi.advanceTimersByTimeAsync(1000);
    expect(await h.stored()).toHaveLength(1234);
    expect(h.logs.some((l) => l.msg.includes('after shutdown') && l.correlationId === 'too-late')).toBe(true);
    await h.recorder.close(); // idempotent
  });

  it('keeps a batch the database could not take and writes it on a later tick', async () => {
    h = await harness();
    h.probe.down = true;
    for (let i = 0; i < 3; i++) h.recorder.record(entry());
    await expect(h.recorder.flush()).rejects.toThrow('connection lost');
    expect(h.recorder.pending).toBe(3);
    const errors = () => h.logs.filter((l) => l.level === 50 && l.msg.includes('write failed'));
    expect(errors()).toHaveLength(1);

    // Retried every tick; one error line a minute, not one per tick.
    const failures = h.probe.failures;
    await vi.advanceTimersByTimeAsync(1000);
    expect(h.probe.failures).toBeGreaterThanOrEqual(failures + 3);
    expect(errors()).toHaveLength(1);
    expect(h.recorder.pending).toBe(3);

    h.probe.down = false;
    h.recorder.record(entry());
    await vi.advanceTimersByTimeAsync(250);
    await h.recorder.flush();
    expect(await h.stored()).toHaveLength(4);
    expect(h.recorder.pending).toBe(0);
    expect(h.logs.some((l) => l.msg.includes('resumed'))).toBe(true);
  });

  it('holds at most maxQueue entries while the database is away, dropping the oldest and counting them', async () => {
    h = await harness({ maxQueue: 5, maxBatch: 2 });
    h.probe.down = true;
    for (let i = 0; i < 8; i++) h.recorder.record(entry({ correlationId: `c-${i}` }));
    expect(h.recorder.pending).toBe(5);
    await expect(h.recorder.flush()).rejects.toThrow();
    h.probe.down = false;
    await h.recorder.flush();
    const written = (await h.stored()).map((r) => JSON.parse(r.details).correlationId).sort();
    expect(written).toEqual(['c-3', 'c-4', 'c-5', 'c-6', 'c-7']);
    const warning = h.logs.find((l) => l.msg.includes('queue full'));
    expect(warning?.dropped).toBe(3);
  });

  it('drops only the entry the database refuses (its tenant is gone) and writes the rest of the batch', async () => {
    h = await harness();
    h.recorder.record(entry({ correlationId: 'a' }));
    h.recorder.record(entry({ tenantId: 'deleted-meanwhile', correlationId: 'orphan' }));
    h.recorder.record(entry({ correlationId: 'b' }));
    await h.recorder.flush();
    expect((await h.stored()).map((r) => JSON.parse(r.details).correlationId).sort()).toEqual(['a', 'b']);
    expect(h.recorder.pending).toBe(0);
    expect(h.logs.find((l) => l.msg.includes('refused'))?.dropped).toBe(1);
  });

  it('logs what it could not write at shutdown instead of hanging or throwing', async () => {
    h = await harness();
    h.recorder.record(entry());
    h.recorder.record(entry());
    h.probe.down = true;
    await expect(h.recorder.close()).resolves.toBeUndefined();
    expect(h.logs.find((l) => l.msg.includes('at shutdown'))?.lost).toBe(2);
    h.probe.down = false;
  });

  it('never throws into the sign-in it records', async () => {
    h = await harness();
    const broken = { ...entry(), status: undefined } as unknown as SignInEntry;
    expect(() => h.recorder.record(broken)).not.toThrow();
    expect(h.recorder.pending).toBe(0);
    expect(h.logs.some((l) => l.msg.includes('not recorded'))).toBe(true);
  });

  describe('commit: a sign-in acknowledged only once its entry is written (group commit)', () => {
    it('resolves with the id once the batch holding the entry is written, after the commit window', async () => {
      h = await harness({ commitWindowMs: 5 });
      const answered: string[] = [];
      const commits = ['a', 'b', 'c'].map((c) =>
        h.recorder.commit(entry({ correlationId: c })).then((id) => {
          answered.push(c);
          return id;
        }),
      );
      h.recorder.record(entry({ correlationId: 'failed-attempt' }));
      await vi.advanceTimersByTimeAsync(4);
      expect(h.probe.inserts).toEqual([]);
      expect(answered).toEqual([]);
      await vi.advanceTimersByTimeAsync(1);
      const ids = await Promise.all(commits);
      // One INSERT for the whole window, the entry nobody waits on included.
      expect(h.probe.inserts).toEqual([4]);
      const rows = await h.stored();
      expect(ids.every((id) => rows.some((r) => r.id === id))).toBe(true);
      expect(rows).toHaveLength(4);
    });

    it('writes what came during a write right after it, without another window', async () => {
      h = await harness({ commitWindowMs: 5 });
      let open!: () => void;
      h.probe.gate = new Promise<void>((resolve) => {
        open = resolve;
      });
      const first = h.recorder.commit(entry({ correlationId: 'first' }));
      await vi.advanceTimersByTimeAsync(5);
      expect(h.probe.inserts).toEqual([1]); // in flight: its result waits for the gate
      const next = Array.from({ length: 20 }, (_, i) =>
        h.recorder.commit(entry({ correlationId: `n-${i}` })),
      );
      expect(h.recorder.pending).toBe(21);
      h.probe.gate = undefined;
      open();
      await first;
      await Promise.all(next);
      expect(h.probe.inserts).toEqual([1, 20]);
    });

    it('a full batch does not wait for the window', async () => {
      h = await harness({ commitWindowMs: 1000, maxBatch: 10 });
      const commits = Array.from({ length: 10 }, () => h.recorder.commit(entry()));
      await vi.advanceTimersByTimeAsync(0);
      await Promise.all(commits);
      expect(h.probe.inserts).toEqual([10]);
    });

    it('rejects when the database cannot be written, and drops the entry; entries nobody waits on are kept', async () => {
      h = await harness({ commitWindowMs: 5 });
      h.probe.down = true;
      const refused = h.recorder.commit(entry({ correlationId: 'refused' }));
      const outcome = refused.then(
        () => 'resolved',
        (error: Error) => error.message,
      );
      h.recorder.record(entry({ correlationId: 'kept' }));
      await vi.advanceTimersByTimeAsync(5);
      expect(await outcome).toBe('connection lost');
      expect(h.recorder.pending).toBe(1);
      expect(h.logs.some((l) => l.level === 50 && l.msg.includes('write failed'))).toBe(true);

      h.probe.down = false;
      await vi.advanceTimersByTimeAsync(250);
      expect((await h.stored()).map((r) => JSON.parse(r.details).correlationId)).toEqual(['kept']);
    });

    it('rejects only the entry the database refuses; the rest of the batch is written and answered', async () => {
      h = await harness();
      const ok = h.recorder.commit(entry({ correlationId: 'ok' }));
      const orphan = h.recorder.commit(entry({ tenantId: 'deleted-meanwhile', correlationId: 'orphan' }));
      const orphanOutcome = orphan.then(
        () => 'resolved',
        () => 'rejected',
      );
      await vi.advanceTimersByTimeAsync(5);
      expect(await orphanOutcome).toBe('rejected');
      await expect(ok).resolves.toBeTypeOf('string');
      expect((await h.stored()).map((r) => JSON.parse(r.details).correlationId)).toEqual(['ok']);
    });

    it('rejects a malformed entry, and after close, as unavailable (a sign-in is never acknowledged without its entry)', async () => {
      h = await harness();
      const broken = { ...entry(), status: undefined } as unknown as SignInEntry;
      await expect(h.recorder.commit(broken)).rejects.toThrow();
      expect(h.recorder.pending).toBe(0);
      await h.recorder.close();
      await expect(h.recorder.commit(entry())).rejects.toMatchObject({
        code: 'sign_in_log_unavailable',
        kind: 'unavailable',
      });
    });

    it('keeps writing after a timer finds nothing left to write (a flush took it)', async () => {
      h = await harness({ commitWindowMs: 5 });
      h.recorder.record(entry());
      await h.recorder.flush(); // written now; the tick armed for it finds an empty queue
      await vi.advanceTimersByTimeAsync(250);
      const later = h.recorder.commit(entry());
      await vi.advanceTimersByTimeAsync(5);
      await expect(later).resolves.toBeTypeOf('string');
      expect(h.probe.inserts).toEqual([1, 1]);
    });

    it('close() writes the entries waited on and answers them', async () => {
      h = await harness({ commitWindowMs: 1000 });
      const commits = Array.from({ length: 3 }, () => h.recorder.commit(entry()));
      await h.recorder.close();
      await Promise.all(commits);
      expect(await h.stored()).toHaveLength(3);
    });
  });

  it('caps long strings and removes NUL characters', async () => {
    h = await harness();
    h.recorder.record(
      entry({
        appId: `x\0${'a'.repeat(1000)}`,
        deviceDetail: { browser: 'b'.repeat(5000), operatingSystem: 'OS' },
      }),
    );
    await h.recorder.flush();
    const [row] = await h.stored();
    expect(row?.app_id).toBe(`x${'a'.repeat(254)}`);
    expect(JSON.parse(row?.details ?? '{}').deviceDetail.browser).toHaveLength(256);
  });
});
