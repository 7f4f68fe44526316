import type { FastifyRequest } from 'fastify';
import type { ApplicationService } from '../../applications/index.js';
import type { DirectoryService, DirectoryUser } from '../../directory/index.js';
import type { AuditEntry, AuditInitiator, AuditTrail } from '../../insights/index.js';
import { AppError } from '../../platform/index.js';
import { ADMIN_TENANT_ID } from '../../tenants/index.js';
import { principalOf } from './authenticator.js';

export interface AdminAuditDeps {
  audits: AuditTrail;
  applications: Pick<ApplicationService, 'findByAppId'>;
  directory: Pick<DirectoryService, 'findUser'>;
}

const userPrincipalNameOf = (user: DirectoryUser): string | null =>
  user.mail ?? user.identities[0]?.issuerAssignedId ?? null;

/** Who is acting on an admin request, for the audit trail: the token's user, or its application. */
export async function initiatorOf(
  request: FastifyRequest,
  { applications, directory }: Pick<AdminAuditDeps, 'applications' | 'directory'>,
): Promise<AuditInitiator> {
  const principal = principalOf(request);
  if (!principal) throw new AppError('unauthenticated', 'unauthenticated', 'No admin principal.');
  if (principal.kind === 'servicePrincipal') {
    const appId = principal.clientId || principal.subject;
    const registered = await applications.findByAppId(ADMIN_TENANT_ID, appId);
    return { app: { appId, displayName: registered?.displayName ?? null } };
  }
  const user = await directory.findUser(ADMIN_TENANT_ID, principal.subject);
  return { user: { id: principal.subject, userPrincipalName: user ? userPrincipalNameOf(user) : null } };
}

/** Records an admin action of the request in the audit trail, naming who acted. */
export function createAdminAudit({ audits, applications, directory }: AdminAuditDeps) {
  return async function record(
    request: FastifyRequest,
    tenantId: string,
    entry: Pick<AuditEntry, 'category' | 'activityDisplayName' | 'operationType' | 'targetResources'>,
  ): Promise<void> {
    await audits.record({
      tenantId,
      result: 'success',
      initiatedBy: await initiatorOf(request, { applications, directory }),
      correlationId: request.id,
      ...entry,
    });
  };
}

export type AdminAudit = ReturnType<typeof createAdminAudit>;

export interface ModifiedProperty {
  displayName: string;
  oldValue: string | null;
  newValue: string | null;
}

/**
 * Graph's modifiedProperties of a change: each named property whose value differs, old and new
 * as JSON text (null where the object did not exist, or the property was unset).
 */
export function modifiedProperties(
  before: Record<string, unknown> | undefined,
  after: Record<string, unknown> | undefined,
  names: readonly string[],
): ModifiedProperty[] {
  const json = (object: Record<string, unknown> | undefined, name: string) =>
    object?.[name] === undefined ? null : JSON.stringify(object[name]);
  return names
    .map((name) => ({ displayName: name, oldValue: json(before, name), newValue: json(after, name) }))
    .filter((change) => change.oldValue !== change.newValue);
}
