import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CodePurpose } from '../../flows/index.js';
import type { HostedUiDeps, PageMailTemplate } from './deps.js';
import type { InteractionPage } from './page.js';
import { sendPage } from './page.js';
import { codePage, type PageLink } from './templates.js';

/** The code page of one flow: where codes go, which message carries them. */
export interface CodeStep {
  purpose: CodePurpose;
  template: PageMailTemplate;
  /** The path under the interaction (`signup`, `otp`, `reset`). */
  path: string;
  back: (page: InteractionPage) => PageLink[];
}

export type CodeRequest = { ok: true; challengeId: string } | { ok: false; retryAfterMs: number };

/** Asking for, sending and showing one-time codes, with the per-IP and per-address limits. */
export function createCodeSender(deps: HostedUiDeps) {
  async function allowed(request: FastifyRequest, email: string): Promise<number | undefined> {
    const ip = deps.clientIpOf(request.raw.socket.remoteAddress ?? '', request.headers['x-forwarded-for']);
    const byIp = await deps.limits.codesPerIp.consume(ip);
    if (!byIp.allowed) return byIp.retryAfterMs;
    const byEmail = await deps.limits.codesPerEmail.consume(email);
    return byEmail.allowed ? undefined : byEmail.retryAfterMs;
  }

  return {
    /**
     * Starts a challenge for `email`. The code is emailed only when `deliver` is true (an
     * account exists for a sign-in or reset code): otherwise the page looks the same and
     * nobody can learn whether the address has an account.
     */
    async request(
      page: InteractionPage,
      request: FastifyRequest,
      step: CodeStep,
      email: string,
      deliver: boolean,
    ): Promise<CodeRequest> {
      const retryAfterMs = await allowed(request, email);
      if (retryAfterMs !== undefined) return { ok: false, retryAfterMs };
      const issued = await deps.codes.issue({ tenantId: page.tenant.id, purpose: step.purpose }, email);
      if (deliver) {
        await deps.mail.enqueue(page.tenant.id, {
          template: step.template,
          to: email,
          lang: page.lang,
          data: { code: issued.code, minutes: issued.expiresInMinutes, appName: page.appName },
        });
      }
      return { ok: true, challengeId: issued.challengeId };
    },

    /**
     * A new code after the cooldown: for the same challenge while it lives, else a fresh
     * challenge (the old code expired or used up its sends); `challengeId` says which.
     */
    async resend(
      page: InteractionPage,
      request: FastifyRequest,
      step: CodeStep,
      challenge: { email: string; challengeId: string },
      deliver: boolean,
    ): Promise<{ notice?: string; error?: string; status: number; challengeId: string }> {
      const { t } = page;
      const { challengeId } = challenge;
      const scope = { tenantId: page.tenant.id, purpose: step.purpose };
      const result = await deps.codes.resend(scope, challengeId, { dryRun: true });
      if (!result.ok && result.reason === 'cooldown') {
        const seconds = String(Math.ceil(result.retryAfterMs / 1000));
        return { status: 429, error: t('code.cooldown', { seconds }), challengeId };
      }
      const retryAfterMs = await allowed(request, challenge.email);
      if (retryAfterMs !== undefined) return { status: 429, error: t('signIn.throttled'), challengeId };
      const resent = await deps.codes.resend(scope, challengeId);
      const fresh = resent.ok
        ? { challengeId, code: resent.code, expiresInMinutes: resent.expiresInMinutes }
        : await deps.codes.issue(scope, challenge.email);
      if (deliver) {
        await deps.mail.enqueue(page.tenant.id, {
          template: step.template,
          to: challenge.email,
          lang: page.lang,
          data: { code: fresh.code, minutes: fresh.expiresInMinutes, appName: page.appName },
        });
      }
      return { status: 200, notice: t('code.resent'), challengeId: fresh.challengeId };
    },

    /** The page that asks for the code. */
    show(
      page: InteractionPage,
      reply: FastifyReply,
      step: CodeStep,
      email: string,
      message: { status?: number; error?: string; notice?: string } = {},
    ) {
      const action = `${page.base}/${step.path}/code`;
      return sendPage(
        reply,
        codePage(page.frame, {
          base: page.base,
          action,
          resendAction: `${page.base}/${step.path}/resend`,
          email,
          minutes: Math.round(deps.codes.limits.ttlMs / 60_000),
          csrf: page.csrf,
          error: message.error,
          notice: message.notice,
          links: step.back(page),
        }),
        message.status ?? 200,
      );
    },
  };
}

export type CodeSender = ReturnType<typeof createCodeSender>;

/** A six-digit code as typed: spaces and dashes people add are ignored. */
export function typedCode(value: string): string | undefined {
  const digits = value.replace(/[\s-]/g, '');
  return /^\d{6}$/.test(digits) ? digits : undefined;
}
