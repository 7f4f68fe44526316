import {
  Button,
  Card,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Select,
  Text,
} from '@fluentui/react-components';
import { PlayRegular } from '@fluentui/react-icons';
import { useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import { ApiErrorMessage, fieldError } from '../../components/ApiErrorMessage';
import { type Column, DataTable } from '../../components/DataTable';
import { format, useStrings } from '../../strings';
import { useApplications, useEvaluate, useUserSearch } from './api';
import {
  ALL_RISK_LEVELS,
  AUTHENTICATION_STRENGTHS,
  CLIENT_APP_TYPES,
  type ClientAppType,
  type DevicePlatform,
  type DirectoryItem,
  PLATFORMS,
  type RiskLevel,
  type WhatIfPolicyResult,
  type WhatIfResult,
} from './model';
import { UserGroupPicker, useAppItems } from './Picker';
import { AreaHeader, caPath, countriesByName, StateBadge, useStyles } from './shared';

/** What If: one hypothetical sign-in against every policy. */
export function WhatIfPage() {
  const t = useStrings();
  const s = t.conditionalAccess;
  const styles = useStyles();
  const { tenantId = '' } = useParams();
  const apps = useAppItems(tenantId);
  // Roles that read Conditional Access but not the directory (Security Reader) type ids instead.
  const appList = useApplications(tenantId);
  const userList = useUserSearch(tenantId, '');
  const [userId, setUserId] = useState('');
  const countries = useMemo(countriesByName, []);
  const evaluate = useEvaluate(tenantId);
  const [user, setUser] = useState<DirectoryItem[]>([]);
  const [appId, setAppId] = useState('');
  const [ipAddress, setIpAddress] = useState('');
  const [country, setCountry] = useState('');
  const [platform, setPlatform] = useState('');
  const [clientApp, setClientApp] = useState<Exclude<ClientAppType, 'all'>>('browser');
  const [signInRisk, setSignInRisk] = useState<RiskLevel>('none');
  const [userRisk, setUserRisk] = useState<RiskLevel>('none');
  const [missing, setMissing] = useState<{ user?: string; app?: string }>({});

  const run = () => {
    const picked = userList.error ? userId.trim() : user[0]?.id;
    const app = appId.trim();
    const next = { user: picked ? undefined : s.whatIfNeedUser, app: app ? undefined : s.whatIfNeedApp };
    setMissing(next);
    if (!picked || !app) return;
    evaluate.mutate({
      signInIdentity: { userId: picked },
      signInContext: { includeApplications: [app] },
      signInConditions: {
        ...(ipAddress.trim() && { ipAddress: ipAddress.trim() }),
        ...(country && { country }),
        ...(platform && { devicePlatform: platform as Exclude<DevicePlatform, 'all'> }),
        clientAppType: clientApp,
        signInRiskLevel: signInRisk,
        userRiskLevel: userRisk,
      },
    });
  };
  const targets = [
    'signInIdentity',
    'signInContext',
    'signInConditions.ipAddress',
    'signInConditions.country',
  ];
  const banner = targets.some((target) => fieldError(evaluate.error, target)) ? null : evaluate.error;

  return (
    <>
      <AreaHeader page="whatIf" subtitle={s.whatIfSubtitle} />
      <Card>
        <form
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            run();
          }}
        >
          <div className={styles.section}>
            <div className={styles.grid}>
              {userList.error ? (
                <Field
                  label={s.whatIfUserId}
                  hint={s.whatIfNoDirectory}
                  required
                  validationMessage={missing.user ?? fieldError(evaluate.error, 'signInIdentity')}
                >
                  <Input
                    className={styles.fill}
                    value={userId}
                    onChange={(_e, data) => setUserId(data.value)}
                  />
                </Field>
              ) : (
                <UserGroupPicker
                  tenantId={tenantId}
                  label={s.whatIfUser}
                  placeholder={s.whatIfUserPlaceholder}
                  withGroups={false}
                  single
                  required
                  selected={user}
                  onChange={(next) => {
                    setUser(next);
                    evaluate.reset();
                  }}
                  validationMessage={missing.user ?? fieldError(evaluate.error, 'signInIdentity')}
                />
              )}
              {appList.error ? (
                <Field
                  label={s.whatIfAppId}
                  hint={s.whatIfNoDirectory}
                  required
                  validationMessage={missing.app ?? fieldError(evaluate.error, 'signInContext')}
                >
                  <Input
                    className={styles.fill}
                    value={appId}
                    onChange={(_e, data) => setAppId(data.value)}
                  />
                </Field>
              ) : (
                <Field
                  label={s.whatIfApp}
                  required
                  validationMessage={
                    missing.app ??
                    fieldError(evaluate.error, 'signInContext') ??
                    (apps.length === 0 ? s.whatIfNoApps : undefined)
                  }
                >
                  <Select className={styles.fill} value={appId} onChange={(_e, data) => setAppId(data.value)}>
                    <option value="">{s.whatIfAppPlaceholder}</option>
                    {apps.map((app) => (
                      <option key={app.id} value={app.id}>
                        {app.displayName}
                      </option>
                    ))}
                  </Select>
                </Field>
              )}
              <Field
                label={s.whatIfIp}
                hint={s.whatIfIpHint}
                validationMessage={fieldError(evaluate.error, 'signInConditions.ipAddress')}
              >
                <Input
                  value={ipAddress}
                  onChange={(_e, data) => setIpAddress(data.value)}
                  placeholder="203.0.113.7"
                />
              </Field>
              <Field
                label={s.whatIfCountry}
                validationMessage={fieldError(evaluate.error, 'signInConditions.country')}
              >
                <Select
                  className={styles.fill}
                  value={country}
                  onChange={(_e, data) => setCountry(data.value)}
                >
                  <option value="">{s.whatIfAnyCountry}</option>
                  {countries.map((c) => (
                    <option key={c.code} value={c.code}>
                      {c.name}
                    </option>
                  ))}
                </Select>
              </Field>
              <Field label={s.whatIfPlatform}>
                <Select
                  className={styles.fill}
                  value={platform}
                  onChange={(_e, data) => setPlatform(data.value)}
                >
                  <option value="">{s.whatIfAnyPlatform}</option>
                  {PLATFORMS.map((p) => (
                    <option key={p} value={p}>
                      {s.platformNames[p]}
                    </option>
                  ))}
                </Select>
              </Field>
              <Field label={s.whatIfClientApp}>
                <Select
                  value={clientApp}
                  onChange={(_e, data) => setClientApp(data.value as Exclude<ClientAppType, 'all'>)}
                >
                  {CLIENT_APP_TYPES.map((kind) => (
                    <option key={kind} value={kind}>
                      {s.clientAppNames[kind]}
                    </option>
                  ))}
                </Select>
              </Field>
              <RiskField label={s.whatIfSignInRisk} value={signInRisk} onChange={setSignInRisk} />
              <RiskField label={s.whatIfUserRisk} value={userRisk} onChange={setUserRisk} />
            </div>
            <div className={styles.actions}>
              <Button type="submit" appearance="primary" icon={<PlayRegular />} disabled={evaluate.isPending}>
                {s.whatIfRun}
              </Button>
              <Button
                type="button"
                onClick={() => {
                  setUser([]);
                  setUserId('');
                  setAppId('');
                  setIpAddress('');
                  setCountry('');
                  setPlatform('');
                  setClientApp('browser');
                  setSignInRisk('none');
                  setUserRisk('none');
                  setMissing({});
                  evaluate.reset();
                }}
              >
                {s.whatIfReset}
              </Button>
            </div>
          </div>
        </form>
      </Card>
      <ApiErrorMessage error={banner} />
      {evaluate.data && <WhatIfResults tenantId={tenantId} result={evaluate.data} />}
    </>
  );
}

/** A risk level to try (none, low, medium, high). */
function RiskField({
  label,
  value,
  onChange,
}: {
  label: string;
  value: RiskLevel;
  onChange: (level: RiskLevel) => void;
}) {
  const s = useStrings().conditionalAccess;
  const styles = useStyles();
  return (
    <Field label={label}>
      <Select
        className={styles.fill}
        value={value}
        onChange={(_e, data) => onChange(data.value as RiskLevel)}
      >
        {ALL_RISK_LEVELS.map((level) => (
          <option key={level} value={level}>
            {s.riskNames[level]}
          </option>
        ))}
      </Select>
    </Field>
  );
}

function WhatIfResults({ tenantId, result }: { tenantId: string; result: WhatIfResult }) {
  const s = useStrings().conditionalAccess;
  const styles = useStyles();
  const applying = result.value.filter((policy) => policy.policyApplies);
  const notApplying = result.value.filter((policy) => !policy.policyApplies);
  const { decision } = result;
  const controls = [
    ...decision.grantControls.map((control) => s.decisionControlNames[control]),
    ...(decision.authenticationStrength
      ? [
          decision.authenticationStrength.id === AUTHENTICATION_STRENGTHS.phishingResistant
            ? s.strengths.phishingResistant
            : s.strengths.multifactor,
        ]
      : []),
  ];
  const joiner = decision.operator === 'AND' ? s.operatorJoinAnd : s.operatorJoinOr;
  const controlsOf = (policy: WhatIfPolicyResult) => {
    const grant = policy.grantControls;
    if (!grant) return s.controlsNone;
    const names = [
      ...grant.builtInControls.map((control) => s.decisionControlNames[control]),
      ...(grant.authenticationStrength
        ? [
            grant.authenticationStrength.id === AUTHENTICATION_STRENGTHS.phishingResistant
              ? s.strengths.phishingResistant
              : s.strengths.multifactor,
          ]
        : []),
    ];
    return names.join(grant.operator === 'AND' ? s.operatorJoinAnd : s.operatorJoinOr);
  };
  const name: Column<WhatIfPolicyResult> = {
    id: 'name',
    header: s.columns.name,
    cell: (policy) => (
      <Link className={styles.link} to={caPath(tenantId, 'policies', policy.id)}>
        {policy.displayName}
      </Link>
    ),
  };
  const state: Column<WhatIfPolicyResult> = {
    id: 'state',
    header: s.columns.state,
    secondary: true,
    cell: (policy) => <StateBadge state={policy.state} />,
  };
  return (
    <section className={styles.section} aria-label={s.whatIfResults}>
      <Text as="h2" size={500} weight="semibold">
        {s.whatIfResults}
      </Text>
      <MessageBar intent={decision.block ? 'error' : controls.length > 0 ? 'warning' : 'success'}>
        <MessageBarBody>
          <MessageBarTitle>{s.decision}</MessageBarTitle>
          {decision.block
            ? s.decisionBlock
            : controls.length > 0
              ? format(s.decisionControls, { controls: controls.join(joiner) })
              : s.decisionAllow}{' '}
          {s.decisionNote}
        </MessageBarBody>
      </MessageBar>
      <Text as="h3" size={400} weight="semibold">
        {format(s.policiesApply, { count: applying.length })}
      </Text>
      {applying.length === 0 ? (
        <Text>{s.noneApply}</Text>
      ) : (
        <DataTable
          label={s.applyLabel}
          rows={applying}
          rowKey={(policy) => policy.id}
          rowLabel={(policy) => policy.displayName}
          columns={[name, state, { id: 'grant', header: s.grantControlsColumn, cell: controlsOf }]}
        />
      )}
      <Text as="h3" size={400} weight="semibold">
        {format(s.policiesNotApply, { count: notApplying.length })}
      </Text>
      {notApplying.length === 0 ? (
        <Text>{s.allApply}</Text>
      ) : (
        <DataTable
          label={s.notApplyLabel}
          rows={notApplying}
          rowKey={(policy) => policy.id}
          rowLabel={(policy) => policy.displayName}
          columns={[
            name,
            state,
            { id: 'reason', header: s.reason, cell: (policy) => s.reasons[policy.analysisReasons] },
          ]}
        />
      )}
    </section>
  );
}
