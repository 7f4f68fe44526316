import { Redis } from 'ioredis';
import type { Clock } from './clock.js';
import { AppError } from './errors.js';
import type { Logger } from './logger.js';

/**
 * State that every node must see: counters (rate limits, lockouts), short-lived values
 * (one-time challenges, cached verdicts). Two implementations behave the same: in-process
 * for one node, Redis for a cluster. Nothing else may assume a single process.
 *
 * Counters and values share one key space; a counter read with `get` is its decimal text.
 * Keys are at most 1,024 characters; durations are whole milliseconds above zero.
 *
 * Time: the memory implementation judges expiry by the injected `Clock` (tests move it);
 * Redis expires keys by its own real time, and reports times by this process's wall clock.
 */
export interface SharedState {
  /**
   * Adds `by` to a fixed-window counter. The window starts at the first increment and ends
   * `windowMs` later, whatever happens in between; then the key is gone and the next
   * increment starts a new window. Atomic across nodes.
   * `resetAt` is when the window ends (epoch ms), `ttlMs` how long until then.
   */
  increment(key: string, windowMs: number, by?: number): Promise<CounterValue>;
  /** The counter's current value: 0 when absent, expired or not a counter. Never creates it. */
  peek(key: string): Promise<number>;
  /** Removes a counter (same as `delete`). */
  reset(key: string): Promise<void>;
  /** Stores a value for `ttlMs`, replacing any value or counter under the key. */
  put(key: string, value: string, ttlMs: number): Promise<void>;
  /** Reads and removes a value in one step: of concurrent takers, exactly one gets it. */
  take(key: string): Promise<string | undefined>;
  get(key: string): Promise<string | undefined>;
  delete(key: string): Promise<void>;
  /**
   * Keeps a short list of the most recent distinct members under `key` (a value: members
   * newest first, joined by `,`): adds `member` at the front unless it is already listed,
   * drops all but the newest `keep`, and (re)starts the key's time at `ttlMs`. Answers whether
   * `member` was new. Atomic across nodes. Members are 1-128 characters without `,`.
   */
  remember(key: string, member: string, keep: number, ttlMs: number): Promise<boolean>;
  /** Releases timers and connections; later calls reject. */
  close(): Promise<void>;
}

export interface CounterValue {
  count: number;
  resetAt: number;
  ttlMs: number;
}

export const MAX_SHARED_STATE_KEY_LENGTH = 1024;

const closedError = () => new Error('shared state is closed');

function checkKey(key: string): void {
  if (typeof key !== 'string' || key.length === 0 || key.length > MAX_SHARED_STATE_KEY_LENGTH)
    throw new RangeError(`shared state key must be 1 to ${MAX_SHARED_STATE_KEY_LENGTH} characters`);
}

function checkDuration(name: string, ms: number): void {
  if (!Number.isSafeInteger(ms) || ms <= 0)
    throw new RangeError(`${name} must be a whole number of milliseconds above 0`);
}

function checkStep(by: number): void {
  if (!Number.isSafeInteger(by)) throw new RangeError('increment must be a whole number');
}

function checkMember(member: string, keep: number): void {
  if (typeof member !== 'string' || !/^[^,]{1,128}$/.test(member))
    throw new RangeError('a remembered member must be 1 to 128 characters without ","');
  if (!Number.isSafeInteger(keep) || keep < 1 || keep > 100)
    throw new RangeError('keep must be a whole number from 1 to 100');
}

/** The list after remembering `member`, and whether it was new. */
function rememberIn(list: string | undefined, member: string, keep: number): [string, boolean] {
  const members = list ? list.split(',') : [];
  if (members.includes(member)) return [members.slice(0, keep).join(','), false];
  return [[member, ...members].slice(0, keep).join(','), true];
}

const notACounter = () => new TypeError('shared state value is not a counter');

/** What Redis's INCRBY accepts as a counter (within 15 digits, so JavaScript holds it exactly). */
const INTEGER = /^(0|-?[1-9]\d{0,14})$/;
const asCount = (value: string | undefined | null): number =>
  value != null && INTEGER.test(value) ? Number(value) : 0;

// ---------------------------------------------------------------------------------------
// In-process

export interface MemorySharedStateOptions {
  /** How often expired entries are swept out (an unref'd timer). Default one minute. */
  sweepIntervalMs?: number;
  /**
   * The most entries held. When full, expired entries are swept first, then the least
   * recently written entry is dropped. Default 100,000.
   */
  maxEntries?: number;
}

export interface MemorySharedState extends SharedState {
  /** Entries held, expired ones not yet swept included. */
  readonly size: number;
  /** Drops expired entries now; returns how many. */
  sweep(): number;
}

interface Entry {
  value: string;
  expiresAt: number;
}

/** Shared state for a single node. Operations are atomic because they never yield. */
export function createMemorySharedState(
  clock: Clock,
  { sweepIntervalMs = 60_000, maxEntries = 100_000 }: MemorySharedStateOptions = {},
): MemorySharedState {
  checkDuration('sweepIntervalMs', sweepIntervalMs);
  if (!Number.isSafeInteger(maxEntries) || maxEntries < 1)
    throw new RangeError('maxEntries must be at least 1');
  const entries = new Map<string, Entry>();
  let closed = false;
  const now = () => clock.now().getTime();

  const live = (key: string): Entry | undefined => {
    const entry = entries.get(key);
    if (entry && entry.expiresAt <= now()) {
      entries.delete(key);
      return undefined;
    }
    return entry;
  };

  const sweep = (): number => {
    const at = now();
    let dropped = 0;
    for (const [key, entry] of entries) {
      if (entry.expiresAt <= at) {
        entries.delete(key);
        dropped++;
      }
    }
    return dropped;
  };

  /** Writes at the end of the map's order, so its first entry is the least recently written. */
  const write = (key: string, entry: Entry): void => {
    entries.delete(key);
    if (entries.size >= maxEntries) sweep();
    while (entries.size >= maxEntries) {
      const oldest = entries.keys().next();
      if (oldest.done) break;
      entries.delete(oldest.value);
    }
    entries.set(key, entry);
  };

  const timer = setInterval(sweep, sweepIntervalMs);
  timer.unref();

  /** Runs an operation as a promise: argument errors and use after close reject. */
  const op = <T>(run: () => T): Promise<T> => {
    try {
      if (closed) throw closedError();
      return Promise.resolve(run());
    } catch (error) {
      return Promise.reject(error);
    }
  };

  return {
    get size() {
      return entries.size;
    },
    sweep,
    increment: (key, windowMs, by = 1) =>
      op(() => {
        checkKey(key);
        checkDuration('windowMs', windowMs);
        checkStep(by);
        const entry = live(key);
        if (entry && !INTEGER.test(entry.value)) throw notACounter();
        const count = (entry ? Number(entry.value) : 0) + by;
        const expiresAt = entry ? entry.expiresAt : now() + windowMs;
        write(key, { value: String(count), expiresAt });
        return { count, resetAt: expiresAt, ttlMs: expiresAt - now() };
      }),
    peek: (key) =>
      op(() => {
        checkKey(key);
        return asCount(live(key)?.value);
      }),
    reset: (key) =>
      op(() => {
        checkKey(key);
        entries.delete(key);
      }),
    put: (key, value, ttlMs) =>
      op(() => {
        checkKey(key);
        checkDuration('ttlMs', ttlMs);
        if (typeof value !== 'string') throw new TypeError('shared state values are strings');
        write(key, { value, expiresAt: now() + ttlMs });
      }),
    take: (key) =>
      op(() => {
        checkKey(key);
        const entry = live(key);
        entries.delete(key);
        return entry?.value;
      }),
    get: (key) =>
      op(() => {
        checkKey(key);
        return live(key)?.value;
      }),
    delete: (key) =>
      op(() => {
        checkKey(key);
        entries.delete(key);
      }),
    remember: (key, member, keep, ttlMs) =>
      op(() => {
        checkKey(key);
        checkMember(member, keep);
        checkDuration('ttlMs', ttlMs);
        const [list, added] = rememberIn(live(key)?.value, member, keep);
        write(key, { value: list, expiresAt: now() + ttlMs });
        return added;
      }),
    async close() {
      closed = true;
      clearInterval(timer);
      entries.clear();
    },
  };
}

// ---------------------------------------------------------------------------------------
// Redis

export interface RedisSharedStateOptions {
  /** Prepended to every key, so several deployments (or test runs) can share one Redis. */
  keyPrefix?: string;
}

/**
 * INCRBY, and start the window when the key has none yet (a fresh key, or one written
 * without expiry). Returns the count and the milliseconds left in the window. A script
 * rather than INCRBY + PEXPIRE NX in MULTI so the TTL comes back in the same round trip.
 */
const INCREMENT_SCRIPT = `
local count = redis.call('INCRBY', KEYS[1], ARGV[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  ttl = tonumber(ARGV[2])
  redis.call('PEXPIRE', KEYS[1], ttl)
end
return { count, ttl }
`;

/**
 * `remember` in one step: the list is a plain string value (members joined by `,`, newest
 * first), so `get` reads it like any value. Returns 1 when the member was new.
 */
const REMEMBER_SCRIPT = `
local list = redis.call('GET', KEYS[1]) or ''
local member, keep = ARGV[1], tonumber(ARGV[2])
local members, found = {}, false
for item in string.gmatch(list, '[^,]+') do
  if item == member then found = true end
  table.insert(members, item)
end
if not found then table.insert(members, 1, member) end
while #members > keep do table.remove(members) end
redis.call('SET', KEYS[1], table.concat(members, ','), 'PX', ARGV[3])
if found then return 0 end
return 1
`;

interface ScriptedRedis extends Redis {
  gatehouseIncrement(key: string, by: number, windowMs: number): Promise<[number, number]>;
  gatehouseRemember(key: string, member: string, keep: number, ttlMs: number): Promise<number>;
}

/**
 * Shared state in Redis (2.6+; `take` uses GETDEL, Redis 6.2+). Start fails when Redis
 * cannot be reached, naming GATEHOUSE_REDIS_URL. Once running, a Redis outage is logged
 * (once a minute) and operations reject at once with an `unavailable` AppError rather than
 * queue: a sign-in must not hang on a dead Redis, and each caller decides whether to fail
 * open or closed. ioredis reconnects by itself.
 */
export async function createRedisSharedState(
  url: string,
  logger: Logger,
  { keyPrefix = 'gatehouse:' }: RedisSharedStateOptions = {},
): Promise<SharedState> {
  const redis = new Redis(url, {
    keyPrefix,
    lazyConnect: true,
    connectTimeout: 5000,
    commandTimeout: 2000,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
  }) as ScriptedRedis;
  redis.defineCommand('gatehouseIncrement', { numberOfKeys: 1, lua: INCREMENT_SCRIPT });
  redis.defineCommand('gatehouseRemember', { numberOfKeys: 1, lua: REMEMBER_SCRIPT });
  let lastError = 0;
  redis.on('error', (error: Error) => {
    // ioredis retries by itself; one line a minute is enough to tell the operator.
    if (Date.now() - lastError > 60_000) logger.error({ err: error }, 'redis shared state error');
    lastError = Date.now();
  });
  try {
    await redis.connect();
  } catch (error) {
    redis.disconnect();
    throw new Error(`cannot reach Redis at GATEHOUSE_REDIS_URL (${(error as Error).message})`);
  }

  let closed = false;
  /** Validates, then runs a command; a Redis failure becomes an `unavailable` AppError. */
  const op = async <T>(check: () => void, run: () => Promise<T>): Promise<T> => {
    if (closed) throw closedError();
    check();
    try {
      return await run();
    } catch (error) {
      if ((error as Error).name === 'ReplyError' && /not an integer/.test((error as Error).message))
        throw notACounter();
      const unavailable = new AppError(
        'sharedStateUnavailable',
        'unavailable',
        'The shared state store is unavailable.',
      );
      unavailable.cause = error;
      throw unavailable;
    }
  };

  return {
    increment: (key, windowMs, by = 1) =>
      op(
        () => {
          checkKey(key);
          checkDuration('windowMs', windowMs);
          checkStep(by);
        },
        async () => {
          const [count, ttlMs] = await redis.gatehouseIncrement(key, by, windowMs);
          return { count: Number(count), resetAt: Date.now() + Number(ttlMs), ttlMs: Number(ttlMs) };
        },
      ),
    peek: (key) =>
      op(
        () => checkKey(key),
        async () => asCount(await redis.get(key)),
      ),
    reset: (key) =>
      op(
        () => checkKey(key),
        async () => void (await redis.del(key)),
      ),
    put: (key, value, ttlMs) =>
      op(
        () => {
          checkKey(key);
          checkDuration('ttlMs', ttlMs);
          if (typeof value !== 'string') throw new TypeError('shared state values are strings');
        },
        async () => void (await redis.set(key, value, 'PX', ttlMs)),
      ),
    take: (key) =>
      op(
        () => checkKey(key),
        async () => (await redis.getdel(key)) ?? undefined,
      ),
    get: (key) =>
      op(
        () => checkKey(key),
        async () => (await redis.get(key)) ?? undefined,
      ),
    delete: (key) =>
      op(
        () => checkKey(key),
        async () => void (await redis.del(key)),
      ),
    remember: (key, member, keep, ttlMs) =>
      op(
        () => {
          checkKey(key);
          checkMember(member, keep);
          checkDuration('ttlMs', ttlMs);
        },
        async () => (await redis.gatehouseRemember(key, member, keep, ttlMs)) === 1,
      ),
    async close() {
      if (closed) return;
      closed = true;
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
