import type { ApplicationService, AppRole, PermissionScope } from './applications/index.js';
import type { AuthorizationService } from './authorization/index.js';
import { isAppError } from './platform/index.js';
import { ADMIN_TENANT_ID } from './tenants/index.js';

/** The admin API as an app of the `admin` tenant: granted to clients like any other API. */
export const ADMIN_API_APP_ID = 'gatehouse-admin-api';

/** Delegated: a client calls the admin API as the signed-in admin (their roles decide). */
export const ADMIN_API_SCOPE: PermissionScope = {
  id: '5c7e1d0a-2f4b-4d8e-9a61-3b0f6c2d7e11',
  value: 'user_impersonation',
  adminConsentDisplayName: 'Use the Gatehouse admin API as the signed-in administrator',
  adminConsentDescription: "What the administrator may do is decided by the administrator's admin roles.",
  isEnabled: true,
  type: 'Admin',
};

/** Application: a client calls the admin API as itself (its service principal's roles decide). */
export const ADMIN_API_APP_ROLE: AppRole = {
  id: '9d2f6a41-7c3e-4b58-8e0d-1a4c5b6e7f22',
  allowedMemberTypes: ['Application'],
  description: "What the application may do is decided by its service principal's admin roles.",
  displayName: 'Use the Gatehouse admin API as the application',
  isEnabled: true,
  origin: 'Application',
  value: 'access_as_application',
};

export interface AdminApiAccessDeps {
  applications: Pick<ApplicationService, 'ensureBuiltInApi' | 'servicePrincipals' | 'findByAppId'>;
  authorization: Pick<AuthorizationService, 'createGrant' | 'assign'>;
  /** `{base}/api`: the admin API's identifier URI, the audience of its tokens. */
  resource: string;
  /** Built-in clients that use the admin API: as the signed-in admin, or as themselves. */
  clients: { delegated: string[]; application: string[] };
}

/** A grant or assignment that is there already is what we want. */
const alreadyThere = (error: unknown): undefined => {
  if (isAppError(error) && error.kind === 'conflict') return undefined;
  throw error;
};

/**
 * At each start: the admin API's registration follows the public address, and Gatehouse's own
 * clients hold the permission they need on it (the CLI of scripts app-only, the sign-in CLI and
 * console on the admin's behalf). What any token may do is still decided by admin roles; without
 * a grant, no other client of the admin tenant gets a token for the admin API.
 */
export async function ensureAdminApiAccess(deps: AdminApiAccessDeps): Promise<void> {
  const { applications, authorization } = deps;
  // The current address first; earlier ones are kept (a few), so that nodes of one cluster
  // started with different addresses (tests, a rename rolling out) each find theirs.
  const known = (await applications.findByAppId(ADMIN_TENANT_ID, ADMIN_API_APP_ID))?.identifierUris ?? [];
  const identifierUris = [deps.resource, ...known.filter((uri) => uri !== deps.resource)].slice(0, 5);
  await applications.ensureBuiltInApi(ADMIN_TENANT_ID, ADMIN_API_APP_ID, {
    displayName: 'Gatehouse admin API',
    identifierUris,
    api: { oauth2PermissionScopes: [ADMIN_API_SCOPE] },
    appRoles: [ADMIN_API_APP_ROLE],
  });
  const principalOf = (appId: string) => applications.servicePrincipals.findByAppId(ADMIN_TENANT_ID, appId);
  const api = await principalOf(ADMIN_API_APP_ID);
  if (!api) throw new Error(`the ${ADMIN_API_APP_ID} application has no service principal`);
  for (const appId of deps.clients.application) {
    const client = await principalOf(appId);
    if (!client) continue;
    await authorization
      .assign(ADMIN_TENANT_ID, {
        principalId: client.id,
        resourceId: api.id,
        appRoleId: ADMIN_API_APP_ROLE.id,
      })
      .catch(alreadyThere);
  }
  for (const appId of deps.clients.delegated) {
    const client = await principalOf(appId);
    if (!client) continue;
    await authorization
      .createGrant(ADMIN_TENANT_ID, {
        clientId: client.id,
        consentType: 'AllPrincipals',
        resourceId: api.id,
        scope: ADMIN_API_SCOPE.value,
      })
      .catch(alreadyThere);
  }
}
