import { expect } from 'vitest';
import { UpstreamError } from '../../src/federation/oidc-connector.js';

/** The UpstreamError a connector's promise rejects with (the test fails if it resolves or throws another). */
export async function rejection(promise: Promise<unknown>): Promise<UpstreamError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UpstreamError);
  return error as UpstreamError;
}
