import type { SignInDeviceDetail } from './signals.js';

/** Why a sign-in failed, with Entra's error codes so logs read the same. */
export const SIGN_IN_FAILURES = {
  invalidCredentials: { errorCode: 50126, failureReason: 'Invalid username or password.' },
  accountDisabled: { errorCode: 50057, failureReason: 'The user account is disabled.' },
  throttled: { errorCode: 50053, failureReason: 'Too many sign-in attempts; try again later.' },
  blocked: { errorCode: 53003, failureReason: 'Access has been blocked by Conditional Access policies.' },
  applicationNotFound: { errorCode: 700016, failureReason: 'Application not found in the directory.' },
} as const;

export type SignInFailureKind = keyof typeof SIGN_IN_FAILURES;

export interface RequestFacts {
  remoteAddress: string;
  forwardedFor?: string | string[];
  userAgent?: string;
  correlationId: string;
}

export interface SignInSignals {
  ipAddress: string;
  device: SignInDeviceDetail;
}

/** The credentials a first-factor method receives (one shape per method). */
export interface PasswordCredentials {
  method: 'password';
  login: string;
  password: string;
}

export type FirstFactorCredentials = PasswordCredentials;

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
  app: { appId: string; displayName: string };
  facts: RequestFacts;
  credentials: FirstFactorCredentials;
  signals?: SignInSignals;
  user?: AuthenticatedUser;
  /** Authentication methods references (RFC 8176) satisfied so far. */
  amr: string[];
  riskLevel: 'none' | 'low' | 'medium' | 'high';
  authenticationRequirement: 'singleFactorAuthentication' | 'multiFactorAuthentication';
  failure?: SignInFailureKind;
  /** When a throttled caller may try again. */
  retryAfterMs?: number;
}

/** A step either lets the attempt go on or ends it with a failure. */
export type StepResult = { next: true } | { fail: SignInFailureKind; retryAfterMs?: number };

export interface SignInStep {
  name: string;
  run(attempt: SignInAttempt): Promise<StepResult>;
}

export const next = (): StepResult => ({ next: true });
