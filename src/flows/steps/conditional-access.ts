import { ACR, next, type SignInStep } from '../model.js';

/**
 * Step 6: Conditional Access. Policies arrive with their own issue; until then what asks for
 * a second factor is the application itself (its "require MFA" setting) or its request
 * (`acr_values` naming the multi-factor class). Step 7 then makes the user satisfy it.
 */
export function conditionalAccess(): SignInStep {
  return {
    name: 'conditional-access',
    async run(attempt) {
      const wantsMfa = attempt.app.requireMfa === true || attempt.requestedAcr?.includes(ACR.multiFactor);
      attempt.authenticationRequirement = wantsMfa
        ? 'multiFactorAuthentication'
        : 'singleFactorAuthentication';
      return next();
    },
  };
}
