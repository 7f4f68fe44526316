import { AppError, type Clock } from '../platform/index.js';
import type { Db } from '../storage/index.js';
import { parseUsageFilter, type UsageFilter } from './usage-filter.js';
import {
  ADDITIVE_DIMENSIONS,
  type AdditiveMetric,
  grainOf,
  grainsOf,
  monthOf,
  type UsageDimension,
  type UsageMetric,
  type UsagePeriod,
} from './usage-model.js';
import { defaultRange } from './usage-service.js';
import { type StoredFact, usageStore } from './usage-store.js';

type Counts = Record<string, 'total' | 'succeeded'>;

/** A list of additive facts: the metric, and the Graph names of its counts. */
interface AdditiveList {
  kind: 'additive';
  metric: AdditiveMetric;
  counts: Counts;
  /** authenticationsMetric spells it `appid`. */
  appProperty?: string;
}

type UsageList =
  | AdditiveList
  | { kind: 'activeUsers' | 'activeUsersBreakdown' | 'summary' | 'userCount' }
  | { kind: 'inactive'; byApp: boolean };

/** The lists of Graph's `reports/userInsights/{daily|monthly}/…`, the periods each exists for. */
export const USAGE_RESOURCES = {
  activeUsers: { periods: ['day', 'month'], list: { kind: 'activeUsers' } },
  activeUsersBreakdown: { periods: ['day', 'month'], list: { kind: 'activeUsersBreakdown' } },
  authentications: {
    periods: ['day', 'month'],
    list: {
      kind: 'additive',
      metric: 'authentications',
      counts: { attemptsCount: 'total', successCount: 'succeeded' },
      appProperty: 'appid',
    },
  },
  mfaCompletions: {
    periods: ['day', 'month'],
    list: {
      kind: 'additive',
      metric: 'mfaCompletions',
      counts: { attemptsCount: 'total', successCount: 'succeeded' },
    },
  },
  signUps: {
    periods: ['day', 'month'],
    list: { kind: 'additive', metric: 'signUps', counts: { count: 'total' } },
  },
  requests: {
    periods: ['day', 'month'],
    list: { kind: 'additive', metric: 'requests', counts: { requestCount: 'total' } },
  },
  summary: { periods: ['day', 'month'], list: { kind: 'summary' } },
  userCount: { periods: ['day'], list: { kind: 'userCount' } },
  inactiveUsers: { periods: ['day', 'month'], list: { kind: 'inactive', byApp: false } },
  inactiveUsersByApplication: { periods: ['day', 'month'], list: { kind: 'inactive', byApp: true } },
} as const satisfies Record<string, { periods: readonly UsagePeriod[]; list: UsageList }>;

export type UsageResource = keyof typeof USAGE_RESOURCES;
export type UsageItem = Record<string, string | number | null>;

/** The Graph type of each list's items (for `@odata.context`). */
export const USAGE_ITEM_TYPES: Record<UsageResource, (period: UsagePeriod) => string> = {
  activeUsers: () => 'activeUsersMetric',
  activeUsersBreakdown: () => 'activeUsersBreakdownMetric',
  authentications: () => 'authenticationsMetric',
  mfaCompletions: () => 'mfaCompletionMetric',
  signUps: () => 'userSignUpMetric',
  requests: () => 'userRequestsMetric',
  summary: () => 'insightSummary',
  userCount: () => 'userCountMetric',
  inactiveUsers: (p) => (p === 'day' ? 'dailyInactiveUsersMetric' : 'monthlyInactiveUsersMetric'),
  inactiveUsersByApplication: (p) =>
    p === 'day' ? 'dailyInactiveUsersByApplicationMetric' : 'monthlyInactiveUsersByApplicationMetric',
};

/** The dimensions each list can be filtered (`eq`) and grouped (`$select`) by. */
export function dimensionsOf(resource: UsageResource): readonly UsageDimension[] {
  const list: UsageList = USAGE_RESOURCES[resource].list;
  if (list.kind === 'additive') return ADDITIVE_DIMENSIONS[list.metric];
  if (list.kind === 'userCount' || (list.kind === 'inactive' && !list.byApp)) return [];
  return ['appId'];
}

const orNull = (value: string | undefined) => (value === undefined || value === '' ? null : value);
const invalidSelect = (message: string) => new AppError('unsupported_select', 'invalid', message, '$select');

/**
 * `$select`: the properties to return. For additive lists, leaving a breakdown out of it sums
 * the counts over that breakdown (`$select=factDate,os,attemptsCount` gives authentications by
 * OS), which is what a dashboard's chart needs.
 */
function parseSelect(select: string | undefined, allowed: readonly string[]): Set<string> | undefined {
  if (select === undefined || select.trim() === '') return undefined;
  const names = select.split(',').map((name) => name.trim());
  const unknown = names.filter((name) => !allowed.includes(name));
  if (unknown.length > 0)
    throw invalidSelect(
      `'${unknown[0]?.slice(0, 64)}' cannot be selected here; choose from ${allowed.join(', ')}.`,
    );
  return new Set(names);
}

/**
 * Reads the usage lists from the roll-ups only (never the sign-in log), in Graph's shapes.
 * `appNames` names apps for the lists that show one.
 */
export function createUsageQueries({
  db,
  clock,
  appNames,
}: {
  db: Db;
  clock: Clock;
  appNames: (tenantId: string, appIds: string[]) => Promise<Map<string, string>>;
}) {
  type Range = { from: string; to: string };
  /** Facts of a metric broken down by `dimensions`: stored at that grain, or summed from the full one. */
  function read(
    tenantId: string,
    metric: UsageMetric,
    period: UsagePeriod,
    range: Range,
    dimensions: UsageDimension[],
    equals: UsageFilter['equals'],
    all: readonly UsageDimension[] = dimensions,
  ): Promise<StoredFact[]> {
    const grain = grainOf(dimensions);
    const stored = all === dimensions || grainsOf(all).includes(grain);
    return usageStore.facts(db, tenantId, {
      metric,
      period,
      range,
      dimensions,
      stored,
      fullGrain: grainOf(all),
      equals,
    });
  }

  async function additive(
    tenantId: string,
    list: AdditiveList,
    period: UsagePeriod,
    range: Range,
    filter: UsageFilter,
    select: Set<string> | undefined,
  ): Promise<UsageItem[]> {
    const all = ADDITIVE_DIMENSIONS[list.metric];
    const property = (d: UsageDimension) => (d === 'appId' ? (list.appProperty ?? 'appId') : d);
    // Broken down by what is selected and what is filtered on (one value each).
    const by = select
      ? all.filter((d) => select.has(property(d)) || filter.equals[d] !== undefined)
      : [...all];
    const facts = await read(tenantId, list.metric, period, range, by, filter.equals, all);
    return facts.map((fact) => {
      const item: UsageItem = { factDate: fact.factDate };
      for (const d of by)
        item[property(d)] =
          d === 'appId' || d === 'mfaMethod' ? (fact.values[d] ?? '') : orNull(fact.values[d]);
      for (const [name, column] of Object.entries(list.counts)) item[name] = fact[column];
      return item;
    });
  }

  async function activeUsers(
    tenantId: string,
    period: UsagePeriod,
    range: Range,
    filter: UsageFilter,
    byApp: boolean,
  ) {
    const facts = await read(tenantId, 'activeUsers', period, range, byApp ? ['appId'] : [], filter.equals);
    return facts.map((fact) => ({
      factDate: fact.factDate,
      count: fact.total,
      appId: orNull(fact.values.appId),
    }));
  }

  /** Inactive users: one row per date (and app), the windows' counts side by side. */
  async function inactive(
    tenantId: string,
    period: UsagePeriod,
    range: Range,
    filter: UsageFilter,
    byApp: boolean,
  ) {
    const windows: [UsageMetric, string][] = [
      period === 'day'
        ? ['inactive1Day', 'inactive1DayCount']
        : ['inactiveCalendarMonth', 'inactiveCalendarMonthCount'],
      ['inactive30Day', 'inactive30DayCount'],
      ['inactive60Day', 'inactive60DayCount'],
      ['inactive90Day', 'inactive90DayCount'],
    ];
    const rows = new Map<string, UsageItem>();
    for (const [metric, field] of windows) {
      for (const fact of await read(tenantId, metric, period, range, byApp ? ['appId'] : [], filter.equals)) {
        const id = `${fact.factDate}\u0000${fact.values.appId ?? ''}`;
        const row = rows.get(id) ?? { factDate: fact.factDate, appId: orNull(fact.values.appId) };
        row[field] = fact.total;
        rows.set(id, row);
      }
    }
    return [...rows.values()];
  }

  /** Per date and app: active users, authentications, and MFA by text message. */
  async function summary(tenantId: string, period: UsagePeriod, range: Range, filter: UsageFilter) {
    const byApp: UsageDimension[] = ['appId'];
    const [active, authentications, mfa] = await Promise.all([
      read(tenantId, 'activeUsers', period, range, byApp, filter.equals),
      read(
        tenantId,
        'authentications',
        period,
        range,
        byApp,
        filter.equals,
        ADDITIVE_DIMENSIONS.authentications,
      ),
      read(
        tenantId,
        'mfaCompletions',
        period,
        range,
        ['appId', 'mfaMethod'],
        { ...filter.equals, mfaMethod: 'SMS' },
        ADDITIVE_DIMENSIONS.mfaCompletions,
      ),
    ]);
    const rows = new Map<string, UsageItem>();
    const rowOf = (fact: StoredFact) => {
      const key = `${fact.factDate}\u0000${fact.values.appId}`;
      const row = rows.get(key) ?? {
        factDate: fact.factDate,
        appId: fact.values.appId ?? '',
        os: null,
        activeUsers: 0,
        authenticationRequests: 0,
        authenticationCompletions: 0,
        securityTextRequests: 0,
        securityTextCompletions: 0,
        securityVoiceRequests: 0,
        securityVoiceCompletions: 0,
      };
      rows.set(key, row);
      return row;
    };
    for (const fact of active) rowOf(fact).activeUsers = fact.total;
    for (const fact of authentications) {
      const row = rowOf(fact);
      row.authenticationRequests = fact.total;
      row.authenticationCompletions = fact.succeeded;
    }
    for (const fact of mfa) {
      const row = rowOf(fact);
      row.securityTextRequests = fact.total;
      row.securityTextCompletions = fact.succeeded;
    }
    return [...rows.values()].sort((a, b) =>
      `${a.factDate}${a.appId}`.localeCompare(`${b.factDate}${b.appId}`),
    );
  }

  async function items(
    tenantId: string,
    resource: UsageResource,
    period: UsagePeriod,
    range: Range,
    filter: UsageFilter,
    select: Set<string> | undefined,
  ): Promise<UsageItem[]> {
    const list: UsageList = USAGE_RESOURCES[resource].list;
    switch (list.kind) {
      case 'additive':
        return additive(tenantId, list, period, range, filter, select);
      case 'activeUsers':
        // By app when one is named or the app is selected; else every app's users once.
        return activeUsers(
          tenantId,
          period,
          range,
          filter,
          filter.equals.appId !== undefined || select?.has('appId') === true,
        );
      case 'activeUsersBreakdown': {
        const facts = await activeUsers(tenantId, period, range, filter, true);
        const names = await appNames(tenantId, [...new Set(facts.map((f) => String(f.appId)))]);
        return facts.map((f) => ({
          factDate: f.factDate,
          appId: f.appId,
          appName: names.get(String(f.appId)) ?? null,
          count: f.count,
          os: null,
        }));
      }
      case 'summary':
        return summary(tenantId, period, range, filter);
      case 'userCount':
        return (await read(tenantId, 'userCount', period, range, [], {})).map((f) => ({
          factDate: f.factDate,
          count: f.total,
        }));
      case 'inactive':
        return inactive(tenantId, period, range, filter, list.byApp);
    }
  }

  /** The properties a list's items have (what `$select` may name). */
  function propertiesOf(resource: UsageResource): string[] {
    const list: UsageList = USAGE_RESOURCES[resource].list;
    if (list.kind !== 'additive') return [];
    const dims = ADDITIVE_DIMENSIONS[list.metric].map((d) =>
      d === 'appId' ? (list.appProperty ?? 'appId') : d,
    );
    return ['id', 'factDate', ...dims, ...Object.keys(list.counts)];
  }

  return {
    /**
     * One list: the items of the range the filter names (default: the last 30 days or 12
     * months), in Graph's shape, each with an `id` (its position, as Graph's are).
     */
    async list(
      tenantId: string,
      resource: UsageResource,
      period: UsagePeriod,
      query: { filter?: string; select?: string },
    ): Promise<UsageItem[]> {
      const filter = parseUsageFilter(query.filter, dimensionsOf(resource));
      const properties = propertiesOf(resource);
      const select =
        resource === 'activeUsers'
          ? parseSelect(query.select, ['id', 'factDate', 'count', 'appId'])
          : properties.length > 0
            ? parseSelect(query.select, properties)
            : query.select === undefined
              ? undefined
              : (() => {
                  throw invalidSelect(`${resource} has no $select.`);
                })();
      const defaults = defaultRange(period, clock.now());
      // A month's facts carry its first day: a bound inside a month takes in the whole month.
      const from = filter.from && period === 'month' ? monthOf(filter.from) : filter.from;
      const range = { from: from ?? defaults.from, to: filter.to ?? defaults.to };
      const found = await items(tenantId, resource, period, range, filter, select);
      return found.map((item, i) => {
        const withId: UsageItem = { id: String(i + 1), ...item };
        if (!select) return withId;
        return Object.fromEntries(
          Object.entries(withId).filter(([name]) => name === 'id' || select.has(name)),
        );
      });
    },
  };
}

export type UsageQueries = ReturnType<typeof createUsageQueries>;
