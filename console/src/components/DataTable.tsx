import {
  Checkbox,
  makeStyles,
  mergeClasses,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  tokens,
} from '@fluentui/react-components';
import type { ReactNode } from 'react';
import { format, useStrings } from '../strings';

const NARROW = '@media (max-width: 767px)';

const useStyles = makeStyles({
  scroll: { overflowX: 'auto' },
  table: { minWidth: '320px' },
  secondary: { [NARROW]: { display: 'none' } },
  wrap: { overflowWrap: 'anywhere' },
  check: { width: '44px' },
  open: {
    background: 'none',
    border: 'none',
    padding: 0,
    font: 'inherit',
    textAlign: 'start',
    cursor: 'pointer',
    color: tokens.colorBrandForegroundLink,
    fontWeight: tokens.fontWeightSemibold,
    overflowWrap: 'anywhere',
    ':hover': { color: tokens.colorBrandForegroundLinkHover, textDecoration: 'underline' },
    ':focus-visible': {
      outline: `2px solid ${tokens.colorStrokeFocus2}`,
      borderRadius: tokens.borderRadiusSmall,
    },
  },
  selected: { backgroundColor: tokens.colorSubtleBackgroundSelected },
});

export interface Column<T> {
  id: string;
  header: string;
  cell: (row: T) => ReactNode;
  /** Hidden on narrow screens (the details pane shows it). */
  secondary?: boolean;
}

export interface RowSelection {
  selected: ReadonlySet<string>;
  onChange: (next: Set<string>) => void;
}

/**
 * A list as a table: the first column opens the row (a details pane, or a page via `cell`),
 * optional checkboxes select rows for bulk actions, secondary columns hide on narrow screens.
 */
export function DataTable<T>({
  label,
  rows,
  columns,
  rowKey,
  rowLabel,
  busy,
  selection,
  onOpen,
}: {
  label: string;
  rows: readonly T[];
  columns: readonly Column<T>[];
  rowKey: (row: T) => string;
  /** The row's name for screen readers (checkbox and open button labels). */
  rowLabel: (row: T) => string;
  busy?: boolean;
  selection?: RowSelection;
  /** Makes the first column a button that opens the row's details. */
  onOpen?: (row: T) => void;
}) {
  const t = useStrings();
  const styles = useStyles();
  const keys = rows.map(rowKey);
  const allSelected =
    selection !== undefined && keys.length > 0 && keys.every((k) => selection.selected.has(k));
  const someSelected = selection !== undefined && keys.some((k) => selection.selected.has(k));
  const [first, ...rest] = columns;

  const toggleAll = () => selection?.onChange(allSelected ? new Set() : new Set(keys));
  const toggle = (key: string) => {
    if (!selection) return;
    const next = new Set(selection.selected);
    if (next.has(key)) next.delete(key);
    else next.add(key);
    selection.onChange(next);
  };

  return (
    <div className={styles.scroll}>
      <Table className={styles.table} aria-label={label} aria-busy={busy}>
        <TableHeader>
          <TableRow>
            {selection && (
              <TableHeaderCell className={styles.check}>
                <Checkbox
                  aria-label={t.common.selectAll}
                  checked={allSelected ? true : someSelected ? 'mixed' : false}
                  onChange={toggleAll}
                />
              </TableHeaderCell>
            )}
            {columns.map((column) => (
              <TableHeaderCell key={column.id} className={column.secondary ? styles.secondary : undefined}>
                {column.header}
              </TableHeaderCell>
            ))}
          </TableRow>
        </TableHeader>
        <TableBody>
          {rows.map((row) => {
            const key = rowKey(row);
            const isSelected = selection?.selected.has(key) ?? false;
            return (
              <TableRow key={key} className={isSelected ? styles.selected : undefined}>
                {selection && (
                  <TableCell className={styles.check}>
                    <Checkbox
                      aria-label={format(t.common.selectRow, { name: rowLabel(row) })}
                      checked={isSelected}
                      onChange={() => toggle(key)}
                    />
                  </TableCell>
                )}
                {first && (
                  <TableCell className={mergeClasses(styles.wrap, first.secondary && styles.secondary)}>
                    {onOpen ? (
                      <button
                        type="button"
                        className={styles.open}
                        aria-haspopup="dialog"
                        onClick={() => onOpen(row)}
                      >
                        {first.cell(row)}
                      </button>
                    ) : (
                      first.cell(row)
                    )}
                  </TableCell>
                )}
                {rest.map((column) => (
                  <TableCell
                    key={column.id}
                    className={mergeClasses(styles.wrap, column.secondary && styles.secondary)}
                  >
                    {column.cell(row)}
                  </TableCell>
                ))}
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
    </div>
  );
}
