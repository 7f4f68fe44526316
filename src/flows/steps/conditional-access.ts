import { next, type SignInStep } from '../model.js';

/**
 * Step 6: Conditional Access. Policies arrive with their own issue; until then no policy
 * applies and single-factor sign-in is enough. The step exists now so that every method
 * already passes through it.
 */
export function conditionalAccess(): SignInStep {
  return {
    name: 'conditional-access',
    async run(attempt) {
      attempt.authenticationRequirement = 'singleFactorAuthentication';
      return next();
    },
  };
}
