import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  isUpstreamError,
  OIDC_TYPE,
  type OidcUpstream,
  type ResolvedIdentityProvider,
  type UpstreamStart,
} from '../../federation/index.js';
import { tenantIdSchema } from '../../tenants/index.js';
import type { InteractionPage } from './page.js';
import { PageError, redirect, sendPage } from './page.js';
import { type PageRoutesDeps, signInLinks } from './sign-in-routes.js';
import { signInPage } from './templates.js';

/** How long an upstream sign-in may take, from leaving for the provider to coming back. */
const UPSTREAM_TTL_MS = 10 * 60_000;

/** What is kept server-side while the user is at the provider, under the `state` sent to it. */
interface PendingUpstream {
  uid: string;
  providerId: string;
  transaction: UpstreamStart['transaction'];
}

const callbackQuery = z.object({ state: z.string().min(1).max(512) }).passthrough();
const callbackParams = z.object({ tenantId: tenantIdSchema });

/** The settings the OpenID Connect client needs, from a registered provider. */
function upstreamOf(provider: ResolvedIdentityProvider): OidcUpstream | undefined {
  if (provider['@odata.type'] !== OIDC_TYPE) return undefined;
  return {
    metadataUrl: provider.metadataUrl,
    clientId: provider.clientId,
    clientSecret: provider.secrets.clientSecret,
    clientAuthenticationMethod: provider.clientAuthentication.clientAuthenticationMethod,
    privateKeyPem: provider.secrets.privateKeyPem,
    scope: provider.scope,
    usePkce: provider.usePkce,
    claimsMapping: {
      ...provider.claimsMapping,
      emailVerified: provider.claimsMapping.emailVerified ?? undefined,
    },
  };
}

/**
 * Sign-in with an identity provider of the app's user flow. The user leaves for the provider
 * with a state, nonce and PKCE verifier kept here; the provider sends them back to one fixed
 * callback per tenant (the redirect URI registered there), which finds the interaction by the
 * state and hands the checked answer to the sign-in pipeline as a first factor — so risk,
 * Conditional Access and MFA apply as to any other sign-in.
 */
export function federationRoutes(app: FastifyInstance, { deps, pages, finish }: PageRoutesDeps): void {
  const { federation } = deps;
  const callbackUrl = (tenantId: string) => `${federation.baseUrl}/t/${tenantId}/u/federation/callback`;
  const pendingKey = (tenantId: string, state: string) => `federation:${tenantId}:${state}`;

  /** The provider, if the app's flow offers it and Gatehouse can talk to its kind. */
  async function providerOf(page: InteractionPage, providerId: string) {
    if (!page.providers.some((p) => p.id === providerId)) throw new PageError(404, 'error.notFound');
    const provider = await federation.providers.resolve(page.tenant.id, providerId);
    const upstream = provider && upstreamOf(provider);
    if (!provider || !upstream) throw new PageError(400, 'error.generic');
    return { provider, upstream };
  }

  /** The sign-in page again, with why the provider sign-in did not complete: the way back. */
  const signInAgain = (page: InteractionPage, error: string) =>
    signInPage(page.frame, {
      base: page.base,
      appName: page.appName,
      csrf: page.csrf,
      error,
      links: signInLinks(page, 'password'),
    });

  app.get('/interaction/:uid/federation/:providerId', async (request, reply) => {
    const page = await pages.load(request, reply, { prompt: 'login' });
    const { providerId } = request.params as { providerId: string };
    const { upstream } = await providerOf(page, providerId);
    const started = await federation.oidc
      .start(upstream, callbackUrl(page.tenant.id), { uiLocales: page.lang })
      .catch(() => undefined);
    if (!started) {
      const name = page.providers.find((p) => p.id === providerId)?.displayName ?? '';
      return sendPage(reply, signInAgain(page, page.t('federation.failed', { name })), 502);
    }
    const pending: PendingUpstream = { uid: page.uid, providerId, transaction: started.transaction };
    await federation.state.put(
      pendingKey(page.tenant.id, started.transaction.state),
      JSON.stringify(pending),
      UPSTREAM_TTL_MS,
    );
    return redirect(reply, started.url);
  });

  // The provider's redirect back: one URL per tenant, outside any interaction, so it finds the
  // interaction by the state and continues there (where the interaction's cookie is sent).
  app.get('/federation/callback', async (request, reply) => {
    const params = callbackParams.safeParse(request.params);
    const query = callbackQuery.safeParse(request.query);
    if (!params.success || !query.success) throw new PageError(400, 'error.expired');
    const raw = await federation.state.get(pendingKey(params.data.tenantId, query.data.state));
    if (!raw) throw new PageError(400, 'error.expired');
    const pending = JSON.parse(raw) as PendingUpstream;
    const search = new URL(request.url, 'http://callback').search;
    return redirect(
      reply,
      `/t/${params.data.tenantId}/u/interaction/${pending.uid}/federation/${pending.providerId}/complete${search}`,
    );
  });

  app.get('/interaction/:uid/federation/:providerId/complete', async (request, reply) => {
    const page = await pages.load(request, reply, { prompt: 'login' });
    const { providerId } = request.params as { providerId: string };
    const { provider, upstream } = await providerOf(page, providerId);
    const query = callbackQuery.safeParse(request.query);
    // Taken, not read: a callback works once.
    const raw = query.success
      ? await federation.state.take(pendingKey(page.tenant.id, query.data.state))
      : undefined;
    const pending = raw ? (JSON.parse(raw) as PendingUpstream) : undefined;
    if (!pending || pending.uid !== page.uid || pending.providerId !== providerId)
      throw new PageError(400, 'error.expired');
    const failed = (status: number, message: string) => sendPage(reply, signInAgain(page, message), status);
    const search = new URL(request.url, 'http://callback').search;
    let identity: Awaited<ReturnType<typeof federation.oidc.finish>>;
    try {
      identity = await federation.oidc.finish(
        upstream,
        pending.transaction,
        new URL(`${callbackUrl(page.tenant.id)}${search}`),
      );
    } catch (error) {
      if (!isUpstreamError(error)) throw error;
      request.log.warn({ err: error, providerId, kind: error.kind }, 'identity provider sign-in failed');
      return failed(
        error.kind === 'idpError' ? 400 : 502,
        page.t('federation.failed', { name: provider.displayName }),
      );
    }
    return finish(
      page,
      request,
      reply,
      {
        method: 'federated',
        login: (identity.email ?? identity.subject).slice(0, 256),
        providerId,
        providerName: provider.displayName,
        identity: {
          issuer: identity.issuer,
          subject: identity.subject,
          email: identity.email,
          emailVerified: identity.emailVerified,
          displayName: identity.displayName,
        },
      },
      failed,
    );
  });
}
