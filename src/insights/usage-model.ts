import type { UsageMfaMethod } from './model.js';

/**
 * Usage & insights: counters rolled up from the sign-in log (Microsoft Graph beta
 * `reports/userInsights`). Days are UTC; a month's facts carry its first day as `factDate`.
 */
export type UsagePeriod = 'day' | 'month';

/** What a fact counts. Additive facts hold attempts and successes; snapshots are replaced. */
export type UsageMetric =
  /** Distinct users with a successful sign-in: app '' for every app, else one app. */
  | 'activeUsers'
  /** User sign-ins (not interruptions): attempts and successes, by app, country, os, provider. */
  | 'authentications'
  /** Second factors tried and proved, by app, country, os, provider and method. */
  | 'mfaCompletions'
  /** Completed sign-ups, by app, country, os, provider. */
  | 'signUps'
  /** Every sign-in log entry (users and apps, any outcome), by app, country, provider. */
  | 'requests'
  /** Snapshots: users in the directory, and users without a sign-in for N days (app '' = any). */
  | 'userCount'
  | 'inactive1Day'
  | 'inactive30Day'
  | 'inactive60Day'
  | 'inactive90Day'
  | 'inactiveCalendarMonth';

/** The breakdowns of usage facts, named as Graph's properties are. */
export const USAGE_DIMENSIONS = ['appId', 'country', 'identityProvider', 'mfaMethod', 'os'] as const;
export type UsageDimension = (typeof USAGE_DIMENSIONS)[number];

/** A fact's breakdown values; '' outside its grain, or where the value is unknown. */
export interface UsageDimensions {
  appId: string;
  country: string;
  os: string;
  identityProvider: string;
  mfaMethod: UsageMfaMethod | '';
}

/** A grain: the dimensions a fact is counted by, in USAGE_DIMENSIONS order, comma-joined. */
export const grainOf = (dimensions: readonly UsageDimension[]): string =>
  USAGE_DIMENSIONS.filter((d) => dimensions.includes(d)).join(',');

/**
 * The grains an additive metric is counted at, for its dimensions: all of them (any filter,
 * any grouping), the total, by app, and by each other dimension alone and with the app, which
 * are what the dashboards draw. Other groupings are summed from the full grain when asked.
 */
export function grainsOf(dimensions: readonly UsageDimension[]): string[] {
  const others = dimensions.filter((d) => d !== 'appId');
  const grains = [
    dimensions,
    [],
    ['appId'],
    ...others.flatMap((d) => [[d], ['appId', d]]),
  ] as UsageDimension[][];
  return [...new Set(grains.map(grainOf))];
}

/** The dimensions each additive metric is broken down by. */
export const ADDITIVE_DIMENSIONS = {
  requests: ['appId', 'country', 'identityProvider'],
  authentications: ['appId', 'country', 'identityProvider', 'os'],
  mfaCompletions: ['appId', 'country', 'identityProvider', 'mfaMethod', 'os'],
  signUps: ['appId', 'country', 'identityProvider', 'os'],
} as const satisfies Partial<Record<UsageMetric, readonly UsageDimension[]>>;
export type AdditiveMetric = keyof typeof ADDITIVE_DIMENSIONS;

export interface UsageFactKey extends UsageDimensions {
  tenantId: string;
  metric: UsageMetric;
  period: UsagePeriod;
  grain: string;
  /** YYYY-MM-DD */
  factDate: string;
}

export interface UsageCounts {
  total: number;
  succeeded: number;
}

/** Roll-ups outlive the 90-day sign-in log: 13 months of insights. */
export const USAGE_RETENTION_MONTHS = 13;
/**
 * Who was active on a day is kept this long: daily lists cover 30 days, and an entry logged later
 * than this after its day is still counted in its month and its additive daily facts, but not
 * again among that day's distinct users (they can no longer be told apart).
 */
export const DAILY_MEMBERS_DAYS = 35;
/** The windows of the lists without a `factDate` filter: Entra's 30 days and 12 months. */
export const DAILY_WINDOW_DAYS = 30;
export const MONTHLY_WINDOW_MONTHS = 12;

export const dayOf = (instant: Date | string): string =>
  (typeof instant === 'string' ? instant : instant.toISOString()).slice(0, 10);
export const monthOf = (day: string): string => `${day.slice(0, 7)}-01`;

/** The day `days` before (negative: after) a YYYY-MM-DD day. */
export function daysBefore(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00.000Z`);
  date.setUTCDate(date.getUTCDate() - days);
  return dayOf(date);
}

/** The first day of the month `months` before the month of `day`. */
export function monthsBefore(day: string, months: number): string {
  const date = new Date(`${monthOf(day)}T00:00:00.000Z`);
  date.setUTCMonth(date.getUTCMonth() - months);
  return dayOf(date);
}

/** The first day kept for each period at `today`: older facts and members are purged. */
export function retentionStart(today: string, period: UsagePeriod | 'members-day'): string {
  if (period === 'members-day') return daysBefore(today, DAILY_MEMBERS_DAYS - 1);
  return monthsBefore(today, USAGE_RETENTION_MONTHS - 1);
}
