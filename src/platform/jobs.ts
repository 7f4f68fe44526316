import type { Logger } from './logger.js';

export interface Job {
  name: string;
  everyMs: number;
  run: () => Promise<unknown>;
}

/**
 * Runs background jobs in-process on a fixed period. A run never overlaps the previous one
 * of the same job, a failure is logged and retried next period, and the timers never keep
 * the process alive. Jobs must be idempotent: in cluster mode every node runs them.
 */
export function startJobs(jobs: Job[], logger: Logger): { stop(): Promise<void> } {
  const running = new Map<string, Promise<unknown>>();
  const timers = jobs.map((job) => {
    const timer = setInterval(() => {
      if (running.has(job.name)) return;
      const run = job
        .run()
        .then((result) => logger.debug({ job: job.name, result }, 'job done'))
        .catch((error: unknown) => logger.error({ err: error, job: job.name }, 'job failed'))
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
    },
  };
}
