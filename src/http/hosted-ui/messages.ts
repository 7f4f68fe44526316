import { ar } from './locales/ar.js';
import { de } from './locales/de.js';
import { en, type MessageKey } from './locales/en.js';
import { es } from './locales/es.js';
import { fr } from './locales/fr.js';
import { ja } from './locales/ja.js';

export type { MessageKey };

type Catalog = Record<MessageKey, string>;

const CATALOGS: Record<string, Catalog> = { en, es, fr, de, ja, ar };

/** Languages written right to left, among those we ship. */
const RIGHT_TO_LEFT = new Set(['ar', 'he', 'fa', 'ur']);

export type Translate = (key: MessageKey, params?: Record<string, string>) => string;

export interface LanguageChoice {
  /** The OIDC `ui_locales` request parameter: space-separated tags, most wanted first. */
  uiLocales?: string;
  acceptLanguage?: string;
  tenantDefault?: string;
  /** The tenant's overrides of hosted-page strings in the chosen language (branding). */
  overrides?: (lang: string) => Partial<Record<string, string>>;
}

export interface Translator {
  lang: string;
  dir: 'ltr' | 'rtl';
  t: Translate;
}

/** The languages with a complete catalog. */
export const SUPPORTED_LANGUAGES = (): string[] => Object.keys(CATALOGS);

/**
 * The page language: the first of `ui_locales`, then Accept-Language, then the tenant's
 * default, that we have a catalog for; English otherwise.
 */
export function chooseLanguage(choice: Omit<LanguageChoice, 'overrides'>): string {
  const uiLocales = (choice.uiLocales ?? '').slice(0, 256).split(/\s+/).filter(isLanguageTag);
  const wanted = [
    ...uiLocales,
    ...parseAcceptLanguage(choice.acceptLanguage),
    choice.tenantDefault ?? 'en',
    'en',
  ];
  return (
    wanted.map((tag) => tag.toLowerCase().split('-')[0] as string).find((tag) => tag in CATALOGS) ?? 'en'
  );
}

/** The translator of the chosen language; a tenant's own wording of a string wins over ours. */
export function translatorFor(choice: LanguageChoice): Translator {
  const lang = chooseLanguage(choice);
  const catalog = CATALOGS[lang] as Catalog;
  const overrides = choice.overrides?.(lang) ?? {};
  return {
    lang,
    dir: RIGHT_TO_LEFT.has(lang) ? 'rtl' : 'ltr',
    t: (key, params) =>
      (overrides[key] ?? catalog[key]).replace(/\{(\w+)\}/g, (_, name: string) => params?.[name] ?? ''),
  };
}

function isLanguageTag(tag: string): boolean {
  return /^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$/.test(tag);
}

function parseAcceptLanguage(header: string | undefined): string[] {
  if (!header) return [];
  return header
    .slice(0, 256)
    .split(',')
    .map((part) => {
      const [tag = '', q] = part.trim().split(';q=');
      return { tag: tag.trim(), q: q === undefined ? 1 : Number(q) || 0 };
    })
    .filter((x) => isLanguageTag(x.tag) && x.q > 0)
    .sort((a, b) => b.q - a.q)
    .map((x) => x.tag);
}
