import type { RateLimiter } from '../../platform/index.js';
import type { LockoutSide, SmartLockout } from '../../protection/lockout.js';
import type { SignInAttempt, SignInStep } from '../model.js';
import { next, passwordOf } from '../model.js';
import type { AfterSignIn } from '../pipeline.js';

export interface ThrottleDeps {
  /** Attempts from one IP address at one tenant, across accounts. */
  perIp: RateLimiter;
  /** Smart lockout of accounts (tenant + login), familiar and unfamiliar locations apart. */
  lockout: SmartLockout;
  /** Whether the attempt comes from a place the user signs in from (their sign-in profile). */
  familiar(attempt: SignInAttempt): Promise<boolean>;
}

/**
 * Step 3: rate limits, before any password is checked, so guessing costs the guesser: every
 * attempt counts against its IP; a password attempt at a locked account (on its side,
 * familiar or not) is refused. Only password attempts are locked out: the other methods have
 * limits of their own, and a ticket follows a reset that has just unlocked the account.
 */
export function throttle(deps: ThrottleDeps): { step: SignInStep; settle: AfterSignIn } {
  /** The side each password attempt was judged on, so the settlement counts it there. */
  const sides = new WeakMap<SignInAttempt, LockoutSide>();

  const sideOf = async (attempt: SignInAttempt): Promise<LockoutSide> => {
    // A familiarity that cannot be told is treated as unfamiliar: it cannot lock the user out.
    const familiar = await deps.familiar(attempt).catch(() => false);
    return familiar ? 'familiar' : 'unfamiliar';
  };

  return {
    step: {
      name: 'throttle',
      async run(attempt) {
        const ip = attempt.signals?.ipAddress ?? attempt.facts.remoteAddress;
        const byIp = await deps.perIp.consume(`${attempt.tenantId}:${ip}`);
        if (!byIp.allowed) return { fail: 'throttled', retryAfterMs: byIp.retryAfterMs };
        // Smart lockout guards passwords, wherever one is checked.
        if (passwordOf(attempt.credentials) === undefined) return next();
        const side = await sideOf(attempt);
        sides.set(attempt, side);
        const lock = await deps.lockout.check(attempt.tenantId, attempt.credentials.login, side);
        if (lock.locked) return { fail: 'throttled', retryAfterMs: lock.retryAfterMs };
        return next();
      },
    },
    /** After the attempt: a wrong password counts on its side; the right one clears that side. */
    async settle(attempt) {
      const side = sides.get(attempt);
      const { login } = attempt.credentials;
      const password = passwordOf(attempt.credentials);
      if (!side || password === undefined) return;
      if (attempt.failure === 'invalidCredentials')
        await deps.lockout.recordFailure(attempt.tenantId, login, side, password);
      else if (attempt.amr.includes('pwd')) await deps.lockout.recordSuccess(attempt.tenantId, login, side);
    },
  };
}
