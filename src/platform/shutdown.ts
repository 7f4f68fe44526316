import { Worker } from 'node:worker_threads';
import type { Logger } from './logger.js';

/** Kept from the bound for the exit itself: the logs' last flush (at most ~0.6 s) and some slack. */
const EXIT_RESERVE_MS = 1500;

export interface ShutdownOptions {
  /** Closes everything the process holds, in order (stop listening, finish requests, write queues…). */
  close: () => Promise<void>;
  logger: Pick<Logger, 'info' | 'error'>;
  /** The process is gone by then, whatever is stuck. */
  timeoutMs: number;
  /** Ends the process; `process.exit` unless a test says otherwise. */
  exit?: (code: number) => void;
  /** Arms the hard stop (see `startWatchdog`); a test may replace it. */
  watchdog?: (ms: number) => void;
}

/**
 * A bounded shutdown: `stop(reason)` closes everything and exits 0; if closing fails, or has
 * not finished `EXIT_RESERVE_MS` before the bound, it logs why and exits 1 anyway. Should even
 * the exit hang (a blocked event loop, an exit handler that never returns), a watchdog thread
 * kills the process at the bound. Calling `stop` again returns the same shutdown.
 */
export function createShutdown(options: ShutdownOptions): (reason: string) => Promise<void> {
  const { close, logger, timeoutMs } = options;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const watchdog = options.watchdog ?? startWatchdog;
  const graceMs = Math.max(Math.floor(timeoutMs / 2), timeoutMs - EXIT_RESERVE_MS);
  let stopping: Promise<void> | undefined;

  return (reason) => {
    stopping ??= (async () => {
      const started = Date.now();
      watchdog(timeoutMs);
      logger.info({ reason, timeoutMs }, 'shutting down');
      let timer: NodeJS.Timeout | undefined;
      const outcome = await Promise.race([
        close().then(
          () => 'closed' as const,
          (error: unknown) => {
            logger.error({ err: error }, 'shutdown: closing failed; exiting anyway');
            return 'failed' as const;
          },
        ),
        new Promise<'late'>((resolve) => {
          timer = setTimeout(() => resolve('late'), graceMs);
        }),
      ]);
      clearTimeout(timer);
      if (outcome === 'late')
        logger.error({ timeoutMs }, 'shutdown did not finish within its bound; exiting anyway');
      else if (outcome === 'closed') logger.info({ ms: Date.now() - started }, 'stopped');
      exit(outcome === 'closed' ? 0 : 1);
    })();
    return stopping;
  };
}

/** Runs in its own thread: it still fires when the main thread is stuck. */
const WATCHDOG = `
const { workerData } = require('node:worker_threads');
setTimeout(() => process.kill(workerData.pid, 'SIGKILL'), workerData.ms);
`;

/**
 * Kills this process with SIGKILL in `ms`, from a thread of its own, unless it has exited by
 * then. The last resort of a bounded shutdown: nothing on the main thread can delay it.
 */
export function startWatchdog(ms: number): void {
  // No inherited flags: a loader (tsx) or `--input-type=module` would only slow or break it.
  const worker = new Worker(WATCHDOG, { eval: true, execArgv: [], workerData: { pid: process.pid, ms } });
  // A watchdog that cannot start leaves the bounded exit on the main thread; it breaks nothing.
  worker.on('error', () => undefined);
  worker.unref();
}
