import { ADMIN_MFA_TEMPLATE_ID, type ConditionalAccessService } from './access/index.js';
import { type ApplicationService, redirectUriProblem } from './applications/index.js';
import { DIRECTORY_ROLES, ROOT_SCOPE, type RoleManagementService } from './authorization/index.js';
import type { Config } from './config.js';
import type { DirectoryService } from './directory/index.js';
import type { UserFlowService } from './flows/index.js';
import type { MfaService } from './mfa/index.js';
import { randomToken } from './platform/index.js';
import { ADMIN_TENANT_ID, type TenantService } from './tenants/index.js';

export const ADMIN_CLI_APP_ID = 'gatehouse-admin-cli';
/** The public client of `gatehouse login` (the device flow): admins sign in as themselves. */
export const LOGIN_CLI_APP_ID = 'gatehouse-cli';
/** The admin console's public client (authorization code + PKCE, single-page app platform). */
export const CONSOLE_APP_ID = 'gatehouse-console';
export const DEMO_TENANT_ID = 'demo';
const ADMIN_CLI_SECRET_NAME = 'GATEHOUSE_ADMIN_CLIENT_SECRET';

export interface BootstrapDeps {
  config: Pick<Config, 'baseUrl' | 'adminEmail' | 'adminPassword' | 'adminClientSecret' | 'demoTenant'>;
  tenants: TenantService;
  directory: DirectoryService;
  applications: ApplicationService;
  userFlows: Pick<UserFlowService, 'create'>;
  roles: Pick<RoleManagementService, 'ensure'>;
  /** The principal id (service principal) of an application of the admin tenant, by appId. */
  principalOfClient: (appId: string) => Promise<string | undefined>;
  conditionalAccess: Pick<ConditionalAccessService, 'createPolicyFromTemplate'>;
  mfa: Pick<MfaService, 'updatePolicy'>;
}

export interface BootstrapReport {
  firstStart: boolean;
  adminEmail: string;
  /** Set only when Gatehouse generated the password: it is shown this once. */
  generatedAdminPassword?: string;
  demoTenantCreated: boolean;
  /** Why the admin console cannot sign in at this public address (http other than localhost). */
  consoleProblem?: string;
}

/**
 * Makes a fresh installation usable and is a no-op afterwards: the `admin` workforce tenant
 * with the first Global Administrator (assigned at '/': every tenant), the policy requiring MFA
 * of admins and the `gatehouse-cli` public client (`gatehouse login`), the `demo` customer
 * tenant with a default user flow that takes sign-ups, the `gatehouse-console` public client
 * of the admin console (its redirect URIs follow the public address), and — when a secret is configured — the
 * `gatehouse-admin-cli` daemon app for scripts (Global Administrator at '/' too).
 */
export async function bootstrap({
  config,
  tenants,
  directory,
  applications,
  userFlows,
  roles,
  principalOfClient,
  conditionalAccess,
  mfa,
}: BootstrapDeps): Promise<BootstrapReport> {
  const globalAdmin = DIRECTORY_ROLES.globalAdministrator.id;
  const report: BootstrapReport = {
    firstStart: false,
    adminEmail: config.adminEmail,
    demoTenantCreated: false,
  };

  if (!(await tenants.find(ADMIN_TENANT_ID))) {
    report.firstStart = true;
    await tenants.create({ id: ADMIN_TENANT_ID, displayName: 'Gatehouse administration', type: 'workforce' });
    // Once, with the admin tenant: admins prove a second factor at every sign-in (Entra's
    // "Require multifactor authentication for admins"), with an authenticator app or a passkey
    // registered at their first sign-in; never with a code mailed to them.
    await mfa.updatePolicy(ADMIN_TENANT_ID, {
      authenticationMethodConfigurations: [{ id: 'Email', state: 'disabled' }],
    });
    await conditionalAccess.createPolicyFromTemplate(ADMIN_TENANT_ID, ADMIN_MFA_TEMPLATE_ID, {
      state: 'enabled',
    });
  }
  if (!(await directory.findUserByMail(ADMIN_TENANT_ID, config.adminEmail))) {
    const password = config.adminPassword ?? randomToken(18);
    const admin = await directory.createUser({
      tenantId: ADMIN_TENANT_ID,
      displayName: 'Administrator',
      mail: config.adminEmail,
      password,
    });
    await roles.ensure(admin.id, globalAdmin, ROOT_SCOPE);
    if (!config.adminPassword) report.generatedAdminPassword = password;
  }
  if (report.firstStart && config.demoTenant && !(await tenants.find(DEMO_TENANT_ID))) {
    await tenants.create({ id: DEMO_TENANT_ID, displayName: 'Demo', type: 'customer' });
    // The demo takes sign-ups because this flow says so; a new tenant takes none until its admin does.
    await userFlows.create(DEMO_TENANT_ID, {
      displayName: 'Sign up and sign in',
      isDefault: true,
      isSignUpAllowed: true,
      signInMethods: ['emailPassword'],
      attributes: [{ attribute: 'displayName', required: true, inputType: 'text' }],
    });
    report.demoTenantCreated = true;
  }
  // `gatehouse login`: a public client of the device flow (no secret, no redirect URI).
  await applications.ensureWithAppId(ADMIN_TENANT_ID, LOGIN_CLI_APP_ID, {
    displayName: 'Gatehouse CLI',
    isFallbackPublicClient: true,
  });
  report.consoleProblem = await ensureConsoleClient(applications, config.baseUrl);
  if (config.adminClientSecret) {
    const app = await applications.ensureWithAppId(ADMIN_TENANT_ID, ADMIN_CLI_APP_ID, {
      displayName: 'Gatehouse admin CLI',
    });
    const principalId = await principalOfClient(ADMIN_CLI_APP_ID);
    if (!principalId) throw new Error(`the ${ADMIN_CLI_APP_ID} application has no service principal`);
    await roles.ensure(principalId, globalAdmin, ROOT_SCOPE);
    if (
      !(await applications.authenticateSecret(ADMIN_TENANT_ID, ADMIN_CLI_APP_ID, config.adminClientSecret))
    ) {
      // A changed secret replaces the one configured before: the old value stops working.
      for (const previous of app.passwordCredentials.filter((p) => p.displayName === ADMIN_CLI_SECRET_NAME)) {
        await applications.removePassword(ADMIN_TENANT_ID, app.id, { keyId: previous.keyId });
      }
      await applications.addPassword(
        ADMIN_TENANT_ID,
        app.id,
        { passwordCredential: { displayName: ADMIN_CLI_SECRET_NAME } },
        config.adminClientSecret,
      );
    }
  }
  return report;
}

/** Where the console comes back to: after sign-in, and after sign-out (its start page). */
export const consoleRedirects = (baseUrl: string) => ({
  redirectUri: `${baseUrl}/console/callback`,
  postLogoutRedirectUri: `${baseUrl}/console/`,
});

/**
 * The console's client, its redirect URIs brought up to date with the public address at each
 * start; a public address the single-page platform refuses (http other than localhost) leaves
 * the client without redirect URIs and says why.
 */
async function ensureConsoleClient(
  applications: ApplicationService,
  baseUrl: string,
): Promise<string | undefined> {
  const app = await applications.ensureWithAppId(ADMIN_TENANT_ID, CONSOLE_APP_ID, {
    displayName: 'Gatehouse console',
  });
  const { redirectUri, postLogoutRedirectUri } = consoleRedirects(baseUrl);
  const problem = redirectUriProblem(redirectUri, 'spa');
  const redirectUris = problem ? [] : [redirectUri, postLogoutRedirectUri];
  if (JSON.stringify(app.spa.redirectUris) !== JSON.stringify(redirectUris))
    await applications.update(ADMIN_TENANT_ID, app.id, { spa: { redirectUris } });
  return problem && `the console's address ${problem}`;
}
