import type { ClientMetadata } from 'oidc-provider';
import { type Application, verificationKeys } from '../applications/index.js';
import type { SigningAlgorithm } from '../keys/index.js';

/**
 * OpenID Front-Channel Logout 1.0 metadata. oidc-provider 9 no longer implements front-channel
 * logout, so it is extra client metadata here and the provider renders the frames itself.
 */
export const FRONTCHANNEL_LOGOUT_URI = 'frontchannel_logout_uri';
/**
 * The origins of an app's single-page-app redirect URIs: as in Entra, only they may call the
 * token endpoint from a browser (CORS); a web app redeems its code on its server.
 */
export const SPA_ORIGINS = 'spa_origins';

/** RFC 8628's grant type: the device authorization grant. */
export const DEVICE_CODE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

/** How a client proves itself on this request; decided from what the request carries. */
export type ClientAuthMethod = 'client_secret_basic' | 'private_key_jwt' | 'none';

export interface ClientContext {
  now: Date;
  /** The request carries a `client_assertion` (private_key_jwt). */
  sentAssertion: boolean;
  signingAlg: SigningAlgorithm;
  /** Stands in for the secret in oidc-provider's metadata; Gatehouse verifies the hash. */
  secretPlaceholder: string;
}

const current = (now: Date, start: string | null, end: string | null) =>
  (!start || new Date(start) <= now) && (!end || new Date(end) > now);

/**
 * Translates an app registration into oidc-provider client metadata. As in Entra, the
 * platforms decide the flows: any redirect URI enables the authorization code flow, a
 * current credential (secret or key) enables client credentials, and "allow public client
 * flows" (isFallbackPublicClient) enables the device authorization grant.
 */
export function toClientMetadata(app: Application, context: ClientContext): ClientMetadata {
  // Only Verify keys prove the client: an Encrypt key is for data sent to the app, never a credential.
  const keys = verificationKeys(app, context.now);
  const hasSecrets = app.passwordCredentials.some((p) =>
    current(context.now, p.startDateTime, p.endDateTime),
  );
  // The web platform is confidential, as in Entra: without a current secret it cannot get
  // tokens at all (the placeholder never matches), rather than quietly becoming public.
  const authMethod: ClientAuthMethod =
    keys.length > 0 && (context.sentAssertion || !hasSecrets)
      ? 'private_key_jwt'
      : hasSecrets || app.web.redirectUris.length > 0
        ? 'client_secret_basic'
        : 'none';

  const redirectUris = [...app.web.redirectUris, ...app.spa.redirectUris, ...app.publicClient.redirectUris];
  const interactive = redirectUris.length > 0;
  return {
    client_id: app.appId,
    client_name: app.displayName,
    application_type: app.publicClient.redirectUris.length > 0 ? 'native' : 'web',
    redirect_uris: redirectUris,
    post_logout_redirect_uris: redirectUris,
    response_types: interactive ? ['code'] : [],
    grant_types: [
      ...(interactive ? ['authorization_code'] : []),
      // Public client flows (Entra's isFallbackPublicClient): the device authorization grant.
      ...(app.isFallbackPublicClient ? [DEVICE_CODE_GRANT] : []),
      ...(interactive || app.isFallbackPublicClient ? ['refresh_token'] : []),
      ...(authMethod !== 'none' ? ['client_credentials'] : []),
    ],
    token_endpoint_auth_method: authMethod,
    id_token_signed_response_alg: context.signingAlg,
    // Sign-out reaches the app by back-channel (a logout token) and front-channel (a hidden
    // frame); both carry the session id (sid), which the app's ID tokens then carry too.
    ...(app.web.backchannelLogoutUrl && {
      backchannel_logout_uri: app.web.backchannelLogoutUrl,
      backchannel_logout_session_required: true,
    }),
    ...(app.web.logoutUrl && { [FRONTCHANNEL_LOGOUT_URI]: app.web.logoutUrl }),
    ...(app.spa.redirectUris.length > 0 && {
      [SPA_ORIGINS]: [...new Set(app.spa.redirectUris.map((uri) => new URL(uri).origin))],
    }),
    ...(authMethod === 'client_secret_basic' && { client_secret: context.secretPlaceholder }),
    ...(keys.length > 0 && { jwks: { keys: keys.map((k) => k.jwk) } as ClientMetadata['jwks'] }),
  };
}
