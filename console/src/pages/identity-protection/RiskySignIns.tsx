import { Badge, Button, Text } from '@fluentui/react-components';
import { ShieldCheckmarkRegular, ShieldErrorRegular } from '@fluentui/react-icons';
import { useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useCan } from '../../api/access';
import { ApiErrorMessage } from '../../components/ApiErrorMessage';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { type Column, DataTable } from '../../components/DataTable';
import { DetailsDrawer, Facts } from '../../components/DetailsDrawer';
import { EmptyState } from '../../components/EmptyState';
import { DateRangeFields, FilterBar } from '../../components/FilterBar';
import { endOfDay, formatDateTime, startOfDay } from '../../components/format';
import { Loading } from '../../components/Loading';
import { Pager, useSkipTokenPages } from '../../components/Pager';
import { format, useStrings } from '../../strings';
import { type SignInFilters, useRiskySignIns, useSignInActions } from './api';
import { ACTIONS, placeOf, type RiskySignIn } from './model';
import { Notice, RiskLevelBadge, RiskStateBadge, SectionIntro, useAreaStyles } from './shared';

const userOf = (r: RiskySignIn, none: string) => r.userDisplayName || r.userPrincipalName || r.userId || none;

/** Risky sign-ins: the list (date range), select to confirm them safe or compromised. */
export function RiskySignIns() {
  const t = useStrings();
  const ip = t.identityProtection;
  const s = ip.signIns;
  const styles = useAreaStyles();
  const { tenantId = '' } = useParams();
  const can = useCan();
  const pages = useSkipTokenPages();
  const [range, setRange] = useState({ from: '', to: '' });
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [pending, setPending] = useState<'safe' | 'compromised' | null>(null);
  const [open, setOpen] = useState<RiskySignIn | null>(null);
  const [notice, setNotice] = useState('');
  const actions = useSignInActions(tenantId);
  const filters = useMemo<SignInFilters>(
    () => ({
      ...(range.from && { from: startOfDay(range.from) }),
      ...(range.to && { to: endOfDay(range.to) }),
    }),
    [range],
  );
  const { data, error, isPending, isFetching } = useRiskySignIns(tenantId, filters, pages.skipToken);
  const rows = data?.value ?? [];
  const canUpdate = can(ACTIONS.riskySignInsUpdate, tenantId);
  const correlationIds = [
    ...new Set(rows.filter((row) => selected.has(row.id)).map((row) => row.correlationId)),
  ];
  const confirm = async (verdict: 'safe' | 'compromised') => {
    const mutation = verdict === 'safe' ? actions.confirmSafe : actions.confirmCompromised;
    await mutation.mutateAsync(correlationIds);
    setNotice(format(verdict === 'safe' ? s.safeDone : s.compromisedDone, { count: correlationIds.length }));
    setSelected(new Set());
  };

  const columns: Column<RiskySignIn>[] = [
    { id: 'date', header: s.date, cell: (r) => formatDateTime(r.createdDateTime) },
    { id: 'user', header: ip.user, cell: (r) => userOf(r, ip.unknownUser) },
    { id: 'app', header: s.application, secondary: true, cell: (r) => r.appDisplayName },
    { id: 'level', header: ip.riskLevel, cell: (r) => <RiskLevelBadge level={r.riskLevelDuringSignIn} /> },
    {
      id: 'state',
      header: ip.riskState,
      secondary: true,
      cell: (r) => <RiskStateBadge state={r.riskState} />,
    },
    { id: 'ip', header: ip.ipAddress, secondary: true, cell: (r) => r.ipAddress },
    { id: 'location', header: ip.location, secondary: true, cell: (r) => placeOf(r.location) },
  ];

  return (
    <>
      <SectionIntro title={ip.sections.riskySignIns}>{s.intro}</SectionIntro>
      <FilterBar label={ip.filtersLabel}>
        <DateRangeFields
          from={range.from}
          to={range.to}
          onChange={(next) => {
            pages.reset();
            setSelected(new Set());
            setRange(next);
          }}
        />
      </FilterBar>
      <Notice>{notice}</Notice>
      {canUpdate && (
        // biome-ignore lint/a11y/useSemanticElements: a group of commands, not a form's fieldset
        <div role="group" aria-label={s.actionsLabel} className={styles.toolbar}>
          <Button
            icon={<ShieldCheckmarkRegular />}
            disabled={correlationIds.length === 0}
            onClick={() => setPending('safe')}
          >
            {s.confirmSafe}
          </Button>
          <Button
            icon={<ShieldErrorRegular />}
            disabled={correlationIds.length === 0}
            onClick={() => setPending('compromised')}
          >
            {s.confirmCompromised}
          </Button>
          {selected.size > 0 && <Text>{format(ip.selected, { count: selected.size })}</Text>}
        </div>
      )}
      <ApiErrorMessage error={error} />
      {isPending ? (
        <Loading />
      ) : rows.length === 0 && !error ? (
        <EmptyState title={s.emptyTitle}>{s.emptyBody}</EmptyState>
      ) : (
        <>
          <DataTable
            label={s.listLabel}
            rows={rows}
            columns={columns}
            rowKey={(r) => r.id}
            rowLabel={(r) => `${userOf(r, ip.unknownUser)}, ${formatDateTime(r.createdDateTime)}`}
            busy={isFetching}
            selection={canUpdate ? { selected, onChange: setSelected } : undefined}
            onOpen={setOpen}
          />
          <Pager label={s.pagesLabel} pages={pages} nextLink={data?.['@odata.nextLink']} />
        </>
      )}
      <ConfirmDialog
        open={pending === 'safe'}
        title={format(s.safeTitle, { count: correlationIds.length })}
        confirmLabel={s.confirmSafe}
        onConfirm={() => confirm('safe')}
        onClose={() => setPending(null)}
      >
        {s.safeBody}
      </ConfirmDialog>
      <ConfirmDialog
        open={pending === 'compromised'}
        title={format(s.compromisedTitle, { count: correlationIds.length })}
        confirmLabel={s.confirmCompromised}
        onConfirm={() => confirm('compromised')}
        onClose={() => setPending(null)}
      >
        {s.compromisedBody}
      </ConfirmDialog>
      {open && (
        <DetailsDrawer open title={s.details} onClose={() => setOpen(null)}>
          <Facts
            items={[
              [s.date, formatDateTime(open.createdDateTime)],
              [
                ip.user,
                open.userId ? (
                  <Link
                    key="f153"
                    className={styles.link}
                    to={`/t/${encodeURIComponent(tenantId)}/users/${encodeURIComponent(open.userId)}`}
                  >
                    {userOf(open, ip.unknownUser)}
                  </Link>
                ) : null,
              ],
              [s.application, open.appDisplayName],
              [s.status, open.status.errorCode === 0 ? s.success : (open.status.failureReason ?? s.failure)],
              [ip.riskLevel, <RiskLevelBadge key="f163" level={open.riskLevelDuringSignIn} />],
              [ip.riskState, <RiskStateBadge key="f164" state={open.riskState} />],
              [ip.riskDetail, ip.riskDetails[open.riskDetail] ?? open.riskDetail],
              [
                s.riskTypes,
                <span key="f168" className={styles.badges}>
                  {open.riskEventTypes_v2.map((type) => (
                    <Badge key={type} appearance="tint" color="informative">
                      {ip.eventTypes[type] ?? type}
                    </Badge>
                  ))}
                </span>,
              ],
              [ip.ipAddress, open.ipAddress],
              [ip.location, placeOf(open.location)],
              [
                s.correlationId,
                <span key="f178" className={styles.mono}>
                  {open.correlationId}
                </span>,
              ],
            ]}
          />
        </DetailsDrawer>
      )}
    </>
  );
}
