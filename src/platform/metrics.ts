import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/**
 * Operator metrics in Prometheus text format (docs/metrics.md). One registry per Gatehouse,
 * never prom-client's global one, so two servers in one process keep their own numbers.
 *
 * Every label takes its values from a bounded set: route classes, methods, status codes,
 * Entra error codes, grant types, MFA methods, risk event types. No label names a tenant, a
 * user, an app or a URL: tenants are unbounded, and per-tenant numbers live in the insights API.
 */
export interface Metrics {
  registry: Registry;
  httpRequests: Counter<'route_class' | 'method' | 'status'>;
  httpRequestDuration: Histogram<'route_class' | 'method' | 'status_class'>;
  signIns: Counter<'outcome' | 'error_code' | 'event_type'>;
  tokensIssued: Counter<'grant_type'>;
  mfaChallenges: Counter<'method'>;
  mfaResults: Counter<'method' | 'result'>;
  riskDetections: Counter<'risk_event_type' | 'risk_level' | 'timing'>;
  conditionalAccessBlocks: Counter<'principal_type'>;
  conditionalAccessInterrupts: Counter<'requirement'>;
  deliveryFailures: Counter<'channel' | 'outcome'>;
  /** Adds the readings taken at scrape time, once their sources exist; each only if given. */
  observe(sources: MetricSources): void;
  /** The exposition: every metric of this registry, in Prometheus text format. */
  scrape(): Promise<{ contentType: string; body: string }>;
}

/** What the scrape-time gauges read; a source not given leaves its metrics out entirely. */
export interface MetricSources {
  /** Messages waiting in the outbox (a cheap COUNT). */
  outboxDepth?: () => Promise<number>;
  /** The database connection pool (PostgreSQL). */
  databasePool?: () => PoolStats;
  /** Whether this node reaches Redis. */
  redisUp?: () => boolean;
}

export interface PoolStats {
  /** Connections open (in use and idle). */
  total: number;
  idle: number;
  /** Queries waiting for a connection. */
  waiting: number;
  max: number;
}

/** The HTTP methods counted by name; anything else is `other`. */
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

export const methodLabel = (method: string): string => (METHODS.has(method) ? method : 'other');

/** `2xx` … `5xx`. */
export const statusClass = (status: number): string =>
  status >= 100 && status < 600 ? `${Math.floor(status / 100)}xx` : 'other';

export function createMetrics(): Metrics {
  const registry = new Registry();
  // Process CPU and memory, event-loop lag, heap and GC, as prom-client names them
  // (process_cpu_seconds_total, process_resident_memory_bytes, nodejs_eventloop_lag_seconds, …).
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const counter = <L extends string>(name: string, help: string, labelNames: readonly L[]) =>
    new Counter<L>({ name, help, labelNames, registers });

  // The pool is read before the outbox is counted: a scrape must not see its own query waiting.
  function observe({ outboxDepth, databasePool, redisUp }: MetricSources): void {
    if (databasePool) {
      new Gauge({
        name: 'gatehouse_database_pool_connections',
        help: 'Database connections of this node, in use by a query or idle.',
        labelNames: ['state'],
        registers,
        collect() {
          const { total, idle } = databasePool();
          this.set({ state: 'in_use' }, total - idle);
          this.set({ state: 'idle' }, idle);
        },
      });
      new Gauge({
        name: 'gatehouse_database_pool_waiting_clients',
        help: 'Queries waiting for a database connection (the pool is busy or connecting).',
        registers,
        collect() {
          this.set(databasePool().waiting);
        },
      });
      new Gauge({
        name: 'gatehouse_database_pool_max_connections',
        help: 'The most database connections this node opens (GATEHOUSE_DATABASE_POOL_SIZE).',
        registers,
        collect() {
          this.set(databasePool().max);
        },
      });
    }
    if (outboxDepth)
      new Gauge({
        name: 'gatehouse_outbox_pending_messages',
        help: 'Email messages waiting in the outbox for a first or further attempt (pending or sending).',
        registers,
        async collect() {
          // A scrape still answers while the database does not: the value is then unknown.
          this.set(await outboxDepth().catch(() => Number.NaN));
        },
      });
    if (redisUp)
      new Gauge({
        name: 'gatehouse_redis_up',
        help: 'Whether this node reaches Redis (1) or works on its own memory meanwhile (0).',
        registers,
        collect() {
          this.set(redisUp() ? 1 : 0);
        },
      });
  }

  return {
    registry,
    httpRequests: counter('gatehouse_http_requests_total', 'HTTP requests answered.', [
      'route_class',
      'method',
      'status',
    ]),
    httpRequestDuration: new Histogram({
      name: 'gatehouse_http_request_duration_seconds',
      help: 'Time from receiving an HTTP request to the end of its response.',
      labelNames: ['route_class', 'method', 'status_class'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    signIns: counter(
      'gatehouse_sign_ins_total',
      'Sign-ins recorded in the sign-in log, by outcome, Entra error code (0: success) and sign-in event type.',
      ['outcome', 'error_code', 'event_type'],
    ),
    tokensIssued: counter(
      'gatehouse_tokens_issued_total',
      'Successful token endpoint responses, by grant type.',
      ['grant_type'],
    ),
    mfaChallenges: counter(
      'gatehouse_mfa_challenges_total',
      'Second-factor challenges put to users at sign-in: a code sent, or a code or passkey prompt shown.',
      ['method'],
    ),
    mfaResults: counter(
      'gatehouse_mfa_results_total',
      'Second-factor proofs at sign-in, by method and result (success or failure).',
      ['method', 'result'],
    ),
    riskDetections: counter(
      'gatehouse_risk_detections_total',
      'Identity Protection risk detections recorded, by risk event type, level and timing.',
      ['risk_event_type', 'risk_level', 'timing'],
    ),
    conditionalAccessBlocks: counter(
      'gatehouse_conditional_access_blocks_total',
      'Sign-ins and token requests a Conditional Access policy blocked, by principal type.',
      ['principal_type'],
    ),
    conditionalAccessInterrupts: counter(
      'gatehouse_conditional_access_interrupts_total',
      'Conditional Access decisions that asked for more before going on (MFA, a password change), by requirement.',
      ['requirement'],
    ),
    deliveryFailures: counter(
      'gatehouse_message_delivery_failures_total',
      'Failed attempts to deliver email or SMS, by channel and outcome (retry: tried again later; given_up).',
      ['channel', 'outcome'],
    ),
    observe,
    async scrape() {
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
}
