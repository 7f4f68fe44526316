import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type {
  AuthenticationResponseJSON,
  PasskeyAmr,
  RegistrationResponseJSON,
} from '../../mfa/passkeys/index.js';
import { amrOf } from '../../mfa/passkeys/index.js';
import { AppError, isGuid } from '../../platform/index.js';
import { PASSKEY_PAGE_CSP } from './index.js';
import { createMfaCompletion, type MfaJourney, mfaFailed, mfaOptionsOf } from './mfa-routes.js';
import { field, formOf, type InteractionPage, PageError, redirect, sendPage } from './page.js';
import { PASSKEY_SCRIPT } from './passkey-script.js';
import type { PageRoutesDeps } from './sign-in-routes.js';
import { type PageLink, passkeyPage } from './templates.js';

/** The page's script runs only on the passkey pages: they alone get `script-src 'self'`. */
const sendPasskeyPage = (reply: FastifyReply, html: string, status = 200) =>
  sendPage(reply.header('content-security-policy', PASSKEY_PAGE_CSP), html, status);

/** The browser's answer, as passkey.js posts it: JSON in one field (the service checks its shape). */
function responseOf(form: Record<string, string | string[]>): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(field(form, 'response'));
    return value && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** The user id the authenticator named (unverified until the pipeline checks it): the throttle's key. */
function claimedUserId(response: Record<string, unknown>): string {
  const inner = response.response as { userHandle?: unknown } | undefined;
  const handle = typeof inner?.userHandle === 'string' ? inner.userHandle.slice(0, 128) : '';
  const id = Buffer.from(handle, 'base64url').toString('utf8');
  return isGuid(id) ? id : 'passkey';
}

/**
 * Passkeys on the hosted pages: a passwordless first factor (through the sign-in pipeline like
 * every other method), a second factor at the MFA step, and adding one there when the user has
 * nothing else to prove. passkey.js runs each ceremony; without JavaScript the pages say so and
 * link to the other ways.
 */
export function passkeyRoutes(app: FastifyInstance, { deps, pages, finish }: PageRoutesDeps): void {
  app.get('/assets/passkey.js', async (_request, reply) =>
    reply
      .type('text/javascript; charset=utf-8')
      .header('cache-control', 'public, max-age=86400, immutable')
      .send(PASSKEY_SCRIPT),
  );

  const fido2Enabled = async (page: InteractionPage) =>
    (await deps.mfa.enabledMethods(page.tenant.id)).has('fido2');

  // -- passwordless sign-in --------------------------------------------------------------------

  async function signInPage(page: InteractionPage, reply: FastifyReply, status = 200, error?: string) {
    const { challengeId, options } = await deps.passkeys.authenticationOptions(page.tenant.id);
    return sendPasskeyPage(
      reply,
      passkeyPage(page.frame, {
        base: page.base,
        heading: page.t('passkey.signInHeading', { app: page.appName }),
        intro: page.t('passkey.signInIntro'),
        action: `${page.base}/passkey`,
        csrf: page.csrf,
        challengeId,
        ceremony: 'get',
        options,
        submit: page.t('passkey.use'),
        error,
        links: [{ href: page.base, label: page.t('passkey.otherWays') }],
      }),
      status,
    );
  }

  app.get('/interaction/:uid/passkey', async (request, reply) => {
    const page = await pages.load(request, reply, { prompt: 'login' });
    if (!(await fido2Enabled(page))) throw new PageError(404, 'error.notFound');
    return signInPage(page, reply);
  });

  app.post('/interaction/:uid/passkey', async (request, reply) => {
    const form = formOf(request);
    const page = await pages.load(request, reply, { form, prompt: 'login' });
    if (!(await fido2Enabled(page))) throw new PageError(404, 'error.notFound');
    const response = responseOf(form);
    if (!response) return signInPage(page, reply, 400, page.t('passkey.refused'));
    return finish(
      page,
      request,
      reply,
      {
        method: 'passkey',
        login: claimedUserId(response),
        challengeId: field(form, 'challengeId'),
        response: response as unknown as AuthenticationResponseJSON,
      },
      (status, message) =>
        signInPage(page, reply, status, status === 429 ? message : page.t('passkey.refused')),
    );
  });

  // -- the second factor -----------------------------------------------------------------------

  async function mfaPage(request: FastifyRequest, reply: FastifyReply, form?: Record<string, unknown>) {
    const page = await pages.load(request, reply, { ...(form && { form }), prompt: 'login' });
    const journey = await deps.journeys.get(page.tenant.id, page.uid, 'mfa');
    return { page, journey };
  }

  const backToMfa = (page: InteractionPage): PageLink[] => [
    { href: `${page.base}/mfa`, label: page.t('mfa.otherMethod') },
  ];

  const complete = createMfaCompletion(deps, finish);

  async function verifyPage(
    page: InteractionPage,
    journey: MfaJourney,
    reply: FastifyReply,
    status = 200,
    error?: string,
  ) {
    const { challengeId, options } = await deps.passkeys.authenticationOptions(
      page.tenant.id,
      journey.userId,
    );
    return sendPasskeyPage(
      reply,
      passkeyPage(page.frame, {
        base: page.base,
        heading: page.t('passkey.mfaHeading'),
        intro: page.t('passkey.mfaIntro', { app: page.appName }),
        action: `${page.base}/mfa/passkey`,
        csrf: page.csrf,
        challengeId,
        ceremony: 'get',
        options,
        submit: page.t('passkey.use'),
        error,
        links: backToMfa(page),
      }),
      status,
    );
  }

  const failuresKey = (page: InteractionPage, journey: MfaJourney) => `${page.tenant.id}:${journey.userId}`;

  app.get('/interaction/:uid/mfa/passkey', async (request, reply) => {
    const { page, journey } = await mfaPage(request, reply);
    if (!journey) return redirect(reply, page.base);
    if (!(await mfaOptionsOf(deps, page.tenant.id, journey)).passkey)
      return redirect(reply, `${page.base}/mfa`);
    deps.mfaTelemetry?.challenged('passkey');
    return verifyPage(page, journey, reply);
  });

  app.post('/interaction/:uid/mfa/passkey', async (request, reply) => {
    const form = formOf(request);
    const { page, journey } = await mfaPage(request, reply, form);
    if (!journey) return redirect(reply, page.base);
    if (!(await mfaOptionsOf(deps, page.tenant.id, journey)).passkey)
      return redirect(reply, `${page.base}/mfa`);
    if ((await deps.limits.mfaFailuresPerUser.peek(failuresKey(page, journey))).remaining <= 0)
      return verifyPage(page, journey, reply, 429, page.t('signIn.throttled'));
    const response = responseOf(form);
    const result = response
      ? await deps.passkeys.authenticate(
          page.tenant.id,
          field(form, 'challengeId'),
          response as unknown as AuthenticationResponseJSON,
        )
      : undefined;
    // The challenge was made for this user's passkeys only; the service refuses anyone else's.
    if (!result?.ok || result.userId !== journey.userId) {
      mfaFailed(deps, request, journey, 'passkey');
      await deps.limits.mfaFailuresPerUser.consume(failuresKey(page, journey));
      return verifyPage(page, journey, reply, 401, page.t('passkey.refused'));
    }
    return complete(page, request, reply, journey, {
      method: 'passkey',
      amr: result.amr,
      detail: `Second factor: passkey '${result.passkey.displayName}'`,
    });
  });

  // -- adding a passkey at the MFA step --------------------------------------------------------

  async function setupPage(
    page: InteractionPage,
    journey: MfaJourney,
    reply: FastifyReply,
    status = 200,
    error?: string,
  ) {
    const user = await deps.accounts.findUser(page.tenant.id, journey.userId);
    if (!user) throw new PageError(400, 'error.expired');
    const name = user.mail ?? user.identities[0]?.issuerAssignedId ?? journey.login;
    const { challengeId, options } = await deps.passkeys.registrationOptions(page.tenant.id, {
      id: user.id,
      name,
      displayName: user.displayName || name,
    });
    const can = await mfaOptionsOf(deps, page.tenant.id, journey);
    const links: PageLink[] = can.canEnrollTotp
      ? [{ href: `${page.base}/mfa/setup`, label: page.t('mfaSetup.title') }]
      : [];
    return sendPasskeyPage(
      reply,
      passkeyPage(page.frame, {
        base: page.base,
        heading: page.t('passkey.setupHeading'),
        intro: page.t('passkey.setupIntro', { app: page.appName }),
        action: `${page.base}/mfa/passkey/setup`,
        csrf: page.csrf,
        challengeId,
        ceremony: 'create',
        options,
        submit: page.t('passkey.create'),
        error,
        links,
      }),
      status,
    );
  }

  app.get('/interaction/:uid/mfa/passkey/setup', async (request, reply) => {
    const { page, journey } = await mfaPage(request, reply);
    if (!journey) return redirect(reply, page.base);
    if (!(await mfaOptionsOf(deps, page.tenant.id, journey)).canEnrollPasskey)
      return redirect(reply, `${page.base}/mfa`);
    return setupPage(page, journey, reply);
  });

  app.post('/interaction/:uid/mfa/passkey/setup', async (request, reply) => {
    const form = formOf(request);
    const { page, journey } = await mfaPage(request, reply, form);
    if (!journey) return redirect(reply, page.base);
    // Checked again at the post: a method added meanwhile closes this door.
    if (!(await mfaOptionsOf(deps, page.tenant.id, journey)).canEnrollPasskey)
      return redirect(reply, `${page.base}/mfa`);
    const response = responseOf(form);
    if (!response) return setupPage(page, journey, reply, 400, page.t('passkey.registrationFailed'));
    let amr: PasskeyAmr;
    let name: string;
    try {
      const passkey = await deps.passkeys.register(
        page.tenant.id,
        journey.userId,
        field(form, 'challengeId'),
        response as unknown as RegistrationResponseJSON,
      );
      amr = amrOf(passkey.deviceType);
      name = passkey.displayName;
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      return setupPage(page, journey, reply, 400, page.t('passkey.registrationFailed'));
    }
    return complete(page, request, reply, journey, {
      method: 'passkey',
      amr,
      detail: `Second factor: passkey '${name}', added at sign-in`,
    });
  });
}
