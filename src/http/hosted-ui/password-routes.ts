import type { FastifyInstance } from 'fastify';
import { AppError } from '../../platform/index.js';
import type { CodeStep } from './code-step.js';
import { hasAccount, registerCodePageRoutes, typedCode } from './code-step.js';
import type { HostedUiDeps } from './deps.js';
import type { Translate } from './messages.js';
import { field, formOf, type InteractionPage, PageError, redirect, sendPage } from './page.js';
import { type PageRoutesDeps, typedEmail } from './sign-in-routes.js';
import { emailPage, newPasswordPage } from './templates.js';

export const RESET_STEP: CodeStep = {
  purpose: 'passwordReset',
  template: 'resetCode',
  path: 'reset',
  back: (page) => [{ href: `${page.base}/reset`, label: page.t('common.back') }],
};

/** The page's words for a password the directory refused. */
export function passwordMessage(t: Translate, error: unknown): string | undefined {
  if (!(error instanceof AppError)) return undefined;
  const details = (error.details ?? []) as Array<{ code?: string; min?: number; max?: number }>;
  const limit = (pattern: RegExp) => pattern.exec(error.message)?.[1] ?? '';
  switch (error.code) {
    case 'password_too_short':
      return t('password.tooShort', { min: String(details[0]?.min ?? limit(/at least (\d+)/)) });
    case 'password_too_long':
      return t('password.tooLong', { max: String(details[0]?.max ?? limit(/at most (\d+)/)) });
    case 'password_too_weak':
      return t('password.tooWeak');
    case 'password_reused':
      return t('password.reused');
    default:
      return undefined;
  }
}

/** What is wrong with a new password and its confirmation, in the page's words; undefined when nothing. */
export async function passwordProblem(
  deps: HostedUiDeps,
  t: Translate,
  tenantId: string,
  password: string,
  confirm: string,
  context: { mail?: string | null },
): Promise<string | undefined> {
  if (!password) return t('password.missing');
  if (password !== confirm) return t('password.mismatch');
  try {
    await deps.accounts.validatePassword(tenantId, password, context);
    return undefined;
  } catch (error) {
    const message = passwordMessage(t, error);
    if (message) return message;
    throw error;
  }
}

/**
 * Password reset (email → code → new password → every session ends → signed in) and the
 * forced change after the first factor. Both finish through the pipeline with a ticket.
 */
/** What a reset's emailed code proves: the mailbox (RFC 8176 `otp`), as an email-code sign-in does. */
const MAILBOX_PROOF = ['otp'];

export function passwordRoutes(app: FastifyInstance, { deps, pages, codes, finish }: PageRoutesDeps): void {
  /**
   * Whether the user holds a second factor other than the mailbox the reset code went to: the
   * one security-info rule then asks for it before the password changes.
   */
  const mustProveAnotherFactor = async (page: InteractionPage, userId: string) =>
    (await deps.secondFactors.provableAfter(page.tenant.id, userId, MAILBOX_PROOF)).length > 0;

  const startPage = (page: InteractionPage, data: { email?: string; error?: string } = {}) =>
    emailPage(page.frame, {
      base: page.base,
      title: page.t('reset.title'),
      heading: page.t('reset.heading'),
      intro: page.t('reset.intro'),
      action: `${page.base}/reset`,
      submit: page.t('signIn.sendCode'),
      csrf: page.csrf,
      email: data.email,
      error: data.error,
      links: [{ href: page.base, label: page.t('common.back') }],
    });

  const choosePage = (page: InteractionPage, kind: 'reset' | 'change', error?: string) =>
    newPasswordPage(page.frame, {
      base: page.base,
      title: page.t(kind === 'reset' ? 'reset.title' : 'change.title'),
      heading: page.t(kind === 'reset' ? 'reset.newHeading' : 'change.heading'),
      intro: kind === 'change' ? page.t('change.intro') : undefined,
      action: `${page.base}/${kind === 'reset' ? 'reset/password' : 'change'}`,
      submit: page.t(kind === 'reset' ? 'reset.submit' : 'change.submit'),
      csrf: page.csrf,
      password: { error },
    });

  /** Sets the new password (policy; not the current one); the page's message when refused. */
  async function setNewPassword(
    page: InteractionPage,
    userId: string,
    form: Record<string, string | string[]>,
    reason: 'reset' | 'change',
  ): Promise<string | undefined> {
    const password = field(form, 'password');
    if (!password) return page.t('password.missing');
    if (password !== field(form, 'confirm')) return page.t('password.mismatch');
    try {
      await deps.accounts.setPassword(page.tenant.id, userId, password, { rejectCurrent: true, reason });
    } catch (error) {
      const message = passwordMessage(page.t, error);
      if (message) return message;
      throw error;
    }
    // Every session and refresh token of the user ends now, before the new sign-in opens one.
    await deps.accounts.revokeSessions(page.tenant.id, userId);
    return undefined;
  }

  /** A reset page: only where the flow signs in with passwords. */
  async function resetPage(
    request: Parameters<typeof pages.load>[0],
    reply: Parameters<typeof pages.load>[1],
    form?: Record<string, unknown>,
  ) {
    const page = await pages.load(request, reply, { ...(form && { form }), prompt: 'login' });
    if (!page.flow.signInMethods.includes('emailPassword')) throw new PageError(404, 'error.notFound');
    return page;
  }

  async function notifyChanged(page: InteractionPage, userId: string) {
    const user = await deps.accounts.findUser(page.tenant.id, userId);
    if (!user?.mail) return;
    await deps.mail.enqueue(page.tenant.id, {
      template: 'passwordChanged',
      to: user.mail,
      lang: page.lang,
      data: { displayName: user.displayName, appName: page.appName },
    });
  }

  app.get('/interaction/:uid/reset', async (request, reply) => {
    const page = await resetPage(request, reply);
    return sendPage(reply, startPage(page));
  });

  app.post('/interaction/:uid/reset', async (request, reply) => {
    const form = formOf(request);
    const page = await resetPage(request, reply, form);
    const email = typedEmail(field(form, 'email'));
    if (!email.key)
      return sendPage(
        reply,
        startPage(page, {
          email: email.typed,
          error: page.t(email.typed ? 'signIn.invalidEmail' : 'signIn.missingEmail'),
        }),
        400,
      );
    // Whether an account exists is asked after the page has answered: no timing tells.
    const requested = await codes.request(
      page,
      request,
      RESET_STEP,
      email.key,
      hasAccount(deps, page, email.key),
    );
    if (!requested.ok) {
      reply.header('retry-after', String(Math.ceil(requested.retryAfterMs / 1000)));
      return sendPage(reply, startPage(page, { email: email.typed, error: page.t('signIn.throttled') }), 429);
    }
    await deps.journeys.put(page.tenant.id, page.uid, {
      kind: 'passwordReset',
      email: email.key,
      challengeId: requested.challengeId,
    });
    return redirect(reply, `${page.base}/reset/code`);
  });

  app.post('/interaction/:uid/reset/code', async (request, reply) => {
    const form = formOf(request);
    const page = await resetPage(request, reply, form);
    const journey = await deps.journeys.get(page.tenant.id, page.uid, 'passwordReset');
    if (!journey) return redirect(reply, `${page.base}/reset`);
    const show = (status: number, error: string) =>
      codes.show(page, reply, RESET_STEP, journey.email, { status, error });
    const code = typedCode(field(form, 'code'));
    if (!code) return show(400, page.t('code.invalidFormat'));
    const scope = { tenantId: page.tenant.id, purpose: RESET_STEP.purpose };
    const result = await deps.codes.verify(scope, journey.challengeId, code);
    if (!result.ok)
      return result.reason === 'wrong'
        ? show(401, page.t('code.wrong', { remaining: String(result.remaining) }))
        : show(401, page.t('code.expired'));
    const user = await deps.accounts.findUserByLogin(page.tenant.id, journey.email);
    if (!user?.accountEnabled) return show(401, page.t('code.expired'));
    if (await mustProveAnotherFactor(page, user.id)) {
      // The mailbox alone does not reset the password of a user who holds another factor:
      // that factor first (the MFA pages, which come back to the new password).
      await deps.journeys.put(page.tenant.id, page.uid, {
        kind: 'mfa',
        userId: user.id,
        login: journey.email,
        amr: MAILBOX_PROOF,
        reset: { email: journey.email },
      });
      return redirect(reply, `${page.base}/mfa`);
    }
    await deps.journeys.put(page.tenant.id, page.uid, { ...journey, verifiedUserId: user.id });
    return redirect(reply, `${page.base}/reset/password`);
  });

  registerCodePageRoutes(app, deps, codes, RESET_STEP, {
    kind: 'passwordReset',
    load: resetPage,
    done: { is: (journey) => journey.verifiedUserId !== undefined, path: 'reset/password' },
    deliver: (page, email) => hasAccount(deps, page, email)(),
  });

  app.get('/interaction/:uid/reset/password', async (request, reply) => {
    const page = await resetPage(request, reply);
    const journey = await deps.journeys.get(page.tenant.id, page.uid, 'passwordReset');
    if (!journey?.verifiedUserId) return redirect(reply, `${page.base}/reset`);
    return sendPage(reply, choosePage(page, 'reset'));
  });

  app.post('/interaction/:uid/reset/password', async (request, reply) => {
    const form = formOf(request);
    const page = await resetPage(request, reply, form);
    const journey = await deps.journeys.get(page.tenant.id, page.uid, 'passwordReset');
    const userId = journey?.verifiedUserId;
    if (!journey || !userId) return redirect(reply, `${page.base}/reset`);
    // Checked again where the password is set: a factor added meanwhile is asked too.
    if (!journey.proved && (await mustProveAnotherFactor(page, userId)))
      return redirect(reply, `${page.base}/reset`);
    const problem = await setNewPassword(page, userId, form, 'reset');
    if (problem) return sendPage(reply, choosePage(page, 'reset', problem), 400);
    await deps.accounts.clearLockout(page.tenant.id, journey.email);
    await notifyChanged(page, userId);
    const ticket = await deps.tickets.issue({
      tenantId: page.tenant.id,
      userId,
      amr: journey.proved ?? MAILBOX_PROOF,
      detail: journey.proved
        ? 'Password reset with a code sent by email and a second factor'
        : 'Password reset with a code sent by email',
      passwordChanged: 'reset',
    });
    return finish(page, request, reply, { method: 'ticket', login: journey.email, ticket }, (status, error) =>
      sendPage(reply, startPage(page, { email: journey.email, error }), status),
    );
  });

  app.get('/interaction/:uid/change', async (request, reply) => {
    const page = await pages.load(request, reply, { prompt: 'login' });
    const journey = await deps.journeys.get(page.tenant.id, page.uid, 'passwordChange');
    if (!journey) return redirect(reply, page.base);
    return sendPage(reply, choosePage(page, 'change'));
  });

  app.post('/interaction/:uid/change', async (request, reply) => {
    const form = formOf(request);
    const page = await pages.load(request, reply, { form, prompt: 'login' });
    const journey = await deps.journeys.get(page.tenant.id, page.uid, 'passwordChange');
    if (!journey) return redirect(reply, page.base);
    const problem = await setNewPassword(page, journey.userId, form, 'change');
    if (problem) return sendPage(reply, choosePage(page, 'change', problem), 400);
    await notifyChanged(page, journey.userId);
    const ticket = await deps.tickets.issue({
      tenantId: page.tenant.id,
      userId: journey.userId,
      amr: journey.amr,
      detail: 'Password changed at sign-in, as required',
      passwordChanged: 'change',
      risk: journey.risk,
      link: journey.link,
    });
    return finish(page, request, reply, { method: 'ticket', login: journey.login, ticket }, (status, error) =>
      sendPage(reply, choosePage(page, 'change', error), status),
    );
  });
}
