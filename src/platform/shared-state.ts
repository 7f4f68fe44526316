import { Redis } from 'ioredis';
import { type Clock, systemClock } from './clock.js';
import type { Logger } from './logger.js';
import { createRedisHealth, REDIS_RECONNECT_MAX_MS, type RedisHealth } from './redis-health.js';

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
 *
 * Availability: operations never wait on, nor fail for, an unreachable Redis: meanwhile the
 * Redis implementation works on this node's own memory (see `createRedisSharedState`), so
 * "every node sees it" holds only while Redis is up. Callers that keep something across
 * nodes (a multi-page flow, a lockout) must tolerate not finding it.
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
  /**
   * Where operations go while Redis is unreachable. Default: an in-process state on the
   * system clock (give one on the node's clock to judge its expiry by that clock).
   */
  fallback?: MemorySharedState;
  /**
   * How long one command may take before Redis counts as unreachable (a hung server, a network
   * that drops packets). Default 500 ms.
   */
  commandTimeoutMs?: number;
  /** Shared with the event bus, so one outage makes one warning. Default: one of its own. */
  health?: RedisHealth;
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

/** How often a connection that timed out (but did not close) is asked whether it answers again. */
const PROBE_INTERVAL_MS = 1000;

const isReplyError = (error: unknown) => (error as Error)?.name === 'ReplyError';

/**
 * Shared state in Redis (2.6+; `take` uses GETDEL, Redis 6.2+). Start fails when Redis cannot
 * be reached, naming GATEHOUSE_REDIS_URL (a wrong URL shows at once).
 *
 * Once running, a Redis outage degrades rather than breaks: while Redis is unreachable (its
 * connection closed, or a command took longer than `commandTimeoutMs`), every operation runs
 * at once on this node's in-process `fallback`, so no caller waits on, or fails for, a dead
 * Redis — commands are never queued (no offline queue). What that means: counters and values
 * are this node's own for the duration (a limit counts per node; a value written on one node
 * is not seen by another). When Redis is back, operations go to it again; reads that find
 * nothing there still look in the fallback (and deletes clear both), so what this node wrote
 * meanwhile (a pending one-time code, a lock) lasts until it expires. The outage is logged
 * once as a warning and its end as one line (see `RedisHealth`); ioredis reconnects by itself,
 * at most a second apart.
 */
export async function createRedisSharedState(
  url: string,
  logger: Logger,
  {
    keyPrefix = 'gatehouse:',
    fallback = createMemorySharedState(systemClock),
    commandTimeoutMs = 500,
    health = createRedisHealth(logger),
  }: RedisSharedStateOptions = {},
): Promise<SharedState> {
  checkDuration('commandTimeoutMs', commandTimeoutMs);
  const redis = new Redis(url, {
    keyPrefix,
    lazyConnect: true,
    connectTimeout: 5000,
    commandTimeout: commandTimeoutMs,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    retryStrategy: (times) => Math.min(times * 100, REDIS_RECONNECT_MAX_MS),
  }) as ScriptedRedis;
  redis.defineCommand('gatehouseIncrement', { numberOfKeys: 1, lua: INCREMENT_SCRIPT });
  redis.defineCommand('gatehouseRemember', { numberOfKeys: 1, lua: REMEMBER_SCRIPT });
  // ioredis emits an 'error' for each failed reconnection: the health tells the operator once.
  redis.on('error', () => {});
  try {
    await redis.connect();
  } catch (error) {
    redis.disconnect();
    await fallback.close();
    throw new Error(`cannot reach Redis at GATEHOUSE_REDIS_URL (${(error as Error).message})`);
  }
  const CONNECTION = 'shared state';
  const unwatch = health.watch(CONNECTION, redis);

  /** Set when a command failed on a connection that still looks open; cleared by a probe or 'ready'. */
  let suspect = false;
  let probe: NodeJS.Timeout | undefined;
  const clearSuspicion = () => {
    suspect = false;
    if (probe) clearInterval(probe);
    probe = undefined;
  };
  redis.on('ready', clearSuspicion);
  const suspectRedis = (error: unknown) => {
    if (suspect) return;
    suspect = true;
    health.markDown(CONNECTION, (error as Error)?.message ?? String(error));
    probe = setInterval(() => {
      if (redis.status !== 'ready') return; // reconnecting: 'ready' will tell
      redis.ping().then(
        () => {
          if (!suspect) return;
          clearSuspicion();
          health.markUp(CONNECTION);
        },
        () => {},
      );
    }, PROBE_INTERVAL_MS);
    probe.unref();
  };
  const reachable = () => !suspect && redis.status === 'ready';

  let closed = false;
  /**
   * Validates, then runs the command on Redis, or `local` on the fallback while Redis cannot
   * be reached (a connection error or timeout also marks Redis unreachable).
   */
  const op = async <T>(
    check: () => void,
    remote: () => Promise<T>,
    local: (state: MemorySharedState) => Promise<T>,
  ): Promise<T> => {
    if (closed) throw closedError();
    check();
    if (!reachable()) return local(fallback);
    try {
      return await remote();
    } catch (error) {
      if (isReplyError(error) && /not an integer/.test((error as Error).message)) throw notACounter();
      // A server-side refusal (out of memory, a read-only replica) is this command's alone.
      if (!isReplyError(error)) suspectRedis(error);
      return local(fallback);
    }
  };
  /** What the fallback holds for a key Redis does not have (only when it holds anything). */
  const leftover = <T>(read: () => Promise<T>, none: T): Promise<T> =>
    fallback.size > 0 ? read() : Promise.resolve(none);

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
        (local) => local.increment(key, windowMs, by),
      ),
    peek: (key) =>
      op(
        () => checkKey(key),
        async () => asCount(await redis.get(key)) || leftover(() => fallback.peek(key), 0),
        (local) => local.peek(key),
      ),
    reset: (key) =>
      op(
        () => checkKey(key),
        async () => {
          await redis.del(key);
          await leftover(() => fallback.reset(key), undefined);
        },
        (local) => local.reset(key),
      ),
    put: (key, value, ttlMs) =>
      op(
        () => {
          checkKey(key);
          checkDuration('ttlMs', ttlMs);
          if (typeof value !== 'string') throw new TypeError('shared state values are strings');
        },
        async () => void (await redis.set(key, value, 'PX', ttlMs)),
        (local) => local.put(key, value, ttlMs),
      ),
    take: (key) =>
      op(
        () => checkKey(key),
        async () => (await redis.getdel(key)) ?? leftover(() => fallback.take(key), undefined),
        (local) => local.take(key),
      ),
    get: (key) =>
      op(
        () => checkKey(key),
        async () => (await redis.get(key)) ?? leftover(() => fallback.get(key), undefined),
        (local) => local.get(key),
      ),
    delete: (key) =>
      op(
        () => checkKey(key),
        async () => {
          await redis.del(key);
          await leftover(() => fallback.delete(key), undefined);
        },
        (local) => local.delete(key),
      ),
    remember: (key, member, keep, ttlMs) =>
      op(
        () => {
          checkKey(key);
          checkMember(member, keep);
          checkDuration('ttlMs', ttlMs);
        },
        async () => (await redis.gatehouseRemember(key, member, keep, ttlMs)) === 1,
        (local) => local.remember(key, member, keep, ttlMs),
      ),
    async close() {
      if (closed) return;
      closed = true;
      clearSuspicion();
      unwatch();
      await redis.quit().catch(() => redis.disconnect());
      await fallback.close();
    },
  };
}
