import { z } from 'zod';
import { AppError } from '../platform/index.js';
import { IMAGE_NAMES, type ImageName, MAX_CUSTOM_CSS_BYTES } from './css.js';

export { IMAGE_NAMES, type ImageName };

/** Graph's id of the default branding; localizations are keyed by their language tag. */
export const DEFAULT_LOCALE = '0';

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it refuses
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** Text shown on a page: no control characters (the page escapes the rest). */
const safeText = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine((value) => !CONTROL.test(value), { message: 'must not contain control characters' });

export const colorSchema = z
  .string()
  .regex(/^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/, 'must be a colour such as #2f5bea or #25e')
  .transform((value) => value.toLowerCase());

/** A link the footer shows: https, or http to this machine during development. */
export function isSafeLinkUrl(value: string): boolean {
  if (CONTROL.test(value) || /\s/.test(value)) return false;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (url.username || url.password) return false;
  if (url.protocol === 'https:') return true;
  return url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
}

export const linkUrlSchema = z
  .string()
  .trim()
  .max(2048)
  .refine(isSafeLinkUrl, { message: 'must be an https URL (or http://localhost)' });

export const layoutTemplateTypeSchema = z.enum(['default', 'verticalSplit']);
export type LayoutTemplateType = z.infer<typeof layoutTemplateTypeSchema>;

/** Graph `loginPageLayoutConfiguration`; a PATCH may give some of its fields. */
export const layoutConfigurationSchema = z.strictObject({
  layoutTemplateType: layoutTemplateTypeSchema.optional(),
  isHeaderShown: z.boolean().optional(),
  isFooterShown: z.boolean().optional(),
});
export type LayoutConfiguration = Required<z.infer<typeof layoutConfigurationSchema>>;

export const DEFAULT_LAYOUT: LayoutConfiguration = {
  layoutTemplateType: 'default',
  isHeaderShown: false,
  isFooterShown: true,
};

/** The text, colour and layout properties shared by the default branding and its localizations. */
const propertyShape = {
  backgroundColor: colorSchema.nullable(),
  headerBackgroundColor: colorSchema.nullable(),
  /** Not in Graph: the colour of buttons and links (the `--brand` CSS variable). */
  accentColor: colorSchema.nullable(),
  signInPageText: safeText(1024).nullable(),
  usernameHintText: safeText(64).nullable(),
  customPrivacyAndCookiesText: safeText(256).nullable(),
  customPrivacyAndCookiesUrl: linkUrlSchema.nullable(),
  customTermsOfUseText: safeText(256).nullable(),
  customTermsOfUseUrl: linkUrlSchema.nullable(),
  /** Checked further by the service (see css.ts). */
  customCSS: z.string().max(MAX_CUSTOM_CSS_BYTES).nullable(),
  loginPageLayoutConfiguration: layoutConfigurationSchema.nullable(),
};

export const PROPERTY_NAMES = Object.keys(propertyShape) as (keyof typeof propertyShape)[];

/** PATCH of the default branding: the given fields change; null clears one. */
export const updateBrandingSchema = z.strictObject(propertyShape).partial();
export type UpdateBrandingInput = z.input<typeof updateBrandingSchema>;

const messageKey = z.string().min(1).max(128);
const hostedPageString = z
  .string()
  .min(1)
  .max(1024)
  .refine((value) => !CONTROL.test(value), { message: 'must not contain control characters' });

/** PUT of a localization: the whole of it; missing or null properties inherit the default. */
export const putLocalizationSchema = z
  .strictObject({ ...propertyShape, hostedPageStrings: z.record(messageKey, hostedPageString) })
  .partial();
export type PutLocalizationInput = z.input<typeof putLocalizationSchema>;

/** PATCH of a localization: the given fields change; a null string override is removed. */
export const updateLocalizationSchema = z
  .strictObject({ ...propertyShape, hostedPageStrings: z.record(messageKey, hostedPageString.nullable()) })
  .partial();
export type UpdateLocalizationInput = z.input<typeof updateLocalizationSchema>;

/**
 * A language tag as Gatehouse keys localizations: lower-case language, optional script and
 * region (`fr`, `pt-br`, `zh-hant-tw`).
 */
export const localeSchema = z
  .string()
  .max(20)
  .regex(
    /^[A-Za-z]{2,3}(?:-[A-Za-z]{4})?(?:-(?:[A-Za-z]{2}|[0-9]{3}))?$/,
    'must be a BCP 47 language tag such as fr, es or pt-BR',
  )
  .transform((value) => value.toLowerCase());

/**
 * A preview of unsaved branding: `locale` names what the draft edits (`0` the default branding,
 * else a localization), `lang` the language the page is shown in (default: `locale`, or `en`).
 * The other fields are a PATCH of that branding (the same schema as the branding API's), applied
 * over what is stored, for the preview only.
 */
export const brandingPreviewSchema = updateLocalizationSchema.extend({
  locale: z.union([z.literal(DEFAULT_LOCALE), localeSchema]),
  lang: localeSchema.optional(),
});
export type BrandingPreviewInput = z.input<typeof brandingPreviewSchema>;

/** The stored properties (null: not set, or for a localization, inherited). */
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

/** Graph `organizationalBranding` as the admin API shows it. */
export interface Branding extends BrandingProperties {
  id: '0';
  loginPageLayoutConfiguration: LayoutConfiguration;
  bannerLogoRelativeUrl: string | null;
  squareLogoRelativeUrl: string | null;
  faviconRelativeUrl: string | null;
  backgroundImageRelativeUrl: string | null;
}

/** Graph `organizationalBrandingLocalization`, with the hosted-page string overrides. */
export interface BrandingLocalization extends BrandingProperties {
  /** The language tag, lower case. */
  id: string;
  loginPageLayoutConfiguration: Partial<LayoutConfiguration> | null;
  hostedPageStrings: Record<string, string>;
  bannerLogoRelativeUrl: string | null;
  squareLogoRelativeUrl: string | null;
  faviconRelativeUrl: string | null;
  backgroundImageRelativeUrl: string | null;
}

/** One stored image, as the admin API reports it after an upload. */
export interface BrandingImage {
  name: ImageName;
  contentType: string;
  size: number;
  width: number;
  height: number;
  sha256: string;
  updatedDateTime: string;
}

/** What the hosted pages need to draw a tenant's brand for one language. */
export interface PageBranding {
  /** Changes whenever the branding or the language's localization changes. */
  version: string;
  companyName: string | null;
  bannerLogoUrl: string | null;
  squareLogoUrl: string | null;
  faviconUrl: string | null;
  backgroundImageUrl: string | null;
  stylesheetUrl: string | null;
  layout: LayoutTemplateType;
  isHeaderShown: boolean;
  isFooterShown: boolean;
  signInPageText: string | null;
  usernameHintText: string | null;
  privacy: { text: string | null; url: string } | null;
  terms: { text: string | null; url: string } | null;
  strings: Record<string, string>;
}

export interface BrandingAsset {
  body: Buffer;
  contentType: string;
  /** A strong ETag, quoted, ready for the header. */
  etag: string;
}

export interface MailBranding {
  companyName: string | null;
  /** Absolute URL of the banner logo (else the square logo). */
  logoUrl: string | null;
  accentColor: string | null;
}

/** Byte and pixel limits per image. */
export const IMAGE_LIMITS: Record<ImageName, { bytes: number; width: number; height: number }> = {
  bannerLogo: { bytes: 100 * 1024, width: 1200, height: 360 },
  squareLogo: { bytes: 100 * 1024, width: 512, height: 512 },
  favicon: { bytes: 100 * 1024, width: 256, height: 256 },
  backgroundImage: { bytes: 1024 * 1024, width: 3840, height: 2160 },
};

export const brandingErrors = {
  invalidImage: (message: string, target: string) =>
    new AppError('invalid_image', 'invalid', message, target),
  imageTooLarge: (message: string, target: string) =>
    new AppError('image_too_large', 'invalid', message, target),
  invalidCss: (message: string) => new AppError('invalid_css', 'invalid', message, 'customCSS'),
  unknownMessageKey: (key: string) =>
    new AppError(
      'unknown_message_key',
      'invalid',
      `hostedPageStrings: '${key}' is not a hosted-page message key.`,
      `hostedPageStrings.${key}`,
    ),
  invalidPlaceholder: (key: string, placeholder: string, allowed: string[]) =>
    new AppError(
      'invalid_placeholder',
      'invalid',
      `hostedPageStrings.${key}: {${placeholder}} is not a placeholder of this message; ${
        allowed.length ? `it may use ${allowed.map((p) => `{${p}}`).join(', ')}` : 'it has none'
      }.`,
      `hostedPageStrings.${key}`,
    ),
  stringsOnDefault: () =>
    new AppError(
      'invalid_request',
      'invalid',
      'hostedPageStrings: only a localization overrides hosted-page strings.',
      'hostedPageStrings',
    ),
  localizationNotFound: (locale: string) =>
    new AppError(
      'branding_localization_not_found',
      'notFound',
      `There is no branding localization for '${locale}'.`,
      'lang',
    ),
  imageNotFound: (name: string) =>
    new AppError('branding_image_not_found', 'notFound', `No ${name} has been uploaded.`, name),
};
