import { z } from 'zod';
import { AppError } from '../platform/index.js';

/**
 * Published with `{ tenantId }` after a delegated permission grant or an app role assignment
 * of the tenant was created, changed or removed: what is cached of the tenant's permissions
 * is dropped.
 */
export const AUTHORIZATION_CHANGED = 'authorization.changed';

/** Entra's default access role: "assigned to the app", no particular role. */
export const DEFAULT_ACCESS_ROLE_ID = '00000000-0000-0000-0000-000000000000';

export type PrincipalType = 'User' | 'Group' | 'ServicePrincipal';

/** An object id (any GUID), lower-case as Graph's. */
const objectId = z.guid({ message: 'must be an object id (a GUID)' }).transform((id) => id.toLowerCase());

/** Space-separated scope values; normalised (and checked against the API) by the service. */
const scopeText = z
  .string()
  .max(8192)
  .refine((scope) => scope.trim().length > 0, { message: 'name at least one scope value' });

/** Graph `oAuth2PermissionGrant` as created: admin consent for every user of the tenant. */
export const createPermissionGrantSchema = z.strictObject({
  clientId: objectId,
  consentType: z.enum(['AllPrincipals', 'Principal']),
  principalId: objectId.nullable().optional(),
  resourceId: objectId,
  scope: scopeText,
});
export type CreatePermissionGrantInput = z.input<typeof createPermissionGrantSchema>;

/** Graph PATCH of a grant: the scope list is replaced. */
export const updatePermissionGrantSchema = z.strictObject({ scope: scopeText });
export type UpdatePermissionGrantInput = z.input<typeof updatePermissionGrantSchema>;

/** Graph `appRoleAssignment` as created. */
export const createAppRoleAssignmentSchema = z.strictObject({
  principalId: objectId,
  resourceId: objectId,
  appRoleId: objectId,
});
export type CreateAppRoleAssignmentInput = z.input<typeof createAppRoleAssignmentSchema>;

/** Graph `oAuth2PermissionGrant`: delegated permissions a client holds on an API. */
export interface OAuth2PermissionGrant {
  id: string;
  /** The client's service principal (object id). */
  clientId: string;
  consentType: 'AllPrincipals';
  principalId: null;
  /** The API's service principal (object id). */
  resourceId: string;
  /** Space-separated scope values. */
  scope: string;
}

/** Graph `appRoleAssignment`: a user, group or client service principal holds an app role. */
export interface AppRoleAssignment {
  id: string;
  appRoleId: string;
  createdDateTime: string;
  deletedDateTime: null;
  principalDisplayName: string;
  principalId: string;
  principalType: PrincipalType;
  resourceDisplayName: string;
  resourceId: string;
}

/** What an admin granted a client on one API (the protocol's decision input). */
export interface ClientPermissions {
  /** Delegated scope values (oauth2PermissionGrants), only those still enabled on the API. */
  scopes: ReadonlySet<string>;
  /** Application permissions: values of the API's enabled app roles assigned to the client. */
  roles: ReadonlySet<string>;
}

const NOT_FOUND_CODES: Record<PrincipalType, string> = {
  User: 'user_not_found',
  Group: 'group_not_found',
  ServicePrincipal: 'service_principal_not_found',
};
const PRINCIPAL_NAMES: Record<PrincipalType, string> = {
  User: 'User',
  Group: 'Group',
  ServicePrincipal: 'Service principal',
};

export const authorizationErrors = {
  principalNotFound: (type: PrincipalType | undefined, id: string, target?: string) =>
    new AppError(
      type ? NOT_FOUND_CODES[type] : 'principal_not_found',
      'notFound',
      type
        ? `${PRINCIPAL_NAMES[type]} '${id}' does not exist in this tenant.`
        : `No user, group or service principal '${id}' exists in this tenant.`,
      target,
    ),
  pathMismatch: (field: 'principalId' | 'resourceId', pathId: string) =>
    new AppError(
      field === 'principalId' ? 'principal_mismatch' : 'resource_mismatch',
      'invalid',
      `${field} must be '${pathId}', the object of the request's path.`,
      field,
    ),
  unknownAppRole: (appRoleId: string, resource: string) =>
    new AppError(
      'unknown_app_role',
      'invalid',
      `'${appRoleId}' is not an app role of '${resource}'.`,
      'appRoleId',
    ),
  appRoleDisabled: (value: string, resource: string) =>
    new AppError(
      'app_role_disabled',
      'invalid',
      `The app role '${value}' of '${resource}' is disabled.`,
      'appRoleId',
    ),
  appRoleNotAssignable: (value: string, memberType: 'User' | 'Application') =>
    new AppError(
      'app_role_not_assignable',
      'invalid',
      memberType === 'Application'
        ? `The app role '${value}' cannot be assigned to applications: its allowedMemberTypes lack 'Application'.`
        : `The app role '${value}' cannot be assigned to users and groups: its allowedMemberTypes lack 'User'.`,
      'appRoleId',
    ),
  assignmentExists: () =>
    new AppError(
      'app_role_assignment_exists',
      'conflict',
      'The principal already holds this app role on this resource.',
      'appRoleId',
    ),
  assignmentNotFound: (id: string) =>
    new AppError(
      'app_role_assignment_not_found',
      'notFound',
      `App role assignment '${id}' does not exist here.`,
      'id',
    ),
  unsupportedConsentType: () =>
    new AppError(
      'unsupported_consent_type',
      'invalid',
      "Only consentType 'AllPrincipals' (admin consent on behalf of every user) is supported: the apps of a tenant are its own business's, so consent is granted by an admin for everyone.",
      'consentType',
    ),
  principalIdNotAllowed: () =>
    new AppError(
      'invalid_principal_id',
      'invalid',
      "principalId must be null when consentType is 'AllPrincipals'.",
      'principalId',
    ),
  unknownScope: (value: string, resource: string) =>
    new AppError(
      'unknown_scope',
      'invalid',
      `'${value}' is not a delegated permission (oauth2PermissionScope) of '${resource}'.`,
      'scope',
    ),
  scopeDisabled: (value: string, resource: string) =>
    new AppError(
      'scope_disabled',
      'invalid',
      `The delegated permission '${value}' of '${resource}' is disabled.`,
      'scope',
    ),
  grantExists: () =>
    new AppError(
      'permission_grant_exists',
      'conflict',
      'This client already has a delegated permission grant on this resource: update its scope instead.',
      'resourceId',
    ),
  grantNotFound: (id: string) =>
    new AppError(
      'permission_grant_not_found',
      'notFound',
      `Delegated permission grant '${id}' does not exist in this tenant.`,
      'id',
    ),
};
