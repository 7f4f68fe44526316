import {
  Badge,
  Button,
  MessageBar,
  MessageBarBody,
  makeStyles,
  Tab,
  TabList,
  Text,
  tokens,
} from '@fluentui/react-components';
import {
  ArrowLeftRegular,
  DeleteRegular,
  KeyResetRegular,
  LockOpenRegular,
  PersonAvailableRegular,
  PersonProhibitedRegular,
  SignOutRegular,
} from '@fluentui/react-icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useApi } from '../../api/ApiProvider';
import { useCan } from '../../api/access';
import { ApiError, unwrap } from '../../api/client';
import { ApiErrorMessage } from '../../components/ApiErrorMessage';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { EmptyState } from '../../components/EmptyState';
import { Loading } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { format, useStrings } from '../../strings';
import { useUser } from './api';
import { signInName, type User } from './model';
import { ProfileTab } from './ProfileTab';
import { ResetPasswordDialog } from './UserActions';
import { AppRolesTab, GroupsTab, IdentitiesTab, MethodsTab, RiskTab, SignInsTab } from './UserTabs';

const useStyles = makeStyles({
  back: {
    display: 'inline-flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalXS,
    marginBottom: tokens.spacingVerticalM,
    color: tokens.colorBrandForegroundLink,
  },
  subtitle: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: tokens.spacingHorizontalS },
  name: { overflowWrap: 'anywhere' },
  tabs: { overflowX: 'auto', marginBottom: tokens.spacingVerticalL },
  notice: { marginBottom: tokens.spacingVerticalM },
});

type TabId = 'profile' | 'identities' | 'groups' | 'appRoles' | 'methods' | 'signIns' | 'risk';
type Confirm = 'block' | 'unblock' | 'revoke' | 'unlock' | 'delete' | null;

/** One user: profile, identities, groups, app roles, methods, sign-ins, risk, and the admin's actions. */
export function UserPage() {
  const t = useStrings();
  const styles = useStyles();
  const { tenantId = '', userId = '' } = useParams();
  const { data: user, error, isPending } = useUser(tenantId, userId);
  if (isPending) return <Loading />;
  if (!user) {
    return (
      <>
        <BackLink />
        {error instanceof ApiError && error.status === 404 ? (
          <EmptyState title={t.common.notFound}>{error.message}</EmptyState>
        ) : (
          <ApiErrorMessage error={error} />
        )}
      </>
    );
  }
  return <UserView tenantId={tenantId} user={user} styles={styles} />;
}

function BackLink() {
  const t = useStrings();
  const styles = useStyles();
  return (
    <Link to=".." relative="path" className={styles.back}>
      <ArrowLeftRegular aria-hidden />
      {t.users.backToUsers}
    </Link>
  );
}

function UserView({
  tenantId,
  user,
  styles,
}: {
  tenantId: string;
  user: User;
  styles: ReturnType<typeof useStyles>;
}) {
  const t = useStrings();
  const can = useCan();
  const api = useApi();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [tab, setTab] = useState<TabId>('profile');
  const [confirm, setConfirm] = useState<Confirm>(null);
  const [resetting, setResetting] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const action = (name: string) => can(`microsoft.directory/users/${name}`, tenantId);
  const canUpdate = action('allProperties/update');
  const path = { tenantId, id: user.id };
  const name = user.displayName;

  const refresh = () => queryClient.invalidateQueries({ queryKey: [tenantId, 'users'] });
  const setEnabled = useMutation({
    mutationFn: (accountEnabled: boolean) =>
      unwrap<User>(
        api.PATCH('/api/v1/tenants/{tenantId}/users/{id}', { params: { path }, body: { accountEnabled } }),
      ),
    onSuccess: async (updated) => {
      setNotice(updated.accountEnabled ? t.users.unblocked_done : t.users.blocked_done);
      await refresh();
    },
  });

  const confirmations: Record<
    Exclude<Confirm, null>,
    { title: string; body: string; label: string; run: () => Promise<unknown>; typed?: string }
  > = {
    block: {
      title: format(t.users.blockTitle, { name }),
      body: t.users.blockBody,
      label: t.users.block,
      run: () => setEnabled.mutateAsync(false),
    },
    unblock: {
      title: format(t.users.unblockTitle, { name }),
      body: t.users.unblockBody,
      label: t.users.unblock,
      run: () => setEnabled.mutateAsync(true),
    },
    revoke: {
      title: format(t.users.revokeTitle, { name }),
      body: t.users.revokeBody,
      label: t.users.revoke,
      run: async () => {
        await unwrap(
          api.POST('/api/v1/tenants/{tenantId}/users/{id}/revokeSignInSessions', {
            params: { path },
            body: {},
          }),
        );
        setNotice(t.users.revoked);
      },
    },
    unlock: {
      title: format(t.users.unlockTitle, { name }),
      body: t.users.unlockBody,
      label: t.users.unlock,
      run: async () => {
        await unwrap(
          api.POST('/api/v1/tenants/{tenantId}/users/{id}/unlock', { params: { path }, body: {} }),
        );
        setNotice(t.users.unlocked);
      },
    },
    delete: {
      title: format(t.users.deleteTitle, { name }),
      body: t.users.deleteBody,
      label: t.common.delete,
      typed: name,
      run: async () => {
        await unwrap(api.DELETE('/api/v1/tenants/{tenantId}/users/{id}', { params: { path } }));
        queryClient.removeQueries({ queryKey: [tenantId, 'users', user.id] });
        await queryClient.invalidateQueries({ queryKey: [tenantId, 'users', 'list'] });
        navigate('..', { relative: 'path' });
      },
    },
  };
  const open = confirm ? confirmations[confirm] : null;
  const login = signInName(user);

  return (
    <>
      <BackLink />
      <PageHeader
        title={name}
        subtitle={
          <span className={styles.subtitle}>
            {login && <Text className={styles.name}>{login}</Text>}
            {user.accountEnabled ? (
              <Badge appearance="tint" color="success">
                {t.users.statusEnabled}
              </Badge>
            ) : (
              <Badge appearance="tint" color="danger">
                {t.users.statusBlocked}
              </Badge>
            )}
            {user.passwordProfile.forceChangePasswordNextSignIn && (
              <Badge appearance="tint" color="warning">
                {t.users.mustChangePassword}
              </Badge>
            )}
          </span>
        }
        actions={
          <>
            {canUpdate && (
              <Button icon={<KeyResetRegular />} onClick={() => setResetting(true)}>
                {t.users.resetPassword}
              </Button>
            )}
            {canUpdate &&
              (user.accountEnabled ? (
                <Button icon={<PersonProhibitedRegular />} onClick={() => setConfirm('block')}>
                  {t.users.block}
                </Button>
              ) : (
                <Button icon={<PersonAvailableRegular />} onClick={() => setConfirm('unblock')}>
                  {t.users.unblock}
                </Button>
              ))}
            {action('invalidateAllRefreshTokens') && (
              <Button icon={<SignOutRegular />} onClick={() => setConfirm('revoke')}>
                {t.users.revoke}
              </Button>
            )}
            {action('lockout/update') && (
              <Button icon={<LockOpenRegular />} onClick={() => setConfirm('unlock')}>
                {t.users.unlock}
              </Button>
            )}
            {action('delete') && (
              <Button icon={<DeleteRegular />} onClick={() => setConfirm('delete')}>
                {t.users.deleteUser}
              </Button>
            )}
          </>
        }
      />
      {notice && (
        <MessageBar intent="success" className={styles.notice}>
          <MessageBarBody role="status">{notice}</MessageBarBody>
        </MessageBar>
      )}
      <div className={styles.tabs}>
        <TabList
          aria-label={t.users.tabsLabel}
          selectedValue={tab}
          onTabSelect={(_event, data) => setTab(data.value as TabId)}
        >
          {(Object.keys(t.users.tabs) as TabId[]).map((id) => (
            <Tab key={id} value={id}>
              {t.users.tabs[id]}
            </Tab>
          ))}
        </TabList>
      </div>
      <section aria-label={t.users.tabs[tab]}>
        {tab === 'profile' && <ProfileTab tenantId={tenantId} user={user} canUpdate={canUpdate} />}
        {tab === 'identities' && <IdentitiesTab user={user} />}
        {tab === 'groups' && <GroupsTab tenantId={tenantId} user={user} />}
        {tab === 'appRoles' && <AppRolesTab tenantId={tenantId} user={user} />}
        {tab === 'methods' && <MethodsTab tenantId={tenantId} user={user} onNotice={setNotice} />}
        {tab === 'signIns' && <SignInsTab tenantId={tenantId} user={user} />}
        {tab === 'risk' && <RiskTab tenantId={tenantId} user={user} />}
      </section>
      {open && (
        <ConfirmDialog
          open
          title={open.title}
          confirmLabel={open.label}
          typed={open.typed}
          onConfirm={open.run}
          onClose={() => setConfirm(null)}
        >
          <p>{open.body}</p>
        </ConfirmDialog>
      )}
      {resetting && (
        <ResetPasswordDialog tenantId={tenantId} user={user} onClose={() => setResetting(false)} />
      )}
    </>
  );
}
