import { Tab, TabList, Text } from '@fluentui/react-components';
import { useState } from 'react';
import { Link } from 'react-router';
import { useMe } from '../../api/access';
import { ApiErrorMessage } from '../../components/ApiErrorMessage';
import { type Column, DataTable } from '../../components/DataTable';
import { DetailsDrawer, Facts } from '../../components/DetailsDrawer';
import { EmptyState } from '../../components/EmptyState';
import { formatDateTime } from '../../components/format';
import { Loading } from '../../components/Loading';
import { format, useStrings } from '../../strings';
import { useDetections, useRiskySignIns, useRiskyUser, useRiskyUserHistory } from './api';
import {
  placeOf,
  type RiskDetection,
  type RiskySignIn,
  type RiskyUser,
  type RiskyUserHistoryItem,
} from './model';
import { nameOf, RiskyUserCommands } from './RiskyUserCommands';
import { RiskLevelBadge, RiskStateBadge, useAreaStyles } from './shared';

type TabId = 'detections' | 'signIns' | 'history';

/** A risky user's pane: basic info, actions, and tabs of detections, risky sign-ins and history. */
export function RiskyUserDrawer({
  tenantId,
  userId,
  initial,
  onClose,
  onNotice,
}: {
  tenantId: string;
  userId: string;
  initial: RiskyUser | undefined;
  onClose: () => void;
  onNotice: (notice: string) => void;
}) {
  const t = useStrings();
  const ip = t.identityProtection;
  const s = ip.riskyUsers;
  const styles = useAreaStyles();
  const { data, error } = useRiskyUser(tenantId, userId);
  const [tab, setTab] = useState<TabId>('detections');
  const user = data ?? initial;
  const names: Record<TabId, string> = {
    detections: s.tabs.detections,
    signIns: s.tabs.signIns,
    history: s.tabs.history,
  };
  return (
    <DetailsDrawer
      open
      title={user ? nameOf(user) : s.details}
      onClose={onClose}
      actions={
        user && (
          <RiskyUserCommands tenantId={tenantId} users={[user]} label={s.actionsLabel} onDone={onNotice} />
        )
      }
    >
      <ApiErrorMessage error={error} />
      {!user ? (
        <Loading />
      ) : (
        <>
          <section className={styles.section} aria-labelledby="risky-user-basic">
            <Text as="h3" id="risky-user-basic" weight="semibold" size={400} className={styles.heading}>
              {s.basicInfo}
            </Text>
            <Facts
              items={[
                [ip.user, user.isDeleted ? `${nameOf(user)} (${s.deleted})` : nameOf(user)],
                [s.userPrincipalName, user.userPrincipalName],
                [
                  s.userId,
                  <span key="f75" className={styles.mono}>
                    {user.id}
                  </span>,
                ],
                [ip.riskLevel, <RiskLevelBadge key="f76" level={user.riskLevel} />],
                [ip.riskState, <RiskStateBadge key="f77" state={user.riskState} />],
                [ip.riskDetail, ip.riskDetails[user.riskDetail] ?? user.riskDetail],
                [ip.lastUpdated, formatDateTime(user.riskLastUpdatedDateTime)],
              ]}
            />
            {!user.isDeleted && (
              <Link
                className={styles.link}
                to={`/t/${encodeURIComponent(tenantId)}/users/${encodeURIComponent(user.id)}`}
              >
                {ip.openUserPage}
              </Link>
            )}
          </section>
          <TabList
            selectedValue={tab}
            onTabSelect={(_event, d) => setTab(d.value as TabId)}
            aria-label={s.tabsLabel}
          >
            {(Object.keys(names) as TabId[]).map((id) => (
              <Tab key={id} value={id}>
                {names[id]}
              </Tab>
            ))}
          </TabList>
          <div role="tabpanel" aria-label={names[tab]}>
            {tab === 'detections' && <UserDetections tenantId={tenantId} userId={user.id} />}
            {tab === 'signIns' && <UserSignIns tenantId={tenantId} userId={user.id} />}
            {tab === 'history' && <UserHistory tenantId={tenantId} userId={user.id} />}
          </div>
        </>
      )}
    </DetailsDrawer>
  );
}

function UserDetections({ tenantId, userId }: { tenantId: string; userId: string }) {
  const t = useStrings();
  const ip = t.identityProtection;
  const { data, error, isPending } = useDetections(tenantId, { userId }, undefined);
  if (isPending) return <Loading />;
  if (error) return <ApiErrorMessage error={error} />;
  const rows = data?.value ?? [];
  if (rows.length === 0) return <EmptyState title={ip.riskyUsers.noDetections} />;
  const columns: Column<RiskDetection>[] = [
    { id: 'type', header: ip.detectionType, cell: (d) => ip.eventTypes[d.riskEventType] ?? d.riskEventType },
    { id: 'level', header: ip.riskLevel, cell: (d) => <RiskLevelBadge level={d.riskLevel} /> },
    { id: 'time', header: ip.detectionTime, cell: (d) => formatDateTime(d.activityDateTime) },
    { id: 'ip', header: ip.ipAddress, secondary: true, cell: (d) => d.ipAddress ?? '' },
    { id: 'location', header: ip.location, secondary: true, cell: (d) => placeOf(d.location) },
  ];
  return (
    <DataTable
      label={ip.riskyUsers.tabs.detections}
      rows={rows}
      columns={columns}
      rowKey={(d) => d.id}
      rowLabel={(d) => ip.eventTypes[d.riskEventType] ?? d.riskEventType}
    />
  );
}

function UserSignIns({ tenantId, userId }: { tenantId: string; userId: string }) {
  const t = useStrings();
  const ip = t.identityProtection;
  const { data, error, isPending } = useRiskySignIns(tenantId, { userId }, undefined);
  if (isPending) return <Loading />;
  if (error) return <ApiErrorMessage error={error} />;
  const rows = data?.value ?? [];
  if (rows.length === 0) return <EmptyState title={ip.riskyUsers.noSignIns} />;
  const columns: Column<RiskySignIn>[] = [
    { id: 'date', header: ip.signIns.date, cell: (r) => formatDateTime(r.createdDateTime) },
    { id: 'level', header: ip.riskLevel, cell: (r) => <RiskLevelBadge level={r.riskLevelDuringSignIn} /> },
    { id: 'state', header: ip.riskState, cell: (r) => <RiskStateBadge state={r.riskState} /> },
    { id: 'ip', header: ip.ipAddress, secondary: true, cell: (r) => r.ipAddress },
    { id: 'location', header: ip.location, secondary: true, cell: (r) => placeOf(r.location) },
  ];
  return (
    <DataTable
      label={ip.riskyUsers.tabs.signIns}
      rows={rows}
      columns={columns}
      rowKey={(r) => r.id}
      rowLabel={(r) => formatDateTime(r.createdDateTime)}
    />
  );
}

function UserHistory({ tenantId, userId }: { tenantId: string; userId: string }) {
  const t = useStrings();
  const ip = t.identityProtection;
  const s = ip.riskyUsers;
  const me = useMe().data;
  const { data, error, isPending } = useRiskyUserHistory(tenantId, userId, true);
  if (isPending) return <Loading />;
  if (error) return <ApiErrorMessage error={error} />;
  const rows = data?.value ?? [];
  if (rows.length === 0) return <EmptyState title={s.noHistory} />;
  const by = (item: RiskyUserHistoryItem) =>
    item.initiatedBy === 'system'
      ? s.system
      : me?.id && item.initiatedBy === me.id
        ? s.you
        : format(s.admin, { id: item.initiatedBy });
  const activity = (item: RiskyUserHistoryItem) => {
    const detail = item.activity.detail !== 'none' ? ip.riskDetails[item.activity.detail] : '';
    const types = item.activity.eventTypes.map((type) => ip.eventTypes[type] ?? type).join(', ');
    return detail || types || (ip.riskDetails[item.riskDetail] ?? item.riskDetail);
  };
  const columns: Column<RiskyUserHistoryItem>[] = [
    { id: 'activity', header: s.activity, cell: activity },
    { id: 'time', header: s.time, cell: (item) => formatDateTime(item.riskLastUpdatedDateTime) },
    { id: 'by', header: s.initiatedBy, secondary: true, cell: by },
    { id: 'level', header: ip.riskLevel, cell: (item) => <RiskLevelBadge level={item.riskLevel} /> },
    {
      id: 'state',
      header: ip.riskState,
      secondary: true,
      cell: (item) => <RiskStateBadge state={item.riskState} />,
    },
  ];
  return (
    <DataTable
      label={s.historyLabel}
      rows={rows}
      columns={columns}
      // The API gives every item the user's id: the position tells them apart.
      rowKey={(item) => String(rows.indexOf(item))}
      rowLabel={activity}
    />
  );
}
