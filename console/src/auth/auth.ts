import { InMemoryWebStorage, type User, UserManager, WebStorageStateStore } from 'oidc-client-ts';
import type { ConsoleConfig } from '../config';

/**
 * The console signs admins in with the authorization code flow and PKCE (oidc-client-ts) as the
 * public client `gatehouse-console`. Tokens live in memory only (never localStorage); the access
 * token is renewed with the rotating refresh token before it expires. A reload signs in again:
 * the Gatehouse session makes that a round trip without a prompt.
 */
export function createUserManager(config: ConsoleConfig): UserManager {
  return new UserManager({
    authority: config.authority,
    client_id: config.clientId,
    redirect_uri: config.redirectUri,
    post_logout_redirect_uri: config.postLogoutRedirectUri,
    scope: config.scope,
    response_type: 'code',
    loadUserInfo: false,
    automaticSilentRenew: true,
    userStore: new WebStorageStateStore({ store: new InMemoryWebStorage() }),
    // Only the PKCE verifier and state of a sign-in in progress survive the redirect.
    stateStore: new WebStorageStateStore({ store: window.sessionStorage }),
  });
}

export interface ReturnState {
  returnTo: string;
}

/** The path under /console to come back to after a sign-in (never another origin). */
export function returnPathOf(state: unknown): string {
  const returnTo = (state as Partial<ReturnState> | undefined)?.returnTo;
  return typeof returnTo === 'string' && returnTo.startsWith('/') && !returnTo.startsWith('//')
    ? returnTo
    : '/';
}

export type { User };
