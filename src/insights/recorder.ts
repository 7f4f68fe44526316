import { type Clock, type Logger, newId } from '../platform/index.js';
import type { Db } from '../storage/index.js';
import type { SignInEntry } from './model.js';
import { isRowError, MAX_ROWS_PER_INSERT, type SignInRow, signInStore, toSignInRow } from './store.js';

export interface SignInRecorderDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  /** How often queued entries are written. */
  flushIntervalMs?: number;
  /** Entries per INSERT. */
  maxBatch?: number;
  /** Entries held while the database cannot be written; past it the oldest are dropped. */
  maxQueue?: number;
}

export interface SignInRecorder {
  /**
   * Queues one sign-in and returns its id at once; never waits, never throws. The entry is
   * written with the next batch.
   */
  record(entry: SignInEntry): string;
  /** Resolves when every entry queued before the call is written; rejects if a write fails. */
  flush(): Promise<void>;
  /** Stops the timer and writes everything still queued. Never rejects (a failure is logged). */
  close(): Promise<void>;
  /** Entries queued or being written. */
  readonly pending: number;
}

/** A first-in first-out queue with amortised O(1) removal at the head. */
class Fifo<T> {
  #items: (T | undefined)[] = [];
  #head = 0;

  get length(): number {
    return this.#items.length - this.#head;
  }

  push(item: T): void {
    this.#items.push(item);
  }

  /** Removes up to `count` items from the head. */
  take(count: number): T[] {
    const taken = this.#items.slice(this.#head, this.#head + count) as T[];
    this.#items.fill(undefined, this.#head, this.#head + taken.length);
    this.#head += taken.length;
    this.#compact();
    return taken;
  }

  /** Puts items back at the head, in order. */
  restore(items: T[]): void {
    if (items.length === 0) return;
    this.#items = [...items, ...this.#items.slice(this.#head)];
    this.#head = 0;
  }

  #compact(): void {
    if (this.#head === this.#items.length) {
      this.#items = [];
      this.#head = 0;
    } else if (this.#head > 1024 && this.#head * 2 > this.#items.length) {
      this.#items = this.#items.slice(this.#head);
      this.#head = 0;
    }
  }
}

const ERROR_LOG_INTERVAL_MS = 60_000;

/**
 * Records sign-ins without slowing sign-in down: `record` only queues; a timer writes the
 * queue in batches (one multi-row INSERT each). A batch that cannot be written stays queued
 * for the next tick, up to `maxQueue` entries; an entry the database refuses (its tenant was
 * deleted meanwhile) is dropped alone so it never holds back the others.
 */
export function createSignInRecorder({
  db,
  clock,
  logger,
  flushIntervalMs = 250,
  maxBatch = 500,
  maxQueue = 50_000,
}: SignInRecorderDeps): SignInRecorder {
  const queueLimit = Math.max(1, Math.floor(maxQueue));
  const batchSize = Math.max(1, Math.min(Math.floor(maxBatch), MAX_ROWS_PER_INSERT, queueLimit));
  const queue = new Fifo<SignInRow>();
  let inFlight = 0;
  /** Entries ever queued, and entries that left the queue (written or dropped). */
  let queued = 0;
  let settled = 0;
  let overflowed = 0;
  let closed = false;
  let closing: Promise<void> | undefined;
  let writing: Promise<void> | undefined;
  let lastErrorLog = Number.NEGATIVE_INFINITY;
  let failing = false;

  function logWriteError(error: unknown): void {
    failing = true;
    // Retried every tick while the database is away: one line a minute tells the operator.
    const now = clock.now().getTime();
    if (now - lastErrorLog < ERROR_LOG_INTERVAL_MS) return;
    lastErrorLog = now;
    logger.error({ err: error, pending: queue.length }, 'sign-in log write failed; will retry');
  }

  function reportOverflow(): void {
    if (overflowed === 0) return;
    logger.warn(
      { dropped: overflowed, maxQueue: queueLimit },
      'sign-in log queue full: oldest entries dropped',
    );
    overflowed = 0;
  }

  /** Drops the oldest waiting entries beyond the bound. */
  function trim(): void {
    const excess = queue.length + inFlight - queueLimit;
    if (excess <= 0) return;
    const dropped = queue.take(excess).length;
    settled += dropped;
    overflowed += dropped;
  }

  /**
   * Writes rows; when the database cannot be reached, returns the error and the rows still to
   * write. Rows the database refuses (see `isRowError`) are isolated by writing one at a time,
   * and dropped, so that one of them never holds back the others.
   */
  async function write(rows: SignInRow[]): Promise<{ error: unknown; remaining: SignInRow[] } | undefined> {
    try {
      await signInStore.insertMany(db, rows);
      settled += rows.length;
      return undefined;
    } catch (error) {
      if (!isRowError(error)) return { error, remaining: rows };
    }
    let refused = 0;
    const reportRefused = () => {
      if (refused) logger.warn({ dropped: refused }, 'sign-in log entries refused by the database');
    };
    for (const [index, row] of rows.entries()) {
      try {
        await signInStore.insertMany(db, [row]);
      } catch (error) {
        if (!isRowError(error)) {
          reportRefused();
          return { error, remaining: rows.slice(index) };
        }
        refused++;
      }
      settled++;
    }
    reportRefused();
    return undefined;
  }

  async function writeBatch(): Promise<void> {
    const rows = queue.take(batchSize);
    inFlight = rows.length;
    const failure = await write(rows).finally(() => {
      inFlight = 0;
    });
    if (failure) {
      queue.restore(failure.remaining);
      trim();
      logWriteError(failure.error);
      throw failure.error;
    }
    if (failing) {
      failing = false;
      lastErrorLog = Number.NEGATIVE_INFINITY;
      logger.info({ pending: queue.length }, 'sign-in log writes resumed');
    }
  }

  /** Writes until every entry queued before `target` has left the queue. One writer at a time. */
  function drain(target: number): Promise<void> {
    const previous = writing ?? Promise.resolve();
    const run = previous
      .catch(() => undefined)
      .then(async () => {
        reportOverflow();
        while (settled < target && queue.length > 0) await writeBatch();
      });
    writing = run;
    const clear = () => {
      if (writing === run) writing = undefined;
    };
    run.then(clear, clear);
    return run;
  }

  const timer = setInterval(() => {
    if (writing || queue.length === 0) return;
    drain(queued).catch(() => undefined); // logged in writeBatch
  }, flushIntervalMs);
  timer.unref();

  return {
    record(entry: SignInEntry): string {
      const id = newId();
      if (closed) {
        logger.warn({ correlationId: entry.correlationId }, 'sign-in recorded after shutdown: not written');
        return id;
      }
      try {
        queue.push(toSignInRow(entry, id, clock.now().toISOString()));
        queued++;
        trim();
      } catch (error) {
        // A malformed entry must never fail the sign-in it describes.
        logger.error({ err: error, correlationId: entry?.correlationId }, 'sign-in entry not recorded');
      }
      return id;
    },

    flush(): Promise<void> {
      return drain(queued);
    },

    close(): Promise<void> {
      closing ??= (async () => {
        closed = true;
        clearInterval(timer);
        try {
          await drain(queued);
        } catch (error) {
          logger.error(
            { err: error, lost: queue.length },
            'sign-in log entries could not be written at shutdown',
          );
        }
        reportOverflow();
      })();
      return closing;
    },

    get pending() {
      return queue.length + inFlight;
    },
  };
}
