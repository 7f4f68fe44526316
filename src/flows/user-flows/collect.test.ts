import { describe, expect, it } from 'vitest';
import { collectAttributes } from './collect.js';
import type { AttributeField } from './model.js';

const field = (overrides: Partial<AttributeField> & Pick<AttributeField, 'name'>): AttributeField => ({
  builtIn: false,
  label: null,
  inputType: 'text',
  dataType: 'string',
  required: false,
  options: [],
  validation: {},
  ...overrides,
});

const SHOPS = [
  { value: 'lisbon', label: 'Lisbon' },
  { value: 'porto', label: 'Porto' },
  { value: 'faro', label: 'Faro' },
];

describe('collectAttributes', () => {
  it('trims text, turns an empty optional field into null and requires required ones', () => {
    const fields = [
      field({ name: 'givenName', required: true }),
      field({ name: 'city' }),
      field({ name: 'state' }),
    ];
    expect(collectAttributes(fields, { givenName: '  Ana  ', city: '   ' })).toEqual({
      ok: true,
      values: { givenName: 'Ana', city: null, state: null },
    });
    expect(collectAttributes(fields, { givenName: ' ' })).toEqual({
      ok: false,
      errors: { givenName: { code: 'required' } },
    });
  });

  it('checks lengths, the whole-value pattern and control characters of text', () => {
    const code = field({
      name: 'postalCode',
      validation: { minLength: 4, maxLength: 8, pattern: '\\d{4}-\\d{3}' },
    });
    expect(collectAttributes([code], { postalCode: '1100-148' })).toMatchObject({ ok: true });
    expect(collectAttributes([code], { postalCode: '110' }).ok).toBe(false);
    expect(collectAttributes([code], { postalCode: '110' })).toEqual({
      ok: false,
      errors: { postalCode: { code: 'tooShort', min: 4 } },
    });
    expect(collectAttributes([code], { postalCode: '1100-1489' })).toEqual({
      ok: false,
      errors: { postalCode: { code: 'tooLong', max: 8 } },
    });
    // The pattern must match the whole value, not a part of it.
    expect(collectAttributes([code], { postalCode: 'x1100-148' }).ok).toBe(false);
    expect(collectAttributes([code], { postalCode: '1100+148' })).toEqual({
      ok: false,
      errors: { postalCode: { code: 'pattern' } },
    });
    const free = field({ name: 'nickname' });
    expect(collectAttributes([free], { nickname: 'a\u0000b' })).toEqual({
      ok: false,
      errors: { nickname: { code: 'pattern' } },
    });
    expect(collectAttributes([free], { nickname: 'x'.repeat(1025) })).toEqual({
      ok: false,
      errors: { nickname: { code: 'tooLong', max: 1024 } },
    });
    expect(collectAttributes([free], { nickname: 'x'.repeat(1024) }).ok).toBe(true);
    // A field posted twice counts once.
    expect(collectAttributes([free], { nickname: ['first', 'second'] })).toEqual({
      ok: true,
      values: { nickname: 'first' },
    });
  });

  it('reads a checkbox as present or absent; a required one must be checked', () => {
    const news = field({ name: 'newsletter', inputType: 'checkbox', dataType: 'boolean' });
    const terms = field({ name: 'terms', inputType: 'checkbox', dataType: 'boolean', required: true });
    expect(collectAttributes([news, terms], { newsletter: 'on', terms: 'on' })).toEqual({
      ok: true,
      values: { newsletter: true, terms: true },
    });
    expect(collectAttributes([news, terms], {})).toEqual({
      ok: false,
      errors: { terms: { code: 'required' } },
    });
    expect(collectAttributes([news], {})).toEqual({ ok: true, values: { newsletter: false } });
  });

  it('takes dropdown and radio values from the options only, as numbers for whole-number attributes', () => {
    const shop = field({ name: 'shop', inputType: 'dropdown', options: SHOPS });
    const size = field({
      name: 'size',
      inputType: 'radio',
      dataType: 'int',
      options: [
        { value: '38', label: 'S' },
        { value: '42', label: 'L' },
      ],
    });
    expect(collectAttributes([shop, size], { shop: 'porto', size: '42' })).toEqual({
      ok: true,
      values: { shop: 'porto', size: 42 },
    });
    expect(collectAttributes([shop, size], { shop: 'madrid', size: '40' })).toEqual({
      ok: false,
      errors: { shop: { code: 'invalidOption' }, size: { code: 'invalidOption' } },
    });
  });

  it('joins multiSelect values by comma in the options order, all from the options', () => {
    const shops = field({ name: 'shops', inputType: 'multiSelect', options: SHOPS });
    expect(collectAttributes([shops], { shops: ['faro', 'lisbon', 'faro'] })).toEqual({
      ok: true,
      values: { shops: 'lisbon,faro' },
    });
    expect(collectAttributes([shops], { shops: 'porto' })).toEqual({ ok: true, values: { shops: 'porto' } });
    expect(collectAttributes([shops], {})).toEqual({ ok: true, values: { shops: null } });
    expect(collectAttributes([shops], { shops: ['porto', 'madrid'] })).toEqual({
      ok: false,
      errors: { shops: { code: 'invalidOption' } },
    });
    expect(collectAttributes([{ ...shops, required: true }], { shops: [] })).toEqual({
      ok: false,
      errors: { shops: { code: 'required' } },
    });
  });

  it('accepts real calendar dates and safe integers only', () => {
    const born = field({ name: 'born', inputType: 'date', dataType: 'dateTime' });
    const points = field({ name: 'points', dataType: 'int' });
    for (const good of ['2024-02-29', '1999-12-31', '0001-01-01'])
      expect(collectAttributes([born], { born: good }), good).toEqual({ ok: true, values: { born: good } });
    for (const bad of [
      '2023-02-29',
      '2024-04-31',
      '2024-13-01',
      '24-01-01',
      '2024-1-1',
      '2024-01-01T00:00:00Z',
    ])
      expect(collectAttributes([born], { born: bad }), bad).toEqual({
        ok: false,
        errors: { born: { code: 'invalidDate' } },
      });
    expect(collectAttributes([points], { points: '-17' })).toEqual({ ok: true, values: { points: -17 } });
    for (const bad of ['1.5', '1e3', '0x10', '9007199254740992', 'ten'])
      expect(collectAttributes([points], { points: bad }), bad).toEqual({
        ok: false,
        errors: { points: { code: 'invalidNumber' } },
      });
  });

  it('ignores form fields no attribute asks for, including inherited names', () => {
    const fields = [field({ name: 'city' })];
    expect(collectAttributes(fields, { city: 'Faro', password: 'secret', constructor: 'x' })).toEqual({
      ok: true,
      values: { city: 'Faro' },
    });
    expect(collectAttributes([field({ name: 'constructor' })], {})).toEqual({
      ok: true,
      values: { constructor: null },
    });
  });
});

describe('validation patterns', () => {
  it('checks a pattern that is catastrophic for a backtracking engine at once, even on the longest value', () => {
    const code = field({ name: 'memberCode', validation: { pattern: '([a-z]|[a-z0-9])+x' } });
    // 27 letters kept RegExp busy for 4.4 s; 1024 (the value cap) would never end. A loose bound.
    for (const length of [27, 40, 1024]) {
      const started = performance.now();
      const collected = collectAttributes([code], { memberCode: 'a'.repeat(length) });
      expect(performance.now() - started, `${length} characters`).toBeLessThan(500);
      expect(collected).toEqual({ ok: false, errors: { memberCode: { code: 'pattern' } } });
    }
    expect(collectAttributes([code], { memberCode: `${'a1'.repeat(500)}x` })).toMatchObject({ ok: true });
  });

  it('matches the whole value, and a pattern RE2 cannot run (saved before) accepts nothing', () => {
    const either = field({ name: 'choice', validation: { pattern: 'a|b' } });
    expect(collectAttributes([either], { choice: 'a' })).toMatchObject({ ok: true });
    expect(collectAttributes([either], { choice: 'ab' }).ok).toBe(false);
    const upper = field({ name: 'initial', validation: { pattern: '\\p{Lu}' } });
    expect(collectAttributes([upper], { initial: 'É' })).toMatchObject({ ok: true });
    const lookahead = field({ name: 'nickname', validation: { pattern: '(?!admin)[a-z]+' } });
    expect(collectAttributes([lookahead], { nickname: 'ana' })).toEqual({
      ok: false,
      errors: { nickname: { code: 'pattern' } },
    });
  });
});
