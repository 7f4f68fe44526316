import type { DirectoryService } from '../../directory/index.js';
import type { CallLog } from '../../extensions/index.js';
import type { UpstreamSignIns } from '../../federation/index.js';
import type {
  collectAttributes,
  Journeys,
  OneTimeCodes,
  SignInPipeline,
  SignInTickets,
  UserFlowService,
} from '../../flows/index.js';
import type { SignInEntry } from '../../insights/index.js';
import type { SmsSender } from '../../messaging/index.js';
import type { MfaService, SecondFactorLookup } from '../../mfa/index.js';
import type { PasskeyService } from '../../mfa/passkeys/index.js';
import type { ProviderPool } from '../../oidc/index.js';
import type { RateLimiter } from '../../platform/index.js';
import type { HostedExtensions } from './attribute-extensions.js';
import type { BrandingAssetsDeps } from './branding-assets.js';
import type { Csrf } from './csrf.js';
import type { BrandingPreviews } from './preview.js';
import type { BrandFrame } from './templates.js';

/** The message templates the pages send. */
export type PageMailTemplate = 'verificationCode' | 'signInCode' | 'resetCode' | 'passwordChanged';

/** A message the pages send. */
export interface PageMail {
  template: PageMailTemplate;
  to: string;
  lang: string;
  data: { code?: string; minutes?: number; appName?: string; displayName?: string };
}

/** The user flow of an application and its sign-up form, as the pages use them. */
export type UserFlowPages = Pick<UserFlowService, 'forApplication' | 'attributeFields'> & {
  collect: typeof collectAttributes;
};

/** The second factors of the MFA step, as the operator metrics name them. */
export type MfaMethod = 'email' | 'sms' | 'totp' | 'recovery_code' | 'passkey';

/** What the MFA step tells the operator metrics (docs/metrics.md). */
export interface MfaTelemetry {
  /** A challenge put to the user: a code sent, or a code or passkey prompt shown. */
  challenged(method: MfaMethod): void;
  /** A proof given, accepted or refused. */
  proved(method: MfaMethod, succeeded: boolean): void;
}

/**
 * What the hosted pages need from the rest of Gatehouse, by role. The composition root passes
 * the real services; each is used only for what is named here.
 */
export interface HostedUiDeps {
  pool: ProviderPool;
  /** Custom authentication extensions called from the pages (attribute collection, OTP send, password submit). */
  extensions?: HostedExtensions;
  /** Moves the extension calls of an interaction to the sign-in log entry it ends in. */
  extensionCalls?: Pick<CallLog, 'attach'>;
  signIn: SignInPipeline;
  csrf: Csrf;
  /** Whether cookies get the Secure flag (the public URL is https). */
  secureCookies: boolean;
  codes: OneTimeCodes;
  journeys: Journeys;
  tickets: SignInTickets;
  /** A user's second factors, for the one security-info rule (MFA step, password reset). */
  secondFactors: Pick<SecondFactorLookup, 'held' | 'provableAfter'>;
  accounts: Pick<
    DirectoryService,
    | 'findUserByLogin'
    | 'findUser'
    | 'findUserByFederatedIdentity'
    | 'validatePassword'
    | 'createSelfServiceUser'
    | 'setPassword'
  > & {
    /** Ends every session, grant and refresh token of the user (awaited, unlike the event). */
    revokeSessions(tenantId: string, userId: string): Promise<void>;
    /** Ends the smart lockout of a login (after a password reset). */
    clearLockout(tenantId: string, login: string): Promise<void>;
  };
  userFlows: UserFlowPages;
  mail: {
    enqueue(tenantId: string, message: PageMail): Promise<unknown>;
    /** Queues a message once `after` settles, if `compose` returns one; the caller never waits for it. */
    enqueueLater(
      tenantId: string,
      compose: () => Promise<PageMail | undefined>,
      after?: Promise<unknown>,
    ): void;
  };
  /** A user's second factors: what they have, checking codes, setting up an authenticator app. */
  mfa: Pick<
    MfaService,
    | 'enabledMethods'
    | 'methodsOf'
    | 'startTotpEnrollment'
    | 'pendingTotpEnrollment'
    | 'confirmTotpEnrollment'
    | 'checkTotp'
    | 'generateRecoveryCodes'
    | 'redeemRecoveryCode'
  >;
  /** Passkey ceremonies: a second factor, passwordless sign-in (through the pipeline), registration. */
  passkeys: Pick<
    PasskeyService,
    'registrationOptions' | 'register' | 'authenticationOptions' | 'authenticate' | 'list'
  >;
  /** Text messages: one-time codes to a phone, within the daily caps. */
  sms: Pick<SmsSender, 'sendCode'>;
  /** The tenant's uploaded images and generated stylesheet, served under /assets/branding. */
  brandAssets: BrandingAssetsDeps['branding'];
  /** Admins' previews of unsaved branding (made through the admin API), opened by the console. */
  brandingPreviews: Pick<BrandingPreviews, 'get'>;
  /** The tenant's brand for a language: rendered frame plus its hosted-page string overrides. */
  brandFor(tenantId: string, lang: string): Promise<{ frame: BrandFrame; strings: Record<string, string> }>;
  limits: {
    /** Sign-ups started per client IP. */
    signUpsPerIp: RateLimiter;
    /** Codes asked for per client IP (sign-up, sign-in and reset codes alike). */
    codesPerIp: RateLimiter;
    /** Codes sent to one email address. */
    codesPerEmail: RateLimiter;
    /** Wrong second-factor codes (authenticator app, recovery) per user. */
    mfaFailuresPerUser: RateLimiter;
  };
  /** Federation: round trips to the tenant's identity providers, whatever their kind. */
  upstream: UpstreamSignIns;
  /** The client IP of a request (trusted proxies honoured), for the rate limits. */
  clientIpOf(remoteAddress: string, forwardedFor: string | string[] | undefined): string;
  /** Logs a sign-in outside the pipeline's own record: a refused second factor. */
  recordSignIn(entry: SignInEntry): void;
  /** Operator metrics of the MFA step; none when metrics are off. */
  mfaTelemetry?: MfaTelemetry;
}
