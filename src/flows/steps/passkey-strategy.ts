import type { DirectoryService } from '../../directory/index.js';
import type { PasskeyService } from '../../mfa/passkeys/index.js';
import type { PasskeyCredentials, StepResult } from '../model.js';
import { next } from '../model.js';
import type { FirstFactorStrategy } from './first-factor.js';

/**
 * A passkey as the first factor (passwordless). The ceremony asked for user verification (PIN,
 * biometric) and the service refused an assertion without it, so one passkey proves two factors:
 * something you have (`hwk` device-bound, `swk` synced) and something you know or are (`mfa`).
 */
export function passkeyStrategy(
  passkeys: Pick<PasskeyService, 'authenticate'>,
  directory: Pick<DirectoryService, 'findUser'>,
): FirstFactorStrategy<PasskeyCredentials> {
  return {
    method: 'passkey',
    async authenticate(attempt, credentials): Promise<StepResult> {
      const result = await passkeys.authenticate(
        attempt.tenantId,
        credentials.challengeId,
        credentials.response,
      );
      const user = result.ok ? await directory.findUser(attempt.tenantId, result.userId) : undefined;
      // Not `invalidCredentials`: the user handle of a refused assertion is unproven, so its
      // failures must not count against (and lock) that account's password sign-in.
      if (!result.ok || !user) return { fail: 'invalidPasskey' };
      attempt.user = {
        id: user.id,
        displayName: user.displayName,
        mail: user.mail,
        forceChangePasswordNextSignIn: user.passwordProfile?.forceChangePasswordNextSignIn ?? false,
      };
      if (!user.accountEnabled) return { fail: 'accountDisabled' };
      for (const value of [result.amr, 'mfa']) if (!attempt.amr.includes(value)) attempt.amr.push(value);
      attempt.authenticationDetails.push({
        authenticationMethod: 'Passkey (FIDO2)',
        succeeded: true,
        authenticationStepResultDetail: `Passwordless: passkey '${result.passkey.displayName}' with user verification`,
      });
      return next();
    },
  };
}
