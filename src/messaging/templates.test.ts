import { describe, expect, it } from 'vitest';
import { CODE_TEMPLATES, MAIL_LANGUAGES, MAIL_TEMPLATES } from './model.js';
import { DEFAULT_ACCENT, renderMail, resolveMailLanguage } from './templates/index.js';
import { ar } from './templates/locales/ar.js';
import { de } from './templates/locales/de.js';
import { en } from './templates/locales/en.js';
import { es } from './templates/locales/es.js';
import { fr } from './templates/locales/fr.js';
import { ja } from './templates/locales/ja.js';

const CODE = '481516';
const data = { code: CODE, minutes: 10, appName: 'Contoso Shop', displayName: 'Ada' };

/** The hidden inbox preview of a rendered HTML message. */
const preheaderOf = (html: string) => /<div style="display:none;[^"]*">(.*?)&#847;/.exec(html)?.[1];
const rootOf = (html: string) => /<html[^>]*>/.exec(html)?.[0];

describe('email templates', () => {
  it.each(MAIL_TEMPLATES.flatMap((template) => MAIL_LANGUAGES.map((lang) => [template, lang] as const)))(
    'renders %s in %s, with the code in the body only',
    (template, lang) => {
      const mail = renderMail(template, lang, data);
      expect(mail.lang).toBe(lang);
      expect(mail.subject.length).toBeGreaterThan(5);
      expect(mail.subject).not.toMatch(/[\r\n]/);
      expect(mail.subject).not.toContain(CODE);
      expect(preheaderOf(mail.html)?.length).toBeGreaterThan(5);
      expect(preheaderOf(mail.html)).not.toContain(CODE);
      expect(rootOf(mail.html)).toBe(`<html lang="${lang}" dir="${lang === 'ar' ? 'rtl' : 'ltr'}">`);
      expect(mail.html).toContain(`<title>${mail.subject}</title>`);
      expect(mail.text).toContain('Contoso Shop');
      if (CODE_TEMPLATES.includes(template)) {
        expect(mail.text).toContain(`    ${CODE}\n`);
        // Large, monospaced, and left-to-right even in an Arabic message.
        expect(mail.html).toMatch(
          new RegExp(`<td dir="ltr" style="[^"]*monospace;font-size:32px;[^"]*">${CODE}</td>`),
        );
        expect(mail.text).toMatch(/10/);
      } else {
        expect(mail.text).not.toContain(CODE);
        expect(mail.html).not.toContain(CODE);
      }
    },
  );

  it('has every language translated, not copied from English', () => {
    for (const template of MAIL_TEMPLATES) {
      const subjects = MAIL_LANGUAGES.map((lang) => renderMail(template, lang, data).subject);
      expect(new Set(subjects).size).toBe(MAIL_LANGUAGES.length);
      const texts = MAIL_LANGUAGES.map((lang) => renderMail(template, lang, {}).text);
      expect(new Set(texts).size).toBe(MAIL_LANGUAGES.length);
    }
  });

  it('keeps markup out of the catalogs, so only quoted values need escaping', () => {
    for (const catalog of [en, es, fr, de, ja, ar]) {
      const samples = [
        catalog.greeting('Ada') ?? '',
        catalog.expires(1),
        catalog.expires(15),
        catalog.footer('Contoso'),
        catalog.footer(undefined),
        ...Object.values(catalog.templates).flatMap((copy) => [
          copy.subject({ app: 'X' }),
          copy.subject({}),
          copy.preheader({ app: 'X' }),
          copy.heading,
          copy.intro({ app: 'X' }),
          copy.intro({}),
          ...copy.outro,
        ]),
      ];
      for (const sample of samples) expect(sample).not.toMatch(/[<>&"]/);
    }
  });

  it('falls back from a regional language to its base, then to English', () => {
    expect(resolveMailLanguage('ar-EG')).toBe('ar');
    expect(resolveMailLanguage('fr_CA')).toBe('fr');
    expect(resolveMailLanguage('DE-at')).toBe('de');
    expect(resolveMailLanguage('ja')).toBe('ja');
    expect(resolveMailLanguage('pt-BR')).toBe('en');
    expect(resolveMailLanguage('')).toBe('en');
    const egyptian = renderMail('signInCode', 'ar-EG', data);
    expect(egyptian.lang).toBe('ar');
    expect(rootOf(egyptian.html)).toBe('<html lang="ar" dir="rtl">');
    expect(egyptian.subject).toBe(renderMail('signInCode', 'ar', data).subject);
    expect(renderMail('signInCode', 'pt-BR', data).subject).toBe('Your sign-in code for Contoso Shop');
  });

  it('escapes every quoted value in HTML and keeps it as typed in the text', () => {
    const mail = renderMail(
      'verificationCode',
      'en',
      {
        code: CODE,
        appName: '<script>alert(1)</script> & Co',
        displayName: '"><img src=x onerror=alert(2)>',
      },
      { companyName: "O'Brien <b>Ltd</b>", logoUrl: null, accentColor: null },
    );
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).not.toContain('<img src=x');
    expect(mail.html).not.toContain('<b>Ltd');
    expect(mail.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co');
    expect(mail.html).toContain('&quot;&gt;&lt;img src=x onerror=alert(2)&gt;');
    expect(mail.html).toContain('O&#39;Brien &lt;b&gt;Ltd&lt;/b&gt;');
    expect(mail.text).toContain('Hi "><img src=x onerror=alert(2)>,');
    expect(mail.subject).toBe('Verify your email address for <script>alert(1)</script> & Co');
  });

  it('keeps names from adding header lines or reordering text', () => {
    const mail = renderMail('signInCode', 'en', {
      code: CODE,
      appName: 'Shop\r\nBcc: eve@example.com',
      displayName: 'Ada\u202Eevil',
    });
    expect(mail.subject).toBe('Your sign-in code for Shop Bcc: eve@example.com');
    expect(mail.text).toContain('Hi Ada evil,');
    expect(mail.html).not.toContain('\u202E');
  });

  it("wears the tenant's brand: company name, logo and accent colour", () => {
    const mail = renderMail('resetCode', 'de', data, {
      companyName: 'Contoso',
      logoUrl: 'https://cdn.contoso.example/logo.png?size=2&theme=light',
      accentColor: '#C50F1F',
    });
    expect(mail.html).toContain('<img src="https://cdn.contoso.example/logo.png?size=2&amp;theme=light"');
    expect(mail.html).toContain('alt="Contoso"');
    expect(mail.html).toContain('border-top:4px solid #C50F1F');
    expect(mail.html).not.toContain(DEFAULT_ACCENT);
    expect(mail.text).toContain('Diese E-Mail wurde von Contoso gesendet.');
    // Without an app name, the company is what the user signs in to.
    const noApp = renderMail(
      'resetCode',
      'en',
      { code: CODE },
      { companyName: 'Contoso', logoUrl: null, accentColor: null },
    );
    expect(noApp.subject).toBe('Reset your password for Contoso');
    expect(noApp.html).toContain('font-weight:700;color:#1f2328;">Contoso</span>');
  });

  it('ignores a logo that is not an absolute http(s) URL and a colour that is not #rgb or #rrggbb', () => {
    for (const logoUrl of ['javascript:alert(1)', 'data:image/png;base64,AAAA', '/logo.png', 'not a url']) {
      const mail = renderMail('signInCode', 'en', data, {
        companyName: 'Contoso',
        logoUrl,
        accentColor: null,
      });
      expect(mail.html).not.toContain('<img');
      expect(mail.html).toContain('>Contoso</span>');
    }
    for (const accentColor of [
      'red',
      '#12345g',
      'red;background:url(https://x.example/)',
      '#1234',
      '1234567',
    ]) {
      const mail = renderMail('signInCode', 'en', data, { companyName: null, logoUrl: null, accentColor });
      expect(mail.html).toContain(`border-top:4px solid ${DEFAULT_ACCENT}`);
      expect(mail.html).not.toContain(accentColor);
    }
    expect(
      renderMail('signInCode', 'en', data, { companyName: null, logoUrl: null, accentColor: '#0a0' }).html,
    ).toContain('border-top:4px solid #0a0');
  });

  it('is neutral without a brand: no logo, no product name', () => {
    const mail = renderMail('verificationCode', 'en', { code: CODE });
    expect(mail.subject).toBe('Verify your email address');
    expect(mail.html).not.toContain('<img');
    expect(mail.html).not.toMatch(/gatehouse/i);
    expect(mail.text).not.toMatch(/gatehouse/i);
    expect(mail.text).toContain("This is an automated email. Please don't reply to it.");
    expect(mail.text).toContain('Hello,');
  });

  it('counts minutes the way each language does', () => {
    expect(renderMail('signInCode', 'en', { code: CODE, minutes: 1 }).text).toContain('expires in 1 minute.');
    expect(renderMail('signInCode', 'de', { code: CODE, minutes: 5 }).text).toContain('in 5 Minuten ab.');
    expect(renderMail('signInCode', 'ja', { code: CODE, minutes: 5 }).text).toContain('有効期限は5分です。');
    const arabic = (minutes: number) => renderMail('signInCode', 'ar', { code: CODE, minutes }).text;
    expect(arabic(1)).toContain('خلال دقيقة واحدة.');
    expect(arabic(2)).toContain('خلال دقيقتين.');
    expect(arabic(10)).toContain('خلال 10 دقائق.');
    expect(arabic(15)).toContain('خلال 15 دقيقة.');
    // No minutes given: no expiry sentence.
    expect(renderMail('signInCode', 'en', { code: CODE }).text).not.toContain('expires');
  });
});
