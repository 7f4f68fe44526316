/**
 * Usage & insights, in process, on SQLite and on PostgreSQL: write 10 million sign-in log rows
 * over 13 months (users, apps, countries, OS, identity providers, MFA methods, failures,
 * interruptions), roll them up with the real job (rows/s), then time the dashboards' queries
 * through the real query service against the same answers computed by COUNT(DISTINCT …) and
 * GROUP BY over the raw log in the same run, and check both give the same numbers. Target:
 * every dashboard query p99 under 50 ms. See docs/benchmarks.md.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import {
  createUsageQueries,
  createUsageRollup,
  type UsageItem,
  type UsageQueries,
} from '../src/insights/index.js';
import { ManualClock } from '../src/platform/index.js';
import {
  type Db,
  type InsightsSignInsTable,
  migrateToLatest,
  openStorage,
  type Storage,
} from '../src/storage/index.js';
import { figuresOf } from './micro.js';
import { row, verdict } from './servers.js';

const ROWS = Number(process.env.BENCH_INSIGHTS_ROWS ?? 10_000_000);
const USERS = Number(process.env.BENCH_INSIGHTS_USERS ?? 1_000_000);
const DATABASES = (process.env.BENCH_INSIGHTS_DATABASES ?? 'sqlite,postgres').split(',');
const QUERY_RUNS = Number(process.env.BENCH_INSIGHTS_QUERY_RUNS ?? 200);
const RAW_RUNS = Number(process.env.BENCH_INSIGHTS_RAW_RUNS ?? 3);
const TARGET_P99_MS = 50;
const PG_ADMIN_URL = process.env.GATEHOUSE_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const TENANT = 'bench';
const DAYS = 395;
const NOW = new Date('2026-12-07T12:00:00.000Z');

const APPS = Array.from({ length: 20 }, (_, i) => `app-${String(i).padStart(2, '0')}`);
const COUNTRIES = ['US', 'GB', 'DE', 'FR', 'ES', 'IT', 'JP', 'BR', 'IN', 'CA'];
const SYSTEMS = ['Windows', 'MacOs', 'Linux', 'iOS', 'Android', 'ChromeOS'];
const PROVIDERS = ['local', 'Google', 'Facebook'];
const METHODS = ['Email', 'SMS', 'PhoneAppOTP', 'Fido2'];

/** Deterministic, so every run writes the same log. */
function random(seed: number) {
  return (n: number) => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return Math.floor((seed / 2 ** 31) * n);
  };
}

/** A sign-in log row as the database holds it. */
type LogRow = InsightsSignInsTable;

/** The log, generated in chunks: ~25 000 sign-ins a day, oldest first. */
function* generate(total: number, chunk: number): Generator<LogRow[]> {
  const pick = random(42);
  const userIds = Array.from(
    { length: USERS },
    (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
  );
  const start = NOW.getTime() - DAYS * 86_400_000;
  const step = (DAYS * 86_400_000) / total;
  let rows: LogRow[] = [];
  for (let i = 0; i < total; i++) {
    const roll = pick(100);
    const user = roll < 3 ? null : (userIds[pick(USERS)] ?? null);
    // 80% succeed, 12% wrong password, 5% MFA required (an interruption), 3% an app's own token.
    const errorCode = user === null ? 0 : roll < 83 ? 0 : roll < 95 ? 50126 : 50074;
    const mfa =
      user !== null && errorCode === 0 && pick(5) === 0
        ? { method: METHODS[pick(METHODS.length)], succeeded: pick(10) !== 0 }
        : undefined;
    const details = {
      signInEventTypes: [user ? 'interactiveUser' : 'servicePrincipal'],
      deviceDetail: { operatingSystem: SYSTEMS[pick(SYSTEMS.length)] },
      location: { countryOrRegion: COUNTRIES[pick(COUNTRIES.length)] },
      usage: {
        identityProvider: user ? PROVIDERS[pick(PROVIDERS.length)] : undefined,
        ...(mfa && { mfa }),
        ...(user && errorCode === 0 && pick(50) === 0 && { signUp: true }),
      },
    };
    rows.push({
      id: randomUUID(),
      tenant_id: TENANT,
      created_at: new Date(start + i * step).toISOString(),
      user_id: user,
      app_id: APPS[pick(APPS.length)] ?? 'app-00',
      ip_address: '203.0.113.7',
      error_code: mfa && !mfa.succeeded ? 500121 : errorCode,
      details: JSON.stringify(details),
      risk_level: 'none',
      ca_status: 'notApplied',
    });
    if (rows.length === chunk) {
      yield rows;
      rows = [];
    }
  }
  if (rows.length > 0) yield rows;
}

async function openDatabase(kind: string): Promise<{ storage: Storage; drop: () => Promise<void> }> {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'gatehouse-bench-insights-'));
    const storage = openStorage(`sqlite:${join(dir, 'gatehouse.db')}`);
    return { storage, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `gatehouse_bench_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  const storage = openStorage(url.toString());
  return {
    storage,
    drop: async () => {
      const client = new pg.Client({ connectionString: PG_ADMIN_URL });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

async function writeLog(storage: Storage): Promise<number> {
  const started = performance.now();
  let written = 0;
  // Generating the log is not what is measured: SQLite gets a 1 GiB page cache meanwhile (random
  // ids into large B-trees thrash the default 2 MiB), and its default back for the roll-up.
  if (storage.dialect === 'sqlite') await sql`pragma cache_size = -1048576`.execute(storage.db);
  for (const rows of generate(ROWS, 10_000)) {
    if (storage.dialect === 'postgres') {
      // unnest: one statement of 10 000 rows with 9 array parameters.
      const column = (name: keyof LogRow) => rows.map((r) => r[name]);
      await sql`insert into insights_sign_ins (id, tenant_id, created_at, user_id, app_id, ip_address, error_code, details, risk_level)
        select * from unnest(${column('id')}::text[], ${column('tenant_id')}::text[], ${column('created_at')}::text[],
          ${column('user_id')}::text[], ${column('app_id')}::text[], ${column('ip_address')}::text[],
          ${column('error_code')}::int[], ${column('details')}::text[], ${column('risk_level')}::text[])`.execute(
        storage.db,
      );
      // Each entry pending for the roll-up, as the recorder writes it.
      await sql`insert into usage_pending (sign_in_id) select * from unnest(${column('id')}::text[])`.execute(
        storage.db,
      );
    } else {
      await storage.db.transaction().execute(async (trx) => {
        for (let i = 0; i < rows.length; i += 500) {
          const part = rows.slice(i, i + 500);
          await trx.insertInto('insights_sign_ins').values(part).execute();
          // Each entry pending for the roll-up, as the recorder writes it.
          await trx
            .insertInto('usage_pending')
            .values(part.map((r) => ({ sign_in_id: r.id })))
            .execute();
        }
      });
    }
    written += rows.length;
    if (written % 1_000_000 === 0) process.stdout.write(`  written ${written / 1_000_000}M rows\r`);
  }
  if (storage.dialect === 'sqlite') await sql`pragma cache_size = -2000`.execute(storage.db);
  return (performance.now() - started) / 1000;
}

/** The baseline: the same figures straight from the raw log. */
function rawQueries(db: Db, dialect: string) {
  const json = (path: string[]) =>
    dialect === 'sqlite'
      ? sql<string>`json_extract(details, ${`$.${path.join('.')}`})`
      : sql<string>`(details::json #>> ${`{${path.join(',')}}`})`;
  const since = (days: number) => new Date(NOW.getTime() - days * 86_400_000).toISOString().slice(0, 10);
  const monthStart = '2026-01-01';
  return {
    async mauByApp(): Promise<string[]> {
      const rows = await db
        .selectFrom('insights_sign_ins')
        .select([
          sql<string>`substr(created_at, 1, 7)`.as('month'),
          'app_id',
          sql<number>`count(distinct user_id)`.as('users'),
        ])
        .where('tenant_id', '=', TENANT)
        .where('error_code', '=', 0)
        .where('user_id', 'is not', null)
        .where('created_at', '>=', monthStart)
        .groupBy([sql`1`, sql`2`])
        .execute();
      return rows.map((r) => `${r.month}-01 ${r.app_id} ${Number(r.users)}`).sort();
    },
    async dailyAuthenticationsByOs(): Promise<string[]> {
      const os = json(['deviceDetail', 'operatingSystem']);
      const rows = await db
        .selectFrom('insights_sign_ins')
        .select([
          sql<string>`substr(created_at, 1, 10)`.as('day'),
          os.as('os'),
          sql<number>`count(*)`.as('attempts'),
          sql<number>`sum(case when error_code = 0 then 1 else 0 end)`.as('successes'),
        ])
        .where('tenant_id', '=', TENANT)
        .where('user_id', 'is not', null)
        .where('error_code', 'not in', [50074, 50125])
        .where('created_at', '>=', since(29))
        .groupBy([sql`1`, sql`2`])
        .execute();
      return rows.map((r) => `${r.day} ${r.os} ${Number(r.attempts)} ${Number(r.successes)}`).sort();
    },
    async mfaByMethod(): Promise<string[]> {
      const method = json(['usage', 'mfa', 'method']);
      const ok = json(['usage', 'mfa', 'succeeded']);
      const rows = await db
        .selectFrom('insights_sign_ins')
        .select([
          sql<string>`substr(created_at, 1, 7)`.as('month'),
          method.as('method'),
          sql<number>`count(*)`.as('attempts'),
          sql<number>`sum(case when ${ok} = ${dialect === 'sqlite' ? 1 : 'true'} then 1 else 0 end)`.as(
            'successes',
          ),
        ])
        .where('tenant_id', '=', TENANT)
        .where(method, 'is not', null)
        .where('created_at', '>=', monthStart)
        .groupBy([sql`1`, sql`2`])
        .execute();
      return rows.map((r) => `${r.month}-01 ${r.method} ${Number(r.attempts)} ${Number(r.successes)}`).sort();
    },
  };
}

/** The dashboards, through the query service the admin API uses. */
function dashboardQueries(usage: UsageQueries) {
  const lines = (items: UsageItem[], fields: string[]) =>
    items.map((i) => fields.map((f) => i[f]).join(' ')).sort();
  return {
    async mauByApp() {
      const items = await usage.list(TENANT, 'activeUsers', 'month', { select: 'factDate,appId,count' });
      return lines(items, ['factDate', 'appId', 'count']);
    },
    async dailyAuthenticationsByOs() {
      const items = await usage.list(TENANT, 'authentications', 'day', {
        select: 'factDate,os,attemptsCount,successCount',
      });
      return lines(items, ['factDate', 'os', 'attemptsCount', 'successCount']);
    },
    async mfaByMethod() {
      const items = await usage.list(TENANT, 'mfaCompletions', 'month', {
        select: 'factDate,mfaMethod,attemptsCount,successCount',
      });
      return lines(items, ['factDate', 'mfaMethod', 'attemptsCount', 'successCount']);
    },
  };
}

async function timed(call: () => Promise<unknown>, runs: number): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await call();
    samples.push(performance.now() - start);
  }
  return samples;
}

async function benchmarkOn(kind: string): Promise<boolean> {
  console.log(
    `\n${kind}: ${ROWS.toLocaleString('en')} sign-ins over ${DAYS} days, ${USERS.toLocaleString('en')} users`,
  );
  const { storage, drop } = await openDatabase(kind);
  try {
    await migrateToLatest(storage.db);
    await storage.db
      .insertInto('tenants')
      .values({
        id: TENANT,
        display_name: TENANT,
        type: 'customer',
        default_language: 'en',
        created_at: NOW.toISOString(),
        updated_at: NOW.toISOString(),
      })
      .execute();
    const writeSeconds = await writeLog(storage);
    console.log(`  log written in ${writeSeconds.toFixed(0)} s`);

    const clock = new ManualClock(NOW);
    const rollup = createUsageRollup({
      db: storage.db,
      dialect: storage.dialect,
      clock,
      countUsers: async () => new Map([[TENANT, USERS]]),
    });
    const started = performance.now();
    const result = await rollup.rollUp({ maxBatches: Number.POSITIVE_INFINITY });
    const rollupSeconds = (performance.now() - started) / 1000;
    row(['roll-up', 'entries', 'seconds', 'rows/s']);
    row(['', result.entries, rollupSeconds.toFixed(1), Math.round(result.entries / rollupSeconds)]);

    const usage = createUsageQueries({ db: storage.db, clock, appNames: async () => new Map() });
    const dashboards = dashboardQueries(usage);
    const raw = rawQueries(storage.db, storage.dialect);
    let allOk = true;
    row(['query', 'p50 ms', 'p99 ms', 'raw p50 ms', 'ratio', 'same', `p99<${TARGET_P99_MS}`]);
    for (const name of ['mauByApp', 'dailyAuthenticationsByOs', 'mfaByMethod'] as const) {
      const same = JSON.stringify(await dashboards[name]()) === JSON.stringify(await raw[name]());
      const fast = figuresOf(await timed(dashboards[name], QUERY_RUNS));
      const slow = figuresOf(await timed(raw[name], RAW_RUNS));
      const ok = same && fast.p99 < TARGET_P99_MS;
      allOk &&= ok;
      row([
        name,
        fast.p50.toFixed(2),
        fast.p99.toFixed(2),
        slow.p50.toFixed(0),
        `${Math.round(slow.p50 / fast.p50)}x`,
        same ? 'yes' : 'NO',
        verdict(fast.p99 < TARGET_P99_MS),
      ]);
    }
    return allOk;
  } finally {
    await storage.close();
    await drop();
  }
}

export async function insightsBenchmark(): Promise<void> {
  console.log(
    'insights: the roll-up of the sign-in log, and the dashboards against COUNT(DISTINCT) over the raw log',
  );
  for (const kind of DATABASES) await benchmarkOn(kind.trim());
}
