import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, TEST_DATABASES, type TestDatabase } from '../../../test/support/databases.js';
import { insertTenantRow } from '../../../test/support/fixtures.js';
import { SoftwareAuthenticator } from '../../../test/support/software-authenticator.js';
import { createDirectoryService, type DirectoryService } from '../../directory/index.js';
import { createMemoryEventBus, createMemorySharedState, ManualClock } from '../../platform/index.js';
import { migrateToLatest, openStorage, type Storage } from '../../storage/index.js';
import { createPasskeyService, type PasskeyService } from './index.js';

const ORIGIN = 'https://login.example.com';
const RP_ID = 'login.example.com';

describe.each(TEST_DATABASES)('passkeys on %s', (kind) => {
  let database: TestDatabase;
  let storage: Storage;
  let directory: DirectoryService;
  let passkeys: PasskeyService;
  const clock = new ManualClock(new Date('2026-04-01T09:00:00Z'));
  const logs: { level: number; msg: string; [key: string]: unknown }[] = [];
  let tenants = 0;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    storage = openStorage(database.url);
    expect(await migrateToLatest(storage.db)).toContain('010_passkeys');
    directory = createDirectoryService({ db: storage.db, clock, events: createMemoryEventBus() });
    const logger = pino(
      { level: 'info' },
      new Writable({
        write(chunk, _encoding, done) {
          logs.push(JSON.parse(String(chunk)));
          done();
        },
      }),
    );
    passkeys = createPasskeyService({
      db: storage.db,
      clock,
      state: createMemorySharedState(clock),
      logger,
      rpName: async (tenantId) => `Shop ${tenantId}`,
      rpId: RP_ID,
      origin: ORIGIN,
    });
  });
  afterAll(async () => {
    await storage?.close();
    await database?.drop();
  });
  beforeEach(() => {
    logs.length = 0;
  });

  async function newTenant(): Promise<string> {
    const id = `pk-${++tenants}`;
    await insertTenantRow(storage.db, id);
    return id;
  }

  async function newUser(tenantId: string, name = 'Ada Lovelace') {
    const user = await directory.create(tenantId, { displayName: name });
    return { id: user.id, name: `${user.id}@example.com`, displayName: name };
  }

  /** Registers a passkey on a software authenticator; returns both. */
  async function enrol(
    tenantId: string,
    user: { id: string; name: string; displayName: string },
    authenticator = new SoftwareAuthenticator({ origin: ORIGIN }),
    displayName?: string,
  ) {
    const { challengeId, options } = await passkeys.registrationOptions(tenantId, user);
    const passkey = await passkeys.register(
      tenantId,
      user.id,
      challengeId,
      authenticator.createCredential(options),
      displayName,
    );
    return { authenticator, passkey };
  }

  async function signIn(
    tenantId: string,
    authenticator: SoftwareAuthenticator,
    userId?: string,
    overrides: Parameters<SoftwareAuthenticator['getAssertion']>[1] = {},
  ) {
    const { challengeId, options } = await passkeys.authenticationOptions(tenantId, userId);
    return passkeys.authenticate(tenantId, challengeId, authenticator.getAssertion(options, overrides));
  }

  describe('registration', () => {
    it('offers options for a discoverable, user-verifying passkey on this RP, excluding keys already held', async () => {
      const t = await newTenant();
      const user = await newUser(t);
      const first = await passkeys.registrationOptions(t, user);
      expect(first.options.rp).toEqual({ id: RP_ID, name: `Shop ${t}` });
      expect(first.options.user).toMatchObject({ name: user.name, displayName: user.displayName });
      expect(Buffer.from(first.options.user.id, 'base64url').toString()).toBe(user.id);
      expect(first.options.authenticatorSelection).toMatchObject({
        residentKey: 'required',
        userVerification: 'required',
      });
      expect(first.options.attestation).toBe('none');
      expect(first.options.excludeCredentials).toEqual([]);

      const { passkey } = await enrol(t, user);
      const second = await passkeys.registrationOptions(t, user);
      expect(second.options.excludeCredentials?.map((c) => c.id)).toEqual([passkey.credentialId]);
      expect(second.options.challenge).not.toBe(first.options.challenge);
    });

    it('stores a device-bound passkey with its name, transports and no use yet', async () => {
      const t = await newTenant();
      const user = await newUser(t);
      const { passkey } = await enrol(t, user, undefined, '  Work laptop ');
      expect(passkey).toMatchObject({
        tenantId: t,
        userId: user.id,
        displayName: 'Work laptop',
        deviceType: 'singleDevice',
        backedUp: false,
        transports: ['internal', 'hybrid'],
        aaGuid: '00000000-0000-0000-0000-000000000000',
        createdDateTime: clock.now().toISOString(),
        lastUsedDateTime: null,
      });
      expect(await passkeys.list(t, user.id)).toEqual([passkey]);
    });

    it('records a synced passkey as multiDevice and backed up, named "Passkey" by default', async () => {
      const t = await newTenant();
      const user = await newUser(t);
      const { passkey } = await enrol(t, user, new SoftwareAuthenticator({ origin: ORIGIN, synced: true }));
      expect(passkey).toMatchObject({ deviceType: 'multiDevice', backedUp: true, displayName: 'Passkey' });
    });

    it('refuses a response from another origin or for another RP ID, and stores nothing', async () => {
      const t = await newTenant();
      const user = await newUser(t);
      for (const overrides of [{ origin: 'https://login.example.com.evil.test' }, { rpId: 'evil.test' }]) {
        const { challengeId, options } = await passkeys.registrationOptions(t, user);
        const response = new SoftwareAuthenticator({ origin: ORIGIN }).createCredential(options, overrides);
        await expect(passkeys.register(t, user.id, challengeId, response)).rejects.toMatchObject({
          code: 'passkey_registration_failed',
        });
      }
      expect(await passkeys.list(t, user.id)).toEqual([]);
    });

    it('refuses an authenticator that did not verify the user', async () => {
      const t = await newTenant();
      const user = await newUser(t);
      const authenticator = new SoftwareAuthenticator({ origin: ORIGIN, userVerification: false });
      await expect(enrol(t, user, authenticator)).rejects.toMatchObject({
        code: 'passkey_registration_failed',
      });
      expect(await passkeys.list(t, user.id)).toEqual([]);
    });

    it('uses a challenge once, for its own tenant and user, within five minutes', async () => {
      const t = await newTenant();
      const other = await newTenant();
      const user = await newUser(t);
      const mallory = await newUser(t, 'Mallory');
      const authenticator = new SoftwareAuthenticator({ origin: ORIGIN });

      const { challengeId, options } = await passkeys.registrationOptions(t, user);
      const response = authenticator.createCredential(options);
      // Another tenant, or another user of the tenant, cannot spend it…
      await expect(passkeys.register(other, user.id, challengeId, response)).rejects.toMatchObject({
        code: 'passkey_challenge_expired',
      });
      const second = await passkeys.registrationOptions(t, user);
      await expect(
        passkeys.register(t, mallory.id, second.challengeId, authenticator.createCredential(second.options)),
      ).rejects.toMatchObject({ code: 'passkey_challenge_expired' });
      // …its owner can, once.
      await passkeys.register(t, user.id, challengeId, response);
      await expect(passkeys.register(t, user.id, challengeId, response)).rejects.toMatchObject({
        code: 'passkey_challenge_expired',
      });

      const late = await passkeys.registrationOptions(t, user);
      clock.advance(5 * 60_000 + 1);
      await expect(
        passkeys.register(t, user.id, late.challengeId, authenticator.createCredential(late.options)),
      ).rejects.toMatchObject({ code: 'passkey_challenge_expired' });
      expect(await passkeys.list(t, user.id)).toHaveLength(1);
      expect(await passkeys.list(t, mallory.id)).toEqual([]);
    });

    it('refuses a bad name before spending the challenge', async () => {
      const t = await newTenant();
      const user = await newUser(t);
      const { challengeId, options } = await passkeys.registrationOptions(t, user);
      const response = new SoftwareAuthenticator({ origin: ORIGIN }).createCredential(options);
      await expect(passkeys.register(t, user.id, challengeId, response, 'a\u0000b')).rejects.toMatchObject({
        code: 'invalid_display_name',
      });
      const passkey = await passkeys.register(t, user.id, challengeId, response, 'Phone');
      expect(passkey.displayName).toBe('Phone');
    });
  });

  describe('authentication', () => {
    it('verifies a second factor for the user, and a passwordless sign-in with no user given', async () => {
      const t = await newTenant();
      const user = await newUser(t);
      const { authenticator, passkey } = await enrol(t, user);

      const { options } = await passkeys.authenticationOptions(t, user.id);
      expect(options.rpId).toBe(RP_ID);
      expect(options.allowCredentials?.map((c) => c.id)).toEqual([passkey.credentialId]);
      expect(options.userVerification).toBe('preferred');

      clock.advance(60_000);
      const second = await signIn(t, authenticator, user.id);
      expect(second).toMatchObject({ ok: true, userId: user.id, amr: 'hwk' });
      expect(second.ok && second.passkey.lastUsedDateTime).toBe(clock.now().toISOString());

      const discoverable = await passkeys.authenticationOptions(t);
      expect(discoverable.options.allowCredentials ?? []).toEqual([]);
      expect(discoverable.options.userVerification).toBe('required');
      expect(await signIn(t, authenticator)).toMatchObject({ ok: true, userId: user.id, amr: 'hwk' });

      expect((await passkeys.list(t, user.id))[0]?.lastUsedDateTime).toBe(clock.now().toISOString());
    });

    it('gives amr swk for a synced passkey', async () => {
      const t = await newTenant();
      const user = await newUser(t);
      const { authenticator } = await enrol(
        t,
        user,
        new SoftwareAuthenticator({ origin: ORIGIN, synced: true }),
      );
      expect(await signIn(t, authenticator)).toMatchObject({ ok: true, amr: 'swk' });
    });

    it('requires user verification without a password, not as a second factor', async () => {
      const t = await newTenant();
      const user = await newUser(t);
      const { authenticator } = await enrol(t, user);
      expect(await signIn(t, authenticator, undefined, { userVerified: false })).toEqual({
        ok: false,
        reason: 'verification_failed',
      });
      expect(await signIn(t, authenticator, user.id, { userVerified: false })).toMatchObject({ ok: true });
    });

    it('requires the user handle without a password', async () => {
      const t = await newTenant();
      const user = await newUser(t);
      const { authenticator } = await enrol(t, user);
      expect(await signIn(t, authenticator, undefined, { omitUserHandle: true })).toEqual({
        ok: false,
        reason: 'verification_failed',
      });
    });

    it('refuses a replayed assertion and a counter that goes backwards, logging a possible clone', async () => {
      const t = await newTenant();
      const user = await newUser(t);
      const { authenticator, passkey } = await enrol(t, user);
      const { challengeId, options } = await passkeys.authenticationOptions(t, user.id);
      const assertion = authenticator.getAssertion(options, { counter: 5 });
      expect(await passkeys.authenticate(t, challengeId, assertion)).toMatchObject({ ok: true });

      // The same assertion again: its challenge is spent, and it does not fit a new one.
      expect(await passkeys.authenticate(t, challengeId, assertion)).toEqual({
        ok: false,
        reason: 'expired',
      });
      const fresh = await passkeys.authenticationOptions(t, user.id);
      expect(await passkeys.authenticate(t, fresh.challengeId, assertion)).toEqual({
        ok: false,
        reason: 'verification_failed',
      });
      expect(logs.some((l) => /cloned/.test(l.msg))).toBe(false);

      // A validly signed assertion whose counter is old (a cloned key) or the same.
      for (const counter of [3, 5]) {
        expect(await signIn(t, authenticator, user.id, { counter })).toEqual({
          ok: false,
          reason: 'verification_failed',
        });
      }
      const warnings = logs.filter((l) => /possible cloned authenticator/.test(l.msg));
      expect(warnings).toHaveLength(2);
      expect(warnings[0]).toMatchObject({
        level: 40,
        tenantId: t,
        userId: user.id,
        passkeyId: passkey.id,
        storedCounter: 5,
        receivedCounter: 3,
      });

      // The genuine authenticator moves on; a counter above 2^31 is kept exactly.
      expect(await signIn(t, authenticator, user.id, { counter: 6 })).toMatchObject({ ok: true });
      expect(await signIn(t, authenticator, user.id, { counter: 3_000_000_000 })).toMatchObject({ ok: true });
      expect(await signIn(t, authenticator, user.id, { counter: 2_999_999_999 })).toEqual({
        ok: false,
        reason: 'verification_failed',
      });
      expect(await signIn(t, authenticator, user.id, { counter: 3_000_000_001 })).toMatchObject({ ok: true });
    });

    it('accepts authenticators that keep no counter (always 0)', async () => {
      const t = await newTenant();
      const user = await newUser(t);
      const { authenticator } = await enrol(
        t,
        user,
        new SoftwareAuthenticator({ origin: ORIGIN, keepsCounter: false }),
      );
      for (let i = 0; i < 3; i++) expect(await signIn(t, authenticator)).toMatchObject({ ok: true });
    });

    it('refuses an assertion from another origin or for another RP ID', async () => {
      const t = await newTenant();
      const user = await newUser(t);
      const { authenticator } = await enrol(t, user);
      for (const overrides of [
        { origin: 'https://phish.example.net' },
        { origin: 'http://login.example.com' },
        { rpId: 'example.com' },
        { rpId: 'phish.example.net' },
      ]) {
        expect(await signIn(t, authenticator, undefined, overrides), JSON.stringify(overrides)).toEqual({
          ok: false,
          reason: 'verification_failed',
        });
      }
      expect((await passkeys.list(t, user.id))[0]?.lastUsedDateTime).toBeNull();
    });

    it('uses a challenge once, within five minutes, in its own tenant', async () => {
      const t = await newTenant();
      const other = await newTenant();
      const user = await newUser(t);
      const { authenticator } = await enrol(t, user);

      const { challengeId, options } = await passkeys.authenticationOptions(t);
      expect(await passkeys.authenticate(other, challengeId, authenticator.getAssertion(options))).toEqual({
        ok: false,
        reason: 'expired',
      });
      expect(await passkeys.authenticate(t, challengeId, authenticator.getAssertion(options))).toMatchObject({
        ok: true,
      });
      expect(await passkeys.authenticate(t, challengeId, authenticator.getAssertion(options))).toEqual({
        ok: false,
        reason: 'expired',
      });

      const late = await passkeys.authenticationOptions(t);
      clock.advance(5 * 60_000 + 1);
      expect(
        await passkeys.authenticate(t, late.challengeId, authenticator.getAssertion(late.options)),
      ).toEqual({
        ok: false,
        reason: 'expired',
      });
      // A registration challenge is not an authentication one.
      const registration = await passkeys.registrationOptions(t, user);
      expect(
        await passkeys.authenticate(t, registration.challengeId, authenticator.getAssertion(options)),
      ).toEqual({ ok: false, reason: 'expired' });
    });

    it("does not know another tenant's passkey, nor accept another user's as a second factor", async () => {
      const t = await newTenant();
      const other = await newTenant();
      const ada = await newUser(t);
      const bob = await newUser(t, 'Bob');
      const { authenticator, passkey } = await enrol(t, ada);
      await enrol(t, bob);
      await newUser(other);

      expect(await signIn(other, authenticator)).toEqual({ ok: false, reason: 'unknown_credential' });
      expect(await signIn(t, authenticator, bob.id, { credentialId: passkey.credentialId })).toEqual({
        ok: false,
        reason: 'unknown_credential',
      });
      expect(await signIn(t, authenticator, ada.id)).toMatchObject({ ok: true, userId: ada.id });
    });

    it('asks for a second factor only from a user who has a passkey', async () => {
      const t = await newTenant();
      const user = await newUser(t);
      await expect(passkeys.authenticationOptions(t, user.id)).rejects.toMatchObject({ code: 'no_passkeys' });
    });
  });

  describe('managing passkeys', () => {
    it('renames a passkey to safe text of at most 64 characters', async () => {
      const t = await newTenant();
      const user = await newUser(t);
      const other = await newUser(t, 'Bob');
      const { passkey } = await enrol(t, user, undefined, 'Phone');

      const renamed = await passkeys.rename(t, user.id, passkey.id, ' YubiKey 5C ');
      expect(renamed).toEqual({ ...passkey, displayName: 'YubiKey 5C' });
      expect(await passkeys.list(t, user.id)).toEqual([renamed]);

      for (const bad of ['', '   ', 'x'.repeat(65), 'tab\there', 'bidi\u202Eevil']) {
        await expect(passkeys.rename(t, user.id, passkey.id, bad), JSON.stringify(bad)).rejects.toMatchObject(
          {
            code: 'invalid_display_name',
          },
        );
      }
      expect((await passkeys.rename(t, user.id, passkey.id, 'é'.repeat(64))).displayName).toBe(
        'é'.repeat(64),
      );
      // Not another user's, not a made-up id.
      await expect(passkeys.rename(t, other.id, passkey.id, 'Mine')).rejects.toMatchObject({
        code: 'passkey_not_found',
      });
      await expect(passkeys.rename(t, user.id, 'nope', 'Mine')).rejects.toMatchObject({
        code: 'passkey_not_found',
      });
      expect((await passkeys.list(t, user.id))[0]?.displayName).toBe('é'.repeat(64));
    });

    it('removes a passkey, which then no longer signs in', async () => {
      const t = await newTenant();
      const user = await newUser(t);
      const other = await newUser(t, 'Bob');
      const { authenticator, passkey } = await enrol(t, user);
      const { passkey: kept } = await enrol(t, user, undefined, 'Spare');

      await expect(passkeys.remove(t, other.id, passkey.id)).rejects.toMatchObject({
        code: 'passkey_not_found',
      });
      await passkeys.remove(t, user.id, passkey.id);
      expect(await passkeys.list(t, user.id)).toEqual([kept]);
      await expect(passkeys.remove(t, user.id, passkey.id)).rejects.toMatchObject({
        code: 'passkey_not_found',
      });
      expect(await signIn(t, authenticator, undefined, { credentialId: passkey.credentialId })).toEqual({
        ok: false,
        reason: 'unknown_credential',
      });
    });

    it('goes with its user and with its tenant', async () => {
      const t = await newTenant();
      const user = await newUser(t);
      const stays = await newUser(t, 'Bob');
      await enrol(t, user);
      await enrol(t, stays);
      await directory.delete(t, user.id);
      expect(await passkeys.list(t, user.id)).toEqual([]);
      expect(await passkeys.list(t, stays.id)).toHaveLength(1);

      await storage.db.deleteFrom('tenants').where('id', '=', t).execute();
      expect(await passkeys.list(t, stays.id)).toEqual([]);
    });
  });
});
