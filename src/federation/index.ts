export { createAppleConnector } from './apple-connector.js';
export type {
  ConnectorFor,
  ConnectorStartOptions,
  FederationConnector,
  UpstreamResponse,
  UpstreamTransaction,
} from './connector.js';
export { DEFAULT_SOCIAL_ENDPOINTS, type SocialEndpoints, socialEndpointsSchema } from './endpoints.js';
export { createFacebookConnector } from './facebook-connector.js';
export { createGenericOidcConnector } from './generic-oidc.js';
export { createGoogleConnector } from './google-connector.js';
export * from './model.js';
export {
  createOidcConnector,
  isUpstreamError,
  type OidcConnector,
  type OidcUpstream,
  UpstreamError,
  type UpstreamIdentity,
  type UpstreamStart,
} from './oidc-connector.js';
export {
  createIdentityProviderProbe,
  type IdentityProviderProbe,
  type IdentityProviderTestResult,
} from './probe.js';
export { createSamlConnector, samlEntityIdOf, samlServiceProviderMetadata } from './saml-connector.js';
export {
  type CreateIdentityProviderInput,
  createIdentityProviderSchema,
  federationErrors,
  IDENTITY_PROVIDER_FIELDS,
  type IdentityProviderFields,
  isP256PrivateKey,
  MAX_METADATA_XML_BYTES,
  providerUrlProblem,
  type UpdateIdentityProviderInput,
  updateIdentityProviderSchema,
} from './schemas.js';
export {
  createIdentityProviderService,
  type IdentityProviderService,
  type IdentityProviderServiceDeps,
} from './service.js';
export {
  createUpstreamSignIns,
  type PendingUpstream,
  type UpstreamPurpose,
  type UpstreamSignIns,
  type UpstreamSignInsDeps,
} from './upstream-sign-ins.js';
