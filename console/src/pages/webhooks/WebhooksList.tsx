import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  MessageBar,
  MessageBarBody,
  Text,
} from '@fluentui/react-components';
import { AddRegular } from '@fluentui/react-icons';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useCan } from '../../api/access';
import { ApiErrorMessage, isFieldError } from '../../components/ApiErrorMessage';
import { type Column, DataTable } from '../../components/DataTable';
import { EmptyState } from '../../components/EmptyState';
import { Loading } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { format, useStrings } from '../../strings';
import { ACTIONS, useWebhookActions, useWebhooks } from './api';
import { type DraftProblem, draftOf, draftProblems, type Webhook, type WebhookWithSecret } from './model';
import { API_FIELDS, hooksPath, SecretDialog, StateBadge, useStyles, WebhookFields } from './shared';

/** /webhooks: the tenant's webhooks, their events and state; create one (its secret shown once). */
export function WebhooksList() {
  const t = useStrings();
  const s = t.extensions.webhooks;
  const styles = useStyles();
  const { tenantId = '' } = useParams();
  const navigate = useNavigate();
  const can = useCan();
  const canEdit = can(ACTIONS.manage, tenantId);
  const webhooks = useWebhooks(tenantId);
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<WebhookWithSecret | null>(null);
  const rows = webhooks.data?.value ?? [];

  const create = canEdit && (
    <Button appearance="primary" icon={<AddRegular />} onClick={() => setCreating(true)}>
      {s.create}
    </Button>
  );
  const columns: Column<Webhook>[] = [
    {
      id: 'name',
      header: t.common.name,
      cell: (webhook) => (
        <Link className={styles.link} to={hooksPath(tenantId, webhook.id)}>
          {webhook.displayName}
        </Link>
      ),
    },
    {
      id: 'url',
      header: s.url,
      secondary: true,
      cell: (webhook) => <span className={styles.mono}>{webhook.url}</span>,
    },
    {
      id: 'events',
      header: s.events,
      cell: (webhook) =>
        webhook.events.length <= 2
          ? webhook.events.map((type) => s.eventNames[type] ?? type).join(', ')
          : format(s.eventsCount, { count: webhook.events.length }),
    },
    { id: 'state', header: t.common.status, cell: (webhook) => <StateBadge webhook={webhook} /> },
  ];

  return (
    <>
      <PageHeader title={s.title} subtitle={s.subtitle} actions={rows.length > 0 && create} />
      {!canEdit && (
        <MessageBar intent="info" className={styles.notice}>
          <MessageBarBody>{t.extensions.readOnly}</MessageBarBody>
        </MessageBar>
      )}
      <ApiErrorMessage error={webhooks.error} />
      {webhooks.isPending ? (
        <Loading />
      ) : rows.length === 0 && !webhooks.error ? (
        <EmptyState title={s.emptyTitle} action={create || undefined}>
          {canEdit ? s.emptyBody : s.emptyReadOnly}
        </EmptyState>
      ) : (
        <DataTable
          label={s.listLabel}
          rows={rows}
          columns={columns}
          rowKey={(webhook) => webhook.id}
          rowLabel={(webhook) => webhook.displayName}
          busy={webhooks.isFetching}
        />
      )}
      {creating && (
        <CreateDialog
          tenantId={tenantId}
          onClose={() => setCreating(false)}
          onCreated={(webhook) => {
            setCreating(false);
            setCreated(webhook);
          }}
        />
      )}
      {created && (
        <SecretDialog
          secret={created.secret}
          onClose={() => {
            const id = created.id;
            setCreated(null);
            navigate(hooksPath(tenantId, id));
          }}
        />
      )}
    </>
  );
}

function CreateDialog({
  tenantId,
  onClose,
  onCreated,
}: {
  tenantId: string;
  onClose: () => void;
  onCreated: (webhook: WebhookWithSecret) => void;
}) {
  const t = useStrings();
  const s = t.extensions.webhooks;
  const styles = useStyles();
  const { create } = useWebhookActions(tenantId);
  const [draft, setDraft] = useState(draftOf);
  const [problems, setProblems] = useState<ReadonlySet<DraftProblem>>(new Set());
  const banner = isFieldError(create.error, Object.values(API_FIELDS)) ? null : create.error;
  return (
    <Dialog open onOpenChange={(_e, data) => !data.open && onClose()}>
      <DialogSurface>
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            const found = draftProblems(draft);
            setProblems(found);
            create.reset();
            if (found.size === 0) create.mutate(draft, { onSuccess: onCreated });
          }}
        >
          <DialogBody>
            <DialogTitle>{s.createTitle}</DialogTitle>
            <DialogContent className={styles.form}>
              <Text>{s.createIntro}</Text>
              <WebhookFields
                draft={draft}
                onChange={(next) => {
                  setDraft(next);
                  if (problems.size > 0) setProblems(draftProblems(next));
                }}
                problems={problems}
                error={create.error}
                withEnabled
              />
              <ApiErrorMessage error={banner} />
            </DialogContent>
            <DialogActions>
              <Button type="button" appearance="secondary" onClick={onClose}>
                {t.common.cancel}
              </Button>
              <Button type="submit" appearance="primary" disabled={create.isPending}>
                {t.common.create}
              </Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}
