import { describe, expect, it } from 'vitest';
import { createMemorySharedState, ManualClock } from '../platform/index.js';
import { createOneTimeCodes } from './one-time-codes.js';

function setUp() {
  const clock = new ManualClock(new Date('2026-11-25T10:00:00Z'));
  const state = createMemorySharedState(clock);
  const codes = createOneTimeCodes({ state, clock, key: Buffer.alloc(32, 7) });
  return { clock, state, codes };
}

const scope = { tenantId: 'demo', purpose: 'signUp' as const };
const wrongOf = (code: string, n = 1) => String((Number(code) + n) % 1_000_000).padStart(6, '0');

describe('one-time codes', () => {
  it('issues six digits that verify once, for their tenant and purpose only', async () => {
    const { codes } = setUp();
    const { challengeId, code, expiresInMinutes } = await codes.issue(scope, 'ada@example.com');
    expect(code).toMatch(/^\d{6}$/);
    expect(expiresInMinutes).toBe(10);
    expect(await codes.verify({ ...scope, tenantId: 'other' }, challengeId, code)).toEqual({
      ok: false,
      reason: 'expired',
    });
    expect(await codes.verify({ ...scope, purpose: 'passwordReset' }, challengeId, code)).toMatchObject({
      ok: false,
    });
    expect(await codes.verify(scope, challengeId, code)).toEqual({ ok: true, email: 'ada@example.com' });
    expect(await codes.verify(scope, challengeId, code)).toEqual({ ok: false, reason: 'expired' });
  });

  it('keeps only an HMAC of the code', async () => {
    const { codes, state } = setUp();
    const { challengeId, code } = await codes.issue(scope, 'ada@example.com');
    const stored = (await state.get(`otc:${challengeId}`)) as string;
    expect(stored).not.toContain(code);
    expect(JSON.parse(stored).codeHash).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('allows five guesses, counting down, then refuses even the right code', async () => {
    const { codes } = setUp();
    const { challengeId, code } = await codes.issue(scope, 'ada@example.com');
    const remaining: unknown[] = [];
    for (let i = 1; i <= 4; i++) remaining.push(await codes.verify(scope, challengeId, wrongOf(code, i)));
    expect(remaining).toEqual([4, 3, 2, 1].map((n) => ({ ok: false, reason: 'wrong', remaining: n })));
    expect(await codes.verify(scope, challengeId, wrongOf(code, 5))).toEqual({
      ok: false,
      reason: 'expired',
    });
    expect(await codes.verify(scope, challengeId, code)).toEqual({ ok: false, reason: 'expired' });
  });

  it('expires after ten minutes', async () => {
    const { codes, clock } = setUp();
    const { challengeId, code } = await codes.issue(scope, 'ada@example.com');
    clock.advance(10 * 60_000);
    expect(await codes.verify(scope, challengeId, code)).toEqual({ ok: false, reason: 'expired' });
  });

  it('resends after the cooldown; the new code replaces the old, with fresh guesses, up to five sends', async () => {
    const { codes, clock } = setUp();
    const { challengeId, code: first } = await codes.issue(scope, 'ada@example.com');
    expect(await codes.resend(scope, challengeId)).toEqual({
      ok: false,
      reason: 'cooldown',
      retryAfterMs: 30_000,
    });
    for (let i = 0; i < 5; i++) await codes.verify(scope, challengeId, wrongOf(first, i + 1));
    clock.advance(30_000);
    const again = await codes.resend(scope, challengeId);
    if (!again.ok) throw new Error('resend refused');
    expect(
      await codes.verify(scope, challengeId, again.code === first ? wrongOf(first) : first),
    ).toMatchObject({
      ok: false,
    });
    expect(await codes.verify(scope, challengeId, again.code)).toEqual({
      ok: true,
      email: 'ada@example.com',
    });

    const { challengeId: id } = await codes.issue(scope, 'bob@example.com');
    const sends: boolean[] = [];
    for (let i = 0; i < 5; i++) {
      clock.advance(30_000);
      sends.push((await codes.resend(scope, id)).ok);
    }
    expect(sends).toEqual([true, true, true, true, false]);
  });

  it('gives the right code to one of two racing requests', async () => {
    const { codes } = setUp();
    const { challengeId, code } = await codes.issue(scope, 'ada@example.com');
    const results = await Promise.all([
      codes.verify(scope, challengeId, code),
      codes.verify(scope, challengeId, code),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
  });

  it('treats malformed challenge ids and codes as wrong, not as errors', async () => {
    const { codes } = setUp();
    const { challengeId } = await codes.issue(scope, 'ada@example.com');
    expect(await codes.verify(scope, '../../etc', '123456')).toEqual({ ok: false, reason: 'expired' });
    expect(await codes.verify(scope, challengeId, '12345x')).toMatchObject({ ok: false, reason: 'wrong' });
  });
});
