import { createBrowserRouter, Navigate } from 'react-router';
import { useTenants } from './api/tenants';
import { EmptyState } from './components/EmptyState';
import { Loading } from './components/Loading';
import { Shell } from './layout/Shell';
import { useStrings } from './strings';

/** `/`: the tenant the admin works in: a customer tenant first (the demo), else the first one. */
function HomeRedirect() {
  const t = useStrings();
  const { data, isPending } = useTenants();
  if (isPending) return <Loading />;
  const tenants = data?.value ?? [];
  const first = tenants.find((tenant) => tenant.type === 'customer') ?? tenants[0];
  if (!first) return <EmptyState title={t.nav.noTenants} />;
  return <Navigate to={`/t/${encodeURIComponent(first.id)}`} replace />;
}

function NotFound() {
  const t = useStrings();
  return <EmptyState title={t.common.notFound}>{t.common.pageNotFound}</EmptyState>;
}

/**
 * The console's pages, each area its own chunk (loaded when first visited). An area's module
 * exports `Component`, which routes within the area.
 */
export function createRouter() {
  return createBrowserRouter(
    [
      {
        path: '/',
        element: <Shell />,
        children: [
          { index: true, element: <HomeRedirect /> },
          { path: 'callback', element: <Loading /> },
          { path: 'tenants/*', lazy: () => import('./pages/tenants/index') },
          { path: 'roles/*', lazy: () => import('./pages/roles/index') },
          {
            path: 't/:tenantId',
            children: [
              { index: true, lazy: () => import('./pages/home/index') },
              { path: 'settings/*', lazy: () => import('./pages/tenants/settings') },
              { path: 'users/*', lazy: () => import('./pages/users/index') },
              { path: 'groups/*', lazy: () => import('./pages/groups/index') },
              { path: 'apps/*', lazy: () => import('./pages/apps/index') },
              { path: 'user-flows/*', lazy: () => import('./pages/flows/index') },
              { path: 'custom-attributes/*', lazy: () => import('./pages/flows/attributes') },
              { path: 'identity-providers/*', lazy: () => import('./pages/idp/index') },
              { path: 'branding/*', lazy: () => import('./pages/branding/index') },
              { path: 'conditional-access/*', lazy: () => import('./pages/conditional-access/index') },
              { path: 'identity-protection/*', lazy: () => import('./pages/identity-protection/index') },
              { path: 'sign-in-logs/*', lazy: () => import('./pages/sign-in-logs/index') },
              { path: 'audit-logs/*', lazy: () => import('./pages/audit-logs/index') },
              { path: 'insights/*', lazy: () => import('./pages/insights/index') },
              { path: 'extensions/*', lazy: () => import('./pages/extensions/index') },
              { path: 'webhooks/*', lazy: () => import('./pages/webhooks/index') },
            ],
          },
          { path: '*', element: <NotFound /> },
        ],
      },
    ],
    { basename: import.meta.env.BASE_URL.replace(/\/$/, '') },
  );
}
