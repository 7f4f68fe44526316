import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { systemClock } from './clock.js';
import { type Job, sharedJobClaim, startJobs } from './jobs.js';
import { createLogger } from './logger.js';
import { createMemorySharedState } from './shared-state.js';

const logger = createLogger('silent');

/** Two nodes' job runners, each counting the runs of one job every minute. */
function twoNodes(claimed: boolean) {
  const state = createMemorySharedState(systemClock);
  const runs = { a: 0, b: 0 };
  const job = (node: 'a' | 'b'): Job => ({
    name: 'purge',
    everyMs: 60_000,
    run: async () => {
      runs[node]++;
    },
  });
  const claim = claimed ? sharedJobClaim(state) : undefined;
  const nodes = [startJobs([job('a')], logger, claim), startJobs([job('b')], logger, claim)];
  return {
    runs,
    async stop() {
      await Promise.all(nodes.map((n) => n.stop()));
      await state.close();
    },
  };
}

describe('background jobs', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('runs each period once across the nodes that share state', async () => {
    const cluster = twoNodes(true);
    await vi.advanceTimersByTimeAsync(5 * 60_000 + 1000);
    expect(cluster.runs.a + cluster.runs.b).toBe(5);
    await cluster.stop();
  });

  it('runs on every node without a claim (a single node needs none)', async () => {
    const nodes = twoNodes(false);
    await vi.advanceTimersByTimeAsync(5 * 60_000 + 1000);
    expect(nodes.runs).toEqual({ a: 5, b: 5 });
    await nodes.stop();
  });

  it('logs a job that fails the same way every run at most 10 times a minute, then how many more', async () => {
    const lines: { level: number; msg: string; job?: string; repeated?: number }[] = [];
    const capture = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
    const jobs = startJobs(
      [
        {
          name: 'deliver-due-email',
          everyMs: 1000,
          run: async () => {
            throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:25'), { code: 'ECONNREFUSED' });
          },
        },
      ],
      capture,
    );
    await vi.advanceTimersByTimeAsync(60_000);
    const failures = () => lines.filter((l) => l.msg === 'job failed');
    expect(failures()).toHaveLength(10);
    expect(failures()[0]?.job).toBe('deliver-due-email');
    // The next minute: its summary, then the error again (a new window).
    await vi.advanceTimersByTimeAsync(10_000);
    expect(lines.find((l) => l.repeated)).toMatchObject({ level: 50, repeated: 50 });
    await jobs.stop();
  });
});
