import { next, type SignInStep } from '../model.js';

/**
 * Step 7: what the user must still do before the sign-in completes: the second factor step 6
 * requires (a passkey when the policy asks for phishing-resistant MFA), then a password
 * change (a policy's grant, or an admin's forceChangePasswordNextSignIn). The attempt is
 * interrupted; the page that satisfies the requirement starts a new attempt with a ticket,
 * which passes every step again.
 */
export function satisfyRequirements(): SignInStep {
  return {
    name: 'satisfy-requirements',
    async run(attempt) {
      const requirements = attempt.requirements ?? [];
      if (requirements.includes('mfa') || requirements.includes('phishingResistantMfa'))
        return { interrupt: 'mfa' };
      if (requirements.includes('passwordChange') || attempt.user?.forceChangePasswordNextSignIn)
        return { interrupt: 'passwordChange' };
      return next();
    },
  };
}
