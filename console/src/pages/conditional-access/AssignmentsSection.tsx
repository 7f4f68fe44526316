import { Field, Radio, RadioGroup, Text } from '@fluentui/react-components';
import { format, useStrings } from '../../strings';
import type { Draft } from './draft';
import { Part, type PartProps, Section } from './EditorParts';
import { AppPicker, UserGroupPicker } from './Picker';
import { useStyles } from './shared';

/**
 * The editor's "Assignments" card: who the policy applies to and which apps (target resources)
 * it covers, each with the ones left out.
 */
export function AssignmentsSection({ tenantId, draft, update, errorFor }: PartProps & { tenantId: string }) {
  const s = useStrings().conditionalAccess;
  return (
    <Section title={s.assignments} wide>
      <UsersSection tenantId={tenantId} draft={draft} update={update} errorFor={errorFor} />
      <AppsSection tenantId={tenantId} draft={draft} update={update} errorFor={errorFor} />
    </Section>
  );
}

/** "Users": none, all or chosen users and groups, and the ones left out (workload policies have none). */
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

/** "Target resources": none, all or chosen apps, and the ones left out. */
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
