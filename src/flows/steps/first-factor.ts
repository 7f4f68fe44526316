import type { DirectoryService, DirectoryUser } from '../../directory/index.js';
import type { SignInTickets } from '../journeys.js';
import type {
  AuthenticatedUser,
  EmailOtpCredentials,
  FederatedCredentials,
  FederatedLinkCredentials,
  FirstFactorCredentials,
  PasswordCredentials,
  SignInAttempt,
  SignInStep,
  StepResult,
  TicketCredentials,
} from '../model.js';
import { next } from '../model.js';
import type { OneTimeCodes } from '../one-time-codes.js';

/**
 * One way to prove who you are first; each method is a strategy of its own. On success it
 * names the user on the attempt and adds what was proved to `amr` and the log's details.
 */
export interface FirstFactorStrategy<C extends FirstFactorCredentials = FirstFactorCredentials> {
  method: C['method'];
  authenticate(attempt: SignInAttempt, credentials: C): Promise<StepResult>;
}

const toAuthenticated = (user: DirectoryUser): AuthenticatedUser => ({
  id: user.id,
  displayName: user.displayName,
  mail: user.mail,
  forceChangePasswordNextSignIn: user.passwordProfile?.forceChangePasswordNextSignIn ?? false,
});

function proved(attempt: SignInAttempt, amr: string[], method: string, detail?: string): StepResult {
  for (const value of amr) if (!attempt.amr.includes(value)) attempt.amr.push(value);
  attempt.authenticationDetails.push({
    authenticationMethod: method,
    succeeded: true,
    ...(detail && { authenticationStepResultDetail: detail }),
  });
  return next();
}

/**
 * Just-in-time password migration from a legacy system (a password submit extension): asked
 * inside the password first factor, so that lockout, risk, Conditional Access and MFA apply
 * after it as after any password.
 */
export interface PasswordMigration {
  /** The password verified here: a user still marked for migration is marked migrated. */
  passwordVerified(tenantId: string, appId: string, user: DirectoryUser): Promise<void>;
  /** The password did not verify here: what the legacy system says of it, if the user is to migrate. */
  passwordRefused(input: {
    tenantId: string;
    appId: string;
    userId: string;
    login: string;
    password: string;
    correlationId: string;
    client: { ip: string; locale: string; market: string };
  }): Promise<
    | { kind: 'notApplicable' | 'retry' | 'failed' }
    | { kind: 'migrated' | 'updatePassword'; user: DirectoryUser }
    | { kind: 'blocked'; title?: string; message?: string }
  >;
}

export function passwordStrategy(
  directory: DirectoryService,
  migration?: PasswordMigration,
): FirstFactorStrategy<PasswordCredentials> {
  return {
    method: 'password',
    async authenticate(attempt, credentials) {
      const result = await directory.authenticatePassword(
        attempt.tenantId,
        credentials.login,
        credentials.password,
      );
      if (!result.ok) {
        if (result.userId) attempt.user = { id: result.userId, displayName: '', mail: null };
        if (result.reason === 'account_disabled' || !migration || !result.userId)
          return { fail: result.reason === 'account_disabled' ? 'accountDisabled' : 'invalidCredentials' };
        return legacyVerdict(attempt, credentials, result.userId, migration);
      }
      attempt.user = toAuthenticated(result.user);
      await migration?.passwordVerified(attempt.tenantId, attempt.app.appId, result.user);
      return proved(attempt, ['pwd'], 'Password');
    },
  };
}

/** A password this directory does not hold, judged by the legacy system (Retry reads as a wrong password). */
async function legacyVerdict(
  attempt: SignInAttempt,
  credentials: PasswordCredentials,
  userId: string,
  migration: PasswordMigration,
): Promise<StepResult> {
  const locale = attempt.facts.locale ?? 'en';
  const verdict = await migration.passwordRefused({
    tenantId: attempt.tenantId,
    appId: attempt.app.appId,
    userId,
    login: credentials.login,
    password: credentials.password,
    correlationId: attempt.facts.correlationId,
    client: { ip: attempt.signals?.ipAddress ?? attempt.facts.remoteAddress, locale, market: locale },
  });
  switch (verdict.kind) {
    case 'migrated':
      attempt.user = toAuthenticated(verdict.user);
      return proved(attempt, ['pwd'], 'Password', 'Password migrated from the legacy system');
    case 'updatePassword':
      // The legacy system vouched for the password, but it must change: the forced change page.
      attempt.user = { ...toAuthenticated(verdict.user), forceChangePasswordNextSignIn: true };
      return proved(
        attempt,
        ['pwd'],
        'Password',
        'Password verified by the legacy system; it must be changed',
      );
    case 'blocked':
      attempt.blockPage = { title: verdict.title, message: verdict.message };
      return { fail: 'extensionBlocked' };
    case 'failed':
      return { fail: 'extensionFailed' };
    default:
      return { fail: 'invalidCredentials' };
  }
}

/** A six-digit code sent to the email address of an account (passwordless sign-in). */
export function emailOtpStrategy(
  directory: DirectoryService,
  codes: OneTimeCodes,
): FirstFactorStrategy<EmailOtpCredentials> {
  return {
    method: 'emailOtp',
    async authenticate(attempt, credentials) {
      const scope = { tenantId: attempt.tenantId, purpose: 'signIn' as const };
      const result = await codes.verify(scope, credentials.challengeId, credentials.code);
      // Codes are sent only to existing accounts, for the address the challenge was made for.
      const user =
        result.ok && result.email === credentials.login
          ? await directory.findUserByLogin(attempt.tenantId, result.email)
          : undefined;
      if (!result.ok || !user) {
        if (!result.ok && result.reason === 'wrong') attempt.codeAttemptsLeft = result.remaining;
        return { fail: 'invalidCode' };
      }
      attempt.user = toAuthenticated(user);
      if (!user.accountEnabled) return { fail: 'accountDisabled' };
      return proved(attempt, ['otp'], 'Email OTP');
    },
  };
}

/** The ticket an earlier page of the same flow issued (sign-up, reset, forced change). */
export function ticketStrategy(
  directory: DirectoryService,
  tickets: SignInTickets,
): FirstFactorStrategy<TicketCredentials> {
  return {
    method: 'ticket',
    async authenticate(attempt, credentials) {
      const ticket = await tickets.redeem(attempt.tenantId, credentials.ticket);
      const user = ticket ? await directory.findUser(attempt.tenantId, ticket.userId) : undefined;
      if (!ticket || !user) return { fail: 'invalidCredentials' };
      attempt.user = toAuthenticated(user);
      if (!user.accountEnabled) return { fail: 'accountDisabled' };
      attempt.passwordChanged = ticket.passwordChanged;
      attempt.inheritedRisk = ticket.risk;
      attempt.pendingLink = ticket.link;
      if (ticket.usage) attempt.usage = { ...attempt.usage, ...ticket.usage };
      return proved(
        attempt,
        ticket.amr,
        ticket.amr.includes('otp') ? 'Email OTP' : 'Password',
        ticket.detail,
      );
    },
  };
}

/**
 * An identity provider's verified answer. A returning user is found by the provider's issuer
 * and subject; a new one is created just in time with that federated identity, the flow's
 * attributes and the email when the provider verified it. An email that already belongs to
 * another account is never linked on the provider's word: the user must prove that account.
 */
export function federatedStrategy(
  directory: Pick<
    DirectoryService,
    'findUserByFederatedIdentity' | 'findUserByLogin' | 'createFederatedUser'
  >,
): FirstFactorStrategy<FederatedCredentials> {
  return {
    method: 'federated',
    async authenticate(attempt, credentials) {
      const { identity } = credentials;
      attempt.usage = { ...attempt.usage, identityProvider: credentials.providerName };
      let user = await directory.findUserByFederatedIdentity(
        attempt.tenantId,
        identity.issuer,
        identity.subject,
      );
      if (!user) {
        const email = identity.emailVerified ? identity.email : null;
        if (email && (await directory.findUserByLogin(attempt.tenantId, email)))
          return { fail: 'federatedAccountExists' };
        if (!credentials.signUp.allowed) return { fail: 'accountNotFound' };
        user = await directory.createFederatedUser(attempt.tenantId, {
          identity: { issuer: identity.issuer, issuerAssignedId: identity.subject },
          mail: email,
          attributes: {
            displayName: (identity.displayName || email?.split('@')[0] || credentials.providerName).slice(
              0,
              256,
            ),
            ...credentials.signUp.attributes,
          },
        });
        attempt.usage.signUp = true;
      }
      attempt.user = toAuthenticated(user);
      if (!user.accountEnabled) return { fail: 'accountDisabled' };
      return proved(attempt, ['fed'], 'Federated', credentials.providerName);
    },
  };
}

/**
 * Linking a provider to an existing account: the account is proved by its own first factor
 * (password or emailed code, each through its own strategy); the provider's identity is
 * linked by the link step, once the sign-in has passed every step (and proved the second
 * factor the user holds). Only for the provider's verified email, the account's sign-in name.
 */
export function federatedLinkStrategy(proofs: {
  password: FirstFactorStrategy<PasswordCredentials>;
  emailOtp: FirstFactorStrategy<EmailOtpCredentials>;
}): FirstFactorStrategy<FederatedLinkCredentials> {
  return {
    method: 'federatedLink',
    async authenticate(attempt, credentials) {
      const { identity, proof, login } = credentials;
      if (!identity.emailVerified || !identity.email) return { fail: 'invalidCredentials' };
      const proved =
        proof.method === 'password'
          ? await proofs.password.authenticate(attempt, {
              method: 'password',
              login,
              password: proof.password,
            })
          : await proofs.emailOtp.authenticate(attempt, {
              method: 'emailOtp',
              login,
              challengeId: proof.challengeId,
              code: proof.code,
            });
      if (!('next' in proved) || !attempt.user) return proved;
      attempt.pendingLink = {
        issuer: identity.issuer,
        issuerAssignedId: identity.subject,
        providerName: credentials.providerName,
      };
      return proved;
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
      return strategy.authenticate(attempt, attempt.credentials);
    },
  };
}
