import { z } from 'zod';
import { AppError } from '../platform/index.js';

/**
 * One sign-in: the Microsoft Graph `signIn` resource, with its field names and enum values.
 * Fields Gatehouse cannot fill yet (geo-IP, risk, Conditional Access) hold their empty or
 * "none" values until the pipeline step that knows them exists.
 */
export type SignInEventType =
  | 'interactiveUser'
  | 'nonInteractiveUser'
  | 'servicePrincipal'
  | 'managedIdentity';
export type AuthenticationRequirement = 'singleFactorAuthentication' | 'multiFactorAuthentication';
export type ConditionalAccessStatus = 'success' | 'failure' | 'notApplied';
export type RiskLevel = 'none' | 'low' | 'medium' | 'high' | 'hidden';
export type RiskState =
  | 'none'
  | 'confirmedSafe'
  | 'remediated'
  | 'dismissed'
  | 'atRisk'
  | 'confirmedCompromised';

export interface SignInStatus {
  /** 0 for a successful sign-in, otherwise the error code. */
  errorCode: number;
  failureReason: string | null;
  additionalDetails: string | null;
}

export interface DeviceDetail {
  deviceId: string | null;
  browser: string | null;
  operatingSystem: string | null;
}

export interface GeoCoordinates {
  altitude: number | null;
  latitude: number | null;
  longitude: number | null;
}

export interface SignInLocation {
  city: string | null;
  state: string | null;
  countryOrRegion: string | null;
  geoCoordinates: GeoCoordinates | null;
}

/** One Conditional Access policy's result for a sign-in (Graph `appliedConditionalAccessPolicy`). */
export interface AppliedConditionalAccessPolicy {
  id: string;
  displayName: string;
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

/** Graph's originalTransferMethods: how a sign-in reached the browser it was made in. */
export type OriginalTransferMethod = 'none' | 'deviceCodeFlow';

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
  /** "Browser", "Mobile Apps and Desktop clients", … ("" for service principals). */
  clientAppUsed: string;
  /** Graph beta's: `deviceCodeFlow` when a device handed the sign-in to a browser, else `none`. */
  originalTransferMethod: OriginalTransferMethod;
  isInteractive: boolean;
  correlationId: string;
  signInEventTypes: SignInEventType[];
  status: SignInStatus;
  deviceDetail: DeviceDetail;
  location: SignInLocation;
  /** The network the address belongs to (Graph beta `autonomousSystemNumber`), when known. */
  autonomousSystemNumber: number | null;
  authenticationRequirement: AuthenticationRequirement;
  authenticationDetails: AuthenticationDetail[];
  conditionalAccessStatus: ConditionalAccessStatus;
  appliedConditionalAccessPolicies: AppliedConditionalAccessPolicy[];
  riskLevelDuringSignIn: RiskLevel;
  riskState: RiskState;
  /** Why the sign-in was risky: Graph `riskDetection` event types. */
  riskEventTypes_v2: string[];
  riskDetail: string;
}

/** How Gatehouse names a second factor in usage & insights (Graph `mfaCompletionMetric.mfaMethod`). */
export type UsageMfaMethod = 'Email' | 'SMS' | 'PhoneAppOTP' | 'RecoveryCode' | 'Fido2';

/**
 * What usage & insights count of a sign-in beyond the Graph signIn: stored with the entry,
 * never shown in the sign-in log.
 */
export interface SignInUsage {
  /** `local`, or the federated identity provider's name (Google, Contoso OIDC, …). */
  identityProvider?: string;
  /** This sign-in completed a sign-up: the user was created by it or just before it. */
  signUp?: boolean;
  /** A second factor was tried in this sign-in: which, and whether it was proved. */
  mfa?: { method: UsageMfaMethod; succeeded: boolean };
}

/**
 * What a caller records: everything about the sign-in but its id and time, which the
 * recorder assigns. Optional parts default to their empty values.
 */
export interface SignInEntry {
  tenantId: string;
  userId?: string | null;
  userPrincipalName?: string | null;
  userDisplayName?: string | null;
  appId: string;
  appDisplayName: string;
  /** For client-credentials sign-ins: the application's object id and name. */
  servicePrincipalId?: string | null;
  servicePrincipalName?: string | null;
  resourceId?: string | null;
  resourceDisplayName?: string | null;
  ipAddress: string;
  clientAppUsed: string;
  /** Default `none`. */
  originalTransferMethod?: OriginalTransferMethod;
  isInteractive: boolean;
  correlationId: string;
  signInEventTypes: SignInEventType[];
  status: {
    errorCode: number;
    failureReason?: string | null;
    additionalDetails?: string | null;
  };
  /** Derived from the user agent. */
  deviceDetail?: { browser?: string | null; operatingSystem?: string | null; deviceId?: string | null };
  location?: Partial<SignInLocation>;
  autonomousSystemNumber?: number | null;
  authenticationRequirement: AuthenticationRequirement;
  authenticationDetails?: AuthenticationDetail[];
  conditionalAccessStatus?: ConditionalAccessStatus;
  appliedConditionalAccessPolicies?: AppliedConditionalAccessPolicy[];
  riskLevelDuringSignIn?: RiskLevel;
  riskState?: RiskState;
  riskEventTypes_v2?: string[];
  riskDetail?: string;
  usage?: SignInUsage;
}

const dateTime = z.iso
  .datetime({ offset: true })
  // Stored times are UTC `toISOString()` text, so filters compare in that same form.
  .transform((value) => new Date(value).toISOString());

/** The filters of the sign-in list, each optional; they combine with AND. */
export const signInFilterFields = {
  from: dateTime.optional().describe('Only sign-ins at or after this date-time (ISO 8601)'),
  to: dateTime.optional().describe('Only sign-ins before this date-time (ISO 8601)'),
  userId: z.uuid({ message: 'must be a user object id' }).optional(),
  appId: z.string().min(1).max(256).optional(),
  status: z.enum(['success', 'failure']).optional().describe('success: errorCode 0; failure: any other'),
  ipAddress: z.union([z.ipv4(), z.ipv6()], { message: 'must be an IPv4 or IPv6 address' }).optional(),
  conditionalAccessStatus: z
    .enum(['success', 'failure', 'notApplied'])
    .optional()
    .describe(
      'The Conditional Access result: success (every grant control met), failure (blocked, or a control failed), notApplied',
    ),
  riskLevel: z.enum(['none', 'low', 'medium', 'high', 'hidden']).optional().describe('riskLevelDuringSignIn'),
};

export const signInFiltersSchema = z
  .strictObject(signInFilterFields)
  .refine((f) => !f.from || !f.to || f.from < f.to, { message: '`to` must be after `from`', path: ['to'] });
export type SignInFilters = z.input<typeof signInFiltersSchema>;

export const signInErrors = {
  notFound: (id: string) =>
    new AppError('sign_in_not_found', 'notFound', `Sign-in '${id}' does not exist in this tenant.`, 'id'),
};
