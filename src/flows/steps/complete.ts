import type { Clock } from '../../platform/index.js';
import { next, type SignInStep } from '../model.js';

export interface CompletionDeps {
  clock: Clock;
  recordSignIn(tenantId: string, userId: string, at: Date): Promise<void>;
}

/**
 * Step 8: the attempt succeeded. The user's last sign-in moves; the HTTP layer then hands
 * the result to oidc-provider, which opens the session.
 */
export function complete({ clock, recordSignIn }: CompletionDeps): SignInStep {
  return {
    name: 'complete',
    async run(attempt) {
      if (attempt.user) await recordSignIn(attempt.tenantId, attempt.user.id, clock.now());
      return next();
    },
  };
}
