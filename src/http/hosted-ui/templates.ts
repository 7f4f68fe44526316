import { escapeHtml, html, SafeHtml } from './html.js';
import type { Translate } from './messages.js';
import { type ProviderButton, type ProviderIntent, providerButtons } from './provider-buttons.js';

/** What every page shares: language, direction, tenant, and the tenant's brand around it. */
export interface PageFrame {
  t: Translate;
  lang: string;
  dir?: 'ltr' | 'rtl';
  tenantId: string;
  brand?: BrandFrame;
}

/** The tenant's brand, already rendered (logo, stylesheet, footer links). */
export interface BrandFrame {
  head: SafeHtml;
  header: SafeHtml;
  footer: SafeHtml;
  bodyClass: string;
  /** The tenant's sign-in page text, shown under the heading of the sign-in page. */
  signInPageText?: string | null;
  /** The hint in the sign-in page's username field (Graph `usernameHintText`). */
  usernameHintText?: string | null;
}

function layout(frame: PageFrame & { title: string }, body: SafeHtml): string {
  const { lang, dir = 'ltr', tenantId, title, brand } = frame;
  return html`<!doctype html>
<html lang="${lang}" dir="${dir}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${title}</title>
<link rel="stylesheet" href="/t/${tenantId}/u/assets/style.css">
${brand ? brand.head : html`<link rel="icon" href="data:,">`}
</head>
<body class="${brand?.bodyClass ?? 'layout-default'}">
${brand?.header ?? ''}
<main>
${body}
</main>
${brand?.footer ?? ''}
</body>
</html>`.value;
}

const alert = (message: string | undefined, id = 'form-error') =>
  message ? html`<p class="alert" role="alert" id="${id}">${message}</p>` : '';

const notice = (message: string | undefined) =>
  message ? html`<p class="notice" role="status">${message}</p>` : '';

const csrfField = (csrf: string) => html`<input type="hidden" name="csrf" value="${csrf}">`;

/** Links under a form ("Forgot your password?", "No account? Create one"). */
export interface PageLink {
  href: string;
  label: string;
  /** Text before the link, outside it. */
  lead?: string;
}

const linkList = (links: PageLink[]) =>
  links.length
    ? html`<ul class="links">${links.map(
        (l) => html`<li>${l.lead ? html`${l.lead} ` : ''}<a href="${l.href}">${l.label}</a></li>`,
      )}</ul>`
    : '';

/** The button that gives up and returns to the app with access_denied. */
const cancelForm = (t: Translate, base: string, csrf: string) =>
  html`<form method="post" action="${base}/abort">
${csrfField(csrf)}
<button type="submit" class="secondary">${t('signIn.cancel')}</button>
</form>`;

export interface SignInPageData {
  base: string;
  appName: string;
  csrf: string;
  login?: string;
  error?: string;
  links: PageLink[];
  /** The identity providers of the app's user flow: a button each, under the form. */
  providers?: readonly ProviderButton[];
}

export function signInPage(frame: PageFrame, data: SignInPageData): string {
  const { t } = frame;
  return layout(
    { ...frame, title: t('signIn.title') },
    html`<h1>${t('signIn.heading', { app: data.appName })}</h1>
${frame.brand?.signInPageText ? html`<p class="intro">${frame.brand.signInPageText}</p>` : ''}
${alert(data.error)}
<form method="post" action="${data.base}/login" novalidate>
${csrfField(data.csrf)}
<label for="login">${t('signIn.email')}</label>
<input id="login" name="login" type="email" autocomplete="username" required maxlength="256" value="${data.login ?? ''}"${frame.brand?.usernameHintText ? html` placeholder="${frame.brand.usernameHintText}"` : ''}${data.error ? html` aria-describedby="form-error"` : ''} autofocus>
<label for="password">${t('signIn.password')}</label>
<input id="password" name="password" type="password" autocomplete="current-password" required maxlength="1024">
<button type="submit">${t('signIn.submit')}</button>
</form>
${providerButtons(t, { base: data.base, providers: data.providers ?? [], intent: 'signIn' })}
${linkList(data.links)}
${cancelForm(t, data.base, data.csrf)}`,
  );
}

export interface EmailPageData {
  base: string;
  title: string;
  heading: string;
  intro?: string;
  action: string;
  submit: string;
  csrf: string;
  email?: string;
  error?: string;
  links: PageLink[];
  /** Identity-provider buttons under the form (sign-in by code, sign-up), worded for the page. */
  providers?: { intent: ProviderIntent; list: readonly ProviderButton[] };
}

/** One email field and a button: the start of OTP sign-in, sign-up and password reset. */
export function emailPage(frame: PageFrame, data: EmailPageData): string {
  const { t } = frame;
  return layout(
    { ...frame, title: data.title },
    html`<h1>${data.heading}</h1>
${data.intro ? html`<p class="intro">${data.intro}</p>` : ''}
${alert(data.error)}
<form method="post" action="${data.action}" novalidate>
${csrfField(data.csrf)}
<label for="email">${t('signIn.email')}</label>
<input id="email" name="email" type="email" autocomplete="username" required maxlength="256" value="${data.email ?? ''}"${data.error ? html` aria-describedby="form-error" aria-invalid="true"` : ''} autofocus>
<button type="submit">${data.submit}</button>
</form>
${data.providers ? providerButtons(t, { base: data.base, providers: data.providers.list, intent: data.providers.intent }) : ''}
${linkList(data.links)}
${cancelForm(t, data.base, data.csrf)}`,
  );
}

export interface CodePageData {
  base: string;
  /** Where the code goes (POST) and where a new one is asked for (POST `{action}/resend`). */
  action: string;
  resendAction: string;
  email: string;
  minutes: number;
  csrf: string;
  error?: string;
  notice?: string;
  links: PageLink[];
}

export function codePage(frame: PageFrame, data: CodePageData): string {
  const { t } = frame;
  return layout(
    { ...frame, title: t('code.title') },
    html`<h1>${t('code.heading')}</h1>
<p class="intro">${t('code.sent', { email: data.email, minutes: String(data.minutes) })}</p>
${notice(data.notice)}
${alert(data.error)}
<form method="post" action="${data.action}" novalidate>
${csrfField(data.csrf)}
<label for="code">${t('code.label')}</label>
<input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" maxlength="6" required${data.error ? html` aria-describedby="form-error" aria-invalid="true"` : ''} autofocus>
<button type="submit">${t('code.submit')}</button>
</form>
<form method="post" action="${data.resendAction}">
${csrfField(data.csrf)}
<button type="submit" class="secondary">${t('code.resend')}</button>
</form>
${linkList(data.links)}`,
  );
}

/** One attribute input as the page shows it, with what the person typed and its error. */
export interface FieldView {
  /** The form field name. */
  name: string;
  label: string;
  inputType: 'text' | 'dropdown' | 'radio' | 'checkbox' | 'multiSelect' | 'date';
  numeric: boolean;
  required: boolean;
  options: Array<{ value: string; label: string }>;
  minLength?: number;
  maxLength?: number;
  autocomplete?: string;
  value: string | string[] | undefined;
  error?: string;
}

/** One attribute input with its label and its error beside it (sign-up and the account profile). */
export function fieldInput(t: Translate, field: FieldView): SafeHtml {
  const id = `f-${field.name}`;
  const errorId = `${id}-error`;
  const described = field.error ? html` aria-describedby="${errorId}" aria-invalid="true"` : '';
  const required = field.required ? html` required aria-required="true"` : '';
  const optional = field.required ? '' : html` <span class="optional">${t('attribute.optional')}</span>`;
  const error = field.error ? html`<p class="field-error" id="${errorId}">${field.error}</p>` : '';
  const values = Array.isArray(field.value) ? field.value : field.value ? [field.value] : [];
  const single = values[0] ?? '';

  switch (field.inputType) {
    case 'dropdown':
      return html`<label for="${id}">${field.label}${optional}</label>
${error}<select id="${id}" name="${field.name}"${required}${described}>
<option value="">${t('attribute.choose')}</option>
${field.options.map((o) => html`<option value="${o.value}"${o.value === single ? html` selected` : ''}>${o.label}</option>`)}
</select>`;
    case 'radio':
    case 'multiSelect': {
      const type = field.inputType === 'radio' ? 'radio' : 'checkbox';
      return html`<fieldset${described}><legend>${field.label}${optional}</legend>
${error}${field.options.map(
  (o, i) =>
    html`<div class="choice"><input type="${type}" id="${id}-${i}" name="${field.name}" value="${o.value}"${values.includes(o.value) ? html` checked` : ''}${type === 'radio' ? required : ''}><label for="${id}-${i}">${o.label}</label></div>`,
)}
</fieldset>`;
    }
    case 'checkbox':
      return html`${error}<div class="choice"><input type="checkbox" id="${id}" name="${field.name}" value="true"${single === 'true' ? html` checked` : ''}${required}${described}><label for="${id}">${field.label}${optional}</label></div>`;
    case 'date':
      return html`<label for="${id}">${field.label}${optional}</label>
${error}<input type="date" id="${id}" name="${field.name}" value="${single}"${required}${described}>`;
    default:
      return html`<label for="${id}">${field.label}${optional}</label>
${error}<input type="text" id="${id}" name="${field.name}" value="${single}"${field.numeric ? html` inputmode="numeric"` : ''}${field.maxLength ? html` maxlength="${field.maxLength}"` : ''}${field.autocomplete ? html` autocomplete="${field.autocomplete}"` : ''}${required}${described}>`;
  }
}

export interface NewPasswordFields {
  error?: string;
}

const newPasswordInputs = (t: Translate, fields: NewPasswordFields) => {
  const described = fields.error ? html` aria-describedby="password-error" aria-invalid="true"` : '';
  return html`<label for="password">${t('password.new')}</label>
${fields.error ? html`<p class="field-error" id="password-error">${fields.error}</p>` : ''}<input id="password" name="password" type="password" autocomplete="new-password" required maxlength="1024"${described}>
<label for="confirm">${t('password.confirm')}</label>
<input id="confirm" name="confirm" type="password" autocomplete="new-password" required maxlength="1024">`;
};

export interface SignUpDetailsData {
  base: string;
  action: string;
  email: string;
  csrf: string;
  /** Whether the flow signs in with a password (so one is chosen here). */
  password?: NewPasswordFields;
  fields: FieldView[];
  error?: string;
}

/** The last sign-up page: a password (when the flow uses one), then the flow's attributes. */
export function signUpDetailsPage(frame: PageFrame, data: SignUpDetailsData): string {
  const { t } = frame;
  return layout(
    { ...frame, title: t('signUp.title') },
    html`<h1>${t('signUp.title')}</h1>
<p class="intro">${data.email}</p>
${alert(data.error)}
<form method="post" action="${data.action}" novalidate>
${csrfField(data.csrf)}
${data.password ? html`<h2>${t('signUp.passwordHeading')}</h2>${newPasswordInputs(t, data.password)}` : ''}
${data.fields.length ? html`<h2>${t('signUp.attributesHeading')}</h2>${data.fields.map((f) => fieldInput(t, f))}` : ''}
<button type="submit">${t('signUp.create')}</button>
</form>
${cancelForm(t, data.base, data.csrf)}`,
  );
}

export interface NewPasswordPageData {
  base: string;
  title: string;
  heading: string;
  intro?: string;
  action: string;
  submit: string;
  csrf: string;
  password: NewPasswordFields;
  error?: string;
}

/** Choose a new password: after a reset code, or when the password must be changed. */
export function newPasswordPage(frame: PageFrame, data: NewPasswordPageData): string {
  const { t } = frame;
  return layout(
    { ...frame, title: data.title },
    html`<h1>${data.heading}</h1>
${data.intro ? html`<p class="intro">${data.intro}</p>` : ''}
${alert(data.error)}
<form method="post" action="${data.action}" novalidate>
${csrfField(data.csrf)}
${newPasswordInputs(t, data.password)}
<button type="submit">${data.submit}</button>
</form>
${cancelForm(t, data.base, data.csrf)}`,
  );
}

export function errorPage(
  frame: PageFrame,
  data: { message: string; correlationId: string; details?: string },
): string {
  const { t } = frame;
  return layout(
    { ...frame, title: t('error.title') },
    html`<h1>${t('error.heading')}</h1>
<p role="alert">${data.message}</p>
${data.details ? html`<p class="muted">${t('error.details', { details: data.details })}</p>` : ''}
<p class="muted">${t('error.correlation', { id: data.correlationId })}</p>`,
  );
}

export function messagePage(
  frame: PageFrame,
  title: string,
  message: string,
  extra: SafeHtml | string = '',
): string {
  return layout({ ...frame, title }, html`<h1>${title}</h1><p>${message}</p>${extra}`);
}

/**
 * Front-channel logout: each app's logout URL in a hidden frame (no script; the response's
 * CSP allows these frames), then a link on to the app that asked for the sign-out.
 */
export function frontChannelFrames(frame: PageFrame, frames: string[], continueTo?: string): SafeHtml {
  return html`${frames.map((src) => html`<iframe hidden src="${src}"></iframe>`)}
${continueTo ? html`<p><a href="${continueTo}">${frame.t('common.continue')}</a></p>` : ''}`;
}

/** oidc-provider's logout confirmation: its own form (with its xsrf token), our buttons. */
export function logoutPage(frame: PageFrame, form: string): string {
  const { t } = frame;
  // oidc-provider built this form (a hidden xsrf field) and escaped its values.
  const providerForm = new SafeHtml(form);
  return layout(
    { ...frame, title: t('logout.title') },
    html`<h1>${t('logout.title')}</h1>
<p>${t('logout.body')}</p>
${providerForm}
<button type="submit" form="op.logoutForm" name="logout" value="yes">${t('logout.yes')}</button>
<button type="submit" form="op.logoutForm" class="secondary">${t('logout.no')}</button>`,
  );
}

/** One way to prove a second factor, offered on the MFA page. */
export interface MfaOption {
  /** A POST (sends something, e.g. an email code) or a GET link (a page that asks for a code). */
  kind: 'post' | 'link';
  href: string;
  label: string;
}

/** Choose how to prove the second factor. */
export function mfaChoicePage(
  frame: PageFrame,
  data: { base: string; appName: string; csrf: string; options: MfaOption[]; error?: string },
): string {
  const { t } = frame;
  return layout(
    { ...frame, title: t('mfa.title') },
    html`<h1>${t('mfa.heading')}</h1>
<p class="intro">${t('mfa.intro', { app: data.appName })}</p>
${alert(data.error)}
${data.options.map((option) =>
  option.kind === 'post'
    ? html`<form method="post" action="${option.href}">
${csrfField(data.csrf)}
<button type="submit">${option.label}</button>
</form>`
    : html`<p><a class="button-link" href="${option.href}">${option.label}</a></p>`,
)}
${cancelForm(t, data.base, data.csrf)}`,
  );
}

/** A single code field: an authenticator app's code or a recovery code. */
export function mfaCodePage(
  frame: PageFrame,
  data: {
    base: string;
    heading: string;
    label: string;
    action: string;
    csrf: string;
    numeric: boolean;
    error?: string;
    links: PageLink[];
  },
): string {
  const { t } = frame;
  return layout(
    { ...frame, title: t('mfa.title') },
    html`<h1>${data.heading}</h1>
${alert(data.error)}
<form method="post" action="${data.action}" novalidate>
${csrfField(data.csrf)}
<label for="code">${data.label}</label>
<input id="code" name="code" type="text"${data.numeric ? html` inputmode="numeric" pattern="[0-9]{6}" maxlength="6"` : html` maxlength="32"`} autocomplete="one-time-code" required${data.error ? html` aria-describedby="form-error" aria-invalid="true"` : ''} autofocus>
<button type="submit">${t('mfa.verify')}</button>
</form>
${linkList(data.links)}
${cancelForm(t, data.base, data.csrf)}`,
  );
}

/** Set up an authenticator app: the QR code, the key to type, and the first code. */
export function totpSetupPage(
  frame: PageFrame,
  data: {
    base: string;
    appName: string;
    action: string;
    csrf: string;
    qrDataUrl: string;
    secret: string;
    error?: string;
  },
): string {
  const { t } = frame;
  return layout(
    { ...frame, title: t('mfaSetup.title') },
    html`<h1>${t('mfaSetup.heading')}</h1>
<p class="intro">${t('mfaSetup.intro', { app: data.appName })}</p>
${alert(data.error)}
<p class="qr"><img src="${data.qrDataUrl}" alt="${t('mfaSetup.qrAlt')}" width="200" height="200"></p>
<p class="muted">${t('mfaSetup.manual', { secret: data.secret })}</p>
<form method="post" action="${data.action}" novalidate>
${csrfField(data.csrf)}
<label for="code">${t('code.label')}</label>
<input id="code" name="code" type="text" inputmode="numeric" pattern="[0-9]{6}" maxlength="6" autocomplete="one-time-code" required${data.error ? html` aria-describedby="form-error" aria-invalid="true"` : ''}>
<button type="submit">${t('mfaSetup.submit')}</button>
</form>
${cancelForm(t, data.base, data.csrf)}`,
  );
}

/** The recovery codes, shown once, and the way on. */
export function recoveryCodesPage(
  frame: PageFrame,
  data: { action: string; csrf: string; codes: string[] },
): string {
  const { t } = frame;
  return layout(
    { ...frame, title: t('recovery.title') },
    html`<h1>${t('recovery.title')}</h1>
<p class="intro">${t('recovery.intro')}</p>
<ul class="recovery-codes">${data.codes.map((code) => html`<li><code>${code}</code></li>`)}</ul>
<form method="post" action="${data.action}">
${csrfField(data.csrf)}
<button type="submit">${t('recovery.continue')}</button>
</form>`,
  );
}

/**
 * WebAuthn options as a JSON data block: never executed (allowed without 'unsafe-inline'), read
 * by passkey.js. `<`, `>` and `&` are escaped as JSON, so no value can end the element.
 */
const jsonBlock = (value: unknown) =>
  new SafeHtml(
    JSON.stringify(value).replace(
      /[<>&\u2028\u2029]/g,
      (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
    ),
  );

export interface PasskeyPageData {
  base: string;
  heading: string;
  intro: string;
  /** Where the form posts the browser's answer. */
  action: string;
  csrf: string;
  challengeId: string;
  /** `get`: an assertion (sign-in, second factor); `create`: a new passkey. */
  ceremony: 'get' | 'create';
  options: unknown;
  submit: string;
  error?: string;
  links: PageLink[];
}

/** A passkey ceremony: the options, the form passkey.js fills in, and other ways for those without JavaScript. */
export function passkeyPage(frame: PageFrame, data: PasskeyPageData): string {
  const { t } = frame;
  return layout(
    { ...frame, title: data.heading },
    html`<h1>${data.heading}</h1>
<p class="intro">${data.intro}</p>
${alert(data.error)}
<noscript><p class="alert" role="alert">${t('passkey.noScript')}</p></noscript>
<p class="alert" role="alert" id="passkey-status" hidden></p>
<script type="application/json" id="passkey-options">${jsonBlock(data.options)}</script>
<form method="post" action="${data.action}" id="passkey-form" data-ceremony="${data.ceremony}" data-failed="${t('passkey.failed')}" data-unsupported="${t('passkey.unsupported')}">
${csrfField(data.csrf)}
<input type="hidden" name="challengeId" value="${data.challengeId}">
<input type="hidden" name="response" value="">
<button type="submit" hidden>${data.submit}</button>
</form>
${linkList(data.links)}
${cancelForm(t, data.base, data.csrf)}
<script src="/t/${frame.tenantId}/u/assets/passkey.js" defer></script>`,
  );
}

/** A rendered page with an offer to add a passkey instead, above its cancel button. */
export function withPasskeyOffer(page: string, base: string, label: string): string {
  const cancel = `<form method="post" action="${escapeHtml(base)}/abort">`;
  const offer = html`<ul class="links"><li><a href="${base}/mfa/passkey/setup">${label}</a></li></ul>\n`
    .value;
  return page.includes(cancel) ? page.replace(cancel, `${offer}${cancel}`) : page;
}

export interface FederationLinkPageData {
  base: string;
  csrf: string;
  /** The existing account's address (the provider's verified email). */
  email: string;
  providerName: string;
  /** The flow signs in with passwords: offer one, beside the emailed code. */
  password: boolean;
  error?: string;
}

/** A provider's verified email is an existing account's: prove that account to link the provider. */
export function federationLinkPage(frame: PageFrame, data: FederationLinkPageData): string {
  const { t } = frame;
  return layout(
    { ...frame, title: t('federation.link.title') },
    html`<h1>${t('federation.link.heading', { name: data.providerName })}</h1>
<p class="intro">${t('federation.link.intro', { email: data.email, name: data.providerName })}</p>
${alert(data.error)}
${
  data.password
    ? html`<form method="post" action="${data.base}/federation/link" novalidate>
${csrfField(data.csrf)}
<input type="hidden" name="login" value="${data.email}" autocomplete="username">
<label for="password">${t('signIn.password')}</label>
<input id="password" name="password" type="password" autocomplete="current-password" required${data.error ? html` aria-invalid="true" aria-describedby="form-error"` : ''}>
<button type="submit">${t('federation.link.submit')}</button>
</form>`
    : ''
}
<form method="post" action="${data.base}/federation/link/send">
${csrfField(data.csrf)}
<button type="submit"${data.password ? html` class="secondary"` : ''}>${t('federation.link.sendCode', { email: data.email })}</button>
</form>
${cancelForm(t, data.base, data.csrf)}`,
  );
}

/** The form fields oidc-provider checks on a device flow page: its own CSRF token (`xsrf`). */
const deviceXsrf = (xsrf: string) => html`<input type="hidden" name="xsrf" value="${xsrf}">`;

/** The device flow's verification page (RFC 8628): the code the device shows. */
export function deviceCodePage(
  frame: PageFrame,
  data: { action: string; xsrf: string; userCode?: string; error?: string },
): string {
  const { t } = frame;
  return layout(
    { ...frame, title: t('device.title') },
    html`<h1>${t('device.heading')}</h1>
<p class="intro">${t('device.intro')}</p>
${alert(data.error)}
<form method="post" action="${data.action}" novalidate>
${deviceXsrf(data.xsrf)}
<label for="user_code">${t('device.label')}</label>
<input id="user_code" name="user_code" type="text" class="user-code" autocomplete="one-time-code" autocapitalize="characters" spellcheck="false" required maxlength="32" value="${data.userCode ?? ''}"${data.error ? html` aria-describedby="form-error" aria-invalid="true"` : ''} autofocus>
<button type="submit">${t('device.next')}</button>
</form>`,
  );
}

/** The code was found: the user confirms the app and the code before signing in (or cancels). */
export function deviceConfirmPage(
  frame: PageFrame,
  data: { action: string; xsrf: string; userCode: string; appName: string },
): string {
  const { t } = frame;
  return layout(
    { ...frame, title: t('device.confirmTitle') },
    html`<h1>${t('device.confirmHeading', { app: data.appName })}</h1>
<p class="intro">${t('device.confirmIntro')}</p>
<p class="user-code" aria-label="${t('device.label')}"><code>${data.userCode}</code></p>
<p class="muted">${t('device.confirmWarning')}</p>
<form method="post" action="${data.action}">
${deviceXsrf(data.xsrf)}
<input type="hidden" name="user_code" value="${data.userCode}">
<button type="submit" name="confirm" value="yes">${t('common.continue')}</button>
<button type="submit" name="abort" value="yes" class="secondary">${t('signIn.cancel')}</button>
</form>`,
  );
}
