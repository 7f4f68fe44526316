import type { User, UserManager } from 'oidc-client-ts';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { returnPathOf } from './auth';

interface AuthContextValue {
  user: User;
  manager: UserManager;
  signOut: () => Promise<void>;
  /** A current access token (renewed first when it is about to expire). */
  accessToken: () => Promise<string>;
}

const AuthContext = createContext<AuthContextValue | null>(null);

export function useAuth(): AuthContextValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth outside <AuthProvider>');
  return value;
}

const CALLBACK_PATH = `${import.meta.env.BASE_URL}callback`;

/** The redirect back is handled once, however often React runs the effect (StrictMode in development). */
let callbackHandled: Promise<User> | undefined;

/** The router path (under /console) of the current address. */
function currentRoutePath(): string {
  const base = import.meta.env.BASE_URL.replace(/\/$/, '');
  const path = window.location.pathname.startsWith(base) ? window.location.pathname.slice(base.length) : '/';
  return `${path || '/'}${window.location.search}`;
}

/**
 * Signs in before anything else renders: handles the redirect back to /console/callback, else
 * starts a sign-in and remembers where the admin was going.
 */
export function AuthProvider({
  manager,
  children,
  onSignedIn,
  fallback,
}: {
  manager: UserManager;
  children: ReactNode;
  /** Where to go after the redirect back (a path under /console). */
  onSignedIn: (path: string) => void;
  fallback: (error: Error | null) => ReactNode;
}) {
  const [user, setUser] = useState<User | null>(null);
  const [error, setError] = useState<Error | null>(null);

  useEffect(() => {
    let cancelled = false;
    const start = async () => {
      if (window.location.pathname === CALLBACK_PATH) {
        callbackHandled ??= manager.signinRedirectCallback();
        const signedIn = await callbackHandled;
        if (cancelled) return;
        setUser(signedIn);
        onSignedIn(returnPathOf(signedIn.state));
        return;
      }
      const existing = await manager.getUser();
      if (existing && !existing.expired) {
        if (!cancelled) setUser(existing);
        return;
      }
      await manager.signinRedirect({ state: { returnTo: currentRoutePath() } });
    };
    start().catch(
      (cause: unknown) => !cancelled && setError(cause instanceof Error ? cause : new Error(String(cause))),
    );
    const loaded = (next: User) => setUser(next);
    // A failed renewal (the session ended, the refresh token was revoked): sign in again.
    const expired = () => {
      void manager
        .removeUser()
        .then(() => manager.signinRedirect({ state: { returnTo: currentRoutePath() } }));
    };
    manager.events.addUserLoaded(loaded);
    manager.events.addAccessTokenExpired(expired);
    manager.events.addSilentRenewError(expired);
    return () => {
      cancelled = true;
      manager.events.removeUserLoaded(loaded);
      manager.events.removeAccessTokenExpired(expired);
      manager.events.removeSilentRenewError(expired);
    };
  }, [manager, onSignedIn]);

  const signOut = useCallback(async () => {
    const current = await manager.getUser();
    await manager.removeUser();
    await manager.signoutRedirect({ id_token_hint: current?.id_token });
  }, [manager]);

  const accessToken = useCallback(async () => {
    let current = await manager.getUser();
    if (current && (current.expires_in ?? 0) < 30) current = await manager.signinSilent();
    if (!current) throw new Error('Not signed in');
    return current.access_token;
  }, [manager]);

  const value = useMemo(
    () => (user ? { user, manager, signOut, accessToken } : null),
    [user, manager, signOut, accessToken],
  );
  if (!value) return <>{fallback(error)}</>;
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}
