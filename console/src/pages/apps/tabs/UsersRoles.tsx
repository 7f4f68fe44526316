import {
  Button,
  Combobox,
  Dropdown,
  Field,
  Option,
  OptionGroup,
  Switch,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
} from '@fluentui/react-components';
import { AddRegular, DeleteRegular } from '@fluentui/react-icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useApi } from '../../../api/ApiProvider';
import { useCan } from '../../../api/access';
import { unwrap } from '../../../api/client';
import { ApiErrorMessage, fieldError, isFieldError } from '../../../components/ApiErrorMessage';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { EmptyState } from '../../../components/EmptyState';
import { Loading } from '../../../components/Loading';
import { format, useStrings } from '../../../strings';
import { useAppContext } from '../AppPage';
import { ACTIONS, appsKey, useAppRoleAssignedTo, usePrincipalSearch, useServicePrincipalOf } from '../api';
import { type AppRoleAssignment, DEFAULT_ACCESS_ROLE_ID, type DirectoryObject } from '../model';
import { useTableStyles } from '../shared';

/** Users and roles: whether assignment is required, who holds which role, assign and remove. */
export function UsersRolesTab() {
  const t = useStrings();
  const u = t.apps.users;
  const styles = useTableStyles();
  const can = useCan();
  const api = useApi();
  const queryClient = useQueryClient();
  const { tenantId, app } = useAppContext();
  const sp = useServicePrincipalOf(tenantId, app.appId);
  const assigned = useAppRoleAssignedTo(tenantId, sp.data?.id);
  const [adding, setAdding] = useState(false);
  const [removing, setRemoving] = useState<AppRoleAssignment | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: appsKey(tenantId) });
  const required = useMutation({
    mutationFn: (value: boolean) =>
      unwrap(
        api.PATCH('/api/v1/tenants/{tenantId}/servicePrincipals/{id}', {
          params: { path: { tenantId, id: sp.data?.id ?? '' } },
          body: { appRoleAssignmentRequired: value },
        }),
      ),
    onSuccess: refresh,
  });
  if (sp.isPending) return <Loading />;
  if (!sp.data) return <ApiErrorMessage error={sp.error} />;
  const resourceId = sp.data.id;
  const editable = can(ACTIONS.assignments, tenantId);
  const roleName = (id: string) =>
    id === DEFAULT_ACCESS_ROLE_ID
      ? u.defaultAccess
      : (app.appRoles.find((role) => role.id === id)?.displayName ?? id);
  const rows = (assigned.data?.value ?? []).filter((a) => a.principalType !== 'ServicePrincipal');
  return (
    <>
      <section className={styles.section} aria-label={u.required}>
        <Switch
          checked={sp.data.appRoleAssignmentRequired}
          disabled={!can(ACTIONS.servicePrincipal, tenantId) || required.isPending}
          label={`${u.required}: ${u.requiredHint}`}
          onChange={(_event, data) => required.mutate(data.checked)}
        />
        <ApiErrorMessage error={required.error} />
      </section>
      <section className={styles.section} aria-labelledby="assignments">
        <Text as="h2" size={500} weight="semibold" id="assignments">
          {u.assignments}
        </Text>
        <Text>{u.intro}</Text>
        <ApiErrorMessage error={assigned.error} />
        {editable && !adding && (
          <div className={styles.actions}>
            <Button icon={<AddRegular />} onClick={() => setAdding(true)}>
              {u.assign}
            </Button>
          </div>
        )}
        {editable && adding && (
          <AssignForm resourceId={resourceId} onDone={() => setAdding(false)} onSaved={refresh} />
        )}
        {rows.length === 0 ? (
          <EmptyState title={u.emptyTitle}>{u.emptyBody}</EmptyState>
        ) : (
          <div className={styles.scroll}>
            <Table aria-label={u.assignments}>
              <TableHeader>
                <TableRow>
                  <TableHeaderCell>{u.principal}</TableHeaderCell>
                  <TableHeaderCell>{u.principalType}</TableHeaderCell>
                  <TableHeaderCell>{u.role}</TableHeaderCell>
                  <TableHeaderCell className={styles.secondary}>{u.assigned}</TableHeaderCell>
                  {editable && <TableHeaderCell>{t.common.actions}</TableHeaderCell>}
                </TableRow>
              </TableHeader>
              <TableBody>
                {rows.map((a) => (
                  <TableRow key={a.id}>
                    <TableCell>{a.principalDisplayName}</TableCell>
                    <TableCell>{u.types[a.principalType]}</TableCell>
                    <TableCell>{roleName(a.appRoleId)}</TableCell>
                    <TableCell className={styles.secondary}>
                      {new Date(a.createdDateTime).toLocaleDateString()}
                    </TableCell>
                    {editable && (
                      <TableCell>
                        <Button
                          appearance="subtle"
                          icon={<DeleteRegular />}
                          aria-label={format(u.remove, { name: a.principalDisplayName })}
                          onClick={() => setRemoving(a)}
                        />
                      </TableCell>
                    )}
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </div>
        )}
      </section>
      <ConfirmDialog
        open={removing !== null}
        title={format(u.removeTitle, { name: removing?.principalDisplayName ?? '' })}
        confirmLabel={t.common.remove}
        onConfirm={() =>
          unwrap(
            api.DELETE('/api/v1/tenants/{tenantId}/servicePrincipals/{id}/appRoleAssignedTo/{assignmentId}', {
              params: { path: { tenantId, id: resourceId, assignmentId: removing?.id ?? '' } },
            }),
          ).then(refresh)
        }
        onClose={() => setRemoving(null)}
      >
        {format(u.removeBody, {
          name: removing?.principalDisplayName ?? '',
          role: removing ? roleName(removing.appRoleId) : '',
        })}
      </ConfirmDialog>
    </>
  );
}

/** Search a user or group, pick a role (or default access), assign. */
function AssignForm({
  resourceId,
  onDone,
  onSaved,
}: {
  resourceId: string;
  onDone: () => void;
  onSaved: () => Promise<unknown>;
}) {
  const t = useStrings();
  const u = t.apps.users;
  const styles = useTableStyles();
  const api = useApi();
  const { tenantId, app } = useAppContext();
  const [text, setText] = useState('');
  const [principal, setPrincipal] = useState<DirectoryObject | null>(null);
  const found = usePrincipalSearch(tenantId, text);
  const roles = app.appRoles.filter((role) => role.isEnabled && role.allowedMemberTypes.includes('User'));
  const choices = roles.length
    ? roles.map((role) => ({ id: role.id, name: role.displayName }))
    : [{ id: DEFAULT_ACCESS_ROLE_ID, name: u.defaultAccess }];
  const [roleId, setRoleId] = useState(choices[0]?.id ?? DEFAULT_ACCESS_ROLE_ID);
  const assign = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/v1/tenants/{tenantId}/servicePrincipals/{id}/appRoleAssignedTo', {
          params: { path: { tenantId, id: resourceId } },
          body: { principalId: principal?.id ?? '', resourceId, appRoleId: roleId },
        }),
      ),
    onSuccess: async () => {
      await onSaved();
      onDone();
    },
  });
  const label = (o: DirectoryObject) =>
    o.mail ? `${o.displayName ?? o.id} (${o.mail})` : (o.displayName ?? o.id);
  const all = [...found.users, ...found.groups];
  return (
    <form
      className={styles.form}
      aria-label={u.assign}
      onSubmit={(event) => {
        event.preventDefault();
        if (principal) assign.mutate();
      }}
    >
      <Field
        label={u.choosePrincipal}
        required
        validationMessage={fieldError(assign.error, 'principalId') ?? fieldError(found.error, 'search')}
      >
        <Combobox
          freeform
          value={text}
          selectedOptions={principal ? [principal.id] : []}
          onChange={(event) => {
            setText(event.target.value);
            setPrincipal(null);
          }}
          onOptionSelect={(_event, data) => {
            const chosen = all.find((o) => o.id === data.optionValue) ?? null;
            setPrincipal(chosen);
            setText(chosen ? label(chosen) : '');
          }}
        >
          {found.users.length > 0 && (
            <OptionGroup label={u.types.User}>
              {found.users.map((o) => (
                <Option key={o.id} value={o.id} text={label(o)}>
                  {label(o)}
                </Option>
              ))}
            </OptionGroup>
          )}
          {found.groups.length > 0 && (
            <OptionGroup label={u.types.Group}>
              {found.groups.map((o) => (
                <Option key={o.id} value={o.id} text={label(o)}>
                  {label(o)}
                </Option>
              ))}
            </OptionGroup>
          )}
          {all.length === 0 && (
            <Option disabled value="" text={u.noMatches}>
              {u.noMatches}
            </Option>
          )}
        </Combobox>
      </Field>
      <Field label={u.chooseRole} validationMessage={fieldError(assign.error, 'appRoleId')}>
        <Dropdown
          value={choices.find((c) => c.id === roleId)?.name ?? ''}
          selectedOptions={[roleId]}
          onOptionSelect={(_event, data) => setRoleId(data.optionValue ?? DEFAULT_ACCESS_ROLE_ID)}
        >
          {choices.map((c) => (
            <Option key={c.id} value={c.id}>
              {c.name}
            </Option>
          ))}
        </Dropdown>
      </Field>
      {!isFieldError(assign.error, ['principalId', 'appRoleId']) && (
        <ApiErrorMessage error={assign.error ?? found.error} />
      )}
      <div className={styles.actions}>
        <Button type="submit" appearance="primary" disabled={!principal || assign.isPending}>
          {u.assignButton}
        </Button>
        <Button onClick={onDone}>{t.common.cancel}</Button>
      </div>
    </form>
  );
}
