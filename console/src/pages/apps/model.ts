import type { paths } from '../../api/schema';

/** Graph `permissionScope` (an API's delegated permission), as src/applications/model.ts. */
export interface PermissionScope {
  id: string;
  value: string;
  adminConsentDisplayName: string;
  adminConsentDescription?: string;
  isEnabled: boolean;
  type: 'Admin' | 'User';
}

/** Graph `appRole`. */
export interface AppRole {
  id: string;
  allowedMemberTypes: ('User' | 'Application')[];
  description: string | null;
  displayName: string;
  isEnabled: boolean;
  origin: 'Application';
  value: string;
}

export interface RequiredResourceAccess {
  resourceAppId: string;
  resourceAccess: { id: string; type: 'Scope' | 'Role' }[];
}

export interface OptionalClaim {
  name: string;
  source: null;
  essential: boolean;
  additionalProperties: string[];
}

/** Graph `passwordCredential`: secretText is null except in addPassword's answer. */
export interface PasswordCredential {
  keyId: string;
  displayName: string | null;
  hint: string;
  startDateTime: string;
  endDateTime: string;
  secretText: string | null;
}

export interface KeyCredential {
  keyId: string;
  displayName: string | null;
  type: 'AsymmetricX509Cert';
  usage: 'Verify';
  customKeyIdentifier: string;
  startDateTime: string;
  endDateTime: string | null;
  key: null;
}

/** Graph `application` as the admin API shows it (src/http/admin-api/applications.ts `view`). */
export interface Application {
  id: string;
  appId: string;
  displayName: string;
  createdDateTime: string;
  groupMembershipClaims: 'None' | 'SecurityGroup' | 'All';
  requireMfa: boolean;
  isFallbackPublicClient: boolean;
  web: { redirectUris: string[]; logoutUrl: string | null; backchannelLogoutUrl: string | null };
  spa: { redirectUris: string[] };
  publicClient: { redirectUris: string[] };
  identifierUris: string[];
  api: { oauth2PermissionScopes: PermissionScope[] };
  keyCredentials: KeyCredential[];
  optionalClaims: { idToken: OptionalClaim[]; accessToken: OptionalClaim[] };
  appRoles: AppRole[];
  requiredResourceAccess: RequiredResourceAccess[];
  passwordCredentials: PasswordCredential[];
}

/** Graph `servicePrincipal`. */
export interface ServicePrincipal {
  id: string;
  appId: string;
  displayName: string;
  appDisplayName: string;
  accountEnabled: true;
  appRoleAssignmentRequired: boolean;
  appRoles: AppRole[];
  oauth2PermissionScopes: PermissionScope[];
  servicePrincipalNames: string[];
  servicePrincipalType: 'Application';
  tags: string[];
  createdDateTime: string;
}

/** Graph `oAuth2PermissionGrant`. */
export interface OAuth2PermissionGrant {
  id: string;
  clientId: string;
  consentType: 'AllPrincipals';
  principalId: null;
  resourceId: string;
  scope: string;
}

/** Graph `appRoleAssignment`. */
export interface AppRoleAssignment {
  id: string;
  appRoleId: string;
  createdDateTime: string;
  deletedDateTime: null;
  principalDisplayName: string;
  principalId: string;
  principalType: 'User' | 'Group' | 'ServicePrincipal';
  resourceDisplayName: string;
  resourceId: string;
}

/** A directory object to assign (users and groups lists). */
export interface DirectoryObject {
  id: string;
  displayName: string | null;
  mail?: string | null;
}

/** The OpenID Provider metadata the Overview shows. */
export interface Discovery {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  end_session_endpoint?: string;
  jwks_uri: string;
  userinfo_endpoint?: string;
}

/** The default access role (assignment without a specific app role), as Graph's. */
export const DEFAULT_ACCESS_ROLE_ID = '00000000-0000-0000-0000-000000000000';

type CreateBody =
  paths['/api/v1/tenants/{tenantId}/applications']['post']['requestBody']['content']['application/json'];
type PatchBody = NonNullable<
  paths['/api/v1/tenants/{tenantId}/applications/{id}']['patch']['requestBody']
>['content']['application/json'];
/** An optional claim as sent: `source` is left out (the API's default, null, the user). */
type OptionalClaimInput = { name: string; essential?: boolean; additionalProperties?: string[] };
type OptionalClaimsInput = { idToken?: OptionalClaimInput[]; accessToken?: OptionalClaimInput[] };
export type ApplicationCreate = Omit<CreateBody, 'optionalClaims'> & { optionalClaims?: OptionalClaimsInput };
export type ApplicationPatch = Omit<PatchBody, 'optionalClaims'> & { optionalClaims?: OptionalClaimsInput };

export type Platform = 'web' | 'spa' | 'publicClient' | 'daemon';
