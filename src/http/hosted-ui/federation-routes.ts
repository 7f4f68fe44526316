import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { isUpstreamError, type UpstreamIdentity, type UpstreamResponse } from '../../federation/index.js';
import type { FederatedCredentials, FederatedIdentity, ProviderAnswer } from '../../flows/index.js';
import { tenantIdSchema } from '../../tenants/index.js';
import type { CodeStep } from './code-step.js';
import { registerCodePageRoutes, typedCode } from './code-step.js';
import type { InteractionPage } from './page.js';
import { field, formOf, PageError, redirect, sendPage } from './page.js';
import { type PageRoutesDeps, signInLinks } from './sign-in-routes.js';
import { ATTRIBUTE_PREFIX, attributeForm, fieldViews } from './sign-up-routes.js';
import { federationLinkPage, signInPage, signUpDetailsPage } from './templates.js';

/** A signed SAML response is far larger than any form of ours; the callback alone takes it. */
const CALLBACK_BODY_LIMIT = 512 * 1024;

const callbackParams = z.object({ tenantId: tenantIdSchema });
const completeQuery = z.object({ state: z.string().min(1).max(512) });

/** Linking by an emailed code: the sign-in code, sent to the existing account's address. */
export const LINK_STEP: CodeStep = {
  purpose: 'signIn',
  template: 'signInCode',
  path: 'federation/link',
  back: (page) => [{ href: `${page.base}/federation/link`, label: page.t('common.back') }],
};

/** The values a provider gave for the flow's built-in attributes. */
function providedAttributes(identity: FederatedIdentity): Record<string, string> {
  const given: Record<string, string> = {};
  if (identity.displayName) given.displayName = identity.displayName;
  if (identity.givenName) given.givenName = identity.givenName;
  if (identity.surname) given.surname = identity.surname;
  return given;
}

const asFederatedIdentity = (identity: UpstreamIdentity): FederatedIdentity => ({
  issuer: identity.issuer,
  subject: identity.subject,
  email: identity.email,
  emailVerified: identity.emailVerified,
  displayName: identity.displayName,
  givenName: identity.givenName,
  surname: identity.surname,
});

/**
 * Sign-in with an identity provider of the app's user flow. The user leaves for the provider
 * (the round trip is kept server-side by `deps.upstream`), comes back to the tenant's one
 * callback, which continues in the browser's own interaction, and the checked answer goes to
 * the sign-in pipeline as a first factor — so risk, Conditional Access and MFA apply as to any
 * other sign-in. A new user may first complete the flow's attributes; a provider's verified
 * email that is an existing account's leads to linking, after the user proves that account.
 */
export function federationRoutes(app: FastifyInstance, { deps, pages, codes, finish }: PageRoutesDeps): void {
  const { upstream } = deps;

  /** The sign-in page again, with why the provider sign-in did not complete: the way back. */
  const signInAgain = (page: InteractionPage, error: string) =>
    signInPage(page.frame, {
      base: page.base,
      appName: page.appName,
      csrf: page.csrf,
      error,
      links: signInLinks(page, 'password'),
      providers: page.providers,
    });

  const providerName = (page: InteractionPage, providerId: string) =>
    page.providers.find((p) => p.id === providerId)?.displayName ?? '';

  app.get('/interaction/:uid/federation/:providerId', async (request, reply) => {
    const page = await pages.load(request, reply, { prompt: 'login' });
    const { providerId } = request.params as { providerId: string };
    if (!page.providers.some((p) => p.id === providerId)) throw new PageError(404, 'error.notFound');
    const found = await upstream.providerWithConnector(page.tenant.id, providerId);
    if (!found) throw new PageError(404, 'error.notFound');
    try {
      const url = await upstream.begin(
        page.tenant.id,
        found,
        { kind: 'signIn', uid: page.uid },
        { uiLocales: page.lang },
      );
      return redirect(reply, url);
    } catch (error) {
      if (!isUpstreamError(error)) throw error;
      request.log.warn({ err: error, providerId }, 'identity provider cannot be reached');
      return sendPage(
        reply,
        signInAgain(page, page.t('federation.failed', { name: found.provider.displayName })),
        502,
      );
    }
  });

  // The provider's way back: one URL per tenant (the redirect URI, or SAML's assertion consumer
  // service), by redirect (query) or form post (Apple, SAML). It keeps the answer with the
  // round trip and continues where the browser's interaction or account cookies are sent.
  async function callback(request: FastifyRequest, reply: FastifyReply, response: UpstreamResponse) {
    const params = callbackParams.safeParse(request.params);
    if (!params.success) throw new PageError(400, 'error.expired');
    const tenantId = params.data.tenantId;
    const pending = await upstream.receive(tenantId, response);
    if (!pending) throw new PageError(400, 'error.expired');
    const state = encodeURIComponent(pending.transaction.state);
    const target =
      pending.purpose.kind === 'signIn'
        ? `/t/${tenantId}/u/interaction/${pending.purpose.uid}/federation/${pending.providerId}/complete?state=${state}`
        : `/t/${tenantId}/account/federation/${pending.providerId}/complete?state=${state}`;
    // 303: a form post continues as a GET.
    return reply.code(303).header('location', target).send();
  }
  const stringFields = (value: unknown): UpstreamResponse =>
    Object.fromEntries(
      Object.entries((value ?? {}) as Record<string, unknown>).filter(
        (entry): entry is [string, string] => typeof entry[1] === 'string',
      ),
    );
  app.get('/federation/callback', (request, reply) => callback(request, reply, stringFields(request.query)));
  app.post('/federation/callback', { bodyLimit: CALLBACK_BODY_LIMIT }, (request, reply) =>
    callback(request, reply, stringFields(request.body)),
  );

  /** Into the pipeline with the provider's answer: a returning user, or a new one with these attributes. */
  const signInWith = (
    page: InteractionPage,
    request: FastifyRequest,
    reply: FastifyReply,
    answer: ProviderAnswer,
    attributes: FederatedCredentials['signUp']['attributes'],
  ) =>
    finish(
      page,
      request,
      reply,
      {
        method: 'federated',
        login: (answer.identity.email ?? answer.identity.subject).slice(0, 256),
        providerId: answer.providerId,
        providerName: answer.providerName,
        identity: answer.identity,
        signUp: { allowed: page.flow.isSignUpAllowed, attributes },
      },
      (status, message) => sendPage(reply, signInAgain(page, message), status),
    );

  app.get('/interaction/:uid/federation/:providerId/complete', async (request, reply) => {
    const page = await pages.load(request, reply, { prompt: 'login' });
    const { providerId } = request.params as { providerId: string };
    if (!page.providers.some((p) => p.id === providerId)) throw new PageError(404, 'error.notFound');
    const query = completeQuery.safeParse(request.query);
    if (!query.success) throw new PageError(400, 'error.expired');
    let done: Awaited<ReturnType<typeof upstream.complete>>;
    try {
      done = await upstream.complete(page.tenant.id, query.data.state, {
        providerId,
        purpose: { kind: 'signIn', uid: page.uid },
      });
    } catch (error) {
      if (!isUpstreamError(error)) throw error;
      request.log.warn({ err: error, providerId, kind: error.kind }, 'identity provider sign-in failed');
      const message = page.t('federation.failed', { name: providerName(page, providerId) });
      // Only an unreachable provider is a gateway failure; a refused or forged answer is a bad request.
      return sendPage(reply, signInAgain(page, message), error.kind === 'unavailable' ? 502 : 400);
    }
    if (!done) throw new PageError(400, 'error.expired');
    const answer: ProviderAnswer = {
      providerId,
      providerName: done.provider.displayName,
      identity: asFederatedIdentity(done.identity),
    };
    const given = providedAttributes(answer.identity);
    const { identity } = answer;
    const returning = await deps.accounts.findUserByFederatedIdentity(
      page.tenant.id,
      identity.issuer,
      identity.subject,
    );
    const linkable =
      !returning &&
      identity.emailVerified &&
      identity.email !== null &&
      (await deps.accounts.findUserByLogin(page.tenant.id, identity.email)) !== undefined;
    if (!returning && !linkable && page.flow.isSignUpAllowed) {
      // A new user: the flow's required attributes the provider did not give are asked for first.
      const fields = await deps.userFlows.attributeFields(page.tenant.id, page.flow);
      if (fields.some((f) => f.required && !given[f.name])) {
        await deps.journeys.put(page.tenant.id, page.uid, { kind: 'federatedSignUp', ...answer });
        return redirect(reply, `${page.base}/federation/details`);
      }
    }
    return signInWith(page, request, reply, answer, given);
  });

  // ---- A new user completes the flow's attributes --------------------------------------------

  const detailsPage = async (
    page: InteractionPage,
    answer: ProviderAnswer,
    form: Record<string, string | string[]>,
    errors?: Parameters<typeof fieldViews>[3],
  ) => {
    const fields = await deps.userFlows.attributeFields(page.tenant.id, page.flow);
    return signUpDetailsPage(page.frame, {
      base: page.base,
      action: `${page.base}/federation/details`,
      email: answer.identity.email ?? answer.providerName,
      csrf: page.csrf,
      fields: fieldViews(page.t, fields, form, errors),
      error: errors ? page.t('attribute.summary') : undefined,
    });
  };

  app.get('/interaction/:uid/federation/details', async (request, reply) => {
    const page = await pages.load(request, reply, { prompt: 'login' });
    const journey = await deps.journeys.get(page.tenant.id, page.uid, 'federatedSignUp');
    if (!journey) throw new PageError(400, 'error.expired');
    const prefilled = Object.fromEntries(
      Object.entries(providedAttributes(journey.identity)).map(([name, value]) => [
        `${ATTRIBUTE_PREFIX}${name}`,
        value,
      ]),
    );
    return sendPage(reply, await detailsPage(page, journey, prefilled));
  });

  app.post('/interaction/:uid/federation/details', async (request, reply) => {
    const form = formOf(request);
    const page = await pages.load(request, reply, { form, prompt: 'login' });
    const journey = await deps.journeys.get(page.tenant.id, page.uid, 'federatedSignUp');
    if (!journey || !page.flow.isSignUpAllowed) throw new PageError(400, 'error.expired');
    const fields = await deps.userFlows.attributeFields(page.tenant.id, page.flow);
    const collected = deps.userFlows.collect(fields, attributeForm(form));
    if (!collected.ok) return sendPage(reply, await detailsPage(page, journey, form, collected.errors), 400);
    return signInWith(page, request, reply, journey, {
      ...providedAttributes(journey.identity),
      ...collected.values,
    });
  });

  // ---- Linking to the existing account with the same verified email ---------------------------

  const linkPage = (
    page: InteractionPage,
    journey: { email: string; providerName: string },
    error?: string,
  ) =>
    federationLinkPage(page.frame, {
      base: page.base,
      csrf: page.csrf,
      email: journey.email,
      providerName: journey.providerName,
      password: page.flow.signInMethods.includes('emailPassword'),
      error,
    });

  const linkJourney = async (page: InteractionPage) => {
    const journey = await deps.journeys.get(page.tenant.id, page.uid, 'federatedLink');
    if (!journey) throw new PageError(400, 'error.expired');
    return journey;
  };

  app.get('/interaction/:uid/federation/link', async (request, reply) => {
    const page = await pages.load(request, reply, { prompt: 'login' });
    return sendPage(reply, linkPage(page, await linkJourney(page)), 409);
  });

  const linkWith = (
    page: InteractionPage,
    request: FastifyRequest,
    reply: FastifyReply,
    journey: Awaited<ReturnType<typeof linkJourney>>,
    proof:
      | { method: 'password'; password: string }
      | { method: 'emailOtp'; challengeId: string; code: string },
    rerender: (status: number, message: string) => unknown,
  ) =>
    finish(
      page,
      request,
      reply,
      {
        method: 'federatedLink',
        login: journey.email,
        proof,
        providerId: journey.providerId,
        providerName: journey.providerName,
        identity: journey.identity,
      },
      rerender,
    );

  app.post('/interaction/:uid/federation/link', async (request, reply) => {
    const form = formOf(request);
    const page = await pages.load(request, reply, { form, prompt: 'login' });
    const journey = await linkJourney(page);
    if (!page.flow.signInMethods.includes('emailPassword')) throw new PageError(400, 'error.generic');
    const password = field(form, 'password');
    const rerender = (status: number, message: string) =>
      sendPage(reply, linkPage(page, journey, message), status);
    if (!password || password.length > 4096) return rerender(400, page.t('signIn.invalidCredentials'));
    return linkWith(page, request, reply, journey, { method: 'password', password }, rerender);
  });

  app.post('/interaction/:uid/federation/link/send', async (request, reply) => {
    const form = formOf(request);
    const page = await pages.load(request, reply, { form, prompt: 'login' });
    const journey = await linkJourney(page);
    const requested = await codes.request(page, request, LINK_STEP, journey.email, true);
    if (!requested.ok) {
      reply.header('retry-after', String(Math.ceil(requested.retryAfterMs / 1000)));
      return sendPage(reply, linkPage(page, journey, page.t('signIn.throttled')), 429);
    }
    await deps.journeys.put(page.tenant.id, page.uid, { ...journey, challengeId: requested.challengeId });
    return redirect(reply, `${page.base}/federation/link/code`);
  });

  app.post('/interaction/:uid/federation/link/code', async (request, reply) => {
    const form = formOf(request);
    const page = await pages.load(request, reply, { form, prompt: 'login' });
    const journey = await linkJourney(page);
    if (!journey.challengeId) return redirect(reply, `${page.base}/federation/link`);
    const rerender = (status: number, error: string) =>
      codes.show(page, reply, LINK_STEP, journey.email, { status, error });
    const code = typedCode(field(form, 'code'));
    if (!code) return rerender(400, page.t('code.invalidFormat'));
    return linkWith(
      page,
      request,
      reply,
      journey,
      { method: 'emailOtp', challengeId: journey.challengeId, code },
      rerender,
    );
  });

  registerCodePageRoutes(app, deps, codes, LINK_STEP, {
    kind: 'federatedLink',
    load: (request, reply, form) => pages.load(request, reply, { ...(form && { form }), prompt: 'login' }),
    deliver: async () => true,
  });
}
