import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Dropdown,
  Field,
  Input,
  makeStyles,
  Option,
  Radio,
  RadioGroup,
  Text,
  tokens,
} from '@fluentui/react-components';
import { ArrowUploadRegular, DeleteRegular } from '@fluentui/react-icons';
import { useState } from 'react';
import { useParams } from 'react-router';
import { useCan } from '../../api/access';
import { ApiErrorMessage } from '../../components/ApiErrorMessage';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { type Column, DataTable } from '../../components/DataTable';
import { DetailsDrawer, Facts } from '../../components/DetailsDrawer';
import { EmptyState } from '../../components/EmptyState';
import { formatDateTime, formatNumber } from '../../components/format';
import { Loading } from '../../components/Loading';
import { format, useStrings } from '../../strings';
import { useThreatListActions, useThreatLists } from './api';
import {
  ACTIONS,
  parseThreatListFile,
  THREAT_LIST_CATEGORIES,
  type ThreatList,
  type ThreatListCategory,
} from './model';
import { Notice, SectionIntro, useAreaStyles } from './shared';

const SHOWN_ENTRIES = 200;

const useStyles = makeStyles({
  entries: {
    margin: 0,
    padding: tokens.spacingHorizontalM,
    maxHeight: '320px',
    overflowY: 'auto',
    fontFamily: tokens.fontFamilyMonospace,
    backgroundColor: tokens.colorNeutralBackground3,
    borderRadius: tokens.borderRadiusMedium,
    listStyle: 'none',
    overflowWrap: 'anywhere',
  },
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
});

/** Threat lists: the tenant's and the global ones, upload (replace) and clear. */
export function ThreatLists() {
  const t = useStrings();
  const ip = t.identityProtection;
  const s = ip.threatLists;
  const styles = useAreaStyles();
  const { tenantId = '' } = useParams();
  const can = useCan();
  const { data, error, isPending } = useThreatLists(tenantId);
  const { clear } = useThreatListActions(tenantId);
  const [uploading, setUploading] = useState(false);
  const [clearing, setClearing] = useState<ThreatList | null>(null);
  const [open, setOpen] = useState<ThreatList | null>(null);
  const [notice, setNotice] = useState('');
  const canTenant = can(ACTIONS.threatIntelligenceUpdate, tenantId);
  // Global lists take the action at the root scope ('/').
  const canGlobal = can(ACTIONS.threatIntelligenceUpdate);
  const editable = (list: ThreatList) => (list.tenantId === null ? canGlobal : canTenant);
  const lists = [...(data?.value ?? [])].sort(
    (a, b) =>
      Number(a.tenantId === null) - Number(b.tenantId === null) ||
      THREAT_LIST_CATEGORIES.indexOf(a.category) - THREAT_LIST_CATEGORIES.indexOf(b.category),
  );
  const scopeOf = (list: ThreatList) =>
    list.tenantId !== null ? s.scopeTenant : canGlobal ? s.scopeGlobalEditable : s.scopeGlobal;

  const columns: Column<ThreatList>[] = [
    { id: 'name', header: s.displayName, cell: (list) => list.displayName },
    { id: 'category', header: s.category, cell: (list) => s.categories[list.category] ?? list.category },
    { id: 'scope', header: s.scope, secondary: true, cell: scopeOf },
    { id: 'entries', header: s.entries, cell: (list) => formatNumber(list.entries.length) },
    {
      id: 'updated',
      header: s.updated,
      secondary: true,
      cell: (list) => formatDateTime(list.modifiedDateTime ?? list.createdDateTime),
    },
  ];
  if (canTenant || canGlobal)
    columns.push({
      id: 'actions',
      header: t.common.actions,
      cell: (list) =>
        editable(list) && (
          <Button
            appearance="subtle"
            icon={<DeleteRegular />}
            aria-label={format(s.clearLabel, { name: list.displayName })}
            onClick={() => setClearing(list)}
          >
            {s.clear}
          </Button>
        ),
    });

  const upload = canTenant && (
    <Button appearance="primary" icon={<ArrowUploadRegular />} onClick={() => setUploading(true)}>
      {s.upload}
    </Button>
  );

  return (
    <>
      <SectionIntro title={ip.sections.threatLists}>{s.intro}</SectionIntro>
      <Notice>{notice}</Notice>
      {upload && lists.length > 0 && <div className={styles.toolbar}>{upload}</div>}
      <ApiErrorMessage error={error} />
      {isPending ? (
        <Loading />
      ) : lists.length === 0 && !error ? (
        <EmptyState title={s.emptyTitle} action={upload || undefined}>
          {s.emptyBody}
        </EmptyState>
      ) : (
        <DataTable
          label={s.listLabel}
          rows={lists}
          columns={columns}
          rowKey={(list) => list.id}
          rowLabel={(list) => list.displayName}
          onOpen={setOpen}
        />
      )}
      {uploading && (
        <UploadDialog
          tenantId={tenantId}
          canGlobal={canGlobal}
          onClose={() => setUploading(false)}
          onDone={(list) => {
            setNotice(
              format(s.uploaded, { name: list.displayName, count: formatNumber(list.entries.length) }),
            );
            setUploading(false);
          }}
        />
      )}
      {open && (
        <ThreatListDrawer
          list={open}
          scope={scopeOf(open)}
          onClear={editable(open) ? () => setClearing(open) : undefined}
          onClose={() => setOpen(null)}
        />
      )}
      <ConfirmDialog
        open={clearing !== null}
        title={format(s.clearTitle, { name: clearing?.displayName ?? '' })}
        confirmLabel={s.clear}
        onConfirm={async () => {
          if (!clearing) return;
          await clear.mutateAsync(clearing);
          setNotice(format(s.cleared, { name: clearing.displayName }));
          setOpen(null);
        }}
        onClose={() => setClearing(null)}
      >
        {s.clearBody}
      </ConfirmDialog>
    </>
  );
}

function ThreatListDrawer({
  list,
  scope,
  onClear,
  onClose,
}: {
  list: ThreatList;
  scope: string;
  onClear?: () => void;
  onClose: () => void;
}) {
  const t = useStrings();
  const s = t.identityProtection.threatLists;
  const styles = useStyles();
  const area = useAreaStyles();
  const shown = list.entries.slice(0, SHOWN_ENTRIES);
  return (
    <DetailsDrawer
      open
      title={list.displayName}
      onClose={onClose}
      actions={
        onClear && (
          <div className={area.toolbar}>
            <Button icon={<DeleteRegular />} onClick={onClear}>
              {s.clear}
            </Button>
          </div>
        )
      }
    >
      <Facts
        items={[
          [s.category, s.categories[list.category] ?? list.category],
          [s.scope, scope],
          [s.entries, formatNumber(list.entries.length)],
          [s.created, formatDateTime(list.createdDateTime)],
          [s.updated, list.modifiedDateTime ? formatDateTime(list.modifiedDateTime) : s.never],
        ]}
      />
      <section className={area.section} aria-labelledby="threat-list-entries">
        <Text as="h3" id="threat-list-entries" weight="semibold" size={400} className={area.heading}>
          {s.entriesHeading}
        </Text>
        {list.entries.length > SHOWN_ENTRIES && (
          <Text>
            {format(s.entriesShown, {
              shown: formatNumber(SHOWN_ENTRIES),
              count: formatNumber(list.entries.length),
            })}
          </Text>
        )}
        {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region keyboard users must reach */}
        <ul className={styles.entries} tabIndex={0} aria-labelledby="threat-list-entries">
          {shown.map((entry) => (
            <li key={entry}>{entry}</li>
          ))}
        </ul>
      </section>
    </DetailsDrawer>
  );
}

function UploadDialog({
  tenantId,
  canGlobal,
  onClose,
  onDone,
}: {
  tenantId: string;
  canGlobal: boolean;
  onClose: () => void;
  onDone: (list: ThreatList) => void;
}) {
  const t = useStrings();
  const s = t.identityProtection.threatLists;
  const styles = useStyles();
  const { upload } = useThreatListActions(tenantId);
  const [global, setGlobal] = useState(false);
  const [category, setCategory] = useState<ThreatListCategory>('anonymizer');
  const [displayName, setDisplayName] = useState('');
  const [file, setFile] = useState<{ name: string; entries: string[] } | null>(null);
  const ready = file !== null && file.entries.length > 0 && displayName.trim() !== '';
  return (
    <Dialog open onOpenChange={(_event, data) => !data.open && onClose()}>
      <DialogSurface>
        <form
          onSubmit={async (event) => {
            event.preventDefault();
            if (!ready) return;
            const list = await upload
              .mutateAsync({ global, category, displayName: displayName.trim(), entries: file.entries })
              .catch(() => null);
            if (list) onDone(list);
          }}
        >
          <DialogBody>
            <DialogTitle>{s.uploadTitle}</DialogTitle>
            <DialogContent className={styles.form}>
              <Text>{s.uploadBody}</Text>
              {canGlobal && (
                <Field label={s.uploadScope}>
                  <RadioGroup
                    value={global ? 'global' : 'tenant'}
                    onChange={(_event, data) => setGlobal(data.value === 'global')}
                  >
                    <Radio value="tenant" label={s.uploadScopeTenant} />
                    <Radio value="global" label={s.uploadScopeGlobal} />
                  </RadioGroup>
                </Field>
              )}
              <Field label={s.category} required>
                <Dropdown
                  value={s.categories[category]}
                  selectedOptions={[category]}
                  onOptionSelect={(_event, data) => {
                    const next = data.optionValue as ThreatListCategory;
                    setCategory(next);
                  }}
                >
                  {THREAT_LIST_CATEGORIES.map((value) => (
                    <Option key={value} value={value}>
                      {s.categories[value] ?? value}
                    </Option>
                  ))}
                </Dropdown>
              </Field>
              <Field label={s.displayName} required>
                <Input value={displayName} onChange={(_event, data) => setDisplayName(data.value)} />
              </Field>
              <Field
                label={s.file}
                required
                validationState={file && file.entries.length === 0 ? 'error' : 'none'}
                validationMessage={
                  file
                    ? file.entries.length === 0
                      ? s.fileEmpty
                      : format(s.fileRead, { count: formatNumber(file.entries.length), file: file.name })
                    : undefined
                }
              >
                {(control) => (
                  <input
                    {...control}
                    type="file"
                    accept=".txt,.csv,.lst,text/plain"
                    onChange={async (event) => {
                      const chosen = event.currentTarget.files?.[0];
                      if (!chosen) return setFile(null);
                      const entries = parseThreatListFile(await chosen.text());
                      setFile({ name: chosen.name, entries });
                      if (!displayName.trim()) setDisplayName(chosen.name.replace(/\.[^.]+$/, ''));
                    }}
                  />
                )}
              </Field>
              <ApiErrorMessage error={upload.error} />
            </DialogContent>
            <DialogActions>
              <Button type="button" appearance="secondary" onClick={onClose}>
                {t.common.cancel}
              </Button>
              <Button type="submit" appearance="primary" disabled={!ready || upload.isPending}>
                {s.uploadButton}
              </Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}
