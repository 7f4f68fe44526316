import {
  Button,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  Select,
  Text,
  Textarea,
} from '@fluentui/react-components';
import { AddRegular, DeleteRegular, LinkRegular, SaveRegular } from '@fluentui/react-icons';
import { useState } from 'react';
import { useParams } from 'react-router';
import { useCan } from '../../api/access';
import { ApiErrorMessage, fieldError, isFieldError } from '../../components/ApiErrorMessage';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { type Column, DataTable } from '../../components/DataTable';
import { DetailsDrawer } from '../../components/DetailsDrawer';
import { EmptyState } from '../../components/EmptyState';
import { Loading } from '../../components/Loading';
import { format, useStrings } from '../../strings';
import {
  ACTIONS,
  useAssignmentActions,
  useClaimsMappingPolicies,
  useDeletePolicy,
  usePolicyAssignments,
  useSavePolicy,
  useServicePrincipals,
} from './api';
import { ClaimsEditor } from './ClaimsEditor';
import {
  type ClaimRow,
  type ClaimsMappingPolicy,
  type RowProblem,
  readDefinition,
  rowProblems,
  type ServicePrincipal,
  writeDefinition,
} from './model';
import { AreaHeader, ReadOnlyNotice, useStyles } from './shared';

/** The first few names, then how many in all. */
function summarize(names: string[], more: (count: number) => string): string {
  if (names.length <= 3) return names.join(', ');
  return `${names.slice(0, 3).join(', ')} ${more(names.length - 3)}`;
}

/**
 * Claims mapping policies: which claims of a custom claims provider (and which constants) go
 * into the tokens of the apps the policy is assigned to. One policy per app.
 */
export function ClaimsMappingPage() {
  const t = useStrings();
  const s = t.extensions.claimsMapping;
  const { tenantId = '' } = useParams();
  const can = useCan();
  const canEdit = can(ACTIONS.managePolicies, tenantId);
  const policies = useClaimsMappingPolicies(tenantId);
  const principals = useServicePrincipals(tenantId, can(ACTIONS.readServicePrincipals, tenantId));
  const spList = principals.data?.value ?? [];
  const assignments = usePolicyAssignments(tenantId, spList);
  const remove = useDeletePolicy(tenantId);
  const [editing, setEditing] = useState<{ policy?: ClaimsMappingPolicy; created?: boolean } | null>(null);
  const [deleting, setDeleting] = useState<ClaimsMappingPolicy | null>(null);
  const rows = policies.data?.value ?? [];
  const appsOf = (policyId: string) =>
    spList.filter((sp) => assignments.byPrincipal.get(sp.id) === policyId).map((sp) => sp.displayName);

  const create = canEdit && (
    <Button appearance="primary" icon={<AddRegular />} onClick={() => setEditing({})}>
      {s.newPolicy}
    </Button>
  );
  const columns: Column<ClaimsMappingPolicy>[] = [
    { id: 'name', header: t.common.name, cell: (policy) => policy.displayName },
    {
      id: 'claims',
      header: s.claims,
      cell: (policy) => {
        const table = readDefinition(policy.definition[0]);
        return summarize(
          table.rows.map((row) => row.claimName || row.value),
          (count) => format(s.andMore, { count }),
        );
      },
    },
  ];
  if (principals.data)
    columns.push({
      id: 'apps',
      header: s.applications,
      secondary: true,
      cell: (policy) =>
        summarize(appsOf(policy.id), (count) => format(s.andMore, { count })) || s.notAssigned,
    });
  if (canEdit)
    columns.push({
      id: 'actions',
      header: t.common.actions,
      cell: (policy) => (
        <Button
          appearance="subtle"
          icon={<DeleteRegular />}
          aria-label={format(s.deleteLabel, { name: policy.displayName })}
          onClick={() => setDeleting(policy)}
        />
      ),
    });

  return (
    <>
      <AreaHeader page="claimsMapping" subtitle={s.subtitle} actions={rows.length > 0 && create} />
      <ReadOnlyNotice show={!canEdit} />
      <ApiErrorMessage error={policies.error ?? assignments.error} />
      {policies.isPending ? (
        <Loading />
      ) : rows.length === 0 && !policies.error ? (
        <EmptyState title={s.emptyTitle} action={create || undefined}>
          {canEdit ? s.emptyBody : s.emptyReadOnly}
        </EmptyState>
      ) : (
        <DataTable
          label={s.listLabel}
          rows={rows}
          columns={columns}
          rowKey={(policy) => policy.id}
          rowLabel={(policy) => policy.displayName}
          busy={policies.isFetching}
          onOpen={(policy) => setEditing({ policy })}
        />
      )}
      {editing && (
        <PolicyDrawer
          key={editing.policy?.id ?? 'new'}
          tenantId={tenantId}
          policy={editing.policy}
          justCreated={editing.created === true}
          readOnly={!canEdit}
          principals={principals.data ? spList : undefined}
          assigned={assignments.byPrincipal}
          policies={rows}
          onCreated={(policy) => setEditing({ policy, created: true })}
          onDelete={setDeleting}
          onClose={() => setEditing(null)}
        />
      )}
      <ConfirmDialog
        open={deleting !== null}
        title={s.deleteTitle}
        confirmLabel={t.common.delete}
        onConfirm={async () => {
          await remove.mutateAsync(deleting?.id ?? '');
          setEditing(null);
        }}
        onClose={() => setDeleting(null)}
      >
        <Text>{format(s.deleteBody, { name: deleting?.displayName ?? '' })}</Text>
      </ConfirmDialog>
    </>
  );
}

function PolicyDrawer({
  tenantId,
  policy,
  justCreated,
  readOnly,
  principals,
  assigned,
  policies,
  onCreated,
  onDelete,
  onClose,
}: {
  tenantId: string;
  policy: ClaimsMappingPolicy | undefined;
  /** Opened again on the policy just created (to assign it): says it was created. */
  justCreated: boolean;
  readOnly: boolean;
  /** The tenant's service principals (undefined: the admin may not list them). */
  principals: readonly ServicePrincipal[] | undefined;
  assigned: ReadonlyMap<string, string | undefined>;
  policies: readonly ClaimsMappingPolicy[];
  onCreated: (policy: ClaimsMappingPolicy) => void;
  onDelete: (policy: ClaimsMappingPolicy) => void;
  onClose: () => void;
}) {
  const t = useStrings();
  const s = t.extensions.claimsMapping;
  const styles = useStyles();
  const save = useSavePolicy(tenantId);
  const [initial] = useState(() => readDefinition(policy?.definition[0]));
  const [name, setName] = useState(policy?.displayName ?? '');
  const [rows, setRows] = useState<ClaimRow[]>(initial.rows);
  const [checked, setChecked] = useState(false);
  const [notice, setNotice] = useState(justCreated ? s.created : '');
  const problems: ReadonlyMap<number, RowProblem> = checked ? rowProblems(rows) : new Map();
  const nameMissing = checked && !name.trim();
  const definition = writeDefinition({ rows, includeBasicClaimSet: initial.includeBasicClaimSet });
  const banner = isFieldError(save.error, ['displayName', 'definition']) ? null : save.error;

  const submit = () => {
    setChecked(true);
    setNotice('');
    save.reset();
    if (!name.trim() || rows.length === 0 || rowProblems(rows).size > 0) return;
    save.mutate(
      { id: policy?.id, displayName: name.trim(), definition },
      {
        onSuccess: (result) => {
          if (policy) setNotice(s.saved);
          else onCreated(result as ClaimsMappingPolicy);
        },
      },
    );
  };

  return (
    <DetailsDrawer
      open
      title={policy ? policy.displayName : s.newTitle}
      onClose={onClose}
      actions={
        policy &&
        !readOnly && (
          <div className={styles.actions}>
            <Button icon={<DeleteRegular />} onClick={() => onDelete(policy)}>
              {t.common.delete}
            </Button>
          </div>
        )
      }
    >
      <form
        noValidate
        className={styles.form}
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <Text>{s.drawerIntro}</Text>
        {initial.unsupported && (
          <MessageBar intent="warning">
            <MessageBarBody>{s.unsupported}</MessageBarBody>
          </MessageBar>
        )}
        <Field
          label={s.name}
          required
          validationMessage={nameMissing ? s.nameRequired : fieldError(save.error, 'displayName')}
        >
          <Input value={name} disabled={readOnly} onChange={(_e, data) => setName(data.value)} />
        </Field>
        <section className={styles.section} aria-labelledby="policy-claims">
          <Text as="h3" id="policy-claims" size={400} weight="semibold" className={styles.heading}>
            {s.claims}
          </Text>
          <ClaimsEditor
            rows={rows}
            onChange={(next) => {
              setRows(next);
              setNotice('');
            }}
            problems={problems}
            readOnly={readOnly}
          />
          {checked && rows.length === 0 && (
            <Text role="alert" className={styles.error}>
              {s.claimsRequired}
            </Text>
          )}
          {fieldError(save.error, 'definition') && (
            <Text role="alert" className={styles.error}>
              {fieldError(save.error, 'definition')}
            </Text>
          )}
        </section>
        <Field label={s.definition} hint={s.definitionHint}>
          <Textarea
            readOnly
            resize="vertical"
            rows={8}
            textarea={{ className: styles.code }}
            value={JSON.stringify(JSON.parse(definition), null, 2)}
          />
        </Field>
        <ApiErrorMessage error={banner} />
        {notice && (
          <MessageBar intent="success" aria-live="polite">
            <MessageBarBody>{notice}</MessageBarBody>
          </MessageBar>
        )}
        {!readOnly && (
          <div className={styles.actions}>
            <Button type="submit" appearance="primary" icon={<SaveRegular />} disabled={save.isPending}>
              {t.common.save}
            </Button>
            <Button onClick={onClose}>{t.common.close}</Button>
          </div>
        )}
      </form>
      {policy && principals && (
        <Assignments
          tenantId={tenantId}
          policy={policy}
          principals={principals}
          assigned={assigned}
          policies={policies}
          readOnly={readOnly}
        />
      )}
    </DetailsDrawer>
  );
}

/** The apps (service principals) a policy is assigned to: assign one more, remove one. */
function Assignments({
  tenantId,
  policy,
  principals,
  assigned,
  policies,
  readOnly,
}: {
  tenantId: string;
  policy: ClaimsMappingPolicy;
  principals: readonly ServicePrincipal[];
  assigned: ReadonlyMap<string, string | undefined>;
  policies: readonly ClaimsMappingPolicy[];
  readOnly: boolean;
}) {
  const t = useStrings();
  const s = t.extensions.claimsMapping;
  const styles = useStyles();
  const { assign, unassign } = useAssignmentActions(tenantId);
  const [chosen, setChosen] = useState('');
  const [removing, setRemoving] = useState<ServicePrincipal | null>(null);
  const sorted = [...principals].sort((a, b) => a.displayName.localeCompare(b.displayName));
  const mine = sorted.filter((sp) => assigned.get(sp.id) === policy.id);
  const others = sorted.filter((sp) => assigned.get(sp.id) !== policy.id);
  const policyName = (id: string | undefined) => policies.find((p) => p.id === id)?.displayName ?? id;

  const columns: Column<ServicePrincipal>[] = [
    { id: 'name', header: t.common.name, cell: (sp) => sp.displayName },
    {
      id: 'appId',
      header: s.appId,
      secondary: true,
      cell: (sp) => <span className={styles.mono}>{sp.appId}</span>,
    },
  ];
  if (!readOnly)
    columns.push({
      id: 'actions',
      header: t.common.actions,
      cell: (sp) => (
        <Button
          appearance="subtle"
          icon={<DeleteRegular />}
          aria-label={format(s.unassignLabel, { name: sp.displayName })}
          onClick={() => setRemoving(sp)}
        />
      ),
    });

  return (
    <section className={styles.section} aria-labelledby="policy-applications">
      <Text as="h3" id="policy-applications" size={400} weight="semibold" className={styles.heading}>
        {s.applications}
      </Text>
      <Text>{s.applicationsIntro}</Text>
      {!readOnly && (
        <form
          className={styles.row}
          onSubmit={(e) => {
            e.preventDefault();
            if (!chosen) return;
            assign.mutate(
              { servicePrincipalId: chosen, policyId: policy.id },
              { onSuccess: () => setChosen('') },
            );
          }}
        >
          <Field label={s.assignLabel} className={styles.grow}>
            <Select className={styles.fill} value={chosen} onChange={(_e, data) => setChosen(data.value)}>
              <option value="">{s.assignPlaceholder}</option>
              {others.map((sp) => {
                const other = assigned.get(sp.id);
                return (
                  <option key={sp.id} value={sp.id} disabled={other !== undefined}>
                    {other
                      ? format(s.hasPolicy, { name: sp.displayName, policy: policyName(other) ?? '' })
                      : sp.displayName}
                  </option>
                );
              })}
            </Select>
          </Field>
          <Button
            type="submit"
            appearance="primary"
            icon={<LinkRegular />}
            disabled={!chosen || assign.isPending}
          >
            {s.assign}
          </Button>
        </form>
      )}
      <ApiErrorMessage error={assign.error} />
      {mine.length === 0 ? (
        <Text>{s.notAssignedYet}</Text>
      ) : (
        <DataTable
          label={s.assignedLabel}
          rows={mine}
          columns={columns}
          rowKey={(sp) => sp.id}
          rowLabel={(sp) => sp.displayName}
        />
      )}
      <ConfirmDialog
        open={removing !== null}
        title={s.unassignTitle}
        confirmLabel={t.common.remove}
        onConfirm={() =>
          unassign.mutateAsync({ servicePrincipalId: removing?.id ?? '', policyId: policy.id })
        }
        onClose={() => setRemoving(null)}
      >
        <Text>
          {format(s.unassignBody, { name: removing?.displayName ?? '', policy: policy.displayName })}
        </Text>
      </ConfirmDialog>
    </section>
  );
}
