import type { DirectoryService } from '../../directory/index.js';
import type { SecondFactorLookup } from '../../mfa/index.js';
import { next, type SignInStep } from '../model.js';

/**
 * Step 7½: a sign-in that links a provider to its user (the provider's verified email was an
 * existing account's) links it only here, once every requirement is met. Linking is a change
 * of security info: a user who holds a second factor other than what proved this sign-in's
 * first factor proves it first (after a password, the email; after an emailed code, the
 * authenticator app, phone, passkey or recovery codes) — or else an emailed code and a
 * provider account made for that mailbox would, between them, take over an account
 * protected by an authenticator app.
 */
export function linkIdentity(deps: {
  directory: Pick<DirectoryService, 'linkFederatedIdentity'>;
  secondFactors: Pick<SecondFactorLookup, 'provableAfter'>;
}): SignInStep {
  return {
    name: 'link-identity',
    async run(attempt) {
      const link = attempt.pendingLink;
      if (!link || !attempt.user) return next();
      if (!attempt.amr.includes('mfa')) {
        const others = await deps.secondFactors.provableAfter(attempt.tenantId, attempt.user.id, attempt.amr);
        if (others.length > 0) return { interrupt: 'mfa' };
      }
      await deps.directory.linkFederatedIdentity(attempt.tenantId, attempt.user.id, {
        issuer: link.issuer,
        issuerAssignedId: link.issuerAssignedId,
      });
      attempt.authenticationDetails.push({
        authenticationMethod: 'Federated',
        succeeded: true,
        authenticationStepResultDetail: `${link.providerName} linked to the account`,
      });
      return next();
    },
  };
}
