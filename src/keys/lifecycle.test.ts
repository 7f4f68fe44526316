import { describe, expect, it } from 'vitest';
import { classifyKeys } from './lifecycle.js';

const at = (iso: string) => new Date(`2026-01-01T${iso}Z`);
const key = (kid: string, activates: string) => ({ kid, activatesAt: at(activates) });

describe('classifyKeys', () => {
  const retention = 60 * 60 * 1000; // one hour

  it('makes the last activated key active and later ones pending', () => {
    const result = classifyKeys(
      [key('b', '12:00:00'), key('a', '10:00:00'), key('c', '14:00:00')],
      at('13:00:00'),
      retention,
    );
    expect(result.active?.kid).toBe('b');
    expect(result.published.map((s) => [s.key.kid, s.status])).toEqual([
      ['b', 'active'],
      ['c', 'pending'],
    ]);
    expect(result.removable.map((k) => k.kid)).toEqual(['a']);
    expect(result.validUntil).toEqual(at('14:00:00'));
  });

  it('keeps a retired key published for the retention after its successor activated', () => {
    const result = classifyKeys([key('a', '10:00:00'), key('b', '12:00:00')], at('12:30:00'), retention);
    expect(result.published.map((s) => s.status)).toEqual(['active', 'retired']);
    expect(result.published[1]?.retiredAt).toEqual(at('12:00:00'));
    expect(result.published[1]?.removalAt).toEqual(at('13:00:00'));
    expect(result.validUntil).toEqual(at('13:00:00'));
  });

  it('has no active key before the first activation', () => {
    const result = classifyKeys([key('a', '10:00:00')], at('09:00:00'), retention);
    expect(result.active).toBeUndefined();
    expect(result.published.map((s) => s.status)).toEqual(['pending']);
  });
});
