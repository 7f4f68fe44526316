import type { FederationConnector } from './connector.js';
import { OIDC_TYPE, type ResolvedIdentityProvider } from './model.js';
import { type OidcConnector, type OidcUpstream, oidcTransactionOf } from './oidc-connector.js';
import { federationErrors } from './schemas.js';

/** The settings the OpenID Connect client needs, from a registered generic provider. */
function upstreamOf(provider: ResolvedIdentityProvider): OidcUpstream {
  if (provider['@odata.type'] !== OIDC_TYPE) throw federationErrors.identityProviderNotFound(provider.id);
  return {
    metadataUrl: provider.metadataUrl,
    clientId: provider.clientId,
    clientSecret: provider.secrets.clientSecret,
    clientAuthenticationMethod: provider.clientAuthentication.clientAuthenticationMethod,
    privateKeyPem: provider.secrets.privateKeyPem,
    scope: provider.scope,
    usePkce: provider.usePkce,
    claimsMapping: {
      ...provider.claimsMapping,
      emailVerified: provider.claimsMapping.emailVerified ?? undefined,
    },
  };
}

/** A generic OpenID Connect provider (`openIdConnectIdentityProvider`), over the OIDC client. */
export function createGenericOidcConnector(oidc: OidcConnector): FederationConnector {
  return {
    issuer: async (provider) =>
      provider['@odata.type'] === OIDC_TYPE ? oidc.issuer(provider.metadataUrl) : undefined,
    async start(provider, options) {
      const started = await oidc.start(upstreamOf(provider), options.callbackUrl, {
        uiLocales: options.uiLocales,
        loginHint: options.loginHint,
      });
      return { url: started.url, transaction: started.transaction };
    },
    finish(provider, transaction, response, { callbackUrl }) {
      return oidc.finishResponse(upstreamOf(provider), oidcTransactionOf(transaction), response, {
        callbackUrl,
      });
    },
  };
}
