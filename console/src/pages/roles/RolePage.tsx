import {
  Badge,
  Button,
  MessageBar,
  MessageBarBody,
  mergeClasses,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
} from '@fluentui/react-components';
import { AddRegular, ArrowLeftRegular, DeleteRegular } from '@fluentui/react-icons';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useApi } from '../../api/ApiProvider';
import { allowsAnywhere, useCan, useMe } from '../../api/access';
import { type ApiError, unwrap } from '../../api/client';
import { useTenants } from '../../api/tenants';
import { ApiErrorMessage } from '../../components/ApiErrorMessage';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { EmptyState } from '../../components/EmptyState';
import { Loading } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { format, useStrings } from '../../strings';
import { AddAssignmentDialog } from './AddAssignmentDialog';
import {
  MANAGE_ASSIGNMENTS,
  READ_ASSIGNMENTS,
  ROLES_KEY,
  usePrincipals,
  useRoleAssignments,
  useRoleDefinitions,
} from './api';
import { type Principal, type RoleAssignment, type RoleDefinition, tenantOfScope } from './model';
import { useRoleStyles } from './styles';

/** How a scope reads: "All tenants", or the tenant's name and id. */
export function useScopeName() {
  const t = useStrings();
  const { data } = useTenants();
  return (scope: string) => {
    const tenantId = tenantOfScope(scope);
    if (tenantId === null) return t.roles.scopeAll;
    const tenant = data?.value.find((item) => item.id === tenantId);
    return format(t.roles.scopeTenant, { name: tenant?.displayName ?? tenantId, id: tenantId });
  };
}

/** `/roles/:roleId`: the role's description, who holds it where, and what it allows. */
export function RolePage() {
  const t = useStrings();
  const styles = useRoleStyles();
  const { roleId = '' } = useParams();
  const { data, error, isPending } = useRoleDefinitions();
  const { data: me } = useMe();
  const role = data?.value.find((item) => item.id === roleId);
  const back = (
    <Link to=".." relative="path" className={mergeClasses(styles.link, styles.back)}>
      <ArrowLeftRegular aria-hidden />
      {t.roles.allRoles}
    </Link>
  );
  if (isPending) return <Loading />;
  if (!role)
    return (
      <>
        {back}
        <ApiErrorMessage error={error} />
        {!error && <EmptyState title={t.common.notFound}>{t.common.pageNotFound}</EmptyState>}
      </>
    );
  const actions = role.rolePermissions.flatMap((p) => p.allowedResourceActions);
  return (
    <>
      {back}
      <PageHeader title={role.displayName} subtitle={role.description} />
      {allowsAnywhere(me, READ_ASSIGNMENTS) ? (
        <Assignments role={role} />
      ) : (
        <section className={styles.section} aria-labelledby="role-assignments">
          <Text as="h2" size={500} weight="semibold" id="role-assignments" className={styles.heading}>
            {t.roles.assignmentsHeading}
          </Text>
          <MessageBar intent="info">
            <MessageBarBody>{t.roles.assignmentsNotAllowed}</MessageBarBody>
          </MessageBar>
        </section>
      )}
      <section className={styles.section} aria-labelledby="role-permissions">
        <div className={styles.sectionHeader}>
          <Text as="h2" size={500} weight="semibold" id="role-permissions" className={styles.heading}>
            {t.roles.permissionsHeading}{' '}
            <Badge appearance="tint" color="informative">
              {actions.length}
            </Badge>
          </Text>
        </div>
        <Text as="p" block>
          {t.roles.permissionsIntro}
        </Text>
        <ul
          className={styles.actions}
          aria-label={format(t.roles.permissionsLabel, { role: role.displayName })}
        >
          {actions.map((action) => (
            <li key={action} className={styles.action}>
              {action}
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}

function Assignments({ role }: { role: RoleDefinition }) {
  const t = useStrings();
  const styles = useRoleStyles();
  const api = useApi();
  const can = useCan();
  const queryClient = useQueryClient();
  const { data: me } = useMe();
  const { data, error, isPending } = useRoleAssignments(role.id, true);
  const { resolve } = usePrincipals();
  const scopeName = useScopeName();
  const [adding, setAdding] = useState(false);
  const [removing, setRemoving] = useState<{ assignment: RoleAssignment; principal: Principal } | null>(null);
  const canAdd = allowsAnywhere(me, MANAGE_ASSIGNMENTS);
  const canRemove = (scope: string) => can(MANAGE_ASSIGNMENTS, tenantOfScope(scope) ?? undefined);
  const assignments = data?.value ?? [];
  const forbidden = (error as ApiError | null)?.status === 403;
  const addButton = canAdd && (
    <Button appearance="primary" icon={<AddRegular />} onClick={() => setAdding(true)}>
      {t.roles.addAssignment}
    </Button>
  );
  const nameOf = (principal: Principal) =>
    principal.kind === 'unknown' ? format(t.roles.unknownPrincipal, { id: principal.id }) : principal.name;
  return (
    <section className={styles.section} aria-labelledby="role-assignments">
      <div className={styles.sectionHeader}>
        <Text as="h2" size={500} weight="semibold" id="role-assignments" className={styles.heading}>
          {t.roles.assignmentsHeading}
        </Text>
        {assignments.length > 0 && addButton}
      </div>
      {forbidden ? (
        <MessageBar intent="info">
          <MessageBarBody>{t.roles.assignmentsNotAllowed}</MessageBarBody>
        </MessageBar>
      ) : (
        <ApiErrorMessage error={error} />
      )}
      {isPending ? (
        <Loading />
      ) : error ? null : assignments.length === 0 ? (
        <EmptyState title={t.roles.noAssignments} action={addButton}>
          {canAdd ? t.roles.noAssignmentsBody : t.roles.noAssignmentsReadOnly}
        </EmptyState>
      ) : (
        <div className={styles.scroll}>
          <Table
            aria-label={format(t.roles.assignmentsLabel, { role: role.displayName })}
            className={styles.table}
          >
            <TableHeader>
              <TableRow>
                <TableHeaderCell>{t.roles.columns.name}</TableHeaderCell>
                <TableHeaderCell className={styles.secondary}>{t.roles.columns.type}</TableHeaderCell>
                <TableHeaderCell>{t.roles.columns.scope}</TableHeaderCell>
                {assignments.some((a) => canRemove(a.directoryScopeId)) && (
                  <TableHeaderCell>{t.common.actions}</TableHeaderCell>
                )}
              </TableRow>
            </TableHeader>
            <TableBody>
              {assignments.map((assignment) => {
                const principal = resolve(assignment.principalId);
                const name = nameOf(principal);
                return (
                  <TableRow key={assignment.id}>
                    <TableCell>
                      <div className={styles.principal}>
                        <Text className={styles.wrap}>{name}</Text>
                        {principal.kind !== 'unknown' && principal.detail && (
                          <Text size={200} className={mergeClasses(styles.muted, styles.wrap)}>
                            {principal.detail}
                          </Text>
                        )}
                      </div>
                    </TableCell>
                    <TableCell className={styles.secondary}>
                      {t.roles.principalTypes[principal.kind]}
                    </TableCell>
                    <TableCell className={styles.wrap}>{scopeName(assignment.directoryScopeId)}</TableCell>
                    {assignments.some((a) => canRemove(a.directoryScopeId)) && (
                      <TableCell>
                        {canRemove(assignment.directoryScopeId) && (
                          <Button
                            appearance="subtle"
                            icon={<DeleteRegular />}
                            aria-label={format(t.roles.removeLabel, { name })}
                            onClick={() => setRemoving({ assignment, principal })}
                          >
                            {t.roles.remove}
                          </Button>
                        )}
                      </TableCell>
                    )}
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>
        </div>
      )}
      {adding && <AddAssignmentDialog role={role} onClose={() => setAdding(false)} />}
      <ConfirmDialog
        open={removing !== null}
        title={t.roles.removeTitle}
        confirmLabel={t.roles.remove}
        onClose={() => setRemoving(null)}
        onConfirm={async () => {
          if (!removing) return;
          await unwrap(
            api.DELETE('/api/v1/roleManagement/directory/roleAssignments/{id}', {
              params: { path: { id: removing.assignment.id } },
            }),
          );
          await Promise.all([
            queryClient.invalidateQueries({ queryKey: [...ROLES_KEY, 'assignments'] }),
            queryClient.invalidateQueries({ queryKey: ['me'] }),
          ]);
        }}
      >
        {removing && (
          <Text as="p" block>
            {format(t.roles.removeBody, {
              name: nameOf(removing.principal),
              role: role.displayName,
              scope: scopeName(removing.assignment.directoryScopeId),
            })}
          </Text>
        )}
      </ConfirmDialog>
    </section>
  );
}
