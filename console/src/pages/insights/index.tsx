import { Route, Routes, useParams } from 'react-router';
import { useCan, useMe } from '../../api/access';
import { EmptyState } from '../../components/EmptyState';
import { Loading } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { format, useStrings } from '../../strings';
import { READ_ACTION, useApplicationNames, useUsageList } from './api';
import { Charts } from './Charts';
import { type AppOption, DashboardFilters } from './Filters';
import { useDashboardState } from './filters';
import type { ActiveUsersBreakdownMetric } from './model';
import { SummaryTiles } from './SummaryTiles';

/** Usage & insights: the tenant's dashboards, for a date range and one app or all. */
function Dashboard() {
  const t = useStrings();
  const { tenantId = '' } = useParams();
  const can = useCan();
  const me = useMe();
  const [state, update] = useDashboardState();
  const registrations = useApplicationNames(tenantId);
  // Apps with sign-ins in the last 12 months, named by the API when it knows them: the filter
  // offers them even to an admin whose roles do not read app registrations.
  const active = useUsageList<ActiveUsersBreakdownMetric>(tenantId, 'monthly', 'activeUsersBreakdown', {
    from: state.to,
    to: state.to,
  });
  const names = new Map<string, string>();
  for (const app of registrations.data?.value ?? []) names.set(app.appId, app.displayName);
  for (const item of active.data ?? [])
    if (!names.has(item.appId) && item.appName) names.set(item.appId, item.appName);
  for (const item of active.data ?? []) if (!names.has(item.appId)) names.set(item.appId, item.appId);
  const appName = (appId: string) => names.get(appId) ?? format(t.insights.unnamedApp, { appId });
  const apps: AppOption[] = [...names]
    .map(([appId, name]) => ({ appId, name }))
    .sort((a, b) => a.name.localeCompare(b.name));

  // The roles decide (a Security Reader or Reports Reader sees it all; there is nothing to change here).
  if (me.isPending)
    return (
      <>
        <PageHeader title={t.insights.title} />
        <Loading />
      </>
    );
  if (!can(READ_ACTION, tenantId))
    return (
      <>
        <PageHeader title={t.insights.title} />
        <EmptyState title={t.common.noAccess} />
      </>
    );
  const filter = { from: state.from, to: state.to, appId: state.appId };
  return (
    <>
      <PageHeader title={t.insights.title} subtitle={t.insights.subtitle} />
      <DashboardFilters state={state} apps={apps} onChange={update} />
      <SummaryTiles tenantId={tenantId} filter={filter} />
      <Charts tenantId={tenantId} filter={filter} appName={appName} />
    </>
  );
}

/** /t/:tenantId/insights */
export function Component() {
  return (
    <Routes>
      <Route index element={<Dashboard />} />
      <Route path="*" element={<Dashboard />} />
    </Routes>
  );
}
