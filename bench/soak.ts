/**
 * Soak: a long mixed load (client credentials and full password sign-ins, round-robin) against
 * one Gatehouse child process, printing its resident memory every interval, to show whether it
 * stays flat. Not a comparison: there is no baseline, only the series. See docs/benchmarks.md.
 */
import {
  type LoadRun,
  type LoadSummary,
  mixedOperations,
  prepareLoadFixture,
  startLoad,
} from '../test/support/load.js';
import { poolThreads, row, type Scripts, startGatehouse } from './servers.js';

const SECONDS = Number(process.env.BENCH_SOAK_SECONDS ?? 600);
const EVERY_SECONDS = Number(
  process.env.BENCH_SOAK_EVERY ?? Math.min(30, Math.max(1, Math.round(SECONDS / 10))),
);
const WORKERS = Number(process.env.BENCH_SOAK_WORKERS ?? 4);
const ACCOUNTS = Number(process.env.BENCH_SOAK_ACCOUNTS ?? 8);
const CALLBACK = 'https://app.soak.example/callback';

interface Point {
  seconds: number;
  rssMb: number;
}

/** Least-squares slope of RSS over time, in MiB per minute. */
function slopePerMinute(points: Point[]): number {
  const n = points.length;
  if (n < 2) return 0;
  const mx = points.reduce((a, p) => a + p.seconds, 0) / n;
  const my = points.reduce((a, p) => a + p.rssMb, 0) / n;
  let num = 0;
  let den = 0;
  for (const p of points) {
    num += (p.seconds - mx) * (p.rssMb - my);
    den += (p.seconds - mx) ** 2;
  }
  return den === 0 ? 0 : (num / den) * 60;
}

const count = (summary: LoadSummary, key: string) => summary.outcomes[key] ?? 0;

function printInterval(at: number, rssMb: number, load: LoadRun, since: number, seconds: number): void {
  const slice = load.summary(since);
  const latencies = load.samples
    .filter((s) => s.startedAt >= since && s.ok)
    .map((s) => s.ms)
    .sort((a, b) => a - b);
  const p99 = latencies[Math.min(latencies.length - 1, Math.floor(0.99 * latencies.length))] ?? Number.NaN;
  row([
    `${at} s`,
    rssMb.toFixed(1),
    (count(slice, 'token 200') / seconds).toFixed(1),
    (count(slice, 'sign-in 200') / seconds).toFixed(1),
    slice.failed,
    p99.toFixed(0),
  ]);
}

export async function soakBenchmark(scripts: Scripts): Promise<void> {
  console.log('== Soak: mixed load (client credentials + password sign-ins, round-robin), RSS over time');
  console.log(
    `load: ${WORKERS} workers back to back for ${SECONDS} s (BENCH_SOAK_SECONDS), RSS every ${EVERY_SECONDS} s; ` +
      `${ACCOUNTS} accounts; libuv pool threads: ${poolThreads()}`,
  );
  const gatehouse = await startGatehouse(scripts, {
    // One IP signs in thousands of times: the per-IP limit and lockout would stop the load.
    GATEHOUSE_SIGNIN_ATTEMPTS_PER_IP: '10000000',
    GATEHOUSE_LOCKOUT_THRESHOLD: '1000',
  });
  const fixture = await prepareLoadFixture(gatehouse.api, 'demo', { users: ACCOUNTS, callback: CALLBACK });
  const rssSetupMb = gatehouse.server.rssMb();
  console.log(
    `RSS after start ${gatehouse.rssStartMb.toFixed(1)} MiB, after setup ${rssSetupMb.toFixed(1)} MiB`,
  );
  console.log('');
  row(['time', 'RSS MiB', 'tokens/s', 'sign-ins/s', 'failed', 'p99 ms']);

  const load = startLoad(mixedOperations(gatehouse.base, 'demo', fixture), { concurrency: WORKERS });
  const started = Date.now();
  const series: Point[] = [{ seconds: 0, rssMb: rssSetupMb }];
  let since = started;
  try {
    for (let at = EVERY_SECONDS; at <= SECONDS; at += EVERY_SECONDS) {
      await new Promise((resolve) => setTimeout(resolve, started + at * 1000 - Date.now()));
      const rssMb = gatehouse.server.rssMb();
      series.push({ seconds: at, rssMb });
      const now = Date.now();
      printInterval(at, rssMb, load, since, (now - since) / 1000);
      since = now;
    }
  } finally {
    await load.stop();
  }
  const total = load.summary();
  const steady = series.filter((p) => p.seconds >= Math.min(60, SECONDS / 2));
  const rss = series.slice(1).map((p) => p.rssMb);
  console.log('');
  console.log(
    `operations: ${total.total} (${count(total, 'token 200')} tokens, ${count(total, 'sign-in 200')} sign-ins), ` +
      `${total.failed} failed${total.failed ? ` ${JSON.stringify(total.outcomes)}` : ''}`,
  );
  console.log(
    `RSS under load: min ${Math.min(...rss).toFixed(1)}, max ${Math.max(...rss).toFixed(1)}, ` +
      `last ${rss.at(-1)?.toFixed(1)} MiB; slope from ${steady[0]?.seconds ?? 0} s on: ` +
      `${slopePerMinute(steady).toFixed(2)} MiB/min`,
  );
  // A leak raises the lows, not only the highs (the heap grows and shrinks between collections).
  const third = Math.max(1, Math.ceil(rss.length / 3));
  const lows = [0, 1, 2]
    .map((i) => rss.slice(i * third, (i + 1) * third))
    .filter((part) => part.length > 0)
    .map((part) => Math.min(...part).toFixed(1));
  console.log(`RSS lows per third of the run: ${lows.join(', ')} MiB`);
  console.log(`RSS series (s:MiB): ${series.map((p) => `${p.seconds}:${p.rssMb.toFixed(0)}`).join(' ')}`);
  await gatehouse.server.stop();
  if (total.failed > 0) throw new Error(`${total.failed} operations failed during the soak`);
}
