import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CACHES_STALE,
  createMemorySharedState,
  createRedisEventBus,
  createRedisHealth,
  createRedisSharedState,
  type EventBus,
  ManualClock,
  type RedisHealth,
  type SharedState,
} from '../src/platform/index.js';
import { type PrivateRedis, startPrivateRedis } from './support/redis-server.js';
import { startTcpProxy, type TcpProxy } from './support/tcp-proxy.js';

const TIMEOUT_MS = 200;

/** Polls (bounded, 10 s) until `check` holds. */
async function eventually(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 50));
  if (!check()) throw new Error(`timed out waiting for ${what}`);
}

/** The shared state over a Redis of the test's own, which the test stops, starts and freezes. */
describe('Redis shared state through an outage', () => {
  const lines: { level: number; msg: string }[] = [];
  const logger = pino(
    { level: 'info', base: undefined },
    { write: (line: string) => void lines.push(JSON.parse(line)) },
  );
  let redis: PrivateRedis;
  let health: RedisHealth;
  let state: SharedState;
  const warnings = () => lines.filter((l) => l.level === 40);
  const backLines = () => lines.filter((l) => l.level < 40 && /redis is back/i.test(l.msg));
  /** What Redis itself holds under a key (through a client of the test's own). */
  async function inRedis(key: string): Promise<string | null> {
    const direct = new Redis(redis.url, { lazyConnect: true });
    try {
      await direct.connect();
      return await direct.get(`gatehouse:${key}`);
    } finally {
      direct.disconnect();
    }
  }

  beforeAll(async () => {
    redis = await startPrivateRedis();
    health = createRedisHealth(logger);
    state = await createRedisSharedState(redis.url, logger, {
      health,
      commandTimeoutMs: TIMEOUT_MS,
      fallback: createMemorySharedState(new ManualClock()),
    });
  });
  afterAll(async () => {
    await state?.close();
    await redis?.close();
  });

  it('answers at once from node-local memory while Redis is down, then goes back to Redis', async () => {
    await state.put('before', 'x', 60_000);
    await redis.stop();
    const started = Date.now();
    expect((await state.increment('n', 60_000)).count).toBe(1);
    expect((await state.increment('n', 60_000)).count).toBe(2);
    await state.put('during', 'y', 60_000);
    await state.put('consumed', 'c', 60_000);
    expect(await state.get('during')).toBe('y');
    expect(await state.take('consumed')).toBe('c');
    // What only Redis held is out of reach meanwhile.
    expect(await state.get('before')).toBeUndefined();
    expect(await state.remember('seen', 'a', 3, 60_000)).toBe(true);
    expect(await state.remember('seen', 'a', 3, 60_000)).toBe(false);
    expect(Date.now() - started).toBeLessThan(TIMEOUT_MS); // nothing waited on the dead Redis
    expect(health.reachable).toBe(false);
    expect(warnings()).toHaveLength(1);

    await redis.start();
    await eventually(() => backLines().length === 1, 'the line saying Redis is back');
    expect(health.reachable).toBe(true);
    // Writes go to Redis again…
    await state.put('after', 'z', 60_000);
    expect(await inRedis('after')).toBe('z');
    // …and what this node wrote meanwhile is still found (once, for a take), until deleted.
    expect(await state.get('during')).toBe('y');
    expect(await state.take('during')).toBe('y');
    expect(await state.take('during')).toBeUndefined();
    expect(await state.take('consumed')).toBeUndefined();
    expect(await state.peek('n')).toBe(2);
    await state.reset('n');
    expect(await state.peek('n')).toBe(0);
    expect(warnings()).toHaveLength(1);
  }, 30_000);

  it('gives up on a hung Redis after the command timeout, then stops waiting on it until it answers', async () => {
    redis.pause();
    try {
      const started = Date.now();
      expect((await state.increment('hung', 60_000)).count).toBe(1);
      const firstMs = Date.now() - started;
      expect(firstMs).toBeGreaterThanOrEqual(TIMEOUT_MS - 20);
      expect(firstMs).toBeLessThan(TIMEOUT_MS + 500);
      const again = Date.now();
      expect((await state.increment('hung', 60_000)).count).toBe(2);
      expect(Date.now() - again).toBeLessThan(50);
      expect(warnings()).toHaveLength(2);
    } finally {
      redis.resume();
    }
    await eventually(() => backLines().length === 2, 'the line saying Redis is back');
    await state.put('thawed', 'v', 60_000);
    expect(await inRedis('thawed')).toBe('v');
  }, 30_000);
});

/** The event bus over a Redis of the test's own: what happens to events sent during an outage. */
describe('Redis events through an outage', () => {
  const silent = pino({ level: 'silent' });
  let redis: PrivateRedis;
  let proxy: TcpProxy;
  let one: EventBus;
  let two: EventBus;
  /** Reaches Redis through a proxy the test can take down: an outage of this node alone. */
  let cutOff: EventBus;

  beforeAll(async () => {
    redis = await startPrivateRedis();
    proxy = await startTcpProxy({ host: '127.0.0.1', port: redis.port });
    one = await createRedisEventBus(redis.url, silent);
    two = await createRedisEventBus(redis.url, silent);
    cutOff = await createRedisEventBus(proxy.rewrite(redis.url), silent);
  });
  afterAll(async () => {
    for (const bus of [one, two, cutOff]) await bus?.close();
    await proxy?.close();
    await redis?.close();
  });

  /** What each bus hears of a topic, from now on. */
  function listen(topic: string) {
    const heard = { one: [] as unknown[], two: [] as unknown[], cutOff: [] as unknown[] };
    one.subscribe(topic, (payload) => void heard.one.push(payload));
    two.subscribe(topic, (payload) => void heard.two.push(payload));
    cutOff.subscribe(topic, (payload) => void heard.cutOff.push(payload));
    return heard;
  }

  it('has every node drop its caches once Redis is back from an outage', async () => {
    const stale = listen(CACHES_STALE);
    await redis.stop();
    await new Promise((r) => setTimeout(r, 100));
    expect(stale).toEqual({ one: [], two: [], cutOff: [] });
    await redis.start();
    await eventually(
      () => stale.one.length + stale.two.length + stale.cutOff.length === 3,
      'every node to drop its caches',
    );
    expect(stale).toEqual({ one: [{}], two: [{}], cutOff: [{}] });
  }, 30_000);

  it('sends what a node published while cut off from Redis once it is back', async () => {
    const changed = listen('tenant.changed');
    const stale = listen(CACHES_STALE);
    await proxy.down();
    cutOff.publish('tenant.changed', { tenantId: 'during' });
    await new Promise((r) => setTimeout(r, 100));
    expect(changed).toEqual({ one: [], two: [], cutOff: [{ tenantId: 'during' }] });

    await proxy.up();
    await eventually(() => changed.one.length === 1 && changed.two.length === 1, 'the event sent meanwhile');
    expect(changed.two).toEqual([{ tenantId: 'during' }]);
    // Only the node that was cut off may have missed something: it alone drops its caches.
    expect(stale).toEqual({ one: [], two: [], cutOff: [{}] });
  }, 30_000);
});
