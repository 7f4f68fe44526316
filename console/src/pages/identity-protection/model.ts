/** The JSON shapes of the admin API's identityProtection routes (Microsoft Graph's). */

export type RiskLevel = 'low' | 'medium' | 'high' | 'none' | 'hidden';
export type RiskState =
  | 'none'
  | 'confirmedSafe'
  | 'remediated'
  | 'dismissed'
  | 'atRisk'
  | 'confirmedCompromised';

export const RISK_LEVELS = ['high', 'medium', 'low', 'none'] as const;
export const DETECTION_LEVELS = ['high', 'medium', 'low'] as const;
export const RISK_STATES = [
  'atRisk',
  'confirmedCompromised',
  'dismissed',
  'remediated',
  'confirmedSafe',
  'none',
] as const;
/** The riskEventType values the server knows (its filter's enum). */
export const RISK_EVENT_TYPES = [
  'anonymizedIPAddress',
  'maliciousIPAddress',
  'unfamiliarFeatures',
  'unlikelyTravel',
  'passwordSpray',
  'investigationsThreatIntelligence',
  'adminConfirmedUserCompromised',
] as const;
export type RiskEventType = (typeof RISK_EVENT_TYPES)[number];

export const THREAT_LIST_CATEGORIES = ['anonymizer', 'malicious', 'threatIntelligence'] as const;
export type ThreatListCategory = (typeof THREAT_LIST_CATEGORIES)[number];

/** Graph `riskyUser`. */
export interface RiskyUser {
  id: string;
  userPrincipalName: string | null;
  userDisplayName: string | null;
  riskLevel: RiskLevel;
  riskState: RiskState;
  riskDetail: string;
  riskLastUpdatedDateTime: string;
  isDeleted: boolean;
  isProcessing: boolean;
}

/** Graph `riskyUserHistoryItem`: the user's risk after one change, and what changed it. */
export interface RiskyUserHistoryItem extends RiskyUser {
  userId: string;
  /** An admin's object id (or app id), or `system`. */
  initiatedBy: string;
  activity: { eventTypes: RiskEventType[]; detail: string };
}

export interface RiskLocation {
  city: string | null;
  state: string | null;
  countryOrRegion: string | null;
  geoCoordinates: { latitude: number; longitude: number } | null;
}

/** Graph `riskDetection`. */
export interface RiskDetection {
  id: string;
  riskEventType: RiskEventType;
  riskLevel: Exclude<RiskLevel, 'none' | 'hidden'>;
  riskState: RiskState;
  riskDetail: string;
  detectionTimingType: 'realtime' | 'offline';
  activity: 'signin' | 'user';
  /** The sign-in's correlation id: detections of one sign-in share it. */
  correlationId: string | null;
  ipAddress: string | null;
  location: RiskLocation | null;
  activityDateTime: string;
  detectedDateTime: string;
  lastUpdatedDateTime: string;
  userId: string | null;
  userPrincipalName: string | null;
  userDisplayName: string | null;
  /** A JSON array of {Key, Value} pairs, serialised. */
  additionalInfo: string;
}

/** The part of Graph's `signIn` the risky sign-ins report shows. */
export interface RiskySignIn {
  id: string;
  createdDateTime: string;
  userId: string | null;
  userPrincipalName: string | null;
  userDisplayName: string | null;
  appDisplayName: string;
  ipAddress: string;
  correlationId: string;
  status: { errorCode: number; failureReason: string | null };
  location: { city: string | null; state?: string | null; countryOrRegion: string | null };
  riskLevelDuringSignIn: RiskLevel;
  riskState: RiskState;
  riskEventTypes_v2: string[];
  riskDetail: string;
}

export interface ThreatList {
  id: string;
  /** Null for a global list (every tenant). */
  tenantId: string | null;
  category: ThreatListCategory;
  displayName: string;
  entries: string[];
  createdDateTime: string;
  modifiedDateTime: string | null;
}

export interface GraphPage<T> {
  value: T[];
  '@odata.nextLink'?: string | null;
  '@odata.count'?: number;
}

/** The actions of the routes, to hide what the admin's roles do not allow. */
export const ACTIONS = {
  riskyUsersUpdate: 'microsoft.directory/identityProtection/riskyUsers/update',
  resetPassword: 'microsoft.directory/users/password/update',
  block: 'microsoft.directory/users/disable',
  riskySignInsUpdate: 'microsoft.directory/identityProtection/riskySignIns/update',
  threatIntelligenceUpdate: 'microsoft.directory/identityProtection/threatIntelligence/update',
  passwordPoliciesRead: 'microsoft.directory/passwordPolicies/allProperties/read',
  passwordPoliciesUpdate: 'microsoft.directory/passwordPolicies/allProperties/update',
} as const;

/** Graph `directorySettingTemplate` "Password Rule Settings" (Entra's id): smart lockout. */
export const PASSWORD_RULE_SETTINGS = '5cf42378-d67d-4f36-ba46-e8b86229381d';
/** The smart lockout values and the bounds the API accepts. */
export const LOCKOUT_VALUES = {
  LockoutThreshold: { min: 1, max: 1000 },
  LockoutDurationInSeconds: { min: 1, max: 3600 },
} as const;

/** Graph `directorySetting`. */
export interface DirectorySetting {
  id: string;
  displayName: string;
  templateId: string;
  values: { name: string; value: string }[];
}

/** Graph `directorySettingTemplate`. */
export interface DirectorySettingTemplate {
  id: string;
  displayName: string;
  description: string;
  values: { name: string; type: string; defaultValue: string; description: string }[];
}

/** The additional info of a detection as key/value pairs (empty when it does not parse). */
export function additionalInfoOf(detection: Pick<RiskDetection, 'additionalInfo'>): [string, string][] {
  try {
    const parsed = JSON.parse(detection.additionalInfo) as unknown;
    if (!Array.isArray(parsed)) return [];
    return parsed
      .filter(
        (pair): pair is { Key: string; Value: string } =>
          typeof pair === 'object' && pair !== null && 'Key' in pair && 'Value' in pair,
      )
      .map((pair) => [String(pair.Key), String(pair.Value)]);
  } catch {
    return [];
  }
}

/** "City, State, Country" of the parts known; '' when none is. */
export function placeOf(
  location: { city?: string | null; state?: string | null; countryOrRegion?: string | null } | null,
): string {
  if (!location) return '';
  return [location.city, location.state, location.countryOrRegion].filter(Boolean).join(', ');
}

/** The lines of an uploaded threat list file: one address or range a line, `#` comments. */
export function parseThreatListFile(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/\r?\n/)
        .map((line) => line.replace(/#.*$/, '').trim())
        .filter((line) => line.length > 0),
    ),
  ];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (value: string): boolean => UUID.test(value);

/** A loose check that a text looks like an IPv4 or IPv6 address (the API decides). */
export const looksLikeIp = (value: string): boolean =>
  /^(\d{1,3}\.){3}\d{1,3}$/.test(value) || (/^[0-9a-f:.]+$/i.test(value) && value.includes(':'));
