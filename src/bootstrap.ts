import type { ApplicationService } from './applications/index.js';
import type { Config } from './config.js';
import { DIRECTORY_ROLES, type DirectoryService } from './directory/index.js';
import type { UserFlowService } from './flows/index.js';
import { randomToken } from './platform/index.js';
import { ADMIN_TENANT_ID, type TenantService } from './tenants/index.js';

export const ADMIN_CLI_APP_ID = 'gatehouse-admin-cli';
export const DEMO_TENANT_ID = 'demo';
const ADMIN_CLI_SECRET_NAME = 'GATEHOUSE_ADMIN_CLIENT_SECRET';

export interface BootstrapDeps {
  config: Pick<Config, 'adminEmail' | 'adminPassword' | 'adminClientSecret' | 'demoTenant'>;
  tenants: TenantService;
  directory: DirectoryService;
  applications: ApplicationService;
  userFlows: Pick<UserFlowService, 'create'>;
}

export interface BootstrapReport {
  firstStart: boolean;
  adminEmail: string;
  /** Set only when Gatehouse generated the password: it is shown this once. */
  generatedAdminPassword?: string;
  demoTenantCreated: boolean;
}

/**
 * Makes a fresh installation usable and is a no-op afterwards: the `admin` workforce tenant
 * with the first Global Administrator, the `demo` customer tenant with a default user flow
 * that takes sign-ups, and — when a secret is
 * configured — the `gatehouse-admin-cli` daemon app for scripts.
 */
export async function bootstrap({
  config,
  tenants,
  directory,
  applications,
  userFlows,
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
  }
  if (!(await directory.findUserByMail(ADMIN_TENANT_ID, config.adminEmail))) {
    const password = config.adminPassword ?? randomToken(18);
    const admin = await directory.createUser({
      tenantId: ADMIN_TENANT_ID,
      displayName: 'Administrator',
      mail: config.adminEmail,
      password,
    });
    await directory.assignRole(ADMIN_TENANT_ID, admin.id, globalAdmin);
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
  if (config.adminClientSecret) {
    const app = await applications.ensureWithAppId(ADMIN_TENANT_ID, ADMIN_CLI_APP_ID, {
      displayName: 'Gatehouse admin CLI',
    });
    await directory.assignRole(ADMIN_TENANT_ID, app.id, globalAdmin);
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
