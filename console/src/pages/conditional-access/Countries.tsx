import { Checkbox, makeStyles, SearchBox, Text, tokens } from '@fluentui/react-components';
import { useMemo, useState } from 'react';
import { format, useStrings } from '../../strings';
import { countriesByName } from './shared';

const useStyles = makeStyles({
  root: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    minWidth: 0,
    border: 'none',
    margin: 0,
    padding: 0,
  },
  legend: { padding: 0, marginBottom: tokens.spacingVerticalXS, fontWeight: tokens.fontWeightSemibold },
  list: {
    display: 'flex',
    flexDirection: 'column',
    maxHeight: '280px',
    overflowY: 'auto',
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    padding: tokens.spacingHorizontalS,
  },
  search: { maxWidth: '100%', width: '360px' },
  error: { color: tokens.colorPaletteRedForeground1 },
});

/** A searchable checklist of the ISO 3166 countries, by their names. */
export function CountryChecklist({
  label,
  selected,
  onChange,
  error,
}: {
  label: string;
  selected: readonly string[];
  onChange: (codes: string[]) => void;
  /** Shown under the label (the form's or the API's words). */
  error?: string;
}) {
  const s = useStrings().conditionalAccess;
  const styles = useStyles();
  const [filter, setFilter] = useState('');
  const all = useMemo(countriesByName, []);
  const lower = filter.trim().toLowerCase();
  const shown = lower
    ? all.filter(
        (country) => country.name.toLowerCase().includes(lower) || country.code.toLowerCase() === lower,
      )
    : all;
  return (
    <fieldset className={styles.root}>
      <legend className={styles.legend}>{label}</legend>
      {error && (
        <Text role="alert" className={styles.error}>
          {error}
        </Text>
      )}
      <SearchBox
        className={styles.search}
        aria-label={s.countriesFilter}
        placeholder={s.countriesFilter}
        value={filter}
        onChange={(_e, data) => setFilter(data.value)}
      />
      <Text aria-live="polite">{format(s.countriesSelected, { count: selected.length })}</Text>
      <div className={styles.list}>
        {shown.map((country) => (
          <Checkbox
            key={country.code}
            label={`${country.name} (${country.code})`}
            checked={selected.includes(country.code)}
            onChange={(_e, data) =>
              onChange(
                data.checked ? [...selected, country.code] : selected.filter((code) => code !== country.code),
              )
            }
          />
        ))}
        {shown.length === 0 && <Text>{s.noMatches}</Text>}
      </div>
    </fieldset>
  );
}
