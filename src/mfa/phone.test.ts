import { describe, expect, it } from 'vitest';
import { maskPhoneNumber, toE164 } from './phone.js';

describe('phone numbers', () => {
  it('normalise to E.164', () => {
    expect(toE164('+1 (425) 555-0100')).toBe('+14255550100');
    expect(toE164('+44 20 7946 0958')).toBe('+442079460958');
    expect(toE164('020 7946 0958', 'GB')).toBe('+442079460958');
    expect(toE164('06 12 34 56 78', 'fr')).toBe('+33612345678');
  });

  it('refuse what is not a valid number', () => {
    expect(toE164('12345')).toBeUndefined();
    expect(toE164('not a number')).toBeUndefined();
    expect(toE164('020 7946 0958')).toBeUndefined(); // no country code, no default country
    expect(toE164('+1 555 0100')).toBeUndefined();
    expect(toE164('06 12 34 56 78', 'ZZ')).toBeUndefined();
    expect(toE164(`+1${'4'.repeat(80)}`)).toBeUndefined();
  });

  it('mask all but the last two digits', () => {
    expect(maskPhoneNumber('+14255550100')).toBe('+14•••••••00');
  });
});
