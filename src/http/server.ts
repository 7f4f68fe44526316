import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import type { ConditionalAccessAnalysis, ConditionalAccessService } from '../access/index.js';
import type { ApplicationService } from '../applications/index.js';
import type { AuthorizationService, RoleManagementService } from '../authorization/index.js';
import type { BrandingService } from '../branding/index.js';
import type { DirectoryService } from '../directory/index.js';
import type { CallLog, ExtensionService } from '../extensions/index.js';
import type { WebhookService } from '../extensions/webhooks/index.js';
import type { IdentityProviderProbe, IdentityProviderService } from '../federation/index.js';
import type { UserFlowService } from '../flows/index.js';
import type { AuditTrail, SignInLogService, UsageQueries } from '../insights/index.js';
import type { KeyService } from '../keys/index.js';
import type { Mailer, SmsSender } from '../messaging/index.js';
import type { MfaService } from '../mfa/index.js';
import type { ProviderPool } from '../oidc/index.js';
import { type Logger, limitRepeats } from '../platform/index.js';
import type { SmartLockout } from '../protection/index.js';
import type { IdentityProtectionService } from '../protection/risk-service.js';
import type { DirectorySettings, TenantService } from '../tenants/index.js';
import { type AccountDeps, accountPages } from './account/index.js';
import { type AdminAuthenticator, adminApi, createRouteTable } from './admin-api/index.js';
import { type ConsoleDeps, consolePages } from './console.js';
import { toErrorResponse } from './errors.js';
import { type HostedUiDeps, hostedUi } from './hosted-ui/index.js';
import type { BrandingPreviews } from './hosted-ui/preview.js';
import { type LandingDeps, landingPage } from './landing.js';
import { type MetricsExposure, registerMetrics } from './metrics.js';
import { registerProtocolRoutes } from './protocol.js';
import { checkReadiness, type ReadinessCheck } from './readiness.js';

export interface HttpDeps {
  logger: Logger;
  baseUrl: string;
  bodyLimitBytes: number;
  /** Slow-client limits, in seconds: a whole request, its headers, an idle keep-alive connection. */
  timeouts: { requestSeconds: number; headersSeconds: number; keepAliveSeconds: number };
  trustProxy: boolean;
  pool: ProviderPool;
  authenticator: AdminAuthenticator;
  tenants: TenantService;
  keys: KeyService;
  applications: ApplicationService;
  directory: DirectoryService;
  userFlows: UserFlowService;
  signInLogs: SignInLogService;
  /** Usage & insights (admin API). */
  usage: UsageQueries;
  mailer: Mailer;
  /** Text messages (admin API: the SMS outbox). */
  sms: SmsSender;
  /** Branding of the hosted pages (admin API routes; the hosted pages get it through hostedUi). */
  branding: BrandingService;
  /** Previews of unsaved branding (admin API; the hosted pages show them). */
  brandingPreviews: Pick<BrandingPreviews, 'create'>;
  /** Authentication methods and the methods policy. */
  mfa: MfaService;
  /** Conditional Access policies, named locations and templates. */
  conditionalAccess: ConditionalAccessService;
  /** What If and impact analysis. */
  analysis: ConditionalAccessAnalysis;
  /** Identity Protection: risk reports, admin actions, threat lists. */
  identityProtection: IdentityProtectionService;
  /** Federation: the identity providers of each tenant. */
  identityProviders: IdentityProviderService;
  /** Tests a provider (admin API). */
  identityProviderProbe: IdentityProviderProbe;
  /** Custom authentication extensions, their listeners and claims-mapping policies. */
  extensions: ExtensionService;
  /** The extension calls of each sign-in (its log entry's appliedEventListeners). */
  extensionCalls: Pick<CallLog, 'ofSignIns'>;
  /** The audit trail of admin actions. */
  audits: AuditTrail;
  /** Delegated permission grants and app role assignments (admin API). */
  authorization: AuthorizationService;
  /** Directory roles: definitions, assignments, and the decision on every admin API call. */
  roles: RoleManagementService;
  /** What the hosted sign-in, sign-up and reset pages need. */
  hostedUi: HostedUiDeps;
  /** What the self-service account pages need. */
  account: AccountDeps;
  /** Ends every session and token of a user (admin API revokeSignInSessions). */
  revokeSessions: (tenantId: string, userId: string) => Promise<void>;
  /** Smart lockout (admin API unlock). */
  lockout: Pick<SmartLockout, 'clear'>;
  /** Each tenant's directory settings (Password Rule Settings: smart lockout). */
  directorySettings: DirectorySettings;
  /** Event webhooks (admin API). */
  webhooks: WebhookService;
  /** The admin console: its public client, and where its build is (tests; default dist/console). */
  console: { client: ConsoleDeps['client']; dir?: string };
  /** The landing page at `/`. */
  landing: LandingDeps;
  /** Readiness: the named checks /readyz runs within its budget (the database; Redis in a cluster). */
  readiness: ReadinessCheck[];
  /** Operator metrics: every request measured, and `/metrics` here when so exposed. None: off. */
  metrics?: MetricsExposure;
}

const CORRELATION_ID = /^[A-Za-z0-9._-]{8,128}$/;

const CLIENT_ERRORS: Record<string, [number, string, string]> = {
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'request_timeout', 'The request was not received in time.'],
  HPE_HEADER_OVERFLOW: [431, 'headers_too_large', 'The request headers are too large.'],
};

/**
 * A connection-level error (a request that timed out, malformed HTTP): answered in the admin
 * API's error shape when nothing has been answered on the connection yet, then closed.
 */
function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, code, message] = CLIENT_ERRORS[error.code ?? ''] ?? [
    400,
    'invalid_request',
    'The request is not valid HTTP.',
  ];
  const answering = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (socket.writable && !answering?.headersSent) {
    const body = JSON.stringify({ error: { code, message } });
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}

/** The HTTP surface: protocol, admin API, health. Everything else lives in the domains. */
export function createHttpServer(deps: HttpDeps): FastifyInstance {
  const requestTimeout = deps.timeouts.requestSeconds * 1000;
  const headersTimeout = Math.min(deps.timeouts.headersSeconds * 1000, requestTimeout);
  const keepAliveTimeout = deps.timeouts.keepAliveSeconds * 1000;
  const app = Fastify({
    loggerInstance: deps.logger as FastifyBaseLogger,
    // Fastify's two lines per request give way to our one (see the onRequest hook).
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: deps.bodyLimitBytes,
    // Slow clients (slowloris): Node's HTTP server answers 408 and closes a connection whose
    // headers or whole request (body included, whoever reads it: Fastify or oidc-provider) take
    // too long, and closes idle keep-alive connections. Node checks on an interval set only at
    // creation (30 s by default), so it is tied to the limits; Fastify copies its own two
    // options onto the server after creating it, so they are given there too.
    requestTimeout,
    keepAliveTimeout,
    http: {
      requestTimeout,
      headersTimeout,
      keepAliveTimeout,
      connectionsCheckingInterval: Math.max(100, Math.min(1000, Math.floor(headersTimeout / 2))),
    },
    clientErrorHandler: answerClientError,
    trustProxy: deps.trustProxy,
    requestIdHeader: false,
    genReqId: (req) => {
      const given = req.headers['x-correlation-id'];
      return typeof given === 'string' && CORRELATION_ID.test(given) ? given : randomUUID();
    },
    routerOptions: { ignoreTrailingSlash: true },
  });
  // The same failure of many requests (a dependency down) is logged at most 10 times a minute
  // per kind, then one line says how many more there were (see limitRepeats).
  const failures = limitRepeats(deps.logger);
  app.addHook('onClose', async () => failures.close());

  // One log line per request, protocol requests included (oidc-provider writes those replies
  // itself, so the header goes on the raw response and the URL is read before it is rewritten).
  app.addHook('onRequest', async (request, reply) => {
    reply.raw.setHeader('x-correlation-id', request.id);
    if (!deps.logger.isLevelEnabled('info')) return;
    const started = process.hrtime.bigint();
    const path = request.url.split('?')[0] ?? '';
    const tenant = /^\/(?:t|api\/v1\/tenants)\/([^/]+)/.exec(path)?.[1];
    reply.raw.once('finish', () => {
      request.log.info(
        {
          method: request.method,
          route: request.routeOptions.url ?? path,
          tenant,
          status: reply.raw.statusCode,
          ms: Number(process.hrtime.bigint() - started) / 1e6,
        },
        'request',
      );
    });
  });

  // Before the protocol routes, whose requests it measures too.
  if (deps.metrics) registerMetrics(app, deps.metrics);
  registerProtocolRoutes(app, deps.pool);
  // JSON only: a text/plain body is refused with 415 rather than parsed as a string.
  app.removeContentTypeParser('text/plain');

  app.setErrorHandler((error, request, reply) => {
    const { status, body } = toErrorResponse(error);
    if (status >= 500) failures.error({ err: error }, 'request failed', { logger: request.log });
    return reply.code(status).header('cache-control', 'no-store').send(body);
  });
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send({
      error: { code: 'not_found', message: `No route for ${request.method} ${request.url.split('?')[0]}.` },
    }),
  );

  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    const { ready, degraded, checks } = await checkReadiness(deps.readiness);
    return reply
      .code(ready ? 200 : 503)
      .header('cache-control', 'no-store')
      .send({ status: ready ? (degraded ? 'degraded' : 'ready') : 'unavailable', checks });
  });

  app.register(hostedUi(deps.hostedUi, failures), { prefix: '/t/:tenantId/u' });
  app.register(accountPages(deps.account, failures), { prefix: '/t/:tenantId/account' });

  app.register(
    consolePages({ baseUrl: deps.baseUrl, client: deps.console.client, consoleDir: deps.console.dir }),
    { prefix: '/console' },
  );
  app.register(landingPage(deps.landing));

  const table = createRouteTable();
  app.register(adminApi({ ...deps, table }), { prefix: '/api/v1' });
  app.get('/api/openapi.json', async () => table.openapi(deps.baseUrl));
  return app;
}
