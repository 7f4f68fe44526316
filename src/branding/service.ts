import { createHash } from 'node:crypto';
import { type Clock, randomToken } from '../platform/index.js';
import type { Db } from '../storage/index.js';
import { tenantIdSchema } from '../tenants/index.js';
import { findCssProblem, generateStylesheet } from './css.js';
import { declaredFormat, FORMAT_NAMES, inspectImage, looksLikeMarkup } from './images.js';
import {
  type Branding,
  type BrandingAsset,
  type BrandingImage,
  type BrandingLocalization,
  type BrandingPreviewInput,
  type BrandingProperties,
  brandingErrors,
  brandingPreviewSchema,
  DEFAULT_LAYOUT,
  DEFAULT_LOCALE,
  IMAGE_LIMITS,
  IMAGE_NAMES,
  type ImageName,
  type LayoutConfiguration,
  localeSchema,
  type MailBranding,
  type PageBranding,
  PROPERTY_NAMES,
  type PutLocalizationInput,
  putLocalizationSchema,
  type UpdateBrandingInput,
  type UpdateLocalizationInput,
  updateBrandingSchema,
  updateLocalizationSchema,
} from './model.js';
import { type BrandingRow, brandingStore, type ImageMeta } from './store.js';

export interface BrandingServiceDeps {
  db: Db;
  clock: Clock;
  /** The reference (English) hosted-page catalog: the keys and placeholders overrides may use. */
  referenceStrings: Record<string, string>;
  /** The tenant's display name, for alt texts and emails. */
  tenantName?: (tenantId: string) => Promise<string | null | undefined>;
  /** The public base URL, for the absolute logo URL of emails. */
  baseUrl?: string;
  /** How long a page's branding is kept in this process (other nodes see a change this late). */
  cacheMs?: number;
}

export type BrandingService = ReturnType<typeof createBrandingService>;

type Layout = Partial<LayoutConfiguration>;

/** A row decoded: its properties, layout override and string overrides. */
interface Decoded {
  properties: BrandingProperties;
  layout: Layout | null;
  strings: Record<string, string>;
}

const EMPTY_PROPERTIES: BrandingProperties = {
  backgroundColor: null,
  headerBackgroundColor: null,
  accentColor: null,
  signInPageText: null,
  usernameHintText: null,
  customPrivacyAndCookiesText: null,
  customPrivacyAndCookiesUrl: null,
  customTermsOfUseText: null,
  customTermsOfUseUrl: null,
  customCSS: null,
};

const TEXT_PROPERTIES = PROPERTY_NAMES.filter(
  (name): name is Exclude<keyof BrandingProperties, 'customCSS'> =>
    name !== 'customCSS' && name !== 'loginPageLayoutConfiguration',
);

function decode(row: BrandingRow | undefined): Decoded {
  if (!row) return { properties: { ...EMPTY_PROPERTIES }, layout: null, strings: {} };
  const settings = JSON.parse(row.settings) as Partial<BrandingProperties> & {
    loginPageLayoutConfiguration?: Layout | null;
  };
  const properties = { ...EMPTY_PROPERTIES };
  for (const name of TEXT_PROPERTIES) properties[name] = settings[name] ?? null;
  properties.customCSS = row.custom_css;
  return {
    properties,
    layout: settings.loginPageLayoutConfiguration ?? null,
    strings: JSON.parse(row.strings) as Record<string, string>,
  };
}

function encodeSettings(decoded: Decoded): string {
  const settings: Record<string, unknown> = {};
  for (const name of TEXT_PROPERTIES) settings[name] = decoded.properties[name];
  settings.loginPageLayoutConfiguration = decoded.layout;
  return JSON.stringify(settings);
}

/** `{name}` placeholders, as the hosted pages fill them. */
const placeholdersOf = (text: string): string[] =>
  [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string);

const LOCALE = /^[a-z]{2,3}(?:-[a-z]{4})?(?:-(?:[a-z]{2}|[0-9]{3}))?$/;

/**
 * The localizations a language may use, most specific first: `ar-eg` → [`ar-eg`, `ar`].
 * Anything that is not a language tag yields none (the default branding).
 */
export function localeChain(lang: string): string[] {
  const tag = lang.trim().toLowerCase().replace(/_/g, '-');
  if (tag.length > 35 || !/^[a-z]{2,3}(?:-[a-z0-9]{1,8})*$/.test(tag)) return [];
  const parts = tag.split('-').slice(0, 3);
  const chain: string[] = [];
  for (let n = parts.length; n >= 1; n--) {
    const candidate = parts.slice(0, n).join('-');
    if (LOCALE.test(candidate)) chain.push(candidate);
  }
  return chain;
}

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

/** The branding one locale key resolves to: the default merged with its localizations. */
interface Resolved {
  key: string;
  version: string;
  properties: BrandingProperties;
  layout: LayoutConfiguration;
  strings: Record<string, string>;
  images: Map<ImageName, ImageMeta>;
}

/**
 * Branding and localization of the hosted pages (Graph `organizationalBranding` and
 * `organizationalBrandingLocalization`): texts, colours, layout, custom CSS, images, and
 * overrides of hosted-page strings per language.
 */
export function createBrandingService(deps: BrandingServiceDeps) {
  const { db, clock, referenceStrings } = deps;
  const cacheMs = deps.cacheMs ?? 5000;
  const pageCache = new Map<
    string,
    { until: number; value: { page: PageBranding; accent: string | null } }
  >();

  function invalidate(tenantId: string): void {
    for (const key of pageCache.keys()) if (key.startsWith(`${tenantId}\n`)) pageCache.delete(key);
  }

  const now = () => clock.now().toISOString();

  function checkCss(css: string | null | undefined, tenantId: string): void {
    if (!css) return;
    const problem = findCssProblem(css, tenantId);
    if (problem) throw brandingErrors.invalidCss(problem);
  }

  function checkStrings(strings: Record<string, string | null> | undefined): void {
    for (const [key, value] of Object.entries(strings ?? {})) {
      if (!Object.hasOwn(referenceStrings, key)) throw brandingErrors.unknownMessageKey(key);
      if (value === null) continue;
      const allowed = placeholdersOf(referenceStrings[key] as string);
      for (const placeholder of placeholdersOf(value)) {
        if (!allowed.includes(placeholder))
          throw brandingErrors.invalidPlaceholder(key, placeholder, allowed);
      }
    }
  }

  /** Applies the given fields of a PATCH/PUT to a decoded row. */
  function apply(
    target: Decoded,
    input: Partial<BrandingProperties> & { loginPageLayoutConfiguration?: Layout | null },
    mergeLayout: boolean,
  ): void {
    for (const name of TEXT_PROPERTIES) {
      const value = input[name];
      if (value !== undefined) target.properties[name] = value;
    }
    if (input.customCSS !== undefined) target.properties.customCSS = input.customCSS || null;
    const layout = input.loginPageLayoutConfiguration;
    if (layout !== undefined) {
      target.layout = layout === null ? null : { ...(mergeLayout ? target.layout : {}), ...layout };
    }
  }

  function resolve(key: string, rows: BrandingRow[], images: ImageMeta[]): Resolved {
    const chain = key === DEFAULT_LOCALE ? [] : localeChain(key);
    // General to specific: the default, then `ar`, then `ar-eg`.
    const order = [DEFAULT_LOCALE, ...[...chain].reverse()];
    const byLocale = new Map(rows.map((row) => [row.locale, row]));
    const properties = { ...EMPTY_PROPERTIES };
    let layout: LayoutConfiguration = { ...DEFAULT_LAYOUT };
    let strings: Record<string, string> = {};
    const revisions: string[] = [];
    for (const locale of order) {
      const row = byLocale.get(locale);
      revisions.push(row?.revision ?? '-');
      if (!row) continue;
      const decoded = decode(row);
      for (const [name, value] of Object.entries(decoded.properties)) {
        if (value !== null) properties[name as keyof BrandingProperties] = value;
      }
      if (decoded.layout) layout = { ...layout, ...decoded.layout };
      strings = { ...strings, ...decoded.strings };
    }
    const imageMap = new Map<ImageName, ImageMeta>();
    for (const locale of order) {
      for (const image of images) {
        if (image.locale === locale) imageMap.set(image.name as ImageName, image);
      }
    }
    const version = `${key}.${sha256(`${key}\n${revisions.join('\n')}`).slice(0, 16)}`;
    return { key, version, properties, layout, strings, images: imageMap };
  }

  async function resolveKey(tenantId: string, key: string): Promise<Resolved> {
    const locales = [DEFAULT_LOCALE, ...(key === DEFAULT_LOCALE ? [] : localeChain(key))];
    const [rows, images] = await Promise.all([
      brandingStore.rows(db, tenantId, locales),
      brandingStore.imageMeta(db, tenantId, locales),
    ]);
    return resolve(key, rows, images);
  }

  function stylesheetOf(tenantId: string, resolved: Resolved): string {
    const { properties, layout, images } = resolved;
    return generateStylesheet(
      {
        accentColor: properties.accentColor,
        backgroundColor: properties.backgroundColor,
        headerBackgroundColor: properties.headerBackgroundColor,
        hasBackgroundImage: images.has('backgroundImage'),
        layout: layout.layoutTemplateType,
        header: layout.isHeaderShown || images.has('bannerLogo'),
        footer: layout.isFooterShown && hasFooterLinks(properties),
        customCss: properties.customCSS,
      },
      tenantId,
    );
  }

  const assetBase = (tenantId: string, version: string) => `/t/${tenantId}/u/assets/branding/${version}`;

  function relativeUrls(tenantId: string, resolved: Resolved) {
    const url = (name: ImageName) =>
      resolved.images.has(name) ? `${assetBase(tenantId, resolved.version)}/${name}` : null;
    return {
      bannerLogoRelativeUrl: url('bannerLogo'),
      squareLogoRelativeUrl: url('squareLogo'),
      faviconRelativeUrl: url('favicon'),
      backgroundImageRelativeUrl: url('backgroundImage'),
    };
  }

  /** What the hosted pages draw for a resolved branding (`css`: its stylesheet, if any). */
  function pageFrom(
    tenantId: string,
    resolved: Resolved,
    companyName: string | null,
    css: string | null,
  ): PageBranding {
    const { properties: p, layout } = resolved;
    const urls = relativeUrls(tenantId, resolved);
    return {
      version: resolved.version,
      companyName,
      bannerLogoUrl: urls.bannerLogoRelativeUrl,
      squareLogoUrl: urls.squareLogoRelativeUrl,
      faviconUrl: urls.faviconRelativeUrl,
      backgroundImageUrl: urls.backgroundImageRelativeUrl,
      stylesheetUrl: css ? `${assetBase(tenantId, resolved.version)}/brand.css` : null,
      layout: layout.layoutTemplateType,
      isHeaderShown: layout.isHeaderShown,
      isFooterShown: layout.isFooterShown,
      signInPageText: p.signInPageText,
      usernameHintText: p.usernameHintText,
      privacy: p.customPrivacyAndCookiesUrl
        ? { text: p.customPrivacyAndCookiesText, url: p.customPrivacyAndCookiesUrl }
        : null,
      terms: p.customTermsOfUseUrl ? { text: p.customTermsOfUseText, url: p.customTermsOfUseUrl } : null,
      strings: resolved.strings,
    };
  }

  /** The stored branding rows and image metadata of these locales, and the tenant's name. */
  async function loadFor(tenantId: string, locales: string[]) {
    const [rows, images, companyName] = await Promise.all([
      brandingStore.rows(db, tenantId, locales),
      brandingStore.imageMeta(db, tenantId, locales),
      deps.tenantName ? deps.tenantName(tenantId) : undefined,
    ]);
    return { rows, images, companyName: companyName ?? null };
  }

  /** The first locale of the chain that has branding of its own, else the default. */
  const firstStored = (chain: string[], rows: BrandingRow[]): string =>
    chain.find((locale) => rows.some((row) => row.locale === locale)) ?? DEFAULT_LOCALE;

  async function pageOf(
    tenantId: string,
    lang: string,
  ): Promise<{ page: PageBranding; accent: string | null }> {
    const cacheKey = `${tenantId}\n${lang}`;
    const cached = pageCache.get(cacheKey);
    const at = clock.now().getTime();
    if (cached && cached.until > at) return cached.value;

    const chain = localeChain(lang);
    const { rows, images, companyName } = await loadFor(tenantId, [DEFAULT_LOCALE, ...chain]);
    const resolved = resolve(firstStored(chain, rows), rows, images);
    const page = pageFrom(tenantId, resolved, companyName, stylesheetOf(tenantId, resolved));
    const p = resolved.properties;
    const value = { page, accent: p.accentColor };
    if (cacheMs > 0) {
      if (pageCache.size >= 1000) pageCache.delete(pageCache.keys().next().value as string);
      pageCache.set(cacheKey, { until: at + cacheMs, value });
    }
    return value;
  }

  function defaultView(tenantId: string, row: BrandingRow | undefined, resolved: Resolved): Branding {
    const decoded = decode(row);
    return {
      id: DEFAULT_LOCALE,
      ...decoded.properties,
      loginPageLayoutConfiguration: { ...DEFAULT_LAYOUT, ...decoded.layout },
      ...relativeUrls(tenantId, resolved),
    };
  }

  async function localizationView(tenantId: string, row: BrandingRow): Promise<BrandingLocalization> {
    const decoded = decode(row);
    // Only the localization's own images: an inherited one shows on the default branding.
    const images = await brandingStore.imageMeta(db, tenantId, [row.locale]);
    const resolved = await resolveKey(tenantId, row.locale);
    const own = { ...resolved, images: new Map(images.map((i) => [i.name as ImageName, i])) };
    return {
      id: row.locale,
      ...decoded.properties,
      loginPageLayoutConfiguration: decoded.layout,
      hostedPageStrings: decoded.strings,
      ...relativeUrls(tenantId, own),
    };
  }

  async function existingLocalization(tenantId: string, lang: string): Promise<BrandingRow> {
    const row = await brandingStore.row(db, tenantId, lang);
    if (!row) throw brandingErrors.localizationNotFound(lang);
    return row;
  }

  function newRow(tenantId: string, locale: string, decoded: Decoded): BrandingRow {
    return {
      tenant_id: tenantId,
      locale,
      settings: encodeSettings(decoded),
      custom_css: decoded.properties.customCSS,
      strings: JSON.stringify(decoded.strings),
      revision: randomToken(12),
      updated_at: now(),
    };
  }

  function imageLocale(lang: string | undefined): string {
    return lang === undefined ? DEFAULT_LOCALE : localeSchema.parse(lang);
  }

  /** Checks an upload by its bytes; the declared type must name the format the bytes are. */
  function checkImage(name: ImageName, contentType: string | undefined, body: Buffer) {
    const accepted = `image/png, image/jpeg, image/gif or image/webp${name === 'favicon' ? ' (or image/x-icon)' : ''}`;
    const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase();
    if (type === 'image/svg+xml') {
      throw brandingErrors.invalidImage(`SVG is not accepted (it can carry script): send ${accepted}.`, name);
    }
    const declared = declaredFormat(contentType);
    if (!declared || (declared === 'ico' && name !== 'favicon')) {
      throw brandingErrors.invalidImage(`Send the ${name} as ${accepted}.`, name);
    }
    const limit = IMAGE_LIMITS[name];
    if (body.length > limit.bytes) {
      throw brandingErrors.imageTooLarge(
        `The ${name} is ${body.length} bytes; it may be at most ${limit.bytes / 1024} KiB.`,
        name,
      );
    }
    const info = inspectImage(body);
    if (!info) {
      throw brandingErrors.invalidImage(
        looksLikeMarkup(body)
          ? `The body is markup (such as SVG), not an image: send ${accepted}.`
          : `The body is not a PNG, JPEG, GIF${name === 'favicon' ? ', ICO' : ''} or WebP image.`,
        name,
      );
    }
    if (info.format !== declared) {
      throw brandingErrors.invalidImage(
        `The body is a ${FORMAT_NAMES[info.format]} image but the Content-Type says ${type}.`,
        name,
      );
    }
    if (info.width > limit.width || info.height > limit.height) {
      throw brandingErrors.imageTooLarge(
        `The ${name} is ${info.width}×${info.height} pixels; it may be at most ${limit.width}×${limit.height}.`,
        name,
      );
    }
    return info;
  }

  return {
    /** The default branding (Graph `organizationalBranding`, id `0`). */
    async get(tenantId: string): Promise<Branding> {
      const [row, resolved] = await Promise.all([
        brandingStore.row(db, tenantId, DEFAULT_LOCALE),
        resolveKey(tenantId, DEFAULT_LOCALE),
      ]);
      return defaultView(tenantId, row, resolved);
    },

    async update(tenantId: string, input: UpdateBrandingInput): Promise<Branding> {
      const patch = updateBrandingSchema.parse(input);
      checkCss(patch.customCSS, tenantId);
      await db.transaction().execute(async (trx) => {
        const decoded = decode(await brandingStore.row(trx, tenantId, DEFAULT_LOCALE));
        apply(decoded, patch, true);
        await brandingStore.upsert(trx, newRow(tenantId, DEFAULT_LOCALE, decoded));
      });
      invalidate(tenantId);
      return this.get(tenantId);
    },

    async listLocalizations(tenantId: string): Promise<BrandingLocalization[]> {
      const rows = await brandingStore.localizations(db, tenantId);
      return Promise.all(rows.map((row) => localizationView(tenantId, row)));
    },

    async getLocalization(tenantId: string, lang: string): Promise<BrandingLocalization> {
      return localizationView(tenantId, await existingLocalization(tenantId, localeSchema.parse(lang)));
    },

    /** Creates or replaces a localization (its images stay). */
    async putLocalization(
      tenantId: string,
      lang: string,
      input: PutLocalizationInput,
    ): Promise<BrandingLocalization> {
      const locale = localeSchema.parse(lang);
      const fields = putLocalizationSchema.parse(input);
      checkCss(fields.customCSS, tenantId);
      checkStrings(fields.hostedPageStrings);
      const decoded = decode(undefined);
      apply(decoded, fields, false);
      decoded.strings = { ...fields.hostedPageStrings };
      await db.transaction().execute((trx) => brandingStore.upsert(trx, newRow(tenantId, locale, decoded)));
      invalidate(tenantId);
      return this.getLocalization(tenantId, locale);
    },

    async updateLocalization(
      tenantId: string,
      lang: string,
      input: UpdateLocalizationInput,
    ): Promise<BrandingLocalization> {
      const locale = localeSchema.parse(lang);
      const patch = updateLocalizationSchema.parse(input);
      checkCss(patch.customCSS, tenantId);
      checkStrings(patch.hostedPageStrings);
      await db.transaction().execute(async (trx) => {
        const row = await brandingStore.row(trx, tenantId, locale);
        if (!row) throw brandingErrors.localizationNotFound(locale);
        const decoded = decode(row);
        apply(decoded, patch, true);
        const strings = { ...decoded.strings };
        for (const [key, value] of Object.entries(patch.hostedPageStrings ?? {})) {
          if (value === null) delete strings[key];
          else strings[key] = value;
        }
        decoded.strings = strings;
        await brandingStore.upsert(trx, newRow(tenantId, locale, decoded));
      });
      invalidate(tenantId);
      return this.getLocalization(tenantId, locale);
    },

    /** Deletes a localization and its images. */
    async deleteLocalization(tenantId: string, lang: string): Promise<void> {
      const locale = localeSchema.parse(lang);
      const deleted = await db.transaction().execute((trx) => brandingStore.delete(trx, tenantId, locale));
      if (!deleted) throw brandingErrors.localizationNotFound(locale);
      invalidate(tenantId);
    },

    /** An uploaded image of the default branding (`lang` undefined) or of a localization. */
    async getImage(tenantId: string, name: ImageName, lang?: string): Promise<BrandingAsset> {
      const locale = imageLocale(lang);
      if (locale !== DEFAULT_LOCALE) await existingLocalization(tenantId, locale);
      const row = await brandingStore.image(db, tenantId, [locale], name);
      if (!row) throw brandingErrors.imageNotFound(name);
      return { body: row.data, contentType: row.content_type, etag: `"${row.sha256}"` };
    },

    /** Stores an image after checking its bytes (format, size, dimensions); a bad one changes nothing. */
    async putImage(
      tenantId: string,
      name: ImageName,
      contentType: string | undefined,
      body: Buffer,
      lang?: string,
    ): Promise<BrandingImage> {
      const locale = imageLocale(lang);
      const info = checkImage(name, contentType, body);
      const image: BrandingImage = {
        name,
        contentType: info.contentType,
        size: body.length,
        width: info.width,
        height: info.height,
        sha256: sha256(body),
        updatedDateTime: now(),
      };
      await db.transaction().execute(async (trx) => {
        const row = await brandingStore.row(trx, tenantId, locale);
        if (!row && locale !== DEFAULT_LOCALE) throw brandingErrors.localizationNotFound(locale);
        // The image belongs to a row; the row's new revision changes the asset URLs.
        await brandingStore.upsert(trx, {
          ...(row ?? newRow(tenantId, locale, decode(undefined))),
          revision: randomToken(12),
          updated_at: image.updatedDateTime,
        });
        await brandingStore.putImage(trx, {
          tenant_id: tenantId,
          locale,
          name,
          content_type: image.contentType,
          data: body,
          sha256: image.sha256,
          size: image.size,
          width: image.width,
          height: image.height,
          updated_at: image.updatedDateTime,
        });
      });
      invalidate(tenantId);
      return image;
    },

    /** Removes an image; removing one that is not there is not an error. */
    async deleteImage(tenantId: string, name: ImageName, lang?: string): Promise<void> {
      const locale = imageLocale(lang);
      await db.transaction().execute(async (trx) => {
        if (locale !== DEFAULT_LOCALE && !(await brandingStore.row(trx, tenantId, locale))) {
          throw brandingErrors.localizationNotFound(locale);
        }
        if (await brandingStore.deleteImage(trx, tenantId, locale, name)) {
          await brandingStore.touch(trx, tenantId, locale, randomToken(12), now());
        }
      });
      invalidate(tenantId);
    },

    /** What the hosted pages draw for a tenant in a language (`ar-EG` falls back to `ar`, then the default). */
    async forPage(tenantId: string, lang: string): Promise<PageBranding> {
      return (await pageOf(tenantId, lang)).page;
    },

    /**
     * An asset of the hosted pages: an image or brand.css. The version names the localization
     * (`fr.…`); the content is the current one, so an old URL (in an email) still shows a logo.
     */
    async asset(tenantId: string, version: string, name: string): Promise<BrandingAsset | undefined> {
      const match = /^(0|[a-z]{2,3}(?:-[a-z0-9]{2,8}){0,2})\.[0-9a-f]{16}$/.exec(version);
      if (!match || !tenantIdSchema.safeParse(tenantId).success) return undefined;
      const key = match[1] as string;
      if (key !== DEFAULT_LOCALE && !LOCALE.test(key)) return undefined;
      if (name === 'brand.css') {
        const css = stylesheetOf(tenantId, await resolveKey(tenantId, key));
        if (!css) return undefined;
        return { body: Buffer.from(css), contentType: 'text/css; charset=utf-8', etag: `"${sha256(css)}"` };
      }
      if (!(IMAGE_NAMES as readonly string[]).includes(name)) return undefined;
      const locales = [...(key === DEFAULT_LOCALE ? [] : localeChain(key)), DEFAULT_LOCALE];
      const row = await brandingStore.image(db, tenantId, locales, name);
      return row && { body: row.data, contentType: row.content_type, etag: `"${row.sha256}"` };
    },

    /**
     * What the hosted pages would draw with unsaved branding (an admin's preview): the draft is
     * checked as a save would check it and applied over the stored branding, and nothing is
     * stored. `css` is the stylesheet the page would link; `stylesheetUrl` is the caller's to set.
     */
    async draftPage(
      tenantId: string,
      input: BrandingPreviewInput,
    ): Promise<{ page: PageBranding; css: string | null; lang: string }> {
      const { locale, lang: wanted, ...fields } = brandingPreviewSchema.parse(input);
      if (locale === DEFAULT_LOCALE && fields.hostedPageStrings !== undefined) {
        throw brandingErrors.stringsOnDefault();
      }
      checkCss(fields.customCSS, tenantId);
      checkStrings(fields.hostedPageStrings);
      const lang = wanted ?? (locale === DEFAULT_LOCALE ? 'en' : locale);
      const chain = localeChain(lang);
      const { rows, images, companyName } = await loadFor(tenantId, [
        ...new Set([DEFAULT_LOCALE, ...chain, locale]),
      ]);
      const draft = decode(rows.find((row) => row.locale === locale));
      apply(draft, fields, true);
      const strings = { ...draft.strings };
      for (const [key, value] of Object.entries(fields.hostedPageStrings ?? {})) {
        if (value === null) delete strings[key];
        else strings[key] = value;
      }
      draft.strings = strings;
      const all = [...rows.filter((row) => row.locale !== locale), newRow(tenantId, locale, draft)];
      const resolved = resolve(firstStored(chain, all), all, images);
      const css = stylesheetOf(tenantId, resolved);
      return { page: pageFrom(tenantId, resolved, companyName, css), css, lang };
    },

    /** The brand of the emails a tenant sends. */
    async mailBranding(tenantId: string, lang: string): Promise<MailBranding> {
      const { page, accent } = await pageOf(tenantId, lang);
      const logo = page.bannerLogoUrl ?? page.squareLogoUrl;
      return {
        companyName: page.companyName,
        logoUrl: logo && deps.baseUrl ? `${deps.baseUrl}${logo}` : null,
        accentColor: accent,
      };
    },
  };
}

function hasFooterLinks(p: BrandingProperties): boolean {
  return Boolean(p.customPrivacyAndCookiesUrl || p.customTermsOfUseUrl);
}
