import { type Algorithm, hash } from '@node-rs/argon2';
import { type Migration, Migrator } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIRECTORY_ROLES } from '../src/authorization/index.js';
import {
  createDirectoryService,
  type DirectoryService,
  mustChangePassword,
  needsRehash,
  USER_CHANGED,
} from '../src/directory/index.js';
import { createMemoryEventBus, ManualClock } from '../src/platform/index.js';
import { migrateToLatest, openStorage } from '../src/storage/index.js';
import * as foundation from '../src/storage/migrations/001_foundation.js';
import { createTestDatabase, TEST_DATABASES } from './support/databases.js';
import { startGatehouse, type TestGatehouse } from './support/gatehouse.js';

const PASSWORD = 'Quartz-Lantern-Meadow-47';
const ARGON2ID = 2 as Algorithm;

describe.each(TEST_DATABASES)('directory service on %s', (kind) => {
  let gh: TestGatehouse;
  let directory: DirectoryService;
  const events: { topic: string; payload: Record<string, unknown> }[] = [];
  const clock = new ManualClock(new Date('2026-03-01T10:00:00Z'));
  let tenants = 0;

  async function newTenant(): Promise<string> {
    const id = `svc-${++tenants}`;
    expect((await gh.api('POST', '/api/v1/tenants', { id, displayName: id })).status).toBe(201);
    return id;
  }

  beforeAll(async () => {
    gh = await startGatehouse(kind);
    // The service the sign-in pipeline uses, over the same database, with a bus we can watch.
    const bus = createMemoryEventBus();
    bus.subscribe(USER_CHANGED, (payload) => events.push({ topic: USER_CHANGED, payload }));
    directory = createDirectoryService({ db: gh.gatehouse.storage.db, clock, events: bus });
  });
  afterAll(() => gh?.stop());

  describe('authenticatePassword', () => {
    it('accepts the password for the email (any case, NFKC) or the username', async () => {
      const t = await newTenant();
      const user = await directory.create(t, {
        displayName: 'Alice',
        mail: 'alice@example.com',
        identities: [
          { signInType: 'emailAddress', issuerAssignedId: 'Alice@Example.com' },
          { signInType: 'userName', issuerAssignedId: 'alice_s' },
        ],
        passwordProfile: { password: PASSWORD },
      });
      for (const login of ['alice@example.com', ' ALICE@EXAMPLE.COM ', 'ａｌｉｃｅ@example.com', 'Alice_S']) {
        const result = await directory.authenticatePassword(t, login, PASSWORD);
        expect(result, login).toEqual({ ok: true, user });
      }
    });

    it('answers invalid_credentials for a wrong password or an unknown login, and never across tenants', async () => {
      const t = await newTenant();
      const user = await directory.create(t, {
        displayName: 'Bob',
        mail: 'bob@example.com',
        passwordProfile: { password: PASSWORD },
      });
      expect(await directory.authenticatePassword(t, 'bob@example.com', `${PASSWORD}x`)).toEqual({
        ok: false,
        reason: 'invalid_credentials',
        userId: user.id,
      });
      expect(await directory.authenticatePassword(t, 'nobody@example.com', PASSWORD)).toEqual({
        ok: false,
        reason: 'invalid_credentials',
      });
      const other = await newTenant();
      expect((await directory.authenticatePassword(other, 'bob@example.com', PASSWORD)).ok).toBe(false);
      for (const login of ['', 'bob@example.com\u0000', `${'b'.repeat(400)}@example.com`]) {
        expect((await directory.authenticatePassword(t, login, PASSWORD)).ok).toBe(false);
      }
      expect((await directory.authenticatePassword(t, 'bob@example.com', 'x'.repeat(5000))).ok).toBe(false);
      expect((await directory.authenticatePassword(t, 'bob@example.com', '')).ok).toBe(false);
    });

    it('does not let a confusable (Cyrillic а) login match the Latin account', async () => {
      const t = await newTenant();
      await directory.create(t, {
        displayName: 'A',
        mail: 'alice@example.com',
        passwordProfile: { password: PASSWORD },
      });
      expect((await directory.authenticatePassword(t, '\u0430lice@example.com', PASSWORD)).ok).toBe(false);
      const cyrillic = await directory.create(t, {
        displayName: 'C',
        mail: '\u0430lice@example.com',
        passwordProfile: { password: `${PASSWORD}-cyr` },
      });
      const result = await directory.authenticatePassword(t, '\u0430lice@example.com', `${PASSWORD}-cyr`);
      expect(result.ok && result.user.id).toBe(cyrillic.id);
      expect((await directory.authenticatePassword(t, 'alice@example.com', `${PASSWORD}-cyr`)).ok).toBe(
        false,
      );
    });

    it('compares passwords after NFKC (composed and decomposed accents are the same password)', async () => {
      const t = await newTenant();
      const composed = 'Caf\u00e9-Lantern-Meadow-47';
      const decomposed = 'Cafe\u0301-Lantern-Meadow-47';
      await directory.create(t, {
        displayName: 'A',
        mail: 'cafe@example.com',
        passwordProfile: { password: composed },
      });
      expect((await directory.authenticatePassword(t, 'cafe@example.com', decomposed)).ok).toBe(true);
    });

    it('spends about one argon2 verification on an unknown login, as on a wrong password', async () => {
      const t = await newTenant();
      await directory.create(t, {
        displayName: 'T',
        mail: 'timing@example.com',
        passwordProfile: { password: PASSWORD },
      });
      await directory.authenticatePassword(t, 'warm-up@example.com', PASSWORD);
      const median = async (login: string) => {
        const times: number[] = [];
        for (let i = 0; i < 5; i++) {
          const start = performance.now();
          await directory.authenticatePassword(t, login, 'wrong-password');
          times.push(performance.now() - start);
        }
        return times.sort((a, b) => a - b)[2] as number;
      };
      const unknown = await median('unknown@example.com');
      const wrong = await median('timing@example.com');
      // Without the dummy verification an unknown login would answer ~50 times faster; the
      // bounds are loose so a busy machine does not make the test flaky.
      expect(unknown).toBeGreaterThan(wrong / 4);
      expect(unknown).toBeLessThan(wrong * 4);
    });

    it('reports a disabled account only after its password verified', async () => {
      const t = await newTenant();
      const user = await directory.create(t, {
        displayName: 'Dora',
        mail: 'dora@example.com',
        accountEnabled: false,
        passwordProfile: { password: PASSWORD },
      });
      expect(await directory.authenticatePassword(t, 'dora@example.com', 'wrong')).toEqual({
        ok: false,
        reason: 'invalid_credentials',
        userId: user.id,
      });
      expect(await directory.authenticatePassword(t, 'dora@example.com', PASSWORD)).toEqual({
        ok: false,
        reason: 'account_disabled',
        userId: user.id,
      });
      await directory.update(t, user.id, { accountEnabled: true });
      expect((await directory.authenticatePassword(t, 'dora@example.com', PASSWORD)).ok).toBe(true);
    });

    it('replaces a hash made with other argon2 parameters after a successful sign-in', async () => {
      const t = await newTenant();
      const user = await directory.create(t, { displayName: 'Old', mail: 'old@example.com' });
      const { db } = gh.gatehouse.storage;
      const weak = await hash(PASSWORD, {
        algorithm: ARGON2ID,
        memoryCost: 4096,
        timeCost: 1,
        parallelism: 1,
      });
      expect(needsRehash(weak)).toBe(true);
      await db
        .updateTable('directory_users')
        .set({ password_hash: weak })
        .where('id', '=', user.id)
        .execute();
      const stored = async () =>
        (
          await db
            .selectFrom('directory_users')
            .select('password_hash')
            .where('id', '=', user.id)
            .executeTakeFirstOrThrow()
        ).password_hash as string;

      // A wrong password changes nothing.
      expect((await directory.authenticatePassword(t, 'old@example.com', 'nope')).ok).toBe(false);
      expect(await stored()).toBe(weak);

      expect((await directory.authenticatePassword(t, 'old@example.com', PASSWORD)).ok).toBe(true);
      const fresh = await stored();
      expect(fresh).not.toBe(weak);
      expect(fresh).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
      expect(needsRehash(fresh)).toBe(false);
      expect((await directory.authenticatePassword(t, 'old@example.com', PASSWORD)).ok).toBe(true);
      expect(await stored()).toBe(fresh);
    });

    it('signs in the bootstrap administrator with the generated password', async () => {
      const password = gh.gatehouse.bootstrap.generatedAdminPassword as string;
      const result = await directory.authenticatePassword('admin', 'admin@localhost', password);
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      expect(result.user.identities).toEqual([
        { signInType: 'emailAddress', issuer: 'admin', issuerAssignedId: 'admin@localhost' },
      ]);
      expect(await gh.gatehouse.roles.tenantWideRoleIds(result.user.id)).toEqual([
        DIRECTORY_ROLES.globalAdministrator.id,
      ]);
    });
  });

  describe('the rest of the sign-in API', () => {
    it('records sign-ins, answers group ids and the forced password change', async () => {
      const t = await newTenant();
      const user = await directory.create(t, {
        displayName: 'Erin',
        mail: 'erin@example.com',
        passwordProfile: { password: PASSWORD, forceChangePasswordNextSignIn: true },
      });
      expect(mustChangePassword(user)).toBe(true);
      expect(user.signInActivity.lastSignInDateTime).toBeNull();

      const at = new Date('2026-03-02T08:30:00Z');
      await directory.recordSignIn(t, user.id, at);
      expect((await directory.findUser(t, user.id))?.signInActivity.lastSignInDateTime).toBe(
        at.toISOString(),
      );
      const overHttp = await gh.api('GET', `/api/v1/tenants/${t}/users/${user.id}`);
      expect(overHttp.body.signInActivity).toEqual({ lastSignInDateTime: at.toISOString() });

      expect(await directory.groupIdsOf(t, user.id)).toEqual([]);
      const g1 = await directory.createGroup(t, { displayName: 'One' });
      const g2 = await directory.createGroup(t, { displayName: 'Two' });
      await directory.addMember(t, g1.id, { id: user.id });
      await directory.addMember(t, g2.id, { id: user.id });
      expect((await directory.groupIdsOf(t, user.id)).sort()).toEqual([g1.id, g2.id].sort());

      // The pipeline's password change: held to the policy, clears the flag.
      await expect(directory.setPassword(t, user.id, 'erin2026')).rejects.toMatchObject({
        code: 'password_too_weak',
      });
      await directory.setPassword(t, user.id, `${PASSWORD}-new`);
      const after = await directory.findUser(t, user.id);
      expect(after && mustChangePassword(after)).toBe(false);
      expect((await directory.authenticatePassword(t, 'erin@example.com', `${PASSWORD}-new`)).ok).toBe(true);
      expect((await directory.authenticatePassword(t, 'erin@example.com', PASSWORD)).ok).toBe(false);

      expect(await directory.findUser(t, '00000000-0000-4000-8000-000000000000')).toBeUndefined();
      expect(await directory.findUser('another', user.id)).toBeUndefined();
      expect((await directory.findUserByLogin(t, 'ERIN@example.com'))?.id).toBe(user.id);
    });

    it('validates a password for sign-up against the policy and the user’s own data', async () => {
      const t = await newTenant();
      await expect(
        directory.validatePassword(t, 'frank1985!', { displayName: 'Frank', mail: 'frank@example.com' }),
      ).rejects.toMatchObject({ code: 'password_too_weak' });
      await expect(directory.validatePassword(t, 'short')).rejects.toMatchObject({
        code: 'password_too_short',
      });
      await expect(
        directory.validatePassword(t, PASSWORD, { mail: 'frank@example.com' }),
      ).resolves.toBeUndefined();
    });

    it('publishes directory.userChanged when a user is disabled, deleted or gets a new password', async () => {
      const t = await newTenant();
      const user = await directory.create(t, { displayName: 'Gus', mail: 'gus@example.com' });
      events.length = 0;
      await directory.update(t, user.id, { displayName: 'Gustav' });
      await directory.update(t, user.id, { accountEnabled: true });
      expect(events).toEqual([]);

      await directory.update(t, user.id, { accountEnabled: false });
      await directory.update(t, user.id, { passwordProfile: { password: PASSWORD } });
      await directory.setPassword(t, user.id, `${PASSWORD}-2`);
      await directory.delete(t, user.id);
      expect(events).toEqual(
        Array(4).fill({ topic: USER_CHANGED, payload: { tenantId: t, userId: user.id } }),
      );

      // A refused change publishes nothing.
      events.length = 0;
      const other = await directory.create(t, { displayName: 'H', mail: 'h@example.com' });
      await expect(
        directory.update(t, other.id, { passwordProfile: { password: 'password' } }),
      ).rejects.toThrow();
      expect(events).toEqual([]);
    });

    it('keeps the calls of the first directory cut working', async () => {
      const t = await newTenant();
      const user = await directory.createUser({
        tenantId: t,
        displayName: 'Ivy',
        mail: 'Ivy@Example.com',
        password: 'p',
      });
      expect(user).toMatchObject({
        tenantId: t,
        displayName: 'Ivy',
        mail: 'Ivy@Example.com',
        accountEnabled: true,
      });
      expect((await directory.findUserByMail(t, 'ivy@example.com'))?.id).toBe(user.id);
      expect((await directory.authenticatePassword(t, 'IVY@example.com', 'p')).ok).toBe(true);
      await expect(
        directory.createUser({ tenantId: t, displayName: 'Ivy 2', mail: 'ivy@example.com' }),
      ).rejects.toMatchObject({ code: 'mail_taken' });
    });
  });

  describe('self-service accounts', () => {
    const userCount = async (t: string) =>
      (await gh.api('GET', `/api/v1/tenants/${t}/users?$top=999`)).body.value.length as number;

    it('creates a verified account with its identity, attributes and password in one go', async () => {
      const t = await newTenant();
      await directory.createCustomAttribute(t, { name: 'loyaltyNumber', dataType: 'int' });
      await directory.createCustomAttribute(t, { name: 'shops', dataType: 'string' });
      const user = await directory.createSelfServiceUser(t, {
        mail: ' Kim@Example.com ',
        password: PASSWORD,
        attributes: {
          givenName: 'Kim',
          jobTitle: '  Florist ',
          city: null,
          country: '',
          loyaltyNumber: 77,
          shops: ['lisbon', 'porto'],
        },
      });
      expect(user).toMatchObject({
        displayName: 'Kim',
        givenName: 'Kim',
        jobTitle: 'Florist',
        city: null,
        country: null,
        mail: 'Kim@Example.com',
        mailVerifiedDateTime: clock.now().toISOString(),
        accountEnabled: true,
        identities: [{ signInType: 'emailAddress', issuer: t, issuerAssignedId: 'Kim@Example.com' }],
        customAttributes: { loyaltyNumber: 77, shops: 'lisbon,porto' },
        lastPasswordChangeDateTime: clock.now().toISOString(),
      });
      expect(await directory.get(t, user.id)).toEqual(user);
      expect(await directory.authenticatePassword(t, 'kim@example.com', PASSWORD)).toEqual({
        ok: true,
        user,
      });
      // An explicit displayName wins over the mail's local part.
      const named = await directory.createSelfServiceUser(t, {
        mail: 'lee@example.com',
        attributes: { displayName: 'Lee Ann' },
      });
      expect(named.displayName).toBe('Lee Ann');
      // Passwordless (email one-time codes): no password signs in.
      expect(named.lastPasswordChangeDateTime).toBeNull();
      expect((await directory.authenticatePassword(t, 'lee@example.com', '')).ok).toBe(false);
    });

    it('creates nothing when the email is taken, the password weak or an attribute wrong', async () => {
      const t = await newTenant();
      await directory.createCustomAttribute(t, { name: 'vip', dataType: 'boolean' });
      await directory.createSelfServiceUser(t, { mail: 'max@example.com', attributes: {} });
      const before = await userCount(t);
      const attempts: [Parameters<DirectoryService['createSelfServiceUser']>[1], Record<string, unknown>][] =
        [
          [
            { mail: 'MAX@example.com', password: PASSWORD, attributes: {} },
            { code: 'mail_taken', target: 'mail' },
          ],
          [{ mail: 'new@example.com', password: 'newnewnew', attributes: {} }, { code: 'password_too_weak' }],
          [{ mail: 'new@example.com', password: 'short', attributes: {} }, { code: 'password_too_short' }],
          [
            { mail: 'not an email', attributes: {} },
            { code: 'invalid_mail', target: 'mail' },
          ],
          [
            { mail: 'new@example.com', attributes: { shoeSize: '42' } },
            { code: 'unknown_custom_attribute', target: 'shoeSize' },
          ],
          [
            { mail: 'new@example.com', attributes: { vip: 'yes' } },
            { code: 'invalid_attribute_value', target: 'vip' },
          ],
          [
            { mail: 'new@example.com', attributes: { givenName: 'g'.repeat(65) } },
            { code: 'invalid_attribute_value', target: 'givenName' },
          ],
          [
            { mail: 'new@example.com', attributes: { surname: true } },
            { code: 'invalid_attribute_value', target: 'surname' },
          ],
        ];
      for (const [input, error] of attempts) {
        await expect(directory.createSelfServiceUser(t, input), JSON.stringify(input)).rejects.toMatchObject(
          error,
        );
      }
      expect(await userCount(t)).toBe(before);
      expect(await directory.findUserByLogin(t, 'new@example.com')).toBeUndefined();
    });

    it('keeps mail verification for the verified address only', async () => {
      const t = await newTenant();
      const user = await directory.createSelfServiceUser(t, { mail: 'ned@example.com', attributes: {} });
      expect(user.mailVerifiedDateTime).not.toBeNull();
      const sameAddress = await directory.update(t, user.id, { mail: 'NED@example.com', displayName: 'Ned' });
      expect(sameAddress.mailVerifiedDateTime).toBe(user.mailVerifiedDateTime);
      const moved = await directory.update(t, user.id, { mail: 'ned@elsewhere.example' });
      expect(moved.mailVerifiedDateTime).toBeNull();
      expect(
        (await directory.create(t, { displayName: 'Admin-made', mail: 'o@example.com' }))
          .mailVerifiedDateTime,
      ).toBeNull();
    });

    it('refuses the current password as the new one when asked to, and ends sessions on a change', async () => {
      const t = await newTenant();
      const user = await directory.createSelfServiceUser(t, {
        mail: 'pia@example.com',
        password: PASSWORD,
        attributes: {},
      });
      events.length = 0;
      await expect(
        directory.setPassword(t, user.id, PASSWORD, { rejectCurrent: true }),
      ).rejects.toMatchObject({ code: 'password_reused', kind: 'invalid', target: 'password' });
      expect(events).toEqual([]);
      await directory.setPassword(t, user.id, `${PASSWORD}-2`, { rejectCurrent: true });
      expect(events).toEqual([{ topic: USER_CHANGED, payload: { tenantId: t, userId: user.id } }]);
      expect((await directory.authenticatePassword(t, 'pia@example.com', `${PASSWORD}-2`)).ok).toBe(true);
      // Without the option, setting the same password again is allowed (an admin reset, say).
      await directory.setPassword(t, user.id, `${PASSWORD}-2`);
      // A passwordless account has no current password to reuse.
      const otp = await directory.createSelfServiceUser(t, { mail: 'quinn@example.com', attributes: {} });
      await directory.setPassword(t, otp.id, PASSWORD, { rejectCurrent: true });
      expect((await directory.authenticatePassword(t, 'quinn@example.com', PASSWORD)).ok).toBe(true);
    });
  });
});

describe.each(TEST_DATABASES)('directory migration on %s', (kind) => {
  it('gives users created before it their search key and email identity', async () => {
    const database = await createTestDatabase(kind);
    const storage = openStorage(database.url);
    try {
      const { db } = storage;
      const first: Record<string, Migration> = { '001_foundation': foundation };
      const migrator = new Migrator({ db, provider: { getMigrations: async () => first } });
      expect((await migrator.migrateToLatest()).error).toBeUndefined();
      const now = new Date().toISOString();
      await db
        .insertInto('tenants')
        .values({
          id: 'old',
          display_name: 'Old',
          type: 'workforce',
          default_language: 'en',
          created_at: now,
          updated_at: now,
        })
        .execute();
      const legacy = (id: string, mail: string | null) =>
        ({
          id,
          tenant_id: 'old',
          display_name: `Ünïcode ${id}`,
          mail,
          mail_key: mail?.toLowerCase() ?? null,
          password_hash: null,
          account_enabled: 1,
          created_at: now,
          updated_at: now,
        }) as never;
      await db
        .insertInto('directory_users')
        .values(legacy('11111111-1111-4111-8111-111111111111', 'Old@Example.com'))
        .execute();
      await db
        .insertInto('directory_users')
        .values(legacy('22222222-2222-4222-8222-222222222222', null))
        .execute();

      await migrateToLatest(db);
      const directory = createDirectoryService({
        db,
        clock: new ManualClock(),
        events: createMemoryEventBus(),
      });
      const user = await directory.findUserByLogin('old', 'OLD@example.com');
      expect(user).toMatchObject({
        id: '11111111-1111-4111-8111-111111111111',
        identities: [{ signInType: 'emailAddress', issuer: 'old', issuerAssignedId: 'Old@Example.com' }],
        passwordProfile: { password: null, forceChangePasswordNextSignIn: false },
        signInActivity: { lastSignInDateTime: null },
      });
      const page = await directory.list('old', { top: 10, displayNameStartsWith: 'ÜNÏCODE' });
      expect(page.items).toHaveLength(2);
    } finally {
      await storage.close();
      await database.drop();
    }
  });
});
