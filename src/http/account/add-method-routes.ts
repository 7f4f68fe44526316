import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { maskPhoneNumber, toE164 } from '../../mfa/index.js';
import type { RegistrationResponseJSON } from '../../mfa/passkeys/index.js';
import { AppError } from '../../platform/index.js';
import { PASSKEY_PAGE_CSP } from '../hosted-ui/index.js';
import { field, formOf, PageError, redirect, sendPage } from '../hosted-ui/page.js';
import { passkeyPage } from '../hosted-ui/templates.js';
import type { AccountContext, AccountRequest } from './index.js';
import { phoneCodePage, phonePage } from './templates.js';

/** The security page with an error, as the security routes render it. */
export type ShowSecurity = (
  reply: FastifyReply,
  page: AccountRequest,
  extra: { error?: string },
  status: number,
) => Promise<FastifyReply>;

/** A phone number waiting for its code: sealed into the code form, bound to the tenant and user. */
interface PendingPhone {
  challengeId: string;
  phone: string;
  minutes: number;
}

const pendingAad = (page: AccountRequest) => `account-phone:${page.tenantId}:${page.user.id}`;

/** The region of the browser's first language with one (`de-CH` → `CH`): numbers typed without `+`. */
function regionOf(acceptLanguage: string | undefined): string | undefined {
  for (const part of (acceptLanguage ?? '').slice(0, 256).split(',')) {
    const region = /^\s*[A-Za-z]{2,3}-([A-Za-z]{2})\b/.exec(part)?.[1];
    if (region) return region.toUpperCase();
  }
  return undefined;
}

/**
 * Adding a phone (texted codes) and a passkey from the security page. A phone counts only once
 * the code texted to it comes back; a passkey page runs the hosted pages' passkey.js, so it
 * alone gets `script-src 'self'`.
 */
export function addMethodRoutes(app: FastifyInstance, context: AccountContext, showSecurity: ShowSecurity) {
  const { deps } = context;
  const smsEnabled = async (page: AccountRequest) =>
    (await deps.mfa.enabledMethods(page.tenantId)).has('sms');
  const fido2Enabled = async (page: AccountRequest) =>
    (await deps.mfa.enabledMethods(page.tenantId)).has('fido2');
  const codeScope = (page: AccountRequest) => ({ tenantId: page.tenantId, purpose: 'mfa' as const });

  // -- phone -------------------------------------------------------------------------------

  const showPhone = async (
    reply: FastifyReply,
    page: AccountRequest,
    data: { phone?: string; error?: string } = {},
    status = 200,
  ) => {
    const methods = await deps.mfa.methodsOf(page.tenantId, page.user.id);
    const replaces = methods.some((m) => m.type === 'phone');
    return sendPage(reply, phonePage(page.view, { ...data, replaces }), status);
  };

  const loadForPhone = async (
    request: FastifyRequest,
    reply: FastifyReply,
    form?: Record<string, string | string[]>,
  ) => {
    const page = await context.load(request, reply, form, { securityInfo: '/security/phone' });
    if (!(await smsEnabled(page))) throw new PageError(404, 'error.notFound');
    return page;
  };

  app.get('/security/phone', async (request, reply) => showPhone(reply, await loadForPhone(request, reply)));

  app.post('/security/phone', async (request, reply) => {
    const form = formOf(request);
    const page = await loadForPhone(request, reply, form);
    const { t } = page.view;
    const typed = field(form, 'phone');
    const phone = toE164(typed, regionOf(request.headers['accept-language']));
    if (!phone) return showPhone(reply, page, { phone: typed, error: t('account.phone.invalid') }, 400);
    // Texts cost money and can be pumped: a few per user per hour, within the sender's daily caps.
    const allowed = (await deps.phoneCodesPerUser.consume(`${page.tenantId}:${page.user.id}`)).allowed;
    const issued = allowed ? await deps.codes.issue(codeScope(page), phone) : undefined;
    const sent =
      issued &&
      (await deps.sms.sendCode(page.tenantId, {
        to: phone,
        lang: page.view.frame.lang,
        code: issued.code,
        minutes: issued.expiresInMinutes,
        appName: page.protocol.tenant.displayName,
      }));
    if (!issued || !sent?.ok) {
      if (issued) await deps.codes.discard(issued.challengeId);
      return showPhone(reply, page, { phone: typed, error: t('signIn.throttled') }, 429);
    }
    const pending: PendingPhone = {
      challengeId: issued.challengeId,
      phone,
      minutes: issued.expiresInMinutes,
    };
    return sendPage(
      reply,
      phoneCodePage(page.view, {
        maskedPhone: maskPhoneNumber(phone),
        minutes: pending.minutes,
        pending: deps.box.seal(JSON.stringify(pending), pendingAad(page)),
      }),
    );
  });

  app.post('/security/phone/verify', async (request, reply) => {
    const form = formOf(request);
    const page = await loadForPhone(request, reply, form);
    const { t } = page.view;
    const sealed = field(form, 'pending');
    let pending: PendingPhone | undefined;
    try {
      pending =
        sealed.length <= 2048
          ? (JSON.parse(deps.box.open(sealed, pendingAad(page))) as PendingPhone)
          : undefined;
    } catch {
      pending = undefined;
    }
    if (!pending) return showPhone(reply, page, { error: t('code.expired') }, 400);
    const result = await deps.codes.verify(
      codeScope(page),
      pending.challengeId,
      field(form, 'code').replace(/\s/g, ''),
    );
    if (!result.ok && result.reason === 'wrong')
      return sendPage(
        reply,
        phoneCodePage(page.view, {
          maskedPhone: maskPhoneNumber(pending.phone),
          minutes: pending.minutes,
          pending: sealed,
          error: t('code.wrong', { remaining: String(result.remaining) }),
        }),
        400,
      );
    // The challenge names the number it was texted to; that number, and only it, is stored.
    if (!result.ok || result.email !== pending.phone)
      return showPhone(reply, page, { phone: pending.phone, error: t('code.expired') }, 400);
    try {
      await deps.mfa.addPhone(page.tenantId, page.user.id, pending.phone);
    } catch (error) {
      if (error instanceof AppError) throw new PageError(400, 'error.generic');
      throw error;
    }
    return redirect(reply, `${page.view.base}/security?done=phone`);
  });

  // -- passkey -----------------------------------------------------------------------------

  async function showPasskey(reply: FastifyReply, page: AccountRequest, error?: string, status = 200) {
    const { t } = page.view;
    const { user } = page;
    const name =
      user.mail ??
      user.identities.find((i) => i.signInType !== 'federated')?.issuerAssignedId ??
      user.displayName;
    let registration: Awaited<ReturnType<typeof deps.passkeys.registrationOptions>>;
    try {
      registration = await deps.passkeys.registrationOptions(page.tenantId, {
        id: user.id,
        name,
        displayName: user.displayName || name,
      });
    } catch (error) {
      // The most passkeys a user may have.
      if (error instanceof AppError)
        return showSecurity(reply, page, { error: t('passkey.registrationFailed') }, 409);
      throw error;
    }
    return sendPage(
      reply.header('content-security-policy', PASSKEY_PAGE_CSP),
      passkeyPage(page.view.frame, {
        // The page's cancel button posts to `{base}/abort`.
        base: `${page.view.base}/security`,
        heading: t('passkey.setupHeading'),
        intro: t('account.passkey.intro'),
        action: `${page.view.base}/security/passkey`,
        csrf: page.view.csrf,
        challengeId: registration.challengeId,
        ceremony: 'create',
        options: registration.options,
        submit: t('passkey.create'),
        error,
        links: [{ href: `${page.view.base}/security`, label: t('account.back') }],
      }),
      status,
    );
  }

  const loadForPasskey = async (
    request: FastifyRequest,
    reply: FastifyReply,
    form?: Record<string, string | string[]>,
  ) => {
    const page = await context.load(request, reply, form, { securityInfo: '/security/passkey' });
    if (!(await fido2Enabled(page))) throw new PageError(404, 'error.notFound');
    return page;
  };

  app.get('/security/passkey', async (request, reply) =>
    showPasskey(reply, await loadForPasskey(request, reply)),
  );

  app.post('/security/passkey', async (request, reply) => {
    const form = formOf(request);
    const page = await loadForPasskey(request, reply, form);
    const failed = () => showPasskey(reply, page, page.view.t('passkey.registrationFailed'), 400);
    let response: unknown;
    try {
      response = JSON.parse(field(form, 'response'));
    } catch {
      return failed();
    }
    if (!response || typeof response !== 'object' || Array.isArray(response)) return failed();
    try {
      await deps.passkeys.register(
        page.tenantId,
        page.user.id,
        field(form, 'challengeId'),
        response as RegistrationResponseJSON,
      );
    } catch (error) {
      if (error instanceof AppError) return failed();
      throw error;
    }
    return redirect(reply, `${page.view.base}/security?done=passkey`);
  });
}
