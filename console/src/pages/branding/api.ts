import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApi } from '../../api/ApiProvider';
import { ApiError, unwrap } from '../../api/client';
import type { Page } from '../../api/tenants';
import {
  type Branding,
  type BrandingLocalization,
  type BrandingPreview,
  bodyOf,
  DEFAULT_LOCALE,
  type Draft,
} from './model';

export function useBranding(tenantId: string) {
  const api = useApi();
  return useQuery({
    queryKey: [tenantId, 'branding', DEFAULT_LOCALE],
    queryFn: () =>
      unwrap<Branding>(api.GET('/api/v1/tenants/{tenantId}/branding', { params: { path: { tenantId } } })),
  });
}

export function useLocalizations(tenantId: string) {
  const api = useApi();
  return useQuery({
    queryKey: [tenantId, 'branding', 'localizations'],
    queryFn: () =>
      unwrap<Page<BrandingLocalization>>(
        api.GET('/api/v1/tenants/{tenantId}/branding/localizations', { params: { path: { tenantId } } }),
      ),
  });
}

/** Saves the draft: the default branding (PATCH), or a language's (PATCH, or PUT to create it). */
export function useSaveBranding(tenantId: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ locale, draft, exists }: { locale: string; draft: Draft; exists: boolean }) => {
      if (locale === DEFAULT_LOCALE) {
        return unwrap<Branding>(
          api.PATCH('/api/v1/tenants/{tenantId}/branding', {
            params: { path: { tenantId } },
            body: bodyOf(draft, true),
          }),
        );
      }
      const params = { path: { tenantId, lang: locale } };
      return unwrap<BrandingLocalization>(
        exists
          ? api.PATCH('/api/v1/tenants/{tenantId}/branding/localizations/{lang}', {
              params,
              body: bodyOf(draft, false),
            })
          : api.PUT('/api/v1/tenants/{tenantId}/branding/localizations/{lang}', {
              params,
              body: bodyOf(draft, false),
            }),
      );
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [tenantId, 'branding'] }),
  });
}

export function useDeleteLocalization(tenantId: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (lang: string) =>
      unwrap(
        api.DELETE('/api/v1/tenants/{tenantId}/branding/localizations/{lang}', {
          params: { path: { tenantId, lang } },
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [tenantId, 'branding'] }),
  });
}

/**
 * A preview of the draft on the tenant's real sign-in page: a URL on the hosted pages, valid for a
 * minute. Asked again (debounced by the caller) whenever the draft changes.
 */
/** The preview of a draft; only for an admin who may change branding (the API says so too). */
export function usePreview(
  tenantId: string,
  locale: string,
  lang: string,
  draft: Draft | undefined,
  mayEdit: boolean,
) {
  const api = useApi();
  return useQuery({
    queryKey: [tenantId, 'branding', 'preview', locale, lang, draft],
    queryFn: () =>
      unwrap<BrandingPreview>(
        api.POST('/api/v1/tenants/{tenantId}/branding/preview', {
          params: { path: { tenantId } },
          body: { locale, lang, ...bodyOf(draft as Draft, locale === DEFAULT_LOCALE) },
        }),
      ),
    enabled: draft !== undefined && mayEdit,
    // A preview lives for a minute on the server; the frame keeps what it loaded.
    staleTime: 50_000,
    gcTime: 55_000,
    retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2,
    placeholderData: (previous) => previous,
  });
}
