/** Graph's `identityProviderBase` family: the identity providers a tenant federates with. */

export const SOCIAL_TYPE = '#microsoft.graph.socialIdentityProvider';
export const APPLE_TYPE = '#microsoft.graph.appleManagedIdentityProvider';
export const OIDC_TYPE = '#microsoft.graph.openIdConnectIdentityProvider';
/** Our own name (Graph federates SAML through samlOrWsFedExternalDomainFederation). */
export const SAML_TYPE = '#microsoft.graph.samlIdentityProvider';

export const IDENTITY_PROVIDER_TYPES = [SOCIAL_TYPE, APPLE_TYPE, OIDC_TYPE, SAML_TYPE] as const;
export type IdentityProviderType = (typeof IDENTITY_PROVIDER_TYPES)[number];

/** What Graph answers in place of a write-only secret. */
export const HIDDEN_SECRET = '******';

export type SocialProviderKind = 'Google' | 'Facebook';
export type ClientAuthenticationMethod = 'client_secret_post' | 'client_secret_basic' | 'private_key_jwt';

export interface SocialIdentityProvider {
  '@odata.type': typeof SOCIAL_TYPE;
  id: string;
  displayName: string;
  identityProviderType: SocialProviderKind;
  clientId: string;
  clientSecret: typeof HIDDEN_SECRET;
}

export interface AppleManagedIdentityProvider {
  '@odata.type': typeof APPLE_TYPE;
  id: string;
  displayName: string;
  /** The Apple developer team id. */
  developerId: string;
  /** The Services ID: Apple's client id. */
  serviceId: string;
  keyId: string;
  /** The .p8 private key: write-only. */
  certificateData: typeof HIDDEN_SECRET;
}

export interface OidcClaimsMapping {
  userId: string;
  displayName: string;
  givenName: string;
  surname: string;
  email: string;
  emailVerified: string | null;
}

export interface OpenIdConnectIdentityProvider {
  '@odata.type': typeof OIDC_TYPE;
  id: string;
  displayName: string;
  clientId: string;
  /** Null with private_key_jwt (no secret). */
  clientSecret: typeof HIDDEN_SECRET | null;
  issuer: string | null;
  metadataUrl: string;
  scope: string;
  responseType: 'code';
  clientAuthentication: { clientAuthenticationMethod: ClientAuthenticationMethod };
  claimsMapping: OidcClaimsMapping;
  domainHint: string | null;
  usePkce: boolean;
}

export interface SamlIdentityProvider {
  '@odata.type': typeof SAML_TYPE;
  id: string;
  displayName: string;
  /** Exactly one of metadataXml and metadataUrl is set. */
  metadataXml: string | null;
  metadataUrl: string | null;
  preferredAuthenticationProtocol: 'saml';
}

export type IdentityProvider =
  | SocialIdentityProvider
  | AppleManagedIdentityProvider
  | OpenIdConnectIdentityProvider
  | SamlIdentityProvider;

/** The decrypted secrets of a provider, for the connectors only. */
export interface IdentityProviderSecrets {
  clientSecret?: string;
  privateKeyPem?: string;
}

export type ResolvedIdentityProvider = IdentityProvider & { secrets: IdentityProviderSecrets };

/** The kind of a provider, as the sign-in pages and the connectors tell them apart. */
export type ProviderKind = 'google' | 'facebook' | 'apple' | 'oidc' | 'saml';

export function providerKindOf(provider: IdentityProvider): ProviderKind {
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
