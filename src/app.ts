import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import {
  type AccessDirectory,
  type ConditionalAccessService,
  createAccessAnalysis,
  createAccessEnforcer,
  createConditionalAccessService,
} from './access/index.js';
import { ensureAdminApiAccess } from './admin-api-access.js';
import { createApplicationService, tokenEncryptionKey } from './applications/index.js';
import {
  type AuthorizationService,
  createAuthorizationService,
  createRoleManagementService,
  type RoleManagementService,
  type RolePrincipal,
} from './authorization/index.js';
import {
  ADMIN_CLI_APP_ID,
  type BootstrapReport,
  bootstrap,
  CONSOLE_APP_ID,
  consoleRedirects,
  DEMO_TENANT_ID,
  LOGIN_CLI_APP_ID,
} from './bootstrap.js';
import { createBrandingService } from './branding/index.js';
import type { Config } from './config.js';
import { createDirectoryService, USER_CHANGED } from './directory/index.js';
import {
  createCallLog,
  createCallout,
  createCalloutTokens,
  createExtensionRunner,
  createExtensionService,
  createPasswordSubmit,
  createTokenIssuance,
} from './extensions/index.js';
import { createWebhookService, type WebhookService, webhookProducers } from './extensions/webhooks/index.js';
import {
  createAppleConnector,
  createFacebookConnector,
  createGenericOidcConnector,
  createGoogleConnector,
  createIdentityProviderProbe,
  createIdentityProviderService,
  createOidcConnector,
  createSamlConnector,
  createUpstreamSignIns,
  type FederationConnector,
  type IdentityProviderService,
  type ProviderKind,
  providerKindOf,
} from './federation/index.js';
import {
  appAssignment,
  collectAttributes,
  collectSignals,
  complete,
  conditionalAccess,
  createJourneys,
  createOneTimeCodes,
  createProtocolAccess,
  createSignInPipeline,
  createSignInTickets,
  createUserFlowService,
  emailOtpStrategy,
  federatedLinkStrategy,
  federatedStrategy,
  firstFactor,
  firstFactorMethodsOf,
  identityProtection,
  linkIdentity,
  passkeyStrategy,
  passwordStrategy,
  recordRisk,
  resolveContext,
  riskSignalsOf,
  type SignInAttempt,
  satisfyRequirements,
  throttle,
  ticketStrategy,
  toServicePrincipalEntry,
  toSessionSignInEntry,
  toSignInEntry,
  unrecordedSignInEntry,
} from './flows/index.js';
import { ACCOUNT_APP_ID } from './http/account/index.js';
import { createAdminAuthenticator } from './http/admin-api/index.js';
import { brandedFrame } from './http/hosted-ui/brand.js';
import { createCsrf } from './http/hosted-ui/csrf.js';
import type { HostedUiDeps } from './http/hosted-ui/index.js';
import { en as hostedPageStrings } from './http/hosted-ui/locales/en.js';
import { createBrandingPreviews, MAX_PREVIEWS_PER_WINDOW, PREVIEW_TTL_MS } from './http/hosted-ui/preview.js';
import { createProviderPages } from './http/hosted-ui/provider-pages.js';
import type { MetricsListener } from './http/metrics.js';
import { createHttpServer } from './http/server.js';
import {
  type AuditTrail,
  createAuditTrail,
  createSignInLogService,
  createSignInRecorder,
  createUsageQueries,
  createUsageRollup,
  type SignInEntry,
  type SignInRecorder,
  signInRetentionCutoff,
  type UsageRollup,
} from './insights/index.js';
import { createKeyService, loadMasterKey } from './keys/index.js';
import {
  createHttpSmsGateway,
  createMailer,
  createSmsSender,
  type Mailer,
  type SmsSender,
} from './messaging/index.js';
import { createMfaService, createSecondFactorLookup, type MfaService } from './mfa/index.js';
import { createPasskeyService, type PasskeyService } from './mfa/passkeys/index.js';
import {
  buildProvider,
  createProviderPool,
  createSessionDirectory,
  createSessionRevoker,
  issuerOf,
  purgeExpiredModels,
  revokeAccount,
} from './oidc/index.js';
import { createOperatorMetrics } from './operator-metrics.js';
import {
  type Clock,
  createLogger,
  createMemoryEventBus,
  createMemorySharedState,
  createOutbound,
  createRateLimiter,
  createRedisEventBus,
  createRedisHealth,
  createRedisSharedState,
  createSecretBox,
  type EventBus,
  isAppError,
  type Logger,
  limitRepeats,
  type RedisHealth,
  rememberFailures,
  type SecretBox,
  type SharedState,
  sharedJobClaim,
  startJobs,
  systemClock,
} from './platform/index.js';
import {
  clientIp,
  createAsnLookup,
  createGeoLocator,
  createIdentityProtectionService,
  createSmartLockout,
  createSprayTracker,
  DEFAULT_DETECTION_SETTINGS,
  detectionRetentionCutoff,
  type IdentityProtectionService,
  isFamiliar,
  scanForMaliciousIps,
} from './protection/index.js';
import {
  createConfigWatch,
  migrateToLatest,
  openStorage,
  restrictDataDirectory,
  type Storage,
  waitForDatabase,
} from './storage/index.js';
import {
  ADMIN_TENANT_ID,
  createDirectorySettings,
  createTenantService,
  TENANT_CHANGED,
} from './tenants/index.js';

export interface Gatehouse {
  config: Config;
  http: FastifyInstance;
  storage: Storage;
  bootstrap: BootstrapReport;
  /** Records sign-ins (queued, written in batches). */
  signIns: SignInRecorder;
  /** Usage & insights' roll-up (a job runs it; tests run it at once). */
  usageRollup: UsageRollup;
  /** Sends email: through SMTP, or into the dev outbox when none is configured. */
  mailer: Mailer;
  /** Sends one-time codes by SMS: through the gateway, or into the dev outbox when none is configured. */
  sms: SmsSender;
  /** The admin API's resource identifier (`{base}/api`). */
  adminApiResource: string;
  /** Passkeys (WebAuthn): registration, second-factor and passwordless assertions. */
  passkeys: PasskeyService;
  /** Authentication methods: TOTP, recovery codes, phone, the tenant's methods policy. */
  mfa: MfaService;
  /** Conditional Access: policies, named locations, templates, the cached rules of each tenant. */
  conditionalAccess: ConditionalAccessService;
  /** Identity Protection: detections, user risk, threat lists, admin actions. */
  identityProtection: IdentityProtectionService;
  /** Federation: the identity providers of each tenant (secrets sealed at rest). */
  identityProviders: IdentityProviderService;
  /** Event webhooks: their outbox and its delivery (a job runs it; tests run it at once). */
  webhooks: WebhookService;
  /** The audit trail of admin actions (Graph directoryAudits). */
  audits: AuditTrail;
  /** Delegated permission grants, app role assignments and the decisions taken from them. */
  authorization: AuthorizationService;
  /** Directory roles: role assignments and the decision on every admin API call. */
  roles: RoleManagementService;
  /** The principal id (in role assignments) of an application of the admin tenant, by appId. */
  principalOfClient(appId: string): Promise<string | undefined>;
  listen(): Promise<string>;
  close(): Promise<void>;
}

export interface GatehouseOptions {
  clock?: Clock;
  logger?: Logger;
  /** Overrides whether a sign-in comes from a familiar place, for smart lockout (tests). */
  familiar?: (attempt: SignInAttempt) => Promise<boolean>;
  /** Where the built console is (default dist/console). */
  consoleDir?: string;
}

/** The composition root: config → storage → shared state → domains → tenant pool → HTTP. */
export async function createGatehouse(config: Config, options: GatehouseOptions = {}): Promise<Gatehouse> {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? createLogger(config.logLevel);
  if (!restrictDataDirectory(config.dataDir))
    logger.warn({ dataDir: config.dataDir }, 'cannot make the data directory readable by its owner only');
  const box = createSecretBox(loadMasterKey(config.masterKey, config.dataDir).key);
  // One view of Redis for the shared state and the event bus: one warning per outage, one
  // line when it is back. While it is away both go on alone (see operations.md, "Redis down").
  const redis = config.redisUrl ? createRedisHealth(logger) : undefined;
  const redisOptions = { health: redis, commandTimeoutMs: config.redisCommandTimeoutMs };
  const events = config.redisUrl
    ? await createRedisEventBus(config.redisUrl, logger, redisOptions)
    : createMemoryEventBus();
  let state: SharedState;
  try {
    state = config.redisUrl
      ? await createRedisSharedState(config.redisUrl, logger, {
          ...redisOptions,
          fallback: createMemorySharedState(clock),
        })
      : createMemorySharedState(clock);
  } catch (error) {
    await events.close();
    throw error;
  }
  const storage = openStorage(config.databaseUrl, {
    logger,
    connectTimeoutMs: config.databaseConnectTimeoutSeconds * 1000,
    statementTimeoutMs: config.databaseStatementTimeoutSeconds * 1000,
    acquireTimeoutMs: config.databaseAcquireTimeoutSeconds * 1000,
    poolSize: config.databasePoolSize,
  });
  try {
    // PostgreSQL may not be up yet (both started together, or it is restarting): wait, bounded.
    await waitForDatabase(storage.db, { seconds: config.databaseWaitSeconds, logger });
    return await assemble(config, {
      clock,
      logger,
      box,
      events,
      state,
      redis,
      storage,
      familiar: options.familiar,
      consoleDir: options.consoleDir,
    });
  } catch (error) {
    await storage.close();
    await state.close();
    await events.close();
    throw error;
  }
}

async function assemble(
  config: Config,
  {
    clock,
    logger,
    box,
    events,
    state,
    redis,
    storage,
    familiar,
    consoleDir,
  }: {
    clock: Clock;
    logger: Logger;
    box: SecretBox;
    events: EventBus;
    state: SharedState;
    /** Whether Redis answers, in a cluster. */
    redis?: RedisHealth;
    storage: Storage;
    familiar?: GatehouseOptions['familiar'];
    consoleDir?: string;
  },
): Promise<Gatehouse> {
  await storage.unbounded(migrateToLatest);
  const { db } = storage;
  const adminApiResource = `${config.baseUrl}/api`;
  // The one rule for cookies: Secure whenever the public URL is https (oidc-provider's, the
  // hosted pages', the account pages'), whatever the hop to Gatehouse itself.
  const secureCookies = new URL(config.baseUrl).protocol === 'https:';
  // Every server-side request to a URL someone configured (identity providers, back-channel
  // logout, the SMS gateway) goes through one outbound policy (GATEHOUSE_OUTBOUND_ALLOW).
  const outbound = createOutbound({ allow: config.outboundAllow });
  // Requests anyone can trigger (a click on a provider's button) leave a failing upstream alone
  // for a minute rather than asking it again.
  const upstreamFetch = rememberFailures(outbound.fetch, { now: () => clock.now().getTime() });
  // Operator metrics (GET /metrics), collected only when exposed: a metrics token or port.
  const metrics = createOperatorMetrics(config);
  // The longest lifetime of anything a key signs, plus clock skew: how long retired keys stay published.
  const retentionSeconds = Math.max(config.accessTokenTtlSeconds, config.idTokenTtlSeconds) + 300;

  // A change another node made reaches this one by its event (Redis), or, when the event was
  // missed, by the tenant's configuration version: read at most every configCheckSeconds.
  const configWatch = createConfigWatch({
    db,
    clock,
    events,
    logger,
    intervalMs: config.configCheckSeconds * 1000,
  });
  const keys = createKeyService({
    db,
    box,
    clock,
    events,
    activationDelaySeconds: config.keyActivationDelaySeconds,
    retentionSeconds,
    changedTopic: TENANT_CHANGED,
  });
  const tenants = createTenantService({ db, clock, events, initializers: [keys.initializeTenant] });
  const directory = createDirectoryService({
    db,
    clock,
    events,
    changedTopic: TENANT_CHANGED,
    // Late-bound: the last Global Administrator of the admin tenant is neither disabled nor deleted.
    guardUserChange: (tenantId, userId) => roles.checkUserChange(tenantId, userId),
  });
  // Event webhooks: users, sign-ins, risk detections and audit entries write their events to
  // the outbox in their own transactions; a job (and a kick after each write) delivers them
  // through the outbound policy. Late-bound: the audit trail (a webhook Gatehouse disables).
  const webhooks = createWebhookService({
    db,
    clock,
    box,
    events,
    logger,
    fetch: outbound.fetch,
    audit: (entry) => audits.record(entry),
    tenantChangedTopic: TENANT_CHANGED,
  });
  const webhookEvents = webhookProducers(webhooks.enqueue);
  directory.onUserEvent(webhookEvents.onUserEvent);
  // Where sign-ins come from: the override file first, then the city database (opened on first use).
  const geo = createGeoLocator({
    databases: config.geoDatabases,
    overrides: config.geoOverrides,
    asn: createAsnLookup({ directory: config.asnDatabase, logger }),
    logger,
  });
  const applications = createApplicationService({
    db,
    clock,
    events,
    changedTopic: TENANT_CHANGED,
    reservedIdentifierUris: [adminApiResource],
    optionalClaimNames: directory.optionalClaimNames,
  });
  // Delegated permission grants and app role assignments; what a deleted app, user or group
  // held goes in its deletion's transaction.
  const authorization = createAuthorizationService({
    db,
    clock,
    events,
    changedTopic: TENANT_CHANGED,
    servicePrincipals: applications.servicePrincipals,
    fresh: configWatch.fresh,
  });
  applications.onApplicationDeleted((trx, tenantId) => authorization.applicationDeleted(trx, tenantId));
  directory.onUserDeleted((trx, tenantId, userId) => authorization.principalDeleted(trx, tenantId, userId));
  directory.onGroupDeleted((trx, tenantId, groupId) =>
    authorization.principalDeleted(trx, tenantId, groupId),
  );
  // Apps asking for a custom attribute's claim follow its rename or deletion.
  directory.onCustomAttributeChange(async (trx, change) => {
    await applications.renameOptionalClaim(
      trx,
      change.tenantId,
      change.before.claimName,
      change.after?.claimName ?? null,
    );
  });
  const identityProviders = createIdentityProviderService({
    db,
    clock,
    box,
    // Late-bound: the user flows check the providers they list against this service.
    flowsUsing: (tenantId, id) => userFlows.flowsOfferingProvider(tenantId, id),
  });
  const userFlows = createUserFlowService({
    db,
    clock,
    directory,
    applications,
    identityProviderExists: async (tenantId, id) =>
      (await identityProviders.resolve(tenantId, id)) !== undefined,
    tenantTypeOf: async (tenantId) => (await tenants.find(tenantId))?.type,
  });
  // What Conditional Access checks exists before a policy (or What If) may name it.
  const accessDirectory: AccessDirectory = {
    userExists: async (tenantId, userId) => (await directory.findUser(tenantId, userId)) !== undefined,
    groupExists: (tenantId, groupId) =>
      directory.getGroup(tenantId, groupId).then(
        () => true,
        (error: unknown) => {
          if (isAppError(error) && error.kind === 'notFound') return false;
          throw error;
        },
      ),
    applicationExists: async (tenantId, appId) =>
      (await applications.findByAppId(tenantId, appId)) !== undefined,
    servicePrincipalExists: async (tenantId, id) =>
      (await applications.servicePrincipals.find(tenantId, id)) !== undefined,
    roleExists: async (roleId) => roles.definitions().some((role) => role.templateId === roleId),
  };
  const accessPolicies = createConditionalAccessService({
    db,
    clock,
    events,
    tenantChangedTopic: TENANT_CHANGED,
    directory: accessDirectory,
    fresh: configWatch.fresh,
  });
  const signIns = createSignInRecorder({
    db,
    clock,
    logger,
    commitWindowMs: config.signInLogCommitMs,
    onWritten: webhookEvents.onSignInsWritten,
  });
  /**
   * No acknowledged sign-in without its record: a successful sign-in's entry is written (group
   * commit) before its code or token goes out. If it cannot be, the sign-in fails closed (the
   * error page, or a 503 at the token endpoint), and that refusal is what gets logged, once the
   * database takes it. Failures and interruptions are only queued: nothing was handed out.
   */
  const recordSignIn = async (entry: SignInEntry): Promise<void> => {
    if (entry.status.errorCode !== 0) return queueSignIn(entry);
    try {
      await signIns.commit(entry);
      metrics?.signedIn(entry);
    } catch (error) {
      queueSignIn(unrecordedSignInEntry(entry));
      throw error;
    }
  };
  const queueSignIn = (entry: SignInEntry) => {
    metrics?.signedIn(entry);
    signIns.record(entry);
  };
  const signInLogs = createSignInLogService({ db });
  // Usage & insights: the roll-up job counts the log into facts that outlive it; lists read only those.
  const usageRollup = createUsageRollup({
    db,
    dialect: storage.dialect,
    clock,
    countUsers: () => directory.countPerTenant(),
  });
  const usage = createUsageQueries({
    db,
    clock,
    appNames: async (tenantId, appIds) => {
      const names = new Map<string, string>();
      for (const appId of appIds) {
        const app = await applications.findByAppId(tenantId, appId);
        if (app) names.set(appId, app.displayName);
      }
      return names;
    },
  });
  // Identity Protection's store and admin actions (the pipeline step is `identityProtection()`).
  const protection = createIdentityProtectionService({
    db,
    clock,
    events,
    tenantChangedTopic: TENANT_CHANGED,
    onDetections: metrics?.riskDetected,
    onDetectionsWritten: webhookEvents.onDetectionsWritten,
    users: {
      describe: async (tenantId, userId) => {
        const user = await directory.findUser(tenantId, userId);
        const userPrincipalName = user?.mail ?? user?.identities[0]?.issuerAssignedId ?? null;
        return user && { userPrincipalName, displayName: user.displayName };
      },
    },
  });
  const audits = createAuditTrail({ db, clock, onRecorded: webhookEvents.onAuditRecorded });
  // Directory roles decide every admin API call: live role assignments of the admin tenant's
  // users and applications (their service principals), at '/' or at one tenant.
  const principalOfClient = async (appId: string): Promise<string | undefined> =>
    (await applications.servicePrincipals.findByAppId(ADMIN_TENANT_ID, appId))?.id;
  const roles = createRoleManagementService({
    db,
    clock,
    events,
    audits,
    enabledUsers: (trx, userIds) => directory.enabledUserIds(trx, ADMIN_TENANT_ID, userIds),
    fresh: configWatch.fresh,
    tenantExists: async (tenantId) => (await tenants.find(tenantId)) !== undefined,
    describePrincipal: async (principalId): Promise<RolePrincipal | undefined> => {
      const user = await directory.findUser(ADMIN_TENANT_ID, principalId);
      if (user)
        return {
          type: 'User',
          id: user.id,
          displayName: user.displayName,
          userPrincipalName: user.mail ?? user.identities[0]?.issuerAssignedId ?? null,
          accountEnabled: user.accountEnabled,
        };
      const servicePrincipal = await applications.servicePrincipals.find(ADMIN_TENANT_ID, principalId);
      return (
        servicePrincipal && {
          type: 'ServicePrincipal',
          id: principalId,
          appId: servicePrincipal.appId,
          displayName: servicePrincipal.displayName,
          accountEnabled: servicePrincipal.accountEnabled,
        }
      );
    },
  });
  directory.onUserDeleted(async (trx, tenantId, userId) => {
    if (tenantId === ADMIN_TENANT_ID) await roles.removePrincipal(trx, userId);
  });
  const groupsOf = async (tenantId: string, userId: string) =>
    new Set(await directory.groupIdsOf(tenantId, userId));
  const countryOf = async (ipAddress: string) => (await geo.lookup(ipAddress))?.countryOrRegion ?? undefined;
  // The directory roles a user holds, at any scope, for policies naming roles: only users of
  // the admin tenant hold any.
  const rolesOf = async (tenantId: string, userId: string): Promise<ReadonlySet<string>> =>
    tenantId === ADMIN_TENANT_ID
      ? new Set((await roles.assignmentsOf(userId)).map((assignment) => assignment.roleDefinitionId))
      : new Set();
  const accessEnforcer = createAccessEnforcer({
    rulesOf: accessPolicies.rulesOf,
    groupsOf,
    rolesOf,
    countryOf,
    servicePrincipalIdOf: async (tenantId, appId) =>
      (await applications.servicePrincipals.findByAppId(tenantId, appId))?.id,
    onCheck: metrics?.accessChecked,
  });
  const protocolAccess = createProtocolAccess({
    access: accessEnforcer,
    geo,
    trustedProxies: config.trustedProxies,
    clock,
    userRisk: (tenantId, userId) => protection.userRisk(tenantId, userId),
    // An app that requires assignment lets only assigned users (or their groups) in.
    mayUserReach: authorization.mayUserReach,
  });
  const accessAnalysis = createAccessAnalysis({
    enforcer: accessEnforcer,
    directory: accessDirectory,
    rulesOf: accessPolicies.rulesOf,
    groupsOf,
    rolesOf,
    countryOf,
    policyOf: (tenantId, request) =>
      'policyId' in request
        ? accessPolicies.getPolicy(tenantId, request.policyId)
        : accessPolicies.parseDraftPolicy(tenantId, request.policy),
    signInsSince: (tenantId, from) => signInLogs.entriesSince(tenantId, from),
    now: () => clock.now(),
  });
  const branding = createBrandingService({
    db,
    clock,
    referenceStrings: hostedPageStrings,
    tenantName: async (tenantId) => (await tenants.find(tenantId))?.displayName ?? null,
    baseUrl: config.baseUrl,
  });
  const brandingPreviews = createBrandingPreviews({
    state,
    limiter: createRateLimiter(state, {
      name: 'branding-previews',
      limit: MAX_PREVIEWS_PER_WINDOW,
      windowMs: PREVIEW_TTL_MS,
    }),
    branding,
    baseUrl: config.baseUrl,
    now: () => clock.now(),
  });
  // The RP ID is the base URL's host: passkeys work on it and on no other site.
  const passkeys = createPasskeyService({
    db,
    clock,
    state,
    logger,
    rpName: async (tenantId) => (await tenants.find(tenantId))?.displayName ?? tenantId,
    rpId: new URL(config.baseUrl).hostname,
    origin: new URL(config.baseUrl).origin,
  });
  const mfa = createMfaService({
    db,
    clock,
    box,
    key: box.deriveKey('recovery-codes'),
    issuerName: async (tenantId) => (await tenants.find(tenantId))?.displayName ?? tenantId,
    users: async (tenantId, userId) => {
      const user = await directory.findUser(tenantId, userId);
      return (
        user && {
          mail: user.mail,
          hasPassword: user.lastPasswordChangeDateTime !== null,
          passwordChangedDateTime: user.lastPasswordChangeDateTime,
        }
      );
    },
  });
  // Every caller of the security-info rule reads a user's second factors here.
  const secondFactors = createSecondFactorLookup({
    enabledMethods: mfa.enabledMethods,
    methodsOf: mfa.methodsOf,
    passkeyCount: async (tenantId, userId) => (await passkeys.list(tenantId, userId)).length,
    isFederated: async (tenantId, userId) =>
      (await directory.findUser(tenantId, userId))?.identities.some((i) => i.signInType === 'federated') ??
      false,
  });
  // The protocol's request failures: a dependency down is not one stack trace per request.
  const protocolErrors = limitRepeats(logger);
  const mailer = createMailer({
    db,
    clock,
    logger,
    smtpUrl: config.smtpUrl,
    defaultFrom: config.mailFrom,
    brandingFor: branding.mailBranding,
    onDeliveryFailure: metrics?.emailDeliveryFailed,
  });
  const sms = createSmsSender({
    db,
    clock,
    logger,
    state,
    gateway: config.smsGatewayUrl
      ? createHttpSmsGateway({
          url: config.smsGatewayUrl,
          token: config.smsGatewayToken,
          username: config.smsGatewayUsername,
          password: config.smsGatewayPassword,
          fetch: outbound.fetch,
        })
      : undefined,
    dailyCapPerPhone: config.smsDailyCapPerPhone,
    dailyCapPerTenant: config.smsDailyCapPerTenant,
    onDeliveryFailure: metrics?.smsDeliveryFailed,
  });

  // A disabled or deleted user, or a new password, ends every session and token of that user.
  // Until the provider pool exists (bootstrap) the artefacts just go; after, apps are told too.
  let revokeChangedUser = async (tenantId: string, userId: string): Promise<void> => {
    await revokeAccount(db, tenantId, userId);
  };
  events.subscribe(USER_CHANGED, ({ tenantId, userId }) => {
    if (tenantId === ADMIN_TENANT_ID) roles.forget(String(userId));
    revokeChangedUser(String(tenantId), String(userId)).catch((error: unknown) =>
      logger.error({ err: error, tenantId, userId }, 'revoking the sessions of a changed user failed'),
    );
  });

  const report = await bootstrap({
    config,
    tenants,
    directory,
    applications,
    userFlows,
    roles,
    principalOfClient,
    conditionalAccess: accessPolicies,
    mfa,
  });
  await ensureAdminApiAccess({
    applications,
    authorization,
    resource: adminApiResource,
    clients: { application: [ADMIN_CLI_APP_ID], delegated: [LOGIN_CLI_APP_ID, CONSOLE_APP_ID] },
  });
  // Fail now, not on the first request, when the master key cannot open the stored keys.
  await keys.keySet(ADMIN_TENANT_ID);

  // Custom authentication extensions: callouts to the business's API at points of a sign-in,
  // each with a bearer token the tenant's key signs, through the outbound policy.
  const extensions = createExtensionService({
    db,
    clock,
    events,
    applications,
    servicePrincipals: applications.servicePrincipals,
    customAttributes: (tenantId) => directory.customAttributesOf(tenantId),
    fresh: configWatch.fresh,
  });
  const extensionCalls = createCallLog(db);
  const runExtension = createExtensionRunner({
    db,
    clock,
    logger,
    extensions,
    callout: createCallout({
      fetch: outbound.fetch,
      clock,
      tokens: createCalloutTokens({
        clock,
        issuerOf: (tenantId) => issuerOf(config.baseUrl, tenantId),
        signingKeyOf: async (tenantId) => {
          const keySet = await keys.keySet(tenantId);
          const privateJwk = keySet.privateJwks.find((k) => k.kid === keySet.active.kid) as Record<
            string,
            unknown
          >;
          return { kid: keySet.active.kid, alg: keySet.active.alg, privateJwk };
        },
      }),
    }),
  });
  const tokenIssuance = createTokenIssuance({
    run: runExtension,
    extensions,
    findUser: (tenantId, id) => directory.findUser(tenantId, id),
  });
  // Just-in-time password migration: inside the password first factor (the pipeline's step 4).
  const passwordMigration = createPasswordSubmit({
    run: runExtension,
    extensions,
    encryptionKeyOf: async (tenantId, appId) => {
      const app = await applications.findByAppId(tenantId, appId);
      const key = app && tokenEncryptionKey(app, clock.now());
      return key && { keyId: key.keyId, jwk: key.jwk };
    },
    users: directory,
    logger,
  });

  // The device flow's polls: one per code per interval (5 s, less a second of network jitter).
  const devicePolls = createRateLimiter(state, { name: 'device-code-polls', limit: 1, windowMs: 4_000 });
  const pool = createProviderPool({
    tenants,
    keys,
    clock,
    events,
    fresh: configWatch.fresh,
    // The tenant's custom attributes are part of its provider's claims configuration.
    build: async (tenant, keySet) =>
      buildProvider(
        {
          db,
          clock,
          box,
          logger,
          errorLog: protocolErrors,
          applications,
          directory,
          // What admins granted: clients' API permissions and users' app roles.
          permissions: authorization,
          baseUrl: config.baseUrl,
          trustProxy: config.trustProxy,
          secureCookies,
          outboundFetch: outbound.fetch,
          tokenExtensions: {
            ...tokenIssuance,
            signInOfGrant: {
              // Only tenants with a token issuance extension pay for remembering.
              remember: async (tenantId, grantId, correlationId) => {
                if (await extensions.hasListeners(tenantId, 'tokenIssuanceStart'))
                  await state.put(
                    `extensions:sign-in-of-grant:${tenantId}:${grantId}`,
                    correlationId,
                    15 * 60_000,
                  );
              },
              find: (tenantId, grantId) => state.get(`extensions:sign-in-of-grant:${tenantId}:${grantId}`),
            },
          },
          accessTokenTtlSeconds: config.accessTokenTtlSeconds,
          idTokenTtlSeconds: config.idTokenTtlSeconds,
          pages: createProviderPages({ brandFor: brandedFrame(branding) }),
          devicePollAllowed: async (codeKey) => (await devicePolls.consume(codeKey)).allowed,
          // A client-credentials token request is a service principal sign-in.
          sessionAccess: protocolAccess.session,
          tokenAccess: protocolAccess.token,
          onTokenIssued: metrics?.tokenIssued,
          onServiceSignIn: (serviceSignIn) =>
            recordSignIn(toServicePrincipalEntry(serviceSignIn, config.trustedProxies)),
          onSessionSignIn: async (sessionSignIn) =>
            recordSignIn(
              toSessionSignInEntry(
                sessionSignIn,
                await directory.findUser(sessionSignIn.tenantId, sessionSignIn.userId),
              ),
            ),
          // The account pages' own client gets no API token, whatever an admin granted.
          apiLessClients: new Set([ACCOUNT_APP_ID]),
          // `wids`, for information: the roles the user or app holds at '/' (live assignments decide).
          builtInClaims: async (tenantId, clientId, resource, accountId) => {
            if (tenantId !== ADMIN_TENANT_ID || resource !== adminApiResource) return {};
            const principalId = accountId ?? (await principalOfClient(clientId));
            const wids = principalId ? await roles.tenantWideRoleIds(principalId) : [];
            return wids.length ? { wids } : {};
          },
        },
        tenant,
        keySet,
        await directory.customAttributesOf(tenant.id),
      ),
  });
  // Ends a user's sessions and tokens and tells their apps by back-channel logout.
  const revokeSessions = createSessionRevoker({ db, clock, logger, pool });
  revokeChangedUser = revokeSessions;

  const directorySettings = createDirectorySettings({ db, clock, defaults: config });
  const lockout = createSmartLockout(state, clock, box.deriveKey('smart-lockout'), {
    threshold: config.lockoutThreshold,
    durationMs: config.lockoutDurationSeconds * 1000,
    tenantSettings: (tenantId) => directorySettings.lockoutOf(tenantId),
  });
  // Smart lockout counts failures from places the user knows apart from the rest, so an
  // attacker elsewhere cannot lock the real user out. Tests may decide it themselves.
  const familiarity =
    familiar ??
    (async (attempt: SignInAttempt): Promise<boolean> => {
      const user = await directory.findUserByLogin(attempt.tenantId, attempt.credentials.login);
      const profile = user && (await protection.profileOf(attempt.tenantId, user.id));
      return profile ? isFamiliar(profile, riskSignalsOf(attempt, clock.now())) : false;
    });
  const spray = createSprayTracker(state);
  const limits = throttle({
    perIp: createRateLimiter(state, {
      name: 'sign-in-ip',
      limit: config.signInAttemptsPerIp,
      windowMs: 5 * 60_000,
    }),
    lockout,
    familiar: (attempt) => familiarity(attempt),
  });
  const codes = createOneTimeCodes({ state, clock, key: box.deriveKey('one-time-codes') });
  const journeys = createJourneys(state);
  const tickets = createSignInTickets(state);
  const signIn = createSignInPipeline(
    [
      resolveContext(async (tenantId, appId) => {
        const app = await (await pool.resolve(tenantId))?.registrations.byAppId(appId);
        if (!app) return undefined;
        const flow = await userFlows.forApplication(tenantId, appId);
        return {
          displayName: app.displayName,
          signInMethods: firstFactorMethodsOf(flow, {
            passkeys: (await mfa.enabledMethods(tenantId)).has('fido2'),
          }),
          requireMfa: app.requireMfa,
        };
      }),
      collectSignals(config.trustedProxies, geo),
      limits.step,
      firstFactor([
        passwordStrategy(directory, passwordMigration),
        emailOtpStrategy(directory, codes),
        ticketStrategy(directory, tickets),
        passkeyStrategy(passkeys, directory),
        federatedStrategy(directory),
        federatedLinkStrategy({
          password: passwordStrategy(directory, passwordMigration),
          emailOtp: emailOtpStrategy(directory, codes),
        }),
      ]),
      appAssignment(authorization.mayUserReach),
      identityProtection({
        clock,
        settings: {
          ...DEFAULT_DETECTION_SETTINGS,
          learningSignIns: config.riskLearningSignIns,
          learningDays: config.riskLearningDays,
        },
        profileOf: protection.profileOf,
        userRisk: protection.userRisk,
        threatMatcher: protection.threatMatcher,
        isLeakedCredential: protection.isLeakedCredential,
        spray,
        trustedLocation: accessEnforcer.isTrusted,
      }),
      conditionalAccess(accessEnforcer),
      satisfyRequirements(),
      linkIdentity({ directory, secondFactors }),
      complete({ clock, recordSignIn: directory.recordSignIn }),
    ],
    [
      limits.settle,
      recordRisk({
        clock,
        spray,
        recordDetections: protection.recordDetections,
        profileOf: protection.profileOf,
        saveProfile: protection.saveProfile,
        remediateUser: protection.remediateUser,
        remediateSignIn: protection.remediateSignIn,
      }),
      (attempt) => recordSignIn(toSignInEntry(attempt)),
    ],
  );

  // One connector per kind of provider; loopback providers over http are for development and
  // tests (when the outbound policy allows loopback), anything else needs https.
  const now = () => clock.now().getTime();
  const oidcClient = createOidcConnector({ fetch: upstreamFetch, now, allowInsecureLocalhost: true });
  const endpoints = config.identityProviderEndpoints;
  const connectors: Record<ProviderKind, FederationConnector> = {
    oidc: createGenericOidcConnector(oidcClient),
    google: createGoogleConnector({ oidc: oidcClient, endpoints: endpoints.google }),
    facebook: createFacebookConnector({
      endpoints: endpoints.facebook,
      fetch: upstreamFetch,
      allowInsecureLocalhost: true,
    }),
    apple: createAppleConnector({
      endpoints: endpoints.apple,
      fetch: upstreamFetch,
      now,
      allowInsecureLocalhost: true,
    }),
    saml: createSamlConnector({ state, fetch: upstreamFetch, now, allowInsecureLocalhost: true }),
  };
  // The admin's Test button reads afresh through the policy itself, not the failure memory of
  // sign-ins: an admin who just fixed a provider must not be told it failed a moment ago.
  const identityProviderProbe = createIdentityProviderProbe({
    fetch: outbound.fetch,
    limiter: createRateLimiter(state, { name: 'identity-provider-tests', limit: 30, windowMs: 60_000 }),
    endpoints,
    allowInsecureLocalhost: true,
    now: () => clock.now(),
  });
  const upstream = createUpstreamSignIns({
    baseUrl: config.baseUrl,
    providers: identityProviders,
    connectorFor: (provider) => connectors[providerKindOf(provider)],
    state,
  });

  const hostedUi: HostedUiDeps = {
    extensions: { run: runExtension },
    extensionCalls: {
      // Only tenants with extensions called from the pages pay for the move.
      attach: async (tenantId, from, to) => {
        if (await extensions.hasListeners(tenantId)) await extensionCalls.attach(tenantId, from, to);
      },
    },
    pool,
    signIn,
    upstream,
    csrf: createCsrf(box.deriveKey('csrf')),
    secureCookies,
    codes,
    journeys,
    tickets,
    secondFactors,
    accounts: {
      findUserByLogin: directory.findUserByLogin,
      findUser: directory.findUser,
      findUserByFederatedIdentity: directory.findUserByFederatedIdentity,
      validatePassword: directory.validatePassword,
      createSelfServiceUser: directory.createSelfServiceUser,
      setPassword: directory.setPassword,
      revokeSessions,
      clearLockout: lockout.clear,
    },
    userFlows: {
      forApplication: userFlows.forApplication,
      attributeFields: userFlows.attributeFields,
      collect: collectAttributes,
    },
    mail: mailer,
    mfa,
    passkeys,
    sms,
    brandFor: brandedFrame(branding),
    brandAssets: branding,
    brandingPreviews,
    limits: {
      mfaFailuresPerUser: createRateLimiter(state, { name: 'mfa-failures', limit: 5, windowMs: 15 * 60_000 }),
      signUpsPerIp: createRateLimiter(state, {
        name: 'sign-up-ip',
        limit: config.signUpsPerIp,
        windowMs: 60 * 60_000,
      }),
      codesPerIp: createRateLimiter(state, {
        name: 'codes-ip',
        limit: config.codesPerIp,
        windowMs: 15 * 60_000,
      }),
      codesPerEmail: createRateLimiter(state, { name: 'codes-email', limit: 5, windowMs: 15 * 60_000 }),
    },
    clientIpOf: (remoteAddress, forwardedFor) =>
      clientIp({ remoteAddress, forwardedFor }, config.trustedProxies),
    recordSignIn: queueSignIn,
    mfaTelemetry: metrics?.mfa,
  };

  const authenticator = createAdminAuthenticator({
    keys,
    clock,
    events,
    fresh: configWatch.fresh,
    issuer: issuerOf(config.baseUrl, ADMIN_TENANT_ID),
    audience: adminApiResource,
    principalOfClient,
  });

  const http = createHttpServer({
    logger,
    baseUrl: config.baseUrl,
    bodyLimitBytes: config.bodyLimitBytes,
    timeouts: {
      requestSeconds: config.requestTimeoutSeconds,
      headersSeconds: config.headersTimeoutSeconds,
      keepAliveSeconds: config.keepAliveTimeoutSeconds,
    },
    trustProxy: config.trustProxy,
    pool,
    authenticator,
    tenants,
    keys,
    applications,
    directory,
    userFlows,
    signInLogs,
    usage,
    mailer,
    sms,
    branding,
    brandingPreviews,
    mfa,
    conditionalAccess: accessPolicies,
    analysis: accessAnalysis,
    identityProtection: protection,
    identityProviders,
    identityProviderProbe,
    extensions,
    extensionCalls,
    audits,
    authorization,
    roles,
    hostedUi,
    account: {
      baseUrl: config.baseUrl,
      clock,
      pool,
      box,
      csrf: hostedUi.csrf,
      secureCookies: hostedUi.secureCookies,
      brandFor: hostedUi.brandFor,
      applications,
      directory,
      identityProviders,
      upstream,
      userFlows: hostedUi.userFlows,
      mfa,
      passkeys,
      secondFactors,
      sessions: createSessionDirectory({ db, clock, logger, pool }),
      signInLogs,
      passwordFailuresPerUser: createRateLimiter(state, {
        name: 'account-password-failures',
        limit: 5,
        windowMs: 15 * 60_000,
      }),
      codes,
      sms,
      phoneCodesPerUser: createRateLimiter(state, {
        name: 'account-phone-codes',
        limit: 5,
        windowMs: 60 * 60_000,
      }),
      revokeSessions,
      audits,
      remediateUserRisk: (tenantId, userId) =>
        protection.remediateUser(tenantId, userId, 'userPerformedSecuredPasswordChange', userId),
    },
    revokeSessions,
    lockout,
    directorySettings,
    webhooks,
    console: {
      client: { clientId: CONSOLE_APP_ID, ...consoleRedirects(config.baseUrl) },
      dir: consoleDir,
    },
    landing: { hasDemoTenant: async () => Boolean(await tenants.find(DEMO_TENANT_ID)) },
    readiness: [
      { name: 'database', check: async () => void (await sql`select 1`.execute(db)) },
      // Redis down degrades (node-local state), so /readyz reports it but stays 200.
      ...(redis
        ? [
            {
              name: 'redis',
              degradesOnly: true,
              check: async () => {
                if (!redis.reachable) throw new Error('Redis is unreachable');
              },
            },
          ]
        : []),
    ],
    metrics: metrics?.exposure,
  });
  // Read at scrape time; the pool only on PostgreSQL, Redis only in a cluster.
  metrics?.metrics.observe({
    outboxDepth: mailer.queueDepth,
    databasePool: storage.poolStats,
    redisUp: redis && (() => redis.reachable),
  });
  let metricsListener: MetricsListener | undefined;

  const jobs = startJobs(
    [
      {
        name: 'purge-expired-protocol-artefacts',
        everyMs: 10 * 60_000,
        run: () => purgeExpiredModels(db, clock),
      },
      // Sign-in log entries are kept 90 days.
      {
        name: 'purge-expired-sign-ins',
        everyMs: 24 * 60 * 60_000,
        run: () => signInLogs.purgeSignInsBefore(signInRetentionCutoff(clock.now())),
      },
      // The extension calls shown with sign-ins go when the sign-ins do.
      {
        name: 'purge-expired-extension-calls',
        everyMs: 24 * 60 * 60_000,
        run: () => extensionCalls.purgeBefore(signInRetentionCutoff(clock.now()).toISOString()),
      },
      // Usage & insights: the log's new entries into the roll-ups, and today's snapshots.
      { name: 'roll-up-usage', everyMs: 5 * 60_000, run: () => usageRollup.rollUp() },
      // Webhook messages that are due: retries, and what a stopped node or a missed kick left.
      { name: 'deliver-due-webhooks', everyMs: 5_000, run: () => webhooks.deliverDue() },
      // Delivered and given-up webhook messages and the delivery log are kept 30 days.
      { name: 'purge-expired-webhooks', everyMs: 24 * 60 * 60_000, run: () => webhooks.purgeExpired() },
      // Roll-ups are kept 13 months.
      { name: 'purge-expired-usage', everyMs: 24 * 60 * 60_000, run: () => usageRollup.purgeExpired() },
      // Risk detections are kept 90 days; low ones stop counting after 6 months' (180 days) age.
      {
        name: 'purge-expired-risk-detections',
        everyMs: 24 * 60 * 60_000,
        run: async () => {
          await protection.purgeDetectionsBefore(detectionRetentionCutoff(clock.now()));
          await protection.ageOutLowDetections(clock.now());
        },
      },
      // Offline maliciousIPAddress: IPs with many wrong passwords across accounts in the last hour.
      {
        name: 'detect-malicious-ips',
        everyMs: 10 * 60_000,
        run: () => scanForMaliciousIps({ signInLogs, clock, protection }),
      },
      // Retries email that failed (backoff 30 s … 6 h) and picks up what a stopped node left.
      ...(mailer.delivery === 'smtp'
        ? [{ name: 'deliver-due-email', everyMs: 10_000, run: () => mailer.deliverDue() }]
        : []),
    ],
    logger,
    // In a cluster (shared state in Redis) one node runs each period of each job.
    config.redisUrl ? sharedJobClaim(state) : undefined,
  );

  return {
    config,
    http,
    storage,
    bootstrap: report,
    signIns,
    usageRollup,
    mailer,
    sms,
    adminApiResource,
    passkeys,
    mfa,
    conditionalAccess: accessPolicies,
    identityProtection: protection,
    identityProviders,
    webhooks,
    audits,
    authorization,
    roles,
    principalOfClient,
    async listen() {
      const address = await http.listen({ port: config.port, host: config.host });
      metricsListener = await metrics?.listen((error) =>
        logger.error({ err: error }, 'metrics scrape failed'),
      );
      if (metricsListener) logger.info(`metrics served at ${metricsListener.url}/metrics`);
      return address;
    },
    async close() {
      await metricsListener?.close();
      await http.close();
      await jobs.stop();
      // After HTTP (no new sign-ins), before storage: the queued sign-ins are written.
      await signIns.close();
      // After the sign-ins (their events are written with them): attempts under way end.
      await webhooks.close();
      protocolErrors.close();
      await mailer.close();
      await outbound.close();
      await state.close();
      await events.close();
      await storage.close();
    },
  };
}
