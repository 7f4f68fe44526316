import { createHmac } from 'node:crypto';
import type { Clock, SharedState } from '../platform/index.js';

/**
 * Where an attempt comes from, as the user's sign-in history judges it. Each side has its
 * own counter and lock, so an attacker elsewhere cannot lock the real user out.
 */
export type LockoutSide = 'familiar' | 'unfamiliar';

export interface SmartLockoutOptions {
  /** Counted failures (distinct wrong passwords) that lock a side. */
  threshold: number;
  /** The first lock; each repeat lock doubles it. */
  durationMs: number;
  /** A tenant's own threshold and first lock (its Password Rule Settings), when it has them. */
  tenantSettings?: (tenantId: string) => Promise<{ threshold: number; durationMs: number }>;
  /** The longest lock, however many repeats. Default one hour. */
  maxDurationMs?: number;
  /** Failures are counted in a window opened by the first one. Default one hour. */
  failureWindowMs?: number;
  /** The repeat count is forgotten this long after the last lock. Default 24 hours. */
  repeatDecayMs?: number;
  /** Wrong passwords remembered (as keyed hashes) so repeating one is not counted. Default 3. */
  rememberedPasswords?: number;
}

export interface LockoutStatus {
  locked: boolean;
  /** When locked: how long until the lock ends (at least 1 ms). 0 otherwise. */
  retryAfterMs: number;
}

export interface FailureOutcome extends LockoutStatus {
  /** False when this wrong password was one of the last few already counted. */
  counted: boolean;
}

export interface SmartLockout {
  /** Whether `login` is locked for attempts from this side. */
  check(tenantId: string, login: string, side: LockoutSide): Promise<LockoutStatus>;
  /** A wrong password: counts it unless repeated; the threshold locks the side. */
  recordFailure(
    tenantId: string,
    login: string,
    side: LockoutSide,
    password: string,
  ): Promise<FailureOutcome>;
  /** The right password: that side's failures and remembered passwords are forgotten. */
  recordSuccess(tenantId: string, login: string, side: LockoutSide): Promise<void>;
  /** Unlocks both sides and forgets everything (password reset, admin unlock). */
  clear(tenantId: string, login: string): Promise<void>;
}

export const LOCKOUT_DEFAULTS = {
  maxDurationMs: 60 * 60_000,
  failureWindowMs: 60 * 60_000,
  repeatDecayMs: 24 * 60 * 60_000,
  rememberedPasswords: 3,
} as const;

const SIDES: readonly LockoutSide[] = ['familiar', 'unfamiliar'];

/** A login as sign-in names compare: case and Unicode width ignored. */
export const normalizeLogin = (login: string): string => login.normalize('NFKC').trim().toLowerCase();

/**
 * Smart lockout over shared state, so every node sees the same counters and locks. Keys hold
 * no login or password: the account is named by a keyed hash, wrong passwords by keyed hashes
 * bound to the account (the key is derived from the master key, so a dump of Redis reveals
 * neither, and the same password at two accounts does not match).
 */
export function createSmartLockout(
  state: SharedState,
  clock: Clock,
  key: Buffer,
  options: SmartLockoutOptions,
): SmartLockout {
  const { threshold, durationMs } = options;
  const maxDurationMs = options.maxDurationMs ?? LOCKOUT_DEFAULTS.maxDurationMs;
  const failureWindowMs = options.failureWindowMs ?? LOCKOUT_DEFAULTS.failureWindowMs;
  const repeatDecayMs = options.repeatDecayMs ?? LOCKOUT_DEFAULTS.repeatDecayMs;
  const remembered = options.rememberedPasswords ?? LOCKOUT_DEFAULTS.rememberedPasswords;
  for (const [name, value] of Object.entries({
    threshold,
    durationMs,
    maxDurationMs,
    failureWindowMs,
    repeatDecayMs,
  }))
    if (!Number.isSafeInteger(value) || value < 1)
      throw new RangeError(`lockout ${name} must be a whole number above 0`);
  if (key.length < 32) throw new RangeError('the lockout key must be at least 32 bytes');

  const hmac = (text: string) => createHmac('sha256', key).update(text).digest('base64url');
  const accountOf = (tenantId: string, login: string) =>
    hmac(`account\0${tenantId}\0${normalizeLogin(login)}`);
  const keysOf = (account: string, side: LockoutSide) => {
    const base = `lockout:${account}:${side === 'familiar' ? 'f' : 'u'}`;
    return {
      lock: `${base}:lock`,
      failures: `${base}:failures`,
      passwords: `${base}:passwords`,
      repeats: `${base}:repeats`,
    };
  };
  const now = () => clock.now().getTime();

  /** The lock's end is its value (epoch ms); the key expires with it. */
  const statusOf = (until: string | undefined): LockoutStatus => {
    const left = until === undefined ? 0 : Number(until) - now();
    return left > 0 ? { locked: true, retryAfterMs: left } : { locked: false, retryAfterMs: 0 };
  };

  return {
    async check(tenantId, login, side) {
      return statusOf(await state.get(keysOf(accountOf(tenantId, login), side).lock));
    },

    async recordFailure(tenantId, login, side, password) {
      const account = accountOf(tenantId, login);
      const keys = keysOf(account, side);
      const passwordHash = hmac(`password\0${account}\0${password}`).slice(0, 22);
      if (!(await state.remember(keys.passwords, passwordHash, remembered, failureWindowMs)))
        return { counted: false, ...statusOf(await state.get(keys.lock)) };
      const { count } = await state.increment(keys.failures, failureWindowMs);
      // Read only for a counted failure: a repeated wrong password costs no settings lookup.
      const settings = (await options.tenantSettings?.(tenantId)) ?? { threshold, durationMs };
      // The failure that reaches the threshold locks; attempts are refused while locked. (At or
      // over: a tenant may lower its threshold while failures are counted.)
      if (count < settings.threshold) return { counted: true, ...statusOf(await state.get(keys.lock)) };
      const repeats = (await state.increment(keys.repeats, repeatDecayMs)).count;
      // Re-written so the repeat count decays a day after the last lock, not the first.
      await state.put(keys.repeats, String(repeats), repeatDecayMs);
      const lockMs = Math.min(maxDurationMs, settings.durationMs * 2 ** Math.min(repeats - 1, 30));
      await state.put(keys.lock, String(now() + lockMs), lockMs);
      await state.reset(keys.failures);
      return { counted: true, locked: true, retryAfterMs: lockMs };
    },

    async recordSuccess(tenantId, login, side) {
      const keys = keysOf(accountOf(tenantId, login), side);
      await Promise.all([state.reset(keys.failures), state.delete(keys.passwords)]);
    },

    async clear(tenantId, login) {
      const account = accountOf(tenantId, login);
      await Promise.all(
        SIDES.flatMap((side) => Object.values(keysOf(account, side)).map((name) => state.delete(name))),
      );
    },
  };
}
