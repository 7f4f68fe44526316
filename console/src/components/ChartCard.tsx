import { LineChart, VerticalStackedBarChart } from '@fluentui/react-charts';
import {
  Card,
  makeStyles,
  Tab,
  TabList,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  tokens,
} from '@fluentui/react-components';
import { type ReactNode, useId, useState } from 'react';
import { useStrings } from '../strings';
import { formatNumber } from './format';

/** A chart's data, library-neutral: one value per category (x) per series. */
export interface ChartData {
  /** The x axis: `YYYY-MM-DD` / `YYYY-MM` dates, or labels (apps, policies). */
  categories: readonly string[];
  series: readonly { name: string; values: readonly number[] }[];
}

const PALETTE = [
  tokens.colorPaletteBlueForeground2,
  tokens.colorPaletteDarkOrangeForeground2,
  tokens.colorPaletteGreenForeground2,
  tokens.colorPaletteBerryForeground2,
  tokens.colorPaletteTealForeground2,
  tokens.colorPaletteMarigoldForeground2,
  tokens.colorPaletteLavenderForeground2,
  tokens.colorPaletteCranberryForeground2,
];

const useStyles = makeStyles({
  card: { minWidth: 0 },
  head: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    justifyContent: 'space-between',
    gap: tokens.spacingHorizontalS,
  },
  title: { margin: 0 },
  chart: { width: '100%', minHeight: '240px' },
  scroll: { overflowX: 'auto', maxHeight: '320px', overflowY: 'auto' },
  number: { textAlign: 'end', fontVariantNumeric: 'tabular-nums' },
});

const isDay = (value: string) => /^\d{4}-\d{2}-\d{2}$/.test(value);

/**
 * A chart with its data as a table: the table is one tab away for screen readers and for the
 * exact figures. `kind` line for a trend over days, bars (stacked per series) for anything else.
 */
export function ChartCard({
  title,
  description,
  data,
  kind = 'bars',
  actions,
}: {
  title: string;
  description?: ReactNode;
  data: ChartData;
  kind?: 'line' | 'bars';
  actions?: ReactNode;
}) {
  const t = useStrings();
  const styles = useStyles();
  const headingId = useId();
  const [view, setView] = useState<'chart' | 'table'>('chart');
  const empty = data.categories.length === 0;
  return (
    <Card className={styles.card} aria-labelledby={headingId}>
      <div className={styles.head}>
        <Text as="h2" id={headingId} size={400} weight="semibold" className={styles.title}>
          {title}
        </Text>
        {actions}
        <TabList
          size="small"
          selectedValue={view}
          onTabSelect={(_e, d) => setView(d.value as 'chart' | 'table')}
          aria-label={`${title}: ${t.common.chartOrTable}`}
        >
          <Tab value="chart">{t.common.chart}</Tab>
          <Tab value="table">{t.common.table}</Tab>
        </TabList>
      </div>
      {description && <Text>{description}</Text>}
      {empty ? (
        <Text>{t.common.noData}</Text>
      ) : view === 'chart' ? (
        <div className={styles.chart} role="img" aria-label={`${title}: ${t.common.chartSummaryHint}`}>
          <Chart data={data} kind={kind} />
        </div>
      ) : (
        <div className={styles.scroll}>
          <Table size="small" aria-label={title}>
            <TableHeader>
              <TableRow>
                <TableHeaderCell>{t.common.category}</TableHeaderCell>
                {data.series.map((series) => (
                  <TableHeaderCell key={series.name} className={styles.number}>
                    {series.name}
                  </TableHeaderCell>
                ))}
              </TableRow>
            </TableHeader>
            <TableBody>
              {data.categories.map((category, index) => (
                <TableRow key={category}>
                  <TableCell>{category}</TableCell>
                  {data.series.map((series) => (
                    <TableCell key={series.name} className={styles.number}>
                      {formatNumber(series.values[index] ?? 0)}
                    </TableCell>
                  ))}
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      )}
    </Card>
  );
}

function Chart({ data, kind }: { data: ChartData; kind: 'line' | 'bars' }) {
  const colour = (index: number) => PALETTE[index % PALETTE.length];
  if (kind === 'line' && data.categories.every(isDay)) {
    const points = data.series.map((series, index) => ({
      legend: series.name,
      color: colour(index),
      data: data.categories.map((day, i) => ({ x: new Date(`${day}T00:00:00`), y: series.values[i] ?? 0 })),
    }));
    return <LineChart data={{ lineChartData: points }} height={240} yMinValue={0} />;
  }
  const stacks = data.categories.map((category, i) => ({
    xAxisPoint: category,
    chartData: data.series.map((series, index) => ({
      legend: series.name,
      data: series.values[i] ?? 0,
      color: colour(index),
    })),
  }));
  return <VerticalStackedBarChart data={stacks} height={240} yMinValue={0} />;
}
