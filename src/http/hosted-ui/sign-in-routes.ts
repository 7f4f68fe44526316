import type { FastifyInstance } from 'fastify';
import type Provider from 'oidc-provider';
import { mailProblem, nameKey } from '../../directory/index.js';
import type { CodeSender, CodeStep } from './code-step.js';
import { hasAccount, registerCodePageRoutes, typedCode } from './code-step.js';
import type { HostedUiDeps } from './deps.js';
import { type FinishSignIn, isDeviceFlow, refuseDevice } from './finish.js';
import {
  field,
  formOf,
  type InteractionDetails,
  type InteractionPage,
  mounted,
  PageError,
  type PageLoader,
  redirect,
  sendPage,
} from './page.js';
import { emailPage, type PageLink, signInPage } from './templates.js';

export interface PageRoutesDeps {
  deps: HostedUiDeps;
  pages: PageLoader;
  codes: CodeSender;
  finish: FinishSignIn;
}

const hasPassword = (page: InteractionPage) => page.flow.signInMethods.includes('emailPassword');
const hasEmailOtp = (page: InteractionPage) => page.flow.signInMethods.includes('emailOtp');

/**
 * The links under the sign-in forms: passkey, reset, the other method, sign-up. The identity
 * providers are not among them: they are buttons of their own (`providers` of the page).
 */
export function signInLinks(
  page: InteractionPage,
  current: 'password' | 'otp',
  options: { passkey?: boolean } = {},
): PageLink[] {
  const { t, base } = page;
  const links: PageLink[] = [];
  if (options.passkey) links.push({ href: `${base}/passkey`, label: t('passkey.signIn') });
  if (current === 'password' && hasPassword(page))
    links.push({ href: `${base}/reset`, label: t('signIn.forgotPassword') });
  if (current === 'password' && hasEmailOtp(page))
    links.push({ href: `${base}/otp`, label: t('signIn.useCode') });
  if (current === 'otp' && hasPassword(page)) links.push({ href: base, label: t('signIn.usePassword') });
  if (page.flow.isSignUpAllowed)
    links.push({ lead: t('signIn.noAccount'), href: `${base}/signup`, label: t('signIn.createAccount') });
  return links;
}

/** An email address as typed, and its comparison key when it is one. */
export function typedEmail(value: string): { typed: string; key?: string } {
  const typed = value.trim().slice(0, 256);
  return { typed, key: typed && !mailProblem(typed) ? nameKey(typed) : undefined };
}

export const OTP_STEP: CodeStep = {
  purpose: 'signIn',
  template: 'signInCode',
  path: 'otp',
  back: (page) => [{ href: `${page.base}/otp`, label: page.t('common.back') }],
};

/** The prompt reasons a step-up answers: a missing second factor, asked for by policy or acr. */
const STEP_UP_REASONS = new Set(['mfa_required', 'essential_acr', 'essential_acrs']);

/** Sign-in: the start page of every interaction, password and email-code sign-in, cancel. */
export function signInRoutes(app: FastifyInstance, { deps, pages, codes, finish }: PageRoutesDeps): void {
  const passwordPage = (
    page: InteractionPage,
    data: { login?: string; error?: string; passkey?: boolean } = {},
  ) =>
    signInPage(page.frame, {
      base: page.base,
      appName: page.appName,
      csrf: page.csrf,
      login: data.login,
      error: data.error,
      links: signInLinks(page, 'password', { passkey: data.passkey }),
      providers: page.providers,
    });

  /** Whether the tenant lets passkeys sign in (its methods policy), for the "Sign in with a passkey" link. */
  const passkeysOn = async (page: InteractionPage) =>
    (await deps.mfa.enabledMethods(page.tenant.id)).has('fido2');

  const otpEmailPage = (
    page: InteractionPage,
    data: { email?: string; error?: string; passkey?: boolean } = {},
  ) =>
    emailPage(page.frame, {
      base: page.base,
      title: page.t('signIn.title'),
      heading: page.t('signIn.heading', { app: page.appName }),
      action: `${page.base}/otp`,
      submit: page.t('signIn.sendCode'),
      csrf: page.csrf,
      email: data.email,
      error: data.error,
      links: signInLinks(page, 'otp', { passkey: data.passkey }),
      providers: { intent: 'signIn', list: page.providers },
    });

  app.get('/interaction/:uid', async (request, reply) => {
    const page = await pages.load(request, reply);
    if (page.details.prompt.name !== 'login') {
      // Apps registered in the tenant are first-party: consent is given on the user's behalf.
      const grantId = await grantConsent(page.provider, page.details);
      return redirect(
        reply,
        await page.provider.interactionResult(mounted(request, page.tenant.id), reply.raw, {
          consent: { grantId },
        }),
      );
    }
    const { session, prompt } = page.details;
    if (prompt.reasons.includes('app_not_assigned')) {
      if (isDeviceFlow(page)) return refuseDevice(page, request, reply, 'notAssigned');
      throw new PageError(403, 'error.notAssigned');
    }
    if (prompt.reasons.includes('conditional_access_blocked')) {
      if (isDeviceFlow(page)) return refuseDevice(page, request, reply, 'blocked');
      throw new PageError(403, 'error.blocked');
    }
    // Step-up: the session proved its first factor; only the second is missing. A session
    // too old for the app (max_age, prompt=login) signs in afresh: both factors again.
    const onlySecondFactorMissing = prompt.reasons.every((reason) => STEP_UP_REASONS.has(reason));
    if (session?.accountId && prompt.reasons.includes('mfa_required') && onlySecondFactorMissing) {
      const user = await deps.accounts.findUser(page.tenant.id, session.accountId);
      if (user?.accountEnabled) {
        await deps.journeys.put(page.tenant.id, page.uid, {
          kind: 'mfa',
          userId: user.id,
          login: user.mail ?? user.identities[0]?.issuerAssignedId ?? user.id,
          // A session that does not say what it proved is taken as proved by the mailbox alone.
          amr: (session.amr ?? ['otp']).filter((value) => value !== 'mfa'),
        });
        return redirect(reply, `${page.base}/mfa`);
      }
    }
    const loginHint = page.details.params.login_hint;
    const login = typeof loginHint === 'string' ? loginHint.slice(0, 256) : undefined;
    const passkey = await passkeysOn(page);
    if (!hasPassword(page)) return sendPage(reply, otpEmailPage(page, { email: login, passkey }));
    return sendPage(reply, passwordPage(page, { login, passkey }));
  });

  app.post('/interaction/:uid/login', async (request, reply) => {
    const form = formOf(request);
    const page = await pages.load(request, reply, { form, prompt: 'login' });
    if (!hasPassword(page)) throw new PageError(400, 'error.generic');
    const login = field(form, 'login').trim();
    const password = field(form, 'password');
    const rerender = (status: number, error: string) =>
      sendPage(reply, passwordPage(page, { login, error }), status);
    if (!login || !password) return rerender(400, page.t('signIn.missing'));
    // Longer than any account name or password: refused before the pipeline, as bad input.
    if (login.length > 256 || password.length > 4096)
      return rerender(400, page.t('signIn.invalidCredentials'));
    return finish(page, request, reply, { method: 'password', login, password }, rerender);
  });

  app.get('/interaction/:uid/otp', async (request, reply) => {
    const page = await pages.load(request, reply, { prompt: 'login' });
    if (!hasEmailOtp(page)) throw new PageError(404, 'error.notFound');
    return sendPage(reply, otpEmailPage(page, { passkey: await passkeysOn(page) }));
  });

  app.post('/interaction/:uid/otp', async (request, reply) => {
    const form = formOf(request);
    const page = await pages.load(request, reply, { form, prompt: 'login' });
    if (!hasEmailOtp(page)) throw new PageError(404, 'error.notFound');
    const email = typedEmail(field(form, 'email'));
    if (!email.key)
      return sendPage(
        reply,
        otpEmailPage(page, {
          email: email.typed,
          error: page.t(email.typed ? 'signIn.invalidEmail' : 'signIn.missingEmail'),
        }),
        400,
      );
    // Whether an account exists is asked after the page has answered: no timing tells.
    const requested = await codes.request(
      page,
      request,
      OTP_STEP,
      email.key,
      hasAccount(deps, page, email.key),
    );
    if (!requested.ok) {
      reply.header('retry-after', String(Math.ceil(requested.retryAfterMs / 1000)));
      return sendPage(
        reply,
        otpEmailPage(page, { email: email.typed, error: page.t('signIn.throttled') }),
        429,
      );
    }
    await deps.journeys.put(page.tenant.id, page.uid, {
      kind: 'emailOtp',
      email: email.key,
      challengeId: requested.challengeId,
    });
    return redirect(reply, `${page.base}/otp/code`);
  });

  app.post('/interaction/:uid/otp/code', async (request, reply) => {
    const form = formOf(request);
    const page = await pages.load(request, reply, { form, prompt: 'login' });
    const journey = await deps.journeys.get(page.tenant.id, page.uid, 'emailOtp');
    if (!journey) return redirect(reply, `${page.base}/otp`);
    const rerender = (status: number, error: string) =>
      codes.show(page, reply, OTP_STEP, journey.email, { status, error });
    const code = typedCode(field(form, 'code'));
    if (!code) return rerender(400, page.t('code.invalidFormat'));
    return finish(
      page,
      request,
      reply,
      { method: 'emailOtp', login: journey.email, challengeId: journey.challengeId, code },
      rerender,
    );
  });

  registerCodePageRoutes(app, deps, codes, OTP_STEP, {
    kind: 'emailOtp',
    load: (request, reply, form) => pages.load(request, reply, { ...(form && { form }), prompt: 'login' }),
    deliver: (page, email) => hasAccount(deps, page, email)(),
  });

  app.post('/interaction/:uid/abort', async (request, reply) => {
    const form = formOf(request);
    const page = await pages.load(request, reply, { form });
    await deps.journeys.end(page.tenant.id, page.uid);
    const returnTo = await page.provider.interactionResult(mounted(request, page.tenant.id), reply.raw, {
      error: 'access_denied',
      error_description: 'End-User aborted interaction',
    });
    return redirect(reply, returnTo);
  });
}

/** Grants what a first-party app asked for: its OIDC scopes and the requested API's scopes. */
async function grantConsent(provider: Provider, details: InteractionDetails): Promise<string> {
  const { params, session, grantId } = details;
  const grant = grantId
    ? await provider.Grant.find(grantId)
    : new provider.Grant({ accountId: session?.accountId, clientId: String(params.client_id) });
  if (!grant) throw new PageError(400, 'error.expired');
  const missing = details.prompt.details as {
    missingOIDCScope?: string[];
    missingOIDCClaims?: string[];
    missingResourceScopes?: Record<string, string[]>;
  };
  if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
  if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
  for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes ?? {})) {
    grant.addResourceScope(indicator, scopes.join(' '));
  }
  return grant.save();
}
