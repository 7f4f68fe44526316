import { createRequire } from 'node:module';
import type * as Re2 from 're2js';

/** The engine, loaded with the first pattern (most processes never compile one: ~3 MiB kept off the start). */
let engine: typeof Re2 | undefined;
const re2 = (): typeof Re2 => {
  engine ??= createRequire(import.meta.url)('re2js') as typeof Re2;
  return engine;
};

/**
 * Regular expressions an admin types (the validation pattern of a sign-up attribute, and any
 * future one) are checked against what anonymous visitors post. The backtracking `RegExp` can
 * take exponential time on such a pattern (ReDoS: `([a-z]|[a-z0-9])+x` held the event loop for
 * seconds on 27 letters), so every admin-typed pattern is compiled and run here, and only here,
 * by RE2 (the pure-JavaScript port `re2js`): matching takes time linear in the value's length,
 * whatever the pattern.
 *
 * The syntax is RE2's (https://github.com/google/re2/wiki/Syntax), for everyday patterns the
 * same as JavaScript's: classes, `\d \w \s`, `\p{L}`, `{n,m}`, alternation, groups,
 * `(?<name>…)`, inline flags such as `(?i)`. JavaScript's `\uXXXX` and `\u{X…}` are accepted
 * too. What cannot run in linear time is refused: backreferences and lookaround.
 */

/** The longest pattern an admin may type. */
export const MAX_PATTERN_LENGTH = 256;

/**
 * The largest compiled program. Matching costs time proportional to the program's size times
 * the value's length, so this (with the 1024-character cap on values) bounds every check to
 * milliseconds. `{0,1000}` of anything is about 2000 steps; `[^@\s]{1,64}@[^@\s]{1,255}` about 640.
 */
export const MAX_PATTERN_PROGRAM_SIZE = 1000;

/** A compiled admin-typed pattern. */
export interface AdminPattern {
  /** The pattern as the admin typed it. */
  readonly source: string;
  /** The size of the compiled program (what a check costs per character). */
  readonly programSize: number;
  /** Whether the whole value matches, never a part of it. Linear in the value's length. */
  matches(value: string): boolean;
}

/** A pattern that cannot be used; the message says why, in words for the admin who typed it. */
export class PatternError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PatternError';
  }
}

export type PatternCheck = { ok: true; pattern: AdminPattern } | { ok: false; reason: string };

/** Compiled patterns (and refusals) by source: a page compiles the same few patterns on every post. */
const compiled = new Map<string, AdminPattern | PatternError>();
const MAX_COMPILED = 500;

/** Compiles an admin-typed pattern, or throws a `PatternError` saying why it cannot be used. */
export function compileAdminPattern(source: string): AdminPattern {
  let entry = compiled.get(source);
  if (entry === undefined) {
    entry = compile(source);
    if (compiled.size >= MAX_COMPILED) compiled.delete(compiled.keys().next().value as string);
    compiled.set(source, entry);
  }
  if (entry instanceof PatternError) throw entry;
  return entry;
}

/** Whether an admin-typed pattern can be used (say, when a flow is saved), and why not. */
export function checkAdminPattern(source: string): PatternCheck {
  try {
    return { ok: true, pattern: compileAdminPattern(source) };
  } catch (error) {
    if (error instanceof PatternError) return { ok: false, reason: error.message };
    throw error;
  }
}

const ENGINE = 'Patterns run in RE2, a linear-time engine';

function compile(source: string): AdminPattern | PatternError {
  if (source.length === 0) return new PatternError('The pattern is empty.');
  if (source.length > MAX_PATTERN_LENGTH)
    return new PatternError(`The pattern is longer than ${MAX_PATTERN_LENGTH} characters.`);
  const { RE2JS, RE2JSException } = re2();
  let re: Re2.RE2JS;
  try {
    re = RE2JS.compile(fromJavaScriptEscapes(source));
  } catch (error) {
    if (!(error instanceof RE2JSException)) throw error;
    return new PatternError(refusal(source, error.message));
  }
  const programSize = re.programSize();
  if (programSize > MAX_PATTERN_PROGRAM_SIZE)
    return new PatternError(
      `The pattern is too large to check quickly: it compiles to ${programSize} steps, at most ${MAX_PATTERN_PROGRAM_SIZE}. ` +
        'Use smaller repetition counts (leave the length to minLength and maxLength).',
    );
  return { source, programSize, matches: (value) => re.testExact(value) };
}

/** Why RE2 refused a pattern: its parser's words, and what to do about the usual causes. */
function refusal(source: string, engineMessage: string): string {
  const detail = engineMessage.replace(/^error parsing regexp: /, '');
  if (/\\[1-9]|\\k</.test(source))
    return `The pattern uses a backreference (\\1, \\k<name>), which is not supported: ${ENGINE}, and backreferences cannot run in linear time (${detail}).`;
  if (/\(\?<?[=!]/.test(source))
    return `The pattern uses lookahead or lookbehind ((?=, (?!, (?<=, (?<!), which is not supported: ${ENGINE}, and lookahead and lookbehind cannot run in linear time (${detail}).`;
  if (/too large/.test(detail))
    return `The pattern is too large to check quickly (${detail}). Use smaller repetition counts (leave the length to minLength and maxLength).`;
  return `The pattern is not a valid regular expression: ${detail}. ${ENGINE} (RE2 syntax).`;
}

/**
 * JavaScript's `\uXXXX` and `\u{X…}` as RE2's `\x{…}`. Every other escape pair is copied as
 * it is, so an escaped backslash followed by `u` stays what it was.
 */
function fromJavaScriptEscapes(source: string): string {
  if (!source.includes('\\u')) return source;
  let out = '';
  for (let i = 0; i < source.length; i++) {
    const char = source[i];
    if (char !== '\\') {
      out += char;
      continue;
    }
    const unicode = /^u(?:\{([0-9A-Fa-f]{1,6})\}|([0-9A-Fa-f]{4}))/.exec(source.slice(i + 1, i + 10));
    if (unicode) {
      out += `\\x{${unicode[1] ?? unicode[2]}}`;
      i += unicode[0].length;
    } else {
      out += char + (source[i + 1] ?? '');
      i++;
    }
  }
  return out;
}
