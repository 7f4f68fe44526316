import { beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from './clock.js';
import { createRateLimiter } from './rate-limit.js';
import { createMemorySharedState, type MemorySharedState } from './shared-state.js';

describe('rate limiter', () => {
  let clock: ManualClock;
  let state: MemorySharedState;
  beforeEach(() => {
    clock = new ManualClock(new Date('2025-01-01T00:00:00Z'));
    state = createMemorySharedState(clock);
  });

  it('allows up to the limit in a window, then refuses with the time left', async () => {
    const limiter = createRateLimiter(state, { name: 'sign-in', limit: 3, windowMs: 60_000 });
    expect(await limiter.consume('203.0.113.7')).toEqual({ allowed: true, remaining: 2, retryAfterMs: 0 });
    clock.advance(10_000);
    expect(await limiter.consume('203.0.113.7')).toEqual({ allowed: true, remaining: 1, retryAfterMs: 0 });
    expect(await limiter.consume('203.0.113.7')).toEqual({ allowed: true, remaining: 0, retryAfterMs: 0 });
    clock.advance(5_000);
    expect(await limiter.consume('203.0.113.7')).toEqual({
      allowed: false,
      remaining: 0,
      retryAfterMs: 45_000,
    });
    expect(await limiter.peek('203.0.113.7')).toEqual({ used: 4, remaining: 0 });
  });

  it('opens a fresh window when the last one ends (fixed window)', async () => {
    const limiter = createRateLimiter(state, { name: 'otp', limit: 1, windowMs: 1000 });
    expect((await limiter.consume('u1')).allowed).toBe(true);
    clock.advance(999);
    expect((await limiter.consume('u1')).allowed).toBe(false);
    clock.advance(1);
    expect(await limiter.consume('u1')).toEqual({ allowed: true, remaining: 0, retryAfterMs: 0 });
  });

  it('charges a cost, and refuses a cost above what is left', async () => {
    const limiter = createRateLimiter(state, { name: 'sms', limit: 10, windowMs: 60_000 });
    expect(await limiter.consume('t1', 7)).toMatchObject({ allowed: true, remaining: 3 });
    expect(await limiter.consume('t1', 4)).toMatchObject({ allowed: false, remaining: 0 });
    await expect(limiter.consume('t1', 0)).rejects.toThrow(RangeError);
    await expect(limiter.consume('t1', 1.5)).rejects.toThrow(RangeError);
  });

  it('keeps subjects and limit names apart, and resets one subject', async () => {
    const a = createRateLimiter(state, { name: 'a', limit: 1, windowMs: 60_000 });
    const b = createRateLimiter(state, { name: 'b', limit: 1, windowMs: 60_000 });
    await a.consume('s');
    expect((await a.consume('s')).allowed).toBe(false);
    expect((await a.consume('other')).allowed).toBe(true);
    expect((await b.consume('s')).allowed).toBe(true);
    await a.reset('s');
    expect(await a.peek('s')).toEqual({ used: 0, remaining: 1 });
    expect((await a.consume('s')).allowed).toBe(true);
    expect(await state.get('rl:a:s')).toBe('1');
  });

  it('takes any subject, however long, and refuses an empty one', async () => {
    const limiter = createRateLimiter(state, { name: 'login', limit: 1, windowMs: 60_000 });
    const long = 'x'.repeat(5000);
    expect((await limiter.consume(long)).allowed).toBe(true);
    expect((await limiter.consume(long)).allowed).toBe(false);
    expect((await limiter.consume(`${long}y`)).allowed).toBe(true);
    await expect(limiter.consume('')).rejects.toThrow(RangeError);
  });

  it('refuses nonsense settings', () => {
    expect(() => createRateLimiter(state, { name: 'bad name', limit: 1, windowMs: 1 })).toThrow(RangeError);
    expect(() => createRateLimiter(state, { name: 'x', limit: 0, windowMs: 1 })).toThrow(RangeError);
    expect(() => createRateLimiter(state, { name: 'x', limit: 1, windowMs: 0 })).toThrow(RangeError);
  });
});
