import SqliteDatabase from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { insertTenantRow } from '../../test/support/fixtures.js';
import { createSecretBox, ManualClock } from '../platform/index.js';
import { type Database, migrateToLatest } from '../storage/index.js';
import { createMfaService } from './service.js';
import { base32Decode, hotp, timeStep } from './totp.js';

const START = new Date('2026-03-01T08:00:10.000Z');
const USER = '0b7c1f43-6a55-4d0e-9d44-5b0b6f1e0a01';

async function harness() {
  const sqlite = new SqliteDatabase(':memory:');
  sqlite.pragma('foreign_keys = ON');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  await migrateToLatest(db);
  await insertTenantRow(db, 'one', START.toISOString());
  const at = START.toISOString();
  await db
    .insertInto('directory_users')
    .values({
      id: USER,
      tenant_id: 'one',
      display_name: 'Ada',
      display_name_key: 'ada',
      mail: null,
      mail_key: null,
      password_hash: null,
      account_enabled: 1,
      created_at: at,
      updated_at: at,
    } as never)
    .execute();
  const clock = new ManualClock(START);
  const box = createSecretBox(Buffer.alloc(32, 7));
  const mfa = createMfaService({
    db,
    clock,
    box,
    key: box.deriveKey('recovery-codes'),
    issuerName: async () => 'Contoso',
    users: async (tenantId, userId) =>
      tenantId === 'one' && userId === USER
        ? { mail: null, hasPassword: false, passwordChangedDateTime: null }
        : undefined,
  });
  return { db, clock, mfa };
}

describe('MFA service', () => {
  let h: Awaited<ReturnType<typeof harness>>;
  afterEach(() => h?.db.destroy());

  async function enrol() {
    const enrollment = await h.mfa.startTotpEnrollment('one', USER, 'ada@example.com');
    const secret = base32Decode(enrollment.secret);
    const codeAt = (date: Date) => hotp(secret, timeStep(date));
    return { enrollment, secret, codeAt };
  }

  it('enrols an authenticator app only with a valid code, and stores the secret sealed', async () => {
    h = await harness();
    const { enrollment, codeAt } = await enrol();
    expect(enrollment.otpauthUri).toContain('otpauth://totp/Contoso:ada%40example.com?secret=');
    expect(enrollment.qrSvg).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
    const row = await h.db.selectFrom('mfa_methods').selectAll().executeTakeFirstOrThrow();
    expect(row.secret_sealed).not.toContain(enrollment.secret);
    // Pending: not listed, not a second factor.
    expect(await h.mfa.methodsOf('one', USER)).toEqual([]);
    expect(await h.mfa.hasSecondFactor('one', USER)).toBe(false);
    const near = [-30_000, 0, 30_000].map((ms) => codeAt(new Date(START.getTime() + ms)));
    const wrong = ['000000', '111111', '222222', '333333'].find((c) => !near.includes(c)) as string;
    expect(await h.mfa.confirmTotpEnrollment('one', USER, enrollment.enrollmentId, wrong)).toBe(false);
    expect(await h.mfa.confirmTotpEnrollment('one', USER, enrollment.enrollmentId, codeAt(START))).toBe(true);
    expect((await h.mfa.methodsOf('one', USER)).map((m) => m.type)).toEqual(['totp']);
    expect(await h.mfa.hasSecondFactor('one', USER)).toBe(true);
    // The enrollment code cannot be replayed to sign in.
    expect(await h.mfa.verifyTotp('one', USER, codeAt(START))).toBe(false);
  });

  it('lets a pending enrollment lapse after ten minutes', async () => {
    h = await harness();
    const { enrollment, codeAt } = await enrol();
    h.clock.advance(10 * 60_000);
    expect(
      await h.mfa.confirmTotpEnrollment('one', USER, enrollment.enrollmentId, codeAt(h.clock.now())),
    ).toBe(false);
  });

  it('accepts each TOTP code once, ±1 step, and never an older step than the last accepted', async () => {
    h = await harness();
    const { enrollment, codeAt } = await enrol();
    await h.mfa.confirmTotpEnrollment('one', USER, enrollment.enrollmentId, codeAt(START));
    h.clock.advance(60_000);
    const now = h.clock.now();
    const next = new Date(now.getTime() + 30_000);
    const previous = new Date(now.getTime() - 30_000);
    const tooLate = new Date(now.getTime() - 60_000);
    expect(await h.mfa.verifyTotp('one', USER, codeAt(tooLate))).toBe(false);
    expect(await h.mfa.verifyTotp('one', USER, codeAt(previous))).toBe(true);
    expect(await h.mfa.verifyTotp('one', USER, codeAt(previous))).toBe(false);
    expect(await h.mfa.verifyTotp('one', USER, codeAt(next))).toBe(true);
    // The current step is older than the accepted next one: refused.
    expect(await h.mfa.verifyTotp('one', USER, codeAt(now))).toBe(false);
    // Two racing requests with the same fresh code: exactly one wins.
    h.clock.advance(60_000);
    const fresh = codeAt(h.clock.now());
    const results = await Promise.all([1, 2, 3].map(() => h.mfa.verifyTotp('one', USER, fresh)));
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('redeems each recovery code once, in any case and spacing; a new set replaces the old', async () => {
    h = await harness();
    const codes = await h.mfa.generateRecoveryCodes('one', USER);
    expect(codes).toHaveLength(10);
    const [first, second] = codes as [string, string];
    expect(await h.mfa.redeemRecoveryCode('one', USER, first.toUpperCase().replace(/-/g, ' '))).toBe(true);
    expect(await h.mfa.redeemRecoveryCode('one', USER, first)).toBe(false);
    expect(await h.mfa.redeemRecoveryCode('one', USER, 'zzzz-zzzz-zz')).toBe(false);
    const [set] = await h.mfa.methodsOf('one', USER);
    expect(set).toMatchObject({ type: 'recoveryCodes', remaining: 9 });
    const fresh = await h.mfa.generateRecoveryCodes('one', USER);
    expect(await h.mfa.redeemRecoveryCode('one', USER, second)).toBe(false);
    expect(await h.mfa.redeemRecoveryCode('one', USER, fresh[0] as string)).toBe(true);
    expect(await h.mfa.methodsOf('one', USER)).toMatchObject([{ type: 'recoveryCodes', remaining: 9 }]);
  });

  it('refuses methods the policy disables', async () => {
    h = await harness();
    const codes = await h.mfa.generateRecoveryCodes('one', USER);
    await expect(h.mfa.addPhone('one', USER, '+14255550100')).rejects.toMatchObject({
      code: 'authentication_method_disabled',
    });
    await h.mfa.updatePolicy('one', {
      authenticationMethodConfigurations: [
        { id: 'RecoveryCode', state: 'disabled' },
        { id: 'Sms', state: 'enabled' },
      ],
    });
    expect(await h.mfa.redeemRecoveryCode('one', USER, codes[0] as string)).toBe(false);
    await expect(h.mfa.addPhone('one', USER, '425 555 0100')).rejects.toMatchObject({
      code: 'invalid_phone_number',
    });
    const phone = await h.mfa.addPhone('one', USER, '(425) 555-0100', 'US');
    expect(phone).toMatchObject({ type: 'phone', phoneNumber: '+14255550100' });
    expect(await h.mfa.enabledMethods('one')).toEqual(new Set(['email', 'sms', 'totp', 'fido2']));
  });
});
