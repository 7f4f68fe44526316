import type { ResolvedIdentityProvider } from './model.js';
import type { UpstreamIdentity } from './oidc-connector.js';

/**
 * What a provider sent back to the tenant's callback: the query of a redirect (OpenID Connect,
 * OAuth 2.0) or the fields of a form post (Apple's `response_mode=form_post`, a SAML response).
 */
export type UpstreamResponse = Record<string, string>;

/**
 * What a connector keeps server-side (shared state) while the user is at the provider. `state`
 * is the key the provider echoes back (`state`, or SAML's `RelayState`); the rest is the
 * connector's own (nonce, PKCE verifier, SAML request id…) and must be JSON.
 */
export interface UpstreamTransaction {
  state: string;
  [detail: string]: unknown;
}

export interface ConnectorStartOptions {
  /** The tenant's callback URL: the redirect URI (or SAML assertion consumer service) registered there. */
  callbackUrl: string;
  /** The page's language, for the provider's own pages. */
  uiLocales?: string;
  loginHint?: string;
}

/**
 * One kind of identity provider: how to send a user there and how to check what comes back.
 * Every connector answers with the same checked identity, which the sign-in pipeline takes as
 * a first factor; a connector never signs anyone in itself.
 */
export interface FederationConnector {
  /**
   * The issuer of the identities this provider vouches for (what a federated identity's
   * `issuer` is), so that a user's identities can be matched to the providers; undefined when
   * the provider cannot be asked now.
   */
  issuer(provider: ResolvedIdentityProvider): Promise<string | undefined>;
  /** Where to send the browser, and what to keep until it comes back. */
  start(
    provider: ResolvedIdentityProvider,
    options: ConnectorStartOptions,
  ): Promise<{ url: string; transaction: UpstreamTransaction }>;
  /**
   * Checks the provider's response against the transaction (state, nonce, PKCE, signatures,
   * audience, times) and answers who the user is. Throws an `UpstreamError` otherwise.
   */
  finish(
    provider: ResolvedIdentityProvider,
    transaction: UpstreamTransaction,
    response: UpstreamResponse,
    options: { callbackUrl: string },
  ): Promise<UpstreamIdentity>;
}

/** The connector for a registered provider, or none when Gatehouse cannot sign in with its kind. */
export type ConnectorFor = (provider: ResolvedIdentityProvider) => FederationConnector | undefined;
