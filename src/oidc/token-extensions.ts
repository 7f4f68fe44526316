import { errors, type KoaContextWithOIDC, type Provider } from 'oidc-provider';

type Provided =
  | { kind: 'none' }
  | { kind: 'claims'; claims: Record<string, string | string[]> }
  | { kind: 'failed'; errorCode: number; extensionName: string };

/** What the protocol needs of custom authentication extensions at token issuance. */
export interface TokenExtensionDeps {
  provide(input: {
    tenantId: string;
    clientId: string;
    userId: string;
    correlationId: string;
    recordUnder: string;
    ip: string;
    locale: string;
  }): Promise<Provided>;
  mapped(
    tenantId: string,
    audienceAppId: string,
    provided: Provided,
  ): Promise<Record<string, string | string[]>>;
  /** Which sign-in (its log entry's correlationId) a grant's latest code came from. */
  signInOfGrant: {
    remember(tenantId: string, grantId: string, correlationId: string): Promise<void>;
    find(tenantId: string, grantId: string): Promise<string | undefined>;
  };
}

/** The key of the interaction result that carries the sign-in's correlationId to the grant. */
export const SIGN_IN_RESULT = 'gatehouseSignIn';

/**
 * Token issuance start, at the protocol edge: one callout per token request on a user's behalf
 * (shared by its ID token and access token), the mapped claims added to each token by its
 * audience, and a failed callout refusing the request (no token is minted, as in Entra).
 */
export function createTokenExtensions(tenantId: string, deps: TokenExtensionDeps) {
  const byRequest = new WeakMap<KoaContextWithOIDC, Promise<Provided>>();

  async function callOnce(ctx: KoaContextWithOIDC, userId: string): Promise<Provided> {
    let provided = byRequest.get(ctx);
    if (!provided) {
      provided = (async () => {
        const correlationId = String(ctx.res.getHeader('x-correlation-id') ?? '');
        const entities = ctx.oidc.entities as {
          AuthorizationCode?: { grantId?: string };
          RefreshToken?: { grantId?: string };
        };
        const grantId = entities.AuthorizationCode?.grantId;
        const signIn = grantId ? await deps.signInOfGrant.find(tenantId, grantId) : undefined;
        return deps.provide({
          tenantId,
          clientId: ctx.oidc.client?.clientId ?? '',
          userId,
          correlationId,
          recordUnder: signIn ?? correlationId,
          ip: ctx.ip,
          locale: (ctx.get('accept-language').split(',')[0] ?? '').trim().toLowerCase() || 'en-us',
        });
      })();
      byRequest.set(ctx, provided);
    }
    const result = await provided;
    if (result.kind === 'failed') {
      const error = new errors.InvalidGrant();
      error.error_description = `AADSTS${result.errorCode}: the custom authentication extension '${result.extensionName}' failed; sign in again`;
      throw error;
    }
    return result;
  }

  /** At the token endpoint only: userinfo answers what the directory holds. */
  const atTokenEndpoint = (ctx: KoaContextWithOIDC | undefined) => ctx?.oidc?.route === 'token';

  return {
    /** ID tokens get the claims the client app's policy maps. */
    patchIdTokens(provider: Provider): void {
      const IdToken = provider.IdToken as unknown as {
        prototype: { payload(): Promise<Record<string, unknown>> };
      };
      const payload = IdToken.prototype.payload;
      IdToken.prototype.payload = async function withExtensionClaims(this: {
        ctx?: KoaContextWithOIDC;
        client?: { clientId: string };
      }) {
        const claims = await payload.call(this);
        if (!atTokenEndpoint(this.ctx) || typeof claims.sub !== 'string' || !this.ctx || !this.client)
          return claims;
        const provided = await callOnce(this.ctx, claims.sub);
        return { ...(await deps.mapped(tenantId, this.client.clientId, provided)), ...claims };
      };
    },

    /** An access token on a user's behalf gets the claims its API's policy maps. */
    async accessTokenClaims(
      ctx: KoaContextWithOIDC,
      token: { accountId?: string },
      audienceAppId: string | undefined,
    ): Promise<Record<string, unknown>> {
      if (!token.accountId || !audienceAppId || !atTokenEndpoint(ctx)) return {};
      const provided = await callOnce(ctx, token.accountId);
      return deps.mapped(tenantId, audienceAppId, provided);
    },

    /** Remembers which sign-in a grant's next code comes from (read back at code redemption). */
    async rememberSignIn(ctx: KoaContextWithOIDC, grantId: string | undefined): Promise<void> {
      const signIn = (ctx.oidc.result as Record<string, { correlationId?: string }> | undefined)?.[
        SIGN_IN_RESULT
      ];
      if (grantId && signIn?.correlationId)
        await deps.signInOfGrant.remember(tenantId, grantId, signIn.correlationId);
    },
  };
}
