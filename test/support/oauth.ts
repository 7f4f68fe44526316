import * as client from 'openid-client';

/** An openid-client relying party for one tenant, authenticating with a secret. */
export async function relyingParty(
  baseUrl: string,
  tenantId: string,
  clientId: string,
  auth: client.ClientAuth,
): Promise<client.Configuration> {
  return client.discovery(new URL(`${baseUrl}/t/${tenantId}`), clientId, undefined, auth, {
    execute: [client.allowInsecureRequests],
  });
}

/** A raw token request, for the cases a well-behaved client library refuses to send. */
export async function tokenRequest(
  baseUrl: string,
  tenantId: string,
  params: Record<string, string>,
  basic?: { id: string; secret: string },
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${baseUrl}/t/${tenantId}/oauth2/token`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...(basic && {
        authorization: `Basic ${Buffer.from(`${encodeURIComponent(basic.id)}:${encodeURIComponent(basic.secret)}`).toString('base64')}`,
      }),
    },
    body: new URLSearchParams(params),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

export { client };
