import type { AppliedConditionalAccessPolicy, ConditionalAccessStatus } from '../access/index.js';
import type { SignInEntry } from '../insights/index.js';
import { clientIp, type GeoLocation, parseUserAgent, type TrustedProxies } from '../protection/index.js';
import { SIGN_IN_FAILURES, SIGN_IN_INTERRUPTIONS, type SignInAttempt } from './model.js';
import type { SessionJudgement } from './protocol-access.js';

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
    ...(attempt.facts.transferMethod && { originalTransferMethod: attempt.facts.transferMethod }),
    isInteractive: true,
    correlationId: attempt.facts.correlationId,
    signInEventTypes: ['interactiveUser'],
    status: failure
      ? { errorCode: failure.errorCode, failureReason: failure.failureReason }
      : { errorCode: 0 },
    deviceDetail: {
      browser: attempt.signals?.device.browser ?? 'Unknown',
      operatingSystem: attempt.signals?.device.operatingSystem ?? 'Unknown',
      // The hosted pages' device cookie: which sign-ins came from the same browser.
      deviceId: attempt.facts.deviceId ?? null,
    },
    location: locationOf(attempt.signals?.location),
    autonomousSystemNumber: attempt.signals?.location?.asn ?? null,
    authenticationRequirement: attempt.authenticationRequirement,
    authenticationDetails: attempt.authenticationDetails,
    riskLevelDuringSignIn: attempt.riskLevel,
    riskState: attempt.riskState ?? 'none',
    riskEventTypes_v2:
      attempt.riskDetections?.map((detection) => detection.riskEventType) ??
      attempt.inheritedRisk?.eventTypes ??
      [],
    riskDetail: attempt.riskDetail ?? 'none',
    conditionalAccessStatus: attempt.access?.status ?? 'notApplied',
    appliedConditionalAccessPolicies: attempt.access?.applied ?? [],
    ...(attempt.usage && { usage: attempt.usage }),
  };
}

/**
 * A successful sign-in whose own entry could not be written is refused: its code or token is
 * never handed out. This is its entry then, a transient error (written once the database is back).
 */
export function unrecordedSignInEntry(entry: SignInEntry): SignInEntry {
  const { errorCode, failureReason } = SIGN_IN_FAILURES.transientError;
  return { ...entry, status: { errorCode, failureReason } };
}

/** The sign-in log's `location` of a geo lookup. */
export function locationOf(location: GeoLocation | undefined): SignInEntry['location'] {
  if (!location) return undefined;
  const { city, state, countryOrRegion, latitude, longitude } = location;
  return {
    city,
    state,
    countryOrRegion,
    geoCoordinates: latitude === null || longitude === null ? null : { latitude, longitude, altitude: null },
  };
}

/** A browser session that served an app without a sign-in (single sign-on). */
export interface SessionSignIn {
  tenantId: string;
  userId: string;
  appId: string;
  appDisplayName: string | undefined;
  correlationId: string;
  /** What the session's sign-in proved. */
  amr: string[];
  judgement: SessionJudgement;
}

/** The log entry of a single sign-on: the first factor (and MFA) satisfied by the session. */
export function toSessionSignInEntry(
  signIn: SessionSignIn,
  user: { mail: string | null; displayName: string } | undefined,
): SignInEntry {
  const { judgement } = signIn;
  const multiFactor = signIn.amr.includes('mfa');
  return {
    tenantId: signIn.tenantId,
    userId: signIn.userId,
    userPrincipalName: user?.mail ?? null,
    userDisplayName: user?.displayName ?? null,
    appId: signIn.appId,
    appDisplayName: signIn.appDisplayName ?? '',
    ipAddress: judgement.ipAddress,
    clientAppUsed: judgement.device.clientAppUsed,
    ...(judgement.transferMethod && { originalTransferMethod: judgement.transferMethod }),
    isInteractive: true,
    correlationId: signIn.correlationId,
    signInEventTypes: ['interactiveUser'],
    status:
      judgement.verdict === 'blocked' || judgement.verdict === 'notAssigned'
        ? {
            errorCode: SIGN_IN_FAILURES[judgement.verdict].errorCode,
            failureReason: SIGN_IN_FAILURES[judgement.verdict].failureReason,
          }
        : { errorCode: 0 },
    deviceDetail: { browser: judgement.device.browser, operatingSystem: judgement.device.operatingSystem },
    location: locationOf(judgement.location),
    autonomousSystemNumber: judgement.location?.asn ?? null,
    authenticationRequirement: multiFactor ? 'multiFactorAuthentication' : 'singleFactorAuthentication',
    authenticationDetails: [
      {
        authenticationMethod: 'Previously satisfied',
        succeeded: true,
        authenticationStepResultDetail: multiFactor
          ? 'First factor and MFA requirements satisfied by the session'
          : 'First factor requirement satisfied by the session',
      },
    ],
    riskLevelDuringSignIn: 'none',
    riskState: 'none',
    conditionalAccessStatus: judgement.status,
    appliedConditionalAccessPolicies: judgement.applied,
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
  /** The policies for workload identities, evaluated for this request. */
  conditionalAccess?: { applied: AppliedConditionalAccessPolicy[]; status: ConditionalAccessStatus };
  /** Where the address is, when known. */
  location?: GeoLocation;
}

function errorCodeOf(signIn: ServicePrincipalSignIn): number {
  if (signIn.conditionalAccess?.status === 'failure') return SIGN_IN_FAILURES.blocked.errorCode;
  return signIn.error?.code === 'invalid_client' ? 7000215 : 70000;
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
          errorCode: errorCodeOf(signIn),
          failureReason: signIn.error.description ?? signIn.error.code,
        }
      : { errorCode: 0 },
    deviceDetail: { browser: device.browser, operatingSystem: device.operatingSystem },
    location: locationOf(signIn.location),
    authenticationRequirement: 'singleFactorAuthentication',
    riskLevelDuringSignIn: 'none',
    riskState: 'none',
    conditionalAccessStatus: signIn.conditionalAccess?.status ?? 'notApplied',
    appliedConditionalAccessPolicies: signIn.conditionalAccess?.applied ?? [],
  };
}
