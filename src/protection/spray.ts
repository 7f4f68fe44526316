import { createHash } from 'node:crypto';
import type { SharedState } from '../platform/index.js';

/** How long failures from one address are remembered for the password-spray pattern. */
export const SPRAY_WINDOW_MS = 60 * 60_000;

export interface SprayTracker {
  /** A wrong password from `ipAddress` at `login`. */
  recordFailure(tenantId: string, ipAddress: string, login: string): Promise<void>;
  /** Failures from `ipAddress` in the window: distinct accounts and attempts; null when none. */
  fromIp(tenantId: string, ipAddress: string): Promise<{ accounts: number; attempts: number } | null>;
}

const hashed = (value: string) => createHash('sha256').update(value).digest('base64url').slice(0, 22);

/**
 * Remembers, per address, how many accounts saw a wrong password and how many attempts there
 * were — in the shared state, so a spray spread over nodes is seen whole. A password spray is
 * few attempts per account across many accounts (detect.ts decides).
 */
export function createSprayTracker(state: SharedState, windowMs = SPRAY_WINDOW_MS): SprayTracker {
  const keyOf = (tenantId: string, ipAddress: string) => `spray:${tenantId}:${ipAddress}`;
  return {
    async recordFailure(tenantId, ipAddress, login) {
      const key = keyOf(tenantId, ipAddress);
      const account = login.normalize('NFKC').trim().toLowerCase();
      const firstForAccount = await state.increment(`${key}:account:${hashed(account)}`, windowMs);
      if (firstForAccount.count === 1) await state.increment(`${key}:accounts`, windowMs);
      await state.increment(`${key}:attempts`, windowMs);
    },
    async fromIp(tenantId, ipAddress) {
      const key = keyOf(tenantId, ipAddress);
      const [accounts, attempts] = await Promise.all([
        state.peek(`${key}:accounts`),
        state.peek(`${key}:attempts`),
      ]);
      return attempts > 0 ? { accounts, attempts } : null;
    },
  };
}
