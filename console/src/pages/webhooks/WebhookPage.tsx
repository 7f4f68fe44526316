import {
  Badge,
  Button,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  mergeClasses,
  Text,
} from '@fluentui/react-components';
import {
  ArrowLeftRegular,
  ArrowSyncRegular,
  DeleteRegular,
  KeyResetRegular,
  PowerRegular,
  SaveRegular,
  SendRegular,
} from '@fluentui/react-icons';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useCan } from '../../api/access';
import { ApiErrorMessage, isFieldError } from '../../components/ApiErrorMessage';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { type Column, DataTable } from '../../components/DataTable';
import { Facts } from '../../components/DetailsDrawer';
import { EmptyState } from '../../components/EmptyState';
import { formatDateTime, formatNumber } from '../../components/format';
import { Loading } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { Pager, useSkipTokenPages } from '../../components/Pager';
import { format, useStrings } from '../../strings';
import { ACTIONS, useDeliveries, useWebhook, useWebhookActions } from './api';
import {
  type DraftProblem,
  draftOf,
  draftProblems,
  type Webhook,
  type WebhookDelivery,
  type WebhookWithSecret,
} from './model';
import { API_FIELDS, hooksPath, SecretDialog, StateBadge, useStyles, WebhookFields } from './shared';

/** /webhooks/:webhookId: settings, on/off, a test event, secret rotation, the delivery log. */
export function WebhookPage() {
  const t = useStrings();
  const s = t.extensions.webhooks;
  const styles = useStyles();
  const { tenantId = '', webhookId = '' } = useParams();
  const navigate = useNavigate();
  const can = useCan();
  const canEdit = can(ACTIONS.manage, tenantId);
  const webhook = useWebhook(tenantId, webhookId);
  const { setEnabled, remove, rotate, test } = useWebhookActions(tenantId);
  const [deleting, setDeleting] = useState(false);
  const [rotating, setRotating] = useState(false);
  const [secret, setSecret] = useState<WebhookWithSecret | null>(null);
  const [notice, setNotice] = useState('');

  const back = (
    <Link to={hooksPath(tenantId)} className={styles.back}>
      <ArrowLeftRegular aria-hidden />
      {s.backToList}
    </Link>
  );
  if (webhook.isPending) return <Loading />;
  if (!webhook.data)
    return (
      <>
        {back}
        <ApiErrorMessage error={webhook.error} />
      </>
    );
  const current = webhook.data;

  const commands = canEdit && (
    <>
      <Button
        appearance="primary"
        icon={<SendRegular />}
        disabled={test.isPending}
        onClick={() => {
          setNotice('');
          test.mutate(current.id);
        }}
      >
        {test.isPending ? s.testing : s.sendTest}
      </Button>
      <Button
        icon={<PowerRegular />}
        disabled={setEnabled.isPending}
        onClick={() =>
          setEnabled.mutate(
            { id: current.id, enabled: !current.enabled },
            { onSuccess: (next) => setNotice(next.enabled ? s.turnedOn : s.turnedOff) },
          )
        }
      >
        {current.enabled ? s.turnOff : s.turnOn}
      </Button>
      <Button icon={<KeyResetRegular />} onClick={() => setRotating(true)}>
        {s.rotate}
      </Button>
      <Button icon={<DeleteRegular />} onClick={() => setDeleting(true)}>
        {t.common.delete}
      </Button>
    </>
  );

  return (
    <>
      {back}
      <PageHeader
        title={current.displayName}
        subtitle={<StateBadge webhook={current} />}
        actions={commands}
      />
      {!canEdit && (
        <MessageBar intent="info" className={styles.notice}>
          <MessageBarBody>{t.extensions.readOnly}</MessageBarBody>
        </MessageBar>
      )}
      {current.disabledReason && (
        <MessageBar intent="warning" className={styles.notice}>
          <MessageBarBody>
            <MessageBarTitle>
              {format(s.disabledByGatehouse, {
                date: current.disabledDateTime ? formatDateTime(current.disabledDateTime) : '',
              })}
            </MessageBarTitle>
            {current.disabledReason} {s.disabledFix}
          </MessageBarBody>
        </MessageBar>
      )}
      <div aria-live="polite">
        {test.data && <TestOutcome delivery={test.data} />}
        {notice && (
          <MessageBar intent="success" className={styles.notice}>
            <MessageBarBody>{notice}</MessageBarBody>
          </MessageBar>
        )}
      </div>
      <ApiErrorMessage error={test.error ?? setEnabled.error} />

      <Settings key={current.id} tenantId={tenantId} webhook={current} />
      <Deliveries tenantId={tenantId} webhookId={current.id} />

      <ConfirmDialog
        open={deleting}
        title={format(s.deleteTitle, { name: current.displayName })}
        confirmLabel={t.common.delete}
        onConfirm={async () => {
          await remove.mutateAsync(current.id);
          navigate(hooksPath(tenantId), { replace: true });
        }}
        onClose={() => setDeleting(false)}
      >
        <Text>{s.deleteBody}</Text>
      </ConfirmDialog>
      <ConfirmDialog
        open={rotating}
        title={s.rotateTitle}
        confirmLabel={s.rotate}
        onConfirm={async () => setSecret(await rotate.mutateAsync(current.id))}
        onClose={() => setRotating(false)}
      >
        <Text>{s.rotateBody}</Text>
      </ConfirmDialog>
      {secret && <SecretDialog secret={secret.secret} onClose={() => setSecret(null)} />}
    </>
  );
}

/** What the test event did, in words. */
function TestOutcome({ delivery }: { delivery: WebhookDelivery }) {
  const t = useStrings();
  const s = t.extensions.webhooks;
  const styles = useStyles();
  const values = {
    status: delivery.statusCode ?? '',
    duration: formatNumber(delivery.durationInMilliseconds),
    error: delivery.error ?? '',
  };
  const delivered = delivery.outcome === 'delivered';
  return (
    <MessageBar intent={delivered ? 'success' : 'error'} className={styles.notice}>
      <MessageBarBody>
        <MessageBarTitle>{delivered ? s.testDelivered : s.testFailed}</MessageBarTitle>
        {delivery.statusCode === null
          ? format(s.testNoAnswer, values)
          : format(delivered ? s.testAnswer : s.testAnswerError, values)}
      </MessageBarBody>
    </MessageBar>
  );
}

function Settings({ tenantId, webhook }: { tenantId: string; webhook: Webhook }) {
  const t = useStrings();
  const s = t.extensions.webhooks;
  const styles = useStyles();
  const can = useCan();
  const canEdit = can(ACTIONS.manage, tenantId);
  const { save } = useWebhookActions(tenantId);
  const [draft, setDraft] = useState(() => draftOf(webhook));
  const [problems, setProblems] = useState<ReadonlySet<DraftProblem>>(new Set());
  const [saved, setSaved] = useState(false);
  const banner = isFieldError(save.error, Object.values(API_FIELDS)) ? null : save.error;
  return (
    <section className={mergeClasses(styles.section, styles.narrow)} aria-labelledby="webhook-settings">
      <Text as="h2" id="webhook-settings" size={500} weight="semibold" className={styles.heading}>
        {s.settings}
      </Text>
      <Facts
        items={[
          [s.secretHint, <span key="hint" className={styles.mono}>{`${webhook.secretHint}…`}</span>],
          [s.createdOn, formatDateTime(webhook.createdDateTime)],
          [s.modifiedOn, webhook.modifiedDateTime ? formatDateTime(webhook.modifiedDateTime) : s.never],
        ]}
      />
      <form
        noValidate
        className={styles.form}
        aria-labelledby="webhook-settings"
        onSubmit={(e) => {
          e.preventDefault();
          const found = draftProblems(draft);
          setProblems(found);
          setSaved(false);
          save.reset();
          if (found.size === 0)
            save.mutate(
              { id: webhook.id, draft: { ...draft, enabled: webhook.enabled } },
              { onSuccess: () => setSaved(true) },
            );
        }}
      >
        <fieldset disabled={!canEdit} className={styles.fieldset}>
          <div className={styles.form}>
            <WebhookFields
              draft={draft}
              onChange={(next) => {
                setDraft(next);
                setSaved(false);
                if (problems.size > 0) setProblems(draftProblems(next));
              }}
              problems={problems}
              error={save.error}
              withEnabled={false}
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
    </section>
  );
}

/** The delivery log: one row per attempt, newest first, paged. */
function Deliveries({ tenantId, webhookId }: { tenantId: string; webhookId: string }) {
  const t = useStrings();
  const s = t.extensions.webhooks;
  const styles = useStyles();
  const pages = useSkipTokenPages();
  const deliveries = useDeliveries(tenantId, webhookId, pages.skipToken);
  const rows = deliveries.data?.value ?? [];
  const columns: Column<WebhookDelivery>[] = [
    { id: 'time', header: s.deliveryTime, cell: (row) => formatDateTime(row.createdDateTime) },
    {
      id: 'event',
      header: s.deliveryEvent,
      cell: (row) => <span className={styles.mono}>{row.eventType}</span>,
    },
    { id: 'attempt', header: s.deliveryAttempt, secondary: true, cell: (row) => String(row.attempt) },
    {
      id: 'result',
      header: s.deliveryResult,
      cell: (row) => (
        <Badge appearance="tint" color={row.outcome === 'delivered' ? 'success' : 'danger'}>
          {s.outcomes[row.outcome]}
        </Badge>
      ),
    },
    {
      id: 'status',
      header: s.deliveryStatus,
      cell: (row) => (row.statusCode === null ? s.noAnswer : String(row.statusCode)),
    },
    {
      id: 'duration',
      header: s.deliveryDuration,
      secondary: true,
      cell: (row) => format(s.milliseconds, { value: formatNumber(row.durationInMilliseconds) }),
    },
    {
      id: 'error',
      header: s.deliveryError,
      secondary: true,
      cell: (row) =>
        row.error ??
        (row.nextAttemptDateTime
          ? format(s.nextAttempt, { date: formatDateTime(row.nextAttemptDateTime) })
          : ''),
    },
  ];
  return (
    <section className={styles.section} aria-labelledby="webhook-deliveries">
      <div className={styles.sectionHeader}>
        <Text as="h2" id="webhook-deliveries" size={500} weight="semibold" className={styles.heading}>
          {s.deliveries}
        </Text>
        <Button
          icon={<ArrowSyncRegular />}
          disabled={deliveries.isFetching}
          onClick={() => void deliveries.refetch()}
        >
          {t.common.refresh}
        </Button>
      </div>
      <Text>{s.deliveriesIntro}</Text>
      <ApiErrorMessage error={deliveries.error} />
      {deliveries.isPending ? (
        <Loading />
      ) : rows.length === 0 && !deliveries.error ? (
        <EmptyState title={s.noDeliveriesTitle}>{s.noDeliveriesBody}</EmptyState>
      ) : (
        <>
          <DataTable
            label={s.deliveries}
            rows={rows}
            columns={columns}
            rowKey={(row) => row.id}
            rowLabel={(row) => `${row.eventType} ${formatDateTime(row.createdDateTime)}`}
            busy={deliveries.isFetching}
          />
          <Pager label={s.deliveriesPages} pages={pages} nextLink={deliveries.data?.['@odata.nextLink']} />
        </>
      )}
    </section>
  );
}
