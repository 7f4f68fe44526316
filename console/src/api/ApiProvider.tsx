import { createContext, type ReactNode, useContext, useMemo } from 'react';
import { useAuth } from '../auth/AuthProvider';
import { type AdminApi, createAdminApi } from './client';

const ApiContext = createContext<AdminApi | null>(null);

export function ApiProvider({ baseUrl, children }: { baseUrl: string; children: ReactNode }) {
  const { accessToken } = useAuth();
  const api = useMemo(() => createAdminApi(baseUrl, accessToken), [baseUrl, accessToken]);
  return <ApiContext.Provider value={api}>{children}</ApiContext.Provider>;
}

/** The typed admin API client of the signed-in admin. */
export function useApi(): AdminApi {
  const api = useContext(ApiContext);
  if (!api) throw new Error('useApi outside <ApiProvider>');
  return api;
}
