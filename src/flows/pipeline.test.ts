import { describe, expect, it } from 'vitest';
import { next, type SignInAttempt, type SignInStep } from './model.js';
import { createSignInPipeline } from './pipeline.js';

const attempt = (): SignInAttempt => ({
  tenantId: 't',
  app: { appId: 'app', displayName: 'App' },
  facts: { remoteAddress: '203.0.113.1', correlationId: 'corr-0001' },
  credentials: { method: 'password', login: 'ada@example.com', password: 'x' },
  amr: [],
  authenticationDetails: [],
  riskLevel: 'none',
  authenticationRequirement: 'singleFactorAuthentication',
});

const step = (name: string, run: SignInStep['run']): SignInStep => ({ name, run });

describe('the sign-in pipeline when something throws', () => {
  it('records an attempt whose step threw, as a transient error, then throws on', async () => {
    const seen: (string | undefined)[] = [];
    const unavailable = new Error('the store did not answer');
    const signIn = createSignInPipeline(
      [
        step('ok', async () => next()),
        step('throws', async () => {
          throw unavailable;
        }),
      ],
      [(a) => void seen.push(a.failure)],
    );
    await expect(signIn(attempt())).rejects.toBe(unavailable);
    expect(seen).toEqual(['transientError']);
  });

  it('runs every hook when one throws, and throws the first error after', async () => {
    const ran: string[] = [];
    const first = new Error('settle failed');
    const signIn = createSignInPipeline(
      [step('ok', async () => next())],
      [
        () => {
          ran.push('settle');
          throw first;
        },
        () => {
          ran.push('risk');
          throw new Error('risk failed too');
        },
        () => void ran.push('record'),
      ],
    );
    await expect(signIn(attempt())).rejects.toBe(first);
    expect(ran).toEqual(['settle', 'risk', 'record']);
  });
});
