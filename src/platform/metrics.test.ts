import { describe, expect, it } from 'vitest';
import { metricValue, parseMetrics } from '../../test/support/prometheus.js';
import { createMetrics, methodLabel, statusClass } from './metrics.js';

const exposition = async (metrics: ReturnType<typeof createMetrics>) =>
  parseMetrics((await metrics.scrape()).body);

describe('operator metrics', () => {
  it('keeps one registry per instance: two servers in a process count apart', async () => {
    const one = createMetrics();
    const two = createMetrics();
    one.signIns.inc({ outcome: 'success', error_code: '0', event_type: 'interactiveUser' });
    one.signIns.inc({ outcome: 'success', error_code: '0', event_type: 'interactiveUser' });
    two.signIns.inc({ outcome: 'failure', error_code: '50126', event_type: 'interactiveUser' });
    const first = await exposition(one);
    const second = await exposition(two);
    expect(metricValue(first, 'gatehouse_sign_ins_total', { outcome: 'success' })).toBe(2);
    expect(metricValue(first, 'gatehouse_sign_ins_total', { outcome: 'failure' })).toBe(0);
    expect(metricValue(second, 'gatehouse_sign_ins_total', { error_code: '50126' })).toBe(1);
    expect(metricValue(second, 'gatehouse_sign_ins_total', { outcome: 'success' })).toBe(0);
  });

  it('reports process CPU, memory and event-loop lag under their usual names', async () => {
    const families = await exposition(createMetrics());
    for (const name of [
      'process_cpu_seconds_total',
      'process_resident_memory_bytes',
      'nodejs_eventloop_lag_seconds',
      'nodejs_eventloop_lag_p99_seconds',
      'nodejs_heap_size_used_bytes',
    ])
      expect(families.has(name), name).toBe(true);
    expect(families.get('process_cpu_seconds_total')?.type).toBe('COUNTER');
    expect(metricValue(families, 'process_resident_memory_bytes')).toBeGreaterThan(0);
  });

  it('declares every instrument with its type, and no tenant label anywhere', async () => {
    const metrics = createMetrics();
    metrics.httpRequestDuration.observe({ route_class: 'token', method: 'POST', status_class: '2xx' }, 0.02);
    const families = await exposition(metrics);
    expect(families.get('gatehouse_http_request_duration_seconds')?.type).toBe('HISTOGRAM');
    expect(families.get('gatehouse_tokens_issued_total')?.type).toBe('COUNTER');
    const series = { route_class: 'token', method: 'POST', status_class: '2xx' };
    const bucket = (le: string) =>
      metricValue(families, 'gatehouse_http_request_duration_seconds_bucket', { ...series, le });
    expect(bucket('0.01')).toBe(0);
    expect(bucket('0.025')).toBe(1);
    expect(bucket('+Inf')).toBe(1);
    expect(metricValue(families, 'gatehouse_http_request_duration_seconds_count', series)).toBe(1);
    expect(metricValue(families, 'gatehouse_http_request_duration_seconds_sum', series)).toBeCloseTo(0.02);
    for (const family of families.values())
      for (const s of family.metrics) expect(Object.keys(s.labels ?? {})).not.toContain('tenant');
  });

  it('reads the scrape-time gauges from the sources given, and leaves out those not given', async () => {
    const bare = await exposition(createMetrics());
    expect(bare.has('gatehouse_outbox_pending_messages')).toBe(false);
    expect(bare.has('gatehouse_database_pool_connections')).toBe(false);
    expect(bare.has('gatehouse_redis_up')).toBe(false);

    const metrics = createMetrics();
    let redisUp = true;
    metrics.observe({
      outboxDepth: async () => 7,
      databasePool: () => ({ total: 6, idle: 2, waiting: 3, max: 10 }),
      redisUp: () => redisUp,
    });
    let families = await exposition(metrics);
    expect(metricValue(families, 'gatehouse_outbox_pending_messages')).toBe(7);
    expect(metricValue(families, 'gatehouse_database_pool_connections', { state: 'in_use' })).toBe(4);
    expect(metricValue(families, 'gatehouse_database_pool_connections', { state: 'idle' })).toBe(2);
    expect(metricValue(families, 'gatehouse_database_pool_waiting_clients')).toBe(3);
    expect(metricValue(families, 'gatehouse_database_pool_max_connections')).toBe(10);
    expect(metricValue(families, 'gatehouse_redis_up')).toBe(1);
    redisUp = false;
    families = await exposition(metrics);
    expect(metricValue(families, 'gatehouse_redis_up')).toBe(0);
  });

  it('still answers when the outbox cannot be counted: the depth is then unknown (NaN)', async () => {
    const metrics = createMetrics();
    metrics.observe({ outboxDepth: () => Promise.reject(new Error('database down')) });
    const families = await exposition(metrics);
    // prom-client writes it `Nan`; Prometheus reads NaN in any case.
    expect(families.get('gatehouse_outbox_pending_messages')?.metrics[0]?.value).toMatch(/^nan$/i);
  });

  it('bounds the method and status labels', () => {
    expect(methodLabel('GET')).toBe('GET');
    expect(methodLabel('PROPFIND')).toBe('other');
    expect(statusClass(204)).toBe('2xx');
    expect(statusClass(503)).toBe('5xx');
    expect(statusClass(999)).toBe('other');
  });
});
