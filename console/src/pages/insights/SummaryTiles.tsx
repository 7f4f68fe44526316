import { Card, makeStyles, Skeleton, SkeletonItem, Text, tokens } from '@fluentui/react-components';
import { type ReactNode, useId } from 'react';
import { formatNumber } from '../../components/format';
import { format, LANGUAGE, useStrings } from '../../strings';
import { useUsageList } from './api';
import { sum } from './charts';
import type {
  ActiveUsersMetric,
  AuthenticationsMetric,
  DashboardFilter,
  MfaCompletionMetric,
  UserCountMetric,
  UserSignUpMetric,
} from './model';

const NARROW = '@media (max-width: 767px)';

const useStyles = makeStyles({
  tiles: {
    display: 'grid',
    gridTemplateColumns: 'repeat(5, minmax(0, 1fr))',
    gap: tokens.spacingHorizontalM,
    marginBottom: tokens.spacingVerticalL,
    '@media (max-width: 1199px)': { gridTemplateColumns: 'repeat(3, minmax(0, 1fr))' },
    [NARROW]: { gridTemplateColumns: 'repeat(2, minmax(0, 1fr))', gap: tokens.spacingHorizontalS },
  },
  tile: { minWidth: 0, gap: tokens.spacingVerticalXS },
  label: { color: tokens.colorNeutralForeground2, overflowWrap: 'anywhere' },
  value: { fontVariantNumeric: 'tabular-nums' },
  note: { color: tokens.colorNeutralForeground3, overflowWrap: 'anywhere' },
});

const percent = new Intl.NumberFormat(LANGUAGE, { style: 'percent', maximumFractionDigits: 1 });
const utcDate = new Intl.DateTimeFormat(LANGUAGE, { dateStyle: 'medium', timeZone: 'UTC' });
const dayText = (day: string) => utcDate.format(new Date(`${day}T00:00:00Z`));

function Tile({
  label,
  value,
  note,
  loading,
  failed,
}: {
  label: string;
  value: string;
  note: ReactNode;
  loading: boolean;
  failed: boolean;
}) {
  const t = useStrings();
  const styles = useStyles();
  const id = useId();
  return (
    <Card className={styles.tile} role="group" aria-labelledby={id} size="small">
      <Text id={id} size={300} weight="semibold" className={styles.label}>
        {label}
      </Text>
      {loading ? (
        <Skeleton aria-label={t.common.loading}>
          <SkeletonItem size={32} />
        </Skeleton>
      ) : (
        <Text size={800} weight="semibold" className={styles.value} data-testid="tile-value">
          {failed ? t.insights.tiles.notAvailable : value}
        </Text>
      )}
      <Text size={200} className={styles.note}>
        {failed ? t.insights.tileError : loading ? '\u00a0' : note}
      </Text>
    </Card>
  );
}

/** The range's figures at a glance: users, active users, new users, sign-ins, MFA success. */
export function SummaryTiles({ tenantId, filter }: { tenantId: string; filter: DashboardFilter }) {
  const t = useStrings();
  const styles = useStyles();
  const tt = t.insights.tiles;
  // The same calls as the charts below (the same query keys): each is fetched once.
  const users = useUsageList<UserCountMetric>(tenantId, 'daily', 'userCount', filter);
  const active = useUsageList<ActiveUsersMetric>(tenantId, 'daily', 'activeUsers', filter);
  const signUps = useUsageList<UserSignUpMetric>(tenantId, 'daily', 'signUps', filter, 'factDate,count');
  const auth = useUsageList<AuthenticationsMetric>(
    tenantId,
    'daily',
    'authentications',
    filter,
    'factDate,os,attemptsCount,successCount',
  );
  const mfa = useUsageList<MfaCompletionMetric>(
    tenantId,
    'daily',
    'mfaCompletions',
    filter,
    'factDate,mfaMethod,attemptsCount,successCount',
  );

  const lastCount = users.data?.at(-1);
  const peak = (active.data ?? []).reduce<ActiveUsersMetric | undefined>(
    (best, item) => (item.count > (best?.count ?? 0) ? item : best),
    undefined,
  );
  const attempts = sum((auth.data ?? []).map((item) => item.attemptsCount));
  const succeeded = sum((auth.data ?? []).map((item) => item.successCount));
  const mfaAttempts = sum((mfa.data ?? []).map((item) => item.attemptsCount));
  const mfaSucceeded = sum((mfa.data ?? []).map((item) => item.successCount));

  return (
    <section aria-label={t.insights.summaryLabel} className={styles.tiles}>
      <Tile
        label={tt.totalUsers}
        value={lastCount ? formatNumber(lastCount.count) : tt.notAvailable}
        note={
          lastCount ? format(tt.totalUsersNote, { date: dayText(lastCount.factDate) }) : tt.totalUsersNone
        }
        loading={users.isPending}
        failed={users.isError}
      />
      <Tile
        label={tt.activeUsers}
        value={formatNumber(peak?.count ?? 0)}
        note={peak ? format(tt.activeUsersNote, { date: dayText(peak.factDate) }) : tt.activeUsersNone}
        loading={active.isPending}
        failed={active.isError}
      />
      <Tile
        label={tt.newUsers}
        value={formatNumber(sum((signUps.data ?? []).map((item) => item.count)))}
        note={tt.newUsersNote}
        loading={signUps.isPending}
        failed={signUps.isError}
      />
      <Tile
        label={tt.signIns}
        value={formatNumber(attempts)}
        note={format(tt.signInsNote, {
          succeeded: formatNumber(succeeded),
          failed: formatNumber(attempts - succeeded),
        })}
        loading={auth.isPending}
        failed={auth.isError}
      />
      <Tile
        label={tt.mfaRate}
        value={mfaAttempts > 0 ? percent.format(mfaSucceeded / mfaAttempts) : tt.notAvailable}
        note={
          mfaAttempts > 0
            ? format(tt.mfaRateNote, {
                succeeded: formatNumber(mfaSucceeded),
                attempts: formatNumber(mfaAttempts),
              })
            : tt.mfaRateNone
        }
        loading={mfa.isPending}
        failed={mfa.isError}
      />
    </section>
  );
}
