import { limitRepeats } from './log-repeats.js';
import type { Logger } from './logger.js';
import type { SharedState } from './shared-state.js';

export interface Job {
  name: string;
  everyMs: number;
  run: () => Promise<unknown>;
}

/** Decides whether this node runs a job's period (in a cluster, exactly one node does). */
export type JobClaim = (job: Job) => Promise<boolean>;

/**
 * One run per period across every node sharing `state`: the first node to count a job's
 * period runs it, the others skip it. The claim lasts 90% of the period, so the next period is
 * free again even when the nodes' timers drift.
 */
export function sharedJobClaim(state: SharedState): JobClaim {
  return async (job) => (await state.increment(`job:${job.name}`, Math.ceil(job.everyMs * 0.9))).count === 1;
}

/**
 * Runs background jobs in-process on a fixed period. A run never overlaps the previous one
 * of the same job, a failure is logged (repeats rate-limited) and retried next period, and the timers never keep
 * the process alive. With a claim (shared state in a cluster), one node runs each period.
 */
export function startJobs(
  jobs: Job[],
  logger: Logger,
  claim: JobClaim = async () => true,
): { stop(): Promise<void> } {
  const running = new Map<string, Promise<unknown>>();
  // A job that fails every period the same way (its dependency is down) says so a few times a
  // minute, then how many more times.
  const failures = limitRepeats(logger);
  const timers = jobs.map((job) => {
    const timer = setInterval(() => {
      if (running.has(job.name)) return;
      const run = claim(job)
        .then((mine) => (mine ? job.run() : 'run by another node'))
        .then((result) => logger.debug({ job: job.name, result }, 'job done'))
        .catch((error: unknown) =>
          failures.error({ err: error, job: job.name }, 'job failed', { place: job.name }),
        )
        .finally(() => running.delete(job.name));
      running.set(job.name, run);
    }, job.everyMs);
    timer.unref();
    return timer;
  });
  return {
    async stop() {
      for (const timer of timers) clearInterval(timer);
      await Promise.allSettled(running.values());
      failures.close();
    },
  };
}
