import autocannon from 'autocannon';

export interface LoadTarget {
  url: string;
  headers: Record<string, string>;
  body: string;
  /** CPU seconds the server has used so far: to report its CPU cost per token. */
  cpuSeconds: () => number;
}

export interface LoadPlan {
  connections: number;
  warmupSeconds: number;
  /** Measured seconds per target, split into `rounds` slices. */
  seconds: number;
  rounds: number;
}

export interface LoadFigures {
  /** 2xx responses per second over the measured slices. */
  rps: number;
  p50Ms: number;
  p99Ms: number;
  count: number;
  /** Server CPU time (all its threads) per token, in ms: steadier than req/s on a busy machine. */
  cpuMsPerToken: number;
}

/**
 * Loads each target in turn: a warm-up each (JIT, caches, connections), then measured slices
 * taken alternately (A B, B A, …) so that whatever else the machine does weighs on all targets
 * alike. Every run is bounded in time and stops by itself.
 */
export async function compare(targets: LoadTarget[], plan: LoadPlan): Promise<LoadFigures[]> {
  for (const target of targets) await run(target, plan.connections, plan.warmupSeconds);
  const totals = targets.map(() => ({ count: 0, seconds: 0, cpu: 0, latencies: [] as number[] }));
  const slice = plan.seconds / plan.rounds;
  for (let round = 0; round < plan.rounds; round++) {
    const order = targets.map((_, i) => i);
    if (round % 2 === 1) order.reverse();
    for (const i of order) {
      const total = totals[i] as (typeof totals)[number];
      const target = targets[i] as LoadTarget;
      const cpuBefore = target.cpuSeconds();
      const result = await run(target, plan.connections, slice, total.latencies);
      total.cpu += target.cpuSeconds() - cpuBefore;
      total.count += result['2xx'];
      total.seconds += result.duration;
    }
  }
  return totals.map(({ count, seconds, cpu, latencies }) => {
    latencies.sort((a, b) => a - b);
    const at = (q: number) =>
      latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? Number.NaN;
    return {
      rps: count / seconds,
      p50Ms: at(0.5),
      p99Ms: at(0.99),
      count,
      cpuMsPerToken: (1000 * cpu) / count,
    };
  });
}

async function run(target: LoadTarget, connections: number, seconds: number, latencies?: number[]) {
  const instance = autocannon({
    url: target.url,
    method: 'POST',
    headers: target.headers,
    body: target.body,
    connections,
    pipelining: 1,
    duration: seconds,
    timeout: 10,
  });
  if (latencies) instance.on('response', (_client, status, _bytes, ms) => status < 300 && latencies.push(ms));
  const result = await instance;
  // A rate that counts failures would flatter a broken server: any failure stops the benchmark.
  if (result.non2xx > 0 || result.errors > 0 || result.timeouts > 0) {
    throw new Error(
      `${target.url}: ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts ` +
        `(status counts ${JSON.stringify(result.statusCodeStats)})`,
    );
  }
  if (result['2xx'] === 0) throw new Error(`${target.url}: no responses`);
  return result;
}
