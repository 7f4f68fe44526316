import { Dropdown, Field, makeStyles, Option, tokens } from '@fluentui/react-components';
import { DateRangeFields, FilterBar } from '../../components/FilterBar';
import { useStrings } from '../../strings';
import type { DashboardState, RangeChoice } from './filters';
import { PRESETS } from './filters';

const useStyles = makeStyles({
  field: { minWidth: '180px', maxWidth: '100%' },
  dropdown: { minWidth: '180px', maxWidth: '100%' },
  app: { minWidth: '220px', maxWidth: '100%' },
  dates: { display: 'contents' },
  note: { color: tokens.colorNeutralForeground3 },
});

export interface AppOption {
  appId: string;
  name: string;
}

/** The dashboard's header filters: a date range (presets or from/to) and an application. */
export function DashboardFilters({
  state,
  apps,
  onChange,
}: {
  state: DashboardState;
  apps: readonly AppOption[];
  onChange: (next: Partial<DashboardState>) => void;
}) {
  const t = useStrings();
  const styles = useStyles();
  const choices: RangeChoice[] = [...PRESETS, 'custom'];
  const appName = state.appId
    ? (apps.find((app) => app.appId === state.appId)?.name ?? state.appId)
    : t.insights.allApplications;
  return (
    <FilterBar label={t.insights.filtersLabel}>
      <Field label={t.insights.range} className={styles.field}>
        <Dropdown
          className={styles.dropdown}
          value={t.insights.ranges[state.range]}
          selectedOptions={[state.range]}
          onOptionSelect={(_e, d) => {
            const range = d.optionValue as RangeChoice;
            // A custom range starts from what is shown.
            onChange(range === 'custom' ? { range, from: state.from, to: state.to } : { range });
          }}
        >
          {choices.map((choice) => (
            <Option key={choice} value={choice}>
              {t.insights.ranges[choice]}
            </Option>
          ))}
        </Dropdown>
      </Field>
      {state.range === 'custom' && (
        <DateRangeFields
          from={state.from}
          to={state.to}
          onChange={({ from, to }) => onChange({ from: from || state.from, to: to || state.to })}
        />
      )}
      <Field label={t.insights.application} className={styles.field}>
        <Dropdown
          className={styles.app}
          value={appName}
          selectedOptions={[state.appId ?? '']}
          onOptionSelect={(_e, d) => onChange({ appId: d.optionValue || undefined })}
        >
          <Option value="">{t.insights.allApplications}</Option>
          {apps.map((app) => (
            <Option key={app.appId} value={app.appId}>
              {app.name}
            </Option>
          ))}
        </Dropdown>
      </Field>
    </FilterBar>
  );
}
