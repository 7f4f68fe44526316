import {
  Badge,
  Button,
  makeStyles,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  tokens,
} from '@fluentui/react-components';
import { DeleteRegular, PersonSyncRegular } from '@fluentui/react-icons';
import { useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { Link } from 'react-router';
import { useApi } from '../../api/ApiProvider';
import { useCan } from '../../api/access';
import { unwrap } from '../../api/client';
import { ApiErrorMessage } from '../../components/ApiErrorMessage';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { EmptyState } from '../../components/EmptyState';
import { Loading } from '../../components/Loading';
import { format, useStrings } from '../../strings';
import { useAppRoleAssignments, useMemberOf, useMethods, useRiskyUser, useUserSignIns } from './api';
import { formatDateTime } from './format';
import { type AuthenticationMethod, isRemovable, type User } from './model';

const NARROW = '@media (max-width: 767px)';

const useStyles = makeStyles({
  intro: { display: 'block', marginBottom: tokens.spacingVerticalM },
  bar: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    justifyContent: 'space-between',
    gap: tokens.spacingHorizontalM,
    marginBottom: tokens.spacingVerticalM,
  },
  scroll: { overflowX: 'auto' },
  wrap: { overflowWrap: 'anywhere' },
  secondary: { [NARROW]: { display: 'none' } },
  link: { color: tokens.colorBrandForegroundLink, fontWeight: tokens.fontWeightSemibold },
  facts: {
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    gap: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalL}`,
    margin: 0,
  },
  term: { fontWeight: tokens.fontWeightSemibold, color: tokens.colorNeutralForeground2 },
  value: { margin: 0, overflowWrap: 'anywhere' },
});

/** A tab's table with its accessible name, scrolling sideways on narrow screens. */
function DataTable({ label, head, children }: { label: string; head: ReactNode; children: ReactNode }) {
  const styles = useStyles();
  return (
    <div className={styles.scroll}>
      <Table aria-label={label}>
        <TableHeader>
          <TableRow>{head}</TableRow>
        </TableHeader>
        <TableBody>{children}</TableBody>
      </Table>
    </div>
  );
}

function Intro({ children }: { children: ReactNode }) {
  const styles = useStyles();
  return <Text className={styles.intro}>{children}</Text>;
}

export function IdentitiesTab({ user }: { user: User }) {
  const t = useStrings();
  const styles = useStyles();
  return (
    <>
      <Intro>{t.users.identitiesIntro}</Intro>
      {user.identities.length === 0 ? (
        <EmptyState title={t.users.noIdentities} />
      ) : (
        <DataTable
          label={t.users.tabs.identities}
          head={
            <>
              <TableHeaderCell>{t.users.identityType}</TableHeaderCell>
              <TableHeaderCell>{t.users.identityValue}</TableHeaderCell>
              <TableHeaderCell className={styles.secondary}>{t.users.identityIssuer}</TableHeaderCell>
            </>
          }
        >
          {user.identities.map((identity) => (
            <TableRow key={`${identity.issuer}/${identity.issuerAssignedId}`}>
              <TableCell>{t.users.signInTypes[identity.signInType]}</TableCell>
              <TableCell className={styles.wrap}>{identity.issuerAssignedId}</TableCell>
              <TableCell className={`${styles.secondary} ${styles.wrap}`}>{identity.issuer}</TableCell>
            </TableRow>
          ))}
        </DataTable>
      )}
    </>
  );
}

export function GroupsTab({ tenantId, user }: { tenantId: string; user: User }) {
  const t = useStrings();
  const styles = useStyles();
  const { data, error, isPending } = useMemberOf(tenantId, user.id);
  if (isPending) return <Loading />;
  if (error) return <ApiErrorMessage error={error} />;
  const groups = data?.value ?? [];
  return (
    <>
      <Intro>{t.users.groupsIntro}</Intro>
      {groups.length === 0 ? (
        <EmptyState title={t.users.noGroups} />
      ) : (
        <DataTable
          label={t.users.tabs.groups}
          head={
            <>
              <TableHeaderCell>{t.users.group}</TableHeaderCell>
              <TableHeaderCell className={styles.secondary}>{t.users.description}</TableHeaderCell>
            </>
          }
        >
          {groups.map((group) => (
            <TableRow key={group.id}>
              <TableCell>
                <Link className={styles.link} to={`/t/${encodeURIComponent(tenantId)}/groups/${group.id}`}>
                  {group.displayName}
                </Link>
              </TableCell>
              <TableCell className={`${styles.secondary} ${styles.wrap}`}>
                {group.description ?? ''}
              </TableCell>
            </TableRow>
          ))}
        </DataTable>
      )}
    </>
  );
}

export function AppRolesTab({ tenantId, user }: { tenantId: string; user: User }) {
  const t = useStrings();
  const styles = useStyles();
  const can = useCan();
  const allowed = can('microsoft.directory/appRoleAssignments/allProperties/read', tenantId);
  const { data, error, isPending } = useAppRoleAssignments(tenantId, user.id, allowed);
  if (!allowed) return <EmptyState title={t.users.notAllowed} />;
  if (isPending) return <Loading />;
  if (error) return <ApiErrorMessage error={error} />;
  const assignments = data?.value ?? [];
  return (
    <>
      <Intro>{t.users.appRolesIntro}</Intro>
      {assignments.length === 0 ? (
        <EmptyState title={t.users.noAppRoles} />
      ) : (
        <DataTable
          label={t.users.tabs.appRoles}
          head={
            <>
              <TableHeaderCell>{t.users.resource}</TableHeaderCell>
              <TableHeaderCell>{t.users.appRoleId}</TableHeaderCell>
              <TableHeaderCell className={styles.secondary}>{t.users.assignedOn}</TableHeaderCell>
            </>
          }
        >
          {assignments.map((assignment) => (
            <TableRow key={assignment.id}>
              <TableCell className={styles.wrap}>{assignment.resourceDisplayName}</TableCell>
              <TableCell className={styles.wrap}>{assignment.appRoleId}</TableCell>
              <TableCell className={styles.secondary}>{formatDateTime(assignment.createdDateTime)}</TableCell>
            </TableRow>
          ))}
        </DataTable>
      )}
    </>
  );
}

const METHOD_KIND = {
  '#microsoft.graph.passwordAuthenticationMethod': 'password',
  '#microsoft.graph.emailAuthenticationMethod': 'email',
  '#microsoft.graph.phoneAuthenticationMethod': 'phone',
  '#microsoft.graph.softwareOathAuthenticationMethod': 'totp',
  '#gatehouse.recoveryCodesAuthenticationMethod': 'recoveryCodes',
} as const;

function methodDetail(method: AuthenticationMethod, t: ReturnType<typeof useStrings>): string {
  switch (method['@odata.type']) {
    case '#microsoft.graph.emailAuthenticationMethod':
      return method.emailAddress;
    case '#microsoft.graph.phoneAuthenticationMethod':
      return method.phoneNumber;
    case '#gatehouse.recoveryCodesAuthenticationMethod':
      return format(t.users.recoveryRemaining, { count: method.remaining });
    case '#microsoft.graph.softwareOathAuthenticationMethod':
      return method.lastUsedDateTime
        ? format(t.users.lastUsed, { date: formatDateTime(method.lastUsedDateTime) })
        : '';
    default:
      return method.createdDateTime ? formatDateTime(method.createdDateTime) : '';
  }
}

export function MethodsTab({
  tenantId,
  user,
  onNotice,
}: {
  tenantId: string;
  user: User;
  onNotice: (notice: string) => void;
}) {
  const t = useStrings();
  const styles = useStyles();
  const can = useCan();
  const api = useApi();
  const queryClient = useQueryClient();
  const allowed = can('microsoft.directory/users/authenticationMethods/allProperties/read', tenantId);
  const canRemove = can('microsoft.directory/users/authenticationMethods/delete', tenantId);
  const { data, error, isPending } = useMethods(tenantId, user.id, allowed);
  const [removing, setRemoving] = useState<AuthenticationMethod | null>(null);
  const [reRegister, setReRegister] = useState(false);
  if (!allowed) return <EmptyState title={t.users.notAllowed} />;
  if (isPending) return <Loading />;
  if (error) return <ApiErrorMessage error={error} />;
  const methods = data?.value ?? [];
  const removable = methods.filter(isRemovable);
  const remove = (method: AuthenticationMethod) =>
    unwrap(
      api.DELETE('/api/v1/tenants/{tenantId}/users/{id}/authentication/methods/{methodId}', {
        params: { path: { tenantId, id: user.id, methodId: method.id } },
      }),
    );
  const refresh = () => queryClient.invalidateQueries({ queryKey: [tenantId, 'users', user.id, 'methods'] });
  const label = (method: AuthenticationMethod) => t.users.methodTypes[METHOD_KIND[method['@odata.type']]];
  return (
    <>
      <div className={styles.bar}>
        <Text>{t.users.methodsIntro}</Text>
        {canRemove && removable.length > 0 && (
          <Button icon={<PersonSyncRegular />} onClick={() => setReRegister(true)}>
            {t.users.requireReRegister}
          </Button>
        )}
      </div>
      {methods.length === 0 ? (
        <EmptyState title={t.users.noMethods} />
      ) : (
        <DataTable
          label={t.users.tabs.methods}
          head={
            <>
              <TableHeaderCell>{t.users.method}</TableHeaderCell>
              <TableHeaderCell>{t.users.details}</TableHeaderCell>
              {canRemove && <TableHeaderCell>{t.common.actions}</TableHeaderCell>}
            </>
          }
        >
          {methods.map((method) => (
            <TableRow key={method.id}>
              <TableCell>{label(method)}</TableCell>
              <TableCell className={styles.wrap}>{methodDetail(method, t)}</TableCell>
              {canRemove && (
                <TableCell>
                  {isRemovable(method) && (
                    <Button
                      appearance="subtle"
                      icon={<DeleteRegular />}
                      aria-label={format(t.users.removeMethod, { method: label(method) })}
                      onClick={() => setRemoving(method)}
                    />
                  )}
                </TableCell>
              )}
            </TableRow>
          ))}
        </DataTable>
      )}
      {removing && (
        <ConfirmDialog
          open
          title={format(t.users.removeMethodTitle, { method: label(removing) })}
          confirmLabel={t.common.remove}
          onConfirm={async () => {
            await remove(removing);
            await refresh();
          }}
          onClose={() => setRemoving(null)}
        >
          <p>{t.users.removeMethodBody}</p>
        </ConfirmDialog>
      )}
      {reRegister && (
        <ConfirmDialog
          open
          title={format(t.users.reRegisterTitle, { name: user.displayName })}
          confirmLabel={t.users.requireReRegister}
          onConfirm={async () => {
            try {
              for (const method of removable) await remove(method);
            } finally {
              await refresh();
            }
            onNotice(t.users.reRegistered);
          }}
          onClose={() => setReRegister(false)}
        >
          <p>{t.users.reRegisterBody}</p>
        </ConfirmDialog>
      )}
    </>
  );
}

export function SignInsTab({ tenantId, user }: { tenantId: string; user: User }) {
  const t = useStrings();
  const styles = useStyles();
  const can = useCan();
  const allowed = can('microsoft.directory/signInReports/allProperties/read', tenantId);
  const { data, error, isPending } = useUserSignIns(tenantId, user.id, allowed);
  if (!allowed) return <EmptyState title={t.users.notAllowed} />;
  if (isPending) return <Loading />;
  if (error) return <ApiErrorMessage error={error} />;
  const signIns = data?.value ?? [];
  return (
    <>
      <Intro>{t.users.signInsIntro}</Intro>
      {signIns.length === 0 ? (
        <EmptyState title={t.users.noSignIns} />
      ) : (
        <DataTable
          label={t.users.tabs.signIns}
          head={
            <>
              <TableHeaderCell>{t.users.signInTime}</TableHeaderCell>
              <TableHeaderCell>{t.users.signInApp}</TableHeaderCell>
              <TableHeaderCell>{t.users.signInStatus}</TableHeaderCell>
              <TableHeaderCell className={styles.secondary}>{t.users.signInIp}</TableHeaderCell>
              <TableHeaderCell className={styles.secondary}>{t.users.signInLocation}</TableHeaderCell>
              <TableHeaderCell className={styles.secondary}>{t.users.signInRisk}</TableHeaderCell>
            </>
          }
        >
          {signIns.map((signIn) => (
            <TableRow key={signIn.id}>
              <TableCell>{formatDateTime(signIn.createdDateTime)}</TableCell>
              <TableCell className={styles.wrap}>{signIn.appDisplayName}</TableCell>
              <TableCell>
                {signIn.status.errorCode === 0 ? (
                  <Badge appearance="tint" color="success">
                    {t.users.success}
                  </Badge>
                ) : (
                  <Badge appearance="tint" color="danger">
                    {format(t.users.failure, { code: signIn.status.errorCode })}
                  </Badge>
                )}
              </TableCell>
              <TableCell className={styles.secondary}>{signIn.ipAddress}</TableCell>
              <TableCell className={styles.secondary}>
                {[signIn.location.city, signIn.location.countryOrRegion].filter(Boolean).join(', ')}
              </TableCell>
              <TableCell className={styles.secondary}>
                {t.users.riskLevels[signIn.riskLevelDuringSignIn]}
              </TableCell>
            </TableRow>
          ))}
        </DataTable>
      )}
    </>
  );
}

export function RiskTab({ tenantId, user }: { tenantId: string; user: User }) {
  const t = useStrings();
  const styles = useStyles();
  const can = useCan();
  const allowed = can('microsoft.directory/identityProtection/allProperties/read', tenantId);
  const { data, error, isPending } = useRiskyUser(tenantId, user.id, allowed);
  if (!allowed) return <EmptyState title={t.users.notAllowed} />;
  if (isPending) return <Loading />;
  if (error) return <ApiErrorMessage error={error} />;
  if (!data || (data.riskLevel === 'none' && data.riskState === 'none'))
    return <EmptyState title={t.users.noRisk} />;
  return (
    <>
      <Intro>{t.users.riskIntro}</Intro>
      <dl className={styles.facts}>
        <dt className={styles.term}>{t.users.riskLevel}</dt>
        <dd className={styles.value}>
          <Badge
            appearance="tint"
            color={
              data.riskLevel === 'high' ? 'danger' : data.riskLevel === 'medium' ? 'warning' : 'informative'
            }
          >
            {t.users.riskLevels[data.riskLevel]}
          </Badge>
        </dd>
        <dt className={styles.term}>{t.users.riskState}</dt>
        <dd className={styles.value}>{t.users.riskStates[data.riskState]}</dd>
        <dt className={styles.term}>{t.users.riskDetail}</dt>
        <dd className={styles.value}>{data.riskDetail}</dd>
        <dt className={styles.term}>{t.users.riskUpdated}</dt>
        <dd className={styles.value}>{formatDateTime(data.riskLastUpdatedDateTime)}</dd>
      </dl>
    </>
  );
}
