/**
 * Conditional Access as the admin API returns it (Graph's conditionalAccessPolicy,
 * namedLocation, conditionalAccessTemplate, evaluate and the impact report): src/access/model.ts.
 */

export type PolicyState = 'enabled' | 'disabled' | 'enabledForReportingButNotEnforced';
export type RiskLevel = 'low' | 'medium' | 'high' | 'none';
export type ClientAppType = 'all' | 'browser' | 'mobileAppsAndDesktopClients';
export type DevicePlatform = 'android' | 'iOS' | 'windows' | 'macOS' | 'linux' | 'all';
export type BuiltInControl = 'block' | 'mfa' | 'passwordChange';

export const POLICY_STATES: readonly PolicyState[] = [
  'enabledForReportingButNotEnforced',
  'enabled',
  'disabled',
];
export const RISK_LEVELS: readonly Exclude<RiskLevel, 'none'>[] = ['high', 'medium', 'low'];
export const ALL_RISK_LEVELS: readonly RiskLevel[] = ['none', 'low', 'medium', 'high'];
export const PLATFORMS: readonly Exclude<DevicePlatform, 'all'>[] = [
  'android',
  'iOS',
  'windows',
  'macOS',
  'linux',
];
export const CLIENT_APP_TYPES: readonly Exclude<ClientAppType, 'all'>[] = [
  'browser',
  'mobileAppsAndDesktopClients',
];

/** Graph's built-in authentication strengths (their fixed ids). */
export const AUTHENTICATION_STRENGTHS = {
  multifactor: '00000000-0000-0000-0000-000000000002',
  phishingResistant: '00000000-0000-0000-0000-000000000004',
} as const;
export type StrengthName = keyof typeof AUTHENTICATION_STRENGTHS;

export interface PolicyUsers {
  includeUsers: string[];
  excludeUsers: string[];
  includeGroups: string[];
  excludeGroups: string[];
  includeRoles: string[];
  excludeRoles: string[];
}

export interface PolicyConditions {
  users: PolicyUsers | null;
  applications: { includeApplications: string[]; excludeApplications: string[] } | null;
  clientApplications: { includeServicePrincipals: string[]; excludeServicePrincipals: string[] } | null;
  signInRiskLevels: RiskLevel[];
  userRiskLevels: RiskLevel[];
  locations: { includeLocations: string[]; excludeLocations: string[] } | null;
  clientAppTypes: ClientAppType[];
  platforms: { includePlatforms: DevicePlatform[]; excludePlatforms: DevicePlatform[] } | null;
}

export interface GrantControls {
  operator: 'AND' | 'OR';
  builtInControls: BuiltInControl[];
  authenticationStrength: { id: string; displayName?: string } | null;
}

export interface SignInFrequency {
  isEnabled: boolean;
  frequencyInterval: 'timeBased' | 'everyTime';
  value: number | null;
  type: 'hours' | 'days' | null;
  authenticationType?: 'primaryAndSecondaryAuthentication';
}

export interface SessionControls {
  signInFrequency: SignInFrequency | null;
  persistentBrowser: { isEnabled: boolean; mode: 'always' | 'never' } | null;
}

export interface Policy {
  id: string;
  displayName: string;
  state: PolicyState;
  createdDateTime: string;
  modifiedDateTime: string | null;
  templateId: string | null;
  conditions: PolicyConditions;
  grantControls: GrantControls | null;
  sessionControls: SessionControls | null;
}

/** The body of POST policies (and of a draft for impact). */
export type PolicyBody = Pick<
  Policy,
  'displayName' | 'state' | 'conditions' | 'grantControls' | 'sessionControls'
>;

export interface IpRange {
  '@odata.type': '#microsoft.graph.iPv4CidrRange' | '#microsoft.graph.iPv6CidrRange';
  cidrAddress: string;
}

export const IP_LOCATION = '#microsoft.graph.ipNamedLocation';
export const COUNTRY_LOCATION = '#microsoft.graph.countryNamedLocation';

export interface IpNamedLocation {
  '@odata.type': typeof IP_LOCATION;
  id: string;
  displayName: string;
  createdDateTime: string;
  modifiedDateTime: string | null;
  isTrusted: boolean;
  ipRanges: IpRange[];
}

export interface CountryNamedLocation {
  '@odata.type': typeof COUNTRY_LOCATION;
  id: string;
  displayName: string;
  createdDateTime: string;
  modifiedDateTime: string | null;
  countriesAndRegions: string[];
  includeUnknownCountriesAndRegions: boolean;
  countryLookupMethod: 'clientIpAddress';
}

export type NamedLocation = IpNamedLocation | CountryNamedLocation;

export type TemplateScenario =
  | 'new'
  | 'secureFoundation'
  | 'zeroTrust'
  | 'remoteWork'
  | 'protectAdmins'
  | 'emergingThreats';

export interface Template {
  id: string;
  name: string;
  description: string;
  scenarios: TemplateScenario[];
  details: {
    conditions: PolicyConditions;
    grantControls: GrantControls | null;
    sessionControls: SessionControls | null;
  };
}

/** What making a policy from a template needs: the API names it by the template's gaps. */
export function templateNeeds(template: Template): 'includeApplications' | 'countriesAndRegions' | null {
  const { conditions } = template.details;
  if (conditions.applications && conditions.applications.includeApplications.length === 0)
    return 'includeApplications';
  if (conditions.locations && conditions.locations.includeLocations.length === 0)
    return 'countriesAndRegions';
  return null;
}

export type AnalysisReason =
  | 'users'
  | 'application'
  | 'location'
  | 'clientApps'
  | 'devicePlatform'
  | 'signInRisk'
  | 'userRisk'
  | 'policyNotEnabled'
  | 'notSet';

export interface WhatIfPolicyResult {
  id: string;
  displayName: string;
  state: PolicyState;
  policyApplies: boolean;
  analysisReasons: AnalysisReason;
  grantControls: GrantControls | null;
  sessionControls: SessionControls | null;
}

export interface WhatIfResult {
  value: WhatIfPolicyResult[];
  decision: {
    block: boolean;
    grantControls: BuiltInControl[];
    authenticationStrength: { id: string; displayName: string } | null;
    operator: 'AND' | 'OR';
  };
}

export interface WhatIfRequest {
  signInIdentity: { userId: string };
  signInContext: { includeApplications: [string] };
  signInConditions: {
    ipAddress?: string;
    country?: string;
    clientAppType: Exclude<ClientAppType, 'all'>;
    devicePlatform?: Exclude<DevicePlatform, 'all'>;
    signInRiskLevel: RiskLevel;
    userRiskLevel: RiskLevel;
  };
}

export interface ImpactCounts {
  evaluated: number;
  applied: number;
  blocked: number;
  challenged: number;
}

export interface ImpactReport {
  days: number;
  signIns: ImpactCounts;
  users: ImpactCounts;
  applications: { appId: string; appDisplayName: string; signIns: ImpactCounts; users: ImpactCounts }[];
}

/** The directory objects the pickers show. */
export interface DirectoryItem {
  id: string;
  displayName: string;
  /** A second line: a user's mail, "Group". */
  detail?: string;
  kind: 'user' | 'group' | 'app';
}

export interface DirectoryUser {
  id: string;
  displayName: string;
  mail: string | null;
  userPrincipalName?: string | null;
}

export interface DirectoryGroup {
  id: string;
  displayName: string;
  description?: string | null;
}

export interface Application {
  id: string;
  appId: string;
  displayName: string;
}
