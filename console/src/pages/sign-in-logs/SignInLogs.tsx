import { Button, MessageBar, MessageBarBody, makeStyles, Text, tokens } from '@fluentui/react-components';
import { useState } from 'react';
import { useParams } from 'react-router';
import { useApi } from '../../api/ApiProvider';
import { ApiErrorMessage, isFieldError } from '../../components/ApiErrorMessage';
import { type Column, DataTable } from '../../components/DataTable';
import { DownloadMenu } from '../../components/DownloadMenu';
import { type CsvColumn, saveFile, toCsv } from '../../components/download';
import { EmptyState } from '../../components/EmptyState';
import { formatDateTime, formatNumber, isoDay } from '../../components/format';
import { Loading } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { Pager, useSkipTokenPages } from '../../components/Pager';
import { format, useStrings } from '../../strings';
import { DOWNLOAD_CAP, fetchAllSignIns, useSignInsPage } from './api';
import { placeOf, type SignIn, type SignInFilterValues, userOf } from './model';
import { CaBadge, SignInDetails, StatusBadge } from './SignInDetails';
import { SignInFilters } from './SignInFilters';

const useStyles = makeStyles({
  status: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: tokens.spacingHorizontalXS },
  code: { color: tokens.colorNeutralForeground2 },
  summary: { display: 'block', marginBottom: tokens.spacingVerticalS },
  notice: { marginBottom: tokens.spacingVerticalM },
});

/** The default range: the last 7 days (today included). */
function defaultFilters(): SignInFilterValues {
  const from = new Date();
  from.setDate(from.getDate() - 6);
  return {
    from: isoDay(from),
    to: '',
    userId: '',
    appId: '',
    status: '',
    ipAddress: '',
    conditionalAccessStatus: '',
    riskLevel: '',
  };
}

/** The download's file name: the day it was made. */
const stamp = () => isoDay(new Date());

/** Download: the filtered sign-ins as CSV (main columns) or JSON (whole objects), page by page. */
function SignInsDownload({
  tenantId,
  filters,
  onDone,
}: {
  tenantId: string;
  filters: SignInFilterValues;
  /** After each download: whether it was cut at the cap, or why it failed. */
  onDone: (result: { capped: boolean; error: unknown }) => void;
}) {
  const t = useStrings();
  const s = t.signInLogs;
  const api = useApi();
  const [busy, setBusy] = useState(false);

  const csvColumns: CsvColumn<SignIn>[] = [
    { header: s.columns.date, value: (row) => row.createdDateTime },
    { header: s.basic.requestId, value: (row) => row.id },
    { header: s.columns.user, value: (row) => userOf(row) },
    { header: s.basic.signInIdentifier, value: (row) => row.userPrincipalName },
    { header: s.basic.userId, value: (row) => row.userId },
    { header: s.columns.application, value: (row) => row.appDisplayName },
    { header: s.basic.applicationId, value: (row) => row.appId },
    {
      header: s.columns.status,
      value: (row) => (row.status.errorCode === 0 ? s.statuses.success : s.statuses.failure),
    },
    { header: s.basic.errorCode, value: (row) => row.status.errorCode },
    { header: s.basic.failureReason, value: (row) => row.status.failureReason },
    { header: s.columns.ipAddress, value: (row) => row.ipAddress },
    { header: s.columns.location, value: (row) => placeOf(row) },
    {
      header: s.columns.conditionalAccess,
      value: (row) => s.caStatuses[row.conditionalAccessStatus] ?? row.conditionalAccessStatus,
    },
    {
      header: s.columns.requirement,
      value: (row) => s.requirements[row.authenticationRequirement] ?? row.authenticationRequirement,
    },
    { header: s.basic.clientAppUsed, value: (row) => row.clientAppUsed },
    { header: s.risk.levelDuringSignIn, value: (row) => row.riskLevelDuringSignIn },
    { header: s.basic.correlationId, value: (row) => row.correlationId },
  ];

  const download = async (kind: 'csv' | 'json') => {
    setBusy(true);
    onDone({ capped: false, error: null });
    try {
      const { rows, capped } = await fetchAllSignIns(api, tenantId, filters);
      onDone({ capped, error: null });
      const name = format(s.fileName, { date: stamp() });
      if (kind === 'csv') saveFile(`${name}.csv`, toCsv(rows, csvColumns), 'text/csv;charset=utf-8');
      else saveFile(`${name}.json`, JSON.stringify(rows, null, 2), 'application/json');
    } catch (caught) {
      onDone({ capped: false, error: caught });
    } finally {
      setBusy(false);
    }
  };

  return (
    <DownloadMenu
      busy={busy}
      description={format(s.downloadCap, { max: formatNumber(DOWNLOAD_CAP) })}
      onDownload={(kind) => void download(kind)}
    />
  );
}

/** Monitoring › Sign-in logs: every sign-in, filtered, paged, each opened in a pane of tabs. */
export function SignInLogs() {
  const t = useStrings();
  const s = t.signInLogs;
  const styles = useStyles();
  const { tenantId = '' } = useParams();
  const [filters, setFilters] = useState(defaultFilters);
  // A new key clears the filter bar's own text (user and IP fields).
  const [filterKey, setFilterKey] = useState(0);
  const pages = useSkipTokenPages();
  const [open, setOpen] = useState<SignIn | null>(null);
  const [downloaded, setDownloaded] = useState<{ capped: boolean; error: unknown }>({
    capped: false,
    error: null,
  });
  const { data, error, isPending, isFetching } = useSignInsPage(tenantId, filters, pages.skipToken);

  const change = (patch: Partial<SignInFilterValues>) => {
    pages.reset();
    setFilters((current) => ({ ...current, ...patch }));
  };
  const clear = () => {
    pages.reset();
    setFilters(defaultFilters());
    setFilterKey((key) => key + 1);
  };

  const columns: Column<SignIn>[] = [
    { id: 'date', header: s.columns.date, cell: (row) => formatDateTime(row.createdDateTime) },
    { id: 'user', header: s.columns.user, cell: (row) => userOf(row) ?? s.unknownUser },
    { id: 'app', header: s.columns.application, cell: (row) => row.appDisplayName },
    {
      id: 'status',
      header: s.columns.status,
      cell: (row) => (
        <span className={styles.status}>
          <StatusBadge signIn={row} />
          {row.status.errorCode !== 0 && (
            <Text size={200} className={styles.code}>
              {format(s.errorCode, { code: row.status.errorCode })}
            </Text>
          )}
        </span>
      ),
    },
    { id: 'ip', header: s.columns.ipAddress, secondary: true, cell: (row) => row.ipAddress },
    {
      id: 'location',
      header: s.columns.location,
      secondary: true,
      cell: (row) => placeOf(row) || t.common.none,
    },
    {
      id: 'ca',
      header: s.columns.conditionalAccess,
      secondary: true,
      cell: (row) => <CaBadge status={row.conditionalAccessStatus} />,
    },
    {
      id: 'requirement',
      header: s.columns.requirement,
      secondary: true,
      cell: (row) => s.requirements[row.authenticationRequirement] ?? row.authenticationRequirement,
    },
  ];

  const rows = data?.value ?? [];
  const count = data?.['@odata.count'];
  const filterError = isFieldError(error, ['ipAddress']);
  return (
    <>
      <PageHeader
        title={s.title}
        subtitle={s.subtitle}
        actions={<SignInsDownload tenantId={tenantId} filters={filters} onDone={setDownloaded} />}
      />
      {downloaded.capped && (
        <MessageBar intent="warning" className={styles.notice}>
          <MessageBarBody>{format(s.downloadCapped, { max: formatNumber(DOWNLOAD_CAP) })}</MessageBarBody>
        </MessageBar>
      )}
      {downloaded.error !== null && <ApiErrorMessage error={downloaded.error} title={s.downloadFailed} />}
      <SignInFilters key={filterKey} tenantId={tenantId} filters={filters} error={error} onChange={change} />
      {!filterError && <ApiErrorMessage error={error} />}
      {isPending ? (
        <Loading />
      ) : rows.length === 0 ? (
        !error && (
          <EmptyState title={s.emptyTitle} action={<Button onClick={clear}>{s.clearFilters}</Button>}>
            {s.emptyBody}
          </EmptyState>
        )
      ) : (
        <>
          {count !== undefined && (
            <Text className={styles.summary} aria-live="polite">
              {count === 1 ? s.countOne : format(s.count, { count: formatNumber(count) })}
            </Text>
          )}
          <DataTable
            label={s.listLabel}
            rows={rows}
            columns={columns}
            rowKey={(row) => row.id}
            rowLabel={(row) =>
              format(s.openRow, {
                user: userOf(row) ?? s.unknownUser,
                app: row.appDisplayName,
                date: formatDateTime(row.createdDateTime),
              })
            }
            busy={isFetching}
            onOpen={setOpen}
          />
          <Pager label={s.pageLabel} pages={pages} nextLink={data?.['@odata.nextLink']} />
        </>
      )}
      <SignInDetails signIn={open} onClose={() => setOpen(null)} />
    </>
  );
}
