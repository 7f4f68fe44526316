import type { ClientMetadata } from 'oidc-provider';
import type { Application } from '../applications/index.js';
import type { SigningAlgorithm } from '../keys/index.js';

/** How a client proves itself on this request; decided from what the request carries. */
export type ClientAuthMethod = 'client_secret_basic' | 'private_key_jwt' | 'none';

export function chooseAuthMethod(app: Application, sentAssertion: boolean): ClientAuthMethod {
  const hasKeys = app.keyCredentials.length > 0;
  const hasSecrets = app.passwordCredentials.length > 0;
  if (hasKeys && (sentAssertion || !hasSecrets)) return 'private_key_jwt';
  if (hasSecrets) return 'client_secret_basic';
  return 'none';
}

/**
 * Translates an app registration into oidc-provider client metadata. As in Entra, the
 * platforms decide the flows: any redirect URI enables the authorization code flow, a
 * credential enables client credentials. Secrets are never handed to oidc-provider: a
 * placeholder stands in and Gatehouse verifies the hash (see provider.ts).
 */
export function toClientMetadata(
  app: Application,
  authMethod: ClientAuthMethod,
  signingAlg: SigningAlgorithm,
  secretPlaceholder: string,
): ClientMetadata {
  const redirectUris = [...app.web.redirectUris, ...app.spa.redirectUris, ...app.publicClient.redirectUris];
  const interactive = redirectUris.length > 0;
  const grantTypes = [
    ...(interactive ? ['authorization_code', 'refresh_token'] : []),
    ...(authMethod !== 'none' ? ['client_credentials'] : []),
  ];
  return {
    client_id: app.appId,
    client_name: app.displayName,
    application_type: app.publicClient.redirectUris.length > 0 ? 'native' : 'web',
    redirect_uris: redirectUris,
    post_logout_redirect_uris: redirectUris,
    response_types: interactive ? ['code'] : [],
    grant_types: grantTypes,
    token_endpoint_auth_method: authMethod,
    id_token_signed_response_alg: signingAlg,
    ...(authMethod === 'client_secret_basic' && { client_secret: secretPlaceholder }),
    ...(app.keyCredentials.length > 0 && {
      jwks: { keys: app.keyCredentials.map((k) => k.jwk) } as ClientMetadata['jwks'],
    }),
  };
}
