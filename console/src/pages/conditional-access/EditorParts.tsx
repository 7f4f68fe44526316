import { Card, Text } from '@fluentui/react-components';
import type { ReactNode } from 'react';
import type { Draft } from './draft';
import { useStyles } from './shared';

/**
 * The building blocks every section of the policy editor shares: the titled card, the titled
 * fieldset inside it, and the props each part gets to read and change the draft.
 */

/** What each part of the editor gets: the draft, a way to change it, and its fields' errors. */
export interface PartProps {
  draft: Draft;
  update: (change: (draft: Draft) => Draft) => void;
  errorFor: (...targets: string[]) => string | undefined;
}

/** One card of the editor (assignments, conditions, access controls), its parts in a grid. */
export function Section({ title, wide, children }: { title: string; wide?: boolean; children: ReactNode }) {
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

/** One part of a section: a titled fieldset, its error under the title. */
export function Part({ title, error, children }: { title: string; error?: string; children: ReactNode }) {
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
