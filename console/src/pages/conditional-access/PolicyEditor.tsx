import {
  Button,
  Card,
  Checkbox,
  Field,
  Input,
  Menu,
  MenuItemRadio,
  MenuList,
  MenuPopover,
  MenuTrigger,
  MessageBar,
  MessageBarBody,
  mergeClasses,
  Radio,
  RadioGroup,
  Select,
  Text,
} from '@fluentui/react-components';
import { ChartMultipleRegular, DeleteRegular, SaveRegular } from '@fluentui/react-icons';
import { type ReactNode, useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useCan } from '../../api/access';
import { ApiError } from '../../api/client';
import { ApiErrorMessage, fieldError } from '../../components/ApiErrorMessage';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { EmptyState } from '../../components/EmptyState';
import { Loading } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { format, useStrings } from '../../strings';
import {
  ACTIONS,
  useDeletePolicy,
  useNamedLocations,
  usePolicy,
  useSavePolicy,
  useSetPolicyState,
} from './api';
import { bodyOf, type Draft, draftOf, emptyDraft, localErrors } from './draft';
import { ImpactDrawer } from './ImpactDrawer';
import {
  CLIENT_APP_TYPES,
  PLATFORMS,
  POLICY_STATES,
  type Policy,
  type PolicyState,
  RISK_LEVELS,
  type RiskLevel,
} from './model';
import { AppPicker, UserGroupPicker, useResolvedItems } from './Picker';
import { caPath, StateBadge, useStyles } from './shared';

/** The API's error targets each part of the form shows next to itself. */
const FIELDS = [
  'displayName',
  'state',
  'conditions.users',
  'conditions.applications',
  'conditions.clientApplications',
  'conditions.locations',
  'conditions.platforms',
  'conditions.clientAppTypes',
  'conditions.signInRiskLevels',
  'conditions.userRiskLevels',
  'grantControls',
  'sessionControls',
];

/** /policies/new and /policies/:policyId: the editor, once the saved policy and its names are loaded. */
export function PolicyEditorPage() {
  const t = useStrings();
  const { tenantId = '', policyId } = useParams();
  const policy = usePolicy(tenantId, policyId);
  const users = policy.data?.conditions.users;
  const names = useResolvedItems(
    tenantId,
    users ? [...users.includeUsers, ...users.excludeUsers].filter((id) => id !== 'All' && id !== 'None') : [],
    users ? [...users.includeGroups, ...users.excludeGroups] : [],
  );
  if (!policyId) return <PolicyEditor key="new" tenantId={tenantId} />;
  if (policy.error instanceof ApiError && policy.error.status === 404)
    return (
      <>
        <PageHeader title={t.conditionalAccess.notFoundTitle} />
        <EmptyState
          title={t.conditionalAccess.notFoundTitle}
          action={<Link to={caPath(tenantId, 'policies')}>{t.conditionalAccess.backToPolicies}</Link>}
        >
          {t.conditionalAccess.notFoundBody}
        </EmptyState>
      </>
    );
  if (policy.error) return <ApiErrorMessage error={policy.error} />;
  if (!policy.data || !names) return <Loading />;
  return (
    <PolicyEditor
      key={policy.data.id}
      tenantId={tenantId}
      saved={policy.data}
      initial={draftOf(policy.data, names)}
    />
  );
}

function PolicyEditor({ tenantId, saved, initial }: { tenantId: string; saved?: Policy; initial?: Draft }) {
  const t = useStrings();
  const s = t.conditionalAccess;
  const styles = useStyles();
  const navigate = useNavigate();
  const can = useCan();
  const canEdit = can(ACTIONS.policies, tenantId);
  const [draft, setDraft] = useState<Draft>(() => initial ?? emptyDraft());
  const [local, setLocal] = useState<Record<string, string>>({});
  const [done, setDone] = useState<string | null>(null);
  const [deleting, setDeleting] = useState(false);
  const [impact, setImpact] = useState(false);
  const save = useSavePolicy(tenantId);
  const setState = useSetPolicyState(tenantId);
  const remove = useDeletePolicy(tenantId);
  const dirty = useMemo(
    () => JSON.stringify(bodyOf(draft)) !== JSON.stringify(bodyOf(initial ?? emptyDraft())),
    [draft, initial],
  );

  // Edits clear the messages about the previous attempt.
  const update = (change: (draft: Draft) => Draft) => {
    setDraft(change);
    setDone(null);
    setLocal({});
    if (save.error) save.reset();
  };

  const errorFor = (...targets: string[]) => {
    for (const target of targets) {
      const message =
        local[target] ?? Object.entries(local).find(([key]) => key.startsWith(`${target}.`))?.[1];
      if (message) return message;
      const api = fieldError(save.error, target);
      if (api) return api;
    }
    return undefined;
  };
  const bannerError =
    save.error && !FIELDS.some((field) => fieldError(save.error, field) !== undefined) ? save.error : null;

  const submit = async () => {
    const errors = localErrors(draft, s as unknown as Record<string, string>);
    setLocal(errors);
    save.reset();
    if (Object.keys(errors).length > 0) return;
    try {
      const policy = await save.mutateAsync({ id: saved?.id, body: bodyOf(draft) });
      if (!saved)
        navigate(caPath(tenantId, 'policies', policy.id), { replace: true, state: { created: true } });
      else setDone(s.saved);
    } catch {
      // shown next to the field, or in the banner
    }
  };

  const title = saved ? saved.displayName : s.newPolicyTitle;
  const readOnly = !canEdit;
  const invalid = Object.keys(local).length > 0 || (save.error !== null && !bannerError);
  return (
    <>
      <PageHeader
        title={title}
        subtitle={
          saved ? (
            <span className={styles.actions}>
              <StateBadge state={saved.state} />
              <Link className={styles.link} to={caPath(tenantId, 'policies')}>
                {s.backToPolicies}
              </Link>
            </span>
          ) : (
            <Link className={styles.link} to={caPath(tenantId, 'policies')}>
              {s.backToPolicies}
            </Link>
          )
        }
        actions={
          <>
            {canEdit && (
              <Button appearance="primary" icon={<SaveRegular />} onClick={submit} disabled={save.isPending}>
                {s.save}
              </Button>
            )}
            <Button icon={<ChartMultipleRegular />} onClick={() => setImpact(true)}>
              {s.seeImpact}
            </Button>
            {saved && canEdit && (
              <Menu
                checkedValues={{ state: [saved.state] }}
                onCheckedValueChange={(_event, data) => {
                  const state = data.checkedItems[0] as PolicyState;
                  setState.mutate(
                    { id: saved.id, state },
                    { onSuccess: () => setDraft((d) => ({ ...d, state })) },
                  );
                }}
              >
                <MenuTrigger disableButtonEnhancement>
                  <Button>{format(s.setState, { state: s.states[saved.state] })}</Button>
                </MenuTrigger>
                <MenuPopover>
                  <MenuList>
                    {POLICY_STATES.map((state) => (
                      <MenuItemRadio key={state} name="state" value={state}>
                        {s.states[state]}
                      </MenuItemRadio>
                    ))}
                  </MenuList>
                </MenuPopover>
              </Menu>
            )}
            {saved && canEdit && (
              <Button icon={<DeleteRegular />} onClick={() => setDeleting(true)}>
                {s.deletePolicy}
              </Button>
            )}
          </>
        }
      />
      {readOnly && (
        <MessageBar intent="info" className={styles.notice}>
          <MessageBarBody>{s.readOnly}</MessageBarBody>
        </MessageBar>
      )}
      <ApiErrorMessage error={setState.error} />
      <ApiErrorMessage error={bannerError} />
      {invalid && (
        <MessageBar intent="error" className={styles.notice}>
          <MessageBarBody>{s.fixErrors}</MessageBarBody>
        </MessageBar>
      )}
      {done && (
        <MessageBar intent="success" className={styles.notice}>
          <MessageBarBody>{done}</MessageBarBody>
        </MessageBar>
      )}
      <form
        noValidate
        aria-label={s.editorLabel}
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <fieldset disabled={readOnly} className={styles.fieldset}>
          <div className={styles.section}>
            <Card>
              <div className={styles.form}>
                <Field label={s.name} required validationMessage={errorFor('displayName')}>
                  <Input
                    value={draft.displayName}
                    placeholder={s.namePlaceholder}
                    onChange={(_e, data) => update((d) => ({ ...d, displayName: data.value }))}
                  />
                </Field>
                <Field label={s.enablePolicy} hint={s.stateHint} validationMessage={errorFor('state')}>
                  <RadioGroup
                    layout="horizontal"
                    value={draft.state}
                    onChange={(_e, data) => update((d) => ({ ...d, state: data.value as PolicyState }))}
                  >
                    {POLICY_STATES.map((state) => (
                      <Radio key={state} value={state} label={s.states[state]} />
                    ))}
                  </RadioGroup>
                </Field>
              </div>
            </Card>
            <Section title={s.assignments} wide>
              <UsersSection tenantId={tenantId} draft={draft} update={update} errorFor={errorFor} />
              <AppsSection tenantId={tenantId} draft={draft} update={update} errorFor={errorFor} />
            </Section>
            <Section title={s.conditionsHeading}>
              <LocationsSection tenantId={tenantId} draft={draft} update={update} errorFor={errorFor} />
              <PlatformsSection draft={draft} update={update} errorFor={errorFor} />
              <ClientAppsSection draft={draft} update={update} errorFor={errorFor} />
              <RiskSection
                label={s.signInRisk}
                levels={draft.signInRiskLevels}
                onChange={(levels) => update((d) => ({ ...d, signInRiskLevels: levels }))}
                error={errorFor('conditions.signInRiskLevels')}
              />
              <RiskSection
                label={s.userRisk}
                levels={draft.userRiskLevels}
                onChange={(levels) => update((d) => ({ ...d, userRiskLevels: levels }))}
                error={errorFor('conditions.userRiskLevels')}
              />
            </Section>
            <Section title={s.accessControls} wide>
              <GrantSection draft={draft} update={update} errorFor={errorFor} />
              <SessionSection draft={draft} update={update} errorFor={errorFor} />
            </Section>
            {canEdit && (
              <div className={styles.actions}>
                <Button type="submit" appearance="primary" icon={<SaveRegular />} disabled={save.isPending}>
                  {s.save}
                </Button>
                <Button type="button" onClick={() => navigate(caPath(tenantId, 'policies'))}>
                  {s.discard}
                </Button>
              </div>
            )}
          </div>
        </fieldset>
      </form>
      {impact && (
        <ImpactDrawer
          tenantId={tenantId}
          name={draft.displayName.trim() || title}
          request={
            saved && !dirty
              ? { policyId: saved.id }
              : { policy: { ...bodyOf(draft), displayName: draft.displayName.trim() || title } }
          }
          draft={!saved || dirty}
          onClose={() => setImpact(false)}
        />
      )}
      {saved && (
        <ConfirmDialog
          open={deleting}
          title={s.deletePolicyTitle}
          confirmLabel={t.common.delete}
          onConfirm={async () => {
            await remove.mutateAsync(saved.id);
            navigate(caPath(tenantId, 'policies'));
          }}
          onClose={() => setDeleting(false)}
        >
          <Text>{format(s.deletePolicyBody, { name: saved.displayName })}</Text>
        </ConfirmDialog>
      )}
    </>
  );
}

function Section({ title, wide, children }: { title: string; wide?: boolean; children: ReactNode }) {
  const styles = useStyles();
  return (
    <Card>
      <Text as="h2" size={500} weight="semibold">
        {title}
      </Text>
      <div className={wide ? styles.wideGrid : styles.grid}>{children}</div>
    </Card>
  );
}

interface PartProps {
  draft: Draft;
  update: (change: (draft: Draft) => Draft) => void;
  errorFor: (...targets: string[]) => string | undefined;
}

/** One part of a section: a titled fieldset, its error under the title. */
function Part({ title, error, children }: { title: string; error?: string; children: ReactNode }) {
  const styles = useStyles();
  return (
    <fieldset className={styles.fieldset}>
      <legend className={styles.legend}>
        <Text as="h3" size={400} weight="semibold">
          {title}
        </Text>
      </legend>
      <div className={styles.section}>
        {error && (
          <Text role="alert" className={styles.error}>
            {error}
          </Text>
        )}
        {children}
      </div>
    </fieldset>
  );
}

function UsersSection({ tenantId, draft, update, errorFor }: PartProps & { tenantId: string }) {
  const s = useStrings().conditionalAccess;
  const styles = useStyles();
  const users = draft.users;
  const set = (change: Partial<Draft['users']>) =>
    update((d) => ({ ...d, users: { ...d.users, ...change } }));
  if (draft.clientApplications)
    return (
      <Part title={s.users}>
        <Text>{s.workloadNote}</Text>
      </Part>
    );
  return (
    <Part title={s.users} error={errorFor('conditions.users.includeUsers', 'conditions.users.includeGroups')}>
      <Field label={s.usersInclude}>
        <RadioGroup
          value={users.mode}
          onChange={(_e, data) => set({ mode: data.value as Draft['users']['mode'] })}
        >
          <Radio value="none" label={s.usersNone} />
          <Radio value="all" label={s.usersAll} />
          <Radio value="selected" label={s.usersSelected} />
        </RadioGroup>
      </Field>
      {users.mode === 'selected' && (
        <div className={styles.nested}>
          <UserGroupPicker
            tenantId={tenantId}
            label={s.usersPickerLabel}
            selected={users.include}
            onChange={(include) => set({ include })}
          />
          {users.includeRoles.length > 0 && (
            <Text>{format(s.rolesNote, { count: users.includeRoles.length })}</Text>
          )}
        </div>
      )}
      {users.mode !== 'none' && (
        <UserGroupPicker
          tenantId={tenantId}
          label={s.usersExcludePickerLabel}
          selected={users.exclude}
          onChange={(exclude) => set({ exclude })}
          validationMessage={errorFor('conditions.users.excludeUsers', 'conditions.users.excludeGroups')}
        />
      )}
    </Part>
  );
}

function AppsSection({ tenantId, draft, update, errorFor }: PartProps & { tenantId: string }) {
  const s = useStrings().conditionalAccess;
  const styles = useStyles();
  const apps = draft.apps;
  const set = (change: Partial<Draft['apps']>) => update((d) => ({ ...d, apps: { ...d.apps, ...change } }));
  return (
    <Part title={s.targetResources} error={errorFor('conditions.applications.includeApplications')}>
      <Field label={s.usersInclude}>
        <RadioGroup
          value={apps.mode}
          onChange={(_e, data) => set({ mode: data.value as Draft['apps']['mode'] })}
        >
          <Radio value="none" label={s.appsNone} />
          <Radio value="all" label={s.appsAll} />
          <Radio value="selected" label={s.appsSelected} />
        </RadioGroup>
      </Field>
      {apps.mode === 'selected' && (
        <div className={styles.nested}>
          <AppPicker
            tenantId={tenantId}
            label={s.appsPickerLabel}
            selected={apps.include}
            onChange={(include) => set({ include })}
          />
        </div>
      )}
      {apps.mode !== 'none' && (
        <AppPicker
          tenantId={tenantId}
          label={s.appsExcludePickerLabel}
          selected={apps.exclude}
          onChange={(exclude) => set({ exclude })}
          validationMessage={errorFor(
            'conditions.applications.excludeApplications',
            'conditions.applications',
          )}
        />
      )}
    </Part>
  );
}

function LocationsSection({ tenantId, draft, update, errorFor }: PartProps & { tenantId: string }) {
  const s = useStrings().conditionalAccess;
  const styles = useStyles();
  const named = useNamedLocations(tenantId);
  const locations = draft.locations;
  const set = (change: Partial<Draft['locations']>) =>
    update((d) => ({ ...d, locations: { ...d.locations, ...change } }));
  const all = named.data?.value ?? [];
  const toggle = (list: string[], id: string, on: boolean) =>
    on ? [...list, id] : list.filter((x) => x !== id);
  return (
    <Part title={s.locations} error={errorFor('conditions.locations')}>
      <RadioGroup
        aria-label={s.locationsInclude}
        value={locations.configured ? locations.mode : 'any'}
        onChange={(_e, data) =>
          data.value === 'any'
            ? set({ configured: false })
            : set({ configured: true, mode: data.value as Draft['locations']['mode'] })
        }
      >
        <Radio value="any" label={s.locationsAny} />
        <Radio value="all" label={s.locationsAll} />
        <Radio value="allTrusted" label={s.locationsAllTrusted} />
        <Radio value="selected" label={s.locationsSelected} />
      </RadioGroup>
      {locations.configured && locations.mode === 'selected' && (
        <fieldset className={mergeClasses(styles.fieldset, styles.nested)} aria-label={s.locationsSelected}>
          {all.length === 0 && <Text>{s.locationsNone}</Text>}
          {all.map((location) => (
            <Checkbox
              key={location.id}
              label={location.displayName}
              checked={locations.include.includes(location.id)}
              onChange={(_e, data) =>
                set({ include: toggle(locations.include, location.id, data.checked === true) })
              }
            />
          ))}
        </fieldset>
      )}
      {locations.configured && (
        <fieldset className={mergeClasses(styles.fieldset, styles.nested)} aria-label={s.locationsExclude}>
          <Text weight="semibold">{s.locationsExclude}</Text>
          <Checkbox
            label={s.locationsExcludeTrusted}
            checked={locations.excludeTrusted}
            onChange={(_e, data) => set({ excludeTrusted: data.checked === true })}
          />
          {all.map((location) => (
            <Checkbox
              key={location.id}
              label={location.displayName}
              checked={locations.exclude.includes(location.id)}
              onChange={(_e, data) =>
                set({ exclude: toggle(locations.exclude, location.id, data.checked === true) })
              }
            />
          ))}
        </fieldset>
      )}
    </Part>
  );
}

function PlatformsSection({ draft, update, errorFor }: PartProps) {
  const s = useStrings().conditionalAccess;
  const styles = useStyles();
  const platforms = draft.platforms;
  const set = (change: Partial<Draft['platforms']>) =>
    update((d) => ({ ...d, platforms: { ...d.platforms, ...change } }));
  type P = Draft['platforms']['include'][number];
  const toggle = (list: P[], id: P, on: boolean) => (on ? [...list, id] : list.filter((x) => x !== id));
  return (
    <Part title={s.platforms} error={errorFor('conditions.platforms')}>
      <RadioGroup
        aria-label={s.platformsInclude}
        value={platforms.configured ? platforms.mode : 'any'}
        onChange={(_e, data) =>
          data.value === 'any'
            ? set({ configured: false })
            : set({ configured: true, mode: data.value as Draft['platforms']['mode'] })
        }
      >
        <Radio value="any" label={s.platformsAny} />
        <Radio value="all" label={s.platformsAll} />
        <Radio value="selected" label={s.platformsSelected} />
      </RadioGroup>
      {platforms.configured && platforms.mode === 'selected' && (
        <fieldset className={mergeClasses(styles.fieldset, styles.nested)} aria-label={s.platformsInclude}>
          {PLATFORMS.map((platform) => (
            <Checkbox
              key={platform}
              label={s.platformNames[platform]}
              checked={platforms.include.includes(platform)}
              onChange={(_e, data) =>
                set({ include: toggle(platforms.include, platform, data.checked === true) })
              }
            />
          ))}
        </fieldset>
      )}
      {platforms.configured && (
        <fieldset className={mergeClasses(styles.fieldset, styles.nested)} aria-label={s.platformsExclude}>
          <Text weight="semibold">{s.platformsExclude}</Text>
          {PLATFORMS.map((platform) => (
            <Checkbox
              key={platform}
              label={s.platformNames[platform]}
              checked={platforms.exclude.includes(platform)}
              onChange={(_e, data) =>
                set({ exclude: toggle(platforms.exclude, platform, data.checked === true) })
              }
            />
          ))}
        </fieldset>
      )}
    </Part>
  );
}

function ClientAppsSection({ draft, update, errorFor }: PartProps) {
  const s = useStrings().conditionalAccess;
  const styles = useStyles();
  const clientApps = draft.clientApps;
  const set = (change: Partial<Draft['clientApps']>) =>
    update((d) => ({ ...d, clientApps: { ...d.clientApps, ...change } }));
  return (
    <Part title={s.clientApps} error={errorFor('conditions.clientAppTypes')}>
      <RadioGroup
        aria-label={s.clientApps}
        value={clientApps.configured ? 'selected' : 'any'}
        onChange={(_e, data) =>
          set({
            configured: data.value === 'selected',
            include: data.value === 'selected' ? [...CLIENT_APP_TYPES] : [],
          })
        }
      >
        <Radio value="any" label={s.clientAppsAny} />
        <Radio value="selected" label={s.clientAppsSelected} />
      </RadioGroup>
      {clientApps.configured && (
        <fieldset className={mergeClasses(styles.fieldset, styles.nested)} aria-label={s.clientAppsSelected}>
          {CLIENT_APP_TYPES.map((kind) => (
            <Checkbox
              key={kind}
              label={s.clientAppNames[kind]}
              checked={clientApps.include.includes(kind)}
              onChange={(_e, data) =>
                set({
                  include: data.checked
                    ? [...clientApps.include, kind]
                    : clientApps.include.filter((k) => k !== kind),
                })
              }
            />
          ))}
        </fieldset>
      )}
    </Part>
  );
}

function RiskSection({
  label,
  levels,
  onChange,
  error,
}: {
  label: string;
  levels: RiskLevel[];
  onChange: (levels: RiskLevel[]) => void;
  error?: string;
}) {
  const s = useStrings().conditionalAccess;
  return (
    <Part title={label} error={error}>
      <Text>{levels.length === 0 ? s.riskAny : levels.map((level) => s.riskNames[level]).join(', ')}</Text>
      {RISK_LEVELS.map((level) => (
        <Checkbox
          key={level}
          label={s.riskNames[level]}
          checked={levels.includes(level)}
          onChange={(_e, data) =>
            onChange(data.checked ? [...levels, level] : levels.filter((l) => l !== level))
          }
        />
      ))}
    </Part>
  );
}

function GrantSection({ draft, update, errorFor }: PartProps) {
  const s = useStrings().conditionalAccess;
  const styles = useStyles();
  const grant = draft.grant;
  const set = (change: Partial<Draft['grant']>) =>
    update((d) => ({ ...d, grant: { ...d.grant, ...change } }));
  const count = [grant.mfa, grant.strength, grant.passwordChange].filter(Boolean).length;
  return (
    <Part title={s.grant} error={errorFor('grantControls')}>
      <RadioGroup
        aria-label={s.grant}
        value={grant.mode}
        onChange={(_e, data) => set({ mode: data.value as Draft['grant']['mode'] })}
      >
        <Radio value="none" label={s.grantNone} />
        <Radio value="block" label={s.grantBlock} />
        <Radio value="grant" label={s.grantAllow} />
      </RadioGroup>
      {grant.mode === 'grant' && (
        <fieldset className={mergeClasses(styles.fieldset, styles.nested)} aria-label={s.grantAllow}>
          <Checkbox
            label={s.grantMfa}
            checked={grant.mfa}
            onChange={(_e, data) => set({ mfa: data.checked === true })}
          />
          <Checkbox
            label={s.grantStrength}
            checked={grant.strength}
            onChange={(_e, data) => set({ strength: data.checked === true })}
          />
          {grant.strength && (
            <Field label={s.grantStrengthLabel} className={styles.nested}>
              <Select
                value={grant.strengthName}
                onChange={(_e, data) => set({ strengthName: data.value as Draft['grant']['strengthName'] })}
              >
                <option value="phishingResistant">{s.strengths.phishingResistant}</option>
                <option value="multifactor">{s.strengths.multifactor}</option>
              </Select>
            </Field>
          )}
          <Field hint={s.grantPasswordChangeHint}>
            <Checkbox
              label={s.grantPasswordChange}
              checked={grant.passwordChange}
              onChange={(_e, data) => set({ passwordChange: data.checked === true })}
            />
          </Field>
          {count > 1 && (
            <Field label={s.operator}>
              <RadioGroup
                value={grant.operator}
                onChange={(_e, data) => set({ operator: data.value as 'AND' | 'OR' })}
              >
                <Radio value="AND" label={s.operatorAnd} />
                <Radio value="OR" label={s.operatorOr} />
              </RadioGroup>
            </Field>
          )}
        </fieldset>
      )}
    </Part>
  );
}

function SessionSection({ draft, update, errorFor }: PartProps) {
  const s = useStrings().conditionalAccess;
  const styles = useStyles();
  const session = draft.session;
  const set = (change: Partial<Draft['session']>) =>
    update((d) => ({ ...d, session: { ...d.session, ...change } }));
  return (
    <Part title={s.session} error={errorFor('sessionControls')}>
      <Checkbox
        label={s.signInFrequency}
        checked={session.frequency}
        onChange={(_e, data) => set({ frequency: data.checked === true })}
      />
      {session.frequency && (
        <div className={styles.nested}>
          <RadioGroup
            aria-label={s.signInFrequency}
            value={session.frequencyInterval}
            onChange={(_e, data) => set({ frequencyInterval: data.value as 'timeBased' | 'everyTime' })}
          >
            <Radio value="timeBased" label={s.frequencyPeriodic} />
            <Radio value="everyTime" label={s.frequencyEveryTime} />
          </RadioGroup>
          {session.frequencyInterval === 'timeBased' && (
            <div className={styles.row}>
              <Field label={s.frequencyValue} validationMessage={errorFor('sessionControls.signInFrequency')}>
                <Input
                  className={styles.narrowInput}
                  type="number"
                  min={1}
                  max={session.frequencyType === 'hours' ? 23 : 365}
                  value={session.frequencyValue}
                  onChange={(_e, data) => set({ frequencyValue: data.value })}
                />
              </Field>
              <Field label={s.frequencyUnit}>
                <Select
                  value={session.frequencyType}
                  onChange={(_e, data) => set({ frequencyType: data.value as 'hours' | 'days' })}
                >
                  <option value="hours">{s.hours}</option>
                  <option value="days">{s.days}</option>
                </Select>
              </Field>
            </div>
          )}
        </div>
      )}
      <Field hint={s.persistentHint}>
        <Checkbox
          label={s.persistentBrowser}
          checked={session.persistent}
          onChange={(_e, data) => set({ persistent: data.checked === true })}
        />
      </Field>
      {session.persistent && (
        <div className={styles.nested}>
          <RadioGroup
            aria-label={s.persistentBrowser}
            value={session.persistentMode}
            onChange={(_e, data) => set({ persistentMode: data.value as 'always' | 'never' })}
          >
            <Radio value="always" label={s.persistentAlways} />
            <Radio value="never" label={s.persistentNever} />
          </RadioGroup>
        </div>
      )}
    </Part>
  );
}
