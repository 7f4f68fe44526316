import type { Application, ApplicationService, AppRole } from '../applications/index.js';
import { isAppError, newId } from '../platform/index.js';
import type { AuthorizationService } from './app-permissions-service.js';

/** One grant the upgrade would make: what the client had before grants existed. */
export type ExistingAccess =
  | { kind: 'delegated'; client: Application; api: Application; scope: string }
  | { kind: 'application'; client: Application; api: Application; role: AppRole };

/** Clients that never held API tokens (the account pages' own client). */
export interface ExistingAccessOptions {
  excludedClients: ReadonlySet<string>;
}

const isInteractive = (app: Application) =>
  app.web.redirectUris.length + app.spa.redirectUris.length + app.publicClient.redirectUris.length > 0;
const hasCredential = (app: Application) =>
  app.passwordCredentials.length + app.keyCredentials.filter((k) => k.usage === 'Verify').length > 0;

/**
 * What every client of a tenant could get before API permissions existed, as grants: every
 * enabled scope of every API to each app that signs users in (delegated), and every enabled
 * application role of every API to each app with a secret or key (client credentials).
 */
export function planExistingAccess(apps: Application[], options: ExistingAccessOptions): ExistingAccess[] {
  const apis = apps.filter((app) => app.identifierUris.length > 0);
  const plan: ExistingAccess[] = [];
  for (const client of apps) {
    if (options.excludedClients.has(client.appId)) continue;
    for (const api of apis) {
      if (api.id === client.id) continue;
      const scopes = api.api.oauth2PermissionScopes.filter((s) => s.isEnabled).map((s) => s.value);
      if (isInteractive(client) && scopes.length > 0)
        plan.push({ kind: 'delegated', client, api, scope: scopes.join(' ') });
      if (!hasCredential(client)) continue;
      for (const role of api.appRoles.filter(
        (r) => r.isEnabled && r.allowedMemberTypes.includes('Application'),
      ))
        plan.push({ kind: 'application', client, api, role });
    }
  }
  return plan;
}

/**
 * For APIs that exposed only scopes (daemons used to get those by client credentials): one
 * application role per enabled scope, with the same value, so the upgrade can grant them.
 */
export function rolesFromScopes(api: Application): AppRole[] {
  if (api.appRoles.some((r) => r.allowedMemberTypes.includes('Application'))) return [];
  const taken = new Set(api.appRoles.map((r) => r.value));
  return api.api.oauth2PermissionScopes
    .filter((s) => s.isEnabled && !taken.has(s.value))
    .map((s) => ({
      id: newId(),
      allowedMemberTypes: ['Application'],
      description: s.adminConsentDescription ?? s.adminConsentDisplayName,
      displayName: s.adminConsentDisplayName,
      isEnabled: true,
      origin: 'Application',
      value: s.value,
    }));
}

export interface ExistingAccessDeps {
  applications: Pick<ApplicationService, 'list' | 'update' | 'servicePrincipals'>;
  authorization: Pick<AuthorizationService, 'createGrant' | 'updateGrant' | 'listGrants' | 'assign'>;
}

async function allApps(applications: ExistingAccessDeps['applications'], tenantId: string) {
  const apps: Application[] = [];
  let skipToken: string | undefined;
  do {
    const page = await applications.list(tenantId, { top: 500, skipToken });
    apps.push(...page.items);
    skipToken = page.next;
  } while (skipToken);
  return apps;
}

/** A grant or assignment that is there already is what we want. */
const unlessThere = (error: unknown): undefined => {
  if (isAppError(error) && error.kind === 'conflict') return undefined;
  throw error;
};

/**
 * Grants a tenant's existing clients what they could get before (see planExistingAccess), or
 * only lists it (`dryRun`). Idempotent: what is granted already stays as it is (a delegated
 * grant gains the missing scopes).
 */
export async function grantExistingAccess(
  deps: ExistingAccessDeps,
  tenantId: string,
  options: ExistingAccessOptions & { dryRun: boolean; rolesFromScopes: boolean },
): Promise<ExistingAccess[]> {
  let apps = await allApps(deps.applications, tenantId);
  if (options.rolesFromScopes && !options.dryRun) {
    for (const api of apps.filter((app) => app.identifierUris.length > 0)) {
      const added = rolesFromScopes(api);
      if (added.length > 0)
        await deps.applications.update(tenantId, api.id, { appRoles: [...api.appRoles, ...added] });
    }
    apps = await allApps(deps.applications, tenantId);
  }
  const plan = planExistingAccess(apps, options);
  if (options.dryRun) return plan;
  const principalOf = async (app: Application) => {
    const sp = await deps.applications.servicePrincipals.findByAppId(tenantId, app.appId);
    if (!sp) throw new Error(`${app.displayName} (${app.appId}) has no service principal`);
    return sp.id;
  };
  for (const item of plan) {
    const clientId = await principalOf(item.client);
    const resourceId = await principalOf(item.api);
    if (item.kind === 'application') {
      await deps.authorization
        .assign(tenantId, { principalId: clientId, resourceId, appRoleId: item.role.id })
        .catch(unlessThere);
      continue;
    }
    const existing = (await deps.authorization.listGrants(tenantId, { clientId, resourceId }, { top: 1 }))
      .items[0];
    if (!existing) {
      await deps.authorization.createGrant(tenantId, {
        clientId,
        consentType: 'AllPrincipals',
        resourceId,
        scope: item.scope,
      });
      continue;
    }
    const merged = [...new Set([...existing.scope.split(' '), ...item.scope.split(' ')])].filter(Boolean);
    if (merged.length > existing.scope.split(' ').filter(Boolean).length)
      await deps.authorization.updateGrant(tenantId, existing.id, { scope: merged.join(' ') });
  }
  return plan;
}
