import type { SignInEntry } from '../insights/index.js';
import { clientIp, parseUserAgent, type TrustedProxies } from '../protection/index.js';
import { SIGN_IN_FAILURES, SIGN_IN_INTERRUPTIONS, type SignInAttempt } from './model.js';

/** Step 9: what the sign-in log keeps of an attempt, success or failure. */
export function toSignInEntry(attempt: SignInAttempt): SignInEntry {
  const failure = attempt.failure
    ? SIGN_IN_FAILURES[attempt.failure]
    : attempt.interruption
      ? SIGN_IN_INTERRUPTIONS[attempt.interruption]
      : undefined;
  return {
    tenantId: attempt.tenantId,
    userId: attempt.user?.id,
    userPrincipalName: attempt.user?.mail ?? attempt.credentials.login.slice(0, 256),
    userDisplayName: attempt.user?.displayName || undefined,
    appId: attempt.app.appId,
    appDisplayName: attempt.app.displayName,
    ipAddress: attempt.signals?.ipAddress ?? attempt.facts.remoteAddress,
    clientAppUsed: attempt.signals?.device.clientAppUsed ?? 'Browser',
    isInteractive: true,
    correlationId: attempt.facts.correlationId,
    signInEventTypes: ['interactiveUser'],
    status: failure
      ? { errorCode: failure.errorCode, failureReason: failure.failureReason }
      : { errorCode: 0 },
    deviceDetail: {
      browser: attempt.signals?.device.browser ?? 'Unknown',
      operatingSystem: attempt.signals?.device.operatingSystem ?? 'Unknown',
    },
    authenticationRequirement: attempt.authenticationRequirement,
    authenticationDetails: attempt.authenticationDetails,
    riskLevelDuringSignIn: attempt.riskLevel,
    riskState: 'none',
    conditionalAccessStatus: 'notApplied',
  };
}

/** What a service principal sign-in (a client-credentials token request) looks like. */
export interface ServicePrincipalSignIn {
  tenantId: string;
  appId: string;
  appDisplayName: string | undefined;
  remoteAddress: string;
  forwardedFor: string | undefined;
  userAgent: string | undefined;
  correlationId: string;
  resource: string | undefined;
  error?: { code: string; description?: string };
}

/** The log entry of a client-credentials token request, granted or refused. */
export function toServicePrincipalEntry(
  signIn: ServicePrincipalSignIn,
  trustedProxies: TrustedProxies,
): SignInEntry {
  const device = parseUserAgent(signIn.userAgent);
  return {
    tenantId: signIn.tenantId,
    appId: signIn.appId,
    appDisplayName: signIn.appDisplayName ?? '',
    servicePrincipalName: signIn.appDisplayName ?? null,
    resourceId: signIn.resource ?? null,
    ipAddress: clientIp(
      { remoteAddress: signIn.remoteAddress, forwardedFor: signIn.forwardedFor },
      trustedProxies,
    ),
    clientAppUsed: '',
    isInteractive: false,
    correlationId: signIn.correlationId,
    signInEventTypes: ['servicePrincipal'],
    status: signIn.error
      ? {
          errorCode: signIn.error.code === 'invalid_client' ? 7000215 : 70000,
          failureReason: signIn.error.description ?? signIn.error.code,
        }
      : { errorCode: 0 },
    deviceDetail: { browser: device.browser, operatingSystem: device.operatingSystem },
    authenticationRequirement: 'singleFactorAuthentication',
    riskLevelDuringSignIn: 'none',
    riskState: 'none',
    conditionalAccessStatus: 'notApplied',
  };
}
