import { next, type SignInStep } from '../model.js';

/**
 * Step 5: Identity Protection. Real-time detections arrive with the Identity Protection
 * issue; until then every sign-in carries risk `none`, so Conditional Access can already
 * read the field.
 */
export function identityProtection(): SignInStep {
  return {
    name: 'identity-protection',
    async run(attempt) {
      attempt.riskLevel = 'none';
      return next();
    },
  };
}
