import type { KoaContextWithOIDC } from 'oidc-provider';
import type { ServicePrincipalSignIn, TokenAccess } from '../flows/index.js';

/** What Gatehouse logs of a token request made by an application for itself. */
export type ServiceSignIn = ServicePrincipalSignIn;

/** Reads a client-credentials token request off oidc-provider's context. */
export function serviceSignInFrom(
  tenantId: string,
  ctx: KoaContextWithOIDC,
  error?: Error,
  access?: TokenAccess,
): ServiceSignIn | undefined {
  if (ctx.oidc?.params?.grant_type !== 'client_credentials') return undefined;
  const appId = ctx.oidc.client?.clientId ?? String(ctx.oidc.params.client_id ?? '');
  if (!appId) return undefined;
  const failure = error as (Error & { error?: string; error_description?: string }) | undefined;
  return {
    tenantId,
    appId,
    appDisplayName: ctx.oidc.client?.clientName,
    remoteAddress: ctx.req.socket.remoteAddress ?? '',
    forwardedFor: ctx.get('x-forwarded-for') || undefined,
    userAgent: ctx.get('user-agent') || undefined,
    correlationId: String(ctx.res.getHeader('x-correlation-id') ?? ''),
    resource: typeof ctx.oidc.params.resource === 'string' ? ctx.oidc.params.resource : undefined,
    ...(access && {
      conditionalAccess: { applied: access.applied, status: access.status },
      location: access.location,
    }),
    ...(failure && {
      error: { code: failure.error ?? 'server_error', description: failure.error_description },
    }),
  };
}
