/**
 * Conditional Access: the Microsoft Graph `conditionalAccessPolicy` and `namedLocation`
 * resources (field names and enum values as Graph has them), and what evaluating them for
 * one sign-in produces.
 */

export type PolicyState = 'enabled' | 'disabled' | 'enabledForReportingButNotEnforced';
export type RiskLevel = 'low' | 'medium' | 'high' | 'none';
export type ClientAppType = 'all' | 'browser' | 'mobileAppsAndDesktopClients';
export type DevicePlatform = 'android' | 'iOS' | 'windows' | 'macOS' | 'linux' | 'all';
export type BuiltInControl = 'block' | 'mfa' | 'passwordChange';

/** Graph's built-in authentication strengths (their fixed ids). */
export const AUTHENTICATION_STRENGTHS = {
  multifactor: { id: '00000000-0000-0000-0000-000000000002', displayName: 'Multifactor authentication' },
  phishingResistant: {
    id: '00000000-0000-0000-0000-000000000004',
    displayName: 'Phishing-resistant MFA',
  },
} as const;
export type AuthenticationStrengthName = keyof typeof AUTHENTICATION_STRENGTHS;

export interface ConditionalAccessUsers {
  /** `All`, `None`, or user object ids. */
  includeUsers: string[];
  excludeUsers: string[];
  includeGroups: string[];
  excludeGroups: string[];
  /** Directory role template ids: a user holding an assignment of one of them (at any scope). */
  includeRoles: string[];
  excludeRoles: string[];
}

export interface ConditionalAccessApplications {
  /** `All`, `None`, or application (client) ids. */
  includeApplications: string[];
  excludeApplications: string[];
}

/** Workload identities: the apps that sign in as themselves (client credentials). */
export interface ConditionalAccessClientApplications {
  /** `ServicePrincipalsInMyTenant`, or application (client) ids. */
  includeServicePrincipals: string[];
  excludeServicePrincipals: string[];
}

export interface ConditionalAccessLocations {
  /** `All`, `AllTrusted`, or named location ids. */
  includeLocations: string[];
  excludeLocations: string[];
}

export interface ConditionalAccessPlatforms {
  includePlatforms: DevicePlatform[];
  excludePlatforms: DevicePlatform[];
}

export interface ConditionalAccessConditions {
  users: ConditionalAccessUsers | null;
  applications: ConditionalAccessApplications;
  clientApplications: ConditionalAccessClientApplications | null;
  /** Empty: any sign-in risk. */
  signInRiskLevels: RiskLevel[];
  /** Empty: any user risk. */
  userRiskLevels: RiskLevel[];
  locations: ConditionalAccessLocations | null;
  /** `['all']` or a subset of the client kinds. */
  clientAppTypes: ClientAppType[];
  platforms: ConditionalAccessPlatforms | null;
}

export interface AuthenticationStrengthRef {
  id: string;
  displayName: string;
}

export interface ConditionalAccessGrantControls {
  operator: 'AND' | 'OR';
  builtInControls: BuiltInControl[];
  authenticationStrength: AuthenticationStrengthRef | null;
}

export interface SignInFrequency {
  isEnabled: boolean;
  /** `timeBased` needs value + type; `everyTime` asks for a fresh sign-in every time. */
  frequencyInterval: 'timeBased' | 'everyTime';
  value: number | null;
  type: 'hours' | 'days' | null;
  authenticationType: 'primaryAndSecondaryAuthentication';
}

export interface PersistentBrowser {
  isEnabled: boolean;
  mode: 'always' | 'never';
}

export interface ConditionalAccessSessionControls {
  signInFrequency: SignInFrequency | null;
  persistentBrowser: PersistentBrowser | null;
}

export interface ConditionalAccessPolicy {
  id: string;
  displayName: string;
  state: PolicyState;
  createdDateTime: string;
  modifiedDateTime: string | null;
  /** The template the policy was made from, if any. */
  templateId: string | null;
  conditions: ConditionalAccessConditions;
  grantControls: ConditionalAccessGrantControls | null;
  sessionControls: ConditionalAccessSessionControls | null;
}

export interface IpRange {
  '@odata.type': '#microsoft.graph.iPv4CidrRange' | '#microsoft.graph.iPv6CidrRange';
  cidrAddress: string;
}

export interface IpNamedLocation {
  '@odata.type': '#microsoft.graph.ipNamedLocation';
  id: string;
  displayName: string;
  createdDateTime: string;
  modifiedDateTime: string | null;
  isTrusted: boolean;
  ipRanges: IpRange[];
}

export interface CountryNamedLocation {
  '@odata.type': '#microsoft.graph.countryNamedLocation';
  id: string;
  displayName: string;
  createdDateTime: string;
  modifiedDateTime: string | null;
  /** ISO 3166-1 alpha-2 codes, upper case. */
  countriesAndRegions: string[];
  includeUnknownCountriesAndRegions: boolean;
  countryLookupMethod: 'clientIpAddress';
}

export type NamedLocation = IpNamedLocation | CountryNamedLocation;

/** Everything evaluation needs of one tenant: its policies and named locations, as stored. */
export interface TenantAccessRules {
  policies: readonly ConditionalAccessPolicy[];
  namedLocations: readonly NamedLocation[];
}

/**
 * The facts of one sign-in that Conditional Access reads. A user sign-in has `userId`;
 * a workload identity (client credentials) has `servicePrincipalAppId` and no user.
 */
export interface SignInConditions {
  userId?: string;
  /** The groups the user belongs to (ids). */
  groupIds: ReadonlySet<string>;
  /** The directory roles the user holds (role template ids); none when absent. */
  roleIds?: ReadonlySet<string>;
  /** The application being signed in to (its client id). */
  appId: string;
  /** For client-credentials requests: the app signing in as itself. */
  servicePrincipalAppId?: string;
  /** Its service principal's object id: policies name workload identities by either, as Graph does by the id. */
  servicePrincipalId?: string;
  ipAddress?: string;
  /** ISO 3166-1 alpha-2, upper case; undefined when unknown. */
  country?: string;
  clientAppType: 'browser' | 'mobileAppsAndDesktopClients';
  /** Undefined when the user agent does not tell. */
  devicePlatform?: Exclude<DevicePlatform, 'all'>;
  signInRiskLevel: RiskLevel;
  userRiskLevel: RiskLevel;
}

/** The first condition a policy found unmet (Graph's `analysisReasons` flags). */
export type AnalysisReason =
  | 'users'
  | 'application'
  | 'location'
  | 'clientApps'
  | 'devicePlatform'
  | 'signInRisk'
  | 'userRisk'
  | 'policyNotEnabled';

/** One policy against one sign-in. */
export interface PolicyEvaluation {
  policy: ConditionalAccessPolicy;
  /** Whether every assignment and condition matched (state aside). */
  matches: boolean;
  /** The first unmet condition, or `policyNotEnabled` for a disabled policy that matches. */
  reason?: AnalysisReason;
}

/** What the sign-in has proved so far, to check grants against. */
export interface ProvedFactors {
  /** More than one factor (`amr` has `mfa`). */
  mfa: boolean;
  /** A passkey was one of them (`amr` has `hwk` or `swk`). */
  phishingResistant: boolean;
  /** The password was changed within this sign-in. */
  passwordChanged: boolean;
}

/** A grant control that still has to be met, in the order the user meets them. */
export type Requirement = 'mfa' | 'phishingResistantMfa' | 'passwordChange';

/** The combined decision of every enabled (enforced) policy that applies. */
export interface AccessDecision {
  block: boolean;
  /** What the user must still do (empty when everything is met or the sign-in is blocked). */
  requirements: Requirement[];
  /** The strictest sign-in frequency of the applied policies, in seconds; 0 = every time. */
  signInFrequencySeconds?: number;
  /** `never` when any applied policy says never, else `always` when one says always. */
  persistentBrowser?: 'always' | 'never';
}

export type AppliedPolicyResult =
  | 'success'
  | 'failure'
  | 'notApplied'
  | 'notEnabled'
  | 'reportOnlySuccess'
  | 'reportOnlyFailure'
  | 'reportOnlyNotApplied'
  | 'reportOnlyInterrupted';

/** One entry of the sign-in log's `appliedConditionalAccessPolicies`. */
export interface AppliedConditionalAccessPolicy {
  id: string;
  displayName: string;
  result: AppliedPolicyResult;
  /** e.g. `Mfa`, `Block`, `PasswordChange`, `RequireAuthenticationStrength` */
  enforcedGrantControls: string[];
  /** e.g. `SignInFrequency`, `PersistentBrowserSessionMode` */
  enforcedSessionControls: string[];
}

export type ConditionalAccessStatus = 'success' | 'failure' | 'notApplied';
