/** The JSON shape of the audit log route: Microsoft Graph's `directoryAudit` (src/insights/audits.ts). */

/** Graph `modifiedProperty`: one property a change set (values as JSON text). */
export interface ModifiedProperty {
  displayName: string;
  oldValue: string | null;
  newValue: string | null;
}

/** Graph `targetResource`. */
export interface TargetResource {
  id: string;
  type: string;
  displayName?: string | null;
  userPrincipalName?: string | null;
  /** Graph's; shown when the API records them. */
  modifiedProperties?: ModifiedProperty[];
}

/** Graph `directoryAudit`. */
export interface DirectoryAudit {
  id: string;
  activityDateTime: string;
  activityDisplayName: string;
  category: string;
  correlationId: string;
  loggedByService: string;
  operationType: string;
  result: 'success' | 'failure' | string;
  resultReason: string;
  initiatedBy: {
    user: { id: string; userPrincipalName: string | null; displayName?: string | null } | null;
    app: { appId: string; displayName: string | null; servicePrincipalId?: string | null } | null;
  };
  targetResources: TargetResource[];
  additionalDetails: { key: string; value: string }[];
}

/** The list's filters as the page holds them (empty string: no filter). */
export interface AuditFilterValues {
  from: string;
  to: string;
  category: string;
  activityDisplayName: string;
  initiatedBy: string;
  target: string;
}

/** The categories the server records (src/**: `category:`), in the category filter. */
export const KNOWN_CATEGORIES = [
  'ApplicationManagement',
  'DirectoryManagement',
  'IdentityProtection',
  'Policy',
  'RoleManagement',
  'UserManagement',
] as const;

/** Who acted, in words. */
export function initiatorOf(audit: DirectoryAudit): string | null {
  const { user, app } = audit.initiatedBy;
  if (user) return user.displayName ?? user.userPrincipalName ?? user.id;
  if (app) return app.displayName ?? app.appId;
  return null;
}

/** A target's name in words. */
export const targetName = (target: TargetResource): string =>
  target.displayName || target.userPrincipalName || target.id;
