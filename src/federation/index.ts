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
