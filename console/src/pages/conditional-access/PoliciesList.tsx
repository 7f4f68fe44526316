import {
  Button,
  Menu,
  MenuDivider,
  MenuItem,
  MenuItemRadio,
  MenuList,
  MenuPopover,
  MenuTrigger,
  MessageBar,
  MessageBarBody,
  Text,
} from '@fluentui/react-components';
import {
  AddRegular,
  DeleteRegular,
  DocumentBulletListRegular,
  MoreHorizontalRegular,
} from '@fluentui/react-icons';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useCan } from '../../api/access';
import { ApiErrorMessage } from '../../components/ApiErrorMessage';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { type Column, DataTable } from '../../components/DataTable';
import { EmptyState } from '../../components/EmptyState';
import { formatDateTime } from '../../components/format';
import { Loading } from '../../components/Loading';
import { format, useStrings } from '../../strings';
import { ACTIONS, useDeletePolicy, usePolicies, useSetPolicyState } from './api';
import { POLICY_STATES, type Policy, type PolicyState } from './model';
import { AreaHeader, caPath, StateBadge, useStyles } from './shared';
import { TemplateDialog } from './TemplateDialog';

/** Overview | Policies: every policy with its state, a quick state switch, delete; new policies. */
export function PoliciesList() {
  const t = useStrings();
  const s = t.conditionalAccess;
  const styles = useStyles();
  const { tenantId = '' } = useParams();
  const navigate = useNavigate();
  const can = useCan();
  const canEdit = can(ACTIONS.policies, tenantId);
  const policies = usePolicies(tenantId);
  const setState = useSetPolicyState(tenantId);
  const remove = useDeletePolicy(tenantId);
  const [deleting, setDeleting] = useState<Policy | null>(null);
  const [templates, setTemplates] = useState(false);
  const [changed, setChanged] = useState<string | null>(null);

  const create = canEdit && (
    <>
      <Button
        appearance="primary"
        icon={<AddRegular />}
        onClick={() => navigate(caPath(tenantId, 'policies', 'new'))}
      >
        {s.newPolicy}
      </Button>
      <Button icon={<DocumentBulletListRegular />} onClick={() => setTemplates(true)}>
        {s.newFromTemplate}
      </Button>
    </>
  );
  const rows = policies.data?.value ?? [];
  const columns: Column<Policy>[] = [
    {
      id: 'name',
      header: s.columns.name,
      cell: (policy) => (
        <Link className={styles.link} to={caPath(tenantId, 'policies', policy.id)}>
          {policy.displayName}
        </Link>
      ),
    },
    { id: 'state', header: s.columns.state, cell: (policy) => <StateBadge state={policy.state} /> },
    {
      id: 'created',
      header: s.columns.created,
      secondary: true,
      cell: (policy) => formatDateTime(policy.createdDateTime),
    },
    {
      id: 'modified',
      header: s.columns.modified,
      secondary: true,
      cell: (policy) => (policy.modifiedDateTime ? formatDateTime(policy.modifiedDateTime) : s.neverModified),
    },
  ];
  if (canEdit)
    columns.push({
      id: 'actions',
      header: s.columns.actions,
      cell: (policy) => (
        <Menu
          checkedValues={{ state: [policy.state] }}
          onCheckedValueChange={(_event, data) => {
            const state = data.checkedItems[0] as PolicyState;
            setState.mutate(
              { id: policy.id, state },
              {
                onSuccess: () =>
                  setChanged(format(s.stateChanged, { name: policy.displayName, state: s.states[state] })),
              },
            );
          }}
        >
          <MenuTrigger disableButtonEnhancement>
            <Button
              appearance="subtle"
              icon={<MoreHorizontalRegular />}
              aria-label={format(s.stateMenu, { name: policy.displayName })}
            />
          </MenuTrigger>
          <MenuPopover>
            <MenuList>
              {POLICY_STATES.map((state) => (
                <MenuItemRadio key={state} name="state" value={state}>
                  {s.states[state]}
                </MenuItemRadio>
              ))}
              <MenuDivider />
              <MenuItem icon={<DeleteRegular />} onClick={() => setDeleting(policy)}>
                {t.common.delete}
              </MenuItem>
            </MenuList>
          </MenuPopover>
        </Menu>
      ),
    });

  return (
    <>
      <AreaHeader page="policies" subtitle={s.policiesSubtitle} actions={rows.length > 0 && create} />
      {!canEdit && (
        <MessageBar intent="info" className={styles.notice}>
          <MessageBarBody>{s.readOnly}</MessageBarBody>
        </MessageBar>
      )}
      <ApiErrorMessage error={policies.error ?? setState.error} />
      <Text aria-live="polite">{changed}</Text>
      {policies.isPending ? (
        <Loading />
      ) : rows.length === 0 && !policies.error ? (
        <EmptyState title={s.emptyPoliciesTitle} action={create || undefined}>
          {canEdit ? s.emptyPoliciesBody : s.emptyPoliciesReadOnly}
        </EmptyState>
      ) : (
        <DataTable
          label={s.policiesLabel}
          rows={rows}
          columns={columns}
          rowKey={(policy) => policy.id}
          rowLabel={(policy) => policy.displayName}
          busy={policies.isFetching}
        />
      )}
      {templates && <TemplateDialog tenantId={tenantId} onClose={() => setTemplates(false)} />}
      <ConfirmDialog
        open={deleting !== null}
        title={s.deletePolicyTitle}
        confirmLabel={t.common.delete}
        onConfirm={() => remove.mutateAsync(deleting?.id ?? '')}
        onClose={() => setDeleting(null)}
      >
        <Text>{format(s.deletePolicyBody, { name: deleting?.displayName ?? '' })}</Text>
      </ConfirmDialog>
    </>
  );
}
