import type { Logger } from './logger.js';

export interface LastResortOptions {
  logger: Pick<Logger, 'error' | 'fatal'>;
  /** Ends the process once it is taken for broken (default: exit with code 1). Called at most once. */
  stop?: (reason: string) => unknown;
  /** More uncaught errors than this within `windowMs` mean the process is broken for good. */
  maxErrors?: number;
  windowMs?: number;
  /** Where the events come from (a test gives its own emitter). */
  target?: NodeJS.EventEmitter;
  now?: () => number;
}

/** Node's own "this cannot happen" errors: the runtime itself is in a bad state. */
const BROKEN_CODES = new Set(['ERR_INTERNAL_ASSERTION']);

/**
 * The last resort for errors nothing caught: an `uncaughtException` or `unhandledRejection` is
 * logged (JSON, with its stack) and the node keeps serving — one stray error (a socket's 'error'
 * nobody listened to, a forgotten `.catch`) must not take every sign-in in flight down with it.
 * The process is stopped only when it is truly broken: Node reports an internal error, or uncaught
 * errors keep coming (more than `maxErrors`, 10 by default, within `windowMs`, a minute), which
 * means something fails on every request or in a loop. Returns a function that uninstalls it.
 */
export function installLastResort(options: LastResortOptions): () => void {
  const { logger, maxErrors = 10, windowMs = 60_000 } = options;
  const target = options.target ?? process;
  const now = options.now ?? Date.now;
  const stop = options.stop ?? (() => process.exit(1));
  const recent: number[] = [];
  let stopped = false;

  const handle = (kind: 'uncaughtException' | 'unhandledRejection', error: unknown, origin?: string) => {
    const err = error instanceof Error ? error : new Error(`non-error value thrown: ${describe(error)}`);
    const at = now();
    recent.push(at);
    while (recent.length && (recent[0] as number) <= at - windowMs) recent.shift();
    logger.error(
      { err, kind, origin },
      kind === 'uncaughtException' ? 'uncaught exception' : 'unhandled rejection',
    );
    if (stopped) return;
    const code = (err as { code?: unknown }).code;
    const reason =
      typeof code === 'string' && BROKEN_CODES.has(code)
        ? `Node reported an internal error (${code})`
        : recent.length > maxErrors
          ? `${recent.length} uncaught errors within ${Math.round(windowMs / 1000)} s`
          : undefined;
    if (!reason) return;
    stopped = true;
    logger.fatal({ reason }, 'the process is broken; stopping');
    stop(reason);
  };
  const onException = (error: unknown, origin?: string) => handle('uncaughtException', error, origin);
  const onRejection = (reason: unknown) => handle('unhandledRejection', reason);
  target.on('uncaughtException', onException);
  target.on('unhandledRejection', onRejection);
  return () => {
    target.off('uncaughtException', onException);
    target.off('unhandledRejection', onRejection);
  };
}

function describe(value: unknown): string {
  try {
    return typeof value === 'string'
      ? value.slice(0, 200)
      : (JSON.stringify(value)?.slice(0, 200) ?? String(value));
  } catch {
    return String(value);
  }
}
