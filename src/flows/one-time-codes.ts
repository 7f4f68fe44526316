import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import { type Clock, randomToken, type SharedState } from '../platform/index.js';

/** What a code proves: each purpose's codes are good for that purpose only. */
export type CodePurpose = 'signUp' | 'signIn' | 'passwordReset' | 'mfa';

export interface OneTimeCodeLimits {
  /** How long a code is good for. */
  ttlMs: number;
  /** Shorter lives for some purposes (a second factor's code lives 5 minutes). */
  ttlMsByPurpose?: Partial<Record<CodePurpose, number>>;
  /** Wrong guesses allowed per code; then it is dead and a new one must be asked for. */
  maxAttempts: number;
  /** Time between two sends of one challenge. */
  resendCooldownMs: number;
  /** Codes one challenge may send in all (each resend gives new guesses, so this caps them). */
  maxSends: number;
}

export const DEFAULT_CODE_LIMITS: OneTimeCodeLimits = {
  ttlMs: 10 * 60_000,
  maxAttempts: 5,
  resendCooldownMs: 30_000,
  maxSends: 5,
  ttlMsByPurpose: { mfa: 5 * 60_000 },
};

interface ChallengeRecord {
  tenantId: string;
  purpose: CodePurpose;
  email: string;
  /** HMAC of the current code; the code itself is never stored. */
  codeHash: string;
  /** Which send this code came from; its wrong guesses are counted under this number. */
  send: number;
  sentAt: number;
  expiresAt: number;
}

export interface IssuedCode {
  challengeId: string;
  /** Six digits, for the message only: never store or log it. */
  code: string;
  expiresInMinutes: number;
}

export type ResendResult =
  | { ok: true; code: string; expiresInMinutes: number }
  | { ok: false; reason: 'cooldown'; retryAfterMs: number }
  | { ok: false; reason: 'expired' };

export type VerifyResult =
  | { ok: true; email: string }
  | { ok: false; reason: 'wrong'; remaining: number }
  | { ok: false; reason: 'expired' };

export interface ChallengeScope {
  tenantId: string;
  purpose: CodePurpose;
}

export type OneTimeCodes = ReturnType<typeof createOneTimeCodes>;

const CHALLENGE_ID = /^[A-Za-z0-9_-]{16,64}$/;
const CODE = /^\d{6}$/;

/**
 * Six-digit codes sent by email: valid for a while, a few guesses each, resent only after a
 * cooldown, single-use, and kept as an HMAC under a server key in shared state so that every
 * node sees the same challenge and no store holds a usable code.
 */
export function createOneTimeCodes({
  state,
  clock,
  key,
  limits = DEFAULT_CODE_LIMITS,
}: {
  state: SharedState;
  clock: Clock;
  /** HMAC key for the stored codes (derived from the master key). */
  key: Buffer;
  limits?: OneTimeCodeLimits;
}) {
  const challengeKey = (id: string) => `otc:${id}`;
  const attemptsKey = (id: string, send: number) => `otc:${id}:tries:${send}`;
  const hashOf = (id: string, code: string) => createHmac('sha256', key).update(`${id}:${code}`).digest();
  const newCode = () => String(randomInt(0, 1_000_000)).padStart(6, '0');
  const ttlOf = (purpose: CodePurpose) => limits.ttlMsByPurpose?.[purpose] ?? limits.ttlMs;
  const minutesOf = (purpose: CodePurpose) => Math.round(ttlOf(purpose) / 60_000);

  async function load(id: string, scope: ChallengeScope): Promise<ChallengeRecord | undefined> {
    if (!CHALLENGE_ID.test(id)) return undefined;
    const raw = await state.get(challengeKey(id));
    if (!raw) return undefined;
    const record = JSON.parse(raw) as ChallengeRecord;
    if (record.tenantId !== scope.tenantId || record.purpose !== scope.purpose) return undefined;
    if (record.expiresAt <= clock.now().getTime()) return undefined;
    return record;
  }

  async function save(id: string, record: ChallengeRecord): Promise<void> {
    await state.put(challengeKey(id), JSON.stringify(record), Math.max(1, record.expiresAt - record.sentAt));
  }

  function fresh(id: string, base: Omit<ChallengeRecord, 'codeHash' | 'sentAt' | 'expiresAt'>) {
    const code = newCode();
    const now = clock.now().getTime();
    const record: ChallengeRecord = {
      ...base,
      codeHash: hashOf(id, code).toString('base64url'),
      sentAt: now,
      expiresAt: now + ttlOf(base.purpose),
    };
    return { code, record };
  }

  return {
    limits,
    /** How long a code for this purpose lives, in minutes (for the page and the email). */
    minutesFor: minutesOf,

    /** Starts a challenge for an email address and returns its first code. */
    async issue(scope: ChallengeScope, email: string): Promise<IssuedCode> {
      const challengeId = randomToken(24);
      const { code, record } = fresh(challengeId, { ...scope, email, send: 1 });
      await save(challengeId, record);
      return { challengeId, code, expiresInMinutes: minutesOf(scope.purpose) };
    },

    /**
     * A new code for the same challenge (the old one stops working), after the cooldown.
     * With `dryRun`, only says whether it would (a cooldown check that sends nothing).
     */
    async resend(
      scope: ChallengeScope,
      challengeId: string,
      options: { dryRun?: boolean } = {},
    ): Promise<ResendResult> {
      const current = await load(challengeId, scope);
      if (!current || current.send >= limits.maxSends) return { ok: false, reason: 'expired' };
      const waited = clock.now().getTime() - current.sentAt;
      if (waited < limits.resendCooldownMs)
        return { ok: false, reason: 'cooldown', retryAfterMs: limits.resendCooldownMs - waited };
      if (options.dryRun) return { ok: true, code: '', expiresInMinutes: minutesOf(scope.purpose) };
      const { code, record } = fresh(challengeId, { ...scope, email: current.email, send: current.send + 1 });
      await save(challengeId, record);
      return { ok: true, code, expiresInMinutes: minutesOf(scope.purpose) };
    },

    /**
     * Checks a code. Every guess counts before it is compared (atomically, on every node);
     * the right code ends the challenge, so it works once.
     */
    async verify(scope: ChallengeScope, challengeId: string, code: string): Promise<VerifyResult> {
      const record = await load(challengeId, scope);
      if (!record) return { ok: false, reason: 'expired' };
      const tries = await state.increment(
        attemptsKey(challengeId, record.send),
        Math.max(1, record.expiresAt - clock.now().getTime()),
      );
      if (tries.count > limits.maxAttempts) return { ok: false, reason: 'expired' };
      const matches =
        CODE.test(code) &&
        timingSafeEqual(hashOf(challengeId, code), Buffer.from(record.codeHash, 'base64url'));
      if (!matches) {
        const remaining = limits.maxAttempts - tries.count;
        return remaining > 0 ? { ok: false, reason: 'wrong', remaining } : { ok: false, reason: 'expired' };
      }
      // Of two requests with the right code, one wins.
      if ((await state.take(challengeKey(challengeId))) === undefined)
        return { ok: false, reason: 'expired' };
      return { ok: true, email: record.email };
    },

    /** Ends a challenge (the flow moved on or was abandoned). */
    async discard(challengeId: string): Promise<void> {
      if (CHALLENGE_ID.test(challengeId)) await state.delete(challengeKey(challengeId));
    },
  };
}
