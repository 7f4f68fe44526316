import { Checkbox, mergeClasses, Radio, RadioGroup, Text } from '@fluentui/react-components';
import { useStrings } from '../../strings';
import type { Draft } from './draft';
import { Part, type PartProps, Section } from './EditorParts';
import { LocationsSection } from './LocationsSection';
import { CLIENT_APP_TYPES, RISK_LEVELS, type RiskLevel } from './model';
import { PlatformsSection } from './PlatformsSection';
import { useStyles } from './shared';

/**
 * The editor's "Conditions" card: when the policy applies (locations, device platforms, client
 * apps, sign-in and user risk). The two small parts live here; locations and platforms have
 * their own modules.
 */
export function ConditionsSection({ tenantId, draft, update, errorFor }: PartProps & { tenantId: string }) {
  const s = useStrings().conditionalAccess;
  return (
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
  );
}

/** The "Client apps" condition: any client app, or chosen kinds (browser, mobile, legacy...). */
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

/** A risk condition (sign-in or user): the levels it applies to, none meaning any. */
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
