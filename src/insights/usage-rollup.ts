import type { SignInUsage } from './model.js';
import {
  ADDITIVE_DIMENSIONS,
  type AdditiveMetric,
  dayOf,
  grainsOf,
  monthOf,
  type UsageCounts,
  type UsageDimension,
  type UsageDimensions,
  type UsageFactKey,
  type UsagePeriod,
} from './usage-model.js';

/** What the roll-up reads of a sign-in log entry. */
export interface LoggedSignIn {
  tenant_id: string;
  created_at: string;
  user_id: string | null;
  app_id: string;
  error_code: number;
  details: string;
}

/**
 * The sign-in pipeline's interruptions (flows' SIGN_IN_INTERRUPTIONS: MFA required, password
 * change required): the same sign-in goes on in a new attempt, so they are not attempts of their own.
 */
export const INTERRUPTION_ERROR_CODES: ReadonlySet<number> = new Set([50074, 50125]);

/** A user who was active in a period, in an app ('' = in any app). */
export interface ActiveMember {
  tenantId: string;
  period: UsagePeriod;
  factDate: string;
  appId: string;
  userId: string;
}

/** What a batch of entries adds. Additive facts are summed; members are counted once each. */
export interface UsageIncrements {
  facts: Map<string, { key: UsageFactKey; counts: UsageCounts }>;
  members: Map<string, ActiveMember>;
  /** Each user's latest day in the batch, per app and overall (app ''). */
  lastSeen: Map<string, { tenantId: string; appId: string; userId: string; lastDate: string }>;
}

interface EntryDetails {
  signInEventTypes?: string[];
  deviceDetail?: { operatingSystem?: string | null };
  location?: { countryOrRegion?: string | null };
  usage?: SignInUsage;
}

const NONE: UsageDimensions = { appId: '', country: '', os: '', identityProvider: '', mfaMethod: '' };

export const factKeyString = (key: UsageFactKey): string =>
  [
    key.tenantId,
    key.metric,
    key.period,
    key.grain,
    key.factDate,
    key.appId,
    key.country,
    key.os,
    key.identityProvider,
    key.mfaMethod,
  ].join('\u0000');

export function emptyIncrements(): UsageIncrements {
  return { facts: new Map(), members: new Map(), lastSeen: new Map() };
}

/** A breakdown value as the log has it: capped, '' when unknown. */
const known = (value: string | null | undefined): string =>
  value && value !== 'Unknown' ? value.slice(0, 64) : '';

/** The grains of each additive metric, worked out once. */
const GRAINS = Object.fromEntries(
  (Object.keys(ADDITIVE_DIMENSIONS) as AdditiveMetric[]).map((metric) => [
    metric,
    grainsOf(ADDITIVE_DIMENSIONS[metric]).map((grain) => ({
      grain,
      dimensions: grain === '' ? [] : (grain.split(',') as UsageDimension[]),
    })),
  ]),
) as Record<AdditiveMetric, { grain: string; dimensions: UsageDimension[] }[]>;

function addFact(increments: UsageIncrements, key: UsageFactKey, total: number, succeeded: number): void {
  const id = factKeyString(key);
  const fact = increments.facts.get(id);
  if (fact) {
    fact.counts.total += total;
    fact.counts.succeeded += succeeded;
  } else increments.facts.set(id, { key, counts: { total, succeeded } });
}

/**
 * The batch's full-breakdown facts counted at every grain of their metric as well: summing
 * what the batch aggregated, not each entry again.
 */
export function withGrains(facts: UsageIncrements['facts']): UsageIncrements['facts'] {
  const increments = emptyIncrements();
  for (const { key, counts } of facts.values()) {
    for (const { grain, dimensions } of GRAINS[key.metric as AdditiveMetric]) {
      const projected: UsageFactKey = { ...key, ...NONE, grain };
      for (const d of dimensions) (projected as unknown as Record<UsageDimension, string>)[d] = key[d];
      addFact(increments, projected, counts.total, counts.succeeded);
    }
  }
  return increments.facts;
}

/**
 * Adds one entry to the increments: the additive facts of its day and month, and the users it
 * makes active. Pure and synchronous; the store applies the result in one transaction.
 */
export function addEntry(increments: UsageIncrements, row: LoggedSignIn, keepDailyMembersFrom: string): void {
  const details = JSON.parse(row.details) as EntryDetails;
  const day = dayOf(row.created_at);
  const dates: [UsagePeriod, string][] = [
    ['day', day],
    ['month', monthOf(day)],
  ];
  const ok = row.error_code === 0;
  const forUser = row.user_id !== null && !(details.signInEventTypes ?? []).includes('servicePrincipal');
  const where: UsageDimensions = {
    mfaMethod: details.usage?.mfa?.method ?? '',
    appId: row.app_id.slice(0, 256),
    country: known(details.location?.countryOrRegion),
    os: known(details.deviceDetail?.operatingSystem),
    identityProvider: details.usage?.identityProvider ?? (forUser ? 'local' : ''),
  };
  // Counted at the metric's full breakdown here; `withGrains` adds the other grains per batch.
  const add = (metric: AdditiveMetric, values: UsageDimensions, total: number, succeeded: number) => {
    const full = GRAINS[metric][0] as { grain: string; dimensions: UsageDimension[] };
    for (const [period, factDate] of dates) {
      const key: UsageFactKey = {
        tenantId: row.tenant_id,
        metric,
        period,
        grain: full.grain,
        factDate,
        ...NONE,
      };
      for (const d of full.dimensions) (key as unknown as Record<UsageDimension, string>)[d] = values[d];
      addFact(increments, key, total, succeeded);
    }
  };

  add('requests', where, 1, ok ? 1 : 0);
  if (!forUser || row.user_id === null) return;
  const userId = row.user_id;
  if (!INTERRUPTION_ERROR_CODES.has(row.error_code)) {
    add('authentications', where, 1, ok ? 1 : 0);
  }
  const usage = details.usage;
  if (usage?.mfa) add('mfaCompletions', where, 1, usage.mfa.succeeded ? 1 : 0);
  if (usage?.signUp && ok) add('signUps', where, 1, 1);
  if (!ok) return;

  for (const [period, factDate] of dates) {
    // A day whose members are gone can no longer tell a new user from a counted one; its
    // entry still says when the user was last seen.
    if (period === 'day' && factDate < keepDailyMembersFrom) {
      for (const appId of ['', row.app_id]) {
        const id = [row.tenant_id, appId, userId].join('\u0000');
        const seen = increments.lastSeen.get(id);
        if (!seen || seen.lastDate < factDate)
          increments.lastSeen.set(id, { tenantId: row.tenant_id, appId, userId, lastDate: factDate });
      }
      continue;
    }
    for (const appId of ['', row.app_id]) {
      const member: ActiveMember = { tenantId: row.tenant_id, period, factDate, appId, userId };
      increments.members.set([row.tenant_id, period, factDate, appId, userId].join('\u0000'), member);
    }
  }
}

/**
 * The last days that newly counted members show: a user's latest new day per app and overall
 * (a member already counted was seen that day before, so it moves nothing), added to `seen`
 * (the entries older than the daily members). Month members say nothing a day member does not.
 */
export function lastSeenOf(
  members: Iterable<ActiveMember>,
  seen: UsageIncrements['lastSeen'] = new Map(),
): UsageIncrements['lastSeen'] {
  for (const { tenantId, appId, userId, factDate, period } of members) {
    if (period === 'month') continue;
    const id = [tenantId, appId, userId].join('\u0000');
    const known = seen.get(id);
    if (!known) seen.set(id, { tenantId, appId, userId, lastDate: factDate });
    else if (known.lastDate < factDate) known.lastDate = factDate;
  }
  return seen;
}

/** The activeUsers facts that newly counted members add: one user each (grain '' or appId). */
export function activeUserFacts(members: Iterable<ActiveMember>): UsageIncrements['facts'] {
  const increments = emptyIncrements();
  for (const member of members) {
    const key: UsageFactKey = {
      tenantId: member.tenantId,
      metric: 'activeUsers',
      period: member.period,
      grain: member.appId === '' ? '' : 'appId',
      factDate: member.factDate,
      ...NONE,
      appId: member.appId,
    };
    addFact(increments, key, 1, 0);
  }
  return increments.facts;
}
