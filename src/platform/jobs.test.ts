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
});
