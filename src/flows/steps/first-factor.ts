import type { DirectoryService } from '../../directory/index.js';
import type { FirstFactorCredentials, SignInAttempt, SignInStep, StepResult } from '../model.js';
import { next } from '../model.js';

/** One way to prove who you are first; each method is a strategy of its own. */
export interface FirstFactorStrategy<C extends FirstFactorCredentials = FirstFactorCredentials> {
  method: C['method'];
  /** The amr value (RFC 8176) this method satisfies. */
  amr: string;
  authenticate(attempt: SignInAttempt, credentials: C): Promise<StepResult>;
}

export function passwordStrategy(directory: DirectoryService): FirstFactorStrategy {
  return {
    method: 'password',
    amr: 'pwd',
    async authenticate(attempt, credentials) {
      const result = await directory.authenticatePassword(
        attempt.tenantId,
        credentials.login,
        credentials.password,
      );
      if (!result.ok) {
        if (result.userId) attempt.user = { id: result.userId, displayName: '', mail: null };
        return { fail: result.reason === 'account_disabled' ? 'accountDisabled' : 'invalidCredentials' };
      }
      const { user } = result;
      attempt.user = {
        id: user.id,
        displayName: user.displayName,
        mail: user.mail,
        forceChangePasswordNextSignIn: user.passwordProfile?.forceChangePasswordNextSignIn ?? false,
      };
      return next();
    },
  };
}

/** Step 4: the first factor, by whichever strategy the credentials name. */
export function firstFactor(strategies: FirstFactorStrategy[]): SignInStep {
  const byMethod = new Map(strategies.map((s) => [s.method, s]));
  return {
    name: 'first-factor',
    async run(attempt) {
      const strategy = byMethod.get(attempt.credentials.method);
      if (!strategy) throw new Error(`no first-factor strategy for ${attempt.credentials.method}`);
      const result = await strategy.authenticate(attempt, attempt.credentials);
      if ('next' in result) attempt.amr.push(strategy.amr);
      return result;
    },
  };
}
