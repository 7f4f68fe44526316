import { Button, makeStyles, Tab, TabList, tokens } from '@fluentui/react-components';
import { ArrowLeftRegular, DeleteRegular } from '@fluentui/react-icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { createContext, useContext, useState } from 'react';
import { Link, Navigate, Route, Routes, useLocation, useNavigate, useParams } from 'react-router';
import { useApi } from '../../api/ApiProvider';
import { useCan } from '../../api/access';
import { unwrap } from '../../api/client';
import { ApiErrorMessage } from '../../components/ApiErrorMessage';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { Loading } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { format, useStrings } from '../../strings';
import { ACTIONS, appsKey, useApplication } from './api';
import type { Application, PasswordCredential } from './model';
import { appsPath } from './shared';
import { ApiPermissionsTab } from './tabs/ApiPermissions';
import { AuthenticationTab } from './tabs/Authentication';
import { ExposeApiTab } from './tabs/ExposeApi';
import { OverviewTab } from './tabs/Overview';
import { QuickstartTab } from './tabs/Quickstart';
import { SecretsTab } from './tabs/Secrets';
import { TokenConfigurationTab } from './tabs/TokenConfiguration';
import { UsersRolesTab } from './tabs/UsersRoles';

const TABS = [
  'overview',
  'authentication',
  'secrets',
  'expose-api',
  'api-permissions',
  'token-configuration',
  'users-roles',
  'quickstart',
] as const;
type TabId = (typeof TABS)[number];

const useStyles = makeStyles({
  tabs: { marginBottom: tokens.spacingVerticalL },
  // Eight tabs: they wrap onto a second line rather than hide the last ones.
  tabList: { flexWrap: 'wrap' },
  back: {
    display: 'inline-flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalXS,
    marginBottom: tokens.spacingVerticalS,
  },
});

export interface AppContextValue {
  tenantId: string;
  app: Application;
  /** The secret added in this visit (shown once), for the quickstarts. */
  newSecret: PasswordCredential | null;
  setNewSecret: (secret: PasswordCredential | null) => void;
}

const AppContext = createContext<AppContextValue | null>(null);

export function useAppContext(): AppContextValue {
  const value = useContext(AppContext);
  if (!value) throw new Error('useAppContext outside <AppPage>');
  return value;
}

/** /apps/:appObjectId/*: the app's name, its tabs (one route segment each), and delete. */
export function AppPage() {
  const t = useStrings();
  const styles = useStyles();
  const { tenantId = '', appObjectId = '' } = useParams();
  const { pathname } = useLocation();
  const navigate = useNavigate();
  const can = useCan();
  const api = useApi();
  const queryClient = useQueryClient();
  const { data: app, isPending, error } = useApplication(tenantId, appObjectId);
  const [newSecret, setNewSecret] = useState<PasswordCredential | null>(null);
  const [deleting, setDeleting] = useState(false);
  const remove = useMutation({
    mutationFn: () =>
      unwrap(
        api.DELETE('/api/v1/tenants/{tenantId}/applications/{id}', {
          params: { path: { tenantId, id: appObjectId } },
        }),
      ),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: appsKey(tenantId) });
      navigate(appsPath(tenantId), { replace: true });
    },
  });
  if (isPending) return <Loading />;
  if (!app) return <ApiErrorMessage error={error} />;
  const segment = pathname.split('/').filter(Boolean).at(-1) as TabId;
  const selected = TABS.includes(segment) ? segment : 'overview';
  const names: Record<TabId, string> = {
    overview: t.apps.tabs.overview,
    authentication: t.apps.tabs.authentication,
    secrets: t.apps.tabs.secrets,
    'expose-api': t.apps.tabs.exposeApi,
    'api-permissions': t.apps.tabs.apiPermissions,
    'token-configuration': t.apps.tabs.tokenConfiguration,
    'users-roles': t.apps.tabs.usersRoles,
    quickstart: t.apps.tabs.quickstart,
  };
  const context: AppContextValue = { tenantId, app, newSecret, setNewSecret };
  return (
    <AppContext.Provider value={context}>
      <Link to={appsPath(tenantId)} className={styles.back}>
        <ArrowLeftRegular aria-hidden />
        {t.apps.backToList}
      </Link>
      <PageHeader
        title={app.displayName}
        actions={
          can(ACTIONS.remove, tenantId) && (
            <Button icon={<DeleteRegular />} onClick={() => setDeleting(true)}>
              {t.apps.deleteApp}
            </Button>
          )
        }
      />
      <div className={styles.tabs}>
        <TabList
          className={styles.tabList}
          aria-label={t.apps.tabs.label}
          selectedValue={selected}
          onTabSelect={(_event, data) => navigate(appsPath(tenantId, appObjectId, String(data.value)))}
        >
          {TABS.map((id) => (
            <Tab key={id} value={id}>
              {names[id]}
            </Tab>
          ))}
        </TabList>
      </div>
      <div role="tabpanel" aria-label={names[selected]}>
        <Routes>
          <Route index element={<Navigate to="overview" replace />} />
          <Route path="overview" element={<OverviewTab />} />
          <Route path="authentication" element={<AuthenticationTab />} />
          <Route path="secrets" element={<SecretsTab />} />
          <Route path="expose-api" element={<ExposeApiTab />} />
          <Route path="api-permissions" element={<ApiPermissionsTab />} />
          <Route path="token-configuration" element={<TokenConfigurationTab />} />
          <Route path="users-roles" element={<UsersRolesTab />} />
          <Route path="quickstart" element={<QuickstartTab />} />
        </Routes>
      </div>
      <ConfirmDialog
        open={deleting}
        title={format(t.apps.deleteTitle, { name: app.displayName })}
        confirmLabel={t.common.delete}
        typed={app.displayName}
        onConfirm={() => remove.mutateAsync()}
        onClose={() => setDeleting(false)}
      >
        {t.apps.deleteBody}
      </ConfirmDialog>
    </AppContext.Provider>
  );
}
