import { makeStyles, tokens } from '@fluentui/react-components';
import type { UseQueryResult } from '@tanstack/react-query';
import { ChartCard, type ChartData } from '../../components/ChartCard';
import { format, LANGUAGE, useStrings } from '../../strings';
import { useUsageList } from './api';
import { daysOf, isEmpty, monthLabel, monthsOf, toChart } from './charts';
import type {
  ActiveUsersMetric,
  AuthenticationsMetric,
  DailyInactiveUsersMetric,
  DashboardFilter,
  MfaCompletionMetric,
  UserSignUpMetric,
} from './model';

const useStyles = makeStyles({
  grid: {
    display: 'grid',
    gridTemplateColumns: 'repeat(2, minmax(0, 1fr))',
    gap: tokens.spacingHorizontalL,
    '@media (max-width: 1023px)': { gridTemplateColumns: 'minmax(0, 1fr)' },
  },
});

const NO_DATA: ChartData = { categories: [], series: [] };

const regions = (() => {
  try {
    return new Intl.DisplayNames([LANGUAGE], { type: 'region' });
  } catch {
    return undefined;
  }
})();

/** A query's items as a chart, or nothing while it loads or when nothing happened. */
function chartOf<T>(
  query: UseQueryResult<T[]>,
  make: (items: T[]) => ChartData,
  { zerosAreData = false } = {},
): ChartData {
  if (!query.data || query.data.length === 0) return NO_DATA;
  const data = make(query.data);
  return !zerosAreData && isEmpty(data) ? NO_DATA : data;
}

interface Props {
  tenantId: string;
  filter: DashboardFilter;
  appName: (appId: string) => string;
}

/** The dashboards: each chart one call of the userInsights API, with its table view. */
export function Charts({ tenantId, filter, appName }: Props) {
  const t = useStrings();
  const styles = useStyles();
  const c = t.insights.charts;
  const s = t.insights.series;
  const days = daysOf(filter);
  const months = monthsOf(filter);
  const unknown = (value: string | null | undefined) => value || s.unknown;
  const country = (code: string | null | undefined) => {
    if (!code) return s.unknown;
    try {
      return regions?.of(code) ?? code;
    } catch {
      return code;
    }
  };
  const method = (name: string | undefined) => (name ? (t.insights.mfaMethods[name] ?? name) : s.unknown);

  const dailyActive = useUsageList<ActiveUsersMetric>(tenantId, 'daily', 'activeUsers', filter);
  const inactive = useUsageList<DailyInactiveUsersMetric>(
    tenantId,
    'daily',
    filter.appId ? 'inactiveUsersByApplication' : 'inactiveUsers',
    filter,
  );
  const monthlyActive = useUsageList<ActiveUsersMetric>(tenantId, 'monthly', 'activeUsers', filter);
  const monthlyByApp = useUsageList<ActiveUsersMetric>(
    tenantId,
    'monthly',
    'activeUsers',
    filter,
    'factDate,appId,count',
  );
  const signUps = useUsageList<UserSignUpMetric>(tenantId, 'monthly', 'signUps', filter, 'factDate,count');
  const signUpsByOs = useUsageList<UserSignUpMetric>(
    tenantId,
    'monthly',
    'signUps',
    filter,
    'factDate,os,count',
  );
  const authByOs = useUsageList<AuthenticationsMetric>(
    tenantId,
    'daily',
    'authentications',
    filter,
    'factDate,os,attemptsCount,successCount',
  );
  const authByCountry = useUsageList<AuthenticationsMetric>(
    tenantId,
    'monthly',
    'authentications',
    filter,
    'factDate,country,attemptsCount,successCount',
  );
  const mfa = useUsageList<MfaCompletionMetric>(
    tenantId,
    'daily',
    'mfaCompletions',
    filter,
    'factDate,mfaMethod,attemptsCount,successCount',
  );

  const monthly = { categories: months, label: monthLabel };
  const inactiveSeries = [
    [s.inactive1Day, 'inactive1DayCount'],
    [s.inactive30Day, 'inactive30DayCount'],
    [s.inactive60Day, 'inactive60DayCount'],
    [s.inactive90Day, 'inactive90DayCount'],
  ] as const;

  const cards: {
    key: string;
    title: string;
    description: string;
    kind: 'line' | 'bars';
    query: UseQueryResult<unknown[]>;
    data: ChartData;
  }[] = [
    {
      key: 'dailyActive',
      title: c.dailyActive,
      description: c.dailyActiveDescription,
      kind: 'line',
      query: dailyActive,
      data: chartOf(dailyActive, (items) =>
        toChart(items, { categories: days, seriesOf: () => s.activeUsers, amountOf: (item) => item.count }),
      ),
    },
    {
      key: 'dailyInactive',
      title: c.dailyInactive,
      description: c.dailyInactiveDescription,
      kind: 'line',
      query: inactive,
      // Only the days with a snapshot: a day without one is unknown, not 0.
      data: chartOf(
        inactive,
        (items) =>
          toChart(items, {
            seriesOf: () => inactiveSeries.map(([name]) => name),
            amountOf: (item, name) =>
              item[inactiveSeries.find(([n]) => n === name)?.[1] ?? 'inactive1DayCount'] ?? 0,
            order: inactiveSeries.map(([name]) => name),
          }),
        // No inactive user is a figure worth showing.
        { zerosAreData: true },
      ),
    },
    {
      key: 'monthlyActive',
      title: c.monthlyActive,
      description: c.monthlyActiveDescription,
      kind: 'bars',
      query: monthlyActive,
      data: chartOf(monthlyActive, (items) =>
        toChart(items, { ...monthly, seriesOf: () => s.activeUsers, amountOf: (item) => item.count }),
      ),
    },
    {
      key: 'monthlyByApp',
      title: c.monthlyActiveByApp,
      description: c.monthlyActiveByAppDescription,
      kind: 'bars',
      query: monthlyByApp,
      data: chartOf(monthlyByApp, (items) =>
        toChart(items, {
          ...monthly,
          seriesOf: (item) => appName(item.appId ?? ''),
          amountOf: (item) => item.count,
        }),
      ),
    },
    {
      key: 'newUsers',
      title: c.newUsersMonthly,
      description: c.newUsersMonthlyDescription,
      kind: 'bars',
      query: signUps,
      data: chartOf(signUps, (items) =>
        toChart(items, { ...monthly, seriesOf: () => s.newUsers, amountOf: (item) => item.count }),
      ),
    },
    {
      key: 'newUsersByOs',
      title: c.newUsersByOs,
      description: c.newUsersByOsDescription,
      kind: 'bars',
      query: signUpsByOs,
      data: chartOf(signUpsByOs, (items) =>
        toChart(items, { ...monthly, seriesOf: (item) => unknown(item.os), amountOf: (item) => item.count }),
      ),
    },
    {
      key: 'authByOs',
      title: c.authByOs,
      description: c.authByOsDescription,
      kind: 'bars',
      query: authByOs,
      data: chartOf(authByOs, (items) =>
        toChart(items, {
          categories: days,
          seriesOf: (item) => [
            format(s.osSuccessful, { os: unknown(item.os) }),
            format(s.osFailed, { os: unknown(item.os) }),
          ],
          amountOf: (item, name) =>
            name === format(s.osSuccessful, { os: unknown(item.os) })
              ? item.successCount
              : item.attemptsCount - item.successCount,
        }),
      ),
    },
    {
      key: 'authByCountry',
      title: c.authByCountry,
      description: c.authByCountryDescription,
      kind: 'bars',
      query: authByCountry,
      data: chartOf(authByCountry, (items) =>
        toChart(items, {
          ...monthly,
          seriesOf: (item) => country(item.country),
          amountOf: (item) => item.attemptsCount,
        }),
      ),
    },
    {
      key: 'mfaByMethod',
      title: c.mfaByMethod,
      description: c.mfaByMethodDescription,
      kind: 'bars',
      query: mfa,
      data: chartOf(mfa, (items) =>
        toChart(items, {
          categoryOf: (item) => method(item.mfaMethod),
          seriesOf: () => [s.successful, s.failed],
          amountOf: (item, name) =>
            name === s.successful ? item.successCount : item.attemptsCount - item.successCount,
          order: [s.successful, s.failed],
        }),
      ),
    },
  ];

  return (
    <div className={styles.grid}>
      {cards.map((card) => (
        <ChartCard
          key={card.key}
          title={card.title}
          description={card.description}
          kind={card.kind}
          data={card.data}
          loading={card.query.isPending}
          error={card.query.error ?? undefined}
        />
      ))}
    </div>
  );
}
