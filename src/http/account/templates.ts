import { html, type SafeHtml } from '../hosted-ui/html.js';
import type { MessageKey, Translate } from '../hosted-ui/messages.js';
import { fieldInput, messagePage, type PageFrame } from '../hosted-ui/templates.js';

/** The account pages, each a section of the navigation. */
export type AccountSection =
  | 'profile'
  | 'password'
  | 'security'
  | 'identities'
  | 'sessions'
  | 'signIns'
  | 'privacy';

const SECTIONS: Array<{ id: AccountSection; path: string; key: MessageKey }> = [
  { id: 'profile', path: '', key: 'account.nav.profile' },
  { id: 'password', path: '/password', key: 'account.nav.password' },
  { id: 'security', path: '/security', key: 'account.nav.security' },
  { id: 'identities', path: '/identities', key: 'account.identities.title' },
  { id: 'sessions', path: '/sessions', key: 'account.nav.sessions' },
  { id: 'signIns', path: '/sign-ins', key: 'account.nav.signIns' },
  { id: 'privacy', path: '/privacy', key: 'account.nav.privacy' },
];

export interface AccountView {
  frame: PageFrame;
  t: Translate;
  /** `/t/{tenant}/account`. */
  base: string;
  csrf: string;
  /** The signed-in user's display name, under the page heading. */
  who: string;
  /** Formats an ISO date-time or epoch seconds for the page's language. */
  date(value: string | number | null): string;
}

export const csrfField = (csrf: string) => html`<input type="hidden" name="csrf" value="${csrf}">`;

const alert = (message: string | undefined) =>
  message ? html`<p class="alert" role="alert" id="form-error">${message}</p>` : '';
const notice = (message: string | undefined) =>
  message ? html`<p class="notice" role="status">${message}</p>` : '';

/** A page of the account: the shared hosted-page layout with the account navigation on top. */
export function accountPage(
  view: AccountView,
  section: AccountSection,
  content: SafeHtml,
  messages: { notice?: string; error?: string } = {},
): string {
  const { t, base } = view;
  const nav = html`<nav aria-label="${t('account.nav')}"><ul class="links">${SECTIONS.map((s) =>
    s.id === section
      ? html`<li><a href="${base}${s.path}" aria-current="page">${t(s.key)}</a></li>`
      : html`<li><a href="${base}${s.path}">${t(s.key)}</a></li>`,
  )}</ul>
<form method="post" action="${base}/logout">${csrfField(view.csrf)}<button type="submit" class="secondary">${t('account.signOut')}</button></form>
</nav>
<h2>${t(SECTIONS.find((s) => s.id === section)?.key ?? 'account.title')}</h2>
${alert(messages.error)}${notice(messages.notice)}`;
  return messagePage(view.frame, t('account.title'), view.who, html`${nav}${content}`);
}

/** One attribute input of the profile form (text, choice or date), with its error beside it. */
export interface ProfileField {
  name: string;
  label: string;
  inputType: 'text' | 'dropdown' | 'radio' | 'checkbox' | 'multiSelect' | 'date';
  required: boolean;
  options: Array<{ value: string; label: string }>;
  maxLength?: number;
  value: string[];
  error?: string;
}

/** The sign-up page's inputs serve the profile too, so both look and behave alike. */
const profileInput = (t: Translate, field: ProfileField): SafeHtml =>
  fieldInput(t, { ...field, numeric: false });

export function profilePage(
  view: AccountView,
  data: { email: string | null; fields: ProfileField[]; notice?: string; error?: string },
): string {
  const { t, base } = view;
  return accountPage(
    view,
    'profile',
    html`<p class="intro">${t('account.profile.intro')}</p>
${data.email ? html`<p>${t('account.profile.email', { email: data.email })}</p>` : ''}
${
  data.fields.length
    ? html`<form method="post" action="${base}/profile" novalidate>
${csrfField(view.csrf)}
${data.fields.map((f) => profileInput(t, f))}
<button type="submit">${t('account.profile.save')}</button>
</form>`
    : html`<p>${t('account.profile.nothing')}</p>`
}`,
    data,
  );
}

export function passwordPage(
  view: AccountView,
  data: { hasPassword: boolean; currentError?: string; newError?: string },
): string {
  const { t, base } = view;
  if (!data.hasPassword) return accountPage(view, 'password', html`<p>${t('account.password.none')}</p>`);
  const invalid = (error: string | undefined, id: string) =>
    error ? html` aria-describedby="${id}" aria-invalid="true"` : '';
  return accountPage(
    view,
    'password',
    html`<p class="intro">${t('account.password.intro')}</p>
<form method="post" action="${base}/password" novalidate>
${csrfField(view.csrf)}
<label for="current">${t('account.password.current')}</label>
${data.currentError ? html`<p class="field-error" id="current-error">${data.currentError}</p>` : ''}<input id="current" name="current" type="password" autocomplete="current-password" required maxlength="1024"${invalid(data.currentError, 'current-error')}>
<label for="password">${t('password.new')}</label>
${data.newError ? html`<p class="field-error" id="password-error">${data.newError}</p>` : ''}<input id="password" name="password" type="password" autocomplete="new-password" required maxlength="1024"${invalid(data.newError, 'password-error')}>
<label for="confirm">${t('password.confirm')}</label>
<input id="confirm" name="confirm" type="password" autocomplete="new-password" required maxlength="1024">
<button type="submit">${t('account.password.submit')}</button>
</form>`,
  );
}

export interface MethodView {
  id: string;
  kind: 'password' | 'email' | 'phone' | 'totp' | 'recoveryCodes' | 'passkey';
  label: string;
  createdDateTime: string | null;
  lastUsedDateTime: string | null;
  remaining?: number;
  removable: boolean;
}

export function securityPage(
  view: AccountView,
  data: {
    methods: MethodView[];
    canAddTotp: boolean;
    canAddPhone: boolean;
    canAddPasskey: boolean;
    canRegenerateCodes: boolean;
    recoveryCodes?: string[];
    notice?: string;
    error?: string;
  },
): string {
  const { t, base } = view;
  const methodItem = (m: MethodView) => html`<li class="method" data-method="${m.kind}">
<h3>${t(`account.method.${m.kind}`)}</h3>
<p>${m.label}</p>
${m.createdDateTime ? html`<p class="muted">${t('account.security.added', { date: view.date(m.createdDateTime) })}</p>` : ''}
${m.lastUsedDateTime ? html`<p class="muted">${t('account.security.lastUsed', { date: view.date(m.lastUsedDateTime) })}</p>` : ''}
${m.remaining !== undefined ? html`<p class="muted">${t('account.security.remaining', { count: String(m.remaining) })}</p>` : ''}
${
  m.kind === 'passkey'
    ? html`<form method="post" action="${base}/security/passkeys/rename">
${csrfField(view.csrf)}<input type="hidden" name="id" value="${m.id}">
<label for="name-${m.id}">${t('account.security.passkeyName')}</label>
<input id="name-${m.id}" name="name" type="text" maxlength="64" required value="${m.label}">
<button type="submit" class="secondary">${t('account.security.rename')}</button>
</form>`
    : ''
}
${
  m.removable
    ? html`<form method="post" action="${base}/security/remove">
${csrfField(view.csrf)}<input type="hidden" name="id" value="${m.id}"><input type="hidden" name="kind" value="${m.kind}">
<button type="submit" class="secondary">${t('account.security.remove')}</button>
</form>`
    : ''
}
</li>`;
  return accountPage(
    view,
    'security',
    html`<p class="intro">${t('account.security.intro')}</p>
${
  data.recoveryCodes
    ? html`<section aria-labelledby="codes-heading"><h3 id="codes-heading">${t('recovery.title')}</h3>
<p>${t('recovery.intro')}</p><p>${t('account.security.codesShown')}</p>
<ul class="recovery-codes">${data.recoveryCodes.map((code) => html`<li><code>${code}</code></li>`)}</ul></section>`
    : ''
}
<ul class="methods">${data.methods.map(methodItem)}</ul>
${data.canAddTotp ? html`<p><a href="${base}/security/totp">${t('account.security.addTotp')}</a></p>` : ''}
${data.canAddPhone ? html`<p><a href="${base}/security/phone">${t('account.security.addPhone')}</a></p>` : ''}
${data.canAddPasskey ? html`<p><a href="${base}/security/passkey">${t('account.security.addPasskey')}</a></p>` : ''}
${
  data.canRegenerateCodes
    ? html`<form method="post" action="${base}/security/recovery-codes">
${csrfField(view.csrf)}<button type="submit" class="secondary">${t('account.security.newCodes')}</button>
</form>`
    : ''
}`,
    data,
  );
}

/** Adding a phone, step one: the number to text a code to. */
export function phonePage(
  view: AccountView,
  data: { phone?: string; replaces: boolean; error?: string },
): string {
  const { t, base } = view;
  const invalid = data.error ? html` aria-describedby="phone-error" aria-invalid="true"` : '';
  return accountPage(
    view,
    'security',
    html`<h3>${t('account.security.addPhone')}</h3>
<p class="intro">${t('account.phone.intro')}</p>
${data.replaces ? html`<p>${t('account.phone.replaces')}</p>` : ''}
<form method="post" action="${base}/security/phone" novalidate>
${csrfField(view.csrf)}
<label for="phone">${t('account.phone.label')}</label>
${data.error ? html`<p class="field-error" id="phone-error">${data.error}</p>` : ''}<input id="phone" name="phone" type="tel" autocomplete="tel" required maxlength="64" value="${data.phone ?? ''}"${invalid}>
<button type="submit">${t('account.phone.send')}</button>
</form>
<p><a href="${base}/security">${t('account.back')}</a></p>`,
  );
}

/** Adding a phone, step two: the code texted to it. `pending` is the sealed challenge. */
export function phoneCodePage(
  view: AccountView,
  data: { maskedPhone: string; minutes: number; pending: string; error?: string },
): string {
  const { t, base } = view;
  const invalid = data.error ? html` aria-describedby="code-error" aria-invalid="true"` : '';
  return accountPage(
    view,
    'security',
    html`<h3>${t('account.security.addPhone')}</h3>
<p class="intro">${t('account.phone.codeSent', { phone: data.maskedPhone, minutes: String(data.minutes) })}</p>
<form method="post" action="${base}/security/phone/verify" novalidate>
${csrfField(view.csrf)}<input type="hidden" name="pending" value="${data.pending}">
<label for="code">${t('code.label')}</label>
${data.error ? html`<p class="field-error" id="code-error">${data.error}</p>` : ''}<input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]*" required maxlength="6"${invalid}>
<button type="submit">${t('code.submit')}</button>
</form>
<p><a href="${base}/security/phone">${t('account.phone.again')}</a></p>
<p><a href="${base}/security">${t('account.back')}</a></p>`,
  );
}

/** A federated identity of the user: the provider's name (or the issuer when none matches). */
export interface IdentityView {
  name: string;
  issuer: string;
  issuerAssignedId: string;
}

/** Linked accounts: the providers the user signs in with, and those they may link. */
export function identitiesPage(
  view: AccountView,
  data: {
    linked: IdentityView[];
    available: Array<{ id: string; name: string }>;
    notice?: string;
    error?: string;
  },
): string {
  const { t, base } = view;
  return accountPage(
    view,
    'identities',
    html`<p class="intro">${t('account.identities.intro')}</p>
${
  data.linked.length === 0
    ? html`<p>${t('account.identities.none')}</p>`
    : html`<ul class="methods">${data.linked.map(
        (i) => html`<li class="method" data-method="federated">
<h3>${i.name}</h3>
<form method="post" action="${base}/identities/unlink">
${csrfField(view.csrf)}<input type="hidden" name="issuer" value="${i.issuer}"><input type="hidden" name="issuerAssignedId" value="${i.issuerAssignedId}">
<button type="submit" class="secondary">${t('account.identities.unlink', { name: i.name })}</button>
</form>
</li>`,
      )}</ul>`
}
${
  data.available.length
    ? html`<h3>${t('account.identities.add')}</h3>
${data.available.map(
  (p) => html`<form method="post" action="${base}/identities/link">
${csrfField(view.csrf)}<input type="hidden" name="provider" value="${p.id}">
<button type="submit" class="secondary">${t('account.identities.link', { name: p.name })}</button>
</form>`,
)}`
    : ''
}`,
    data,
  );
}

export interface SessionView {
  id: string;
  current: boolean;
  device: string;
  location: string;
  signedIn: number | null;
  lastActivity: number | null;
}

export function sessionsPage(view: AccountView, data: { sessions: SessionView[]; notice?: string }): string {
  const { t, base } = view;
  const endForm = (fields: SafeHtml, label: string) => html`<form method="post" action="${base}/sessions/end">
${csrfField(view.csrf)}${fields}<button type="submit" class="secondary">${label}</button>
</form>`;
  return accountPage(
    view,
    'sessions',
    html`<p class="intro">${t('account.sessions.intro')}</p>
${data.sessions.length === 0 ? html`<p>${t('account.sessions.none')}</p>` : ''}
<ul class="sessions">${data.sessions.map(
      (s) => html`<li class="session">
<h3>${s.device}${s.current ? html` <span class="badge">${t('account.sessions.current')}</span>` : ''}</h3>
<p>${s.location}</p>
<p class="muted">${t('account.sessions.signedIn', { date: view.date(s.signedIn) })}</p>
<p class="muted">${t('account.sessions.lastActivity', { date: view.date(s.lastActivity) })}</p>
${endForm(html`<input type="hidden" name="session" value="${s.id}">`, t('account.sessions.end'))}
</li>`,
    )}</ul>
${data.sessions.length ? endForm(html`<input type="hidden" name="all" value="true">`, t('account.sessions.endAll')) : ''}`,
    data,
  );
}

export interface SignInView {
  when: string;
  app: string;
  succeeded: boolean;
  device: string;
  location: string;
  ipAddress: string;
}

export function signInsPage(view: AccountView, data: { signIns: SignInView[] }): string {
  const { t } = view;
  return accountPage(
    view,
    'signIns',
    html`<p class="intro">${t('account.signIns.intro')}</p>
${
  data.signIns.length === 0
    ? html`<p>${t('account.signIns.none')}</p>`
    : html`<ul class="sign-ins">${data.signIns.map(
        (s) => html`<li class="sign-in">
<h3>${s.app}</h3>
<p>${s.succeeded ? t('account.signIns.success') : t('account.signIns.failure')} · ${s.when}</p>
<p class="muted">${s.device} · ${s.location} · ${s.ipAddress}</p>
</li>`,
      )}</ul>`
}`,
  );
}

export function privacyPage(view: AccountView): string {
  const { t, base } = view;
  return accountPage(
    view,
    'privacy',
    html`<p class="intro">${t('account.privacy.intro')}</p>
<form method="post" action="${base}/export">
${csrfField(view.csrf)}<button type="submit">${t('account.privacy.download')}</button>
</form>
<h3>${t('account.delete.title')}</h3>
<p><a href="${base}/delete">${t('account.delete.title')}</a></p>`,
  );
}

export function deletePage(view: AccountView, data: { fresh: boolean }): string {
  const { t, base } = view;
  return accountPage(
    view,
    'privacy',
    html`<h3>${t('account.delete.title')}</h3>
<p>${t('account.delete.intro')}</p>
${
  data.fresh
    ? html`<form method="post" action="${base}/delete">
${csrfField(view.csrf)}<button type="submit">${t('account.delete.confirm')}</button>
</form>`
    : html`<p>${t('account.delete.reauth')}</p>
<form method="post" action="${base}/delete/reauthenticate">
${csrfField(view.csrf)}<button type="submit">${t('account.signInAgain')}</button>
</form>`
}`,
  );
}

/** A page outside the account session: signed out, password changed, account deleted. */
export function goodbyePage(
  frame: PageFrame,
  data: { title: string; message: string; signInHref?: string; signInLabel?: string },
): string {
  return messagePage(
    frame,
    data.title,
    data.message,
    data.signInHref ? html`<p><a href="${data.signInHref}">${data.signInLabel}</a></p>` : '',
  );
}
