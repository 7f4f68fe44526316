import { useQuery } from '@tanstack/react-query';
import { useApi } from './ApiProvider';
import { unwrap } from './client';

export interface Tenant {
  id: string;
  displayName: string;
  type: 'customer' | 'workforce';
  defaultLanguage: string;
  createdDateTime: string;
}

export interface Page<T> {
  value: T[];
  '@odata.nextLink'?: string;
}

/** Every tenant the admin may see (the switcher's list): the API narrows to the admin's scopes. */
export function useTenants() {
  const api = useApi();
  return useQuery({
    queryKey: ['tenants'],
    queryFn: () => unwrap<Page<Tenant>>(api.GET('/api/v1/tenants', { params: { query: { $top: 999 } } })),
  });
}
