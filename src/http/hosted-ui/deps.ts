import type { DirectoryUser } from '../../directory/index.js';
import type {
  AttributeField,
  CollectedAttributes,
  Journeys,
  OneTimeCodes,
  SignInPipeline,
  SignInTickets,
  UserFlow,
} from '../../flows/index.js';
import type { PasskeyService } from '../../mfa/passkeys/index.js';
import type { ProviderPool } from '../../oidc/index.js';
import type { RateLimiter } from '../../platform/index.js';
import type { BrandingAssetsDeps } from './branding-assets.js';
import type { Csrf } from './csrf.js';
import type { BrandFrame } from './templates.js';

/** The message templates the pages send. */
export type PageMailTemplate = 'verificationCode' | 'signInCode' | 'resetCode' | 'passwordChanged';

/**
 * What the hosted pages need from the rest of Gatehouse, by role. The composition root passes
 * the real services; each is used only for what is named here.
 */
export interface HostedUiDeps {
  pool: ProviderPool;
  signIn: SignInPipeline;
  csrf: Csrf;
  /** Whether cookies get the Secure flag (the public URL is https). */
  secureCookies: boolean;
  codes: OneTimeCodes;
  journeys: Journeys;
  tickets: SignInTickets;
  accounts: {
    findUserByLogin(tenantId: string, login: string): Promise<DirectoryUser | undefined>;
    findUser(tenantId: string, id: string): Promise<DirectoryUser | undefined>;
    validatePassword(tenantId: string, password: string, context?: { mail?: string | null }): Promise<void>;
    createSelfServiceUser(
      tenantId: string,
      input: {
        mail: string;
        password?: string;
        attributes: Extract<CollectedAttributes, { ok: true }>['values'];
      },
    ): Promise<DirectoryUser>;
    setPassword(
      tenantId: string,
      userId: string,
      password: string,
      options?: { rejectCurrent?: boolean },
    ): Promise<void>;
    /** Ends every session, grant and refresh token of the user (awaited, unlike the event). */
    revokeSessions(tenantId: string, userId: string): Promise<void>;
  };
  userFlows: {
    forApplication(tenantId: string, appId: string): Promise<UserFlow>;
    attributeFields(tenantId: string, flow: UserFlow): Promise<AttributeField[]>;
    collect(
      fields: AttributeField[],
      form: Record<string, string | string[] | undefined>,
    ): CollectedAttributes;
  };
  mail: {
    enqueue(
      tenantId: string,
      message: {
        template: PageMailTemplate;
        to: string;
        lang: string;
        data: { code?: string; minutes?: number; appName?: string; displayName?: string };
      },
    ): Promise<unknown>;
  };
  /** A user's second factors: what they have, checking codes, setting up an authenticator app. */
  mfa: {
    enabledMethods(tenantId: string): Promise<ReadonlySet<string>>;
    methodsOf(
      tenantId: string,
      userId: string,
    ): Promise<ReadonlyArray<{ type: string; phoneNumber?: string }>>;
    startTotpEnrollment(
      tenantId: string,
      userId: string,
      accountName: string,
    ): Promise<{ enrollmentId: string; secret: string; qrSvg: string }>;
    confirmTotpEnrollment(
      tenantId: string,
      userId: string,
      enrollmentId: string,
      code: string,
    ): Promise<boolean>;
    verifyTotp(tenantId: string, userId: string, code: string): Promise<boolean>;
    generateRecoveryCodes(tenantId: string, userId: string): Promise<string[]>;
    redeemRecoveryCode(tenantId: string, userId: string, code: string): Promise<boolean>;
  };
  /** Passkey ceremonies: a second factor, passwordless sign-in (through the pipeline), registration. */
  passkeys: Pick<
    PasskeyService,
    'registrationOptions' | 'register' | 'authenticationOptions' | 'authenticate' | 'list'
  >;
  /** Text messages: one-time codes to a phone, within the daily caps. */
  sms: {
    sendCode(
      tenantId: string,
      message: { to: string; lang: string; code: string; minutes: number; appName?: string },
    ): Promise<{ ok: boolean }>;
  };
  /** The tenant's uploaded images and generated stylesheet, served under /assets/branding. */
  brandAssets: BrandingAssetsDeps['branding'];
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
  /** The client IP of a request (trusted proxies honoured), for the rate limits. */
  clientIpOf(remoteAddress: string, forwardedFor: string | string[] | undefined): string;
}
