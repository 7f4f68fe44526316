/** Graph `loginPageLayoutConfiguration` (src/branding/model.ts). */
export interface LayoutConfiguration {
  layoutTemplateType: 'default' | 'verticalSplit';
  isHeaderShown: boolean;
  isFooterShown: boolean;
}

/** The text and colour properties shared by the default branding and its localizations (null: not set / inherited). */
export interface BrandingProperties {
  backgroundColor: string | null;
  headerBackgroundColor: string | null;
  accentColor: string | null;
  signInPageText: string | null;
  usernameHintText: string | null;
  customPrivacyAndCookiesText: string | null;
  customPrivacyAndCookiesUrl: string | null;
  customTermsOfUseText: string | null;
  customTermsOfUseUrl: string | null;
  customCSS: string | null;
}

/** Graph `organizationalBranding` (GET /tenants/{tenantId}/branding). */
export interface Branding extends BrandingProperties {
  id: '0';
  loginPageLayoutConfiguration: LayoutConfiguration;
  bannerLogoRelativeUrl: string | null;
  squareLogoRelativeUrl: string | null;
  faviconRelativeUrl: string | null;
  backgroundImageRelativeUrl: string | null;
}

/** Graph `organizationalBrandingLocalization`, with Gatehouse's hosted-page string overrides. */
export interface BrandingLocalization extends BrandingProperties {
  id: string;
  loginPageLayoutConfiguration: Partial<LayoutConfiguration> | null;
  hostedPageStrings: Record<string, string>;
  bannerLogoRelativeUrl: string | null;
  squareLogoRelativeUrl: string | null;
  faviconRelativeUrl: string | null;
  backgroundImageRelativeUrl: string | null;
}

/** POST /tenants/{tenantId}/branding/preview. */
export interface BrandingPreview {
  id: string;
  url: string;
  expiresDateTime: string;
}

/** `0` is Graph's id of the default branding; the others are the hosted pages' languages. */
export const DEFAULT_LOCALE = '0';
export const LANGUAGES = ['en', 'de', 'es', 'fr', 'ar', 'ja'] as const;

export const TEXT_FIELDS = [
  'backgroundColor',
  'headerBackgroundColor',
  'accentColor',
  'signInPageText',
  'usernameHintText',
  'customPrivacyAndCookiesText',
  'customPrivacyAndCookiesUrl',
  'customTermsOfUseText',
  'customTermsOfUseUrl',
  'customCSS',
] as const satisfies readonly (keyof BrandingProperties)[];
export type TextField = (typeof TEXT_FIELDS)[number];

/** The editor's values: every text as typed ('' = not set), the layout (default branding only). */
export type Draft = Record<TextField, string> & { layout: LayoutConfiguration };

export const DEFAULT_LAYOUT: LayoutConfiguration = {
  layoutTemplateType: 'default',
  isHeaderShown: false,
  isFooterShown: true,
};

export function draftOf(stored: Branding | BrandingLocalization | undefined): Draft {
  const draft = { layout: { ...DEFAULT_LAYOUT, ...stored?.loginPageLayoutConfiguration } } as Draft;
  for (const field of TEXT_FIELDS) draft[field] = stored?.[field] ?? '';
  return draft;
}

/** The PATCH body of a draft: empty texts are null (cleared, or inherited by a localization). */
export function bodyOf(draft: Draft, isDefault: boolean) {
  const body: Partial<Record<TextField, string | null>> & {
    loginPageLayoutConfiguration?: LayoutConfiguration;
  } = {};
  for (const field of TEXT_FIELDS) {
    const value = field === 'customCSS' ? draft[field] : draft[field].trim();
    body[field] = value === '' ? null : value;
  }
  if (isDefault) body.loginPageLayoutConfiguration = draft.layout;
  return body;
}

export const sameDraft = (a: Draft, b: Draft) => JSON.stringify(a) === JSON.stringify(b);

export const ACTIONS = {
  read: 'microsoft.directory/organization/branding/allProperties/read',
  write: 'microsoft.directory/organization/branding/allProperties/allTasks',
} as const;
