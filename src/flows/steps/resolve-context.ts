import { next, type SignInStep } from '../model.js';

export interface ResolvedApplication {
  displayName: string;
  /** The first-factor methods the application's user flow offers (`password`, `emailOtp`, `ticket`). */
  signInMethods: ReadonlySet<string>;
  /** Whether the application demands a second factor of every sign-in. */
  requireMfa: boolean;
}

/**
 * Step 1: the attempt is for an application that exists in this tenant, by its current name,
 * with a method its user flow offers.
 */
export function resolveContext(
  findApp: (tenantId: string, appId: string) => Promise<ResolvedApplication | undefined>,
): SignInStep {
  return {
    name: 'resolve-context',
    async run(attempt) {
      const app = await findApp(attempt.tenantId, attempt.app.appId);
      if (!app) return { fail: 'applicationNotFound' };
      attempt.app.displayName = app.displayName;
      attempt.app.requireMfa = app.requireMfa;
      if (!app.signInMethods.has(attempt.credentials.method)) return { fail: 'methodNotAllowed' };
      return next();
    },
  };
}

/**
 * The first-factor methods a user flow offers; a ticket from the flow's own pages always. Passkeys
 * are the tenant's choice (its methods policy), not the flow's: `passkeys` says whether Fido2 is on.
 */
export function firstFactorMethodsOf(
  flow: { signInMethods: readonly string[]; identityProviders?: readonly string[] },
  options: { passkeys?: boolean } = {},
): ReadonlySet<string> {
  const methods = new Set<string>(['ticket']);
  if (options.passkeys) methods.add('passkey');
  if (flow.signInMethods.includes('emailPassword')) methods.add('password');
  if (flow.signInMethods.includes('emailOtp')) methods.add('emailOtp');
  if (flow.identityProviders?.length) {
    methods.add('federated');
    // Linking proves the existing account with its own method: a password or an emailed code.
    methods.add('federatedLink');
  }
  return methods;
}
