import { Field, Input, makeStyles, tokens } from '@fluentui/react-components';
import type { ReactNode } from 'react';
import { useStrings } from '../strings';

const useStyles = makeStyles({
  bar: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'flex-end',
    gap: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    marginBottom: tokens.spacingVerticalM,
  },
  field: { minWidth: '150px', maxWidth: '100%' },
});

/** A list's filters in one wrapping row (a landmark named `label`). */
export function FilterBar({ label, children }: { label: string; children: ReactNode }) {
  const styles = useStyles();
  return (
    <search aria-label={label} className={styles.bar}>
      {children}
    </search>
  );
}

/** From / to day pickers (`YYYY-MM-DD`, empty for no bound). */
export function DateRangeFields({
  from,
  to,
  onChange,
}: {
  from: string;
  to: string;
  onChange: (range: { from: string; to: string }) => void;
}) {
  const t = useStrings();
  const styles = useStyles();
  return (
    <>
      <Field label={t.common.fromDate} className={styles.field}>
        <Input
          type="date"
          value={from}
          max={to || undefined}
          onChange={(_e, d) => onChange({ from: d.value, to })}
        />
      </Field>
      <Field label={t.common.toDate} className={styles.field}>
        <Input
          type="date"
          value={to}
          min={from || undefined}
          onChange={(_e, d) => onChange({ from, to: d.value })}
        />
      </Field>
    </>
  );
}
