import type { paths } from '../../api/schema';

/** Graph's identityProviderBase family, as src/federation/model.ts answers it. */
export const SOCIAL_TYPE = '#microsoft.graph.socialIdentityProvider';
export const APPLE_TYPE = '#microsoft.graph.appleManagedIdentityProvider';
export const OIDC_TYPE = '#microsoft.graph.openIdConnectIdentityProvider';
export const SAML_TYPE = '#microsoft.graph.samlIdentityProvider';
export const HIDDEN_SECRET = '******';

export type ClientAuthenticationMethod = 'client_secret_post' | 'client_secret_basic' | 'private_key_jwt';
export const AUTH_METHODS: ClientAuthenticationMethod[] = [
  'client_secret_post',
  'client_secret_basic',
  'private_key_jwt',
];

export interface SocialIdentityProvider {
  '@odata.type': typeof SOCIAL_TYPE;
  id: string;
  displayName: string;
  identityProviderType: 'Google' | 'Facebook';
  clientId: string;
  clientSecret: string;
}

export interface AppleManagedIdentityProvider {
  '@odata.type': typeof APPLE_TYPE;
  id: string;
  displayName: string;
  developerId: string;
  serviceId: string;
  keyId: string;
  certificateData: string;
}

export interface OpenIdConnectIdentityProvider {
  '@odata.type': typeof OIDC_TYPE;
  id: string;
  displayName: string;
  clientId: string;
  clientSecret: string | null;
  issuer: string | null;
  metadataUrl: string;
  scope: string;
  responseType: 'code';
  clientAuthentication: { clientAuthenticationMethod: ClientAuthenticationMethod };
  claimsMapping: Record<string, string | null>;
  domainHint: string | null;
  usePkce: boolean;
}

export interface SamlIdentityProvider {
  '@odata.type': typeof SAML_TYPE;
  id: string;
  displayName: string;
  metadataXml: string | null;
  metadataUrl: string | null;
  preferredAuthenticationProtocol: 'saml';
}

export type IdentityProvider =
  | SocialIdentityProvider
  | AppleManagedIdentityProvider
  | OpenIdConnectIdentityProvider
  | SamlIdentityProvider;

export type ProviderKind = 'google' | 'facebook' | 'apple' | 'oidc' | 'saml';
export const KINDS: ProviderKind[] = ['google', 'facebook', 'apple', 'oidc', 'saml'];

export function kindOf(provider: IdentityProvider): ProviderKind {
  switch (provider['@odata.type']) {
    case SOCIAL_TYPE:
      return provider.identityProviderType === 'Google' ? 'google' : 'facebook';
    case APPLE_TYPE:
      return 'apple';
    case OIDC_TYPE:
      return 'oidc';
    case SAML_TYPE:
      return 'saml';
  }
}

/** POST …/identityProviders/{id}/test (src/federation/probe.ts). */
export interface IdentityProviderTestResult {
  succeeded: boolean;
  documentType: 'openIdConfiguration' | 'samlMetadata' | 'none';
  documentUrl: string | null;
  issuer: string | null;
  authorizationEndpoint: string | null;
  tokenEndpoint: string | null;
  userInfoEndpoint: string | null;
  jwksUri: string | null;
  entityId: string | null;
  singleSignOnServiceUrl: string | null;
  signingKeyCount: number | null;
  warnings: string[];
  error: { code: string; message: string } | null;
  testedDateTime: string;
}

export type CreateProviderBody =
  paths['/api/v1/tenants/{tenantId}/identityProviders']['post']['requestBody']['content']['application/json'];
export type UpdateProviderBody = NonNullable<
  paths['/api/v1/tenants/{tenantId}/identityProviders/{id}']['patch']['requestBody']
>['content']['application/json'];
