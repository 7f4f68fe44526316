import {
  Badge,
  Dropdown,
  Field,
  MessageBar,
  MessageBarBody,
  makeStyles,
  Option,
  Text,
  tokens,
} from '@fluentui/react-components';
import type { ReactNode } from 'react';
import { useStrings } from '../../strings';
import type { RiskLevel, RiskState } from './model';

export const useAreaStyles = makeStyles({
  intro: { display: 'block', marginBottom: tokens.spacingVerticalM },
  toolbar: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: tokens.spacingHorizontalS,
    marginBottom: tokens.spacingVerticalM,
  },
  spacer: { flexGrow: 1 },
  field: { minWidth: '160px', maxWidth: '100%' },
  wideField: { minWidth: '220px', maxWidth: '100%', flexBasis: '280px' },
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  heading: { margin: 0 },
  mono: { fontFamily: tokens.fontFamilyMonospace, overflowWrap: 'anywhere' },
  notice: { marginBottom: tokens.spacingVerticalM },
  link: {
    color: tokens.colorBrandForegroundLink,
    ':hover': { color: tokens.colorBrandForegroundLinkHover },
  },
  lines: { display: 'flex', flexDirection: 'column', overflowWrap: 'anywhere' },
  badges: { display: 'inline-flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalXS },
});

const LEVEL_COLOR = {
  high: 'danger',
  medium: 'warning',
  low: 'informative',
  none: 'subtle',
  hidden: 'subtle',
} as const;

export function RiskLevelBadge({ level }: { level: RiskLevel }) {
  const t = useStrings();
  return (
    <Badge appearance="tint" color={LEVEL_COLOR[level] ?? 'subtle'}>
      {t.identityProtection.riskLevels[level] ?? level}
    </Badge>
  );
}

const STATE_COLOR = {
  atRisk: 'warning',
  confirmedCompromised: 'danger',
  dismissed: 'informative',
  remediated: 'success',
  confirmedSafe: 'success',
  none: 'informative',
} as const;

export function RiskStateBadge({ state }: { state: RiskState }) {
  const t = useStrings();
  return (
    <Badge appearance="outline" color={STATE_COLOR[state] ?? 'subtle'}>
      {t.identityProtection.riskStates[state] ?? state}
    </Badge>
  );
}

/** A filter's choice among fixed values, "Any" first (value ''). */
export function ChoiceFilter<V extends string>({
  label,
  value,
  options,
  onChange,
}: {
  label: string;
  value: V | '';
  options: readonly { value: V; label: string }[];
  onChange: (value: V | '') => void;
}) {
  const t = useStrings();
  const styles = useAreaStyles();
  const current = options.find((option) => option.value === value)?.label ?? t.identityProtection.any;
  return (
    <Field label={label} className={styles.field}>
      <Dropdown
        value={current}
        selectedOptions={[value]}
        onOptionSelect={(_event, data) => onChange((data.optionValue ?? '') as V | '')}
      >
        <Option value="">{t.identityProtection.any}</Option>
        {options.map((option) => (
          <Option key={option.value} value={option.value}>
            {option.label}
          </Option>
        ))}
      </Dropdown>
    </Field>
  );
}

/** What the last action did, in a polite live region. */
export function Notice({ children }: { children: ReactNode }) {
  const styles = useAreaStyles();
  if (!children) return null;
  return (
    <MessageBar intent="success" className={styles.notice} aria-live="polite">
      <MessageBarBody>{children}</MessageBarBody>
    </MessageBar>
  );
}

/** A report's heading (h2, under the area's h1) and its one-line explanation. */
export function SectionIntro({ title, children }: { title: string; children: ReactNode }) {
  const styles = useAreaStyles();
  return (
    <div className={styles.intro}>
      <Text as="h2" size={500} weight="semibold" className={styles.heading} block>
        {title}
      </Text>
      <Text>{children}</Text>
    </div>
  );
}
