import { describe, expect, it } from 'vitest';
import { ManualClock } from './clock.js';
import { createMemorySharedState } from './shared-state.js';

/** What only the in-process state does; the shared behaviour is in test/shared-state.test.ts. */
describe('memory shared state', () => {
  it('judges expiry by the injected clock, to the millisecond', async () => {
    const clock = new ManualClock(new Date('2025-01-01T00:00:00Z'));
    const state = createMemorySharedState(clock);
    const { resetAt } = await state.increment('c', 1000);
    expect(resetAt).toBe(clock.now().getTime() + 1000);
    await state.put('v', 'x', 1000);
    clock.advance(999);
    expect(await state.peek('c')).toBe(1);
    expect(await state.get('v')).toBe('x');
    clock.advance(1);
    expect(await state.peek('c')).toBe(0);
    expect(await state.get('v')).toBeUndefined();
    await state.close();
  });

  it('sweeps out expired entries', async () => {
    const clock = new ManualClock();
    const state = createMemorySharedState(clock);
    await state.put('short', 'x', 1000);
    await state.increment('long', 5000);
    clock.advance(1000);
    expect(state.size).toBe(2);
    expect(state.sweep()).toBe(1);
    expect(state.size).toBe(1);
    expect(await state.peek('long')).toBe(1);
    await state.close();
  });

  it('stays within its bound: expired entries go first, then the least recently written', async () => {
    const clock = new ManualClock();
    const state = createMemorySharedState(clock, { maxEntries: 3 });
    await state.put('expiring', 'x', 10);
    await state.put('a', 'x', 60_000);
    await state.put('b', 'x', 60_000);
    clock.advance(10);
    await state.put('c', 'x', 60_000);
    expect(state.size).toBe(3);
    expect(await state.get('a')).toBe('x');
    await state.increment('n', 60_000); // full, nothing expired: drops 'a', written longest ago
    await state.put('b', 'y', 60_000); // rewriting 'b' makes 'c' the oldest
    await state.put('d', 'x', 60_000);
    expect(state.size).toBe(3);
    expect(await state.get('a')).toBeUndefined();
    expect(await state.get('c')).toBeUndefined();
    expect(await state.get('b')).toBe('y');
    expect(await state.peek('n')).toBe(1);
    await state.close();
  });

  it('refuses nonsense options', () => {
    expect(() => createMemorySharedState(new ManualClock(), { maxEntries: 0 })).toThrow(RangeError);
    expect(() => createMemorySharedState(new ManualClock(), { sweepIntervalMs: 0 })).toThrow(RangeError);
  });
});
