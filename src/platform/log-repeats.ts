import type { Logger } from './logger.js';

type Level = 'fatal' | 'error' | 'warn' | 'info';
type LogTarget = Pick<Logger, Level>;
type Fields = Record<string, unknown> & { err?: unknown };

export interface RepeatLimitOptions {
  /** Lines of one kind written per window; past it they are only counted. */
  limit?: number;
  windowMs?: number;
  /** Kinds remembered at once; the oldest is summarised and forgotten first. */
  maxKinds?: number;
  /** How often ended windows are summarised (0: only by `sweep`, `close`, or when the kind comes back). */
  sweepEveryMs?: number;
  now?: () => number;
}

export interface LineOptions {
  /** The logger of this line (a request's child logger, with its bindings); the limiter's own by default. */
  logger?: LogTarget;
  /** Where it comes from, when the error alone does not say (a job's name). */
  place?: string;
}

export interface RepeatLimitedLog {
  error(fields: Fields, message: string, options?: LineOptions): void;
  warn(fields: Fields, message: string, options?: LineOptions): void;
  /** Writes the summary of every window that has ended with lines held back. */
  sweep(): void;
  /** Stops the timer and writes every pending summary. */
  close(): void;
}

interface Kind {
  level: Level;
  message: string;
  windowStart: number;
  count: number;
  held: number;
  /** The error of the kind, without its stack, for the summary (as `error`: pino's `err` serializer wants an Error). */
  err?: Record<string, unknown>;
}

/**
 * Repeated identical lines, rate-limited: the same error (class, code, message and the place it
 * was thrown, or the `place` given) under the same message and level is written at most `limit`
 * times (10) per window (a minute); the rest are counted, and once the window has ended one line
 * says how many there were: "request failed (repeated 47 more times in 60 s)". For the error
 * paths that a broken dependency turns into one line per request or per retry.
 */
export function limitRepeats(logger: LogTarget, options: RepeatLimitOptions = {}): RepeatLimitedLog {
  const { limit = 10, windowMs = 60_000, maxKinds = 1000, now = Date.now } = options;
  const sweepEveryMs = options.sweepEveryMs ?? Math.min(windowMs, 10_000);
  const kinds = new Map<string, Kind>();

  const summarise = (kind: Kind) => {
    if (kind.held === 0) return;
    const windowSeconds = Math.round(windowMs / 1000);
    logger[kind.level](
      { repeated: kind.held, windowSeconds, ...(kind.err && { error: kind.err }) },
      `${kind.message} (repeated ${kind.held} more times in ${windowSeconds} s)`,
    );
  };

  const sweep = () => {
    const at = now();
    for (const [key, kind] of kinds) {
      if (at - kind.windowStart < windowMs) continue;
      summarise(kind);
      kinds.delete(key);
    }
  };

  const log = (level: Level, fields: Fields, message: string, line: LineOptions = {}) => {
    const at = now();
    const key = `${level}\0${line.place ?? ''}\0${message}\0${signature(fields.err)}`;
    let kind = kinds.get(key);
    if (kind && at - kind.windowStart >= windowMs) {
      summarise(kind);
      kinds.delete(key);
      kind = undefined;
    }
    if (!kind) {
      if (kinds.size >= maxKinds) sweep();
      if (kinds.size >= maxKinds) {
        const [oldestKey, oldest] = kinds.entries().next().value as [string, Kind];
        summarise(oldest);
        kinds.delete(oldestKey);
      }
      kind = { level, message, windowStart: at, count: 0, held: 0, err: summaryOf(fields.err) };
      kinds.set(key, kind);
    }
    kind.count++;
    if (kind.count <= limit) (line.logger ?? logger)[level](fields, message);
    else kind.held++;
  };

  const timer = sweepEveryMs > 0 ? setInterval(sweep, sweepEveryMs) : undefined;
  timer?.unref();

  return {
    error: (fields, message, line) => log('error', fields, message, line),
    warn: (fields, message, line) => log('warn', fields, message, line),
    sweep,
    close() {
      if (timer) clearInterval(timer);
      for (const kind of kinds.values()) summarise(kind);
      kinds.clear();
    },
  };
}

/** What makes two errors the same: class, code, message, and the first frame of the stack. */
function signature(err: unknown): string {
  if (!(err instanceof Error)) return err === undefined ? '' : String(err).slice(0, 200);
  const code = (err as { code?: unknown }).code;
  const frame = err.stack?.split('\n').find((line) => line.trimStart().startsWith('at ')) ?? '';
  return `${err.name}\0${code ?? ''}\0${err.message.slice(0, 200)}\0${frame.trim()}`;
}

function summaryOf(err: unknown): Record<string, unknown> | undefined {
  if (!(err instanceof Error)) return undefined;
  const code = (err as { code?: unknown }).code;
  return { type: err.name, ...(code !== undefined && { code }), message: err.message };
}
