import {
  Field,
  Select,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
} from '@fluentui/react-components';
import { useState } from 'react';
import { ApiErrorMessage } from '../../components/ApiErrorMessage';
import { ChartCard } from '../../components/ChartCard';
import { DetailsDrawer } from '../../components/DetailsDrawer';
import { formatNumber } from '../../components/format';
import { Loading } from '../../components/Loading';
import { format, useStrings } from '../../strings';
import { type ImpactRequest, useImpact } from './api';
import type { ImpactCounts, ImpactReport } from './model';
import { useStyles } from './shared';

const PERIODS = [7, 14, 30] as const;

/**
 * "See impact": what the policy (the saved one, or the editor's draft) would have done, as if
 * on, to the last 7, 14 or 30 days of sign-ins, per application.
 */
export function ImpactDrawer({
  tenantId,
  name,
  request,
  draft,
  onClose,
}: {
  tenantId: string;
  name: string;
  request: { policyId: string } | { policy: Extract<ImpactRequest, { policy: unknown }>['policy'] };
  draft: boolean;
  onClose: () => void;
}) {
  const t = useStrings();
  const s = t.conditionalAccess;
  const styles = useStyles();
  const [days, setDays] = useState<number>(30);
  const impact = useImpact(tenantId, { ...request, days } as ImpactRequest);
  return (
    <DetailsDrawer open title={format(s.impactTitle, { name })} onClose={onClose}>
      <Text>{draft ? s.impactDraftNote : s.impactSavedNote}</Text>
      <Field label={s.impactPeriod}>
        <Select
          className={styles.select}
          value={String(days)}
          onChange={(_e, data) => setDays(Number(data.value))}
        >
          {PERIODS.map((period) => (
            <option key={period} value={period}>
              {format(s.impactDays, { days: period })}
            </option>
          ))}
        </Select>
      </Field>
      <ApiErrorMessage error={impact.error} />
      {impact.isPending && !impact.error ? <Loading /> : impact.data && <ImpactResult report={impact.data} />}
    </DetailsDrawer>
  );
}

function ImpactResult({ report }: { report: ImpactReport }) {
  const t = useStrings();
  const s = t.conditionalAccess;
  const styles = useStyles();
  const apps = report.applications;
  const chart = (pick: 'signIns' | 'users') => ({
    categories: apps.map((app) => app.appDisplayName),
    series: [
      { name: s.wouldBlock, values: apps.map((app) => app[pick].blocked) },
      { name: s.wouldChallenge, values: apps.map((app) => app[pick].challenged) },
    ],
  });
  return (
    <>
      <Text aria-live="polite">
        {report.signIns.evaluated === 0
          ? s.impactNoSignIns
          : format(s.impactSummary, {
              evaluated: formatNumber(report.signIns.evaluated),
              days: report.days,
              applied: formatNumber(report.signIns.applied),
              blocked: formatNumber(report.signIns.blocked),
              challenged: formatNumber(report.signIns.challenged),
            })}
      </Text>
      <Text as="h2" size={400} weight="semibold">
        {s.impactTotals}
      </Text>
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: at phone widths the table scrolls sideways; the keyboard must reach it */}
      <section className={styles.scroll} tabIndex={0} aria-label={s.impactTotals}>
        <Table size="small" aria-label={s.impactTotals} className={styles.totals}>
          <TableHeader>
            <TableRow>
              <TableHeaderCell>{t.common.category}</TableHeaderCell>
              <TableHeaderCell>{s.evaluated}</TableHeaderCell>
              <TableHeaderCell>{s.wouldApply}</TableHeaderCell>
              <TableHeaderCell>{s.wouldBlock}</TableHeaderCell>
              <TableHeaderCell>{s.wouldChallenge}</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {(
              [
                [s.totalsSignIns, report.signIns],
                [s.totalsUsers, report.users],
              ] as [string, ImpactCounts][]
            ).map(([label, counts]) => (
              <TableRow key={label}>
                <TableCell>{label}</TableCell>
                <TableCell>{formatNumber(counts.evaluated)}</TableCell>
                <TableCell>{formatNumber(counts.applied)}</TableCell>
                <TableCell>{formatNumber(counts.blocked)}</TableCell>
                <TableCell>{formatNumber(counts.challenged)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </section>
      <ChartCard title={s.impactSignIns} data={chart('signIns')} />
      <ChartCard title={s.impactUsers} data={chart('users')} />
    </>
  );
}
