import { en } from './en';

/**
 * The console's strings: one catalog per language, each the same shape as English (the
 * compiler checks a translation is complete). English now; the hosted pages' six languages
 * (en, de, es, fr, ar, ja) slot in here.
 */
export type Catalog = typeof en;
const catalogs: Record<string, Catalog> = { en };

export const LANGUAGE = 'en';

export function useStrings(): Catalog {
  return catalogs[LANGUAGE] ?? en;
}

/** Fills `{name}` placeholders: format('Delete {name}?', { name: 'x' }). */
export function format(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) =>
    key in values ? String(values[key]) : whole,
  );
}
