/**
 * Items of Graph beta's `reports/userInsights/{daily|monthly}/…` lists as Gatehouse serves them
 * (src/insights/usage-queries.ts). Every item has `id` (its position) and `factDate`
 * (`YYYY-MM-DD`, UTC; a month's items carry its first day). A breakdown left out of `$select`
 * is summed over and absent from the item.
 */
export interface UsageItemBase {
  id: string;
  factDate: string;
}

/** activeUsersMetric: distinct users with a successful sign-in (appId null across apps). */
export interface ActiveUsersMetric extends UsageItemBase {
  count: number;
  appId?: string | null;
}

/** activeUsersBreakdownMetric: per app, with the app's name when the tenant has it. */
export interface ActiveUsersBreakdownMetric extends UsageItemBase {
  appId: string;
  appName: string | null;
  count: number;
  os: null;
}

/** authenticationsMetric (note Graph's `appid`). */
export interface AuthenticationsMetric extends UsageItemBase {
  appid?: string;
  country?: string | null;
  os?: string | null;
  identityProvider?: string | null;
  attemptsCount: number;
  successCount: number;
}

/** mfaCompletionMetric: `mfaMethod` Email, SMS, PhoneAppOTP, RecoveryCode or Fido2. */
export interface MfaCompletionMetric extends UsageItemBase {
  appId?: string;
  mfaMethod?: string;
  country?: string | null;
  os?: string | null;
  identityProvider?: string | null;
  attemptsCount: number;
  successCount: number;
}

/** userSignUpMetric: accounts created by a completed sign-up. */
export interface UserSignUpMetric extends UsageItemBase {
  appId?: string;
  country?: string | null;
  os?: string | null;
  identityProvider?: string | null;
  count: number;
}

/** userCountMetric: users in the directory (the roll-up's snapshot). */
export interface UserCountMetric extends UsageItemBase {
  count: number;
}

/** dailyInactiveUsersMetric / dailyInactiveUsersByApplicationMetric. */
export interface DailyInactiveUsersMetric extends UsageItemBase {
  appId: string | null;
  inactive1DayCount?: number;
  inactive30DayCount?: number;
  inactive60DayCount?: number;
  inactive90DayCount?: number;
}

export type UsageList =
  | 'activeUsers'
  | 'activeUsersBreakdown'
  | 'authentications'
  | 'mfaCompletions'
  | 'signUps'
  | 'userCount'
  | 'inactiveUsers'
  | 'inactiveUsersByApplication';

export type UsagePeriod = 'daily' | 'monthly';

/** What the dashboard shows: UTC days `from`..`to` (inclusive), one app or all. */
export interface DashboardFilter {
  from: string;
  to: string;
  appId?: string;
}
