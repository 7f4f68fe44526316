import { AppError } from '../platform/errors.js';
import type { FederationConnector } from './connector.js';
import type { SocialEndpoints } from './endpoints.js';
import { type ResolvedIdentityProvider, SOCIAL_TYPE } from './model.js';
import { type OidcConnector, type OidcUpstream, oidcTransactionOf } from './oidc-connector.js';

/** Google's registration, as the generic OpenID Connect connector takes it. */
function googleUpstream(
  provider: ResolvedIdentityProvider,
  endpoints: SocialEndpoints['google'],
): OidcUpstream {
  if (provider['@odata.type'] !== SOCIAL_TYPE || provider.identityProviderType !== 'Google')
    throw new AppError('invalid_identity_provider', 'invalid', 'The identity provider is not Google.');
  if (!provider.secrets.clientSecret)
    throw new AppError('invalid_identity_provider', 'invalid', 'The Google client secret is missing.');
  return {
    metadataUrl: endpoints.metadataUrl,
    clientId: provider.clientId,
    clientSecret: provider.secrets.clientSecret,
    clientAuthenticationMethod: 'client_secret_post',
    scope: 'openid profile email',
    usePkce: true,
  };
}

/**
 * Sign in with Google: plain OpenID Connect (discovery, code flow with state, nonce and PKCE),
 * so the generic connector does the work and checks the ID token. The identity's issuer is the
 * ID token's `iss` (https://accounts.google.com); Google's `email_verified` is a JSON boolean,
 * which is what the generic mapping trusts.
 */
export function createGoogleConnector(deps: {
  oidc: OidcConnector;
  endpoints: SocialEndpoints['google'];
}): FederationConnector {
  return {
    issuer: () => deps.oidc.issuer(deps.endpoints.metadataUrl),
    async start(provider, options) {
      const started = await deps.oidc.start(googleUpstream(provider, deps.endpoints), options.callbackUrl, {
        ...(options.loginHint && { loginHint: options.loginHint }),
        ...(options.uiLocales && { uiLocales: options.uiLocales }),
      });
      return { url: started.url, transaction: { ...started.transaction } };
    },

    async finish(provider, transaction, response, options) {
      return deps.oidc.finishResponse(
        googleUpstream(provider, deps.endpoints),
        oidcTransactionOf(transaction),
        response,
        { callbackUrl: options.callbackUrl },
      );
    },
  };
}
