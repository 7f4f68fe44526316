import { randomBytes, randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type Clock,
  createMemorySharedState,
  createRedisSharedState,
  ManualClock,
  type SharedState,
  systemClock,
} from '../platform/index.js';
import { createSmartLockout, type SmartLockout, type SmartLockoutOptions } from './lockout.js';

const REDIS_URL = process.env.GATEHOUSE_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const PREFIX = `gatehouse-test:${randomUUID()}:`;
const silent = pino({ level: 'silent' });

/** Locks short enough for Redis's real time. */
const LOCK = 200;
const OPTIONS: SmartLockoutOptions = { threshold: 3, durationMs: LOCK, maxDurationMs: 700 };

interface Harness {
  state: SharedState;
  clock: Clock;
  elapse(ms: number): Promise<void>;
}

const implementations: [string, () => Promise<Harness>][] = [
  [
    'memory',
    async () => {
      const clock = new ManualClock(new Date('2025-01-01T00:00:00Z'));
      return { state: createMemorySharedState(clock), clock, elapse: async (ms) => clock.advance(ms) };
    },
  ],
  [
    'redis',
    async () => ({
      state: await createRedisSharedState(REDIS_URL, silent, { keyPrefix: PREFIX }),
      clock: systemClock,
      elapse: (ms) => new Promise((resolve) => setTimeout(resolve, ms + 15)),
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

describe.each(implementations)('smart lockout: %s', (_name, create) => {
  let h: Harness;
  let tenant: string;
  let lockout: SmartLockout;
  const key = randomBytes(32);
  const make = (options: Partial<SmartLockoutOptions> = {}) =>
    createSmartLockout(h.state, h.clock, key, { ...OPTIONS, ...options });

  beforeEach(async () => {
    h = await create();
    tenant = `t-${randomUUID()}`;
    lockout = make();
  });
  afterEach(async () => {
    await h.state.close();
  });

  /** Distinct wrong passwords from one side; the last outcome. */
  async function fail(count: number, side: 'familiar' | 'unfamiliar' = 'unfamiliar', login = 'carol') {
    let last: Awaited<ReturnType<SmartLockout['recordFailure']>> | undefined;
    for (let i = 0; i < count; i++)
      last = await lockout.recordFailure(tenant, login, side, `wrong-${randomUUID()}`);
    return last;
  }

  it('locks after the threshold of wrong passwords, for the lock duration', async () => {
    expect((await fail(2))?.locked).toBe(false);
    expect(await lockout.check(tenant, 'carol', 'unfamiliar')).toEqual({ locked: false, retryAfterMs: 0 });
    const third = await fail(1);
    expect(third).toMatchObject({ counted: true, locked: true, retryAfterMs: LOCK });
    const status = await lockout.check(tenant, 'carol', 'unfamiliar');
    expect(status.locked).toBe(true);
    expect(status.retryAfterMs).toBeGreaterThan(LOCK - 50);
    expect(status.retryAfterMs).toBeLessThanOrEqual(LOCK);
    // Another login, another tenant: not locked.
    expect((await lockout.check(tenant, 'dave', 'unfamiliar')).locked).toBe(false);
    expect((await lockout.check(`${tenant}x`, 'carol', 'unfamiliar')).locked).toBe(false);
    await h.elapse(LOCK);
    expect((await lockout.check(tenant, 'carol', 'unfamiliar')).locked).toBe(false);
  });

  it('compares logins as sign-in names do', async () => {
    await fail(3, 'unfamiliar', 'Carol@Example.com ');
    expect((await lockout.check(tenant, 'carol@example.com', 'unfamiliar')).locked).toBe(true);
  });

  it('does not count a wrong password again while it is one of the last three', async () => {
    for (let i = 0; i < 5; i++)
      expect((await lockout.recordFailure(tenant, 'carol', 'unfamiliar', 'same')).counted).toBe(i === 0);
    await lockout.recordFailure(tenant, 'carol', 'unfamiliar', 'other');
    expect((await lockout.check(tenant, 'carol', 'unfamiliar')).locked).toBe(false);
    // A third distinct one reaches the threshold.
    expect(await lockout.recordFailure(tenant, 'carol', 'unfamiliar', 'third')).toMatchObject({
      counted: true,
      locked: true,
    });
  });

  it('forgets all but the last three wrong passwords', async () => {
    const few = make({ threshold: 10 });
    for (const password of ['a', 'b', 'c', 'd'])
      expect((await few.recordFailure(tenant, 'carol', 'unfamiliar', password)).counted).toBe(true);
    expect((await few.recordFailure(tenant, 'carol', 'unfamiliar', 'b')).counted).toBe(false);
    expect((await few.recordFailure(tenant, 'carol', 'unfamiliar', 'a')).counted).toBe(true);
  });

  it('doubles the lock on each repeat, up to the cap', async () => {
    expect((await fail(3))?.retryAfterMs).toBe(LOCK);
    await h.elapse(LOCK);
    expect((await fail(3))?.retryAfterMs).toBe(2 * LOCK);
    await h.elapse(2 * LOCK);
    expect((await fail(3))?.retryAfterMs).toBe(700);
  });

  it('forgets the repeats a while after the last lock', async () => {
    lockout = make({ repeatDecayMs: 3 * LOCK });
    expect((await fail(3))?.retryAfterMs).toBe(LOCK);
    await h.elapse(LOCK);
    expect((await fail(3))?.retryAfterMs).toBe(2 * LOCK);
    await h.elapse(3 * LOCK);
    expect((await fail(3))?.retryAfterMs).toBe(LOCK);
  });

  it('counts and locks familiar and unfamiliar locations apart', async () => {
    await fail(3, 'unfamiliar');
    expect((await lockout.check(tenant, 'carol', 'unfamiliar')).locked).toBe(true);
    expect((await lockout.check(tenant, 'carol', 'familiar')).locked).toBe(false);
    await fail(2, 'familiar');
    expect((await lockout.check(tenant, 'carol', 'familiar')).locked).toBe(false);
    await fail(1, 'familiar');
    expect((await lockout.check(tenant, 'carol', 'familiar')).locked).toBe(true);
  });

  it("resets a side's failures on success, not the other side's", async () => {
    await fail(2, 'familiar');
    await fail(2, 'unfamiliar');
    await lockout.recordSuccess(tenant, 'carol', 'familiar');
    await fail(2, 'familiar');
    expect((await lockout.check(tenant, 'carol', 'familiar')).locked).toBe(false);
    await fail(1, 'unfamiliar');
    expect((await lockout.check(tenant, 'carol', 'unfamiliar')).locked).toBe(true);
  });

  it('clears both sides, their failures and repeats (password reset, admin unlock)', async () => {
    await fail(3, 'familiar');
    await fail(3, 'unfamiliar');
    await lockout.clear(tenant, 'CAROL');
    expect((await lockout.check(tenant, 'carol', 'familiar')).locked).toBe(false);
    expect((await lockout.check(tenant, 'carol', 'unfamiliar')).locked).toBe(false);
    // A fresh start: the next lock is a first one again.
    expect((await fail(2))?.locked).toBe(false);
    expect((await fail(1))?.retryAfterMs).toBe(LOCK);
  });

  it('stores neither the login nor any password', async () => {
    const written: string[] = [];
    const spy: SharedState = {
      ...h.state,
      increment(k, ...rest) {
        written.push(k);
        return h.state.increment(k, ...rest);
      },
      put(k, value, ttl) {
        written.push(k, value);
        return h.state.put(k, value, ttl);
      },
      remember(k, member, ...rest) {
        written.push(k, member);
        return h.state.remember(k, member, ...rest);
      },
    };
    const watched = createSmartLockout(spy, h.clock, key, OPTIONS);
    for (const password of ['Secret-1', 'Secret-2', 'Secret-3'])
      await watched.recordFailure(tenant, 'carol@example.com', 'unfamiliar', password);
    expect((await watched.check(tenant, 'carol@example.com', 'unfamiliar')).locked).toBe(true);
    expect(written.length).toBeGreaterThan(5);
    for (const text of written) expect(text).not.toMatch(/carol|Secret/i);
  });

  it('refuses bad options', () => {
    expect(() => make({ threshold: 0 })).toThrow(RangeError);
    expect(() => make({ durationMs: 1.5 })).toThrow(RangeError);
    expect(() => createSmartLockout(h.state, h.clock, randomBytes(8), OPTIONS)).toThrow(RangeError);
  });
});
