import type Provider from 'oidc-provider';
import type { KoaContextWithOIDC } from 'oidc-provider';
import type { Clock, Logger } from '../platform/index.js';
import { epochSeconds } from '../platform/index.js';
import type { Db } from '../storage/index.js';
import { revokeAccount } from './adapter.js';
import { FRONTCHANNEL_LOGOUT_URI } from './clients.js';
import type { FrontChannelLogout } from './pages.js';
import type { ProviderPool } from './pool.js';

type LogoutClient = InstanceType<Provider['Client']> & {
  backchannelLogoutUri?: string;
  backchannelLogout(sub: string, sid: string): Promise<void>;
  [FRONTCHANNEL_LOGOUT_URI]?: string;
};

/** The apps a browser session signed in to, each with the session id (sid) it was told. */
type Authorizations = Record<string, { sid?: string }>;

const findClient = async (provider: Provider, clientId: string) =>
  ((await provider.Client.find(clientId).catch(() => undefined)) as LogoutClient | undefined) ?? undefined;

/**
 * OpenID Front-Channel Logout 1.0, which oidc-provider 9 no longer implements: when a sign-out
 * is confirmed, the answer becomes a page that loads each signed-out app's front-channel logout
 * URL (with `iss` and `sid`) in hidden frames, then moves on to where oidc-provider was sending
 * the browser. The page runs no script; its CSP allows frames from those origins only.
 */
export function frontChannelLogout(
  provider: Provider,
  confirmPath: string,
  render: (ctx: KoaContextWithOIDC, logout: FrontChannelLogout) => string,
) {
  return async (ctx: KoaContextWithOIDC, next: () => Promise<void>) => {
    const confirming = ctx.method === 'POST' && ctx.path === confirmPath;
    // oidc-provider forgets the session's apps while ending it, so they are read beforehand.
    const before = confirming ? await sessionApps(provider, ctx) : undefined;
    await next();
    if (!before || ctx.status !== 303 || ctx.oidc?.route !== 'end_session_confirm') return;

    // "Sign out everywhere" ends every app of the session; otherwise only the asking app's.
    const ended = ctx.oidc.params?.logout
      ? Object.keys(before.authorizations)
      : before.clientId
        ? [before.clientId]
        : [];
    const frames: string[] = [];
    for (const clientId of ended) {
      const sid = before.authorizations[clientId]?.sid;
      const uri = (await findClient(provider, clientId))?.[FRONTCHANNEL_LOGOUT_URI];
      if (!uri || !sid) continue;
      const frame = new URL(uri);
      frame.searchParams.set('iss', provider.issuer);
      frame.searchParams.set('sid', sid);
      frames.push(frame.href);
    }
    if (frames.length === 0) return;

    const location = new URL(String(ctx.response.get('location')), provider.issuer);
    const success = new URL(ctx.oidc.urlFor('end_session_success'));
    const continueTo = location.pathname === success.pathname ? undefined : location.href;
    const origins = [...new Set(frames.map((f) => new URL(f).origin))];
    const csp = String(ctx.response.get('content-security-policy') || "default-src 'none'");
    ctx.remove('location');
    ctx.status = 200;
    ctx.set('content-security-policy', `${csp}; frame-src ${origins.join(' ')}`);
    // A declarative refresh (no script) moves on once the frames have had time to load.
    if (continueTo) ctx.set('refresh', `2;url=${continueTo}`);
    ctx.type = 'html';
    ctx.body = render(ctx, { frames, continueTo });
  };
}

async function sessionApps(provider: Provider, ctx: KoaContextWithOIDC) {
  try {
    const session = await provider.Session.get(ctx as never);
    return {
      authorizations: (session.authorizations ?? {}) as Authorizations,
      clientId: session.state?.clientId as string | undefined,
    };
  } catch {
    return undefined;
  }
}

export interface SessionRevokerDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  pool: ProviderPool;
}

/**
 * Ends every browser session, grant, code and token of a user at a tenant, then tells each app
 * those sessions had signed in to by back-channel logout (a logout token per session), as
 * RP-initiated logout does. Apps that do not answer are logged, not retried.
 */
export function createSessionRevoker({ db, clock, logger, pool }: SessionRevokerDeps) {
  return async function revokeSessions(tenantId: string, accountId: string): Promise<void> {
    const sessions = await db
      .selectFrom('oidc_models')
      .select('payload')
      .where('tenant_id', '=', tenantId)
      .where('model', '=', 'Session')
      .where('account_id', '=', accountId)
      .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', epochSeconds(clock.now()))]))
      .execute();
    await revokeAccount(db, tenantId, accountId);

    const notices = sessions.flatMap(({ payload }) =>
      Object.entries((JSON.parse(payload) as { authorizations?: Authorizations }).authorizations ?? {}).map(
        ([clientId, { sid }]) => ({ clientId, sid }),
      ),
    );
    if (notices.length === 0) return;
    const provider = await pool.get(tenantId);
    if (!provider) return;
    await Promise.all(
      notices.map(async ({ clientId, sid }) => {
        const client = await findClient(provider, clientId);
        if (!client?.backchannelLogoutUri || !sid) return;
        await client.backchannelLogout(accountId, sid).catch((error: unknown) => {
          logger.warn({ err: error, tenantId, clientId }, 'back-channel logout failed');
        });
      }),
    );
  };
}
