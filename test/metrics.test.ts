import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';
import { TEST_DATABASES } from './support/databases.js';
import { freePort, startGatehouse, type TestGatehouse } from './support/gatehouse.js';
import { type MetricFamily, metricValue, scrape } from './support/prometheus.js';
import { type Scenario, startScenario, type WebApp } from './support/scenario.js';

const TOKEN = randomBytes(32).toString('hex');
const REDIS_URL = process.env.GATEHOUSE_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

const PLACES = { paris: '203.0.113.7', anonymizer: '192.0.2.44' };
const GEO_OVERRIDES = {
  '203.0.113.0/24': { countryOrRegion: 'FR', city: 'Paris', latitude: 48.86, longitude: 2.35 },
  '192.0.2.0/24': { countryOrRegion: 'NL', city: 'Amsterdam', latitude: 52.37, longitude: 4.9 },
};

type Families = Map<string, MetricFamily>;

describe.skipIf(!TEST_DATABASES.includes('sqlite'))('operator metrics on sqlite', () => {
  let scenario: Scenario;
  let gh: TestGatehouse;
  let shop: WebApp;

  beforeAll(async () => {
    scenario = await startScenario('sqlite', {
      geoOverrides: GEO_OVERRIDES,
      env: { GATEHOUSE_METRICS_TOKEN: TOKEN },
    });
    gh = scenario.gh;
    shop = await scenario.registerWebApp('Shop');
  });
  afterAll(() => scenario?.stop());
  afterEach(() => scenario.deletePolicies());

  const metricsNow = async (): Promise<Families> => {
    const scraped = await scrape(`${gh.baseUrl}/metrics`, TOKEN);
    expect(scraped.status).toBe(200);
    return scraped.families;
  };
  /** How much a metric moved while `work` ran. */
  async function moved(work: () => Promise<unknown>, name: string, labels: Record<string, string> = {}) {
    const before = await metricsNow();
    await work();
    return metricValue(await metricsNow(), name, labels) - metricValue(before, name, labels);
  }

  it('answers only with the token, in Prometheus text format', async () => {
    const without = await scrape(`${gh.baseUrl}/metrics`);
    expect(without.status).toBe(401);
    expect(without.headers.get('www-authenticate')).toBe('Bearer');
    expect((await scrape(`${gh.baseUrl}/metrics`, `${TOKEN.slice(1)}x`)).status).toBe(401);
    expect((await scrape(`${gh.baseUrl}/metrics`, TOKEN.slice(0, 32))).status).toBe(401);

    const scraped = await scrape(`${gh.baseUrl}/metrics`, TOKEN);
    expect(scraped.status).toBe(200);
    expect(scraped.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(scraped.headers.get('cache-control')).toBe('no-store');
    for (const name of [
      'process_cpu_seconds_total',
      'process_resident_memory_bytes',
      'nodejs_eventloop_lag_seconds',
    ])
      expect(scraped.families.has(name), name).toBe(true);
    // SQLite has no connection pool, and there is no Redis: neither is reported.
    expect(scraped.families.has('gatehouse_database_pool_connections')).toBe(false);
    expect(scraped.families.has('gatehouse_redis_up')).toBe(false);
    // Nothing waits in the outbox (the scenario's mail sink takes every message).
    expect(scraped.families.has('gatehouse_outbox_pending_messages')).toBe(true);
    // No label anywhere names a tenant.
    expect(scraped.text).not.toMatch(/tenant="/);
    expect(scraped.text).not.toContain('demo');
  });

  it('counts a sign-in and the token it leads to, and measures the requests by route class', async () => {
    await scenario.createUser('mia@example.com');
    const before = await metricsNow();
    const run = await scenario.browserAt(PLACES.paris).signIn(shop, 'mia@example.com');
    await run.tokens(run.redirectedTo);
    const after = await metricsNow();
    const delta = (name: string, labels: Record<string, string>) =>
      metricValue(after, name, labels) - metricValue(before, name, labels);

    expect(
      delta('gatehouse_sign_ins_total', {
        outcome: 'success',
        error_code: '0',
        event_type: 'interactiveUser',
      }),
    ).toBe(1);
    expect(delta('gatehouse_tokens_issued_total', { grant_type: 'authorization_code' })).toBe(1);
    expect(
      delta('gatehouse_http_requests_total', { route_class: 'token', method: 'POST', status: '200' }),
    ).toBe(1);
    expect(after.get('gatehouse_http_request_duration_seconds')?.type).toBe('HISTOGRAM');
    const durations = after.get('gatehouse_http_request_duration_seconds_count');
    const classes = new Set(durations?.metrics.map((sample) => sample.labels?.route_class));
    for (const routeClass of ['authorization', 'hosted_ui', 'token', 'discovery', 'admin_api', 'metrics'])
      expect(classes, routeClass).toContain(routeClass);
    const token = { route_class: 'token', method: 'POST', status_class: '2xx' };
    expect(delta('gatehouse_http_request_duration_seconds_count', token)).toBe(1);
    expect(delta('gatehouse_http_request_duration_seconds_sum', token)).toBeGreaterThan(0);
    expect(delta('gatehouse_http_request_duration_seconds_bucket', { ...token, le: '+Inf' })).toBe(1);
  });

  it('counts a wrong password as a failure with its error code', async () => {
    await scenario.createUser('noah@example.com');
    const failures = await moved(
      async () => {
        const run = await scenario
          .browserAt(PLACES.paris)
          .signIn(shop, 'noah@example.com', 'not-the-password');
        expect(run.status).toBe(401);
      },
      'gatehouse_sign_ins_total',
      { outcome: 'failure', error_code: '50126' },
    );
    expect(failures).toBe(1);
  });

  it('counts a client-credentials token and its service principal sign-in', async () => {
    const before = await metricsNow();
    await gh.adminToken();
    const after = await metricsNow();
    const delta = (name: string, labels: Record<string, string>) =>
      metricValue(after, name, labels) - metricValue(before, name, labels);
    expect(delta('gatehouse_tokens_issued_total', { grant_type: 'client_credentials' })).toBe(1);
    expect(delta('gatehouse_sign_ins_total', { outcome: 'success', event_type: 'servicePrincipal' })).toBe(1);
  });

  it('counts a sign-in that Conditional Access blocks', async () => {
    await scenario.createUser('olga@example.com');
    await scenario.createPolicy({
      displayName: 'Shop closed',
      conditions: { users: { includeUsers: ['All'] }, applications: { includeApplications: [shop.appId] } },
      grantControls: { operator: 'OR', builtInControls: ['block'] },
    });
    const before = await metricsNow();
    const run = await scenario.browserAt(PLACES.paris).signIn(shop, 'olga@example.com');
    expect(run.status).toBe(403);
    const after = await metricsNow();
    const delta = (name: string, labels: Record<string, string>) =>
      metricValue(after, name, labels) - metricValue(before, name, labels);
    expect(delta('gatehouse_conditional_access_blocks_total', { principal_type: 'user' })).toBe(1);
    expect(delta('gatehouse_sign_ins_total', { outcome: 'failure', error_code: '53003' })).toBe(1);
    expect(delta('gatehouse_sign_ins_total', { outcome: 'success' })).toBe(0);
  });

  it('counts the MFA a policy asks for: the interruption, the challenge and its result', async () => {
    await scenario.createUser('pia@example.com');
    await scenario.createPolicy({
      displayName: 'Shop needs MFA',
      conditions: { users: { includeUsers: ['All'] }, applications: { includeApplications: [shop.appId] } },
      grantControls: { operator: 'OR', builtInControls: ['mfa'] },
    });
    const before = await metricsNow();
    const at = scenario.browserAt(PLACES.paris);
    const run = await at.signIn(shop, 'pia@example.com');
    const interrupted = await metricsNow();
    scenario.clock.advance(1000);
    const done = await scenario.proveByEmail(at, shop, run, 'pia@example.com');
    expect(done.redirectedTo).toMatch(/code=/);
    const after = await metricsNow();
    const delta = (to: Families, name: string, labels: Record<string, string>) =>
      metricValue(to, name, labels) - metricValue(before, name, labels);

    expect(delta(interrupted, 'gatehouse_conditional_access_interrupts_total', { requirement: 'mfa' })).toBe(
      1,
    );
    expect(
      delta(interrupted, 'gatehouse_sign_ins_total', { outcome: 'interrupted', error_code: '50074' }),
    ).toBe(1);
    expect(delta(after, 'gatehouse_mfa_challenges_total', { method: 'email' })).toBe(1);
    expect(delta(after, 'gatehouse_mfa_results_total', { method: 'email', result: 'success' })).toBe(1);
    expect(delta(after, 'gatehouse_mfa_results_total', { result: 'failure' })).toBe(0);
    // Proved: Conditional Access asks nothing more, and the sign-in succeeds.
    expect(delta(after, 'gatehouse_conditional_access_interrupts_total', {})).toBe(1);
    expect(delta(after, 'gatehouse_sign_ins_total', { outcome: 'success', error_code: '0' })).toBe(1);
  });

  it('counts risk detections by type', async () => {
    await scenario.createUser('quinn@example.com');
    const list = await gh.api('PUT', '/api/v1/tenants/demo/identityProtection/threatLists/anonymizer', {
      displayName: 'Anonymizers',
      entries: ['192.0.2.0/24'],
    });
    expect(list.status).toBe(200);
    const detections = await moved(
      async () => {
        const run = await scenario.browserAt(PLACES.anonymizer).signIn(shop, 'quinn@example.com');
        expect(run.redirectedTo).toMatch(/code=/);
      },
      'gatehouse_risk_detections_total',
      { risk_event_type: 'anonymizedIPAddress', risk_level: 'medium', timing: 'realtime' },
    );
    expect(detections).toBe(1);
  });

  it('does not count what What If evaluates', async () => {
    const userId = await scenario.createUser('rosa@example.com');
    await scenario.createPolicy({
      displayName: 'Block everyone',
      conditions: { users: { includeUsers: ['All'] }, applications: { includeApplications: ['All'] } },
      grantControls: { operator: 'OR', builtInControls: ['block'] },
    });
    const blocks = await moved(async () => {
      const whatIf = await gh.api('POST', '/api/v1/tenants/demo/conditionalAccess/evaluate', {
        signInIdentity: { userId },
        signInContext: { includeApplications: [shop.appId] },
      });
      expect(whatIf.status, JSON.stringify(whatIf.body)).toBe(200);
      expect(whatIf.body.decision.block).toBe(true);
    }, 'gatehouse_conditional_access_blocks_total');
    expect(blocks).toBe(0);
  });
});

describe.skipIf(!TEST_DATABASES.includes('sqlite'))('exposure of /metrics', () => {
  it('is off by default: /metrics is 404', async () => {
    const gh = await startGatehouse('sqlite');
    try {
      const response = await fetch(`${gh.baseUrl}/metrics`, {
        headers: { authorization: `Bearer ${TOKEN}` },
      });
      expect(response.status).toBe(404);
    } finally {
      await gh.stop();
    }
  });

  it('moves to a port of its own (token still asked there), and counts the outbox and failed email', async () => {
    const metricsPort = await freePort();
    // Nothing listens there: every attempt fails, and is retried later.
    const deadSmtp = await freePort();
    const gh = await startGatehouse('sqlite', {
      env: {
        GATEHOUSE_METRICS_PORT: String(metricsPort),
        GATEHOUSE_METRICS_TOKEN: TOKEN,
        GATEHOUSE_SMTP_URL: `smtp://127.0.0.1:${deadSmtp}`,
      },
    });
    const metricsUrl = `http://127.0.0.1:${metricsPort}/metrics`;
    try {
      expect(
        (await fetch(`${gh.baseUrl}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })).status,
      ).toBe(404);
      const without = await scrape(metricsUrl);
      expect(without.status).toBe(401);
      expect(without.headers.get('www-authenticate')).toBe('Bearer');
      expect((await fetch(`http://127.0.0.1:${metricsPort}/healthz`)).status).toBe(404);
      expect((await fetch(metricsUrl, { method: 'POST' })).status).toBe(405);

      await gh.gatehouse.mailer.enqueue('admin', {
        template: 'signInCode',
        to: 'ops@example.com',
        lang: 'en',
        data: { code: '123456', minutes: 10, appName: 'Console' },
      });
      await gh.gatehouse.mailer.idle();
      const scraped = await scrape(metricsUrl, TOKEN);
      expect(scraped.status).toBe(200);
      const { families } = scraped;
      expect(
        metricValue(families, 'gatehouse_message_delivery_failures_total', {
          channel: 'email',
          outcome: 'retry',
        }),
      ).toBe(1);
      expect(metricValue(families, 'gatehouse_outbox_pending_messages')).toBe(1);
      // Only the main port's /metrics request (its 404) is counted: the metrics port is not measured.
      expect(metricValue(families, 'gatehouse_http_requests_total', { route_class: 'metrics' })).toBe(1);
      expect(
        metricValue(families, 'gatehouse_http_requests_total', { route_class: 'metrics', status: '404' }),
      ).toBe(1);
    } finally {
      await gh.stop();
    }
    // Stopped with the node.
    await expect(fetch(metricsUrl)).rejects.toThrow();
  });

  it('refuses a short token and a metrics port equal to the main one', () => {
    const invalid = (env: Record<string, string>) => {
      try {
        loadConfig({ GATEHOUSE_DATA_DIR: '/tmp/gatehouse-config-test', ...env });
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        return (error as Error).message;
      }
      throw new Error('accepted');
    };
    expect(invalid({ GATEHOUSE_METRICS_TOKEN: 'short' })).toContain(
      'GATEHOUSE_METRICS_TOKEN: must be at least 32 characters',
    );
    expect(invalid({ GATEHOUSE_METRICS_TOKEN: `${'a'.repeat(32)} b` })).toContain('must be a bearer token');
    expect(invalid({ PORT: '9100', GATEHOUSE_METRICS_PORT: '9100' })).toContain(
      'GATEHOUSE_METRICS_PORT: must differ from PORT',
    );
    const config = loadConfig({
      GATEHOUSE_DATA_DIR: '/tmp/gatehouse-config-test',
      GATEHOUSE_METRICS_PORT: '9100',
    });
    expect(config).toMatchObject({ metricsPort: 9100, metricsHost: '127.0.0.1' });
    expect(config.metricsToken).toBeUndefined();
  });
});

describe.skipIf(!TEST_DATABASES.includes('postgres'))('operator metrics on postgres with redis', () => {
  let gh: TestGatehouse;
  beforeAll(async () => {
    gh = await startGatehouse('postgres', {
      env: { GATEHOUSE_METRICS_TOKEN: TOKEN, GATEHOUSE_REDIS_URL: REDIS_URL },
    });
  });
  afterAll(() => gh?.stop());

  it('reports the connection pool and whether Redis answers', async () => {
    const { status, families } = await scrape(`${gh.baseUrl}/metrics`, TOKEN);
    expect(status).toBe(200);
    const inUse = metricValue(families, 'gatehouse_database_pool_connections', { state: 'in_use' });
    const idle = metricValue(families, 'gatehouse_database_pool_connections', { state: 'idle' });
    expect(inUse).toBeGreaterThanOrEqual(0);
    // The node has been using the database: it holds connections, within its bound.
    expect(inUse + idle).toBeGreaterThanOrEqual(1);
    expect(inUse + idle).toBeLessThanOrEqual(10);
    expect(metricValue(families, 'gatehouse_database_pool_max_connections')).toBe(10);
    expect(metricValue(families, 'gatehouse_database_pool_waiting_clients')).toBe(0);
    expect(metricValue(families, 'gatehouse_redis_up')).toBe(1);
  });
});
