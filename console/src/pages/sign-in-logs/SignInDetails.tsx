import { Badge, type BadgeProps, makeStyles, Tab, TabList, Text, tokens } from '@fluentui/react-components';
import { type ReactNode, useState } from 'react';
import { DataTable } from '../../components/DataTable';
import { DetailsDrawer, Facts } from '../../components/DetailsDrawer';
import { formatDateTime } from '../../components/format';
import { format, useStrings } from '../../strings';
import { AuthenticationEvents } from './AuthenticationEvents';
import { type AppliedConditionalAccessPolicy, type AuthenticationDetail, type SignIn, userOf } from './model';

const useStyles = makeStyles({
  // Six tabs wrap on a phone instead of overflowing the pane.
  tabs: { flexWrap: 'wrap' },
  panel: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
});

const TABS = [
  'basic',
  'location',
  'device',
  'authentication',
  'conditionalAccess',
  'risk',
  'authenticationEvents',
] as const;
type TabId = (typeof TABS)[number];

type BadgeColor = NonNullable<BadgeProps['color']>;

/** A policy result's badge colour: green met, red failed, grey not applied, blue report-only. */
export function resultColor(result: string): BadgeColor {
  if (result === 'success') return 'success';
  if (result === 'failure') return 'danger';
  if (result.startsWith('reportOnly')) return 'informative';
  return 'subtle';
}

export function StatusBadge({ signIn }: { signIn: SignIn }) {
  const t = useStrings();
  return signIn.status.errorCode === 0 ? (
    <Badge appearance="tint" color="success">
      {t.signInLogs.statuses.success}
    </Badge>
  ) : (
    <Badge appearance="tint" color="danger">
      {t.signInLogs.statuses.failure}
    </Badge>
  );
}

export function CaBadge({ status }: { status: string }) {
  const t = useStrings();
  return (
    <Badge appearance="tint" color={resultColor(status)}>
      {t.signInLogs.caStatuses[status] ?? status}
    </Badge>
  );
}

const joined = (values: readonly string[] | undefined) => (values?.length ? values.join(', ') : null);

function BasicInfo({ signIn }: { signIn: SignIn }) {
  const t = useStrings();
  const b = t.signInLogs.basic;
  const yesNo = (value: boolean) => (value ? t.common.yes : t.common.no);
  return (
    <Facts
      items={[
        [b.date, formatDateTime(signIn.createdDateTime)],
        [b.requestId, signIn.id],
        [b.correlationId, signIn.correlationId],
        [b.user, signIn.userDisplayName ?? signIn.servicePrincipalName],
        [b.userId, signIn.userId ?? signIn.servicePrincipalId],
        [b.signInIdentifier, signIn.userPrincipalName],
        [b.application, signIn.appDisplayName],
        [b.applicationId, signIn.appId],
        [b.resource, signIn.resourceDisplayName],
        [b.clientAppUsed, signIn.clientAppUsed],
        [b.interactive, yesNo(signIn.isInteractive)],
        [b.eventTypes, joined(signIn.signInEventTypes)],
        [b.status, <StatusBadge key="status" signIn={signIn} />],
        [b.errorCode, String(signIn.status.errorCode)],
        [b.failureReason, signIn.status.failureReason],
        [b.additionalDetails, signIn.status.additionalDetails],
        [
          b.requirement,
          t.signInLogs.requirements[signIn.authenticationRequirement] ?? signIn.authenticationRequirement,
        ],
      ]}
    />
  );
}

function Location({ signIn }: { signIn: SignIn }) {
  const t = useStrings();
  const l = t.signInLogs.location;
  const geo = signIn.location.geoCoordinates;
  return (
    <Facts
      items={[
        [l.ipAddress, signIn.ipAddress],
        [l.city, signIn.location.city],
        [l.state, signIn.location.state],
        [l.country, signIn.location.countryOrRegion],
        [
          l.coordinates,
          geo && geo.latitude !== null && geo.longitude !== null
            ? format(l.coordinatesValue, { latitude: geo.latitude, longitude: geo.longitude })
            : null,
        ],
        [l.asn, signIn.autonomousSystemNumber ? String(signIn.autonomousSystemNumber) : null],
      ]}
    />
  );
}

function DeviceInfo({ signIn }: { signIn: SignIn }) {
  const t = useStrings();
  const d = t.signInLogs.device;
  return (
    <Facts
      items={[
        [d.deviceId, signIn.deviceDetail.deviceId],
        [d.browser, signIn.deviceDetail.browser],
        [d.operatingSystem, signIn.deviceDetail.operatingSystem],
        [d.clientAppUsed, signIn.clientAppUsed],
        [d.transferMethod, signIn.originalTransferMethod],
      ]}
    />
  );
}

function AuthenticationDetails({ signIn }: { signIn: SignIn }) {
  const t = useStrings();
  const a = t.signInLogs.authentication;
  const steps = signIn.authenticationDetails.map((step, index) => ({ step, index }));
  return (
    <>
      <Facts
        items={[
          [
            t.signInLogs.basic.requirement,
            t.signInLogs.requirements[signIn.authenticationRequirement] ?? signIn.authenticationRequirement,
          ],
        ]}
      />
      {steps.length === 0 ? (
        <Text>{a.empty}</Text>
      ) : (
        <DataTable<{ step: AuthenticationDetail; index: number }>
          label={a.tableLabel}
          rows={steps}
          rowKey={(row) => String(row.index)}
          rowLabel={(row) => format(a.step, { n: row.index + 1 })}
          columns={[
            {
              id: 'method',
              header: a.method,
              cell: ({ step }) => step.authenticationMethod ?? t.common.none,
            },
            {
              id: 'succeeded',
              header: a.succeeded,
              cell: ({ step }) =>
                step.succeeded === undefined ? (
                  t.common.none
                ) : step.succeeded ? (
                  <Badge appearance="tint" color="success">
                    {t.common.yes}
                  </Badge>
                ) : (
                  <Badge appearance="tint" color="danger">
                    {t.common.no}
                  </Badge>
                ),
            },
            {
              id: 'result',
              header: a.resultDetail,
              cell: ({ step }) => step.authenticationStepResultDetail ?? t.common.none,
            },
            {
              id: 'requirement',
              header: a.requirement,
              secondary: true,
              cell: ({ step }) => step.authenticationStepRequirement ?? t.common.none,
            },
            {
              id: 'detail',
              header: a.methodDetail,
              secondary: true,
              cell: ({ step }) => step.authenticationMethodDetail ?? t.common.none,
            },
            {
              id: 'time',
              header: a.time,
              secondary: true,
              cell: ({ step }) =>
                step.authenticationStepDateTime
                  ? formatDateTime(step.authenticationStepDateTime)
                  : t.common.none,
            },
          ]}
        />
      )}
    </>
  );
}

function ConditionalAccess({ signIn }: { signIn: SignIn }) {
  const t = useStrings();
  const c = t.signInLogs.ca;
  const policies = signIn.appliedConditionalAccessPolicies;
  return (
    <>
      <Facts items={[[c.status, <CaBadge key="ca" status={signIn.conditionalAccessStatus} />]]} />
      {policies.length === 0 ? (
        <Text>{c.empty}</Text>
      ) : (
        <DataTable<AppliedConditionalAccessPolicy>
          label={c.tableLabel}
          rows={policies}
          rowKey={(policy) => policy.id}
          rowLabel={(policy) => policy.displayName}
          columns={[
            { id: 'name', header: c.policy, cell: (policy) => policy.displayName },
            {
              id: 'result',
              header: c.result,
              cell: (policy) => (
                <Badge appearance="tint" color={resultColor(policy.result)}>
                  {t.signInLogs.policyResults[policy.result] ?? policy.result}
                </Badge>
              ),
            },
            {
              id: 'grant',
              header: c.grantControls,
              cell: (policy) => joined(policy.enforcedGrantControls) ?? t.common.none,
            },
            {
              id: 'session',
              header: c.sessionControls,
              secondary: true,
              cell: (policy) => joined(policy.enforcedSessionControls) ?? t.common.none,
            },
          ]}
        />
      )}
    </>
  );
}

function Risk({ signIn }: { signIn: SignIn }) {
  const t = useStrings();
  const r = t.signInLogs.risk;
  // Identity Protection's names of risk details and detection types.
  const { riskDetails, eventTypes } = t.identityProtection;
  const level = (value: string | undefined) => (value ? (t.signInLogs.riskLevels[value] ?? value) : null);
  return (
    <Facts
      items={[
        [r.levelDuringSignIn, level(signIn.riskLevelDuringSignIn)],
        [r.state, t.signInLogs.riskStates[signIn.riskState] ?? signIn.riskState],
        [r.detail, riskDetails[signIn.riskDetail] ?? signIn.riskDetail],
        [r.eventTypes, joined(signIn.riskEventTypes_v2?.map((type) => eventTypes[type] ?? type))],
      ]}
    />
  );
}

const PANELS: Record<TabId, (props: { signIn: SignIn }) => ReactNode> = {
  basic: BasicInfo,
  location: Location,
  device: DeviceInfo,
  authentication: AuthenticationDetails,
  conditionalAccess: ConditionalAccess,
  risk: Risk,
  authenticationEvents: AuthenticationEvents,
};

/** One sign-in in a pane, its facts in Entra's tabs. */
export function SignInDetails({ signIn, onClose }: { signIn: SignIn | null; onClose: () => void }) {
  const t = useStrings();
  const styles = useStyles();
  const [tab, setTab] = useState<TabId>('basic');
  const Panel = PANELS[tab];
  return (
    <DetailsDrawer open={signIn !== null} title={t.signInLogs.detailsTitle} onClose={onClose}>
      {signIn && (
        <>
          <Text>
            {format(t.signInLogs.detailsSummary, {
              user: userOf(signIn) ?? t.signInLogs.unknownUser,
              app: signIn.appDisplayName,
              date: formatDateTime(signIn.createdDateTime),
            })}
          </Text>
          <TabList
            className={styles.tabs}
            aria-label={t.signInLogs.detailsTabs}
            selectedValue={tab}
            onTabSelect={(_event, data) => setTab(data.value as TabId)}
          >
            {TABS.map((id) => (
              <Tab key={id} id={`sign-in-tab-${id}`} value={id}>
                {t.signInLogs.tabs[id]}
              </Tab>
            ))}
          </TabList>
          <div role="tabpanel" aria-labelledby={`sign-in-tab-${tab}`} className={styles.panel}>
            <Panel signIn={signIn} />
          </div>
        </>
      )}
    </DetailsDrawer>
  );
}
