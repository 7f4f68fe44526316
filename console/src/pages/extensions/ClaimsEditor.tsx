import {
  Button,
  Input,
  makeStyles,
  mergeClasses,
  Select,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  tokens,
} from '@fluentui/react-components';
import { AddRegular, DeleteRegular } from '@fluentui/react-icons';
import { format, useStrings } from '../../strings';
import { type ClaimRow, newRow, type RowProblem } from './model';
import { useStyles as useAreaStyles } from './shared';

const NARROW = '@media (max-width: 767px)';

const useStyles = makeStyles({
  // Fixed columns: a long option or value shortens inside its cell instead of widening the pane.
  table: { tableLayout: 'fixed', [NARROW]: { display: 'block' } },
  sourceColumn: { width: '44%' },
  removeColumn: { width: '48px' },
  // On a phone each row becomes a small card of its fields, each under its column's name.
  head: { [NARROW]: { display: 'none' } },
  body: { [NARROW]: { display: 'block' } },
  row: {
    [NARROW]: {
      display: 'flex',
      flexDirection: 'column',
      height: 'auto',
      gap: tokens.spacingVerticalS,
      padding: `${tokens.spacingVerticalM} 0`,
    },
  },
  cell: {
    verticalAlign: 'top',
    paddingTop: tokens.spacingVerticalXS,
    paddingBottom: tokens.spacingVerticalXS,
    [NARROW]: {
      display: 'block',
      height: 'auto',
      padding: 0,
      '::before': {
        content: 'attr(data-label)',
        display: 'block',
        fontSize: tokens.fontSizeBase200,
        color: tokens.colorNeutralForeground2,
        marginBottom: tokens.spacingVerticalXXS,
      },
    },
  },
  remove: { [NARROW]: { alignSelf: 'flex-end', '::before': { display: 'none' } } },
  input: { width: '100%', minWidth: 0 },
  problem: { display: 'block', color: tokens.colorPaletteRedForeground1, fontSize: tokens.fontSizeBase200 },
});

/**
 * The claims of a claims-mapping policy as a small table: each row a claim the custom claims
 * provider (the extension) answers, or a constant, and the name the token gives it.
 */
export function ClaimsEditor({
  rows,
  onChange,
  problems,
  readOnly,
}: {
  rows: readonly ClaimRow[];
  onChange: (rows: ClaimRow[]) => void;
  /** The rows' problems to show (after a first attempt to save). */
  problems: ReadonlyMap<number, RowProblem>;
  readOnly: boolean;
}) {
  const t = useStrings();
  const s = t.extensions.claimsMapping;
  const styles = useStyles();
  const area = useAreaStyles();
  const update = (key: number, patch: Partial<ClaimRow>) =>
    onChange(rows.map((row) => (row.key === key ? { ...row, ...patch } : row)));
  const problemText: Record<RowProblem, string> = {
    value: s.idRequired,
    claimName: s.claimNameInvalid,
    duplicate: s.claimNameDuplicate,
  };
  return (
    <>
      {rows.length === 0 ? (
        <Text>{s.noClaims}</Text>
      ) : (
        <Table className={styles.table} aria-label={s.claimsTable} size="small">
          <TableHeader className={styles.head}>
            <TableRow>
              <TableHeaderCell className={styles.sourceColumn}>{s.source}</TableHeaderCell>
              <TableHeaderCell>{s.idOrValue}</TableHeaderCell>
              <TableHeaderCell>{s.claimName}</TableHeaderCell>
              {!readOnly && (
                <TableHeaderCell className={styles.removeColumn}>
                  <span className={area.visuallyHidden}>{t.common.remove}</span>
                </TableHeaderCell>
              )}
            </TableRow>
          </TableHeader>
          <TableBody className={styles.body}>
            {rows.map((row, index) => {
              const n = index + 1;
              const problem = problems.get(row.key);
              const problemId = `claim-${row.key}-problem`;
              return (
                <TableRow key={row.key} className={styles.row}>
                  <TableCell className={styles.cell} data-label={s.source}>
                    <Select
                      className={styles.input}
                      aria-label={format(s.sourceOf, { n })}
                      value={row.source}
                      disabled={readOnly}
                      onChange={(_e, data) => update(row.key, { source: data.value as ClaimRow['source'] })}
                    >
                      <option value="extension">{s.fromExtension}</option>
                      <option value="constant">{s.constant}</option>
                    </Select>
                  </TableCell>
                  <TableCell
                    className={styles.cell}
                    data-label={row.source === 'extension' ? s.claimId : s.value}
                  >
                    <Input
                      className={styles.input}
                      aria-label={format(row.source === 'extension' ? s.idOf : s.valueOf, { n })}
                      placeholder={row.source === 'extension' ? s.idPlaceholder : s.valuePlaceholder}
                      value={row.value}
                      disabled={readOnly}
                      aria-invalid={problem === 'value'}
                      aria-describedby={problem === 'value' ? problemId : undefined}
                      onChange={(_e, data) => update(row.key, { value: data.value })}
                    />
                    {problem === 'value' && (
                      <span id={problemId} className={styles.problem}>
                        {problemText[problem]}
                      </span>
                    )}
                  </TableCell>
                  <TableCell className={styles.cell} data-label={s.claimName}>
                    <Input
                      className={styles.input}
                      aria-label={format(s.claimNameOf, { n })}
                      placeholder={
                        row.source === 'extension' && row.value ? row.value : s.claimNamePlaceholder
                      }
                      value={row.claimName}
                      disabled={readOnly}
                      aria-invalid={problem === 'claimName' || problem === 'duplicate'}
                      aria-describedby={problem && problem !== 'value' ? problemId : undefined}
                      onChange={(_e, data) => update(row.key, { claimName: data.value })}
                    />
                    {problem && problem !== 'value' && (
                      <span id={problemId} className={styles.problem}>
                        {problemText[problem]}
                      </span>
                    )}
                  </TableCell>
                  {!readOnly && (
                    <TableCell className={mergeClasses(styles.cell, styles.remove)}>
                      <Button
                        appearance="subtle"
                        icon={<DeleteRegular />}
                        aria-label={format(s.removeClaim, { n })}
                        onClick={() => onChange(rows.filter((other) => other.key !== row.key))}
                      />
                    </TableCell>
                  )}
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      )}
      {!readOnly && (
        <div className={area.actions}>
          <Button icon={<AddRegular />} onClick={() => onChange([...rows, newRow('extension')])}>
            {s.addClaim}
          </Button>
          <Button icon={<AddRegular />} onClick={() => onChange([...rows, newRow('constant')])}>
            {s.addConstant}
          </Button>
        </div>
      )}
    </>
  );
}
