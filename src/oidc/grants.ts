import type { KoaContextWithOIDC } from 'oidc-provider';

/**
 * Apps registered in a tenant are first-party: the user is never asked to consent. An
 * existing grant is extended, or a new one made, with what the request asks for.
 */
export async function loadFirstPartyGrant(ctx: KoaContextWithOIDC) {
  const { oidc } = ctx;
  const client = oidc.client;
  const session = oidc.session;
  if (!client || !session?.accountId) return undefined;
  const grantId = oidc.result?.consent?.grantId ?? session.grantIdFor(client.clientId);
  const grant =
    (grantId && (await oidc.provider.Grant.find(grantId))) ||
    new oidc.provider.Grant({ clientId: client.clientId, accountId: session.accountId });
  const scope = String(oidc.params?.scope ?? '');
  grant.addOIDCScope(
    scope
      .split(' ')
      .filter((s) => ['openid', 'profile', 'email', 'offline_access'].includes(s))
      .join(' '),
  );
  for (const [indicator, server] of Object.entries(oidc.resourceServers ?? {})) {
    grant.addResourceScope(indicator, server.scope);
  }
  await grant.save();
  return grant;
}
