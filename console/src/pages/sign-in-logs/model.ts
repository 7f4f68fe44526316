/** The JSON shapes of the sign-in log routes: Microsoft Graph's `signIn` (src/insights/model.ts). */

export type ConditionalAccessStatus = 'success' | 'failure' | 'notApplied';
export type RiskLevel = 'none' | 'low' | 'medium' | 'high' | 'hidden';

/** One Conditional Access policy's result for a sign-in (Graph `appliedConditionalAccessPolicy`). */
export interface AppliedConditionalAccessPolicy {
  id: string;
  displayName: string;
  /** success, failure, notApplied, notEnabled, reportOnlySuccess, reportOnlyFailure, … */
  result: string;
  enforcedGrantControls: string[];
  enforcedSessionControls: string[];
}

/** One step of the authentication (Graph `authenticationDetail`). */
export interface AuthenticationDetail {
  authenticationStepDateTime?: string;
  authenticationMethod?: string;
  authenticationMethodDetail?: string;
  succeeded?: boolean;
  authenticationStepResultDetail?: string;
  authenticationStepRequirement?: string;
}

/** One custom authentication extension call of a sign-in (Graph beta `appliedAuthenticationEventListener`). */
export interface AppliedEventListener {
  /** The event, as Gatehouse names it (tokenIssuanceStart, emailOtpSend, …). */
  eventType: string;
  executedListenerId: string;
  handlerResult: {
    customExtensionId: string;
    calloutDateTime: string;
    numberOfAttempts: number;
    /** The last attempt's HTTP status (0: no answer). */
    httpStatus: number;
    /** 0 on success, else Entra's 1003xxx code. */
    errorCode: number;
    durationInMilliseconds: number;
  };
}

/** Graph `signIn` as the admin API returns it. */
export interface SignIn {
  id: string;
  createdDateTime: string;
  userId: string | null;
  userPrincipalName: string | null;
  userDisplayName: string | null;
  appId: string;
  appDisplayName: string;
  servicePrincipalId: string | null;
  servicePrincipalName: string | null;
  resourceId: string | null;
  resourceDisplayName: string | null;
  ipAddress: string;
  clientAppUsed: string;
  originalTransferMethod?: string;
  isInteractive: boolean;
  correlationId: string;
  signInEventTypes: string[];
  status: { errorCode: number; failureReason: string | null; additionalDetails: string | null };
  deviceDetail: { deviceId: string | null; browser: string | null; operatingSystem: string | null };
  location: {
    city: string | null;
    state: string | null;
    countryOrRegion: string | null;
    geoCoordinates: { altitude: number | null; latitude: number | null; longitude: number | null } | null;
  };
  autonomousSystemNumber?: number | null;
  authenticationRequirement: string;
  authenticationDetails: AuthenticationDetail[];
  conditionalAccessStatus: ConditionalAccessStatus;
  appliedConditionalAccessPolicies: AppliedConditionalAccessPolicy[];
  riskLevelDuringSignIn: RiskLevel;
  riskState: string;
  riskEventTypes_v2: string[];
  riskDetail: string;
  appliedEventListeners?: AppliedEventListener[];
}

/** The list's filters as the page holds them (empty string: no filter). */
export interface SignInFilterValues {
  /** `YYYY-MM-DD` days in the browser's time zone. */
  from: string;
  to: string;
  userId: string;
  appId: string;
  status: '' | 'success' | 'failure';
  ipAddress: string;
  conditionalAccessStatus: '' | ConditionalAccessStatus;
  riskLevel: '' | RiskLevel;
}

/** A user as the picker lists it (the part of Graph `user` it reads). */
export interface UserOption {
  id: string;
  displayName: string;
  mail: string | null;
  identities: { signInType: string; issuerAssignedId: string }[];
}

/** An application as the application filter lists it. */
export interface ApplicationOption {
  id: string;
  appId: string;
  displayName: string;
}

/** Who signed in, in words: the display name, else the principal name, else the service principal. */
export const userOf = (signIn: SignIn): string | null =>
  signIn.userDisplayName ?? signIn.userPrincipalName ?? signIn.servicePrincipalName;

export const placeOf = (signIn: SignIn): string =>
  [signIn.location.city, signIn.location.state, signIn.location.countryOrRegion].filter(Boolean).join(', ');

export const isUuid = (text: string): boolean =>
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(text);
