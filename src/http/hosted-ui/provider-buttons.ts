import type { ProviderKind } from '../../federation/index.js';
import { html, SafeHtml } from './html.js';
import type { MessageKey, Translate } from './messages.js';

/** One identity provider of the app's user flow, as its button needs it. */
export interface ProviderButton {
  id: string;
  displayName: string;
  kind: ProviderKind;
}

/** Which page the buttons are on: the brands word sign-up differently from sign-in. */
export type ProviderIntent = 'signIn' | 'signUp';

/**
 * The wording each brand publishes for its button (Google's and Apple's sign-in and sign-up
 * titles, Facebook's "Continue with Facebook" for both); other providers are named by the
 * tenant, so their label carries the name.
 */
const BRAND_LABELS: Record<Exclude<ProviderKind, 'oidc' | 'saml'>, Record<ProviderIntent, MessageKey>> = {
  google: { signIn: 'federation.google.signIn', signUp: 'federation.google.signUp' },
  facebook: { signIn: 'federation.facebook', signUp: 'federation.facebook' },
  apple: { signIn: 'federation.apple.signIn', signUp: 'federation.apple.signUp' },
};

/** The full text of a provider's button: its accessible name too (the icon is hidden from it). */
export function providerButtonLabel(t: Translate, provider: ProviderButton, intent: ProviderIntent): string {
  if (provider.kind === 'oidc' || provider.kind === 'saml')
    return t(intent === 'signIn' ? 'federation.signInWith' : 'federation.signUpWith', {
      name: provider.displayName,
    });
  return t(BRAND_LABELS[provider.kind][intent]);
}

// The marks as inline SVG: no subresource (the pages' CSP allows none but the stylesheet), and
// presentation attributes, not style attributes. Decorative: the label says it all.
const svg = (viewBox: string, body: string) =>
  new SafeHtml(
    `<svg class="idp-icon" viewBox="${viewBox}" width="20" height="20" aria-hidden="true" focusable="false">${body}</svg>`,
  );

const ICONS: Record<ProviderKind, SafeHtml> = {
  // Google's four-colour "G", as its brand guidelines ship it.
  google: svg(
    '0 0 48 48',
    '<path fill="#EA4335" d="M24 9.5c3.54 0 6.71 1.22 9.21 3.6l6.85-6.85C35.9 2.38 30.47 0 24 0 14.62 0 6.51 5.38 2.56 13.22l7.98 6.19C12.43 13.72 17.74 9.5 24 9.5z"/>' +
      '<path fill="#4285F4" d="M46.98 24.55c0-1.57-.15-3.09-.38-4.55H24v9.02h12.94c-.58 2.96-2.26 5.48-4.78 7.18l7.73 6c4.51-4.18 7.09-10.36 7.09-17.65z"/>' +
      '<path fill="#FBBC05" d="M10.53 28.59c-.48-1.45-.76-2.99-.76-4.59s.27-3.14.76-4.59l-7.98-6.19C.92 16.46 0 20.12 0 24c0 3.88.92 7.54 2.56 10.78l7.97-6.19z"/>' +
      '<path fill="#34A853" d="M24 48c6.48 0 11.93-2.13 15.89-5.81l-7.73-6c-2.15 1.45-4.92 2.3-8.16 2.3-6.26 0-11.57-4.22-13.47-9.91l-7.98 6.19C6.51 42.62 14.62 48 24 48z"/>',
  ),
  // The white disc with the "f" cut out, so the button's blue shows through it.
  facebook: svg(
    '0 0 24 24',
    '<path fill="#fff" d="M24 12.073C24 5.405 18.627 0 12 0S0 5.405 0 12.073C0 18.1 4.388 23.094 10.125 24v-8.437H7.078v-3.49h3.047V9.413c0-3.026 1.792-4.697 4.533-4.697 1.312 0 2.686.235 2.686.235v2.971H15.83c-1.491 0-1.956.93-1.956 1.886v2.264h3.328l-.532 3.49h-2.796V24C19.612 23.094 24 18.1 24 12.073z"/>',
  ),
  apple: svg(
    '0 0 24 24',
    '<path fill="#fff" d="M12.152 6.896c-.948 0-2.415-1.078-3.96-1.04-2.04.027-3.91 1.183-4.961 3.014-2.117 3.675-.546 9.103 1.519 12.09 1.013 1.454 2.208 3.09 3.792 3.039 1.52-.065 2.09-.987 3.935-.987 1.831 0 2.35.987 3.96.948 1.637-.026 2.676-1.48 3.676-2.948 1.156-1.688 1.636-3.325 1.662-3.415-.039-.013-3.182-1.221-3.22-4.857-.026-3.04 2.48-4.494 2.597-4.559-1.429-2.09-3.623-2.324-4.39-2.376-2-.156-3.675 1.09-4.61 1.09zM15.53 3.83c.843-1.012 1.4-2.427 1.245-3.83-1.207.052-2.662.805-3.532 1.818-.78.896-1.454 2.338-1.273 3.714 1.338.104 2.715-.688 3.56-1.702"/>',
  ),
  // Neutral marks for providers without a brand of ours: a key, and a building (an organisation's SAML).
  oidc: svg(
    '0 0 24 24',
    '<g fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"><circle cx="7.5" cy="15.5" r="4.5"/><path d="M10.7 12.3 21 2M16 7l3 3M19 4l2 2"/></g>',
  ),
  saml: svg(
    '0 0 24 24',
    '<g fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"><path d="M3 21h18M5 21V3h10v18M15 9h4v12"/><path d="M8 7h4M8 11h4M8 15h4"/></g>',
  ),
};

/**
 * The identity-provider buttons under a page's own form: an "or" divider, then one
 * button-styled link per provider to `{base}/federation/{id}`. Nothing when there are none.
 */
export function providerButtons(
  t: Translate,
  data: { base: string; providers: readonly ProviderButton[]; intent: ProviderIntent },
): SafeHtml {
  if (data.providers.length === 0) return html``;
  return html`<p class="idp-divider"><span>${t('federation.or')}</span></p>
<ul class="idp-buttons">${data.providers.map(
    (provider) =>
      html`<li><a class="idp-button idp-${provider.kind}" href="${data.base}/federation/${encodeURIComponent(provider.id)}">${ICONS[provider.kind]}<span>${providerButtonLabel(t, provider, data.intent)}</span></a></li>`,
  )}</ul>`;
}
