import type { Application, UpdateApplicationInput } from '../../applications/index.js';
import type { DirectoryUser, UpdateUserInput } from '../../directory/index.js';
import type { IdentityProvider, UpstreamSignIns } from '../../federation/index.js';
import type { OneTimeCodes } from '../../flows/index.js';
import type { AuditTrail, SignIn, SignInFilters } from '../../insights/index.js';
import type { SmsSender } from '../../messaging/index.js';
import type { MfaService, SecondFactorLookup } from '../../mfa/index.js';
import type { PasskeyService } from '../../mfa/passkeys/index.js';
import type { BrowserSession, ProviderPool } from '../../oidc/index.js';
import type { Clock, RateLimiter, SecretBox } from '../../platform/index.js';
import type { Page } from '../../storage/index.js';
import type { Csrf } from '../hosted-ui/csrf.js';
import type { UserFlowPages } from '../hosted-ui/deps.js';
import type { BrandFrame } from '../hosted-ui/templates.js';

/**
 * What the self-service account pages need from the rest of Gatehouse, by role. The
 * composition root passes the real services; each is used only for what is named here.
 */
export interface AccountDeps {
  baseUrl: string;
  clock: Clock;
  pool: ProviderPool;
  /** Seals the account session cookie (AES-256-GCM under the master key). */
  box: SecretBox;
  csrf: Csrf;
  secureCookies: boolean;
  /** The tenant's brand for a language: rendered frame plus its hosted-page string overrides. */
  brandFor(tenantId: string, lang: string): Promise<{ frame: BrandFrame; strings: Record<string, string> }>;
  /** The built-in account client: created once per tenant, kept in line with the account URLs. */
  applications: {
    ensureWithAppId(tenantId: string, appId: string, input: { displayName: string }): Promise<Application>;
    update(tenantId: string, id: string, input: UpdateApplicationInput): Promise<Application>;
    list(tenantId: string, page: { top: number; skipToken?: string }): Promise<Page<Application>>;
  };
  directory: {
    findUser(tenantId: string, id: string): Promise<DirectoryUser | undefined>;
    update(tenantId: string, id: string, input: UpdateUserInput): Promise<DirectoryUser>;
    delete(tenantId: string, id: string): Promise<void>;
    authenticatePassword(
      tenantId: string,
      login: string,
      password: string,
    ): Promise<{ ok: true; user: DirectoryUser } | { ok: false; reason: string; userId?: string }>;
    setPassword(
      tenantId: string,
      userId: string,
      password: string,
      options?: { rejectCurrent?: boolean },
    ): Promise<void>;
    /** Linked accounts: conflict `identity_taken` when another user has the identity. */
    linkFederatedIdentity(
      tenantId: string,
      userId: string,
      identity: { issuer: string; issuerAssignedId: string },
    ): Promise<DirectoryUser>;
    /** Conflict `last_sign_in_method` when it is the user's only identity; `identity_not_found`. */
    unlinkFederatedIdentity(
      tenantId: string,
      userId: string,
      identity: { issuer: string; issuerAssignedId: string },
    ): Promise<DirectoryUser>;
  };
  /** The tenant's identity providers, to name a linked identity and to offer the others. */
  identityProviders: {
    list(tenantId: string, page: { top: number; skipToken?: string }): Promise<Page<IdentityProvider>>;
  };
  /** The round trip to a provider, for linking it (purpose `link`, bound to the signed-in user). */
  upstream: Pick<UpstreamSignIns, 'providerWithConnector' | 'begin' | 'complete'>;
  userFlows: UserFlowPages;
  mfa: Pick<
    MfaService,
    | 'enabledMethods'
    | 'methodsOf'
    | 'removeMethod'
    | 'addPhone'
    | 'generateRecoveryCodes'
    | 'startTotpEnrollment'
    | 'pendingTotpEnrollment'
    | 'confirmTotpEnrollment'
  >;
  passkeys: Pick<PasskeyService, 'list' | 'rename' | 'remove' | 'registrationOptions' | 'register'>;
  /** A user's second factors, for the one security-info rule. */
  secondFactors: Pick<SecondFactorLookup, 'held'>;
  /** Proving a new phone number: a one-time code (purpose `mfa`) texted to it. */
  codes: Pick<OneTimeCodes, 'issue' | 'verify' | 'discard'>;
  sms: Pick<SmsSender, 'sendCode'>;
  /** Codes texted from the phone page, per user (on top of the sender's daily caps per phone and tenant). */
  phoneCodesPerUser: RateLimiter;
  sessions: {
    list(tenantId: string, accountId: string): Promise<BrowserSession[]>;
    end(tenantId: string, accountId: string, sessionId: string): Promise<boolean>;
  };
  signInLogs: {
    list(
      tenantId: string,
      filters: SignInFilters,
      page: { top: number; skipToken?: string },
    ): Promise<Page<SignIn>>;
  };
  /** Wrong current passwords on the password page, per user. */
  passwordFailuresPerUser: RateLimiter;
  /** Ends every session, grant and refresh token of the user and tells their apps. */
  revokeSessions(tenantId: string, userId: string): Promise<void>;
  /** The audit trail: a user linking or unlinking an identity provider is recorded there. */
  audits: Pick<AuditTrail, 'record'>;
  /** A secure password change (after MFA): Identity Protection remediates the user's risk. */
  remediateUserRisk(tenantId: string, userId: string): Promise<void>;
}
