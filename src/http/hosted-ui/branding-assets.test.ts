import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/support/databases.js';
import { insertTenantRow } from '../../../test/support/fixtures.js';
import { type BrandingService, createBrandingService } from '../../branding/index.js';
import { ManualClock } from '../../platform/index.js';
import { migrateToLatest, openStorage, type Storage } from '../../storage/index.js';
import { brandingAssets } from './branding-assets.js';
import { en } from './locales/en.js';

/** A 1×1 transparent GIF. */
const GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

describe('branding asset route', () => {
  let database: TestDatabase;
  let storage: Storage;
  let branding: BrandingService;
  let app: FastifyInstance;
  const clock = new ManualClock();

  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
    storage = openStorage(database.url);
    await migrateToLatest(storage.db);
    await insertTenantRow(storage.db, 'contoso');
    branding = createBrandingService({
      db: storage.db,
      clock,
      referenceStrings: en,
      tenantName: async () => 'Contoso',
    });
    app = Fastify();
    await app.register(brandingAssets({ branding }), { prefix: '/t/:tenantId/u' });
  });
  afterAll(async () => {
    await app?.close();
    await storage?.close();
    await database?.drop();
  });

  it('serves an image for a year with a strong ETag, and 304 when the browser has it', async () => {
    await branding.putImage('contoso', 'squareLogo', 'image/gif', GIF);
    const page = await branding.forPage('contoso', 'en');
    const url = page.squareLogoUrl as string;
    expect(url).toMatch(/^\/t\/contoso\/u\/assets\/branding\/0\.[0-9a-f]{16}\/squareLogo$/);

    const first = await app.inject({ url });
    expect(first.statusCode).toBe(200);
    expect(first.headers['content-type']).toBe('image/gif');
    expect(first.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(first.headers['x-content-type-options']).toBe('nosniff');
    expect(first.headers.etag).toMatch(/^"[0-9a-f]{64}"$/);
    expect(first.rawPayload.equals(GIF)).toBe(true);

    const etag = first.headers.etag as string;
    for (const header of [etag, `W/${etag}`, `"other", ${etag}`, '*']) {
      const again = await app.inject({ url, headers: { 'if-none-match': header } });
      expect(again.statusCode, header).toBe(304);
      expect(again.rawPayload.length).toBe(0);
    }
    expect((await app.inject({ url, headers: { 'if-none-match': '"other"' } })).statusCode).toBe(200);
    expect((await app.inject({ method: 'HEAD', url })).statusCode).toBe(200);
  });

  it('generates brand.css from the colours and custom CSS', async () => {
    await branding.update('contoso', { accentColor: '#c00', customCSS: 'h1{letter-spacing:.02em}' });
    const page = await branding.forPage('contoso', 'en');
    const css = await app.inject({ url: page.stylesheetUrl as string });
    expect(css.statusCode).toBe(200);
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(css.body).toContain(':root{--brand:#c00}');
    expect(css.body.endsWith('h1{letter-spacing:.02em}')).toBe(true);
    const etag = css.headers.etag as string;
    expect(
      (await app.inject({ url: page.stylesheetUrl as string, headers: { 'if-none-match': etag } }))
        .statusCode,
    ).toBe(304);
  });

  it("sees another node's change once its few seconds of cache have passed", async () => {
    const otherNode = createBrandingService({ db: storage.db, clock, referenceStrings: en });
    const before = await branding.forPage('contoso', 'en');
    await otherNode.update('contoso', { signInPageText: 'Changed elsewhere' });
    expect((await branding.forPage('contoso', 'en')).version).toBe(before.version);
    clock.advance(5001);
    const after = await branding.forPage('contoso', 'en');
    expect(after.signInPageText).toBe('Changed elsewhere');
    expect(after.version).not.toBe(before.version);
  });

  it('answers 404 for unknown tenants, versions and names', async () => {
    const { version } = await branding.forPage('contoso', 'en');
    for (const url of [
      `/t/contoso/u/assets/branding/${version}/favicon`,
      `/t/contoso/u/assets/branding/${version}/passwords`,
      `/t/contoso/u/assets/branding/${version}/..%2Fstyle.css`,
      `/t/contoso/u/assets/branding/latest/squareLogo`,
      `/t/nobody/u/assets/branding/${version}/squareLogo`,
      `/t/NOT_A_TENANT/u/assets/branding/${version}/squareLogo`,
    ]) {
      const response = await app.inject({ url });
      expect(response.statusCode, url).toBe(404);
      expect(response.headers['cache-control']).toBe('no-store');
    }
  });
});
