import type { RateLimiter } from '../../platform/index.js';
import type { SignInAttempt, SignInStep } from '../model.js';
import { next } from '../model.js';
import type { AfterSignIn } from '../pipeline.js';

export interface ThrottleLimits {
  /** Attempts from one IP address at one tenant, across accounts. */
  perIp: RateLimiter;
  /** Failed attempts at one account (tenant + login), from anywhere. */
  failuresPerAccount: RateLimiter;
}

const accountOf = (attempt: SignInAttempt) =>
  `${attempt.tenantId}:${attempt.credentials.login.normalize('NFKC').trim().toLowerCase()}`;

/**
 * Step 3: rate limits, before any password is checked, so guessing costs the guesser: every
 * attempt counts against its IP; an account that has seen too many failures rests.
 */
export function throttle(limits: ThrottleLimits): { step: SignInStep; settle: AfterSignIn } {
  return {
    step: {
      name: 'throttle',
      async run(attempt) {
        const ip = attempt.signals?.ipAddress ?? attempt.facts.remoteAddress;
        const byIp = await limits.perIp.consume(`${attempt.tenantId}:${ip}`);
        if (!byIp.allowed) return { fail: 'throttled', retryAfterMs: byIp.retryAfterMs };
        const failures = await limits.failuresPerAccount.peek(accountOf(attempt));
        if (failures.remaining <= 0)
          return { fail: 'throttled', retryAfterMs: limits.failuresPerAccount.windowMs };
        return next();
      },
    },
    /** After the attempt: a wrong password counts against the account; a success clears it. */
    async settle(attempt) {
      if (attempt.failure === 'invalidCredentials')
        await limits.failuresPerAccount.consume(accountOf(attempt));
      else if (attempt.failure === undefined) await limits.failuresPerAccount.reset(accountOf(attempt));
    },
  };
}
