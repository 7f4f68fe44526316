import autocannon from 'autocannon';

/** What one measured slice of a target did. */
export interface SliceResult {
  /** Operations completed (2xx responses, sign-ins, verifications…). */
  count: number;
  /** Seconds the slice actually ran. */
  seconds: number;
}

/**
 * Anything the benchmarks load: an HTTP endpoint under autocannon, a pool of virtual users,
 * a baseline in a child process. `run` is bounded in time and throws on any failure.
 */
export interface Target {
  name: string;
  /** CPU seconds the measured process has used so far (all its threads). */
  cpuSeconds: () => number;
  /** Runs for about `seconds`; pushes each operation's latency in ms when given the list. */
  run(seconds: number, latencies?: number[]): Promise<SliceResult>;
}

export interface LoadPlan {
  warmupSeconds: number;
  /** Measured seconds per target, split into `rounds` slices. */
  seconds: number;
  rounds: number;
}

export interface LoadFigures {
  /** Operations per second over the measured slices. */
  rps: number;
  p50Ms: number;
  p99Ms: number;
  count: number;
  /** CPU time of the measured process per operation, in ms: steadier than the rate on a busy machine. */
  cpuMsPerOp: number;
}

/**
 * Loads each target in turn: a warm-up each (JIT, caches, connections), then measured slices
 * taken alternately (A B, B A, …) so that whatever else the machine does weighs on all targets
 * alike. Every run is bounded in time and stops by itself.
 */
export async function compare(targets: Target[], plan: LoadPlan): Promise<LoadFigures[]> {
  for (const target of targets) await target.run(plan.warmupSeconds);
  const totals = targets.map(() => ({ count: 0, seconds: 0, cpu: 0, latencies: [] as number[] }));
  const slice = plan.seconds / plan.rounds;
  for (let round = 0; round < plan.rounds; round++) {
    const order = targets.map((_, i) => i);
    if (round % 2 === 1) order.reverse();
    for (const i of order) {
      const total = totals[i] as (typeof totals)[number];
      const target = targets[i] as Target;
      const cpuBefore = target.cpuSeconds();
      const result = await target.run(slice, total.latencies);
      total.cpu += target.cpuSeconds() - cpuBefore;
      total.count += result.count;
      total.seconds += result.seconds;
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
      cpuMsPerOp: (1000 * cpu) / count,
    };
  });
}

export interface HttpTarget {
  name: string;
  url: string;
  headers: Record<string, string>;
  body: string;
  cpuSeconds: () => number;
}

/** One POST, repeated by autocannon over `connections` connections (pipelining 1). */
export function autocannonTarget(target: HttpTarget, connections: number): Target {
  return {
    name: target.name,
    cpuSeconds: target.cpuSeconds,
    async run(seconds, latencies) {
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
      if (latencies)
        instance.on('response', (_client, status, _bytes, ms) => status < 300 && latencies.push(ms));
      const result = await instance;
      // A rate that counts failures would flatter a broken server: any failure stops the benchmark.
      if (result.non2xx > 0 || result.errors > 0 || result.timeouts > 0) {
        throw new Error(
          `${target.url}: ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts ` +
            `(status counts ${JSON.stringify(result.statusCodeStats)})`,
        );
      }
      if (result['2xx'] === 0) throw new Error(`${target.url}: no responses`);
      return { count: result['2xx'], seconds: result.duration };
    },
  };
}

/**
 * `users` virtual users, each running `operation` back to back until the time is up (the last
 * one finishes after it). Operations are independent of one another except through the
 * state each user keeps (e.g. its own refresh-token chain); any failure stops the benchmark.
 */
export function virtualUsers(
  name: string,
  users: number,
  operation: (user: number) => Promise<void>,
  cpuSeconds: () => number,
): Target {
  return {
    name,
    cpuSeconds,
    async run(seconds, latencies) {
      const start = performance.now();
      const deadline = start + seconds * 1000;
      let count = 0;
      await Promise.all(
        Array.from({ length: users }, async (_, user) => {
          while (performance.now() < deadline) {
            const before = performance.now();
            await operation(user);
            latencies?.push(performance.now() - before);
            count++;
          }
        }),
      );
      return { count, seconds: (performance.now() - start) / 1000 };
    },
  };
}
