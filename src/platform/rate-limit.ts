import { createHash } from 'node:crypto';
import type { SharedState } from './shared-state.js';

export interface RateLimitOptions {
  /** Names the limit in its keys (`rl:{name}:{subject}`): letters, digits, `.`, `_`, `-`. */
  name: string;
  /** Units allowed per window. */
  limit: number;
  windowMs: number;
}

export interface RateLimitDecision {
  allowed: boolean;
  /** Units left in the current window after this call. */
  remaining: number;
  /** When refused: how long until the window ends. 0 when allowed. */
  retryAfterMs: number;
}

export interface RateLimitStatus {
  /** Units used in the current window. */
  used: number;
  remaining: number;
}

export interface RateLimiter {
  readonly name: string;
  readonly limit: number;
  readonly windowMs: number;
  /** Spends `cost` units for `subject` (an IP, a user id…). Refused attempts count too. */
  consume(subject: string, cost?: number): Promise<RateLimitDecision>;
  /** Where `subject` stands, without spending anything. */
  peek(subject: string): Promise<RateLimitStatus>;
  /** Forgets `subject`'s window (after a successful sign-in, say). */
  reset(subject: string): Promise<void>;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
/** Longer subjects (they may be typed by anyone: a login name) are keyed by their hash. */
const MAX_PLAIN_SUBJECT = 200;

/**
 * A fixed-window rate limiter over shared state: the window opens at a subject's first
 * attempt and closes `windowMs` later. Simple and one round trip; its known weakness is a
 * burst of up to twice the limit across a window boundary, which is acceptable for
 * throttling sign-ins (a sliding window can replace it behind the same interface).
 * Errors of the shared state (Redis down) reject; the caller decides to fail open or closed.
 */
export function createRateLimiter(
  state: SharedState,
  { name, limit, windowMs }: RateLimitOptions,
): RateLimiter {
  if (!NAME.test(name)) throw new RangeError(`rate limit name "${name}" must be 1-64 letters, digits, . _ -`);
  if (!Number.isSafeInteger(limit) || limit < 1)
    throw new RangeError('rate limit must be a whole number above 0');
  if (!Number.isSafeInteger(windowMs) || windowMs < 1)
    throw new RangeError('rate limit window must be a whole number of milliseconds above 0');

  const keyOf = (subject: string): string => {
    if (typeof subject !== 'string' || subject.length === 0)
      throw new RangeError('rate limit subject must not be empty');
    const part =
      subject.length <= MAX_PLAIN_SUBJECT
        ? subject
        : `#${createHash('sha256').update(subject).digest('base64url')}`;
    return `rl:${name}:${part}`;
  };

  return {
    name,
    limit,
    windowMs,
    async consume(subject, cost = 1) {
      if (!Number.isSafeInteger(cost) || cost < 1)
        throw new RangeError('cost must be a whole number above 0');
      const { count, ttlMs } = await state.increment(keyOf(subject), windowMs, cost);
      const allowed = count <= limit;
      return {
        allowed,
        remaining: Math.max(0, limit - count),
        retryAfterMs: allowed ? 0 : Math.max(0, ttlMs),
      };
    },
    async peek(subject) {
      const used = await state.peek(keyOf(subject));
      return { used, remaining: Math.max(0, limit - used) };
    },
    async reset(subject) {
      await state.reset(keyOf(subject));
    },
  };
}
