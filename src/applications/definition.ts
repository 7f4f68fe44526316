import type { ApplicationDefinition, AppRole, OptionalClaims } from './model.js';

export const noOptionalClaims = (): OptionalClaims => ({ idToken: [], accessToken: [] });

export function emptyDefinition(): ApplicationDefinition {
  return {
    groupMembershipClaims: 'None',
    requireMfa: false,
    isFallbackPublicClient: false,
    web: { redirectUris: [], logoutUrl: null, backchannelLogoutUrl: null },
    spa: { redirectUris: [] },
    publicClient: { redirectUris: [] },
    identifierUris: [],
    api: { oauth2PermissionScopes: [] },
    keyCredentials: [],
    tokenEncryptionKeyId: null,
    optionalClaims: noOptionalClaims(),
    appRoles: [],
    requiredResourceAccess: [],
  };
}

/** A stored definition; registrations stored before a property existed read with its default. */
export function readDefinition(json: string): ApplicationDefinition {
  const stored = JSON.parse(json) as Partial<ApplicationDefinition>;
  const empty = emptyDefinition();
  return {
    ...empty,
    ...stored,
    web: { ...empty.web, ...stored.web },
    api: { ...empty.api, ...stored.api },
  };
}

/** An app role as Graph shows it (its properties in Graph's order; origin always Application). */
export const toAppRole = (role: Omit<AppRole, 'origin'> & { origin?: string }): AppRole => ({
  allowedMemberTypes: role.allowedMemberTypes,
  description: role.description,
  displayName: role.displayName,
  id: role.id,
  isEnabled: role.isEnabled,
  origin: 'Application',
  value: role.value,
});
