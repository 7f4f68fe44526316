import type { MailLanguage, MailTemplate } from '../model.js';

/**
 * The values a sentence may quote, already formatted for where it goes: as typed in the
 * subject and the plain-text part, escaped (and bidi-isolated) in HTML.
 */
export interface Vars {
  /** The application, or else the company: what the user signs up or in to. */
  app?: string;
}

/** The words of one message. Catalog text is trusted; only `Vars` come from outside. */
export interface TemplateCopy {
  /** Never carries the code: subjects show on lock screens and in notifications. */
  subject(v: Vars): string;
  /** The hidden inbox preview; never carries the code either. */
  preheader(v: Vars): string;
  heading: string;
  /** The paragraph before the code (or the whole news, for a notice). */
  intro(v: Vars): string;
  /** The paragraphs after the code and its expiry. */
  outro: string[];
}

export interface Catalog {
  lang: MailLanguage;
  dir: 'ltr' | 'rtl';
  /** The salutation; undefined where the language leaves it out without a name. */
  greeting(name: string | undefined): string | undefined;
  /** How long the code is valid, as a sentence. */
  expires(minutes: number): string;
  footer(company: string | undefined): string;
  templates: Record<MailTemplate, TemplateCopy>;
}
