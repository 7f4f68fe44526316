import { z } from 'zod';
import type { SharedState } from '../platform/index.js';
import type {
  ConnectorFor,
  FederationConnector,
  UpstreamResponse,
  UpstreamTransaction,
} from './connector.js';
import type { ResolvedIdentityProvider } from './model.js';
import { UpstreamError, type UpstreamIdentity } from './oidc-connector.js';

/** How long a user may spend at the provider, from leaving to coming back. */
const PENDING_TTL_MS = 10 * 60_000;
/** A provider's answer may be large (a signed SAML response); anything larger is not one. */
const MAX_RESPONSE_FIELDS = 20;
const MAX_RESPONSE_BYTES = 256 * 1024;

/** Why the user went to the provider: to sign in (an oidc-provider interaction) or to link it. */
export type UpstreamPurpose = { kind: 'signIn'; uid: string } | { kind: 'link'; userId: string };

/** What is kept server-side, under the state sent to the provider, until the user is back. */
export interface PendingUpstream {
  tenantId: string;
  providerId: string;
  purpose: UpstreamPurpose;
  transaction: UpstreamTransaction;
  /** The provider's answer, once the callback has received it. */
  response?: UpstreamResponse;
}

const samePurpose = (a: UpstreamPurpose, b: UpstreamPurpose): boolean =>
  a.kind === 'signIn' ? b.kind === 'signIn' && a.uid === b.uid : b.kind === 'link' && a.userId === b.userId;

const stateSchema = z.string().min(16).max(512);

/** The provider's answer, kept as flat strings and bounded. */
export const upstreamResponseSchema = z
  .record(z.string().max(64), z.string())
  .refine((r) => Object.keys(r).length <= MAX_RESPONSE_FIELDS, { message: 'too many fields' })
  .refine((r) => Object.values(r).reduce((n, v) => n + v.length, 0) <= MAX_RESPONSE_BYTES, {
    message: 'too large',
  });

/** The state a provider echoes back: OAuth's `state`, or SAML's `RelayState`. */
export const stateOf = (response: UpstreamResponse): string | undefined => {
  const parsed = stateSchema.safeParse(response.state ?? response.RelayState);
  return parsed.success ? parsed.data : undefined;
};

export interface UpstreamSignInsDeps {
  /** Public origin; each tenant's callback is `{baseUrl}/t/{tenantId}/u/federation/callback`. */
  baseUrl: string;
  providers: { resolve(tenantId: string, id: string): Promise<ResolvedIdentityProvider | undefined> };
  connectorFor: ConnectorFor;
  state: SharedState;
}

/**
 * The round trip to an identity provider, whatever its kind: leave with a transaction kept
 * here (never in the browser), come back to the tenant's one callback, which finds the trip
 * by its state, and have the connector check the answer once. What the checked identity is
 * used for (a sign-in, a link) is the caller's business.
 */
export function createUpstreamSignIns({ baseUrl, providers, connectorFor, state }: UpstreamSignInsDeps) {
  const keyOf = (tenantId: string, stateValue: string) => `upstream:${tenantId}:${stateValue}`;
  const callbackUrl = (tenantId: string) => `${baseUrl}/t/${tenantId}/u/federation/callback`;

  /** The provider and its connector, or nothing when it is gone or Gatehouse cannot sign in with it. */
  async function providerWithConnector(
    tenantId: string,
    providerId: string,
  ): Promise<{ provider: ResolvedIdentityProvider; connector: FederationConnector } | undefined> {
    const provider = await providers.resolve(tenantId, providerId);
    const connector = provider && connectorFor(provider);
    return provider && connector ? { provider, connector } : undefined;
  }

  return {
    callbackUrl,
    providerWithConnector,

    /** Starts a trip: the URL to send the browser to. Throws an UpstreamError when the provider cannot be reached. */
    async begin(
      tenantId: string,
      found: { provider: ResolvedIdentityProvider; connector: FederationConnector },
      purpose: UpstreamPurpose,
      options: { uiLocales?: string; loginHint?: string } = {},
    ): Promise<string> {
      let started: Awaited<ReturnType<FederationConnector['start']>>;
      try {
        started = await found.connector.start(found.provider, {
          callbackUrl: callbackUrl(tenantId),
          ...options,
        });
      } catch (error) {
        if (error instanceof UpstreamError) throw error;
        throw new UpstreamError(
          'unavailable',
          'The identity provider cannot be reached.',
          undefined,
          undefined,
          {
            cause: error,
          },
        );
      }
      const pending: PendingUpstream = {
        tenantId,
        providerId: found.provider.id,
        purpose,
        transaction: started.transaction,
      };
      await state.put(keyOf(tenantId, started.transaction.state), JSON.stringify(pending), PENDING_TTL_MS);
      return started.url;
    },

    /**
     * The callback: keeps the provider's answer with its trip and says whose trip it is (so
     * the caller can continue where the browser's cookies are sent). Nothing for a state it
     * did not send, or one that has expired.
     */
    async receive(tenantId: string, response: UpstreamResponse): Promise<PendingUpstream | undefined> {
      const parsed = upstreamResponseSchema.safeParse(response);
      const stateValue = parsed.success ? stateOf(parsed.data) : undefined;
      if (!parsed.success || !stateValue) return undefined;
      const raw = await state.get(keyOf(tenantId, stateValue));
      if (!raw) return undefined;
      const pending = JSON.parse(raw) as PendingUpstream;
      const received: PendingUpstream = { ...pending, response: parsed.data };
      await state.put(keyOf(tenantId, stateValue), JSON.stringify(received), PENDING_TTL_MS);
      return received;
    },

    /**
     * Takes the trip (it works once) and has the connector check the answer. `undefined` when
     * there is no such trip, or it is not the caller's (another interaction, user or provider).
     */
    async complete(
      tenantId: string,
      stateValue: string,
      expected: { providerId: string; purpose: UpstreamPurpose },
    ): Promise<{ provider: ResolvedIdentityProvider; identity: UpstreamIdentity } | undefined> {
      if (!stateSchema.safeParse(stateValue).success) return undefined;
      const raw = await state.take(keyOf(tenantId, stateValue));
      const pending = raw ? (JSON.parse(raw) as PendingUpstream) : undefined;
      if (
        !pending?.response ||
        pending.providerId !== expected.providerId ||
        !samePurpose(pending.purpose, expected.purpose)
      )
        return undefined;
      const found = await providerWithConnector(tenantId, pending.providerId);
      if (!found) return undefined;
      const identity = await found.connector.finish(found.provider, pending.transaction, pending.response, {
        callbackUrl: callbackUrl(tenantId),
      });
      return { provider: found.provider, identity };
    },
  };
}

export type UpstreamSignIns = ReturnType<typeof createUpstreamSignIns>;
