import { Button, Field, Input, Text } from '@fluentui/react-components';
import { AddRegular, DeleteRegular } from '@fluentui/react-icons';
import { useState } from 'react';
import { format, useStrings } from '../../strings';
import { useTableStyles } from './shared';

/** An editable list of URIs: each with a remove button, and a field to add one. */
export function UriList({
  values,
  onChange,
  editable,
  addLabel,
  removeLabel,
  empty,
  error,
  placeholder,
}: {
  values: string[];
  /** May return a promise (a save): the new URI's text stays until it resolves, and if it fails. */
  onChange: (values: string[]) => unknown;
  editable: boolean;
  /** The new URI field's label. */
  addLabel: string;
  /** `Remove {uri}`. */
  removeLabel: string;
  empty: string;
  error?: string;
  placeholder?: string;
}) {
  const t = useStrings();
  const styles = useTableStyles();
  const [draft, setDraft] = useState('');
  const add = async () => {
    const value = draft.trim();
    if (!value || values.includes(value)) return;
    try {
      await onChange([...values, value]);
      setDraft('');
    } catch {
      // The caller shows the error (`error`); the text stays to be corrected.
    }
  };
  return (
    <div className={styles.form}>
      {values.length === 0 ? (
        <Text>{empty}</Text>
      ) : (
        <ul className={styles.form} style={{ margin: 0, paddingInlineStart: 0, listStyle: 'none' }}>
          {values.map((value) => (
            <li key={value} className={styles.row} style={{ alignItems: 'center' }}>
              <span className={`${styles.mono} ${styles.grow}`}>{value}</span>
              {editable && (
                <Button
                  appearance="subtle"
                  icon={<DeleteRegular />}
                  aria-label={format(removeLabel, { uri: value })}
                  onClick={() => onChange(values.filter((v) => v !== value))}
                />
              )}
            </li>
          ))}
        </ul>
      )}
      {editable && (
        <div className={styles.row}>
          <Field label={addLabel} className={styles.grow} validationMessage={error}>
            <Input
              value={draft}
              placeholder={placeholder}
              onChange={(_event, data) => setDraft(data.value)}
              onKeyDown={(event) => {
                if (event.key === 'Enter') {
                  event.preventDefault();
                  void add();
                }
              }}
            />
          </Field>
          <Button icon={<AddRegular />} onClick={add} disabled={!draft.trim()}>
            {t.common.add}
          </Button>
        </div>
      )}
      {!editable && error && <Text>{error}</Text>}
    </div>
  );
}
