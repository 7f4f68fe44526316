import { html, SafeHtml } from './html.js';
import type { Translate } from './messages.js';

interface PageFrame {
  t: Translate;
  lang: string;
  tenantId: string;
  title: string;
}

function layout({ lang, tenantId, title }: PageFrame, body: SafeHtml): string {
  return html`<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<link rel="icon" href="data:,">
<title>${title}</title>
<link rel="stylesheet" href="/t/${tenantId}/u/assets/style.css">
</head>
<body>
<main>
${body}
</main>
</body>
</html>`.value;
}

export interface SignInPageData {
  uid: string;
  appName: string;
  csrf: string;
  login?: string;
  error?: string;
}

export function signInPage(frame: Omit<PageFrame, 'title'>, data: SignInPageData): string {
  const { t, tenantId } = frame;
  const action = `/t/${tenantId}/u/interaction/${data.uid}`;
  return layout(
    { ...frame, title: t('signIn.title') },
    html`<h1>${t('signIn.heading', { app: data.appName })}</h1>
${data.error ? html`<p class="alert" role="alert" id="form-error">${data.error}</p>` : ''}
<form method="post" action="${action}/login" novalidate>
<input type="hidden" name="csrf" value="${data.csrf}">
<label for="login">${t('signIn.email')}</label>
<input id="login" name="login" type="email" autocomplete="username" required maxlength="256" value="${data.login ?? ''}"${data.error ? html` aria-describedby="form-error"` : ''} autofocus>
<label for="password">${t('signIn.password')}</label>
<input id="password" name="password" type="password" autocomplete="current-password" required maxlength="1024">
<button type="submit">${t('signIn.submit')}</button>
</form>
<form method="post" action="${action}/abort">
<input type="hidden" name="csrf" value="${data.csrf}">
<button type="submit" class="secondary">${t('signIn.cancel')}</button>
</form>`,
  );
}

export function errorPage(
  frame: Omit<PageFrame, 'title'>,
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

export function messagePage(frame: Omit<PageFrame, 'title'>, title: string, message: string): string {
  return layout({ ...frame, title }, html`<h1>${title}</h1><p>${message}</p>`);
}

/** oidc-provider's logout confirmation: its own form (with its xsrf token), our buttons. */
export function logoutPage(frame: Omit<PageFrame, 'title'>, form: string): string {
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
