import { next, type SignInStep } from '../model.js';

/**
 * Step 7: what the user must still do before the sign-in completes: a second factor when
 * step 6 requires one and the attempt has not proved it, then a password change an admin
 * asked for (forceChangePasswordNextSignIn). The attempt is interrupted; the page that
 * satisfies the requirement starts a new attempt with a ticket, which passes every step again.
 */
export function satisfyRequirements(): SignInStep {
  return {
    name: 'satisfy-requirements',
    async run(attempt) {
      if (attempt.authenticationRequirement === 'multiFactorAuthentication' && !attempt.amr.includes('mfa'))
        return { interrupt: 'mfa' };
      if (attempt.user?.forceChangePasswordNextSignIn) return { interrupt: 'passwordChange' };
      return next();
    },
  };
}
