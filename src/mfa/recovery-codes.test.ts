import { describe, expect, it } from 'vitest';
import { generateRecoveryCode, hashRecoveryCode, normaliseRecoveryCode } from './recovery-codes.js';

describe('recovery codes', () => {
  it('look like xxxx-xxxx-xx from an alphabet without look-alikes, and differ', () => {
    const codes = Array.from({ length: 200 }, generateRecoveryCode);
    for (const code of codes)
      expect(code).toMatch(/^[0-9a-hjkmnp-tv-z]{4}-[0-9a-hjkmnp-tv-z]{4}-[0-9a-hjkmnp-tv-z]{2}$/);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('normalise case, dashes, spaces and the letters read as digits', () => {
    expect(normaliseRecoveryCode('AB12-CD34-EF')).toBe('ab12cd34ef');
    expect(normaliseRecoveryCode(' ab12 cd34 ef ')).toBe('ab12cd34ef');
    expect(normaliseRecoveryCode('ab1-2cd34ef')).toBe('ab12cd34ef');
    expect(normaliseRecoveryCode('OIL0-0000-00')).toBe('0110000000');
    expect(normaliseRecoveryCode('ab12-cd34-e')).toBeUndefined();
    expect(normaliseRecoveryCode('ab12-cd34-eu')).toBeUndefined();
    expect(normaliseRecoveryCode(`${'a'.repeat(100)}`)).toBeUndefined();
  });

  it('hash under the key: same code and key agree, another key does not', () => {
    const key = Buffer.alloc(32, 1);
    const a = hashRecoveryCode(key, 'ab12cd34ef');
    expect(a).toBe(hashRecoveryCode(key, 'ab12cd34ef'));
    expect(a).not.toBe(hashRecoveryCode(Buffer.alloc(32, 2), 'ab12cd34ef'));
    expect(a).not.toContain('ab12cd34ef');
  });
});
