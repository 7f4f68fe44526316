import type { AccessCheck, Requirement } from '../access/index.js';
import type { AuthenticationDetail, SignInUsage } from '../insights/index.js';
import type { AuthenticationResponseJSON } from '../mfa/passkeys/index.js';
import type { DetectionDraft, GeoLocation, RiskLevel, SignInProfile } from '../protection/index.js';
import type { SignInDeviceDetail } from './signals.js';

/** Why a sign-in failed, with Entra's error codes so logs read the same. */
export const SIGN_IN_FAILURES = {
  invalidCredentials: { errorCode: 50126, failureReason: 'Invalid username or password.' },
  accountDisabled: { errorCode: 50057, failureReason: 'The user account is disabled.' },
  throttled: { errorCode: 50053, failureReason: 'Too many sign-in attempts; try again later.' },
  blocked: { errorCode: 53003, failureReason: 'Access has been blocked by Conditional Access policies.' },
  notAssigned: {
    errorCode: 50105,
    failureReason:
      'The signed in user is not assigned to a role for the application: the application requires assignment.',
  },
  applicationNotFound: { errorCode: 700016, failureReason: 'Application not found in the directory.' },
  invalidCode: { errorCode: 50181, failureReason: 'The one-time code was wrong or has expired.' },
  invalidPasskey: { errorCode: 500121, failureReason: 'The passkey could not be verified.' },
  accountNotFound: {
    errorCode: 50034,
    failureReason:
      'The user account does not exist in the directory, and the user flow does not allow sign-up.',
  },
  federatedAccountExists: {
    errorCode: 90072,
    failureReason:
      'An account with the email address the identity provider gave already exists; the user must sign in to it to link the provider.',
  },
  methodNotAllowed: {
    errorCode: 50079,
    failureReason: "The sign-in method is not enabled in the application's user flow.",
  },
  /** A password submit extension answered Block: the user sees its block page. */
  extensionBlocked: {
    errorCode: 50158,
    failureReason: 'A custom authentication extension (password submit) blocked the sign-in.',
  },
  /** A password submit extension could not be called or did not answer usably (see appliedEventListeners). */
  extensionFailed: {
    errorCode: 1003000,
    failureReason:
      'The password could not be checked: the password submit custom authentication extension failed or could not be called.',
  },
  /** A step failed (a dependency did not answer): the user sees the error page and tries again. */
  transientError: {
    errorCode: 90033,
    failureReason: 'A transient error has occurred; the user was asked to try again.',
  },
} as const;

/** Why a sign-in stopped short of success without failing: the user has something to do first. */
export const SIGN_IN_INTERRUPTIONS = {
  mfa: {
    errorCode: 50074,
    failureReason: 'Strong authentication is required: the user must complete multi-factor authentication.',
  },
  passwordChange: {
    errorCode: 50125,
    failureReason: 'Sign-in was interrupted: the user must change their password.',
  },
} as const;

export type SignInInterruption = keyof typeof SIGN_IN_INTERRUPTIONS;

export type SignInFailureKind = keyof typeof SIGN_IN_FAILURES;

export interface RequestFacts {
  remoteAddress: string;
  forwardedFor?: string | string[];
  userAgent?: string;
  correlationId: string;
  /** The long-lived device cookie's id, when the browser sent one. */
  deviceId?: string;
  /**
   * The sign-in was handed over from another device (Graph's originalTransferMethod): the
   * device flow, where this browser signs in for an app on a device. The app is then a
   * desktop or device client, whatever browser the user signs in with.
   */
  transferMethod?: TransferMethod;
  /** The language of the pages (a custom authentication extension's `client.locale`). */
  locale?: string;
}

/** Graph's transfer methods: how a sign-in reached the browser from another device. */
export type TransferMethod = 'deviceCodeFlow';

/** The sign-in log's `clientAppUsed` of an app on a device (the device flow's), as Entra's. */
export const DEVICE_CLIENT_APP = 'Mobile Apps and Desktop clients';

/**
 * The risk an earlier attempt of the same sign-in found, carried by the ticket of the page
 * that continues it (MFA, password change), so the sign-in is judged once, not again.
 */
export interface InheritedRisk {
  level: RiskLevel;
  /** The correlation id of the attempt whose detections these are. */
  correlationId: string;
  eventTypes: string[];
}

export interface SignInSignals {
  ipAddress: string;
  device: SignInDeviceDetail;
  /** Where the address is, when the overrides or the geo database know. */
  location?: GeoLocation;
}

/**
 * Authentication context classes (the ID token's `acr`): one factor, or more than one. An app
 * asks for the second with `acr_values=urn:gatehouse:loa:2`.
 */
export const ACR = {
  singleFactor: 'urn:gatehouse:loa:1',
  multiFactor: 'urn:gatehouse:loa:2',
} as const;

/** The acr a sign-in earned, from the methods it proved. */
export const acrOf = (amr: readonly string[]): string =>
  amr.includes('mfa') ? ACR.multiFactor : ACR.singleFactor;

/** The credentials a first-factor method receives (one shape per method). */
export interface PasswordCredentials {
  method: 'password';
  login: string;
  password: string;
}

/** A one-time code sent to the user's email address (passwordless sign-in). */
export interface EmailOtpCredentials {
  method: 'emailOtp';
  login: string;
  challengeId: string;
  code: string;
}

/** A ticket from an earlier page of the same flow (sign-up, reset, forced change). */
export interface TicketCredentials {
  method: 'ticket';
  login: string;
  ticket: string;
}

/**
 * A passkey assertion (passwordless sign-in). `login` is what the page knew before the check (the
 * user handle the browser sent, or nothing): it keys the throttle and the log, never the user.
 */
export interface PasskeyCredentials {
  method: 'passkey';
  login: string;
  challengeId: string;
  response: AuthenticationResponseJSON;
}

/** What an identity provider vouched for, after its response was checked (the HTTP layer). */
export interface FederatedIdentity {
  issuer: string;
  subject: string;
  email: string | null;
  emailVerified: boolean;
  displayName: string | null;
  givenName?: string | null;
  surname?: string | null;
}

/** A sign-in with an external identity provider (its verified answer). */
export interface FederatedCredentials {
  method: 'federated';
  /** The provider's email for the user, or its subject: keys the throttle and the log. */
  login: string;
  providerId: string;
  providerName: string;
  identity: FederatedIdentity;
  /** For a first sign-in: whether the user flow lets the user sign up, with the attributes collected. */
  signUp: { allowed: boolean; attributes: Record<string, string | boolean | number | string[] | null> };
}

/**
 * Linking a provider to the existing account with the same verified email: the user proves
 * the account (its password, or a code sent to its address) and the identity is added to it.
 */
export interface FederatedLinkCredentials {
  method: 'federatedLink';
  /** The account's email address (the provider's verified email). */
  login: string;
  proof: { method: 'password'; password: string } | { method: 'emailOtp'; challengeId: string; code: string };
  providerId: string;
  providerName: string;
  identity: FederatedIdentity;
}

/**
 * A provider identity a sign-in links to its user: only once the sign-in has passed every
 * step (linking is a change of security info, so it waits for the second factor it needs).
 */
export interface PendingLink {
  issuer: string;
  issuerAssignedId: string;
  providerName: string;
}

export type FirstFactorCredentials =
  | PasswordCredentials
  | EmailOtpCredentials
  | TicketCredentials
  | PasskeyCredentials
  | FederatedCredentials
  | FederatedLinkCredentials;

/** The password a first factor checks, if it checks one (a password sign-in, or linking by password). */
export function passwordOf(credentials: FirstFactorCredentials): string | undefined {
  if (credentials.method === 'password') return credentials.password;
  if (credentials.method === 'federatedLink' && credentials.proof.method === 'password')
    return credentials.proof.password;
  return undefined;
}

export interface AuthenticatedUser {
  id: string;
  displayName: string;
  mail: string | null;
  forceChangePasswordNextSignIn?: boolean;
}

/**
 * One interactive sign-in as it moves through the pipeline. Steps fill it in order; the
 * record step writes it whatever happened.
 */
export interface SignInAttempt {
  tenantId: string;
  /** What usage & insights count of it beyond the log's fields: provider, sign-up, second factor. */
  usage?: SignInUsage;
  /** The application; `requireMfa` is its own demand for a second factor. */
  app: { appId: string; displayName: string; requireMfa?: boolean };
  /** The authentication context classes the app asked for (`acr_values`), most wanted first. */
  requestedAcr?: string[];
  facts: RequestFacts;
  credentials: FirstFactorCredentials;
  signals?: SignInSignals;
  user?: AuthenticatedUser;
  /** Authentication methods references (RFC 8176) satisfied so far. */
  amr: string[];
  /** Each authentication step, as the sign-in log shows it (Graph `authenticationDetail`). */
  authenticationDetails: AuthenticationDetail[];
  /** Sign-in risk: the highest level of this sign-in's real-time detections (step 5). */
  riskLevel: RiskLevel;
  /** The user's risk when this sign-in was judged. */
  userRiskLevel?: RiskLevel;
  /** What step 5 found, recorded after the attempt. */
  riskDetections?: DetectionDraft[];
  /** The user's sign-in profile as step 5 read it (learnt from after a success, not read again). */
  riskProfile?: SignInProfile;
  /** The address is a trusted location or an anonymizer (travel is not judged from it later). */
  travelExempt?: boolean;
  /** Set on a continuation: the risk its first attempt found. */
  inheritedRisk?: InheritedRisk;
  /** The sign-in log's riskState / riskDetail (set after the attempt, when risk was handled). */
  riskState?: 'none' | 'atRisk' | 'remediated';
  riskDetail?: string;
  /** The password was changed within this sign-in: by a reset, or a change it was asked for. */
  passwordChanged?: 'reset' | 'change';
  /** A provider identity to link to the user when the sign-in completes (see the link step). */
  pendingLink?: PendingLink;
  /** Conditional Access's verdict on this attempt (step 6), for step 7, the log and the session. */
  access?: AccessCheck;
  /** What the user must still do before the sign-in completes, in order (set by step 6). */
  requirements?: Requirement[];
  authenticationRequirement: 'singleFactorAuthentication' | 'multiFactorAuthentication';
  failure?: SignInFailureKind;
  /** Set when the user must do something (change their password) before the sign-in completes. */
  interruption?: SignInInterruption;
  /** After a wrong one-time code: the guesses left on it. */
  codeAttemptsLeft?: number;
  /** When a throttled caller may try again. */
  retryAfterMs?: number;
  /** What a custom authentication extension's Block answer asked the user to be shown. */
  blockPage?: { title?: string; message?: string };
}

/** A step lets the attempt go on, ends it with a failure, or pauses it for the user to act. */
export type StepResult =
  | { next: true }
  | { fail: SignInFailureKind; retryAfterMs?: number }
  | { interrupt: SignInInterruption };

export interface SignInStep {
  name: string;
  run(attempt: SignInAttempt): Promise<StepResult>;
}

export const next = (): StepResult => ({ next: true });
