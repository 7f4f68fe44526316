import type { FastifyInstance } from 'fastify';
import type { ConditionalAccessAnalysis, ConditionalAccessService } from '../../access/index.js';
import type { ApplicationService } from '../../applications/index.js';
import {
  type AuthorizationService,
  ROLE_ASSIGNMENT_ACTION,
  type RoleManagementService,
} from '../../authorization/index.js';
import type { BrandingService } from '../../branding/index.js';
import type { DirectoryService } from '../../directory/index.js';
import type { CallLog, ExtensionService } from '../../extensions/index.js';
import type { WebhookService } from '../../extensions/webhooks/index.js';
import type { IdentityProviderProbe, IdentityProviderService } from '../../federation/index.js';
import type { UserFlowService } from '../../flows/index.js';
import type { AuditTrail, SignInLogService, UsageQueries } from '../../insights/index.js';
import type { KeyService } from '../../keys/index.js';
import type { Mailer, SmsSender } from '../../messaging/index.js';
import type { MfaService } from '../../mfa/index.js';
import { AppError } from '../../platform/index.js';
import type { SmartLockout } from '../../protection/index.js';
import type { IdentityProtectionService } from '../../protection/risk-service.js';
import { ADMIN_TENANT_ID, type DirectorySettings, type TenantService } from '../../tenants/index.js';
import type { BrandingPreviews } from '../hosted-ui/preview.js';
import { createAdminAudit } from './admin-audit.js';
import { appRoleAssignmentRoutes } from './app-role-assignments.js';
import { applicationRoutes } from './applications.js';
import { auditLogRoutes } from './audit-logs.js';
import { authenticationMethodRoutes } from './authentication-methods.js';
import { type AdminAuthenticator, principalOf, rememberPrincipal } from './authenticator.js';
import { brandingRoutes } from './branding.js';
import { conditionalAccessRoutes } from './conditional-access.js';
import { customAttributeRoutes } from './custom-attributes.js';
import { directoryRoutes } from './directory.js';
import { directorySettingRoutes } from './directory-settings.js';
import { extensionRoutes } from './extensions.js';
import { identityProtectionRoutes } from './identity-protection.js';
import { identityProviderRoutes } from './identity-providers.js';
import { keyRoutes } from './keys.js';
import { lockoutRoutes } from './lockout.js';
import { meRoutes } from './me.js';
import { messagingRoutes } from './messaging.js';
import { permissionGrantRoutes } from './permission-grants.js';
import { roleManagementRoutes } from './role-management.js';
import { type RouteTable, refuseNulCharacters, SIGNED_IN } from './routes.js';
import { servicePrincipalRoutes } from './service-principals.js';
import { sessionRoutes } from './sessions.js';
import { signInRoutes } from './sign-ins.js';
import { smsRoutes } from './sms.js';
import { tenantRoutes } from './tenants.js';
import { userFlowRoutes } from './user-flows.js';
import { userInsightsRoutes } from './user-insights.js';
import { webhookRoutes } from './webhooks.js';

export interface AdminApiDeps {
  authenticator: AdminAuthenticator;
  table: RouteTable;
  tenants: TenantService;
  keys: KeyService;
  applications: ApplicationService;
  directory: DirectoryService;
  userFlows: UserFlowService;
  signInLogs: SignInLogService;
  /** Usage & insights: the roll-ups of the sign-in log. */
  usage: UsageQueries;
  mailer: Mailer;
  /** Text messages: the SMS outbox. */
  sms: SmsSender;
  branding: BrandingService;
  /** Previews of unsaved branding, drawn by the hosted pages. */
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
  /** Tests a provider: reads its discovery document or SAML metadata through the outbound policy. */
  identityProviderProbe: IdentityProviderProbe;
  /** Custom authentication extensions, their listeners and claims-mapping policies. */
  extensions: ExtensionService;
  /** The extension calls of each sign-in (its log entry's appliedEventListeners). */
  extensionCalls: Pick<CallLog, 'ofSignIns'>;
  /** The audit trail of admin actions. */
  audits: AuditTrail;
  /** Delegated permission grants and app role assignments. */
  authorization: AuthorizationService;
  /** Directory roles: definitions, assignments, and the decision on every admin call. */
  roles: RoleManagementService;
  baseUrl: string;
  revokeSessions: (tenantId: string, userId: string) => Promise<void>;
  /** Smart lockout: admins unlock users. */
  lockout: Pick<SmartLockout, 'clear'>;
  /** Each tenant's directory settings (Password Rule Settings: smart lockout). */
  directorySettings: DirectorySettings;
  /** Event webhooks: configuration, delivery log, test events. */
  webhooks: WebhookService;
}

const READ_METHODS = new Set(['GET', 'HEAD']);

/**
 * The admin API under /api/v1: every route needs an admin token, and its caller a role that
 * allows the route's action at the route's scope (its tenant, else '/').
 */
export function adminApi(deps: AdminApiDeps) {
  return async function plugin(app: FastifyInstance): Promise<void> {
    app.addHook('onRequest', async (request, reply) => {
      let principal: Awaited<ReturnType<AdminAuthenticator['authenticate']>>;
      try {
        principal = await deps.authenticator.authenticate(request.headers.authorization);
      } catch (error) {
        // RFC 6750: an error code only when a token was presented.
        const realm = `Bearer realm="${deps.baseUrl}/api"`;
        reply.header(
          'www-authenticate',
          request.headers.authorization ? `${realm}, error="invalid_token"` : realm,
        );
        throw error;
      }
      rememberPrincipal(request, principal);
    });
    // Before anything reads the input (the tenant check below, the routes' schemas, the stores).
    app.addHook('preValidation', async (request) => refuseNulCharacters(request));
    // Everything under a tenant answers 404 tenant_not_found when the tenant does not exist, or
    // when no role assignment of the caller reaches it (the same answer: nothing disclosed).
    // Then the path is validated, then the caller's roles must allow the route's action there.
    app.addHook('preHandler', async (request) => {
      const guard = request.routeOptions.config.adminRoute;
      if (!guard) {
        if (request.is404) return;
        throw new AppError('forbidden', 'forbidden', 'This route declares no action; nobody may call it.');
      }
      if (guard.action === SIGNED_IN) return;
      const { tenantId } = request.params as { tenantId?: string };
      const principalId = principalOf(request)?.principalId;
      if (tenantId !== undefined) {
        if (request.routeOptions.url !== '/api/v1/tenants/:tenantId') await deps.tenants.get(tenantId);
        await deps.roles.reach(principalId, tenantId);
      }
      if (guard.params) guard.params.parse(request.params);
      await deps.roles.authorize(
        principalId,
        guard.action,
        tenantId !== undefined ? { tenantId } : guard.actionScope === 'any' ? 'any' : 'root',
      );
      // The admin tenant's users and apps are the admins and their tools (a secret added to the
      // admin CLI is its Global Administrator role): changing any of it takes a role that could
      // assign every role anyway (Global or Privileged Role Administrator, at '/').
      if (tenantId === ADMIN_TENANT_ID && !READ_METHODS.has(request.method))
        await deps.roles.authorize(principalId, ROLE_ASSIGNMENT_ACTION, 'root');
    });
    tenantRoutes(app, deps.table, deps);
    keyRoutes(app, deps.table, deps);
    applicationRoutes(app, deps.table, deps);
    directoryRoutes(app, deps.table, deps);
    customAttributeRoutes(app, deps.table, deps);
    userFlowRoutes(app, deps.table, deps);
    signInRoutes(app, deps.table, deps);
    userInsightsRoutes(app, deps.table, deps);
    messagingRoutes(app, deps.table, deps);
    smsRoutes(app, deps.table, deps);
    brandingRoutes(app, deps.table, deps);
    authenticationMethodRoutes(app, deps.table, deps);
    sessionRoutes(app, deps.table, deps);
    lockoutRoutes(app, deps.table, deps);
    identityProtectionRoutes(app, deps.table, deps);
    identityProviderRoutes(app, deps.table, deps);
    auditLogRoutes(app, deps.table, deps);
    roleManagementRoutes(app, deps.table, deps);
    meRoutes(app, deps.table, deps);
    // Audited: Conditional Access, service principals, directory settings, app role assignments
    // and delegated permission grants.
    const audit = createAdminAudit(deps);
    conditionalAccessRoutes(app, deps.table, { ...deps, audit });
    servicePrincipalRoutes(app, deps.table, { ...deps, audit });
    directorySettingRoutes(app, deps.table, { ...deps, audit });
    extensionRoutes(app, deps.table, { ...deps, audit });
    appRoleAssignmentRoutes(app, deps.table, { ...deps, audit });
    permissionGrantRoutes(app, deps.table, { ...deps, audit });
    webhookRoutes(app, deps.table, { ...deps, audit });
  };
}

export { type AdminAuthenticator, createAdminAuthenticator } from './authenticator.js';
export { createRouteTable, type RouteTable } from './routes.js';
