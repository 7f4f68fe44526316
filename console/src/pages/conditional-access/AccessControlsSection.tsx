import { Checkbox, Field, Input, mergeClasses, Radio, RadioGroup, Select } from '@fluentui/react-components';
import { useStrings } from '../../strings';
import type { Draft } from './draft';
import { Part, type PartProps, Section } from './EditorParts';
import { useStyles } from './shared';

/**
 * The editor's "Access controls" card: what the policy does once it applies. Grant blocks or
 * asks for more (MFA, an authentication strength, a password change); session limits how long a
 * sign-in lasts.
 */
export function AccessControlsSection({ draft, update, errorFor }: PartProps) {
  const s = useStrings().conditionalAccess;
  return (
    <Section title={s.accessControls} wide>
      <GrantSection draft={draft} update={update} errorFor={errorFor} />
      <SessionSection draft={draft} update={update} errorFor={errorFor} />
    </Section>
  );
}

/** "Grant": no control, block, or allow with MFA, an authentication strength or a password change. */
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

/** "Session": sign-in frequency and whether the browser session persists. */
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
