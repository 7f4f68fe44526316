import type { ChartData } from '../../components/ChartCard';
import { daysBetween, monthsEnding } from './dates';
import type { DashboardFilter } from './model';

export const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);

/** `YYYY-MM` of a month's first day: ChartCard shows it as a month. */
export const monthLabel = (factDate: string) => factDate.slice(0, 7);

/** The 12 months the monthly charts show (first days), ending with the range's last day. */
export const monthsOf = (filter: DashboardFilter) => monthsEnding(filter.to, 12);

interface Dated {
  factDate: string;
}

/**
 * Items grouped into series: categories in the given order (missing ones are 0), one series
 * per `seriesOf(item)` in order of first appearance (or `order`), `amountOf` summed.
 */
export function toChart<T extends Dated>(
  items: readonly T[],
  {
    categories,
    categoryOf = (item) => item.factDate,
    label = (category) => category,
    seriesOf,
    amountOf,
    order,
  }: {
    categories?: readonly string[];
    categoryOf?: (item: T) => string;
    label?: (category: string) => string;
    seriesOf: (item: T) => string | readonly string[];
    amountOf: (item: T, series: string) => number;
    order?: readonly string[];
  },
): ChartData {
  const keys = categories ? [...categories] : [...new Set(items.map(categoryOf))];
  const index = new Map(keys.map((key, i) => [key, i]));
  const series = new Map<string, number[]>();
  for (const name of order ?? [])
    series.set(
      name,
      keys.map(() => 0),
    );
  for (const item of items) {
    const at = index.get(categoryOf(item));
    if (at === undefined) continue;
    const names = seriesOf(item);
    for (const name of typeof names === 'string' ? [names] : names) {
      const values = series.get(name) ?? keys.map(() => 0);
      values[at] = (values[at] ?? 0) + amountOf(item, name);
      series.set(name, values);
    }
  }
  const named = [...series].map(([name, values]) => ({ name, values }));
  // Without a given order, the largest series first (at the bottom of a stack, first in the legend).
  if (!order) named.sort((a, b) => sum(b.values) - sum(a.values) || a.name.localeCompare(b.name));
  return { categories: keys.map(label), series: named };
}

/** Whether every value of a chart is 0 (nothing happened: the card says so). */
export const isEmpty = (data: ChartData) =>
  data.categories.length === 0 || data.series.every((s) => s.values.every((v) => v === 0));

export const daysOf = (filter: DashboardFilter) => daysBetween(filter.from, filter.to);
