import { randomUUID } from 'node:crypto';
import { type AddressInfo, connect, createServer, type Socket } from 'node:net';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createMemorySharedState,
  createRedisSharedState,
  ManualClock,
  type SharedState,
} from '../src/platform/index.js';

const REDIS_URL = process.env.GATEHOUSE_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
/** One prefix per run, so runs never see each other's keys; removed at the end. */
const PREFIX = `gatehouse-test:${randomUUID()}:`;
const silent = pino({ level: 'silent' });

/** Windows short enough for real time (Redis), long enough not to lapse between two calls. */
const WINDOW = 200;

interface Harness {
  state: SharedState;
  /** The implementation's notion of now (the manual clock, or wall time for Redis). */
  now(): number;
  /** Lets `ms` pass: moves the clock, or waits (bounded) for Redis's real time. */
  elapse(ms: number): Promise<void>;
}

const implementations: [string, () => Promise<Harness>][] = [
  [
    'memory',
    async () => {
      const clock = new ManualClock(new Date('2025-01-01T00:00:00Z'));
      return {
        state: createMemorySharedState(clock),
        now: () => clock.now().getTime(),
        elapse: async (ms) => clock.advance(ms),
      };
    },
  ],
  [
    'redis',
    async () => ({
      state: await createRedisSharedState(REDIS_URL, silent, { keyPrefix: PREFIX }),
      now: () => Date.now(),
      // Redis expires a key the moment it is read after its deadline; a few ms of margin.
      elapse: (ms) => new Promise((resolve) => setTimeout(resolve, ms + 10)),
    }),
  ],
];

afterAll(async () => {
  const redis = new Redis(REDIS_URL);
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${PREFIX}*`, 'COUNT', 1000);
    if (keys.length) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
  redis.disconnect();
});

describe.each(implementations)('shared state: %s', (_name, create) => {
  let h: Harness;
  let key: (name: string) => string;
  beforeEach(async () => {
    h = await create();
    const scope = randomUUID();
    key = (name) => `${scope}:${name}`;
  });
  afterEach(async () => {
    await h.state.close();
  });

  it('counts from the first increment and ends the window windowMs later', async () => {
    const first = await h.state.increment(key('c'), 60_000);
    expect(first.count).toBe(1);
    expect(first.ttlMs).toBeGreaterThan(59_000);
    expect(first.ttlMs).toBeLessThanOrEqual(60_000);
    expect(first.resetAt - h.now()).toBeGreaterThan(59_000);
    expect(first.resetAt - h.now()).toBeLessThanOrEqual(60_000);
    expect((await h.state.increment(key('c'), 60_000)).count).toBe(2);
    expect((await h.state.increment(key('c'), 60_000, 5)).count).toBe(7);
    expect(await h.state.peek(key('c'))).toBe(7);
    expect(await h.state.get(key('c'))).toBe('7');
  });

  it('keeps a fixed window: later increments do not extend it; after it a new one starts', async () => {
    const first = await h.state.increment(key('w'), WINDOW);
    await h.elapse(WINDOW / 2);
    const second = await h.state.increment(key('w'), WINDOW * 10);
    expect(second.count).toBe(2);
    expect(Math.abs(second.resetAt - first.resetAt)).toBeLessThanOrEqual(20);
    await h.elapse(WINDOW / 2 + 5);
    expect(await h.state.peek(key('w'))).toBe(0);
    const fresh = await h.state.increment(key('w'), WINDOW);
    expect(fresh.count).toBe(1);
    expect(fresh.resetAt).toBeGreaterThan(first.resetAt);
  });

  it('peeks without creating, and reset forgets a counter', async () => {
    expect(await h.state.peek(key('p'))).toBe(0);
    expect(await h.state.get(key('p'))).toBeUndefined();
    await h.state.increment(key('p'), 60_000, 3);
    expect(await h.state.peek(key('p'))).toBe(3);
    await h.state.reset(key('p'));
    expect(await h.state.peek(key('p'))).toBe(0);
    expect((await h.state.increment(key('p'), 60_000)).count).toBe(1);
  });

  it('keeps counters apart by key', async () => {
    await h.state.increment(key('a'), 60_000, 2);
    await h.state.increment(key('b'), 60_000);
    expect(await h.state.peek(key('a'))).toBe(2);
    expect(await h.state.peek(key('b'))).toBe(1);
  });

  it('increments atomically under concurrency', async () => {
    const results = await Promise.all(
      Array.from({ length: 50 }, () => h.state.increment(key('race'), 60_000)),
    );
    expect(new Set(results.map((r) => r.count)).size).toBe(50);
    expect(Math.max(...results.map((r) => r.count))).toBe(50);
    expect(await h.state.peek(key('race'))).toBe(50);
  });

  it('remembers the newest distinct members, answering whether each was new', async () => {
    expect(await h.state.remember(key('r'), 'a', 3, 60_000)).toBe(true);
    expect(await h.state.remember(key('r'), 'a', 3, 60_000)).toBe(false);
    expect(await h.state.remember(key('r'), 'b', 3, 60_000)).toBe(true);
    expect(await h.state.remember(key('r'), 'c', 3, 60_000)).toBe(true);
    expect(await h.state.get(key('r'))).toBe('c,b,a');
    expect(await h.state.remember(key('r'), 'd', 3, 60_000)).toBe(true);
    expect(await h.state.get(key('r'))).toBe('d,c,b');
    // The oldest was dropped, so it is new again.
    expect(await h.state.remember(key('r'), 'a', 3, 60_000)).toBe(true);
    await expect(h.state.remember(key('r'), 'x,y', 3, 60_000)).rejects.toThrow(RangeError);
    await expect(h.state.remember(key('r'), 'x', 0, 60_000)).rejects.toThrow(RangeError);
  });

  it("restarts a remembered list's time at each call, and forgets it after", async () => {
    await h.state.remember(key('rt'), 'a', 3, WINDOW);
    await h.elapse(WINDOW / 2);
    await h.state.remember(key('rt'), 'a', 3, WINDOW);
    await h.elapse(WINDOW / 2 + 5);
    expect(await h.state.get(key('rt'))).toBe('a');
    await h.elapse(WINDOW / 2 + 5);
    expect(await h.state.get(key('rt'))).toBeUndefined();
    expect(await h.state.remember(key('rt'), 'a', 3, WINDOW)).toBe(true);
  });

  it('remembers atomically under concurrency: one caller finds a member new', async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, () => h.state.remember(key('rr'), 'same', 3, 60_000)),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('stores a value until its time is up; put replaces value and time', async () => {
    await h.state.put(key('v'), 'one', WINDOW);
    expect(await h.state.get(key('v'))).toBe('one');
    await h.state.put(key('v'), 'two', WINDOW * 2);
    await h.elapse(WINDOW + 5);
    expect(await h.state.get(key('v'))).toBe('two');
    await h.elapse(WINDOW);
    expect(await h.state.get(key('v'))).toBeUndefined();
    expect(await h.state.take(key('v'))).toBeUndefined();
  });

  it('takes a value once: of concurrent takers exactly one gets it', async () => {
    await h.state.put(key('otp'), 'challenge', 60_000);
    const taken = await Promise.all(Array.from({ length: 10 }, () => h.state.take(key('otp'))));
    expect(taken.filter((v) => v === 'challenge')).toHaveLength(1);
    expect(taken.filter((v) => v === undefined)).toHaveLength(9);
    expect(await h.state.get(key('otp'))).toBeUndefined();
  });

  it('deletes values; deleting what is absent is fine', async () => {
    await h.state.put(key('d'), 'x', 60_000);
    await h.state.delete(key('d'));
    expect(await h.state.get(key('d'))).toBeUndefined();
    await expect(h.state.delete(key('absent'))).resolves.toBeUndefined();
    await expect(h.state.reset(key('absent'))).resolves.toBeUndefined();
  });

  it('counts on from a value that is a number, and refuses one that is not', async () => {
    await h.state.put(key('n'), '4', 60_000);
    expect((await h.state.increment(key('n'), 1000)).count).toBe(5);
    await h.state.put(key('s'), 'text', 60_000);
    await expect(h.state.increment(key('s'), 1000)).rejects.toThrow(TypeError);
    expect(await h.state.peek(key('s'))).toBe(0);
    expect(await h.state.get(key('s'))).toBe('text');
  });

  it('rejects bad arguments and changes nothing', async () => {
    await expect(h.state.increment(key('bad'), 0)).rejects.toThrow(RangeError);
    await expect(h.state.increment(key('bad'), 1.5)).rejects.toThrow(RangeError);
    await expect(h.state.increment(key('bad'), 1000, 0.5)).rejects.toThrow(RangeError);
    await expect(h.state.put(key('bad'), 'x', -1)).rejects.toThrow(RangeError);
    await expect(h.state.get('')).rejects.toThrow(RangeError);
    await expect(h.state.get('k'.repeat(1025))).rejects.toThrow(RangeError);
    expect(await h.state.get(key('bad'))).toBeUndefined();
  });

  it('rejects every operation once closed', async () => {
    await h.state.close();
    await expect(h.state.increment(key('z'), 1000)).rejects.toThrow(/closed/);
    await expect(h.state.get(key('z'))).rejects.toThrow(/closed/);
    await expect(h.state.close()).resolves.toBeUndefined();
  });
});

describe('shared state: redis only', () => {
  it('fails at start, naming GATEHOUSE_REDIS_URL, when Redis cannot be reached', async () => {
    await expect(createRedisSharedState('redis://127.0.0.1:1', silent)).rejects.toThrow(
      /cannot reach Redis at GATEHOUSE_REDIS_URL/,
    );
  });

  it('is one state for every node on the same Redis', async () => {
    const a = await createRedisSharedState(REDIS_URL, silent, { keyPrefix: PREFIX });
    const b = await createRedisSharedState(REDIS_URL, silent, { keyPrefix: PREFIX });
    try {
      const k = `nodes:${randomUUID()}`;
      await a.increment(k, 60_000);
      expect((await b.increment(k, 60_000)).count).toBe(2);
      await a.put(`${k}:otp`, 'once', 60_000);
      expect(await b.take(`${k}:otp`)).toBe('once');
      expect(await a.take(`${k}:otp`)).toBeUndefined();
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('keeps its keys under the prefix', async () => {
    const state = await createRedisSharedState(REDIS_URL, silent, { keyPrefix: PREFIX });
    const raw = new Redis(REDIS_URL);
    try {
      await state.put('prefixed', 'yes', 60_000);
      expect(await raw.get(`${PREFIX}prefixed`)).toBe('yes');
      expect(await raw.pttl(`${PREFIX}prefixed`)).toBeGreaterThan(59_000);
    } finally {
      raw.disconnect();
      await state.close();
    }
  });

  it('after start, logs a Redis outage once and goes on in node-local memory (see redis-fallback.test.ts)', async () => {
    // A TCP relay to Redis that the test can cut, so no other client is disturbed.
    const target = new URL(REDIS_URL);
    const sockets = new Set<Socket>();
    const relay = createServer((inbound) => {
      const outbound = connect(Number(target.port || 6379), target.hostname);
      for (const socket of [inbound, outbound]) {
        sockets.add(socket);
        socket.on('error', () => {});
      }
      inbound.pipe(outbound).pipe(inbound);
    });
    await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
    const { port } = relay.address() as AddressInfo;
    const lines: string[] = [];
    const logger = pino({ level: 'warn' }, { write: (line: string) => void lines.push(line) });
    const viaRelay = new URL(REDIS_URL);
    viaRelay.hostname = '127.0.0.1';
    viaRelay.port = String(port);
    const state = await createRedisSharedState(viaRelay.href, logger, { keyPrefix: PREFIX });
    try {
      await state.put('relayed', 'yes', 60_000);
      expect(await state.get('relayed')).toBe('yes');
      relay.close();
      for (const socket of sockets) socket.destroy();
      for (let i = 0; i < 50 && lines.length === 0; i++)
        await new Promise((resolve) => setTimeout(resolve, 20));
      // Nothing rejects: what Redis held is out of reach, what is written now stays on this node.
      expect(await state.get('relayed')).toBeUndefined();
      await state.put('local', 'here', 60_000);
      expect(await state.get('local')).toBe('here');
      expect(lines).toHaveLength(1);
      expect(lines.join('')).toContain('Redis is unreachable');
    } finally {
      relay.close();
      await state.close();
    }
  });
});
