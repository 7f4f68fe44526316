import { AppError, type Clock, type Logger, newId } from '../platform/index.js';
import type { Db } from '../storage/index.js';
import type { SignIn, SignInEntry } from './model.js';
import {
  isRowError,
  MAX_ROWS_PER_INSERT,
  type SignInRow,
  signInStore,
  toSignIn,
  toSignInRow,
} from './store.js';

/** A sign-in log entry as its batch's transaction writes it (for the event webhooks' outbox). */
export interface WrittenSignIn {
  tenantId: string;
  userId: string | null;
  /** 0 for a success. */
  errorCode: number;
  /** The Graph signIn the log shows (built on demand). */
  signIn: () => SignIn;
}

export interface SignInRecorderDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  /**
   * Group commit: how long the first entry someone waits on (`commit`) waits for others to
   * share its INSERT. Entries that come while a batch is being written go with the next one,
   * written as soon as that one is done.
   */
  commitWindowMs?: number;
  /** How often entries nobody waits on (`record`) are written, and how often a failed write is retried. */
  flushIntervalMs?: number;
  /** Entries per INSERT; a full batch is written at once. */
  maxBatch?: number;
  /** Entries held while the database cannot be written; past it the oldest are dropped. */
  maxQueue?: number;
  /**
   * Runs in the transaction that writes a batch, with the entries it wrote (the event
   * webhooks' outbox): its writes commit with the entries, and its failure fails the batch.
   */
  onWritten?: (trx: Db, written: WrittenSignIn[]) => Promise<void>;
}

export interface SignInRecorder {
  /**
   * Queues one sign-in and returns its id at once; never waits, never throws. The entry is
   * written with the next batch, and kept for a later one while the database cannot be written.
   * For sign-ins nobody is told succeeded (failures, interruptions).
   */
  record(entry: SignInEntry): string;
  /**
   * Queues one sign-in and resolves with its id once the batch holding it is written: durable.
   * Rejects if that write fails (the database is down, or refuses the entry); the entry is then
   * not kept, so the caller must not acknowledge the sign-in. For successful sign-ins: the client
   * gets its code or token only after this resolves.
   */
  commit(entry: SignInEntry): Promise<string>;
  /** Resolves when every entry queued before the call is written; rejects if a write fails. */
  flush(): Promise<void>;
  /** Stops the timers and writes everything still queued. Never rejects (a failure is logged). */
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

interface Waiter {
  resolve: (id: string) => void;
  reject: (error: unknown) => void;
}

/** One queued entry; `waiter` when a caller waits for it to be durable. */
interface Item {
  id: string;
  row: SignInRow;
  waiter?: Waiter;
}

/** When the next write runs: now (a full batch, a flush), after the commit window, or on the tick. */
const Due = { Now: 0, Window: 1, Tick: 2 } as const;
type Due = (typeof Due)[keyof typeof Due];

/** Why a sign-in waiting for its record fails when no database error says it: a 503, "try again". */
export const SIGN_IN_LOG_UNAVAILABLE = 'sign_in_log_unavailable';
const unavailable = (why: string) =>
  new AppError(
    SIGN_IN_LOG_UNAVAILABLE,
    'unavailable',
    `The sign-in could not be recorded (${why}). Try again.`,
  );

/**
 * Records sign-ins in batches, one multi-row INSERT each, with group commit for the ones that
 * must be durable before they are acknowledged:
 * - `commit` queues an entry and arms a short window (`commitWindowMs`); when it ends (or the
 *   batch is full) the queue is written and every waiter of the batch is answered. While one
 *   batch is written the next fills up, and goes as soon as the first is done: under load,
 *   batches grow with the rate, and each sign-in waits about one write.
 * - `record` queues an entry nobody waits on; it goes with the next batch, or on the tick.
 * A batch that cannot be written fails its waiters (their sign-ins fail) and keeps the other
 * entries for the next tick, up to `maxQueue`; an entry the database refuses (its tenant was
 * deleted meanwhile) is dropped alone, so it never holds back the others.
 */
export function createSignInRecorder({
  db,
  clock,
  logger,
  commitWindowMs = 5,
  flushIntervalMs = 250,
  maxBatch = 500,
  maxQueue = 50_000,
  onWritten,
}: SignInRecorderDeps): SignInRecorder {
  const queueLimit = Math.max(1, Math.floor(maxQueue));
  const batchSize = Math.max(1, Math.min(Math.floor(maxBatch), MAX_ROWS_PER_INSERT, queueLimit));
  const queue = new Fifo<Item>();
  let inFlight = 0;
  /** Entries ever queued, and entries that left the queue (written, refused or dropped). */
  let queued = 0;
  let settled = 0;
  /** Queued entries someone waits on. */
  let waiting = 0;
  let overflowed = 0;
  let closed = false;
  let closing: Promise<void> | undefined;
  let writing: Promise<void> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let timerDue: Due = Due.Tick;
  /** `flush` calls: each waits until `settled` reaches its target. */
  const barriers: { target: number; resolve: () => void; reject: (error: unknown) => void }[] = [];
  let lastErrorLog = Number.NEGATIVE_INFINITY;
  let failing = false;

  function logWriteError(error: unknown): void {
    failing = true;
    // Retried every tick while the database is away: one line a minute tells the operator.
    const now = clock.now().getTime();
    if (now - lastErrorLog < ERROR_LOG_INTERVAL_MS) return;
    lastErrorLog = now;
    logger.error(
      { err: error, pending: queue.length },
      'sign-in log write failed; will retry (sign-ins waiting for it are refused)',
    );
  }

  function reportOverflow(): void {
    if (overflowed === 0) return;
    logger.warn(
      { dropped: overflowed, maxQueue: queueLimit },
      'sign-in log queue full: oldest entries dropped',
    );
    overflowed = 0;
  }

  /** Leaves the queue for good; its waiter, if any, hears why. */
  function drop(item: Item, error: unknown): void {
    settled++;
    if (item.waiter) item.waiter.reject(error);
  }

  /** Drops the oldest waiting entries beyond the bound. */
  function trim(): void {
    const excess = queue.length + inFlight - queueLimit;
    if (excess <= 0) return;
    const dropped = queue.take(excess);
    for (const item of dropped) {
      if (item.waiter) waiting--;
      drop(item, unavailable('the sign-in log queue is full'));
    }
    overflowed += dropped.length;
  }

  function settleBarriers(error?: unknown): void {
    for (let i = barriers.length - 1; i >= 0; i--) {
      const barrier = barriers[i] as (typeof barriers)[number];
      if (error !== undefined) barrier.reject(error);
      else if (settled >= barrier.target) barrier.resolve();
      else continue;
      barriers.splice(i, 1);
    }
  }

  const written =
    onWritten &&
    ((trx: Db, rows: SignInRow[]) =>
      onWritten(
        trx,
        rows.map((row) => ({
          tenantId: row.tenant_id,
          userId: row.user_id,
          errorCode: row.error_code,
          signIn: () => toSignIn(row),
        })),
      ));

  /**
   * Writes items; when the database cannot be reached, returns the error and the items still to
   * write. Items the database refuses (see `isRowError`) are isolated by writing one at a time,
   * and dropped, so that one of them never holds back the others.
   */
  async function write(items: Item[]): Promise<{ error: unknown; remaining: Item[] } | undefined> {
    try {
      await signInStore.insertMany(
        db,
        items.map((item) => item.row),
        written,
      );
      settled += items.length;
      for (const item of items) item.waiter?.resolve(item.id);
      return undefined;
    } catch (error) {
      if (!isRowError(error)) return { error, remaining: items };
    }
    let refused = 0;
    const reportRefused = () => {
      if (refused) logger.warn({ dropped: refused }, 'sign-in log entries refused by the database');
    };
    for (const [index, item] of items.entries()) {
      try {
        await signInStore.insertMany(db, [item.row], written);
      } catch (error) {
        if (!isRowError(error)) {
          reportRefused();
          return { error, remaining: items.slice(index) };
        }
        refused++;
        drop(item, error);
        continue;
      }
      settled++;
      item.waiter?.resolve(item.id);
    }
    reportRefused();
    return undefined;
  }

  /** Writes one batch from the head of the queue; returns the error when the database is away. */
  async function writeBatch(): Promise<unknown> {
    const items = queue.take(batchSize);
    for (const item of items) if (item.waiter) waiting--;
    inFlight = items.length;
    const failure = await write(items).finally(() => {
      inFlight = 0;
    });
    if (failure) {
      // A waiter's sign-in fails now (its caller logs it as such); the others wait for a retry.
      const kept: Item[] = [];
      for (const item of failure.remaining) {
        if (item.waiter) drop(item, failure.error);
        else kept.push(item);
      }
      queue.restore(kept);
      trim();
      logWriteError(failure.error);
      settleBarriers(failure.error);
      return failure.error;
    }
    if (failing) {
      failing = false;
      lastErrorLog = Number.NEGATIVE_INFINITY;
      logger.info({ pending: queue.length }, 'sign-in log writes resumed');
    }
    settleBarriers();
    return undefined;
  }

  /** The one writer: batch after batch while someone waits, then back to the timers. */
  function pump(): Promise<void> {
    if (writing) return writing;
    const run = (async () => {
      reportOverflow();
      while (queue.length > 0) {
        if ((await writeBatch()) !== undefined) break;
        // What came in meanwhile goes now if someone waits for it; the rest on the tick.
        if (waiting === 0 && barriers.length === 0 && queue.length < batchSize && !closed) break;
      }
    })().finally(() => {
      // Always later than the assignment below, even when the loop had nothing to do.
      writing = undefined;
      if (queue.length > 0) arm(waiting > 0 || barriers.length > 0 ? Due.Window : Due.Tick);
    });
    writing = run;
    return run;
  }

  /** Makes sure a write runs by `due` (an earlier one armed stays). The running writer needs none. */
  function arm(due: Due): void {
    if (closed || writing) return;
    if (timer) {
      if (timerDue <= due) return;
      clearTimeout(timer);
    }
    timerDue = due;
    const delay = due === Due.Now ? 0 : due === Due.Window ? commitWindowMs : flushIntervalMs;
    timer = setTimeout(() => {
      timer = undefined;
      pump().catch(() => undefined); // a failure is logged in writeBatch
    }, delay);
    // Only the tick may let the process exit: someone waits on the others.
    if (due === Due.Tick) timer.unref?.();
  }

  function enqueue(entry: SignInEntry, waiter?: Waiter): string {
    const id = newId();
    queue.push({ id, row: toSignInRow(entry, id, clock.now().toISOString()), waiter });
    queued++;
    if (waiter) waiting++;
    trim();
    arm(queue.length >= batchSize ? Due.Now : waiter ? Due.Window : Due.Tick);
    return id;
  }

  return {
    record(entry: SignInEntry): string {
      if (closed) {
        logger.warn({ correlationId: entry.correlationId }, 'sign-in recorded after shutdown: not written');
        return newId();
      }
      try {
        return enqueue(entry);
      } catch (error) {
        // A malformed entry must never fail the sign-in it describes.
        logger.error({ err: error, correlationId: entry?.correlationId }, 'sign-in entry not recorded');
        return newId();
      }
    },

    commit(entry: SignInEntry): Promise<string> {
      if (closed) return Promise.reject(unavailable('the node is shutting down'));
      return new Promise<string>((resolve, reject) => {
        // A malformed entry rejects too: a sign-in is acknowledged only with its record.
        enqueue(entry, { resolve, reject });
      });
    },

    flush(): Promise<void> {
      const target = queued;
      if (settled >= target) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        barriers.push({ target, resolve, reject });
        if (!closed) pump().catch(() => undefined); // a running writer goes on until it is reached
      });
    },

    close(): Promise<void> {
      closing ??= (async () => {
        closed = true;
        if (timer) clearTimeout(timer);
        timer = undefined;
        await writing?.catch(() => undefined);
        let error: unknown;
        while (queue.length > 0 && error === undefined) error = await writeBatch();
        if (error !== undefined) {
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
