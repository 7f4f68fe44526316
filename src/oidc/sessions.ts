import type Provider from 'oidc-provider';
import type { Clock, Logger } from '../platform/index.js';
import { epochSeconds } from '../platform/index.js';
import type { Db } from '../storage/index.js';
import type { ProviderPool } from './pool.js';

/** One browser session of a user at a tenant, as the self-service account pages show it. */
export interface BrowserSession {
  /** The session's id (the row's key); what "end this session" names. */
  id: string;
  /** When the user signed in (epoch seconds). */
  loginTs: number | null;
  /** When the session was last saved by the provider: the last sign-in to any app (epoch seconds). */
  lastActivity: number | null;
  /** The apps signed in through this session, the first first. */
  clientIds: string[];
  /** The session ids (sid) the apps of this session were told, by client id. */
  sids: Record<string, string>;
}

interface SessionPayload {
  loginTs?: number;
  iat?: number;
  authorizations?: Record<string, { sid?: string; grantId?: string }>;
}

type LogoutClient = InstanceType<Provider['Client']> & {
  backchannelLogoutUri?: string;
  backchannelLogout(sub: string, sid: string): Promise<void>;
};

/**
 * A user's browser sessions (oidc-provider `Session` models) for the account pages: list them,
 * end one. Ending a session also ends its grants and their tokens, and tells its apps by
 * back-channel logout, as signing out there would.
 */
export function createSessionDirectory({
  db,
  clock,
  logger,
  pool,
}: {
  db: Db;
  clock: Clock;
  logger: Logger;
  pool: ProviderPool;
}) {
  async function rows(tenantId: string, accountId: string) {
    return db
      .selectFrom('oidc_models')
      .select(['id', 'payload'])
      .where('tenant_id', '=', tenantId)
      .where('model', '=', 'Session')
      .where('account_id', '=', accountId)
      .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', epochSeconds(clock.now()))]))
      .execute();
  }

  return {
    async list(tenantId: string, accountId: string): Promise<BrowserSession[]> {
      return (await rows(tenantId, accountId))
        .map(({ id, payload }) => {
          const session = JSON.parse(payload) as SessionPayload;
          const sids: Record<string, string> = {};
          for (const [clientId, { sid }] of Object.entries(session.authorizations ?? {}))
            if (sid) sids[clientId] = sid;
          return {
            id,
            loginTs: session.loginTs ?? null,
            lastActivity: session.iat ?? null,
            clientIds: Object.keys(session.authorizations ?? {}),
            sids,
          };
        })
        .sort((a, b) => (b.lastActivity ?? 0) - (a.lastActivity ?? 0));
    },

    /** Ends one session of the account; false when it is not one of theirs (or already gone). */
    async end(tenantId: string, accountId: string, sessionId: string): Promise<boolean> {
      const row = (await rows(tenantId, accountId)).find((r) => r.id === sessionId);
      if (!row) return false;
      const authorizations = (JSON.parse(row.payload) as SessionPayload).authorizations ?? {};
      const grantIds = Object.values(authorizations).flatMap((a) => (a.grantId ? [a.grantId] : []));
      await db.transaction().execute(async (trx) => {
        await trx
          .deleteFrom('oidc_models')
          .where('tenant_id', '=', tenantId)
          .where('model', '=', 'Session')
          .where('id', '=', sessionId)
          .execute();
        if (grantIds.length)
          await trx
            .deleteFrom('oidc_models')
            .where('tenant_id', '=', tenantId)
            .where('account_id', '=', accountId)
            .where((eb) => eb.or([eb('grant_id', 'in', grantIds), eb('id', 'in', grantIds)]))
            .execute();
      });
      const provider = await pool.get(tenantId);
      if (!provider) return true;
      await Promise.all(
        Object.entries(authorizations).map(async ([clientId, { sid }]) => {
          const client = (await provider.Client.find(clientId).catch(() => undefined)) as
            | LogoutClient
            | undefined;
          if (!client?.backchannelLogoutUri || !sid) return;
          await client.backchannelLogout(accountId, sid).catch((error: unknown) => {
            logger.warn({ err: error, tenantId, clientId }, 'back-channel logout failed');
          });
        }),
      );
      return true;
    },
  };
}

export type SessionDirectory = ReturnType<typeof createSessionDirectory>;
