import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DATABASES } from './support/databases.js';
import { startGatehouse, type TestGatehouse } from './support/gatehouse.js';

const STRONG = 'Quartz-Lantern-Meadow-47';

describe.each(TEST_DATABASES)('directory admin API on %s', (kind) => {
  let gh: TestGatehouse;
  let tenantCount = 0;
  const users = (tenant: string) => `/api/v1/tenants/${tenant}/users`;
  const groups = (tenant: string) => `/api/v1/tenants/${tenant}/groups`;
  const count = async (tenant: string) =>
    (await gh.api('GET', `${users(tenant)}?$top=999`)).body.value.length as number;

  /** A fresh tenant per test, so counts and pages see only that test's users. */
  async function newTenant(): Promise<string> {
    const id = `dir-${++tenantCount}`;
    const created = await gh.api('POST', '/api/v1/tenants', { id, displayName: id });
    expect(created.status).toBe(201);
    return id;
  }

  beforeAll(async () => {
    gh = await startGatehouse(kind);
  });
  afterAll(() => gh?.stop());

  describe('users', () => {
    it('creates a user with Graph fields and an emailAddress identity for its mail', async () => {
      const t = await newTenant();
      const created = await gh.api('POST', users(t), {
        displayName: 'Alice Smith',
        givenName: 'Alice',
        surname: 'Smith',
        mail: 'Alice@Example.com',
        passwordProfile: { password: STRONG, forceChangePasswordNextSignIn: true },
      });
      expect(created.status).toBe(201);
      expect(created.body).toEqual({
        id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
        displayName: 'Alice Smith',
        givenName: 'Alice',
        surname: 'Smith',
        city: null,
        country: null,
        postalCode: null,
        state: null,
        streetAddress: null,
        jobTitle: null,
        mail: 'Alice@Example.com',
        // An administrator typing an address does not prove the user receives mail there.
        mailVerifiedDateTime: null,
        customAttributes: {},
        accountEnabled: true,
        identities: [{ signInType: 'emailAddress', issuer: t, issuerAssignedId: 'Alice@Example.com' }],
        passwordProfile: { password: null, forceChangePasswordNextSignIn: true },
        createdDateTime: expect.any(String),
        lastPasswordChangeDateTime: created.body.createdDateTime,
        signInActivity: { lastSignInDateTime: null },
      });
      expect(Date.parse(created.body.createdDateTime)).toBeGreaterThan(0);

      const fetched = await gh.api('GET', `${users(t)}/${created.body.id}`);
      expect(fetched.status).toBe(200);
      expect(fetched.body).toEqual(created.body);
    });

    it('updates with PATCH and deletes', async () => {
      const t = await newTenant();
      const created = await gh.api('POST', users(t), { displayName: 'Bob', mail: 'bob@example.com' });
      const patched = await gh.api('PATCH', `${users(t)}/${created.body.id}`, {
        displayName: 'Robert',
        givenName: 'Robert',
        surname: null,
        mail: 'robert@example.com',
        identities: [
          { signInType: 'emailAddress', issuerAssignedId: 'robert@example.com' },
          { signInType: 'userName', issuer: t, issuerAssignedId: 'robert' },
          { signInType: 'federated', issuer: 'google.com', issuerAssignedId: '1234567890' },
        ],
      });
      expect(patched.status).toBe(200);
      expect(patched.body).toMatchObject({
        id: created.body.id,
        displayName: 'Robert',
        givenName: 'Robert',
        surname: null,
        mail: 'robert@example.com',
        identities: [
          { signInType: 'emailAddress', issuer: t, issuerAssignedId: 'robert@example.com' },
          { signInType: 'userName', issuer: t, issuerAssignedId: 'robert' },
          { signInType: 'federated', issuer: 'google.com', issuerAssignedId: '1234567890' },
        ],
        createdDateTime: created.body.createdDateTime,
      });
      // The old address is free again.
      expect(
        (await gh.api('POST', users(t), { displayName: 'New Bob', mail: 'bob@example.com' })).status,
      ).toBe(201);

      expect((await gh.api('DELETE', `${users(t)}/${created.body.id}`)).status).toBe(204);
      const gone = await gh.api('GET', `${users(t)}/${created.body.id}`);
      expect(gone.status).toBe(404);
      expect(gone.body.error.code).toBe('user_not_found');
      expect((await gh.api('DELETE', `${users(t)}/${created.body.id}`)).status).toBe(404);
      expect((await gh.api('PATCH', `${users(t)}/${created.body.id}`, { displayName: 'X' })).status).toBe(
        404,
      );
    });

    it('creates a user without mail or password (e.g. federated only)', async () => {
      const t = await newTenant();
      const created = await gh.api('POST', users(t), {
        displayName: 'Fed',
        identities: [
          { signInType: 'federated', issuer: 'https://idp.example.com', issuerAssignedId: 'Sub-1' },
        ],
      });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ mail: null, lastPasswordChangeDateTime: null });
      const noIdentity = await gh.api('POST', users(t), { displayName: 'Nobody' });
      expect(noIdentity.status).toBe(201);
      expect(noIdentity.body.identities).toEqual([]);
    });

    it('keeps emails and usernames unique per tenant, case- and NFKC-insensitively (409)', async () => {
      const t = await newTenant();
      expect((await gh.api('POST', users(t), { displayName: 'A', mail: 'carol@example.com' })).status).toBe(
        201,
      );
      expect(
        (
          await gh.api('POST', users(t), {
            displayName: 'U',
            identities: [{ signInType: 'userName', issuerAssignedId: 'Dave' }],
          })
        ).status,
      ).toBe(201);
      const before = await count(t);

      for (const mail of [
        'CAROL@EXAMPLE.COM',
        ' carol@example.com ',
        'ｃａｒｏｌ@ｅｘａｍｐｌｅ.ｃｏｍ', // full-width forms fold under NFKC
      ]) {
        const clash = await gh.api('POST', users(t), { displayName: 'Dup', mail });
        expect(clash.status, mail).toBe(409);
        expect(clash.body.error.code).toBe('mail_taken');
      }
      // As an identity of someone whose mail differs, it is still taken.
      const asIdentity = await gh.api('POST', users(t), {
        displayName: 'Dup',
        mail: 'other@example.com',
        identities: [{ signInType: 'emailAddress', issuerAssignedId: 'Carol@Example.COM' }],
      });
      expect(asIdentity.status).toBe(409);
      expect(asIdentity.body.error.code).toBe('identity_taken');

      for (const name of ['dave', 'DAVE', 'ＤＡＶＥ']) {
        const clash = await gh.api('POST', users(t), {
          displayName: 'Dup',
          identities: [{ signInType: 'userName', issuerAssignedId: name }],
        });
        expect(clash.status, name).toBe(409);
        expect(clash.body.error.code).toBe('identity_taken');
      }
      // A ligature folds too: "ﬁ" is "fi".
      expect((await gh.api('POST', users(t), { displayName: 'F', mail: 'fiona@example.com' })).status).toBe(
        201,
      );
      expect((await gh.api('POST', users(t), { displayName: 'F2', mail: 'ﬁona@example.com' })).status).toBe(
        409,
      );

      const duplicateInBody = await gh.api('POST', users(t), {
        displayName: 'Twice',
        identities: [
          { signInType: 'userName', issuerAssignedId: 'eve' },
          { signInType: 'userName', issuerAssignedId: 'EVE' },
        ],
      });
      expect(duplicateInBody.status).toBe(400);
      expect(duplicateInBody.body.error.code).toBe('duplicate_identity');
      expect(await count(t)).toBe(before + 1);

      // PATCH into someone else's address: refused, nothing changes.
      const other = await gh.api('POST', users(t), { displayName: 'Other', mail: 'frank@example.com' });
      const steal = await gh.api('PATCH', `${users(t)}/${other.body.id}`, {
        displayName: 'Renamed',
        mail: 'Carol@example.com',
      });
      expect(steal.status).toBe(409);
      expect((await gh.api('GET', `${users(t)}/${other.body.id}`)).body).toMatchObject({
        displayName: 'Other',
        mail: 'frank@example.com',
      });

      // Another tenant has its own namespace.
      const t2 = await newTenant();
      expect((await gh.api('POST', users(t2), { displayName: 'A', mail: 'carol@example.com' })).status).toBe(
        201,
      );
    });

    it('lets exactly one of concurrent creates with the same address win', async () => {
      const t = await newTenant();
      const results = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          gh.api('POST', users(t), {
            displayName: `R${i}`,
            mail: i % 2 ? 'race@example.com' : 'RACE@example.com',
          }),
        ),
      );
      expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
      for (const refused of results.filter((r) => r.status === 409)) {
        expect(['mail_taken', 'identity_taken']).toContain(refused.body.error.code);
      }
      expect(await count(t)).toBe(1);
    });

    it('keeps a confusable (Cyrillic а) address a different account that does not collide', async () => {
      const t = await newTenant();
      const latin = await gh.api('POST', users(t), { displayName: 'Latin', mail: 'alice@example.com' });
      // U+0430 CYRILLIC SMALL LETTER A looks like "a"; NFKC does not fold scripts.
      const cyrillic = await gh.api('POST', users(t), {
        displayName: 'Cyrillic',
        mail: '\u0430lice@example.com',
      });
      expect(latin.status).toBe(201);
      expect(cyrillic.status).toBe(201);
      expect(cyrillic.body.id).not.toBe(latin.body.id);
      expect(cyrillic.body.mail).toBe('\u0430lice@example.com');

      const latinOnly = await gh.api('GET', `${users(t)}?mailStartsWith=alice`);
      expect(latinOnly.body.value.map((u: { id: string }) => u.id)).toEqual([latin.body.id]);
      const cyrillicOnly = await gh.api('GET', `${users(t)}?mailStartsWith=${encodeURIComponent('\u0430')}`);
      expect(cyrillicOnly.body.value.map((u: { id: string }) => u.id)).toEqual([cyrillic.body.id]);
    });

    it.each([
      ['no @', 'alice.example.com'],
      ['two @', 'a@b@example.com'],
      ['a space', 'ali ce@example.com'],
      ['a NUL', 'alice\u0000@example.com'],
      ['a newline', 'alice@example.com\nbcc:x@y.com'],
      ['a zero-width space', 'al\u200bice@example.com'],
      ['a bidi override', '\u202ealice@example.com'],
      ['a double dot', 'alice..smith@example.com'],
      ['a leading dot', '.alice@example.com'],
      ['an empty domain label', 'alice@example..com'],
      ['a hyphen-edged label', 'alice@-example.com'],
      ['a single-label domain', 'alice@example'],
      ['a numeric TLD', 'alice@10.0.0.1'],
      ['markup', '<script>@example.com'],
      ['a 65-character local part', `${'a'.repeat(65)}@example.com`],
      [
        'more than 254 characters',
        `alice@${'a'.repeat(60)}.${'b'.repeat(60)}.${'c'.repeat(60)}.${'d'.repeat(70)}.com`,
      ],
    ])('refuses a mail with %s (400) and creates nothing', async (_case, mail) => {
      const t = 'demo';
      const before = await count(t);
      const response = await gh.api('POST', users(t), { displayName: 'Bad', mail });
      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe('invalid_request');
      expect(response.body.error.target).toBe('mail');
      expect(await count(t)).toBe(before);
    });

    it('accepts internationalised and plus addresses', async () => {
      const t = await newTenant();
      for (const mail of [
        'jose+tag@example.com',
        'josé@exámple.com',
        "o'brien@example.co.uk",
        'admin@localhost',
      ]) {
        const response = await gh.api('POST', users(t), { displayName: mail, mail });
        expect(response.status, mail).toBe(201);
        expect(response.body.mail).toBe(mail);
      }
    });

    it('refuses unknown fields, read-only fields, oversized and malformed values (400), changing nothing', async () => {
      const t = await newTenant();
      const before = await count(t);
      const cases: [unknown, string][] = [
        [{ displayName: 'X', favouriteColour: 'blue' }, 'unknown_field'],
        [{ displayName: 'X', id: '00000000-0000-4000-8000-000000000000' }, 'unknown_field'],
        [{ displayName: 'X', createdDateTime: '2020-01-01T00:00:00Z' }, 'unknown_field'],
        [{ displayName: 'X', passwordProfile: { password: STRONG, hash: 'x' } }, 'unknown_field'],
        [
          { displayName: 'X', identities: [{ signInType: 'userName', issuerAssignedId: 'x', extra: 1 }] },
          'unknown_field',
        ],
        [{}, 'invalid_request'],
        [{ displayName: '' }, 'invalid_request'],
        [{ displayName: '   ' }, 'invalid_request'],
        [{ displayName: 'x'.repeat(257) }, 'invalid_request'],
        [{ displayName: 'X', givenName: 'x'.repeat(65) }, 'invalid_request'],
        [{ displayName: 'X', surname: 'x'.repeat(65) }, 'invalid_request'],
        [{ displayName: 'bell\u0007' }, 'invalid_request'],
        [{ displayName: 'evil\u202etxt.exe' }, 'invalid_request'],
        [{ displayName: 42 }, 'invalid_request'],
        [{ displayName: 'X', accountEnabled: 'yes' }, 'invalid_request'],
        [{ displayName: 'X', passwordProfile: { password: 'x'.repeat(4097) } }, 'invalid_request'],
        [
          { displayName: 'X', identities: [{ signInType: 'phoneNumber', issuerAssignedId: '+15551234' }] },
          'invalid_request',
        ],
        [
          { displayName: 'X', identities: [{ signInType: 'userName', issuerAssignedId: 'a b' }] },
          'invalid_request',
        ],
        [
          { displayName: 'X', identities: [{ signInType: 'userName', issuerAssignedId: 'a@b.com' }] },
          'invalid_request',
        ],
        [
          { displayName: 'X', identities: [{ signInType: 'userName', issuerAssignedId: 'x'.repeat(65) }] },
          'invalid_request',
        ],
        [
          { displayName: 'X', identities: [{ signInType: 'federated', issuerAssignedId: 'sub' }] },
          'invalid_request',
        ],
        [
          {
            displayName: 'X',
            identities: [{ signInType: 'federated', issuer: 'g', issuerAssignedId: 'x'.repeat(257) }],
          },
          'invalid_request',
        ],
        [
          {
            displayName: 'X',
            identities: [{ signInType: 'userName', issuer: 'another-tenant', issuerAssignedId: 'x' }],
          },
          'invalid_identity_issuer',
        ],
      ];
      for (const [body, code] of cases) {
        const response = await gh.api('POST', users(t), body);
        expect(response.status, JSON.stringify(body).slice(0, 80)).toBe(400);
        expect(response.body.error.code, JSON.stringify(body).slice(0, 80)).toBe(code);
      }
      expect(await count(t)).toBe(before);

      const user = await gh.api('POST', users(t), { displayName: 'Keep', mail: 'keep@example.com' });
      for (const body of [
        { displayName: 'Changed', surname: 'x'.repeat(65) },
        { displayName: 'Changed', unknown: true },
        { displayName: 'Changed', identities: [{ signInType: 'userName', issuerAssignedId: 'bad name' }] },
        {},
      ]) {
        expect((await gh.api('PATCH', `${users(t)}/${user.body.id}`, body)).status).toBe(400);
      }
      expect((await gh.api('GET', `${users(t)}/${user.body.id}`)).body).toEqual(user.body);
      expect((await gh.api('GET', `${users(t)}/not-a-guid`)).status).toBe(400);
      expect((await gh.api('GET', `${users(t)}/00000000-0000-4000-8000-000000000000`)).status).toBe(404);
      expect((await gh.api('GET', `${users('no-such-tenant')}`)).body.error.code).toBe('tenant_not_found');
    });

    it('stores SQL and HTML injection strings as given and returns them as given', async () => {
      const t = await newTenant();
      const fields = {
        displayName: "Robert'); DROP TABLE directory_users;--",
        givenName: '<script>alert(1)</script>',
        surname: '" OR 1=1 --',
        mail: "o'neil+%_{}|~@example.com",
        // Sign-in names have stricter shapes (no spaces, usernames without quotes), but what
        // they allow is stored as given too.
        identities: [
          { signInType: 'emailAddress', issuerAssignedId: "o'neil+%_{}|~@example.com" },
          { signInType: 'userName', issuerAssignedId: 'x--1' },
          {
            signInType: 'federated',
            issuer: '<img/src=x/onerror=alert(1)>',
            issuerAssignedId: "1'OR'1'='1;--",
          },
        ],
      };
      const created = await gh.api('POST', users(t), fields);
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        ...fields,
        identities: [
          { signInType: 'emailAddress', issuer: t, issuerAssignedId: "o'neil+%_{}|~@example.com" },
          { signInType: 'userName', issuer: t, issuerAssignedId: 'x--1' },
          fields.identities[2],
        ],
      });
      expect((await gh.api('GET', `${users(t)}/${created.body.id}`)).body).toEqual(created.body);
      expect(created.headers.get('content-type')).toContain('application/json');
      const filtered = await gh.api(
        'GET',
        `${users(t)}?displayNameStartsWith=${encodeURIComponent("Robert');")}`,
      );
      expect(filtered.body.value).toHaveLength(1);
      expect(await count(t)).toBe(1);

      const group = await gh.api('POST', groups(t), {
        displayName: '<b>admins</b>',
        description: "'; DELETE FROM directory_groups; --",
      });
      expect(group.status).toBe(201);
      expect((await gh.api('GET', `${groups(t)}/${group.body.id}`)).body).toMatchObject({
        displayName: '<b>admins</b>',
        description: "'; DELETE FROM directory_groups; --",
      });
    });

    it('never returns the password or its hash', async () => {
      const t = await newTenant();
      const password = 'Secret-Walrus-Telescope-91';
      const created = await gh.api('POST', users(t), {
        displayName: 'Pat',
        mail: 'pat@example.com',
        passwordProfile: { password },
      });
      expect(created.status).toBe(201);
      const patched = await gh.api('PATCH', `${users(t)}/${created.body.id}`, {
        passwordProfile: { password: `${password}-2` },
      });
      expect(patched.status).toBe(200);
      const responses = [
        created.body,
        patched.body,
        (await gh.api('GET', `${users(t)}/${created.body.id}`)).body,
        (await gh.api('GET', users(t))).body,
      ];
      for (const body of responses) {
        const text = JSON.stringify(body);
        expect(text).not.toContain(password);
        expect(text).not.toContain('argon2');
        expect(text).not.toMatch(/hash/i);
      }
      expect(patched.body.passwordProfile).toEqual({ password: null, forceChangePasswordNextSignIn: false });

      const row = await gh.gatehouse.storage.db
        .selectFrom('directory_users')
        .select('password_hash')
        .where('id', '=', created.body.id)
        .executeTakeFirstOrThrow();
      expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
      expect(row.password_hash).not.toContain(password);
    });
  });

  describe('listing users', () => {
    it('pages with $top and @odata.nextLink in a stable order', async () => {
      const t = await newTenant();
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) {
        ids.push((await gh.api('POST', users(t), { displayName: `User ${i}` })).body.id);
      }
      const seen: string[] = [];
      let path: string | undefined = `${users(t)}?$top=2`;
      let pages = 0;
      while (path && pages < 10) {
        const page = await gh.api('GET', path);
        expect(page.status).toBe(200);
        expect(page.body.value.length).toBeLessThanOrEqual(2);
        seen.push(...page.body.value.map((u: { id: string }) => u.id));
        const next: string | undefined = page.body['@odata.nextLink'];
        if (next) expect(next.startsWith(`${gh.baseUrl}${users(t)}?`)).toBe(true);
        path = next?.slice(gh.baseUrl.length);
        pages++;
      }
      expect(pages).toBe(3);
      expect(seen).toEqual(ids);
      expect((await gh.api('GET', users(t))).body['@odata.nextLink']).toBeUndefined();

      for (const query of [
        '$top=0',
        '$top=1000',
        '$top=abc',
        '$skiptoken=garbage',
        'unknown=1',
        'accountEnabled=yes',
      ]) {
        const response = await gh.api('GET', `${users(t)}?${query}`);
        expect(response.status, query).toBe(400);
      }
    });

    it('filters by mail and displayName prefix (case-insensitive, wildcards literal) and accountEnabled', async () => {
      const t = await newTenant();
      const make = async (displayName: string, mail: string, accountEnabled = true) =>
        (await gh.api('POST', users(t), { displayName, mail, accountEnabled })).body.id as string;
      const alice = await make('Alice Anders', 'alice@example.com');
      const alfred = await make('alfred Brown', 'Alfred@example.com', false);
      const percent = await make('100% Real', 'pct_1@example.com');
      const under = await make('Under_score', 'pctx1@example.com');
      const bob = await make('Bob', 'bob@example.org', false);

      const ids = async (query: string) =>
        (await gh.api('GET', `${users(t)}?${query}`)).body.value.map((u: { id: string }) => u.id);

      expect(await ids('mailStartsWith=AL')).toEqual([alice, alfred]);
      expect(await ids('mailStartsWith=alice%40')).toEqual([alice]);
      expect(await ids('mailStartsWith=%EF%BC%A1L')).toEqual([alice, alfred]); // full-width "Ａ"
      expect(await ids('mailStartsWith=pct_')).toEqual([percent]); // "_" is not a wildcard
      expect(await ids('mailStartsWith=%25')).toEqual([]); // neither is "%"
      expect(await ids('mailStartsWith=nobody')).toEqual([]);
      expect(await ids('displayNameStartsWith=al')).toEqual([alice, alfred]);
      expect(await ids('displayNameStartsWith=100%25')).toEqual([percent]);
      expect(await ids('displayNameStartsWith=Under_')).toEqual([under]);
      expect(await ids('displayNameStartsWith=%5F')).toEqual([]);
      expect(await ids('accountEnabled=false')).toEqual([alfred, bob]);
      expect(await ids('accountEnabled=true')).toEqual([alice, percent, under]);
      expect(await ids('accountEnabled=false&mailStartsWith=a')).toEqual([alfred]);

      // Filters survive paging.
      const first = await gh.api('GET', `${users(t)}?accountEnabled=true&$top=2`);
      expect(first.body.value.map((u: { id: string }) => u.id)).toEqual([alice, percent]);
      const next: string = first.body['@odata.nextLink'];
      expect(next).toContain('accountEnabled=true');
      const second = await gh.api('GET', next.slice(gh.baseUrl.length));
      expect(second.body.value.map((u: { id: string }) => u.id)).toEqual([under]);
      expect(second.body['@odata.nextLink']).toBeUndefined();
    });
  });

  describe('password policy', () => {
    it('answers the defaults and refuses weak, short and long passwords, creating nothing', async () => {
      const t = await newTenant();
      expect((await gh.api('GET', `/api/v1/tenants/${t}/passwordPolicy`)).body).toEqual({
        minLength: 8,
        maxLength: 256,
        minScore: 3,
      });
      const cases: [string, string, RegExp][] = [
        ['password1', 'password_too_weak', /commonly used password/i],
        ['P@ssw0rd!', 'password_too_weak', /similar to a commonly used password/i],
        ['qwertyuiop', 'password_too_weak', /too easy to guess/i],
        ['alice2024', 'password_too_weak', /personal/i],
        ['Ab1!x', 'password_too_short', /at least 8/],
        ['x'.repeat(257), 'password_too_long', /at most 256/],
      ];
      for (const [password, code, message] of cases) {
        const response = await gh.api('POST', users(t), {
          displayName: 'Alice',
          mail: 'alice@example.com',
          passwordProfile: { password },
        });
        expect(response.status, password).toBe(400);
        expect(response.body.error.code, password).toBe(code);
        expect(response.body.error.message, password).toMatch(message);
        expect(response.body.error.target).toBe('passwordProfile.password');
      }
      expect(await count(t)).toBe(0);
      // The same address is then free: nothing half-created.
      const ok = await gh.api('POST', users(t), {
        displayName: 'Alice',
        mail: 'alice@example.com',
        passwordProfile: { password: STRONG },
      });
      expect(ok.status).toBe(201);

      // A weak password in a PATCH changes nothing, not even the other fields.
      const weak = await gh.api('PATCH', `${users(t)}/${ok.body.id}`, {
        displayName: 'Renamed',
        passwordProfile: { password: 'alice@example.com' },
      });
      expect(weak.status).toBe(400);
      expect((await gh.api('GET', `${users(t)}/${ok.body.id}`)).body).toEqual(ok.body);
    });

    it('applies a changed policy to new passwords', async () => {
      const t = await newTenant();
      const policy = `/api/v1/tenants/${t}/passwordPolicy`;
      const elevenStrong = 'Vx7#qLm2!pZ'; // 11 characters, score 4
      expect(
        (await gh.api('POST', users(t), { displayName: 'A', passwordProfile: { password: elevenStrong } }))
          .status,
      ).toBe(201);

      const patched = await gh.api('PATCH', policy, { minLength: 12 });
      expect(patched.status).toBe(200);
      expect(patched.body).toEqual({ minLength: 12, maxLength: 256, minScore: 3 });
      expect((await gh.api('GET', policy)).body).toEqual(patched.body);
      const short = await gh.api('POST', users(t), {
        displayName: 'B',
        passwordProfile: { password: elevenStrong },
      });
      expect(short.status).toBe(400);
      expect(short.body.error.code).toBe('password_too_short');

      // A lower minimum score lets a middling password through.
      expect(
        (await gh.api('POST', users(t), { displayName: 'C', passwordProfile: { password: 'Password2024!' } }))
          .status,
      ).toBe(400);
      expect((await gh.api('PATCH', policy, { minScore: 2 })).body.minScore).toBe(2);
      expect(
        (await gh.api('POST', users(t), { displayName: 'C', passwordProfile: { password: 'Password2024!' } }))
          .status,
      ).toBe(201);

      for (const body of [
        { minLength: 7 },
        { minLength: 300 },
        { maxLength: 63 },
        { minScore: 5 },
        { minLength: 100, maxLength: 64 },
        { minLength: 12, extra: true },
        {},
      ]) {
        const refused = await gh.api('PATCH', policy, body);
        expect(refused.status, JSON.stringify(body)).toBe(400);
      }
      const mixed = await gh.api('PATCH', policy, { maxLength: 64, minLength: 65 });
      expect(mixed.body.error.code).toBe('invalid_password_policy');
      expect((await gh.api('GET', policy)).body).toEqual({ minLength: 12, maxLength: 256, minScore: 2 });
      // Other tenants keep the defaults.
      expect((await gh.api('GET', '/api/v1/tenants/demo/passwordPolicy')).body.minLength).toBe(8);
    });
  });

  describe('groups', () => {
    it('creates, reads, lists, updates and deletes security groups', async () => {
      const t = await newTenant();
      const created = await gh.api('POST', groups(t), {
        displayName: 'Support',
        description: 'Tier 1',
        mailEnabled: false,
        mailNickname: 'support',
        securityEnabled: true,
      });
      expect(created.status).toBe(201);
      expect(created.body).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        displayName: 'Support',
        description: 'Tier 1',
        mailNickname: 'support',
        groupTypes: [],
        mailEnabled: false,
        securityEnabled: true,
        createdDateTime: expect.any(String),
      });
      expect((await gh.api('GET', `${groups(t)}/${created.body.id}`)).body).toEqual(created.body);
      const patched = await gh.api('PATCH', `${groups(t)}/${created.body.id}`, {
        displayName: 'Support L2',
        description: null,
      });
      expect(patched.body).toMatchObject({
        displayName: 'Support L2',
        description: null,
        mailNickname: 'support',
      });

      for (let i = 0; i < 2; i++) await gh.api('POST', groups(t), { displayName: `G${i}` });
      const first = await gh.api('GET', `${groups(t)}?$top=2`);
      expect(first.body.value).toHaveLength(2);
      const second = await gh.api('GET', first.body['@odata.nextLink'].slice(gh.baseUrl.length));
      expect(second.body.value).toHaveLength(1);
      expect(second.body['@odata.nextLink']).toBeUndefined();

      for (const body of [
        { displayName: 'M', mailEnabled: true },
        { displayName: 'M', securityEnabled: false },
        { displayName: 'M', groupTypes: ['Unified'] },
        { displayName: 'M', visibility: 'Private' },
        { displayName: 'x'.repeat(257) },
        { displayName: 'M', description: 'x'.repeat(1025) },
        {},
      ]) {
        expect((await gh.api('POST', groups(t), body)).status, JSON.stringify(body).slice(0, 60)).toBe(400);
      }
      expect((await gh.api('DELETE', `${groups(t)}/${created.body.id}`)).status).toBe(204);
      const gone = await gh.api('GET', `${groups(t)}/${created.body.id}`);
      expect(gone.status).toBe(404);
      expect(gone.body.error.code).toBe('group_not_found');
    });

    it('adds and removes members through $ref, refusing users of another tenant', async () => {
      const t = await newTenant();
      const group = (await gh.api('POST', groups(t), { displayName: 'Members' })).body.id as string;
      const members = `${groups(t)}/${group}/members`;
      const alice = (await gh.api('POST', users(t), { displayName: 'Alice', mail: 'alice@example.com' }))
        .body;
      const bob = (await gh.api('POST', users(t), { displayName: 'Bob', mail: 'bob@example.com' })).body;

      const byOdataId = await gh.api('POST', `${members}/$ref`, {
        '@odata.id': `${gh.baseUrl}${users(t)}/${alice.id}`,
      });
      expect(byOdataId.status).toBe(204);
      // Graph's own form of the reference, and the plain id.
      expect(
        (
          await gh.api('POST', `${members}/$ref`, {
            '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${bob.id}`,
          })
        ).status,
      ).toBe(204);
      const again = await gh.api('POST', `${members}/$ref`, { id: alice.id });
      expect(again.status).toBe(409);
      expect(again.body.error.code).toBe('member_already_exists');

      const listed = await gh.api('GET', members);
      expect(listed.status).toBe(200);
      expect(listed.body.value.map((u: { id: string }) => u.id)).toEqual([alice.id, bob.id]);
      expect(listed.body.value[0]).toMatchObject({
        '@odata.type': '#microsoft.graph.user',
        mail: 'alice@example.com',
      });
      const paged = await gh.api('GET', `${members}?$top=1`);
      expect(paged.body.value.map((u: { id: string }) => u.id)).toEqual([alice.id]);
      const page2 = await gh.api('GET', paged.body['@odata.nextLink'].slice(gh.baseUrl.length));
      expect(page2.body.value.map((u: { id: string }) => u.id)).toEqual([bob.id]);

      // A user of another tenant is not found here, whatever the reference says.
      const t2 = await newTenant();
      const stranger = (await gh.api('POST', users(t2), { displayName: 'Stranger' })).body.id as string;
      for (const body of [
        { id: stranger },
        { '@odata.id': `${gh.baseUrl}${users(t2)}/${stranger}` },
        { '@odata.id': `${gh.baseUrl}${users(t)}/${stranger}` },
      ]) {
        const refused = await gh.api('POST', `${members}/$ref`, body);
        expect(refused.status).toBe(404);
        expect(refused.body.error.code).toBe('user_not_found');
      }
      // Nor can a group of another tenant be reached through this one.
      const foreignGroup = (await gh.api('POST', groups(t2), { displayName: 'Theirs' })).body.id as string;
      expect(
        (await gh.api('POST', `${groups(t)}/${foreignGroup}/members/$ref`, { id: alice.id })).status,
      ).toBe(404);

      for (const body of [
        {},
        { id: 'not-a-guid' },
        { '@odata.id': 'https://example.com/applications/00000000-0000-4000-8000-000000000000' },
        { '@odata.id': `${gh.baseUrl}${users(t)}/${alice.id}`, id: alice.id },
        { '@odata.id': `${gh.baseUrl}${users(t)}/${alice.id}`, extra: 1 },
      ]) {
        expect((await gh.api('POST', `${members}/$ref`, body)).status, JSON.stringify(body)).toBe(400);
      }

      expect((await gh.api('DELETE', `${members}/${alice.id}/$ref`)).status).toBe(204);
      const notMember = await gh.api('DELETE', `${members}/${alice.id}/$ref`);
      expect(notMember.status).toBe(404);
      expect(notMember.body.error.code).toBe('member_not_found');
      expect((await gh.api('GET', members)).body.value.map((u: { id: string }) => u.id)).toEqual([bob.id]);
    });

    it('drops memberships when the user or the group is deleted', async () => {
      const t = await newTenant();
      const { db } = gh.gatehouse.storage;
      const memberships = async () =>
        (await db.selectFrom('directory_group_members').selectAll().where('tenant_id', '=', t).execute())
          .length;
      const g1 = (await gh.api('POST', groups(t), { displayName: 'One' })).body.id as string;
      const g2 = (await gh.api('POST', groups(t), { displayName: 'Two' })).body.id as string;
      const carol = (await gh.api('POST', users(t), { displayName: 'Carol' })).body.id as string;
      const dave = (await gh.api('POST', users(t), { displayName: 'Dave' })).body.id as string;
      for (const g of [g1, g2]) {
        for (const u of [carol, dave]) {
          expect((await gh.api('POST', `${groups(t)}/${g}/members/$ref`, { id: u })).status).toBe(204);
        }
      }
      expect(await memberships()).toBe(4);
      expect((await gh.api('DELETE', `${users(t)}/${carol}`)).status).toBe(204);
      expect(await memberships()).toBe(2);
      expect(
        (await gh.api('GET', `${groups(t)}/${g1}/members`)).body.value.map((u: { id: string }) => u.id),
      ).toEqual([dave]);
      expect((await gh.api('DELETE', `${groups(t)}/${g1}`)).status).toBe(204);
      expect(await memberships()).toBe(1);
      expect((await gh.api('GET', `${groups(t)}/${g1}/members`)).status).toBe(404);
      // Deleting the tenant takes everything with it.
      expect((await gh.api('DELETE', `/api/v1/tenants/${t}`)).status).toBe(204);
      expect(await memberships()).toBe(0);
      expect(
        (await db.selectFrom('directory_identities').selectAll().where('tenant_id', '=', t).execute()).length,
      ).toBe(0);
    });
  });

  it('lists the directory routes and filters in the OpenAPI document', async () => {
    const doc = (await (await fetch(`${gh.baseUrl}/api/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { parameters?: { name: string; description?: string }[] }>>;
    };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/tenants/{tenantId}/users',
        '/api/v1/tenants/{tenantId}/users/{id}',
        '/api/v1/tenants/{tenantId}/passwordPolicy',
        '/api/v1/tenants/{tenantId}/groups',
        '/api/v1/tenants/{tenantId}/groups/{id}',
        '/api/v1/tenants/{tenantId}/groups/{id}/members',
        '/api/v1/tenants/{tenantId}/groups/{id}/members/$ref',
        '/api/v1/tenants/{tenantId}/groups/{id}/members/{userId}/$ref',
      ]),
    );
    const names = doc.paths['/api/v1/tenants/{tenantId}/users']?.get?.parameters?.map((p) => p.name);
    expect(names).toEqual(
      expect.arrayContaining([
        '$top',
        '$skiptoken',
        'mailStartsWith',
        'displayNameStartsWith',
        'accountEnabled',
      ]),
    );
  });
});
