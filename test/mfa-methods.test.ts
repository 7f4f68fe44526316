import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMAIL_METHOD_ID, PASSWORD_METHOD_ID } from '../src/mfa/index.js';
import { base32Decode, hotp, timeStep } from '../src/mfa/totp.js';
import { ManualClock } from '../src/platform/index.js';
import { TEST_DATABASES } from './support/databases.js';
import { startGatehouse, type TestGatehouse } from './support/gatehouse.js';

const PASSWORD = 'correct horse battery staple 42';
const TENANT = 'mfa-a';

describe.each(TEST_DATABASES)('authentication methods through the admin API on %s', (kind) => {
  const clock = new ManualClock(new Date('2026-03-01T08:00:10.000Z'));
  let gh: TestGatehouse;
  let userId: string;
  /** Every response body seen, to check that no secret ever leaves. */
  const bodies: string[] = [];
  const secrets: string[] = [];
  let totpSecret: Buffer;
  const policyPath = `/api/v1/tenants/${TENANT}/authenticationMethodsPolicy`;
  const methodsPath = () => `/api/v1/tenants/${TENANT}/users/${userId}/authentication/methods`;

  async function api(method: string, path: string, body?: unknown) {
    const response = await gh.api(method, path, body);
    bodies.push(JSON.stringify(response.body ?? ''));
    return response;
  }

  beforeAll(async () => {
    gh = await startGatehouse(kind, { clock });
    for (const id of [TENANT, 'mfa-b'])
      expect((await gh.api('POST', '/api/v1/tenants', { id, displayName: `Contoso ${id}` })).status).toBe(
        201,
      );
    const user = await gh.api('POST', `/api/v1/tenants/${TENANT}/users`, {
      displayName: 'Ada',
      mail: 'ada@example.com',
      passwordProfile: { password: PASSWORD },
    });
    expect(user.status).toBe(201);
    userId = user.body.id;
  });
  afterAll(() => gh?.stop());

  it('shows the default policy: SMS off, everything else on', async () => {
    const response = await api('GET', policyPath);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      authenticationMethodConfigurations: [
        { id: 'Email', state: 'enabled' },
        { id: 'Sms', state: 'disabled' },
        { id: 'SoftwareOath', state: 'enabled' },
        { id: 'Fido2', state: 'enabled' },
        { id: 'RecoveryCode', state: 'enabled' },
      ],
    });
  });

  it('updates the listed methods only, per tenant, and refuses bad input without changing anything', async () => {
    const patched = await api('PATCH', policyPath, {
      authenticationMethodConfigurations: [
        { id: 'Sms', state: 'enabled' },
        { id: 'Fido2', state: 'disabled' },
      ],
    });
    expect(patched.status).toBe(200);
    expect(patched.body.authenticationMethodConfigurations).toEqual([
      { id: 'Email', state: 'enabled' },
      { id: 'Sms', state: 'enabled' },
      { id: 'SoftwareOath', state: 'enabled' },
      { id: 'Fido2', state: 'disabled' },
      { id: 'RecoveryCode', state: 'enabled' },
    ]);
    expect((await api('GET', policyPath)).body).toEqual(patched.body);
    expect(await gh.gatehouse.mfa.enabledMethods(TENANT)).toEqual(
      new Set(['email', 'sms', 'totp', 'recoveryCode']),
    );
    // The other tenant keeps its defaults.
    const other = await api('GET', '/api/v1/tenants/mfa-b/authenticationMethodsPolicy');
    expect(other.body.authenticationMethodConfigurations[1]).toEqual({ id: 'Sms', state: 'disabled' });

    const bad = [
      { authenticationMethodConfigurations: [{ id: 'Voice', state: 'enabled' }] },
      { authenticationMethodConfigurations: [{ id: 'Email', state: 'on' }] },
      {
        authenticationMethodConfigurations: [
          { id: 'Email', state: 'disabled' },
          { id: 'Email', state: 'enabled' },
        ],
      },
      { authenticationMethodConfigurations: [{ id: 'Email', state: 'disabled', extra: 1 }] },
      { registrationEnforcement: {} },
    ];
    for (const body of bad) {
      const response = await api('PATCH', policyPath, body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.error.code).toMatch(/^(invalid_request|unknown_field)$/);
    }
    expect((await api('GET', policyPath)).body).toEqual(patched.body);
    expect((await api('GET', '/api/v1/tenants/nope/authenticationMethodsPolicy')).status).toBe(404);
  });

  it('lists the password and the email of a new user', async () => {
    const response = await api('GET', methodsPath());
    expect(response.status).toBe(200);
    expect(response.body.value).toEqual([
      {
        '@odata.type': '#microsoft.graph.passwordAuthenticationMethod',
        id: PASSWORD_METHOD_ID,
        password: null,
        createdDateTime: clock.now().toISOString(),
      },
      {
        '@odata.type': '#microsoft.graph.emailAuthenticationMethod',
        id: EMAIL_METHOD_ID,
        emailAddress: 'ada@example.com',
      },
    ]);
  });

  it('lists an authenticator app, a phone and recovery codes once enrolled, without their secrets', async () => {
    const { mfa } = gh.gatehouse;
    const enrollment = await mfa.startTotpEnrollment(TENANT, userId, 'ada@example.com');
    secrets.push(enrollment.secret);
    expect(enrollment.otpauthUri).toContain(`otpauth://totp/Contoso%20${TENANT}:ada%40example.com?`);
    expect(enrollment.qrSvg).toContain('<svg');
    // Pending until confirmed: not listed yet.
    expect((await api('GET', methodsPath())).body.value).toHaveLength(2);
    const secret = base32Decode(enrollment.secret);
    totpSecret = secret;
    const code = hotp(secret, timeStep(clock.now()));
    expect(await mfa.confirmTotpEnrollment(TENANT, userId, enrollment.enrollmentId, code)).toBe(true);
    // The code that confirmed the app cannot be used again; the next step's can, once.
    expect(await mfa.verifyTotp(TENANT, userId, code)).toBe(false);
    clock.advance(30_000);
    const next = hotp(secret, timeStep(clock.now()));
    expect(await mfa.verifyTotp(TENANT, userId, next)).toBe(true);
    expect(await mfa.verifyTotp(TENANT, userId, next)).toBe(false);

    const phone = await mfa.addPhone(TENANT, userId, '+1 (425) 555-0100');
    expect(phone.phoneNumber).toBe('+14255550100');
    await expect(mfa.addPhone(TENANT, userId, '555-0100')).rejects.toMatchObject({
      code: 'invalid_phone_number',
    });
    const codes = await mfa.generateRecoveryCodes(TENANT, userId);
    secrets.push(...codes, ...codes.map((c) => c.replace(/-/g, '')));
    expect(await mfa.redeemRecoveryCode(TENANT, userId, (codes[0] as string).toUpperCase())).toBe(true);
    expect(await mfa.redeemRecoveryCode(TENANT, userId, codes[0] as string)).toBe(false);

    const response = await api('GET', methodsPath());
    expect(response.status).toBe(200);
    const byType = Object.fromEntries(
      response.body.value.map((m: Record<string, unknown>) => [m['@odata.type'], m]),
    );
    expect(Object.keys(byType).sort()).toEqual([
      '#gatehouse.recoveryCodesAuthenticationMethod',
      '#microsoft.graph.emailAuthenticationMethod',
      '#microsoft.graph.passwordAuthenticationMethod',
      '#microsoft.graph.phoneAuthenticationMethod',
      '#microsoft.graph.softwareOathAuthenticationMethod',
    ]);
    expect(byType['#microsoft.graph.softwareOathAuthenticationMethod']).toMatchObject({
      id: enrollment.enrollmentId,
      secretKey: null,
      createdDateTime: expect.any(String),
    });
    expect(byType['#microsoft.graph.phoneAuthenticationMethod']).toEqual({
      '@odata.type': '#microsoft.graph.phoneAuthenticationMethod',
      id: phone.id,
      phoneNumber: '+14255550100',
      phoneType: 'mobile',
    });
    expect(byType['#gatehouse.recoveryCodesAuthenticationMethod']).toMatchObject({ remaining: 9 });
    expect(await mfa.hasSecondFactor(TENANT, userId)).toBe(true);
  });

  it('removes a stored method, answers 404 for an unknown one, and refuses to remove the password', async () => {
    const listed = (await api('GET', methodsPath())).body.value as { id: string; '@odata.type': string }[];
    const totp = listed.find((m) => m['@odata.type'].endsWith('softwareOathAuthenticationMethod'));
    expect((await api('DELETE', `${methodsPath()}/${totp?.id}`)).status).toBe(204);
    const after = (await api('GET', methodsPath())).body.value as { id: string }[];
    expect(after.map((m) => m.id)).not.toContain(totp?.id);
    // Gone for sign-in too: a fresh code of the removed app no longer works.
    clock.advance(30_000);
    expect(await gh.gatehouse.mfa.verifyTotp(TENANT, userId, hotp(totpSecret, timeStep(clock.now())))).toBe(
      false,
    );
    const again = await api('DELETE', `${methodsPath()}/${totp?.id}`);
    expect(again.status).toBe(404);
    expect(again.body.error.code).toBe('authentication_method_not_found');
    expect((await api('DELETE', `${methodsPath()}/00000000-0000-4000-8000-000000000000`)).status).toBe(404);

    const password = await api('DELETE', `${methodsPath()}/${PASSWORD_METHOD_ID}`);
    expect(password.status).toBe(400);
    expect(password.body.error.code).toBe('authentication_method_not_removable');
    expect((await api('DELETE', `${methodsPath()}/${EMAIL_METHOD_ID}`)).status).toBe(400);
    expect((await api('GET', methodsPath())).body.value).toHaveLength(after.length);

    // Another tenant cannot see or remove this user's methods.
    const phone = after.find((m) => m.id !== PASSWORD_METHOD_ID && m.id !== EMAIL_METHOD_ID);
    const foreign = `/api/v1/tenants/mfa-b/users/${userId}/authentication/methods`;
    expect((await api('GET', foreign)).status).toBe(404);
    expect((await api('DELETE', `${foreign}/${phone?.id}`)).status).toBe(404);
    expect((await api('GET', methodsPath())).body.value).toHaveLength(after.length);
  });

  it('answers 404 for an unknown user and 400 for a malformed id', async () => {
    const unknown = await api(
      'GET',
      `/api/v1/tenants/${TENANT}/users/00000000-0000-4000-8000-000000000000/authentication/methods`,
    );
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('user_not_found');
    expect((await api('GET', `/api/v1/tenants/${TENANT}/users/nope/authentication/methods`)).status).toBe(
      400,
    );
  });

  it("removes a user's methods with the user", async () => {
    const user = await gh.api('POST', `/api/v1/tenants/${TENANT}/users`, { displayName: 'Bo' });
    await gh.gatehouse.mfa.generateRecoveryCodes(TENANT, user.body.id);
    const listed = await api('GET', `/api/v1/tenants/${TENANT}/users/${user.body.id}/authentication/methods`);
    expect(listed.body.value).toHaveLength(1);
    expect(await gh.gatehouse.mfa.hasSecondFactor(TENANT, user.body.id)).toBe(true);
    expect((await gh.api('DELETE', `/api/v1/tenants/${TENANT}/users/${user.body.id}`)).status).toBe(204);
    const rows = await gh.gatehouse.storage.db
      .selectFrom('mfa_methods')
      .select('id')
      .where('user_id', '=', user.body.id)
      .execute();
    expect(rows).toEqual([]);
  });

  it('never returns a TOTP secret or a recovery code', () => {
    expect(secrets.length).toBeGreaterThan(10);
    expect(bodies.length).toBeGreaterThan(10);
    for (const body of bodies) for (const secret of secrets) expect(body).not.toContain(secret);
  });
});
