import {
  CODE_TEMPLATES,
  MAIL_LANGUAGES,
  type MailBranding,
  type MailData,
  type MailLanguage,
  type MailTemplate,
} from '../model.js';
import type { Catalog, Vars } from './catalog.js';
import { escapeHtml, layout } from './html.js';
import { ar } from './locales/ar.js';
import { de } from './locales/de.js';
import { en } from './locales/en.js';
import { es } from './locales/es.js';
import { fr } from './locales/fr.js';
import { ja } from './locales/ja.js';

const CATALOGS: Record<MailLanguage, Catalog> = { en, es, fr, de, ja, ar };

/** The accent of tenants without one: a quiet blue that reads as no one's brand. */
export const DEFAULT_ACCENT = '#2563eb';

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
  /** The language rendered, after fallback. */
  lang: MailLanguage;
}

/** `ar-EG` → `ar`; any language without a catalog → `en`. */
export function resolveMailLanguage(tag: string): MailLanguage {
  const primary = tag.trim().toLowerCase().split(/[-_]/)[0] ?? '';
  return (MAIL_LANGUAGES as readonly string[]).includes(primary) ? (primary as MailLanguage) : 'en';
}

/**
 * A value from outside (a user's name, an app or company name) made fit to quote: no
 * control characters or line breaks (the subject is a header), no bidi overrides (which
 * could make a name display as something else), whitespace collapsed, length capped.
 */
function clean(value: string | null | undefined, max: number): string | undefined {
  if (!value) return undefined;
  const text = value
    .replace(/[\p{Cc}\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, max)
    .trim();
  return text || undefined;
}

const ACCENT = /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i;

/** Only an absolute http(s) URL can be a logo; anything else (javascript:, data:, relative) is dropped. */
function logoUrlOf(value: string | null | undefined): string | undefined {
  if (!value || value.length > 2048) return undefined;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.toString() : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Renders one message in the language asked (or its fallback), with the tenant's brand.
 * The code appears in the body only: never in the subject or the inbox preview.
 */
export function renderMail(
  template: MailTemplate,
  lang: string,
  data: MailData,
  branding?: Partial<MailBranding> | null,
): RenderedMail {
  const catalog = CATALOGS[resolveMailLanguage(lang)];
  const copy = catalog.templates[template];
  const company = clean(branding?.companyName, 128);
  const app = clean(data.appName, 128) ?? company;
  const name = clean(data.displayName, 256);
  const code = CODE_TEMPLATES.includes(template) ? data.code : undefined;
  const expires = code && data.minutes ? catalog.expires(data.minutes) : undefined;
  const accent =
    branding?.accentColor && ACCENT.test(branding.accentColor) ? branding.accentColor : DEFAULT_ACCENT;
  const logoUrl = logoUrlOf(branding?.logoUrl);

  const plain: Vars = { app };
  const subject = copy.subject(plain);
  const greeting = catalog.greeting(name);
  const text = [
    company,
    copy.heading,
    greeting,
    copy.intro(plain),
    code && `    ${code}`,
    expires,
    ...copy.outro,
    `---\n${catalog.footer(company)}`,
  ]
    .filter((part): part is string => Boolean(part))
    .join('\n\n');

  // In HTML every outside value is escaped, and isolated so a right-to-left name cannot
  // reorder the sentence around it.
  const inline = (value: string | undefined) => value && `<bdi>${escapeHtml(value)}</bdi>`;
  const html = layout({
    lang: catalog.lang,
    dir: catalog.dir,
    title: escapeHtml(subject),
    preheader: escapeHtml(copy.preheader(plain)),
    accent,
    logoUrl: logoUrl && escapeHtml(logoUrl),
    company: company && escapeHtml(company),
    heading: escapeHtml(copy.heading),
    greeting: name ? catalog.greeting(inline(name)) : greeting && escapeHtml(greeting),
    intro: copy.intro({ app: inline(app) }),
    code: code && escapeHtml(code),
    expires: expires && escapeHtml(expires),
    outro: copy.outro.map(escapeHtml),
    footer: catalog.footer(inline(company)),
  });
  return { subject, text: `${text}\n`, html, lang: catalog.lang };
}
