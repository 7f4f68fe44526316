import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGatehouse, type TestGatehouse } from '../../../test/support/gatehouse.js';
import { SoftwareAuthenticator } from '../../../test/support/software-authenticator.js';

/** The passkey service as the server wires it: the RP is the base URL's host, named after the tenant. */
describe('passkeys in a running Gatehouse', () => {
  let gh: TestGatehouse;
  beforeAll(async () => {
    gh = await startGatehouse('sqlite');
  });
  afterAll(() => gh?.stop());

  it('registers and signs in with a passkey on the base URL, refusing it from another origin', async () => {
    expect(
      (await gh.api('POST', '/api/v1/tenants', { id: 'bakery', displayName: 'The Bakery' })).status,
    ).toBe(201);
    const created = await gh.api('POST', '/api/v1/tenants/bakery/users', { displayName: 'Ada' });
    expect(created.status).toBe(201);
    const user = { id: created.body.id as string, name: 'ada', displayName: 'Ada' };
    const { passkeys } = gh.gatehouse;

    const registration = await passkeys.registrationOptions('bakery', user);
    expect(registration.options.rp).toEqual({ id: new URL(gh.baseUrl).hostname, name: 'The Bakery' });
    const authenticator = new SoftwareAuthenticator({ origin: gh.baseUrl });
    await passkeys.register(
      'bakery',
      user.id,
      registration.challengeId,
      authenticator.createCredential(registration.options),
    );

    const signIn = await passkeys.authenticationOptions('bakery');
    expect(
      await passkeys.authenticate('bakery', signIn.challengeId, authenticator.getAssertion(signIn.options)),
    ).toMatchObject({ ok: true, userId: user.id, amr: 'hwk' });

    const elsewhere = await passkeys.authenticationOptions('bakery');
    const phished = authenticator.getAssertion(elsewhere.options, { origin: 'http://localhost:9' });
    expect(await passkeys.authenticate('bakery', elsewhere.challengeId, phished)).toEqual({
      ok: false,
      reason: 'verification_failed',
    });
  });
});
