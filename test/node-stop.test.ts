import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { type ChildGatehouse, startChildGatehouse } from './support/child-gatehouse.js';
import { createTestDatabase, TEST_DATABASES, type TestDatabase } from './support/databases.js';
import { type LoadRun, mixedOperations, prepareLoadFixture, startLoad } from './support/load.js';

/**
 * A node stopped or killed: the real server in a child process, under the mixed load of the
 * reliability work (client credentials and password sign-ins), then SIGTERM or SIGKILL.
 */

/** The shutdown bound (GATEHOUSE_SHUTDOWN_TIMEOUT's default), and the slack a busy machine needs. */
const BOUND_MS = 10_000;
const SLACK_MS = 2_000;

/** The correlation ids of the successful sign-ins in the sign-in log. */
async function loggedSuccesses(database: TestDatabase): Promise<Set<string>> {
  const query = 'select details from insights_sign_ins where error_code = 0';
  let rows: { details: string }[];
  if (database.url.startsWith('sqlite:')) {
    const sqlite = new SqliteDatabase(database.url.slice('sqlite:'.length));
    try {
      rows = sqlite.prepare(query).all() as { details: string }[];
    } finally {
      sqlite.close();
    }
  } else {
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      rows = (await client.query(query)).rows;
    } finally {
      await client.end();
    }
  }
  return new Set(rows.map((row) => String(JSON.parse(row.details).correlationId)));
}

/** What the clients were given a token or a code for, by kind. */
function acknowledged(load: LoadRun): { name: string; correlationId: string }[] {
  return load.samples.flatMap((s) =>
    s.correlationId ? [{ name: s.name, correlationId: s.correlationId }] : [],
  );
}

/** Resolves with the exit (code or signal) and how long it took, or 'still running' after `ms`. */
async function exitWithin(node: ChildGatehouse, ms: number): Promise<{ exit: number | string; ms: number }> {
  const started = Date.now();
  const exit = await Promise.race([
    node.exited,
    new Promise<string>((resolve) => setTimeout(() => resolve('still running'), ms)),
  ]);
  return { exit, ms: Date.now() - started };
}

describe('a node stopped or killed', () => {
  const databases: TestDatabase[] = [];
  const nodes: ChildGatehouse[] = [];
  afterEach(async () => {
    for (const node of nodes.splice(0)) await node.kill();
  });
  afterAll(async () => {
    for (const database of databases) await database.drop();
  });

  async function start(
    kind: 'sqlite' | 'postgres',
    options: Parameters<typeof startChildGatehouse>[0]['env'] = {},
    stdout: 'read' | 'unread' = 'read',
  ) {
    const database = await createTestDatabase(kind);
    databases.push(database);
    const node = await startChildGatehouse({
      databaseUrl: database.url,
      dataDir: database.dataDir,
      env: options,
      stdout,
    });
    nodes.push(node);
    return { node, database };
  }

  it('SIGTERM with stdout a pipe nobody reads any more: the node exits within the bound', async () => {
    const { node } = await start('sqlite', { GATEHOUSE_LOG_LEVEL: 'trace' }, 'unread');
    // One log line per request, at least: a few hundred kB, far more than a pipe holds.
    for (let i = 0; i < 1500; i += 50) {
      await Promise.all(
        Array.from({ length: 50 }, () => fetch(`${node.baseUrl}/healthz`).then((r) => r.text())),
      );
    }
    node.child.kill('SIGTERM');
    const { exit, ms } = await exitWithin(node, BOUND_MS + SLACK_MS);
    expect(exit).toBe(0);
    expect(ms).toBeLessThan(BOUND_MS + SLACK_MS);
  }, 90_000);

  it('SIGTERM under load: the node exits within the bound, and every acknowledged sign-in is in the log', async () => {
    const { node, database } = await start('sqlite');
    const fixture = await prepareLoadFixture(node.api, 'demo', { users: 3 });
    const load = startLoad(mixedOperations(node.baseUrl, 'demo', fixture), { concurrency: 4 });
    try {
      await load.waitFor((s) => s.name === 'sign-in' && s.ok, 0, 20_000);
      await load.waitFor((s) => s.name === 'token' && s.ok, Date.now(), 20_000);
      node.child.kill('SIGTERM');
      const { exit, ms } = await exitWithin(node, BOUND_MS + SLACK_MS);
      expect(exit).toBe(0);
      expect(ms).toBeLessThan(BOUND_MS + SLACK_MS);
    } finally {
      await load.stop();
    }
    const acks = acknowledged(load);
    expect(acks.some((a) => a.name === 'sign-in')).toBe(true);
    const logged = await loggedSuccesses(database);
    expect(acks.filter((a) => !logged.has(a.correlationId))).toEqual([]);
  }, 120_000);

  for (const kind of TEST_DATABASES) {
    it(`SIGKILL right after answering sign-ins (${kind}): every acknowledged sign-in is in the log`, async () => {
      const { node, database } = await start(kind);
      const fixture = await prepareLoadFixture(node.api, 'demo', { users: 3 });
      const load = startLoad(mixedOperations(node.baseUrl, 'demo', fixture), { concurrency: 4 });
      try {
        await load.waitFor((s) => s.name === 'sign-in' && s.ok, 0, 20_000);
        // Killed the moment a client holds a token: whatever was acknowledged just before.
        await load.waitFor((s) => s.name === 'token' && s.ok, Date.now(), 20_000);
        node.child.kill('SIGKILL');
        await node.exited;
      } finally {
        await load.stop();
      }
      const acks = acknowledged(load);
      expect(acks.filter((a) => a.name === 'sign-in').length).toBeGreaterThan(0);
      expect(acks.filter((a) => a.name === 'token').length).toBeGreaterThan(0);
      const logged = await loggedSuccesses(database);
      expect(acks.filter((a) => !logged.has(a.correlationId))).toEqual([]);
    }, 120_000);
  }
});
