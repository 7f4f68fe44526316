import {
  Button,
  FluentProvider,
  makeStaticStyles,
  makeStyles,
  tokens,
  webDarkTheme,
  webLightTheme,
} from '@fluentui/react-components';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { UserManager } from 'oidc-client-ts';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { RouterProvider } from 'react-router';
import { ApiProvider } from './api/ApiProvider';
import { ApiError } from './api/client';
import { AuthProvider } from './auth/AuthProvider';
import { ApiErrorMessage } from './components/ApiErrorMessage';
import { Loading } from './components/Loading';
import type { ConsoleConfig } from './config';
import { createRouter } from './router';
import { useStrings } from './strings';

/** The page edge to edge: the browser's default margin would frame the app in white. */
const useGlobalStyles = makeStaticStyles({ body: { margin: 0 } });

const useStyles = makeStyles({
  root: { minHeight: '100vh', backgroundColor: tokens.colorNeutralBackground1 },
  centered: {
    padding: tokens.spacingHorizontalXXL,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
  },
});

/** Light or dark, as the operating system says, and following it when it changes. */
function usePrefersDark(): boolean {
  const query = useMemo(() => window.matchMedia('(prefers-color-scheme: dark)'), []);
  const [dark, setDark] = useState(query.matches);
  useEffect(() => {
    const changed = (event: MediaQueryListEvent) => setDark(event.matches);
    query.addEventListener('change', changed);
    return () => query.removeEventListener('change', changed);
  }, [query]);
  return dark;
}

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // Refused and missing things do not get better by asking again.
      retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2,
      refetchOnWindowFocus: false,
    },
  },
});

export function App({ config, manager }: { config: ConsoleConfig; manager: UserManager }) {
  const t = useStrings();
  useGlobalStyles();
  const styles = useStyles();
  const dark = usePrefersDark();
  const router = useMemo(() => createRouter(), []);
  const onSignedIn = useCallback((path: string) => void router.navigate(path, { replace: true }), [router]);
  return (
    // The page's own background and height on a wrapper: Fluent copies the provider's classes
    // onto its portals (tooltips, menus), where a full-height box would cover the page.
    <FluentProvider theme={dark ? webDarkTheme : webLightTheme}>
      <div className={styles.root}>
        <AuthProvider
          manager={manager}
          onSignedIn={onSignedIn}
          fallback={(error) => (
            <main className={styles.centered}>
              {error ? (
                <>
                  <ApiErrorMessage error={error} title={t.common.signInFailed} />
                  <div>
                    <Button
                      appearance="primary"
                      onClick={() => window.location.assign(import.meta.env.BASE_URL)}
                    >
                      {t.common.tryAgain}
                    </Button>
                  </div>
                </>
              ) : (
                <Loading label={t.common.signingIn} />
              )}
            </main>
          )}
        >
          <QueryClientProvider client={queryClient}>
            <ApiProvider baseUrl={config.apiBaseUrl}>
              <RouterProvider router={router} />
            </ApiProvider>
          </QueryClientProvider>
        </AuthProvider>
      </div>
    </FluentProvider>
  );
}
