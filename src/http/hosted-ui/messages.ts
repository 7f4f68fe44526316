import { en, type MessageKey } from './locales/en.js';

export type { MessageKey };

type Catalog = Record<MessageKey, string>;

const CATALOGS: Record<string, Catalog> = { en };

export type Translate = (key: MessageKey, params?: Record<string, string>) => string;

/**
 * Picks the best catalog for an Accept-Language header (then the tenant's default, then
 * English) and returns its translator.
 */
export function translatorFor(
  acceptLanguage: string | undefined,
  tenantDefault: string,
): { lang: string; t: Translate } {
  const wanted = [...parseAcceptLanguage(acceptLanguage), tenantDefault, 'en'];
  const lang =
    wanted.map((tag) => tag.toLowerCase().split('-')[0] as string).find((tag) => tag in CATALOGS) ?? 'en';
  const catalog = CATALOGS[lang] as Catalog;
  return {
    lang,
    t: (key, params) => catalog[key].replace(/\{(\w+)\}/g, (_, name: string) => params?.[name] ?? ''),
  };
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
    .filter((x) => /^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$/.test(x.tag) && x.q > 0)
    .sort((a, b) => b.q - a.q)
    .map((x) => x.tag);
}
