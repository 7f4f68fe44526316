import { Button, Field, Input, Text } from '@fluentui/react-components';
import { useMemo, useState } from 'react';
import { useParams, useSearchParams } from 'react-router';
import { useApi } from '../../api/ApiProvider';
import { useCan } from '../../api/access';
import { ApiErrorMessage } from '../../components/ApiErrorMessage';
import { type Column, DataTable } from '../../components/DataTable';
import { DownloadMenu } from '../../components/DownloadMenu';
import { saveFile } from '../../components/download';
import { EmptyState } from '../../components/EmptyState';
import { FilterBar } from '../../components/FilterBar';
import { formatDateTime, formatNumber, startOfDay } from '../../components/format';
import { Loading } from '../../components/Loading';
import { Pager, useSkipTokenPages } from '../../components/Pager';
import { format, useStrings } from '../../strings';
import { exportRiskyUsers, type RiskyUserFilters, useRiskyUsers } from './api';
import { ACTIONS, RISK_LEVELS, RISK_STATES, type RiskyUser } from './model';
import { nameOf, RiskyUserCommands } from './RiskyUserCommands';
import { RiskyUserDrawer } from './RiskyUserDrawer';
import { ChoiceFilter, Notice, RiskLevelBadge, RiskStateBadge, SectionIntro, useAreaStyles } from './shared';

type Level = (typeof RISK_LEVELS)[number];
type State = (typeof RISK_STATES)[number];

/** Risky users: filters, a selectable list with bulk actions, download, and each user's pane. */
export function RiskyUsers() {
  const t = useStrings();
  const ip = t.identityProtection;
  const s = ip.riskyUsers;
  const styles = useAreaStyles();
  const api = useApi();
  const can = useCan();
  const { tenantId = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const riskLevel = (params.get('riskLevel') ?? '') as Level | '';
  const riskState = (params.get('riskState') ?? '') as State | '';
  const since = params.get('updatedSince') ?? '';
  const pages = useSkipTokenPages();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [openId, setOpenId] = useState<string | null>(null);
  const [notice, setNotice] = useState('');
  const [downloadError, setDownloadError] = useState<unknown>(null);

  const filters = useMemo<RiskyUserFilters>(
    () => ({
      ...(riskLevel && { riskLevel }),
      ...(riskState && { riskState }),
      ...(since && { updatedAfter: startOfDay(since) }),
    }),
    [riskLevel, riskState, since],
  );
  const { data, error, isPending, isFetching } = useRiskyUsers(tenantId, filters, pages.skipToken);
  const rows = data?.value ?? [];
  const filtered = Boolean(riskLevel || riskState || since);

  const setFilter = (name: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next, { replace: true });
    pages.reset();
    setSelected(new Set());
  };
  const clearFilters = () => {
    setParams({}, { replace: true });
    pages.reset();
    setSelected(new Set());
  };

  const download = async (kind: 'csv' | 'json') => {
    setDownloadError(null);
    try {
      const blob = await exportRiskyUsers(api, tenantId, filters, kind);
      saveFile(`riskyUsers.${kind}`, blob);
    } catch (cause) {
      setDownloadError(cause);
    }
  };

  const selectedUsers = rows.filter((row) => selected.has(row.id));
  const done = (message: string) => {
    setNotice(message);
    setSelected(new Set());
  };

  const columns: Column<RiskyUser>[] = [
    { id: 'user', header: ip.user, cell: (row) => nameOf(row) },
    { id: 'state', header: ip.riskState, cell: (row) => <RiskStateBadge state={row.riskState} /> },
    { id: 'level', header: ip.riskLevel, cell: (row) => <RiskLevelBadge level={row.riskLevel} /> },
    {
      id: 'detail',
      header: ip.riskDetail,
      secondary: true,
      cell: (row) => ip.riskDetails[row.riskDetail] ?? row.riskDetail,
    },
    {
      id: 'updated',
      header: ip.lastUpdated,
      secondary: true,
      cell: (row) => formatDateTime(row.riskLastUpdatedDateTime),
    },
  ];
  const total = data?.['@odata.count'];
  // A read-only admin selects nothing: there is nothing to do with a selection.
  const canAct =
    can(ACTIONS.riskyUsersUpdate, tenantId) ||
    can(ACTIONS.resetPassword, tenantId) ||
    can(ACTIONS.block, tenantId);
  const open = rows.find((row) => row.id === openId);

  return (
    <>
      <SectionIntro title={ip.sections.riskyUsers}>{s.intro}</SectionIntro>
      <FilterBar label={ip.filtersLabel}>
        <ChoiceFilter
          label={ip.riskLevel}
          value={riskLevel}
          options={RISK_LEVELS.map((value) => ({ value, label: ip.riskLevels[value] }))}
          onChange={(value) => setFilter('riskLevel', value)}
        />
        <ChoiceFilter
          label={ip.riskState}
          value={riskState}
          options={RISK_STATES.map((value) => ({ value, label: ip.riskStates[value] }))}
          onChange={(value) => setFilter('riskState', value)}
        />
        <Field label={s.updatedSince} className={styles.field}>
          <Input type="date" value={since} onChange={(_event, d) => setFilter('updatedSince', d.value)} />
        </Field>
        {filtered && <Button onClick={clearFilters}>{ip.clearFilters}</Button>}
      </FilterBar>
      <Notice>{notice}</Notice>
      <div className={styles.toolbar}>
        <RiskyUserCommands tenantId={tenantId} users={selectedUsers} label={s.actionsLabel} onDone={done} />
        <DownloadMenu label={s.downloadLabel} onDownload={download} />
        <span className={styles.spacer} />
        {total !== undefined && (
          <Text aria-live="polite">
            {selected.size > 0 && `${format(ip.selected, { count: selected.size })} · `}
            {total === 1 ? s.countOne : format(s.count, { count: formatNumber(total) })}
          </Text>
        )}
      </div>
      <ApiErrorMessage error={downloadError} />
      <ApiErrorMessage error={error} />
      {isPending ? (
        <Loading />
      ) : rows.length === 0 && !error ? (
        filtered ? (
          <EmptyState
            title={s.noMatchTitle}
            action={<Button onClick={clearFilters}>{ip.clearFilters}</Button>}
          >
            {s.noMatchBody}
          </EmptyState>
        ) : (
          <EmptyState title={s.emptyTitle}>{s.emptyBody}</EmptyState>
        )
      ) : (
        <>
          <DataTable
            label={s.listLabel}
            rows={rows}
            columns={columns}
            rowKey={(row) => row.id}
            rowLabel={nameOf}
            busy={isFetching}
            selection={canAct ? { selected, onChange: setSelected } : undefined}
            onOpen={(row) => setOpenId(row.id)}
          />
          <Pager label={s.pagesLabel} pages={pages} nextLink={data?.['@odata.nextLink']} />
        </>
      )}
      {openId && (
        <RiskyUserDrawer
          tenantId={tenantId}
          userId={openId}
          initial={open}
          onClose={() => setOpenId(null)}
          onNotice={setNotice}
        />
      )}
    </>
  );
}
