import {
  Button,
  DrawerBody,
  DrawerHeader,
  DrawerHeaderTitle,
  makeStyles,
  OverlayDrawer,
  tokens,
} from '@fluentui/react-components';
import { DismissRegular } from '@fluentui/react-icons';
import type { ReactNode } from 'react';
import { useStrings } from '../strings';

const useStyles = makeStyles({
  // The pane takes the whole width of a phone.
  drawer: { width: '720px', maxWidth: '100vw' },
  body: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
});

/** The details pane of a list's row (Entra's blade): opens over the list from the end side. */
export function DetailsDrawer({
  open,
  title,
  actions,
  children,
  onClose,
}: {
  open: boolean;
  title: string;
  /** Commands under the title (the row's actions). */
  actions?: ReactNode;
  children: ReactNode;
  onClose: () => void;
}) {
  const t = useStrings();
  const styles = useStyles();
  return (
    <OverlayDrawer
      open={open}
      position="end"
      className={styles.drawer}
      onOpenChange={(_event, data) => !data.open && onClose()}
    >
      <DrawerHeader>
        <DrawerHeaderTitle
          action={
            <Button
              appearance="subtle"
              aria-label={t.common.close}
              icon={<DismissRegular />}
              onClick={onClose}
            />
          }
        >
          {title}
        </DrawerHeaderTitle>
        {actions}
      </DrawerHeader>
      {/* Focusable: a long pane with nothing to focus still scrolls from the keyboard. */}
      <DrawerBody className={styles.body} tabIndex={0} role="region" aria-label={title}>
        {children}
      </DrawerBody>
    </OverlayDrawer>
  );
}

const useFactStyles = makeStyles({
  facts: {
    display: 'grid',
    gridTemplateColumns: 'minmax(120px, max-content) 1fr',
    gap: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalL}`,
    margin: 0,
  },
  term: { fontWeight: tokens.fontWeightSemibold, color: tokens.colorNeutralForeground2 },
  value: { margin: 0, overflowWrap: 'anywhere' },
});

/** Label / value pairs (a `<dl>`), the body of most details tabs. Empty values show "None". */
export function Facts({ items }: { items: readonly [label: string, value: ReactNode][] }) {
  const t = useStrings();
  const styles = useFactStyles();
  return (
    <dl className={styles.facts}>
      {items.map(([label, value]) => (
        <div key={label} style={{ display: 'contents' }}>
          <dt className={styles.term}>{label}</dt>
          <dd className={styles.value}>
            {value === null || value === undefined || value === '' ? t.common.none : value}
          </dd>
        </div>
      ))}
    </dl>
  );
}
