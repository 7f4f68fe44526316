import { expect } from 'vitest';
import type { FederationConnector } from '../../src/federation/connector.js';
import type { ResolvedIdentityProvider } from '../../src/federation/model.js';
import { UpstreamError } from '../../src/federation/oidc-connector.js';
import type { FakeAuthorization } from './fake-social.js';

/** The tenant callback the connector tests send users back to. */
export const CALLBACK = 'https://gatehouse.example/t/contoso/u/federation/callback';

/** The UpstreamError a connector's promise rejects with (the test fails if it resolves or throws another). */
export async function rejection(promise: Promise<unknown>): Promise<UpstreamError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UpstreamError);
  return error as UpstreamError;
}

/** One sign-in at a fake provider, up to the callback: what the tenant's callback route would receive. */
export async function toCallback(
  connector: FederationConnector,
  provider: ResolvedIdentityProvider,
  fake: { authorize(url: string): Promise<FakeAuthorization> },
) {
  const started = await connector.start(provider, { callbackUrl: CALLBACK });
  const back = await fake.authorize(started.url);
  expect(back.callbackUrl).toBe(CALLBACK);
  return { started, back, response: back.response };
}

/**
 * The global fetch, looked up at each call (so a test's spy on it applies): the connectors' unit
 * tests are about the protocols; the outbound policy has its own tests.
 */
export const viaGlobalFetch = (url: string | URL, init?: RequestInit): Promise<Response> =>
  globalThis.fetch(url, init);
