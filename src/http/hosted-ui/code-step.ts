import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sendOneTimeCode } from '../../extensions/index.js';
import type { CodePurpose, Journey } from '../../flows/index.js';
import { responded } from './after-response.js';
import { calloutInput } from './attribute-extensions.js';
import type { HostedUiDeps, PageMailTemplate } from './deps.js';
import { formOf, type InteractionPage, redirect, sendPage } from './page.js';
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

/**
 * Whether the code is emailed: always (`true`), or what a check says (an account exists for a
 * sign-in or reset code). The check runs after the page has answered.
 */
export type Delivery = boolean | (() => Promise<boolean>);

/** Whether `email` has an enabled account (who gets a sign-in or reset code), for asking later. */
export function hasAccount(deps: HostedUiDeps, page: InteractionPage, email: string): () => Promise<boolean> {
  return async () => Boolean((await deps.accounts.findUserByLogin(page.tenant.id, email))?.accountEnabled);
}

/** Asking for, sending and showing one-time codes, with the per-IP and per-address limits. */
export function createCodeSender(deps: HostedUiDeps) {
  /** Counts a code against the client's address and the recipient (per tenant); when refused, the wait. */
  async function allowed(page: InteractionPage, request: FastifyRequest, email: string) {
    const ip = deps.clientIpOf(request.raw.socket.remoteAddress ?? '', request.headers['x-forwarded-for']);
    const byIp = await deps.limits.codesPerIp.consume(`${page.tenant.id}:${ip}`);
    if (!byIp.allowed) return byIp.retryAfterMs;
    const byEmail = await deps.limits.codesPerEmail.consume(`${page.tenant.id}:${email}`);
    return byEmail.allowed ? undefined : byEmail.retryAfterMs;
  }

  /**
   * Emails a code once the page has answered, if `deliver` says so. The page does the same work
   * whether or not an account exists (a code is issued either way); looking the account up and
   * queueing the message come after, so no timing tells them apart.
   */
  function send(
    page: InteractionPage,
    request: FastifyRequest,
    step: CodeStep,
    email: string,
    issued: { code: string; expiresInMinutes: number },
    deliver: Delivery,
  ): void {
    const { extensions } = deps;
    // Read now: by the time the message is composed, the page has answered.
    const context = extensions && calloutInput(deps, page, request);
    deps.mail.enqueueLater(
      page.tenant.id,
      async () => {
        if (!(typeof deliver === 'function' ? await deliver() : deliver)) return undefined;
        // An email OTP send extension bound to the app (a custom email provider) may deliver
        // it instead: then Gatehouse sends nothing, nor when it failed without a fallback.
        const by =
          extensions && context
            ? await sendOneTimeCode(extensions.run, {
                ...context,
                identifier: email,
                oneTimeCode: issued.code,
                requestType: step.purpose,
              })
            : 'gatehouse';
        if (by !== 'gatehouse') return undefined;
        return {
          template: step.template,
          to: email,
          lang: page.lang,
          data: { code: issued.code, minutes: issued.expiresInMinutes, appName: page.appName },
        };
      },
      responded(request),
    );
  }

  return {
    /**
     * Starts a challenge for `email`. The code is emailed, after the page has answered, only
     * when `deliver` says so (an account exists for a sign-in or reset code): otherwise the
     * page looks the same, after the same work, and nobody can learn whether the address has
     * an account.
     */
    async request(
      page: InteractionPage,
      request: FastifyRequest,
      step: CodeStep,
      email: string,
      deliver: Delivery,
    ): Promise<CodeRequest> {
      const retryAfterMs = await allowed(page, request, email);
      if (retryAfterMs !== undefined) return { ok: false, retryAfterMs };
      const issued = await deps.codes.issue({ tenantId: page.tenant.id, purpose: step.purpose }, email);
      send(page, request, step, email, issued, deliver);
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
      deliver: Delivery,
    ): Promise<{ notice?: string; error?: string; status: number; challengeId: string }> {
      const { t } = page;
      const { challengeId } = challenge;
      const scope = { tenantId: page.tenant.id, purpose: step.purpose };
      const result = await deps.codes.resend(scope, challengeId, { dryRun: true });
      if (!result.ok && result.reason === 'cooldown') {
        const seconds = String(Math.ceil(result.retryAfterMs / 1000));
        return { status: 429, error: t('code.cooldown', { seconds }), challengeId };
      }
      const retryAfterMs = await allowed(page, request, challenge.email);
      if (retryAfterMs !== undefined) return { status: 429, error: t('signIn.throttled'), challengeId };
      const resent = await deps.codes.resend(scope, challengeId);
      const fresh = resent.ok
        ? { challengeId, code: resent.code, expiresInMinutes: resent.expiresInMinutes }
        : await deps.codes.issue(scope, challenge.email);
      send(page, request, step, challenge.email, fresh, deliver);
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
          minutes: deps.codes.minutesFor(step.purpose),
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

type CodeJourneyKind = 'signUp' | 'emailOtp' | 'passwordReset' | 'mfa' | 'federatedLink';
type CodeJourney<K extends CodeJourneyKind> = Extract<Journey, { kind: K }>;
/** What every journey that waits for a code carries. */
type Challenged = { email: string; challengeId: string };

export interface CodePageRoutes<K extends CodeJourneyKind> {
  kind: K;
  /** Loads (and for a post, CSRF-checks) the interaction page of this flow. */
  load(
    request: FastifyRequest,
    reply: FastifyReply,
    form?: Record<string, unknown>,
  ): Promise<InteractionPage>;
  /** Once the code is accepted: the page the flow goes on to. */
  done?: { is(journey: CodeJourney<K>): boolean; path: string };
  /** Whether the address gets the code (for sign-in and reset: when it has an account); asked after the page has answered. */
  deliver(page: InteractionPage, email: string): Promise<boolean>;
}

/**
 * The two routes every code step shares: the page that asks for the code, and "send a new
 * code". Each flow checks the code its own way (`{path}/code` posts).
 */
export function registerCodePageRoutes<K extends CodeJourneyKind>(
  app: FastifyInstance,
  deps: HostedUiDeps,
  codes: CodeSender,
  step: CodeStep,
  routes: CodePageRoutes<K>,
): void {
  const start = (page: InteractionPage) => `${page.base}/${step.path}`;

  app.get(`/interaction/:uid/${step.path}/code`, async (request, reply) => {
    const page = await routes.load(request, reply);
    const found = await deps.journeys.get(page.tenant.id, page.uid, routes.kind);
    const journey = found as unknown as Challenged | undefined;
    if (!found || !journey?.challengeId) return redirect(reply, start(page));
    if (routes.done?.is(found)) return redirect(reply, `${page.base}/${routes.done.path}`);
    return codes.show(page, reply, step, journey.email);
  });

  app.post(`/interaction/:uid/${step.path}/resend`, async (request, reply) => {
    const form = formOf(request);
    const page = await routes.load(request, reply, form);
    const found = await deps.journeys.get(page.tenant.id, page.uid, routes.kind);
    const journey = found as unknown as Challenged | undefined;
    if (!found || !journey?.challengeId || routes.done?.is(found)) return redirect(reply, start(page));
    const result = await codes.resend(page, request, step, journey, () =>
      routes.deliver(page, journey.email),
    );
    if (result.challengeId !== journey.challengeId)
      await deps.journeys.put(page.tenant.id, page.uid, {
        ...journey,
        challengeId: result.challengeId,
      } as Journey);
    return codes.show(page, reply, step, journey.email, result);
  });
}
