import { Card, Field, Input, Radio, RadioGroup } from '@fluentui/react-components';
import { useStrings } from '../../strings';
import type { PartProps } from './EditorParts';
import { POLICY_STATES, type PolicyState } from './model';
import { useStyles } from './shared';

/** The editor's first card: what the policy is called and whether it is on, off or report-only. */
export function NameAndStateCard({ draft, update, errorFor }: PartProps) {
  const s = useStrings().conditionalAccess;
  const styles = useStyles();
  return (
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
  );
}
