import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { limitRepeats } from './log-repeats.js';

function harness(options: { limit?: number; windowMs?: number; maxKinds?: number } = {}) {
  const lines: { level: number; msg: string; [key: string]: unknown }[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  let now = 1_000_000;
  const limited = limitRepeats(logger, { now: () => now, sweepEveryMs: 0, ...options });
  return {
    limited,
    logger,
    lines,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

/** The same failure every time: same class, code, message and place. */
const refused = () =>
  Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });

describe('repeated identical log lines', () => {
  it('logs the same error at most `limit` times a window, then one line that says how many more there were', () => {
    const h = harness({ limit: 3, windowMs: 60_000 });
    for (let i = 0; i < 50; i++) {
      h.limited.error({ err: refused() }, 'request failed');
      h.advance(1000);
    }
    // 50 s into the window: 3 lines, the other 47 held back.
    expect(h.lines).toHaveLength(3);
    expect(h.lines.every((l) => l.msg === 'request failed' && l.level === 50)).toBe(true);
    h.advance(10_000);
    h.limited.sweep();
    expect(h.lines).toHaveLength(4);
    const summary = h.lines[3];
    expect(summary).toMatchObject({ level: 50, repeated: 47, windowSeconds: 60 });
    expect(summary?.msg).toBe('request failed (repeated 47 more times in 60 s)');
    expect(summary?.error).toMatchObject({
      type: 'Error',
      code: 'ECONNREFUSED',
      message: 'connect ECONNREFUSED 127.0.0.1:5432',
    });
    expect(summary?.error).not.toHaveProperty('stack');
  });

  it('starts a new window when the error comes back after one has ended, summarising the last first', () => {
    const h = harness({ limit: 2, windowMs: 60_000 });
    for (let i = 0; i < 5; i++) h.limited.error({ err: refused() }, 'job failed');
    h.advance(60_000);
    h.limited.error({ err: refused() }, 'job failed');
    expect(h.lines.map((l) => l.repeated ?? 'line')).toEqual(['line', 'line', 3, 'line']);
  });

  it('writes no summary when nothing was held back', () => {
    const h = harness({ limit: 5 });
    h.limited.error({ err: refused() }, 'request failed');
    h.advance(120_000);
    h.limited.sweep();
    expect(h.lines).toHaveLength(1);
  });

  it('counts different errors, messages, levels and places apart', () => {
    const h = harness({ limit: 1 });
    const other = Object.assign(new Error('Connection terminated unexpectedly'), { code: undefined });
    for (let i = 0; i < 3; i++) {
      h.limited.error({ err: refused() }, 'request failed');
      h.limited.error({ err: other }, 'request failed');
      h.limited.error({ err: refused() }, 'hosted page failed');
      h.limited.warn({ err: refused() }, 'request failed');
      h.limited.error({ err: refused() }, 'job failed', { place: 'purge-expired-sign-ins' });
      h.limited.error({ err: refused() }, 'job failed', { place: 'detect-malicious-ips' });
    }
    expect(h.lines).toHaveLength(6);
  });

  it('takes errors thrown at different places apart, and the same place alike', () => {
    const h = harness({ limit: 1 });
    const fromA = () => new Error('boom');
    const fromB = () => new Error('boom');
    for (let i = 0; i < 3; i++) {
      h.limited.error({ err: fromA() }, 'request failed');
      h.limited.error({ err: fromB() }, 'request failed');
    }
    expect(h.lines).toHaveLength(2);
  });

  it('writes each line through the logger it is given (a request logger keeps its bindings); summaries through its own', () => {
    const h = harness({ limit: 1 });
    const request = h.logger.child({ reqId: 'corr-1' });
    h.limited.error({ err: refused() }, 'request failed', { logger: request });
    h.limited.error({ err: refused() }, 'request failed', { logger: h.logger.child({ reqId: 'corr-2' }) });
    h.advance(60_000);
    h.limited.close();
    expect(h.lines[0]?.reqId).toBe('corr-1');
    expect(h.lines[1]).toMatchObject({ repeated: 1 });
    expect(h.lines[1]).not.toHaveProperty('reqId');
  });

  it('remembers a bounded number of kinds: the oldest is summarised and forgotten', () => {
    const h = harness({ limit: 1, maxKinds: 3 });
    for (let i = 0; i < 3; i++) {
      h.limited.error({ err: refused() }, 'first kind');
      h.limited.error({ err: refused() }, 'second kind');
      h.limited.error({ err: refused() }, 'third kind');
    }
    expect(h.lines).toHaveLength(3);
    h.limited.error({ err: refused() }, 'fourth kind');
    expect(h.lines.map((l) => l.msg)).toEqual([
      'first kind',
      'second kind',
      'third kind',
      'first kind (repeated 2 more times in 60 s)',
      'fourth kind',
    ]);
  });

  it('close() writes every pending summary at once', () => {
    const h = harness({ limit: 1 });
    for (let i = 0; i < 4; i++) h.limited.error({ err: refused() }, 'request failed');
    h.limited.close();
    expect(h.lines.at(-1)).toMatchObject({ repeated: 3 });
  });
});
