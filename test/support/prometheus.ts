import parsePrometheusTextFormat from 'parse-prometheus-text-format';

export type MetricFamily = ReturnType<typeof parsePrometheusTextFormat>[number];

/**
 * Parses an exposition with a Prometheus text-format parser (parse-prometheus-text-format, not
 * our own code), by family name. That parser folds a histogram with labels into one series
 * without them (it keeps the last series' buckets), so histograms are read with their `# TYPE`
 * line left out: each of their `_bucket`, `_sum` and `_count` series is then a family of its
 * own with every label kept; the histogram's own name keeps its type.
 */
export function parseMetrics(text: string): Map<string, MetricFamily> {
  const histograms = new Set([...text.matchAll(/^# TYPE (\S+) histogram$/gm)].map((match) => match[1]));
  const families = new Map<string, MetricFamily>();
  for (const family of parsePrometheusTextFormat(text.replace(/^# TYPE \S+ histogram\n/gm, ''))) {
    const known = families.get(family.name);
    // Without its type, a histogram's series come as one family per run of lines: joined here.
    if (known) known.metrics.push(...family.metrics);
    else
      families.set(family.name, { ...family, type: histograms.has(family.name) ? 'HISTOGRAM' : family.type });
  }
  return families;
}

const matches = (labels: Record<string, string> | undefined, wanted: Record<string, string>) =>
  Object.entries(wanted).every(([name, value]) => labels?.[name] === value);

/** The sum of a family's samples whose labels include `labels` (0 when none). */
export function metricValue(
  families: Map<string, MetricFamily>,
  name: string,
  labels: Record<string, string> = {},
): number {
  const family = families.get(name);
  if (!family) return 0;
  return family.metrics
    .filter((sample) => matches(sample.labels, labels))
    .reduce((sum, sample) => sum + Number(sample.value ?? 0), 0);
}

/** GETs a metrics URL (with a bearer token, if given): its status, text and parsed families. */
export async function scrape(url: string, token?: string) {
  const response = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    text,
    families: response.ok ? parseMetrics(text) : new Map<string, MetricFamily>(),
  };
}
