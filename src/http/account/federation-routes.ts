import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { type IdentityProvider, isUpstreamError } from '../../federation/index.js';
import { AppError } from '../../platform/index.js';
import type { MessageKey } from '../hosted-ui/messages.js';
import { field, formOf, PageError, redirect, sendPage } from '../hosted-ui/page.js';
import type { AccountContext, AccountRequest } from './index.js';
import { type IdentityView, identitiesPage } from './templates.js';

/** Outcomes shown after a redirect (`?done=`) on the linked accounts page. */
const DONE: Record<string, MessageKey> = {
  linked: 'account.identities.linked',
  unlinked: 'account.identities.unlinked',
};

const completeQuery = z.object({ state: z.string().min(1).max(512) });
const providerIdSchema = z.string().min(1).max(64);
/** An identity as the unlink form names it (the directory caps both at these lengths). */
const identityForm = z.object({
  issuer: z.string().min(1).max(512),
  issuerAssignedId: z.string().min(1).max(512),
});

/**
 * "Linked accounts" of the account pages: the identity providers the user signs in with, a
 * Link button for each other provider of the tenant Gatehouse can sign in with, and Unlink —
 * never of the user's last way to sign in (the directory refuses it). Linking is a round trip
 * to the provider (kept server-side by `deps.upstream`, bound to the signed-in user), which
 * comes back through the tenant's one callback to `/federation/{providerId}/complete`.
 */
export function federationAccountRoutes(app: FastifyInstance, context: AccountContext): void {
  const { deps } = context;
  const { upstream } = deps;

  /** Every provider registered in the tenant. */
  async function tenantProviders(tenantId: string): Promise<IdentityProvider[]> {
    const all: IdentityProvider[] = [];
    let skipToken: string | undefined;
    do {
      const batch = await deps.identityProviders.list(tenantId, { top: 100, skipToken });
      all.push(...batch.items);
      skipToken = batch.next;
    } while (skipToken && all.length < 1000);
    return all;
  }

  /**
   * The user's federated identities by provider name, and the providers they can still link.
   * The directory keeps an identity as (issuer, subject) without the provider's id, so each
   * provider's connector says which issuer its identities carry (discovery, SAML metadata…).
   */
  async function identitiesOf(page: AccountRequest) {
    const usable = (
      await Promise.all(
        (
          await tenantProviders(page.tenantId)
        ).map(async (p) => {
          const found = await upstream.providerWithConnector(page.tenantId, p.id);
          return found && { provider: p, issuer: await found.connector.issuer(found.provider) };
        }),
      )
    ).filter((p) => p !== undefined);
    const byIssuer = new Map(usable.flatMap((p) => (p.issuer ? [[p.issuer, p.provider] as const] : [])));
    const linked: IdentityView[] = page.user.identities
      .filter((i) => i.signInType === 'federated')
      .map((i) => ({
        name: byIssuer.get(i.issuer)?.displayName ?? i.issuer,
        issuer: i.issuer,
        issuerAssignedId: i.issuerAssignedId,
      }));
    const linkedIssuers = new Set(linked.map((i) => i.issuer));
    const available = usable
      .filter((p) => !p.issuer || !linkedIssuers.has(p.issuer))
      .map((p) => ({ id: p.provider.id, name: p.provider.displayName }));
    return { linked, available };
  }

  /** The audit trail's entry of a user linking or unlinking a provider on their own. */
  const audit = (
    request: FastifyRequest,
    page: AccountRequest,
    activityDisplayName: 'Link identity provider' | 'Unlink identity provider',
    provider: string,
  ) =>
    deps.audits.record({
      tenantId: page.tenantId,
      category: 'UserManagement',
      activityDisplayName,
      operationType: 'Update',
      result: 'success',
      resultReason: provider,
      initiatedBy: { user: { id: page.user.id, userPrincipalName: page.user.mail } },
      targetResources: [
        {
          id: page.user.id,
          type: 'User',
          displayName: page.user.displayName,
          userPrincipalName: page.user.mail,
        },
      ],
      correlationId: request.id,
    });

  const show = async (
    reply: FastifyReply,
    page: AccountRequest,
    messages: { notice?: string; error?: string } = {},
    status = 200,
  ) => sendPage(reply, identitiesPage(page.view, { ...(await identitiesOf(page)), ...messages }), status);

  const doneMessage = (request: FastifyRequest, page: AccountRequest): string | undefined => {
    const done = (request.query as { done?: unknown }).done;
    const key = typeof done === 'string' && Object.hasOwn(DONE, done) ? DONE[done] : undefined;
    return key && page.view.t(key);
  };

  app.get('/identities', async (request, reply) => {
    const page = await context.load(request, reply);
    return show(reply, page, { notice: doneMessage(request, page) });
  });

  app.post('/identities/link', async (request, reply) => {
    const form = formOf(request);
    const page = await context.load(request, reply, form, { securityInfo: '/identities' });
    const providerId = providerIdSchema.safeParse(field(form, 'provider'));
    const found = providerId.success
      ? await upstream.providerWithConnector(page.tenantId, providerId.data)
      : undefined;
    if (!found) throw new PageError(404, 'error.notFound');
    try {
      const url = await upstream.begin(
        page.tenantId,
        found,
        { kind: 'link', userId: page.user.id },
        { uiLocales: page.view.frame.lang },
      );
      return redirect(reply, url);
    } catch (error) {
      if (!isUpstreamError(error)) throw error;
      request.log.warn({ err: error, providerId: found.provider.id }, 'identity provider cannot be reached');
      const message = page.view.t('account.identities.failed', { name: found.provider.displayName });
      return show(reply, page, { error: message }, 502);
    }
  });

  // Where the tenant's federation callback sends a link trip back, as a top-level GET (the
  // account cookie is SameSite=Lax, so it comes along even after a provider's form post).
  // No second check of the security-info rule here: only /identities/link (which passed it)
  // starts a trip, and a trip is bound to its user and lives ten minutes.
  app.get('/federation/:providerId/complete', async (request, reply) => {
    const page = await context.load(request, reply);
    const providerId = providerIdSchema.safeParse((request.params as { providerId?: unknown }).providerId);
    const query = completeQuery.safeParse(request.query);
    if (!providerId.success || !query.success) throw new PageError(400, 'error.expired');
    const nameOf = async () =>
      (await upstream.providerWithConnector(page.tenantId, providerId.data))?.provider.displayName ?? '';
    let done: Awaited<ReturnType<typeof upstream.complete>>;
    try {
      // The trip is bound to the user who started it: another user's (or a forged) state is refused.
      done = await upstream.complete(page.tenantId, query.data.state, {
        providerId: providerId.data,
        purpose: { kind: 'link', userId: page.user.id },
      });
    } catch (error) {
      if (!isUpstreamError(error)) throw error;
      request.log.warn(
        { err: error, providerId: providerId.data, kind: error.kind },
        'linking a provider failed',
      );
      const message = page.view.t('account.identities.failed', { name: await nameOf() });
      return show(reply, page, { error: message }, error.kind === 'unavailable' ? 502 : 400);
    }
    if (!done) throw new PageError(400, 'error.expired');
    try {
      await deps.directory.linkFederatedIdentity(page.tenantId, page.user.id, {
        issuer: done.identity.issuer,
        issuerAssignedId: done.identity.subject,
      });
    } catch (error) {
      if (error instanceof AppError && error.code === 'identity_taken') {
        const message = page.view.t('account.identities.taken', { name: done.provider.displayName });
        return show(reply, page, { error: message }, 409);
      }
      throw error;
    }
    await audit(request, page, 'Link identity provider', done.provider.displayName);
    return redirect(reply, `${page.view.base}/identities?done=linked`);
  });

  app.post('/identities/unlink', async (request, reply) => {
    const form = formOf(request);
    const page = await context.load(request, reply, form, { securityInfo: '/identities' });
    const identity = identityForm.safeParse({
      issuer: field(form, 'issuer'),
      issuerAssignedId: field(form, 'issuerAssignedId'),
    });
    if (!identity.success) throw new PageError(404, 'error.notFound');
    try {
      await deps.directory.unlinkFederatedIdentity(page.tenantId, page.user.id, identity.data);
    } catch (error) {
      if (error instanceof AppError && error.code === 'last_sign_in_method')
        return show(reply, page, { error: page.view.t('account.identities.lastMethod') }, 409);
      if (error instanceof AppError && error.code === 'identity_not_found')
        throw new PageError(404, 'error.notFound');
      throw error;
    }
    await audit(request, page, 'Unlink identity provider', identity.data.issuer);
    return redirect(reply, `${page.view.base}/identities?done=unlinked`);
  });
}
