import { Button, Field, Input, makeStyles, Select } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import { useParams } from 'react-router';
import { ApiErrorMessage } from '../../components/ApiErrorMessage';
import { type Column, DataTable } from '../../components/DataTable';
import { EmptyState } from '../../components/EmptyState';
import { DateRangeFields, FilterBar } from '../../components/FilterBar';
import { formatDateTime, isoDay } from '../../components/format';
import { Loading } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { Pager, useSkipTokenPages } from '../../components/Pager';
import { format, useStrings } from '../../strings';
import { infoLabel } from '../sign-in-logs/infoLabel';
import { AuditDetails, ResultBadge } from './AuditDetails';
import { useAuditPage } from './api';
import {
  type AuditFilterValues,
  type DirectoryAudit,
  initiatorOf,
  KNOWN_CATEGORIES,
  targetName,
} from './model';

const NARROW = '@media (max-width: 767px)';

const useStyles = makeStyles({
  wide: { minWidth: '200px', maxWidth: '100%', [NARROW]: { flexGrow: 1 } },
  control: { minWidth: 0, width: '100%' },
});

function defaultFilters(): AuditFilterValues {
  const from = new Date();
  from.setDate(from.getDate() - 6);
  return { from: isoDay(from), to: '', category: '', activityDisplayName: '', initiatedBy: '', target: '' };
}

/** A text filter: applied a moment after the last key. */
function TextFilter({
  label,
  hint,
  placeholder,
  value,
  onApply,
}: {
  label: string;
  hint?: string;
  placeholder: string;
  value: string;
  onApply: (value: string) => void;
}) {
  const styles = useStyles();
  const [text, setText] = useState(value);
  useEffect(() => {
    if (text.trim() === value) return;
    const timer = setTimeout(() => onApply(text.trim()), 400);
    return () => clearTimeout(timer);
  }, [text, value, onApply]);
  return (
    <Field label={hint ? infoLabel(label, hint) : label} className={styles.wide}>
      <Input
        className={styles.control}
        value={text}
        placeholder={placeholder}
        onChange={(_event, data) => setText(data.value)}
      />
    </Field>
  );
}

/** Monitoring › Audit logs: the audit trail, filtered, paged, each entry opened in a pane. */
export function AuditLogs() {
  const t = useStrings();
  const a = t.auditLogs;
  const styles = useStyles();
  const { tenantId = '' } = useParams();
  const [filters, setFilters] = useState(defaultFilters);
  const [filterKey, setFilterKey] = useState(0);
  const pages = useSkipTokenPages();
  const [open, setOpen] = useState<DirectoryAudit | null>(null);
  const { data, error, isPending, isFetching } = useAuditPage(tenantId, filters, pages.skipToken);

  const change = (patch: Partial<AuditFilterValues>) => {
    pages.reset();
    setFilters((current) => ({ ...current, ...patch }));
  };
  const clear = () => {
    pages.reset();
    setFilters(defaultFilters());
    setFilterKey((key) => key + 1);
  };

  const targetsOf = (audit: DirectoryAudit) => {
    const [first, ...more] = audit.targetResources;
    if (!first) return t.common.none;
    return more.length
      ? format(a.moreTargets, { name: targetName(first), count: more.length })
      : targetName(first);
  };
  const columns: Column<DirectoryAudit>[] = [
    { id: 'date', header: a.columns.date, cell: (row) => formatDateTime(row.activityDateTime) },
    { id: 'service', header: a.columns.service, secondary: true, cell: (row) => row.loggedByService },
    {
      id: 'category',
      header: a.columns.category,
      secondary: true,
      cell: (row) => a.categories[row.category] ?? row.category,
    },
    { id: 'activity', header: a.columns.activity, cell: (row) => row.activityDisplayName },
    { id: 'result', header: a.columns.result, cell: (row) => <ResultBadge result={row.result} /> },
    {
      id: 'initiatedBy',
      header: a.columns.initiatedBy,
      secondary: true,
      cell: (row) => initiatorOf(row) ?? a.noInitiator,
    },
    { id: 'target', header: a.columns.target, secondary: true, cell: targetsOf },
  ];
  const rows = data?.value ?? [];

  return (
    <>
      <PageHeader title={a.title} subtitle={a.subtitle} />
      <FilterBar key={filterKey} label={a.filtersLabel}>
        <DateRangeFields from={filters.from} to={filters.to} onChange={(range) => change(range)} />
        <Field label={a.category} className={styles.wide}>
          <Select
            className={styles.control}
            value={filters.category}
            onChange={(_event, d) => change({ category: d.value })}
          >
            <option value="">{a.anyCategory}</option>
            {KNOWN_CATEGORIES.map((category) => (
              <option key={category} value={category}>
                {a.categories[category] ?? category}
              </option>
            ))}
          </Select>
        </Field>
        <TextFilter
          label={a.activity}
          hint={a.activityHint}
          placeholder={a.activityPlaceholder}
          value={filters.activityDisplayName}
          onApply={(activityDisplayName) => change({ activityDisplayName })}
        />
        <TextFilter
          label={a.initiatedBy}
          hint={a.initiatedByHint}
          placeholder={a.initiatedByPlaceholder}
          value={filters.initiatedBy}
          onApply={(initiatedBy) => change({ initiatedBy })}
        />
        <TextFilter
          label={a.target}
          hint={a.targetHint}
          placeholder={a.targetPlaceholder}
          value={filters.target}
          onApply={(target) => change({ target })}
        />
      </FilterBar>
      <ApiErrorMessage error={error} />
      {isPending ? (
        <Loading />
      ) : rows.length === 0 ? (
        !error && (
          <EmptyState title={a.emptyTitle} action={<Button onClick={clear}>{a.clearFilters}</Button>}>
            {a.emptyBody}
          </EmptyState>
        )
      ) : (
        <>
          <DataTable
            label={a.listLabel}
            rows={rows}
            columns={columns}
            rowKey={(row) => row.id}
            rowLabel={(row) =>
              format(a.openRow, {
                activity: row.activityDisplayName,
                date: formatDateTime(row.activityDateTime),
              })
            }
            busy={isFetching}
            onOpen={setOpen}
          />
          <Pager label={a.pageLabel} pages={pages} nextLink={data?.['@odata.nextLink']} />
        </>
      )}
      <AuditDetails audit={open} onClose={() => setOpen(null)} />
    </>
  );
}
