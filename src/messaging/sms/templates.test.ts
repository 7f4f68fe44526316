import { describe, expect, it } from 'vitest';
import {
  gsm7Length,
  MAX_SMS_APP_NAME,
  renderSmsCode,
  resolveSmsLanguage,
  SMS_LANGUAGES,
} from './templates.js';

const LATIN = ['en', 'es', 'fr', 'de'] as const;

describe('SMS code texts', () => {
  it.each(SMS_LANGUAGES)('%s: starts with the code and states app and expiry', (lang) => {
    const { text, lang: rendered } = renderSmsCode(lang, { code: '482913', minutes: 10, appName: 'Contoso' });
    expect(rendered).toBe(lang);
    // The code first, so phones offer it for autofill.
    expect(text.startsWith('482913 ')).toBe(true);
    expect(text).toContain('Contoso');
    expect(text).toContain('10');
    expect(text.match(/482913/g)).toHaveLength(1);
  });

  it('reads as intended in each language', () => {
    const vars = { code: '482913', minutes: 10, appName: 'Contoso' };
    expect(renderSmsCode('en', vars).text).toBe(
      '482913 is your Contoso verification code. It expires in 10 minutes.',
    );
    expect(renderSmsCode('es-MX', vars).text).toBe(
      '482913 es tu clave de seguridad para Contoso. Caduca en 10 minutos.',
    );
    expect(renderSmsCode('fr', vars).text).toBe(
      '482913 est votre code de vérification Contoso. Il expire dans 10 minutes.',
    );
    expect(renderSmsCode('de', vars).text).toBe(
      '482913 ist Ihr Bestätigungscode für Contoso. Er läuft in 10 Minuten ab.',
    );
    expect(renderSmsCode('ja', vars).text).toBe('482913 はContoso の認証コードです。有効期限は10分です。');
    expect(renderSmsCode('ar', vars).text).toBe(
      '482913 هو رمز التحقق الخاص بك في \u2068Contoso\u2069. تنتهي صلاحيته خلال 10 دقائق.',
    );
  });

  it('says minute for one', () => {
    expect(renderSmsCode('fr', { code: '1', minutes: 1 }).text).toBe(
      '1 est votre code de vérification. Il expire dans 1 minute.',
    );
    expect(renderSmsCode('de', { code: '1', minutes: 1 }).text).toContain('in 1 Minute ab.');
    expect(renderSmsCode('es', { code: '1', minutes: 1 }).text).toContain('en 1 minuto.');
    expect(renderSmsCode('ar', { code: '1', minutes: 1 }).text).toContain('دقيقة واحدة');
  });

  it('leaves the app out when there is none', () => {
    expect(renderSmsCode('en', { code: '1', minutes: 5 }).text).toBe(
      '1 is your verification code. It expires in 5 minutes.',
    );
    expect(renderSmsCode('de', { code: '1', minutes: 5, appName: '  \n ' }).text).toBe(
      '1 ist Ihr Bestätigungscode. Er läuft in 5 Minuten ab.',
    );
  });

  it.each(LATIN)('%s: fits one 160-character GSM SMS at the longest code, app name and expiry', (lang) => {
    const { text } = renderSmsCode(lang, {
      code: 'A'.repeat(32),
      minutes: 10080,
      appName: 'W'.repeat(200),
    });
    const length = gsm7Length(text);
    expect(length).toBeDefined();
    expect(length).toBeLessThanOrEqual(160);
    expect(text).toContain('W'.repeat(MAX_SMS_APP_NAME));
    expect(text).not.toContain('W'.repeat(MAX_SMS_APP_NAME + 1));
  });

  it('falls back to English and strips control characters from the app name', () => {
    expect(resolveSmsLanguage('pt-BR')).toBe('en');
    expect(resolveSmsLanguage('AR_eg')).toBe('ar');
    const { text, lang } = renderSmsCode('xx', { code: '9', minutes: 1, appName: 'Evil\r\n\u202eApp' });
    expect(lang).toBe('en');
    expect(text).toBe('9 is your Evil App verification code. It expires in 1 minute.');
  });

  it('counts GSM septets and spots UCS-2 text', () => {
    expect(gsm7Length('abc')).toBe(3);
    expect(gsm7Length('€[')).toBe(4);
    expect(gsm7Length('código')).toBeUndefined();
    expect(gsm7Length('認証')).toBeUndefined();
  });
});
