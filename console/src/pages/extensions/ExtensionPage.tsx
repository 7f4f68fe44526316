import { Button, MessageBar, MessageBarBody, Tab, TabList, Text } from '@fluentui/react-components';
import { ArrowLeftRegular, DeleteRegular, SaveRegular } from '@fluentui/react-icons';
import { useState } from 'react';
import { Link, Navigate, Route, Routes, useLocation, useNavigate, useParams } from 'react-router';
import { useCan } from '../../api/access';
import { ApiErrorMessage, isFieldError } from '../../components/ApiErrorMessage';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { CopyButton } from '../../components/CopyButton';
import { Facts } from '../../components/DetailsDrawer';
import { EmptyState } from '../../components/EmptyState';
import { Loading } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { format, useStrings } from '../../strings';
import { ACTIONS, useApplications, useDeleteExtension, useExtension, useSaveExtension } from './api';
import { ExtensionApplications } from './ExtensionApplications';
import { API_FIELDS, ExtensionFields } from './ExtensionForm';
import {
  type AuthenticationEvent,
  type CustomExtension,
  type DraftProblem,
  draftOf,
  draftProblems,
  eventOf,
} from './model';
import { extPath, ReadOnlyNotice, useStyles } from './shared';

const TABS = ['properties', 'applications'] as const;
type TabId = (typeof TABS)[number];

/** /extensions/custom/:extensionId/*: the extension's properties (edit), its applications, delete. */
export function ExtensionPage() {
  const t = useStrings();
  const s = t.extensions.details;
  const styles = useStyles();
  const { tenantId = '', extensionId = '' } = useParams();
  const { pathname, state } = useLocation();
  const navigate = useNavigate();
  const can = useCan();
  const extension = useExtension(tenantId, extensionId);
  const remove = useDeleteExtension(tenantId);
  const [deleting, setDeleting] = useState(false);
  if (extension.isPending) return <Loading />;
  const back = (
    <Link to={extPath(tenantId, 'custom')} className={styles.back}>
      <ArrowLeftRegular aria-hidden />
      {t.extensions.backToList}
    </Link>
  );
  if (!extension.data)
    return (
      <>
        {back}
        <ApiErrorMessage error={extension.error} />
      </>
    );
  const current = extension.data;
  const event = eventOf(current);
  const segment = pathname.split('/').filter(Boolean).at(-1) as TabId;
  const selected: TabId = TABS.includes(segment) ? segment : 'properties';
  const names: Record<TabId, string> = { properties: s.properties, applications: s.applications };
  const created = (state as { created?: boolean } | null)?.created === true;

  return (
    <>
      {back}
      <PageHeader
        title={current.displayName}
        subtitle={event ? t.extensions.events[event].name : t.extensions.unknownEvent}
        actions={
          can(ACTIONS.manageExtensions, tenantId) && (
            <Button icon={<DeleteRegular />} onClick={() => setDeleting(true)}>
              {t.common.delete}
            </Button>
          )
        }
      />
      {created && (
        <MessageBar intent="success" className={styles.notice} aria-live="polite">
          <MessageBarBody>{s.created}</MessageBarBody>
        </MessageBar>
      )}
      <nav aria-label={s.tabsLabel} className={styles.nav}>
        <TabList
          selectedValue={selected}
          onTabSelect={(_e, data) => navigate(extPath(tenantId, 'custom', extensionId, String(data.value)))}
        >
          {TABS.map((id) => (
            <Tab key={id} value={id}>
              {names[id]}
            </Tab>
          ))}
        </TabList>
      </nav>
      {event ? (
        <Routes>
          <Route index element={<Navigate to="properties" replace />} />
          <Route
            path="properties"
            element={<PropertiesTab key={current.id} tenantId={tenantId} extension={current} event={event} />}
          />
          <Route
            path="applications"
            element={<ExtensionApplications tenantId={tenantId} extension={current} event={event} />}
          />
        </Routes>
      ) : (
        <EmptyState title={t.extensions.unknownEvent}>{current['@odata.type']}</EmptyState>
      )}
      <ConfirmDialog
        open={deleting}
        title={format(s.deleteTitle, { name: current.displayName })}
        confirmLabel={t.common.delete}
        onConfirm={async () => {
          await remove.mutateAsync(current.id);
          navigate(extPath(tenantId, 'custom'), { replace: true });
        }}
        onClose={() => setDeleting(false)}
      >
        <Text>{s.deleteBody}</Text>
      </ConfirmDialog>
    </>
  );
}

function PropertiesTab({
  tenantId,
  extension,
  event,
}: {
  tenantId: string;
  extension: CustomExtension;
  event: AuthenticationEvent;
}) {
  const t = useStrings();
  const s = t.extensions.details;
  const styles = useStyles();
  const can = useCan();
  const canEdit = can(ACTIONS.manageExtensions, tenantId);
  const apps = useApplications(tenantId, can(ACTIONS.readApps, tenantId));
  const save = useSaveExtension(tenantId);
  const [draft, setDraft] = useState(() => draftOf(extension));
  const [problems, setProblems] = useState<ReadonlySet<DraftProblem>>(new Set());
  const [saved, setSaved] = useState(false);
  const banner = isFieldError(save.error, Object.values(API_FIELDS)) ? null : save.error;

  return (
    <form
      className={styles.form}
      noValidate
      aria-label={s.properties}
      onSubmit={(e) => {
        e.preventDefault();
        const found = draftProblems(event, draft);
        setProblems(found);
        setSaved(false);
        save.reset();
        if (found.size === 0)
          save.mutate({ id: extension.id, event, draft }, { onSuccess: () => setSaved(true) });
      }}
    >
      <ReadOnlyNotice show={!canEdit} />
      <Facts
        items={[
          [s.eventType, t.extensions.events[event].name],
          [
            s.extensionId,
            <span key="id" className={styles.value}>
              <span className={styles.mono}>{extension.id}</span>
              <CopyButton value={extension.id} label={s.extensionId} />
            </span>,
          ],
        ]}
      />
      <fieldset disabled={!canEdit} className={styles.fieldset}>
        <div className={styles.form}>
          <ExtensionFields
            event={event}
            draft={draft}
            onChange={(next) => {
              setDraft(next);
              setSaved(false);
              if (problems.size > 0) setProblems(draftProblems(event, next));
            }}
            problems={problems}
            error={save.error}
            apps={apps.data?.value ?? []}
            readOnly={!canEdit}
          />
        </div>
      </fieldset>
      <ApiErrorMessage error={banner} />
      {saved && (
        <MessageBar intent="success" aria-live="polite">
          <MessageBarBody>{s.saved}</MessageBarBody>
        </MessageBar>
      )}
      {canEdit && (
        <div className={styles.actions}>
          <Button type="submit" appearance="primary" icon={<SaveRegular />} disabled={save.isPending}>
            {t.common.save}
          </Button>
        </div>
      )}
    </form>
  );
}
