/**
 * The users list's `$search` (the console's search box: a prefix of the display name, the mail
 * or an email/username sign-in name) and a user's `memberOf`, over HTTP.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DATABASES } from './support/databases.js';
import { startGatehouse, type TestGatehouse } from './support/gatehouse.js';

describe.each(TEST_DATABASES)('users $search and memberOf on %s', (kind) => {
  let gh: TestGatehouse;
  const t = 'search-1';
  const users = `/api/v1/tenants/${t}/users`;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    gh = await startGatehouse(kind);
    expect((await gh.api('POST', '/api/v1/tenants', { id: t, displayName: t })).status).toBe(201);
    const create = async (key: string, body: Record<string, unknown>) => {
      const created = await gh.api('POST', users, body);
      expect(created.status).toBe(201);
      ids[key] = created.body.id;
    };
    await create('alice', { displayName: 'Alice Smith', mail: 'alice@example.com' });
    await create('bob', { displayName: 'Bob Jones', mail: 'robert@example.com' });
    await create('carol', {
      displayName: 'Carol',
      identities: [{ signInType: 'userName', issuerAssignedId: 'c.mayer' }],
    });
    await create('under', { displayName: 'x_y', mail: 'xy@example.com' });
  });
  afterAll(() => gh?.stop());

  const found = async (search: string, more = '') =>
    (await gh.api('GET', `${users}?$search=${encodeURIComponent(search)}${more}`)).body.value.map(
      (u: { id: string }) => u.id,
    );

  it('finds users by a prefix of the display name, the mail or a username, case-insensitively', async () => {
    expect(await found('al')).toEqual([ids.alice]);
    expect(await found('BOB')).toEqual([ids.bob]); // display name
    expect(await found('rob')).toEqual([ids.bob]); // mail
    expect(await found('c.MAY')).toEqual([ids.carol]); // username identity
    expect(await found('"alice@"')).toEqual([ids.alice]); // Graph's quotes
    expect(await found('x_')).toEqual([ids.under]);
    expect(await found('%')).toEqual([]); // LIKE wildcards match literally
    expect(await found('_')).toEqual([]);
    expect(await found('smith')).toEqual([]); // a prefix, not a word inside
    expect(await found('  ')).toHaveLength(4); // empty: no filter
  });

  it('keeps $search in the next link and combines it with the other filters', async () => {
    const first = await gh.api('GET', `${users}?$search=a&$top=1`);
    expect(first.body.value.map((u: { id: string }) => u.id)).toEqual([ids.alice]);
    expect(first.body['@odata.nextLink']).toBeUndefined();
    expect(await found('al', '&accountEnabled=false')).toEqual([]);
    const page = await gh.api('GET', `${users}?$search=x&$top=1`);
    expect(page.body.value.map((u: { id: string }) => u.id)).toEqual([ids.under]);
    expect((await gh.api('GET', `${users}?$search=${'a'.repeat(257)}`)).status).toBe(400);
  });

  it('pages a search with the filter kept', async () => {
    await gh.api('POST', users, { displayName: 'Alfred', mail: 'alfred@example.com' });
    const first = await gh.api('GET', `${users}?$search=al&$top=1`);
    expect(first.body.value.map((u: { id: string }) => u.id)).toEqual([ids.alice]);
    const next: string = first.body['@odata.nextLink'];
    expect(next).toContain('%24search=al');
    const second = await gh.api('GET', next.slice(gh.baseUrl.length));
    expect(second.body.value.map((u: { displayName: string }) => u.displayName)).toEqual(['Alfred']);
  });

  it("lists a user's groups (memberOf)", async () => {
    const group = await gh.api('POST', `/api/v1/tenants/${t}/groups`, { displayName: 'Staff' });
    await gh.api('POST', `/api/v1/tenants/${t}/groups`, { displayName: 'Other' });
    expect(
      (await gh.api('POST', `/api/v1/tenants/${t}/groups/${group.body.id}/members/$ref`, { id: ids.alice }))
        .status,
    ).toBe(204);
    const of = await gh.api('GET', `${users}/${ids.alice}/memberOf`);
    expect(of.status).toBe(200);
    expect(of.body.value).toEqual([
      expect.objectContaining({
        '@odata.type': '#microsoft.graph.group',
        id: group.body.id,
        displayName: 'Staff',
      }),
    ]);
    expect((await gh.api('GET', `${users}/${ids.bob}/memberOf`)).body.value).toEqual([]);
    const missing = await gh.api('GET', `${users}/00000000-0000-4000-8000-000000000000/memberOf`);
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('user_not_found');
  });
});
