import { next, type SignInStep } from '../model.js';

/**
 * Step 7: what the user must still do before the sign-in completes. For now a password change
 * that an admin asked for (forceChangePasswordNextSignIn); MFA joins here with its issue. The
 * attempt is interrupted; the page that satisfies the requirement starts a new attempt with a
 * ticket, which passes every step again.
 */
export function satisfyRequirements(): SignInStep {
  return {
    name: 'satisfy-requirements',
    async run(attempt) {
      if (attempt.user?.forceChangePasswordNextSignIn) return { interrupt: 'passwordChange' };
      return next();
    },
  };
}
