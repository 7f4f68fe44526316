import {
  getNextColor,
  LineChart,
  ResponsiveContainer,
  VerticalStackedBarChart,
} from '@fluentui/react-charts';
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
import { type ReactNode, useId, useState, useSyncExternalStore } from 'react';
import { LANGUAGE, useStrings } from '../strings';
import { ApiErrorMessage } from './ApiErrorMessage';
import { formatNumber } from './format';
import { Loading } from './Loading';

/** A chart's data, library-neutral: one value per category (x) per series. */
export interface ChartData {
  /** The x axis: `YYYY-MM-DD` / `YYYY-MM` dates, or labels (apps, policies). */
  categories: readonly string[];
  series: readonly { name: string; values: readonly number[] }[];
}

const CHART_HEIGHT = 300;

const useStyles = makeStyles({
  card: { minWidth: 0, gap: tokens.spacingVerticalS },
  head: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    justifyContent: 'space-between',
    gap: tokens.spacingHorizontalS,
  },
  title: { margin: 0, minWidth: 0, overflowWrap: 'anywhere' },
  tools: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: tokens.spacingHorizontalS },
  description: { color: tokens.colorNeutralForeground3 },
  chart: { width: '100%', minWidth: 0, overflow: 'hidden' },
  // The library capitalises legends ("IOS", "Inactive 30 Days"): names are shown as given.
  legend: { textTransform: 'none' },
  state: {
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'center',
    minHeight: '120px',
    padding: tokens.spacingVerticalM,
    textAlign: 'center',
    color: tokens.colorNeutralForeground3,
  },
  scroll: { overflowX: 'auto', maxHeight: `${CHART_HEIGHT}px`, overflowY: 'auto' },
  // Columns as wide as their words (series names can be long): the box scrolls sideways.
  table: { tableLayout: 'auto', minWidth: '100%', width: 'max-content' },
  sticky: { position: 'sticky', top: 0, backgroundColor: tokens.colorNeutralBackground1, zIndex: 1 },
  number: { textAlign: 'end', fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' },
  numberHeader: {
    whiteSpace: 'nowrap',
    '& .fui-TableHeaderCell__button': { justifyContent: 'flex-end', textAlign: 'end' },
  },
  category: { whiteSpace: 'nowrap' },
});

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const MONTH = /^\d{4}-\d{2}$/;
const isDay = (value: string) => DAY.test(value);

// Dates are UTC days (the reports' days): shown as such whatever the browser's time zone.
const utc = (value: string) => new Date(`${MONTH.test(value) ? `${value}-01` : value}T00:00:00Z`);
const dayLong = new Intl.DateTimeFormat(LANGUAGE, { dateStyle: 'medium', timeZone: 'UTC' });
const dayShort = new Intl.DateTimeFormat(LANGUAGE, { month: 'short', day: 'numeric', timeZone: 'UTC' });
const monthLong = new Intl.DateTimeFormat(LANGUAGE, { month: 'long', year: 'numeric', timeZone: 'UTC' });
const monthShort = new Intl.DateTimeFormat(LANGUAGE, { month: 'short', year: 'numeric', timeZone: 'UTC' });

/** A category as the table shows it: dates spelled out, labels as they are. */
const categoryText = (value: string) =>
  isDay(value) ? dayLong.format(utc(value)) : MONTH.test(value) ? monthLong.format(utc(value)) : value;
/** A category under a bar: short dates. */
const axisText = (value: string) =>
  isDay(value) ? dayShort.format(utc(value)) : MONTH.test(value) ? monthShort.format(utc(value)) : value;

/** Ticks of counts: whole numbers only (a half user makes no sense). */
const countTick = (value: number) => (Number.isInteger(value) ? formatNumber(value) : '');

const darkQuery = () => window.matchMedia('(prefers-color-scheme: dark)');
function usePrefersDark(): boolean {
  return useSyncExternalStore(
    (notify) => {
      const query = darkQuery();
      query.addEventListener('change', notify);
      return () => query.removeEventListener('change', notify);
    },
    () => darkQuery().matches,
  );
}

/**
 * A chart with its data as a table: the table is one tab away for screen readers and for the
 * exact figures. `kind` line for a trend over days, bars (stacked per series) for anything else.
 * `loading` and `error` show in the card (each card loads on its own).
 */
export function ChartCard({
  title,
  description,
  data,
  kind = 'bars',
  actions,
  loading = false,
  error,
}: {
  title: string;
  description?: ReactNode;
  data: ChartData;
  kind?: 'line' | 'bars';
  actions?: ReactNode;
  loading?: boolean;
  error?: unknown;
}) {
  const t = useStrings();
  const styles = useStyles();
  const headingId = useId();
  const [view, setView] = useState<'chart' | 'table'>('chart');
  const empty = data.categories.length === 0 || data.series.length === 0;
  let body: ReactNode;
  if (error) body = <ApiErrorMessage error={error} />;
  else if (loading)
    body = (
      <div className={styles.state}>
        <Loading />
      </div>
    );
  else if (empty)
    body = (
      <div className={styles.state}>
        <Text>{t.common.noData}</Text>
      </div>
    );
  else if (view === 'chart')
    body = (
      <div className={styles.chart} style={{ height: `${chartHeight(data)}px` }}>
        <Chart data={data} kind={kind} title={title} legendClass={styles.legend} />
      </div>
    );
  else
    body = (
      // Focusable, so that a keyboard can scroll a long or wide table (axe: scrollable-region-focusable).
      // biome-ignore lint/a11y/useSemanticElements: a group, not a fieldset: it holds a table, not inputs
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling box needs a tab stop of its own
      <div className={styles.scroll} role="group" tabIndex={0} aria-labelledby={headingId}>
        <Table size="small" aria-labelledby={headingId} className={styles.table}>
          <TableHeader className={styles.sticky}>
            <TableRow>
              <TableHeaderCell>{t.common.category}</TableHeaderCell>
              {data.series.map((series) => (
                <TableHeaderCell key={series.name} className={styles.numberHeader}>
                  {series.name}
                </TableHeaderCell>
              ))}
            </TableRow>
          </TableHeader>
          <TableBody>
            {data.categories.map((category, index) => (
              <TableRow key={category}>
                <TableCell className={styles.category}>{categoryText(category)}</TableCell>
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
    );
  return (
    <Card className={styles.card} role="region" aria-labelledby={headingId}>
      <div className={styles.head}>
        <Text as="h2" id={headingId} size={400} weight="semibold" className={styles.title}>
          {title}
        </Text>
        <div className={styles.tools}>
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
      </div>
      {description && (
        <Text size={200} className={styles.description}>
          {description}
        </Text>
      )}
      {body}
    </Card>
  );
}

/** Room for the plot and its legend, which wraps: more series, more lines of legend. */
const chartHeight = (data: ChartData) =>
  CHART_HEIGHT + Math.max(0, Math.ceil(data.series.length / 2) - 1) * 28;

function Chart({
  data,
  kind,
  title,
  legendClass,
}: {
  data: ChartData;
  kind: 'line' | 'bars';
  title: string;
  legendClass: string;
}) {
  const t = useStrings();
  const dark = usePrefersDark();
  const colour = (index: number) => getNextColor(index, 0, dark);
  const days = data.categories.every(isDay);
  const label = `${title}: ${t.common.chartSummaryHint}`;
  const height = chartHeight(data);
  const legendProps = { enabledWrapLines: true, styles: { legend: legendClass } };
  if (kind === 'line' && days) {
    const points = data.series.map((series, index) => ({
      legend: series.name,
      color: colour(index),
      data: data.categories.map((day, i) => ({
        x: utc(day),
        y: series.values[i] ?? 0,
        xAxisCalloutData: dayLong.format(utc(day)),
      })),
    }));
    return (
      <ResponsiveContainer height={height}>
        <LineChart
          data={{ chartTitle: label, lineChartData: points }}
          yMinValue={0}
          yAxisTickFormat={countTick}
          useUTC
          hideTickOverlap
          culture={LANGUAGE}
          customDateTimeFormatter={(date) => dayShort.format(date)}
          legendProps={legendProps}
        />
      </ResponsiveContainer>
    );
  }
  const stacks = data.categories.map((category, i) => ({
    // Days on a time axis (its ticks thin themselves out); anything else as a label.
    xAxisPoint: days ? utc(category) : axisText(category),
    xAxisCalloutData: categoryText(category),
    chartData: data.series.map((series, index) => ({
      legend: series.name,
      data: series.values[i] ?? 0,
      color: colour(index),
    })),
  }));
  return (
    <ResponsiveContainer height={height}>
      <VerticalStackedBarChart
        data={stacks}
        chartTitle={label}
        yMinValue={0}
        yAxisTickFormat={countTick}
        useUTC
        hideTickOverlap
        wrapXAxisLables
        culture={LANGUAGE}
        customDateTimeFormatter={(date) => dayShort.format(date)}
        barWidth={days ? 'default' : 'auto'}
        maxBarWidth={40}
        legendProps={legendProps}
      />
    </ResponsiveContainer>
  );
}
