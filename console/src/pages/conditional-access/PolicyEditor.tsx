import { Button, MessageBar, MessageBarBody, Text } from '@fluentui/react-components';
import { SaveRegular } from '@fluentui/react-icons';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useCan } from '../../api/access';
import { ApiError } from '../../api/client';
import { ApiErrorMessage } from '../../components/ApiErrorMessage';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { EmptyState } from '../../components/EmptyState';
import { Loading } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { format, useStrings } from '../../strings';
import { AccessControlsSection } from './AccessControlsSection';
import { AssignmentsSection } from './AssignmentsSection';
import { ACTIONS, useDeletePolicy, usePolicy, useSetPolicyState } from './api';
import { ConditionsSection } from './ConditionsSection';
import { bodyOf, type Draft, draftOf } from './draft';
import { ImpactDrawer } from './ImpactDrawer';
import type { Policy } from './model';
import { NameAndStateCard } from './NameAndStateCard';
import { useResolvedItems } from './Picker';
import { PolicyEditorHeader } from './PolicyEditorHeader';
import { caPath, useStyles } from './shared';
import { usePolicyForm } from './usePolicyForm';

/**
 * The policy editor page: loads the policy, then puts the editor together — header, messages,
 * the form's cards, the impact drawer and the delete dialog. What each card edits lives in its
 * own module; the draft and saving it live in usePolicyForm.
 */

/** /policies/new and /policies/:policyId: the editor, once the saved policy and its names are loaded. */
export function PolicyEditorPage() {
  const t = useStrings();
  const { tenantId = '', policyId } = useParams();
  const policy = usePolicy(tenantId, policyId);
  const users = policy.data?.conditions.users;
  const names = useResolvedItems(
    tenantId,
    users ? [...users.includeUsers, ...users.excludeUsers].filter((id) => id !== 'All' && id !== 'None') : [],
    users ? [...users.includeGroups, ...users.excludeGroups] : [],
  );
  if (!policyId) return <PolicyEditor key="new" tenantId={tenantId} />;
  if (policy.error instanceof ApiError && policy.error.status === 404)
    return (
      <>
        <PageHeader title={t.conditionalAccess.notFoundTitle} />
        <EmptyState
          title={t.conditionalAccess.notFoundTitle}
          action={<Link to={caPath(tenantId, 'policies')}>{t.conditionalAccess.backToPolicies}</Link>}
        >
          {t.conditionalAccess.notFoundBody}
        </EmptyState>
      </>
    );
  if (policy.error) return <ApiErrorMessage error={policy.error} />;
  if (!policy.data || !names) return <Loading />;
  return (
    <PolicyEditor
      key={policy.data.id}
      tenantId={tenantId}
      saved={policy.data}
      initial={draftOf(policy.data, names)}
    />
  );
}

function PolicyEditor({ tenantId, saved, initial }: { tenantId: string; saved?: Policy; initial?: Draft }) {
  const t = useStrings();
  const s = t.conditionalAccess;
  const styles = useStyles();
  const navigate = useNavigate();
  const can = useCan();
  const canEdit = can(ACTIONS.policies, tenantId);
  const form = usePolicyForm(tenantId, saved, initial);
  const { draft, update, errorFor, submit } = form;
  const [deleting, setDeleting] = useState(false);
  const [impact, setImpact] = useState(false);
  const setState = useSetPolicyState(tenantId);
  const remove = useDeletePolicy(tenantId);

  const title = saved ? saved.displayName : s.newPolicyTitle;
  const readOnly = !canEdit;
  return (
    <>
      <PolicyEditorHeader
        tenantId={tenantId}
        title={title}
        saved={saved}
        canEdit={canEdit}
        saving={form.saving}
        onSave={submit}
        onSeeImpact={() => setImpact(true)}
        onSetState={(state) => {
          if (!saved) return;
          setState.mutate(
            { id: saved.id, state },
            { onSuccess: () => form.setDraft((d) => ({ ...d, state })) },
          );
        }}
        onDelete={() => setDeleting(true)}
      />
      {readOnly && (
        <MessageBar intent="info" className={styles.notice}>
          <MessageBarBody>{s.readOnly}</MessageBarBody>
        </MessageBar>
      )}
      <ApiErrorMessage error={setState.error} />
      <ApiErrorMessage error={form.bannerError} />
      {form.invalid && (
        <MessageBar intent="error" className={styles.notice}>
          <MessageBarBody>{s.fixErrors}</MessageBarBody>
        </MessageBar>
      )}
      {form.done && (
        <MessageBar intent="success" className={styles.notice}>
          <MessageBarBody>{form.done}</MessageBarBody>
        </MessageBar>
      )}
      <form
        noValidate
        aria-label={s.editorLabel}
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <fieldset disabled={readOnly} className={styles.fieldset}>
          <div className={styles.section}>
            <NameAndStateCard draft={draft} update={update} errorFor={errorFor} />
            <AssignmentsSection tenantId={tenantId} draft={draft} update={update} errorFor={errorFor} />
            <ConditionsSection tenantId={tenantId} draft={draft} update={update} errorFor={errorFor} />
            <AccessControlsSection draft={draft} update={update} errorFor={errorFor} />
            {canEdit && (
              <div className={styles.actions}>
                <Button type="submit" appearance="primary" icon={<SaveRegular />} disabled={form.saving}>
                  {s.save}
                </Button>
                <Button type="button" onClick={() => navigate(caPath(tenantId, 'policies'))}>
                  {s.discard}
                </Button>
              </div>
            )}
          </div>
        </fieldset>
      </form>
      {impact && (
        <ImpactDrawer
          tenantId={tenantId}
          name={draft.displayName.trim() || title}
          request={
            saved && !form.dirty
              ? { policyId: saved.id }
              : { policy: { ...bodyOf(draft), displayName: draft.displayName.trim() || title } }
          }
          draft={!saved || form.dirty}
          onClose={() => setImpact(false)}
        />
      )}
      {saved && (
        <ConfirmDialog
          open={deleting}
          title={s.deletePolicyTitle}
          confirmLabel={t.common.delete}
          onConfirm={async () => {
            await remove.mutateAsync(saved.id);
            navigate(caPath(tenantId, 'policies'));
          }}
          onClose={() => setDeleting(false)}
        >
          <Text>{format(s.deletePolicyBody, { name: saved.displayName })}</Text>
        </ConfirmDialog>
      )}
    </>
  );
}
