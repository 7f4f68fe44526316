import { describe, expect, it } from 'vitest';
import {
  checkAdminPattern,
  compileAdminPattern,
  MAX_PATTERN_LENGTH,
  MAX_PATTERN_PROGRAM_SIZE,
  PatternError,
} from './patterns.js';

/** Wall time of `run`, for a loose hang check (not a benchmark). */
function timed<T>(run: () => T): { result: T; ms: number } {
  const started = performance.now();
  const result = run();
  return { result, ms: performance.now() - started };
}

describe('admin-typed patterns', () => {
  it('checks patterns that are catastrophic for a backtracking engine in linear time', () => {
    const cases: [string, (length: number) => string][] = [
      ['([a-z]|[a-z0-9])+x', (n) => 'a'.repeat(n)],
      ['(a+)+$', (n) => `${'a'.repeat(n - 1)}!`],
      ['(a|a)*b', (n) => 'a'.repeat(n)],
      ['(\\w+\\s?)+$', (n) => `${'a'.repeat(n - 1)}!`],
      ['((ab)+c)+', (n) => 'ab'.repeat(n / 2)],
      ['(x+x+)+y', (n) => 'x'.repeat(n)],
    ];
    for (const [source, valueFor] of cases) {
      const pattern = compileAdminPattern(source);
      // 27 letters kept RegExp busy for 4.4 s on the first of these; 1024 (the value cap) would never end.
      for (const length of [28, 40, 1024]) {
        const { result, ms } = timed(() => pattern.matches(valueFor(length)));
        expect(result, `${source} on ${length}`).toBe(false);
        expect(ms, `${source} on ${length}`).toBeLessThan(500);
      }
    }
    expect(compileAdminPattern('([a-z]|[a-z0-9])+x').matches(`${'a1'.repeat(500)}x`)).toBe(true);
  });

  it('matches the whole value, never a part of it', () => {
    const either = compileAdminPattern('a|b');
    expect(either.matches('a')).toBe(true);
    expect(either.matches('b')).toBe(true);
    expect(either.matches('ab')).toBe(false);
    expect(either.matches('xa')).toBe(false);
    const code = compileAdminPattern('\\d{4}-\\d{3}');
    expect(code.matches('1100-148')).toBe(true);
    expect(code.matches('1100-148\n')).toBe(false);
    expect(code.matches('x1100-148')).toBe(false);
    expect(compileAdminPattern('.*').matches('a\nb')).toBe(false);
  });

  it('understands Unicode classes, and the \\u escapes of JavaScript', () => {
    expect(compileAdminPattern('\\p{Lu}').matches('É')).toBe(true);
    expect(compileAdminPattern('\\p{L}+').matches('Zoë')).toBe(true);
    expect(compileAdminPattern('\\p{L}+').matches('Zoë1')).toBe(false);
    expect(compileAdminPattern('\\p{Greek}+').matches('αβγ')).toBe(true);
    expect(compileAdminPattern('caf\\u00e9').matches('café')).toBe(true);
    expect(compileAdminPattern('\\u{1F600}').matches('😀')).toBe(true);
    expect(compileAdminPattern('[\\u0041-\\u005A]+').matches('ABC')).toBe(true);
    // An escaped backslash before a `u` stays a backslash and a letter.
    expect(compileAdminPattern('\\\\u0041').matches('\\u0041')).toBe(true);
    expect(compileAdminPattern('(?<code>\\d+)').matches('42')).toBe(true);
    expect(compileAdminPattern('(?i)abc').matches('ABC')).toBe(true);
  });

  it('refuses what RE2 cannot run, saying why', () => {
    const cases: [string, RegExp][] = [
      ['(a)\\1', /backreferences/],
      ['(?<n>a)\\k<n>', /backreferences/],
      ['(?=a)[a-z]+', /lookahead and lookbehind/],
      ['(?!admin)[a-z]+', /lookahead and lookbehind/],
      ['(?<=a)b', /lookahead and lookbehind/],
      ['(?<!a)b', /lookahead and lookbehind/],
      ['a++', /invalid nested repetition operator/],
      ['[a-', /missing closing \]/],
      ['a)|(b', /unexpected \)/],
      ['a{1001}', /invalid repeat count/],
      ['(.{0,1000}){0,1000}', /too large/],
      ['.{0,1000}.{0,1000}', /too large/],
      ['x'.repeat(MAX_PATTERN_LENGTH + 1), /longer than 256/],
      ['', /empty/],
    ];
    for (const [source, why] of cases) {
      const checked = checkAdminPattern(source);
      expect(checked.ok, source).toBe(false);
      if (!checked.ok) expect(checked.reason, source).toMatch(why);
      expect(() => compileAdminPattern(source), source).toThrow(PatternError);
    }
    // Each reason names the engine, so the admin knows which syntax applies.
    const lookahead = checkAdminPattern('(?=a)a');
    expect(!lookahead.ok && lookahead.reason).toMatch(/RE2/);
  });

  it('keeps the compiled program small enough that a 1024-character value is checked quickly', () => {
    // Large, but under the cap: accepted, and still quick on the longest value.
    const big = '[\\p{L}\\p{N}]{0,480}';
    const checked = checkAdminPattern(big);
    expect(checked.ok).toBe(true);
    if (!checked.ok) return;
    expect(checked.pattern.programSize).toBeLessThanOrEqual(MAX_PATTERN_PROGRAM_SIZE);
    const { ms } = timed(() => checked.pattern.matches('é'.repeat(1024)));
    expect(ms).toBeLessThan(500);
  });

  it('compiles each pattern once, and a broken one every time to the same error', () => {
    expect(compileAdminPattern('[A-Z]{2}')).toBe(compileAdminPattern('[A-Z]{2}'));
    let first: unknown;
    let second: unknown;
    try {
      compileAdminPattern('(?=a)');
    } catch (error) {
      first = error;
    }
    try {
      compileAdminPattern('(?=a)');
    } catch (error) {
      second = error;
    }
    expect(first).toBeInstanceOf(PatternError);
    expect((second as Error).message).toBe((first as Error).message);
  });
});
