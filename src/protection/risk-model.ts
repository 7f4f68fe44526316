/**
 * Identity Protection: the Microsoft Graph `riskDetection`, `riskyUser` and
 * `riskyUserHistoryItem` resources (field names and enum values as Graph has them), the
 * threat lists admins import, and the per-user sign-in profile real-time detection reads.
 */

export type RiskLevel = 'low' | 'medium' | 'high' | 'none';
export type RiskState =
  | 'none'
  | 'confirmedSafe'
  | 'remediated'
  | 'dismissed'
  | 'atRisk'
  | 'confirmedCompromised';
export type RiskDetail =
  | 'none'
  | 'adminGeneratedTemporaryPassword'
  | 'userPerformedSecuredPasswordChange'
  | 'userPerformedSecuredPasswordReset'
  | 'adminConfirmedSigninSafe'
  | 'adminConfirmedSigninCompromised'
  | 'adminDismissedAllRiskForUser'
  | 'adminConfirmedUserCompromised'
  | 'userPassedMFADrivenByRiskBasedPolicy'
  | 'aiConfirmedSigninSafe';

export type RiskEventType =
  | 'anonymizedIPAddress'
  | 'maliciousIPAddress'
  | 'unfamiliarFeatures'
  | 'unlikelyTravel'
  | 'passwordSpray'
  | 'investigationsThreatIntelligence'
  | 'adminConfirmedUserCompromised';

export type DetectionTimingType = 'realtime' | 'offline';
export type RiskActivity = 'signin' | 'user';

export interface RiskLocation {
  city: string | null;
  state: string | null;
  countryOrRegion: string | null;
  geoCoordinates: { latitude: number; longitude: number } | null;
}

/** One finding (Graph `riskDetection`). */
export interface RiskDetection {
  id: string;
  riskEventType: RiskEventType;
  riskLevel: Exclude<RiskLevel, 'none'>;
  riskState: RiskState;
  riskDetail: RiskDetail;
  detectionTimingType: DetectionTimingType;
  activity: RiskActivity;
  /** The sign-in's correlation id (Graph `requestId`/`correlationId`), when it came from one. */
  correlationId: string | null;
  ipAddress: string | null;
  location: RiskLocation | null;
  activityDateTime: string;
  detectedDateTime: string;
  lastUpdatedDateTime: string;
  userId: string | null;
  userPrincipalName: string | null;
  userDisplayName: string | null;
  /** Why, as Graph does it: a JSON array of {Key, Value} pairs, serialised. */
  additionalInfo: string;
}

/** What a detector finds, before it is stored (ids, times and user fields are added then). */
export interface DetectionDraft {
  riskEventType: RiskEventType;
  riskLevel: Exclude<RiskLevel, 'none'>;
  detectionTimingType: DetectionTimingType;
  activity: RiskActivity;
  /** Why, as key/value pairs (e.g. {Key: 'speedKmPerHour', Value: '4210'}). */
  additionalInfo: Array<{ Key: string; Value: string }>;
}

/** One user's aggregate risk (Graph `riskyUser`). */
export interface RiskyUser {
  id: string;
  userPrincipalName: string | null;
  userDisplayName: string | null;
  riskLevel: RiskLevel;
  riskState: RiskState;
  riskDetail: RiskDetail;
  riskLastUpdatedDateTime: string;
  isDeleted: boolean;
  isProcessing: boolean;
}

/** One change of a user's risk (Graph `riskyUserHistoryItem`). */
export interface RiskyUserHistoryItem extends RiskyUser {
  /** The user the item is about (`id` is the item's own id in Graph; here the user's). */
  userId: string;
  /** Who or what changed it: an admin's object id, or `system`. */
  initiatedBy: string;
  activity: { eventTypes: RiskEventType[]; detail: RiskDetail };
}

/** Threat lists: IPs and CIDR ranges by category, per tenant or global (every tenant). */
export type ThreatListCategory = 'anonymizer' | 'malicious' | 'threatIntelligence';

export interface ThreatList {
  id: string;
  /** Null for the global list (applies to every tenant). */
  tenantId: string | null;
  category: ThreatListCategory;
  displayName: string;
  /** IPv4/IPv6 addresses and CIDR ranges, in network form. */
  entries: string[];
  createdDateTime: string;
  modifiedDateTime: string | null;
}

/** How often and how recently one feature value was seen in a user's successful sign-ins. */
export interface FeatureSeen {
  count: number;
  /** Epoch milliseconds. */
  lastSeen: number;
}

/**
 * What a user's history of successful sign-ins looks like, compact enough to read on every
 * sign-in whatever the history's length: the values seen per feature (bounded, least recent
 * dropped) and the last sign-in's place and time (for travel).
 */
export interface SignInProfile {
  signInCount: number;
  /** Epoch milliseconds of the first and the last successful sign-in. */
  firstSeen: number;
  lastSeen: number;
  features: {
    asn: Record<string, FeatureSeen>;
    /** `{country}/{city}` (city may be empty). */
    place: Record<string, FeatureSeen>;
    browser: Record<string, FeatureSeen>;
    operatingSystem: Record<string, FeatureSeen>;
    deviceId: Record<string, FeatureSeen>;
    /** IPv4 /24 or IPv6 /48. */
    subnet: Record<string, FeatureSeen>;
  };
  last: {
    at: number;
    ipAddress: string;
    latitude: number | null;
    longitude: number | null;
    countryOrRegion: string | null;
    /** It came through a trusted location or an anonymizer: no place the user travelled from. */
    travelExempt?: boolean;
  } | null;
}

/** The signals of one sign-in, as detection reads them. */
export interface RiskSignals {
  /** Epoch milliseconds. */
  at: number;
  ipAddress: string;
  countryOrRegion: string | null;
  city: string | null;
  latitude: number | null;
  longitude: number | null;
  asn: number | null;
  browser: string;
  operatingSystem: string;
  /** The long-lived device cookie's id, when the browser sent one. */
  deviceId: string | null;
  /** The address is a trusted location or an anonymizer: travel is not judged from or to it. */
  travelExempt?: boolean;
}

/** Tunables of detection, with Entra-like defaults. */
export interface DetectionSettings {
  /** unfamiliarFeatures waits until the user has this many sign-ins… */
  learningSignIns: number;
  /** …or this many days of history, whichever comes first. */
  learningDays: number;
  /** unlikelyTravel: faster than this between two sign-ins is implausible. */
  maxTravelSpeedKmPerHour: number;
  /** unlikelyTravel: closer than this is never travel (same metro area, geo-IP error). */
  minTravelDistanceKm: number;
}

export const DEFAULT_DETECTION_SETTINGS: DetectionSettings = {
  learningSignIns: 10,
  learningDays: 14,
  maxTravelSpeedKmPerHour: 900,
  minTravelDistanceKm: 500,
};
