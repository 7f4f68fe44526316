import { describe, expect, it } from 'vitest';
import { translatorFor } from './messages.js';
import { type ProviderButton, providerButtonLabel, providerButtons } from './provider-buttons.js';
import { signInPage } from './templates.js';

const PROVIDERS: ProviderButton[] = [
  { id: 'p-google', displayName: 'Google', kind: 'google' },
  { id: 'p-facebook', displayName: 'Facebook', kind: 'facebook' },
  { id: 'p-apple', displayName: 'Apple', kind: 'apple' },
  { id: 'p-oidc', displayName: 'Partner ID', kind: 'oidc' },
  { id: 'p-saml', displayName: 'Fabrikam', kind: 'saml' },
];

const labels = (lang: string, intent: 'signIn' | 'signUp') => {
  const { t } = translatorFor({ uiLocales: lang });
  return PROVIDERS.map((p) => providerButtonLabel(t, p, intent));
};

/** The text of each link of a rendered block, tags removed, entities as written. */
const linkTexts = (markup: string) =>
  [...markup.matchAll(/<a\b[^>]*>([\s\S]*?)<\/a>/g)].map((m) => (m[1] ?? '').replace(/<[^>]+>/g, ''));

describe('identity-provider buttons', () => {
  it.each([
    [
      'en',
      [
        'Sign in with Google',
        'Continue with Facebook',
        'Sign in with Apple',
        'Sign in with Partner ID',
        'Sign in with Fabrikam',
      ],
      [
        'Sign up with Google',
        'Continue with Facebook',
        'Sign up with Apple',
        'Sign up with Partner ID',
        'Sign up with Fabrikam',
      ],
    ],
    [
      'fr',
      [
        'Se connecter avec Google',
        'Continuer avec Facebook',
        'Se connecter avec Apple',
        'Se connecter avec Partner ID',
        'Se connecter avec Fabrikam',
      ],
      [
        'S’inscrire avec Google',
        'Continuer avec Facebook',
        'S’inscrire avec Apple',
        'S’inscrire avec Partner ID',
        'S’inscrire avec Fabrikam',
      ],
    ],
    [
      'de',
      [
        'Über Google anmelden',
        'Mit Facebook fortfahren',
        'Mit Apple anmelden',
        'Mit Partner ID anmelden',
        'Mit Fabrikam anmelden',
      ],
      [
        'Über Google registrieren',
        'Mit Facebook fortfahren',
        'Mit Apple registrieren',
        'Mit Partner ID registrieren',
        'Mit Fabrikam registrieren',
      ],
    ],
    [
      'es',
      [
        'Iniciar sesión con Google',
        'Continuar con Facebook',
        'Iniciar sesión con Apple',
        'Iniciar sesión con Partner ID',
        'Iniciar sesión con Fabrikam',
      ],
      [
        'Registrarse con Google',
        'Continuar con Facebook',
        'Registrarse con Apple',
        'Registrarse con Partner ID',
        'Registrarse con Fabrikam',
      ],
    ],
    [
      'ja',
      [
        'Google でログイン',
        'Facebookで続ける',
        'Appleでサインイン',
        'Partner ID でサインイン',
        'Fabrikam でサインイン',
      ],
      ['Google で登録', 'Facebookで続ける', 'Appleで登録', 'Partner ID で登録', 'Fabrikam で登録'],
    ],
    [
      'ar',
      [
        'تسجيل الدخول باستخدام Google',
        'المتابعة باستخدام Facebook',
        'تسجيل الدخول باستخدام Apple',
        'تسجيل الدخول باستخدام Partner ID',
        'تسجيل الدخول باستخدام Fabrikam',
      ],
      [
        'الاشتراك باستخدام Google',
        'المتابعة باستخدام Facebook',
        'التسجيل باستخدام Apple',
        'التسجيل باستخدام Partner ID',
        'التسجيل باستخدام Fabrikam',
      ],
    ],
  ])('labels every kind in %s, for sign-in and for sign-up', (lang, signIn, signUp) => {
    expect(labels(lang, 'signIn')).toEqual(signIn);
    expect(labels(lang, 'signUp')).toEqual(signUp);
  });

  it('renders one link per provider, its full label as the link text and its icon hidden', () => {
    const { t } = translatorFor({ uiLocales: 'en' });
    const markup = providerButtons(t, {
      base: '/t/demo/u/interaction/abc',
      providers: PROVIDERS,
      intent: 'signIn',
    }).value;
    expect(linkTexts(markup)).toEqual(labels('en', 'signIn'));
    expect([...markup.matchAll(/href="([^"]*)"/g)].map((m) => m[1])).toEqual(
      PROVIDERS.map((p) => `/t/demo/u/interaction/abc/federation/${p.id}`),
    );
    expect([...markup.matchAll(/class="idp-button (idp-\w+)"/g)].map((m) => m[1])).toEqual([
      'idp-google',
      'idp-facebook',
      'idp-apple',
      'idp-oidc',
      'idp-saml',
    ]);
    const icons = [...markup.matchAll(/<svg\b[^>]*>/g)].map((m) => m[0]);
    expect(icons).toHaveLength(PROVIDERS.length);
    for (const icon of icons) expect(icon).toContain('aria-hidden="true"');
    // The page's CSP allows no inline style.
    expect(markup).not.toContain('style=');
    expect(markup).toContain('<p class="idp-divider"><span>or</span></p>');
  });

  it('renders nothing, not even the divider, without providers', () => {
    const { t } = translatorFor({ uiLocales: 'en' });
    expect(providerButtons(t, { base: '/b', providers: [], intent: 'signIn' }).value).toBe('');
  });

  it('escapes a provider name and id with markup in them', () => {
    const { t } = translatorFor({ uiLocales: 'en' });
    const markup = providerButtons(t, {
      base: '/t/demo/u/interaction/abc',
      providers: [{ id: 'x"><b>', displayName: '<img src=x onerror=alert(1)> & "Co"', kind: 'oidc' }],
      intent: 'signIn',
    }).value;
    expect(markup).not.toContain('<img');
    expect(markup).not.toContain('<b>');
    expect(markup).toContain('Sign in with &lt;img src=x onerror=alert(1)&gt; &amp; &quot;Co&quot;');
    expect(markup).toContain('href="/t/demo/u/interaction/abc/federation/x%22%3E%3Cb%3E"');
  });

  it('puts the buttons on the sign-in page between the form and its links, right to left in Arabic', () => {
    const { t, lang, dir } = translatorFor({ uiLocales: 'ar' });
    const page = signInPage(
      { t, lang, dir, tenantId: 'demo' },
      {
        base: '/t/demo/u/interaction/abc',
        appName: 'Shop',
        csrf: 'token',
        links: [{ href: '/t/demo/u/interaction/abc/reset', label: 'reset' }],
        providers: PROVIDERS.slice(0, 1),
      },
    );
    expect(page).toContain('dir="rtl"');
    const form = page.indexOf('</form>');
    const button = page.indexOf('تسجيل الدخول باستخدام Google');
    expect(form).toBeGreaterThan(0);
    expect(button).toBeGreaterThan(form);
    expect(page.indexOf('class="links"')).toBeGreaterThan(button);
  });
});
