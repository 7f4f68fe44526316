import { describe, expect, it } from 'vitest';
import { ar } from './ar.js';
import { de } from './de.js';
import { en } from './en.js';
import { es } from './es.js';
import { fr } from './fr.js';
import { ja } from './ja.js';

const CATALOGS: Record<string, Record<string, string>> = { es, fr, de, ja, ar };

const placeholders = (text: string): string[] =>
  [...new Set([...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string))].sort();

/** Everything wrong with a catalog compared with English, one readable line per problem. */
function catalogProblems(catalog: Record<string, string>): string[] {
  const reference: Record<string, string> = en;
  const problems: string[] = [];
  for (const key of Object.keys(reference)) {
    if (!(key in catalog)) problems.push(`missing key ${key}`);
  }
  for (const [key, value] of Object.entries(catalog)) {
    const english = reference[key];
    if (english === undefined) {
      problems.push(`unknown key ${key}`);
      continue;
    }
    if (value.trim() === '') problems.push(`${key} is empty`);
    if (/[<>]/.test(value)) problems.push(`${key} contains < or >`);
    const want = placeholders(english).join(',');
    const got = placeholders(value).join(',');
    if (want !== got) problems.push(`${key} has placeholders {${got}}, English has {${want}}`);
  }
  return problems;
}

describe('hosted-page catalogs', () => {
  it.each(Object.keys(CATALOGS))('%s translates every English key, keeping its placeholders', (lang) => {
    expect(catalogProblems(CATALOGS[lang] as Record<string, string>)).toEqual([]);
  });

  it('reports a missing key, a stray key, an empty value, markup and a changed placeholder', () => {
    const broken: Record<string, string> = { ...es, 'signIn.extra': 'x', 'signIn.title': ' ' };
    delete broken['signIn.cancel'];
    broken['code.sent'] = 'Enviamos un código a {mail}. Caduca en {minutes} minutos.';
    broken['error.generic'] = '<b>Error</b>';
    expect(catalogProblems(broken).sort()).toEqual(
      [
        'missing key signIn.cancel',
        'unknown key signIn.extra',
        'signIn.title is empty',
        'code.sent has placeholders {mail,minutes}, English has {email,minutes}',
        'error.generic contains < or >',
      ].sort(),
    );
  });

  // A sign-in page that switches between "tu" and "vous" mid-flow reads as careless.
  it.each([
    ['de', /(?<!\p{L})(du|dich|dir|dein|deine|deinen|deinem|deiner)(?!\p{L})/iu],
    ['fr', /(?<!\p{L})((tu|toi|ton|ta|tes)(?!\p{L})|t[’'])/iu],
    ['es', /(?<!\p{L})(tú|tu|tus|tienes|puedes|quieres|introduce|elige|inicia)(?!\p{L})/iu],
  ])('%s uses the formal register throughout', (lang, informal) => {
    const offenders = Object.entries(CATALOGS[lang] as Record<string, string>).filter(([, v]) =>
      informal.test(v),
    );
    expect(offenders).toEqual([]);
  });

  it('ja uses the polite です/ます form in every full sentence', () => {
    const sentences = Object.values(ja).flatMap((v) => v.split('。').slice(0, -1));
    expect(sentences.filter((s) => !/(です|ます|ください|ません|でした|ました)$/.test(s))).toEqual([]);
  });
});
