import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { PROTOCOL_ROUTES } from '../oidc/index.js';
import { type Metrics, methodLabel, statusClass } from '../platform/index.js';

/** How `/metrics` is exposed (docs/metrics.md): off unless a token or a port of its own is set. */
export interface MetricsExposure {
  metrics: Pick<Metrics, 'httpRequests' | 'httpRequestDuration' | 'scrape'>;
  /** The bearer token a scrape must present; none: the metrics port answers anyone who reaches it. */
  token?: string;
  /** Whether the main port serves `/metrics` (a token, and no metrics port of its own). */
  onMainPort: boolean;
}

/** oidc-provider's endpoints by their segment under `/oauth2/`: `authorize` → `authorization`, … */
const PROTOCOL_ENDPOINTS = new Map(
  Object.entries(PROTOCOL_ROUTES).map(([name, path]) => [path.slice('/oauth2/'.length), name]),
);

const AREAS: ReadonlyArray<[RegExp, string]> = [
  [/^\/t\/[^/]+\/\.well-known\//, 'discovery'],
  [/^\/t\/[^/]+\/u(?:\/|$)/, 'hosted_ui'],
  [/^\/t\/[^/]+\/account(?:\/|$)/, 'account'],
  [/^\/api\//, 'admin_api'],
  [/^\/console(?:\/|$)/, 'console'],
  [/^\/(?:healthz|readyz)\/?$/, 'health'],
  [/^\/metrics\/?$/, 'metrics'],
  [/^\/$/, 'landing'],
];

/**
 * The bounded class of a request path: a protocol endpoint's name (oidc-provider's, such as
 * `token` or `authorization`), `discovery`, or the area of Gatehouse it is in. Never the path
 * itself, nor its tenant.
 */
export function routeClassOf(url: string): string {
  const path = url.split('?')[0] ?? '';
  const endpoint = /^\/t\/[^/]+\/oauth2\/([^/]+)/.exec(path)?.[1];
  if (endpoint !== undefined) return PROTOCOL_ENDPOINTS.get(endpoint) ?? 'protocol_other';
  return AREAS.find(([pattern]) => pattern.test(path))?.[1] ?? 'other';
}

const statusLabel = (status: number) => (status >= 100 && status < 600 ? String(status) : 'other');

/**
 * Measures every request, and serves `/metrics` on the main port when it should. Registered
 * before the protocol routes, whose replies are hijacked and written by oidc-provider: Fastify
 * promises no hook for a hijacked reply (5.x happens to run onResponse), so the time is taken
 * at the raw response's `finish`, as for the request log line, whoever wrote the response.
 */
export function registerMetrics(app: FastifyInstance, exposure: MetricsExposure): void {
  const { metrics } = exposure;
  app.addHook('onRequest', async (request, reply) => {
    const started = process.hrtime.bigint();
    const routeClass = routeClassOf(request.url);
    const method = methodLabel(request.method);
    reply.raw.once('finish', () => {
      const status = reply.raw.statusCode;
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      metrics.httpRequests.inc({ route_class: routeClass, method, status: statusLabel(status) });
      metrics.httpRequestDuration.observe(
        { route_class: routeClass, method, status_class: statusClass(status) },
        seconds,
      );
    });
  });
  if (!exposure.onMainPort) return;
  app.get('/metrics', async (request, reply) => {
    reply.header('cache-control', 'no-store');
    if (!authorized(request.headers.authorization, exposure.token))
      return reply
        .code(401)
        .header('www-authenticate', 'Bearer')
        .send({ error: { code: 'unauthenticated', message: 'The metrics token is required.' } });
    const { contentType, body } = await metrics.scrape();
    return reply.header('content-type', contentType).send(body);
  });
}

/** Whether the request carries the token (`Authorization: Bearer …`); no token set: anyone. */
export function authorized(header: string | undefined, token: string | undefined): boolean {
  if (token === undefined) return true;
  const given = /^Bearer ([^\s]+)$/i.exec(header ?? '')?.[1];
  if (given === undefined) return false;
  // Hashes of equal length, so the comparison takes the same time whatever was sent.
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(token));
}

export interface MetricsListener {
  /** `http://host:port` it listens on. */
  url: string;
  close(): Promise<void>;
}

/**
 * The metrics port (GATEHOUSE_METRICS_PORT): a small listener of its own that answers
 * `GET /metrics` and nothing else, so that it can be bound to a private address, apart from
 * the public port, like Keycloak's management interface.
 */
export async function startMetricsListener(options: {
  host: string;
  port: number;
  token?: string;
  scrape: Metrics['scrape'];
  onError: (error: unknown) => void;
}): Promise<MetricsListener> {
  const answer = (res: ServerResponse, status: number, headers: Record<string, string>, body: string) => {
    res.writeHead(status, { 'cache-control': 'no-store', ...headers });
    res.end(body);
  };
  const json = { 'content-type': 'application/json; charset=utf-8' };
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '').split('?')[0];
    if (path !== '/metrics' && path !== '/metrics/')
      return answer(
        res,
        404,
        json,
        JSON.stringify({ error: { code: 'not_found', message: 'Only /metrics.' } }),
      );
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return answer(res, 405, { ...json, allow: 'GET, HEAD' }, '{"error":{"code":"method_not_allowed"}}');
    if (!authorized(req.headers.authorization, options.token))
      return answer(
        res,
        401,
        { ...json, 'www-authenticate': 'Bearer' },
        JSON.stringify({ error: { code: 'unauthenticated', message: 'The metrics token is required.' } }),
      );
    const { contentType, body } = await options.scrape();
    answer(res, 200, { 'content-type': contentType }, req.method === 'HEAD' ? '' : body);
  };
  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      options.onError(error);
      if (!res.headersSent) answer(res, 500, json, '{"error":{"code":"internal_error"}}');
      else res.destroy();
    });
  });
  // Idle scrape connections must not hold a stop up.
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { address, port } = server.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;
  return {
    url: `http://${host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
