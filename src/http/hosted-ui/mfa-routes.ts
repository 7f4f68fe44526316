import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Journey } from '../../flows/index.js';
import type { UsageMfaMethod } from '../../insights/index.js';
import { maskPhoneNumber, secondFactorsFor } from '../../mfa/index.js';
import { type CodeStep, registerCodePageRoutes, typedCode } from './code-step.js';
import type { HostedUiDeps, MfaMethod } from './deps.js';
import type { FinishSignIn } from './finish.js';
import { field, formOf, type InteractionPage, PageError, redirect, sendPage } from './page.js';
import type { PageRoutesDeps } from './sign-in-routes.js';
import {
  type MfaOption,
  mfaChoicePage,
  mfaCodePage,
  recoveryCodesPage,
  totpSetupPage,
  withPasskeyOffer,
} from './templates.js';

export type MfaJourney = Extract<Journey, { kind: 'mfa' }>;

/** What this user can prove at the MFA step, and what they may add there (shared with the passkey pages). */
export async function mfaOptionsOf(deps: HostedUiDeps, tenantId: string, journey: MfaJourney) {
  const [enabled, held] = await Promise.all([
    deps.mfa.enabledMethods(tenantId),
    deps.secondFactors.held(tenantId, journey.userId),
  ]);
  // The mailbox that proved the first factor cannot prove the second (secondFactorsFor).
  const provable = secondFactorsFor(held, journey.amr);
  const email = provable.find((f) => f.kind === 'email')?.email;
  const phone = provable.find((f) => f.kind === 'phone')?.phone;
  const totp = provable.some((f) => f.kind === 'totp');
  const recovery = provable.some((f) => f.kind === 'recoveryCode');
  const passkey = provable.some((f) => f.kind === 'passkey');
  // Only someone with no second factor at all may add one here: otherwise a stolen password
  // (or mailbox) alone could register the thief's own authenticator app or passkey.
  const nothingToProve = held.length === 0;
  const fido2 = enabled.has('fido2');
  if (journey.passkeyOnly && (passkey || journey.amr.includes('mfa') || nothingToProve || !fido2)) {
    // Phishing-resistant MFA: a passkey, or adding one once this sign-in proved two factors.
    // Passkeys off: nothing can meet it, so no other method is offered only to end refused.
    const canEnrollPasskey = enabled.has('fido2') && !passkey;
    return { passkey, canEnrollPasskey, totp: false, recovery: false, canEnrollTotp: false };
  }
  return {
    email,
    phone,
    totp,
    recovery,
    passkey,
    /** The user's email is a second factor, but not in this sign-in: their mailbox proved the first. */
    mailboxUsed: held.length > provable.length,
    canEnrollTotp: enabled.has('totp') && nothingToProve,
    canEnrollPasskey: enabled.has('fido2') && nothingToProve,
  };
}

export const MFA_EMAIL_STEP: CodeStep = {
  purpose: 'mfa',
  template: 'signInCode',
  path: 'mfa/email',
  back: (page) => [{ href: `${page.base}/mfa`, label: page.t('mfa.otherMethod') }],
};

/** `n•••@example.com`: enough for the owner to recognise the address, not for others to read it. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  return at <= 0 ? email : `${email[0]}•••${email.slice(at)}`;
}

/** How usage & insights name each second factor (Graph `mfaCompletionMetric.mfaMethod`). */
const USAGE_METHODS: Record<MfaMethod, UsageMfaMethod> = {
  email: 'Email',
  sms: 'SMS',
  totp: 'PhoneAppOTP',
  recovery_code: 'RecoveryCode',
  passkey: 'Fido2',
};

/**
 * A second factor refused: counted for the operators, and logged as the interrupted sign-in
 * (its app, place and device), failed as Entra logs it (500121), so usage & insights count the
 * attempt. A reset's second factor has no sign-in to log.
 */
export function mfaFailed(
  deps: HostedUiDeps,
  request: FastifyRequest,
  journey: MfaJourney,
  method: MfaMethod,
) {
  deps.mfaTelemetry?.proved(method, false);
  if (!journey.logEntry) return;
  deps.recordSignIn({
    ...journey.logEntry,
    correlationId: request.id,
    status: {
      errorCode: 500121,
      failureReason: 'Authentication failed during strong authentication request.',
    },
    usage: { ...journey.logEntry.usage, mfa: { method: USAGE_METHODS[method], succeeded: false } },
  });
}

/** The second factor is proved: back through the pipeline with a ticket that carries `mfa`. */
export function createMfaCompletion(deps: HostedUiDeps, finish: FinishSignIn) {
  return async function complete(
    page: InteractionPage,
    request: FastifyRequest,
    reply: FastifyReply,
    journey: MfaJourney,
    proved: { method: MfaMethod; amr: string; detail: string },
  ) {
    deps.mfaTelemetry?.proved(proved.method, true);
    const amr = [...new Set([...journey.amr, proved.amr, 'mfa'])];
    if (journey.reset) {
      // A reset that asked for the user's other factor goes on to its new password.
      await deps.journeys.put(page.tenant.id, page.uid, {
        kind: 'passwordReset',
        email: journey.reset.email,
        challengeId: '',
        verifiedUserId: journey.userId,
        proved: amr,
      });
      return redirect(reply, `${page.base}/reset/password`);
    }
    const ticket = await deps.tickets.issue({
      tenantId: page.tenant.id,
      userId: journey.userId,
      amr,
      detail: proved.detail,
      risk: journey.risk,
      link: journey.link,
      usage: { ...journey.logEntry?.usage, mfa: { method: USAGE_METHODS[proved.method], succeeded: true } },
    });
    const again = (status: number, error: string) =>
      sendPage(
        reply,
        mfaChoicePage(page.frame, {
          base: page.base,
          appName: page.appName,
          csrf: page.csrf,
          options: [],
          error,
        }),
        status,
      );
    return finish(page, request, reply, { method: 'ticket', login: journey.login, ticket }, again);
  };
}

/**
 * The second factor, when step 7 of the pipeline interrupts a sign-in for it: the user
 * proves one of their methods (an emailed code, an authenticator app, a recovery code), or,
 * having none the tenant allows, sets up an authenticator app first. Success returns to the
 * pipeline with a ticket that carries `mfa` in its amr.
 */
export function mfaRoutes(app: FastifyInstance, { deps, pages, codes, finish }: PageRoutesDeps): void {
  async function mfaPage(request: FastifyRequest, reply: FastifyReply, form?: Record<string, unknown>) {
    const page = await pages.load(request, reply, { ...(form && { form }), prompt: 'login' });
    const journey = await deps.journeys.get(page.tenant.id, page.uid, 'mfa');
    return { page, journey };
  }

  /** What this user can prove here, in the order the page offers it. */
  const optionsOf = (page: InteractionPage, journey: MfaJourney) =>
    mfaOptionsOf(deps, page.tenant.id, journey);

  const complete = createMfaCompletion(deps, finish);

  /** Counts a wrong code against the user; when too many, the wait. */
  async function tooManyFailures(page: InteractionPage, journey: MfaJourney): Promise<boolean> {
    const status = await deps.limits.mfaFailuresPerUser.peek(`${page.tenant.id}:${journey.userId}`);
    return status.remaining <= 0;
  }
  const countFailure = (page: InteractionPage, journey: MfaJourney) =>
    deps.limits.mfaFailuresPerUser.consume(`${page.tenant.id}:${journey.userId}`);

  app.get('/interaction/:uid/mfa', async (request, reply) => {
    const { page, journey } = await mfaPage(request, reply);
    if (!journey) return redirect(reply, page.base);
    const can = await optionsOf(page, journey);
    const options: MfaOption[] = [];
    if (can.passkey)
      options.push({ kind: 'link', href: `${page.base}/mfa/passkey`, label: page.t('passkey.mfaOption') });
    if (can.totp) options.push({ kind: 'link', href: `${page.base}/mfa/totp`, label: page.t('mfa.useTotp') });
    if (can.email)
      options.push({
        kind: 'post',
        href: `${page.base}/mfa/email`,
        label: page.t('mfa.useEmail', { email: maskEmail(can.email) }),
      });
    if (can.phone)
      options.push({
        kind: 'post',
        href: `${page.base}/mfa/sms`,
        label: page.t('mfa.useSms', { phone: maskPhoneNumber(can.phone) }),
      });
    if (can.recovery)
      options.push({ kind: 'link', href: `${page.base}/mfa/recovery`, label: page.t('mfa.useRecovery') });
    // Nothing to prove yet: register an authenticator app first.
    if (options.length === 0 && can.canEnrollTotp) return redirect(reply, `${page.base}/mfa/setup`);
    if (options.length === 0 && can.canEnrollPasskey)
      return redirect(reply, `${page.base}/mfa/passkey/setup`);
    if (options.length === 0)
      throw new PageError(403, can.mailboxUsed ? 'mfa.sameMailbox' : 'mfa.unavailable');
    return sendPage(
      reply,
      mfaChoicePage(page.frame, { base: page.base, appName: page.appName, csrf: page.csrf, options }),
    );
  });

  // -- an emailed code ------------------------------------------------------------------------

  app.get('/interaction/:uid/mfa/email', async (request, reply) => {
    const { page } = await mfaPage(request, reply);
    return redirect(reply, `${page.base}/mfa`);
  });

  app.post('/interaction/:uid/mfa/email', async (request, reply) => {
    const { page, journey } = await mfaPage(request, reply, formOf(request));
    if (!journey) return redirect(reply, page.base);
    const { email } = await optionsOf(page, journey);
    if (!email) return redirect(reply, `${page.base}/mfa`);
    const requested = await codes.request(page, request, MFA_EMAIL_STEP, email, true);
    if (!requested.ok) {
      reply.header('retry-after', String(Math.ceil(requested.retryAfterMs / 1000)));
      return sendPage(
        reply,
        mfaChoicePage(page.frame, {
          base: page.base,
          appName: page.appName,
          csrf: page.csrf,
          options: [],
          error: page.t('signIn.throttled'),
        }),
        429,
      );
    }
    await deps.journeys.put(page.tenant.id, page.uid, {
      ...journey,
      email,
      challengeId: requested.challengeId,
    });
    deps.mfaTelemetry?.challenged('email');
    return redirect(reply, `${page.base}/mfa/email/code`);
  });

  registerCodePageRoutes(app, deps, codes, MFA_EMAIL_STEP, {
    kind: 'mfa',
    load: (request, reply, form) => pages.load(request, reply, { ...(form && { form }), prompt: 'login' }),
    deliver: async () => true,
  });

  app.post('/interaction/:uid/mfa/email/code', async (request, reply) => {
    const form = formOf(request);
    const { page, journey } = await mfaPage(request, reply, form);
    if (!journey?.challengeId || !journey.email) return redirect(reply, `${page.base}/mfa`);
    const { email } = journey;
    const show = (status: number, error: string) =>
      codes.show(page, reply, MFA_EMAIL_STEP, email, { status, error });
    const code = typedCode(field(form, 'code'));
    if (!code) return show(400, page.t('code.invalidFormat'));
    const scope = { tenantId: page.tenant.id, purpose: MFA_EMAIL_STEP.purpose };
    const result = await deps.codes.verify(scope, journey.challengeId, code);
    if (!result.ok) {
      mfaFailed(deps, request, journey, 'email');
      return result.reason === 'wrong'
        ? show(401, page.t('code.wrong', { remaining: String(result.remaining) }))
        : show(401, page.t('code.expired'));
    }
    return complete(page, request, reply, journey, {
      method: 'email',
      amr: 'otp',
      detail: 'Second factor: a code sent by email',
    });
  });

  // -- a texted code ---------------------------------------------------------------------------

  const smsCodePage = (page: InteractionPage, phone: string, error?: string) =>
    mfaCodePage(page.frame, {
      base: page.base,
      heading: page.t('mfa.smsHeading', { phone: maskPhoneNumber(phone) }),
      label: page.t('code.label'),
      action: `${page.base}/mfa/sms/code`,
      csrf: page.csrf,
      numeric: true,
      error,
      links: [{ href: `${page.base}/mfa`, label: page.t('mfa.otherMethod') }],
    });

  app.post('/interaction/:uid/mfa/sms', async (request, reply) => {
    const { page, journey } = await mfaPage(request, reply, formOf(request));
    if (!journey) return redirect(reply, page.base);
    const { phone } = await optionsOf(page, journey);
    if (!phone) return redirect(reply, `${page.base}/mfa`);
    const scope = { tenantId: page.tenant.id, purpose: MFA_EMAIL_STEP.purpose };
    // Asking again for the same phone waits out the resend cooldown of the code already sent.
    if (journey.phone === phone && journey.challengeId) {
      const again = await deps.codes.resend(scope, journey.challengeId, { dryRun: true });
      if (!again.ok && again.reason === 'cooldown') {
        const seconds = String(Math.ceil(again.retryAfterMs / 1000));
        reply.header('retry-after', seconds);
        return sendPage(reply, smsCodePage(page, phone, page.t('code.cooldown', { seconds })), 429);
      }
      await deps.codes.discard(journey.challengeId);
    }
    const ip = deps.clientIpOf(request.raw.socket.remoteAddress ?? '', request.headers['x-forwarded-for']);
    const byIp = await deps.limits.codesPerIp.consume(`${page.tenant.id}:${ip}`);
    const issued = byIp.allowed ? await deps.codes.issue(scope, phone) : undefined;
    // The daily caps per phone and per tenant hold toll fraud back; a refusal reads as "too many".
    const sent =
      issued &&
      (await deps.sms.sendCode(page.tenant.id, {
        to: phone,
        lang: page.lang,
        code: issued.code,
        minutes: issued.expiresInMinutes,
        appName: page.appName,
      }));
    if (!issued || !sent?.ok)
      return sendPage(
        reply,
        mfaChoicePage(page.frame, {
          base: page.base,
          appName: page.appName,
          csrf: page.csrf,
          options: [],
          error: page.t('signIn.throttled'),
        }),
        429,
      );
    await deps.journeys.put(page.tenant.id, page.uid, { ...journey, phone, challengeId: issued.challengeId });
    deps.mfaTelemetry?.challenged('sms');
    return redirect(reply, `${page.base}/mfa/sms/code`);
  });

  app.get('/interaction/:uid/mfa/sms/code', async (request, reply) => {
    const { page, journey } = await mfaPage(request, reply);
    if (!journey?.phone || !journey.challengeId) return redirect(reply, `${page.base}/mfa`);
    return sendPage(reply, smsCodePage(page, journey.phone));
  });

  app.post('/interaction/:uid/mfa/sms/code', async (request, reply) => {
    const form = formOf(request);
    const { page, journey } = await mfaPage(request, reply, form);
    if (!journey?.phone || !journey.challengeId) return redirect(reply, `${page.base}/mfa`);
    const code = typedCode(field(form, 'code'));
    if (!code) return sendPage(reply, smsCodePage(page, journey.phone, page.t('code.invalidFormat')), 400);
    const scope = { tenantId: page.tenant.id, purpose: MFA_EMAIL_STEP.purpose };
    const result = await deps.codes.verify(scope, journey.challengeId, code);
    if (!result.ok) {
      mfaFailed(deps, request, journey, 'sms');
      const error =
        result.reason === 'wrong'
          ? page.t('code.wrong', { remaining: String(result.remaining) })
          : page.t('code.expired');
      return sendPage(reply, smsCodePage(page, journey.phone, error), 401);
    }
    return complete(page, request, reply, journey, {
      method: 'sms',
      amr: 'sms',
      detail: 'Second factor: a code sent by text message',
    });
  });

  // -- an authenticator app or a recovery code ---------------------------------------------------

  for (const kind of ['totp', 'recovery'] as const) {
    const method: MfaMethod = kind === 'totp' ? 'totp' : 'recovery_code';
    const codePage = (page: InteractionPage, error?: string) =>
      mfaCodePage(page.frame, {
        base: page.base,
        heading: page.t(kind === 'totp' ? 'mfa.totpHeading' : 'mfa.recoveryHeading'),
        label: page.t(kind === 'totp' ? 'code.label' : 'mfa.recoveryLabel'),
        action: `${page.base}/mfa/${kind}`,
        csrf: page.csrf,
        numeric: kind === 'totp',
        error,
        links: [{ href: `${page.base}/mfa`, label: page.t('mfa.otherMethod') }],
      });

    app.get(`/interaction/:uid/mfa/${kind}`, async (request, reply) => {
      const { page, journey } = await mfaPage(request, reply);
      if (!journey) return redirect(reply, page.base);
      deps.mfaTelemetry?.challenged(method);
      return sendPage(reply, codePage(page));
    });

    app.post(`/interaction/:uid/mfa/${kind}`, async (request, reply) => {
      const form = formOf(request);
      const { page, journey } = await mfaPage(request, reply, form);
      if (!journey) return redirect(reply, page.base);
      if (await tooManyFailures(page, journey))
        return sendPage(reply, codePage(page, page.t('signIn.throttled')), 429);
      const typed = field(form, 'code').slice(0, 64);
      const result =
        kind === 'totp'
          ? await deps.mfa.checkTotp(page.tenant.id, journey.userId, typed.replace(/\s/g, ''))
          : (await deps.mfa.redeemRecoveryCode(page.tenant.id, journey.userId, typed))
            ? 'accepted'
            : 'wrong';
      if (result !== 'accepted') {
        mfaFailed(deps, request, journey, method);
        // A right code whose time step was used is the user's own double submit, not a guess.
        if (result === 'wrong') await countFailure(page, journey);
        const error = page.t(result === 'reused' ? 'mfa.codeReused' : 'mfa.wrongCode');
        return sendPage(reply, codePage(page, error), 401);
      }
      return complete(page, request, reply, journey, {
        method,
        amr: 'otp',
        detail: kind === 'totp' ? 'Second factor: an authenticator app' : 'Second factor: a recovery code',
      });
    });
  }

  // -- setting up an authenticator app -----------------------------------------------------------

  async function setupPage(
    page: InteractionPage,
    journey: MfaJourney,
    reply: FastifyReply,
    error?: string,
    offerPasskey = false,
  ) {
    const user = await deps.accounts.findUser(page.tenant.id, journey.userId);
    const accountName = user?.mail ?? journey.login;
    // After a wrong code the pending key again: the user already scanned it.
    const enrollment =
      (journey.enrollmentId &&
        (await deps.mfa.pendingTotpEnrollment(
          page.tenant.id,
          journey.userId,
          journey.enrollmentId,
          accountName,
        ))) ||
      (await deps.mfa.startTotpEnrollment(page.tenant.id, journey.userId, accountName));
    await deps.journeys.put(page.tenant.id, page.uid, { ...journey, enrollmentId: enrollment.enrollmentId });
    const setup = totpSetupPage(page.frame, {
      base: page.base,
      appName: page.appName,
      action: `${page.base}/mfa/setup`,
      csrf: page.csrf,
      qrDataUrl: `data:image/svg+xml;base64,${Buffer.from(enrollment.qrSvg).toString('base64')}`,
      secret: enrollment.secret,
      error,
    });
    return sendPage(
      reply,
      offerPasskey ? withPasskeyOffer(setup, page.base, page.t('passkey.setupOffer')) : setup,
      error ? 401 : 200,
    );
  }

  app.get('/interaction/:uid/mfa/setup', async (request, reply) => {
    const { page, journey } = await mfaPage(request, reply);
    if (!journey) return redirect(reply, page.base);
    const can = await optionsOf(page, journey);
    if (!can.canEnrollTotp) return redirect(reply, `${page.base}/mfa`);
    return setupPage(page, journey, reply, undefined, can.canEnrollPasskey);
  });

  app.post('/interaction/:uid/mfa/setup', async (request, reply) => {
    const form = formOf(request);
    const { page, journey } = await mfaPage(request, reply, form);
    if (!journey?.enrollmentId) return redirect(reply, `${page.base}/mfa`);
    // A key shown earlier is confirmed only while the user still has nothing else to prove.
    if (!(await optionsOf(page, journey)).canEnrollTotp) return redirect(reply, `${page.base}/mfa`);
    const code = typedCode(field(form, 'code'));
    const confirmed =
      code !== undefined &&
      (await deps.mfa.confirmTotpEnrollment(page.tenant.id, journey.userId, journey.enrollmentId, code));
    if (!confirmed) return setupPage(page, journey, reply, page.t('mfa.wrongCode'));
    await deps.journeys.put(page.tenant.id, page.uid, {
      ...journey,
      enrollmentId: undefined,
      enrolled: true,
    });
    // Recovery codes, shown this once, for the day the phone is lost.
    const recoveryCodes = await deps.mfa.generateRecoveryCodes(page.tenant.id, journey.userId);
    return sendPage(
      reply,
      recoveryCodesPage(page.frame, {
        action: `${page.base}/mfa/setup/done`,
        csrf: page.csrf,
        codes: recoveryCodes,
      }),
    );
  });

  app.post('/interaction/:uid/mfa/setup/done', async (request, reply) => {
    const { page, journey } = await mfaPage(request, reply, formOf(request));
    if (!journey?.enrolled) return redirect(reply, `${page.base}/mfa`);
    return complete(page, request, reply, journey, {
      method: 'totp',
      amr: 'otp',
      detail: 'Second factor: an authenticator app, set up at sign-in',
    });
  });
}
