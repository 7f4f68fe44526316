import { randomBytes } from 'node:crypto';
import { crc32, deflateSync } from 'node:zlib';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrandingService, createBrandingService } from '../src/branding/index.js';
import { brandingAssets } from '../src/http/hosted-ui/branding-assets.js';
import { en } from '../src/http/hosted-ui/locales/en.js';
import { systemClock } from '../src/platform/index.js';
import { TEST_DATABASES } from './support/databases.js';
import { startGatehouse, type TestGatehouse } from './support/gatehouse.js';

// --- real image bytes, built here ------------------------------------------------------------

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
}

/** A valid RGB PNG of one colour; `padding` bytes go in a private ancillary chunk. */
function png(width: number, height: number, padding = 0): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, deflate, no filter, no interlace
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(width * 3, 0x40)]);
  const pixels = deflateSync(Buffer.concat(Array.from({ length: height }, () => row)));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    ...(padding ? [chunk('prVt', randomBytes(padding))] : []),
    chunk('IDAT', pixels),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A 1×1 transparent GIF. */
const GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
const SVG = Buffer.from(
  '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>',
);

/** An ICO directory with one 16×16 entry holding a PNG. */
function ico(): Buffer {
  const image = png(16, 16);
  const header = Buffer.alloc(22);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(1, 4);
  header.set([16, 16, 0, 0], 6);
  header.writeUInt16LE(1, 10);
  header.writeUInt16LE(32, 12);
  header.writeUInt32LE(image.length, 14);
  header.writeUInt32LE(22, 18);
  return Buffer.concat([header, image]);
}

describe.each(TEST_DATABASES)('branding on %s', (kind) => {
  let gh: TestGatehouse;
  let token: string;
  /** The real service over the server's database, as the hosted pages use it. */
  let branding: BrandingService;
  /** The asset route on its own Fastify (the lead registers it inside the hosted pages). */
  let assets: FastifyInstance;
  let tenantCount = 0;

  const brandingUrl = (t: string) => `/api/v1/tenants/${t}/branding`;

  async function newTenant(): Promise<string> {
    const id = `brand-${++tenantCount}`;
    expect(
      (await gh.api('POST', '/api/v1/tenants', { id, displayName: `Contoso ${tenantCount}` })).status,
    ).toBe(201);
    return id;
  }

  /** Sends raw bytes with a Content-Type, as an admin uploading an image would. */
  async function upload(path: string, body: Buffer, contentType: string) {
    const response = await fetch(`${gh.baseUrl}${path}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-type': contentType },
      body,
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  }

  async function download(path: string, headers: Record<string, string> = {}) {
    const response = await fetch(`${gh.baseUrl}${path}`, {
      headers: { authorization: `Bearer ${token}`, ...headers },
    });
    return {
      status: response.status,
      headers: response.headers,
      body: Buffer.from(await response.arrayBuffer()),
    };
  }

  beforeAll(async () => {
    gh = await startGatehouse(kind);
    token = await gh.adminToken();
    branding = createBrandingService({
      db: gh.gatehouse.storage.db,
      clock: systemClock,
      referenceStrings: en,
      tenantName: async (id) => (await gh.api('GET', `/api/v1/tenants/${id}`)).body.displayName,
      baseUrl: gh.baseUrl,
      cacheMs: 0,
    });
    assets = Fastify();
    await assets.register(brandingAssets({ branding }), { prefix: '/t/:tenantId/u' });
  });
  afterAll(async () => {
    await assets?.close();
    await gh?.stop();
  });

  it('starts empty, then takes texts, colours and layout with PATCH', async () => {
    const t = await newTenant();
    const empty = await gh.api('GET', brandingUrl(t));
    expect(empty.status).toBe(200);
    expect(empty.body).toEqual({
      id: '0',
      backgroundColor: null,
      headerBackgroundColor: null,
      accentColor: null,
      signInPageText: null,
      usernameHintText: null,
      customPrivacyAndCookiesText: null,
      customPrivacyAndCookiesUrl: null,
      customTermsOfUseText: null,
      customTermsOfUseUrl: null,
      customCSS: null,
      loginPageLayoutConfiguration: {
        layoutTemplateType: 'default',
        isHeaderShown: false,
        isFooterShown: true,
      },
      bannerLogoRelativeUrl: null,
      squareLogoRelativeUrl: null,
      faviconRelativeUrl: null,
      backgroundImageRelativeUrl: null,
    });
    const before = await branding.forPage(t, 'en');
    expect(before.stylesheetUrl).toBeNull();

    const patched = await gh.api('PATCH', brandingUrl(t), {
      backgroundColor: '#F3F5F8',
      accentColor: '#0a5',
      signInPageText: 'Welcome to Contoso',
      customPrivacyAndCookiesUrl: 'https://contoso.example/privacy',
      customTermsOfUseText: 'Terms',
      customTermsOfUseUrl: 'http://localhost:8080/terms',
      loginPageLayoutConfiguration: { layoutTemplateType: 'verticalSplit', isHeaderShown: true },
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({
      backgroundColor: '#f3f5f8',
      accentColor: '#0a5',
      signInPageText: 'Welcome to Contoso',
      loginPageLayoutConfiguration: {
        layoutTemplateType: 'verticalSplit',
        isHeaderShown: true,
        isFooterShown: true,
      },
    });
    expect((await gh.api('GET', brandingUrl(t))).body).toEqual(patched.body);

    // A partial layout patch keeps the rest; null clears a field.
    const again = await gh.api('PATCH', brandingUrl(t), {
      loginPageLayoutConfiguration: { isFooterShown: false },
      signInPageText: null,
    });
    expect(again.body.loginPageLayoutConfiguration).toEqual({
      layoutTemplateType: 'verticalSplit',
      isHeaderShown: true,
      isFooterShown: false,
    });
    expect(again.body.signInPageText).toBeNull();
    expect(again.body.accentColor).toBe('#0a5');

    const page = await branding.forPage(t, 'en');
    expect(page).toMatchObject({
      companyName: `Contoso ${tenantCount}`,
      layout: 'verticalSplit',
      isHeaderShown: true,
      isFooterShown: false,
      privacy: { text: null, url: 'https://contoso.example/privacy' },
      terms: { text: 'Terms', url: 'http://localhost:8080/terms' },
    });
    expect(page.version).not.toBe(before.version);
    expect(page.stylesheetUrl).toBe(`/t/${t}/u/assets/branding/${page.version}/brand.css`);
    const css = await assets.inject({ url: page.stylesheetUrl as string });
    expect(css.statusCode).toBe(200);
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(css.body).toContain(':root{--brand:#0a5}');
    expect(css.body).toContain('background-color:#f3f5f8');
    expect(css.body).toContain('body.layout-vertical-split');
  });

  it('refuses bad colours, unknown fields and unsafe link URLs, changing nothing', async () => {
    const t = await newTenant();
    await gh.api('PATCH', brandingUrl(t), {
      accentColor: '#123456',
      customPrivacyAndCookiesUrl: 'https://ok.example/p',
    });
    for (const body of [
      { accentColor: 'red' },
      { backgroundColor: '#12345' },
      { headerBackgroundColor: 'rgb(0,0,0)' },
      { customPrivacyAndCookiesUrl: 'javascript:alert(1)' },
      { customTermsOfUseUrl: 'http://contoso.example/terms' },
      { customTermsOfUseUrl: 'https://user:pw@contoso.example/terms' },
      { loginPageLayoutConfiguration: { layoutTemplateType: 'horizontal' } },
      { id: '0' },
      { accentColor: '#000000', favouriteColour: '#fff' },
    ]) {
      const refused = await gh.api('PATCH', brandingUrl(t), body);
      expect(refused.status, JSON.stringify(body)).toBe(400);
    }
    const privacy = await gh.api('PATCH', brandingUrl(t), {
      customPrivacyAndCookiesUrl: 'javascript:alert(1)',
    });
    expect(privacy.body.error.target).toBe('customPrivacyAndCookiesUrl');
    const current = (await gh.api('GET', brandingUrl(t))).body;
    expect(current.accentColor).toBe('#123456');
    expect(current.customPrivacyAndCookiesUrl).toBe('https://ok.example/p');
    expect(current.loginPageLayoutConfiguration.layoutTemplateType).toBe('default');
  });

  it('stores a script in signInPageText as text, and the frame escapes what it draws', async () => {
    const t = await newTenant();
    const script = '<script>alert("x")</script> & welcome';
    const set = await gh.api('PATCH', brandingUrl(t), {
      signInPageText: script,
      customPrivacyAndCookiesText: '<b>Privacy</b>',
      customPrivacyAndCookiesUrl: 'https://contoso.example/privacy?a=1&b="2"',
    });
    expect(set.status).toBe(200);
    expect(set.body.signInPageText).toBe(script);
    expect((await branding.forPage(t, 'fr')).signInPageText).toBe(script);
    const { brandFooter } = await import('../src/http/hosted-ui/brand-frame.js');
    const footer = brandFooter(await branding.forPage(t, 'en'), (key) => key).value;
    expect(footer).toContain('&lt;b&gt;Privacy&lt;/b&gt;');
    expect(footer).toContain('href="https://contoso.example/privacy?a=1&amp;b=&quot;2&quot;"');
    expect(footer).toContain('rel="noopener noreferrer"');
    expect(footer).not.toContain('<b>');
  });

  it('refuses custom CSS that is not inert, naming the construct, and keeps the CSS it had', async () => {
    const t = await newTenant();
    const good =
      'main{border:2px solid #0a5}\nbody{background-image:url(backgroundImage)}\n.x{background:url("data:image/png;base64,iVBORw0KGgo=")}';
    const accepted = await gh.api('PATCH', brandingUrl(t), { customCSS: good });
    expect(accepted.status).toBe(200);
    const cases: [string, string][] = [
      ['main{}</style><script>alert(1)</script>', '</style'],
      ['p{width:expression(alert(1))}', 'expression('],
      ['p{background:url(javascript:alert(1))}', 'javascript:'],
      ['@import "https://evil.example/x.css";', '@import'],
      ['p{background:url(https://evil.example/track.png)}', 'url(https://evil.example/track.png)'],
      ['p{background:url(//evil.example/x.png)}', 'url(//evil.example/x.png)'],
      ['p{background:url("data:image/svg+xml,<svg/>")}', '<'],
      ['p{behavior:url(x.htc)}', 'behavior:'],
      ['p{-moz-binding:url(x.xml#x)}', '-moz-binding'],
      ['p{width:expres/**/sion(alert(1))}', 'expression('],
      ['p{background:\\75 rl(https://evil.example/x.png)}', 'url(https://evil.example/x.png)'],
      ['p{width:\\65 xpression(1)}', 'expression('],
      ['p{background:image-set("https://evil.example/a.png" 1x)}', 'image-set('],
      [
        `p{background:url(/t/other-tenant/u/assets/branding/0.0123456789abcdef/bannerLogo)}`,
        'url(/t/other-tenant',
      ],
    ];
    for (const [css, construct] of cases) {
      const refused = await gh.api('PATCH', brandingUrl(t), { customCSS: css });
      expect(refused.status, css).toBe(400);
      expect(refused.body.error.code, css).toBe('invalid_css');
      expect(refused.body.error.target).toBe('customCSS');
      expect(refused.body.error.message, css).toContain(construct);
    }
    const tooBig = await gh.api('PATCH', brandingUrl(t), { customCSS: `/*${'x'.repeat(26 * 1024)}*/` });
    expect(tooBig.status).toBe(400);
    expect((await gh.api('GET', brandingUrl(t))).body.customCSS).toBe(good);

    // Our own asset path for this tenant is fine.
    const own = `p{background:url(/t/${t}/u/assets/branding/0.0123456789abcdef/squareLogo)}`;
    expect((await gh.api('PATCH', brandingUrl(t), { customCSS: own })).status).toBe(200);
    const page = await branding.forPage(t, 'en');
    const css = await assets.inject({ url: page.stylesheetUrl as string });
    expect(css.body.endsWith(own)).toBe(true);
  });

  it('overrides texts and hosted-page strings per language, with fallback to the primary language', async () => {
    const t = await newTenant();
    const loc = (lang: string) => `${brandingUrl(t)}/localizations/${lang}`;
    await gh.api('PATCH', brandingUrl(t), { signInPageText: 'Welcome', usernameHintText: 'you@example.com' });

    const put = await gh.api('PUT', loc('fr'), {
      signInPageText: 'Bienvenue',
      hostedPageStrings: { 'signIn.submit': 'Se connecter', 'signIn.heading': 'Connexion à {app}' },
    });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({
      id: 'fr',
      signInPageText: 'Bienvenue',
      usernameHintText: null,
      loginPageLayoutConfiguration: null,
      hostedPageStrings: { 'signIn.submit': 'Se connecter', 'signIn.heading': 'Connexion à {app}' },
    });

    const unknownKey = await gh.api('PATCH', loc('fr'), { hostedPageStrings: { 'signIn.nope': 'x' } });
    expect(unknownKey.status).toBe(400);
    expect(unknownKey.body.error.code).toBe('unknown_message_key');
    expect(unknownKey.body.error.message).toContain('signIn.nope');
    const badPlaceholder = await gh.api('PATCH', loc('fr'), {
      hostedPageStrings: { 'code.sent': 'Code envoyé à {address}' },
    });
    expect(badPlaceholder.status).toBe(400);
    expect(badPlaceholder.body.error.code).toBe('invalid_placeholder');
    expect(badPlaceholder.body.error.message).toContain('{address}');
    expect(badPlaceholder.body.error.message).toContain('{email}');
    const tooLong = await gh.api('PATCH', loc('fr'), {
      hostedPageStrings: { 'signIn.submit': 'x'.repeat(1025) },
    });
    expect(tooLong.status).toBe(400);
    expect((await gh.api('PUT', loc('es'), { hostedPageStrings: { nope: 'x' } })).status).toBe(400);
    expect((await gh.api('GET', loc('es'))).status).toBe(404);
    expect((await gh.api('GET', loc('fr'))).body).toEqual(put.body);

    // PATCH merges strings; null removes one.
    const patched = await gh.api('PATCH', loc('fr'), {
      hostedPageStrings: { 'signIn.heading': null, 'signIn.password': 'Mot de passe' },
    });
    expect(patched.body.hostedPageStrings).toEqual({
      'signIn.submit': 'Se connecter',
      'signIn.password': 'Mot de passe',
    });

    const frCa = await branding.forPage(t, 'fr-CA');
    expect(frCa.signInPageText).toBe('Bienvenue');
    expect(frCa.usernameHintText).toBe('you@example.com');
    expect(frCa.strings).toEqual({ 'signIn.submit': 'Se connecter', 'signIn.password': 'Mot de passe' });
    const english = await branding.forPage(t, 'en');
    expect(english.signInPageText).toBe('Welcome');
    expect(english.strings).toEqual({});
    expect(english.version).not.toBe(frCa.version);

    // A regional localization layers over its language.
    const ptBr = await gh.api('PUT', loc('pt-BR'), { hostedPageStrings: { 'signIn.submit': 'Entrar' } });
    expect(ptBr.body.id).toBe('pt-br');
    await gh.api('PUT', loc('pt'), {
      signInPageText: 'Bem-vindo',
      hostedPageStrings: { 'signIn.cancel': 'Cancelar' },
    });
    const brazil = await branding.forPage(t, 'pt-BR');
    expect(brazil.signInPageText).toBe('Bem-vindo');
    expect(brazil.strings).toEqual({ 'signIn.submit': 'Entrar', 'signIn.cancel': 'Cancelar' });
    expect((await branding.forPage(t, 'pt-PT')).strings).toEqual({ 'signIn.cancel': 'Cancelar' });

    const list = await gh.api('GET', `${brandingUrl(t)}/localizations`);
    expect(list.body.value.map((l: { id: string }) => l.id)).toEqual(['fr', 'pt', 'pt-br']);
    expect((await gh.api('GET', loc('not a tag'))).status).toBe(400);
    expect((await gh.api('PATCH', loc('de'), { signInPageText: 'Hallo' })).status).toBe(404);
    expect((await gh.api('DELETE', loc('fr'))).status).toBe(204);
    expect((await gh.api('DELETE', loc('fr'))).status).toBe(404);
    expect((await branding.forPage(t, 'fr')).signInPageText).toBe('Welcome');
  });

  it('stores a PNG by its bytes and serves it back with an ETag and 304', async () => {
    const t = await newTenant();
    const logo = png(240, 60);
    const stored = await upload(`${brandingUrl(t)}/bannerLogo`, logo, 'image/png');
    expect(stored.status).toBe(200);
    expect(stored.body).toMatchObject({
      name: 'bannerLogo',
      contentType: 'image/png',
      width: 240,
      height: 60,
    });
    expect(stored.body.size).toBe(logo.length);

    const fetched = await download(`${brandingUrl(t)}/bannerLogo`);
    expect(fetched.status).toBe(200);
    expect(fetched.headers.get('content-type')).toBe('image/png');
    expect(fetched.body.equals(logo)).toBe(true);
    const etag = fetched.headers.get('etag') as string;
    expect(etag).toBe(`"${stored.body.sha256}"`);
    expect((await download(`${brandingUrl(t)}/bannerLogo`, { 'if-none-match': etag })).status).toBe(304);

    // The hosted pages' asset route: cached for a year, strong ETag, 304, nosniff.
    const page = await branding.forPage(t, 'en');
    expect(page.bannerLogoUrl).toBe(`/t/${t}/u/assets/branding/${page.version}/bannerLogo`);
    const asset = await assets.inject({ url: page.bannerLogoUrl as string });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(asset.headers['x-content-type-options']).toBe('nosniff');
    expect(asset.headers['content-type']).toBe('image/png');
    expect(asset.headers.etag).toBe(etag);
    expect(asset.rawPayload.equals(logo)).toBe(true);
    const notModified = await assets.inject({
      url: page.bannerLogoUrl as string,
      headers: { 'if-none-match': etag },
    });
    expect(notModified.statusCode).toBe(304);
    expect(notModified.body).toBe('');
    expect(
      (await assets.inject({ url: `/t/${t}/u/assets/branding/${page.version}/squareLogo` })).statusCode,
    ).toBe(404);
    expect(
      (await assets.inject({ url: `/t/${t}/u/assets/branding/${page.version}/secrets` })).statusCode,
    ).toBe(404);
    expect((await assets.inject({ url: `/t/${t}/u/assets/branding/nope/bannerLogo` })).statusCode).toBe(404);

    // The header shows it, with the company name as alt text; emails get an absolute URL.
    const { brandHeader } = await import('../src/http/hosted-ui/brand-frame.js');
    expect(brandHeader(page).value).toContain(
      `<img class="brand-logo" src="${page.bannerLogoUrl}" alt="Contoso`,
    );
    expect((await branding.mailBranding(t, 'en')).logoUrl).toBe(`${gh.baseUrl}${page.bannerLogoUrl}`);

    // A favicon may be an ICO; deleting an image removes it.
    expect((await upload(`${brandingUrl(t)}/favicon`, ico(), 'image/x-icon')).status).toBe(200);
    expect((await branding.forPage(t, 'en')).faviconUrl).not.toBeNull();
    expect((await gh.api('DELETE', `${brandingUrl(t)}/bannerLogo`)).status).toBe(204);
    expect((await download(`${brandingUrl(t)}/bannerLogo`)).status).toBe(404);
    const after = await branding.forPage(t, 'en');
    expect(after.bannerLogoUrl).toBeNull();
    expect(after.version).not.toBe(page.version);
  });

  it('refuses what is not a well-formed, small raster image, storing nothing', async () => {
    const t = await newTenant();
    const first = png(100, 30);
    expect((await upload(`${brandingUrl(t)}/bannerLogo`, first, 'image/png')).status).toBe(200);
    const attempts: [string, Buffer, string, string][] = [
      // A GIF sent as PNG is refused as a mismatch (not silently stored as a GIF).
      ['bannerLogo', GIF, 'image/png', 'invalid_image'],
      ['bannerLogo', Buffer.from('just some text, not an image at all'), 'image/png', 'invalid_image'],
      ['bannerLogo', SVG, 'image/svg+xml', 'invalid_image'],
      ['bannerLogo', SVG, 'image/png', 'invalid_image'],
      ['bannerLogo', ico(), 'image/x-icon', 'invalid_image'],
      ['bannerLogo', png(2000, 100), 'image/png', 'image_too_large'],
      ['squareLogo', png(600, 600), 'image/png', 'image_too_large'],
      ['bannerLogo', png(10, 10, 150 * 1024), 'image/png', 'image_too_large'],
      ['bannerLogo', png(100, 30).subarray(0, 20), 'image/png', 'invalid_image'],
    ];
    for (const [name, body, type, code] of attempts) {
      const refused = await upload(`${brandingUrl(t)}/${name}`, body, type);
      expect(refused.status, `${name} ${type} ${code}`).toBe(400);
      expect(refused.body.error.code, `${name} ${type}`).toBe(code);
      expect(refused.body.error.target).toBe(name);
    }
    const svg = await upload(`${brandingUrl(t)}/bannerLogo`, SVG, 'image/svg+xml');
    expect(svg.body.error.message).toContain('SVG');
    const gif = await upload(`${brandingUrl(t)}/bannerLogo`, GIF, 'image/png');
    expect(gif.body.error.message).toContain('GIF');
    // Sent as what it is, the GIF is fine.
    expect((await upload(`${brandingUrl(t)}/squareLogo`, GIF, 'image/gif')).body.contentType).toBe(
      'image/gif',
    );

    const kept = await download(`${brandingUrl(t)}/bannerLogo`);
    expect(kept.body.equals(first)).toBe(true);
    for (const name of ['favicon', 'backgroundImage']) {
      expect((await download(`${brandingUrl(t)}/${name}`)).status).toBe(404);
    }
    // A JSON body is not an image; a body over the largest image limit is refused before reading.
    expect((await gh.api('PUT', `${brandingUrl(t)}/favicon`, { image: 'x' })).status).toBe(400);
    expect(
      (await upload(`${brandingUrl(t)}/backgroundImage`, randomBytes(1024 * 1024 + 10), 'image/png')).status,
    ).toBe(413);
    expect((await download(`${brandingUrl(t)}/backgroundImage`)).status).toBe(404);
  });

  it('keeps images per localization and serves the background through brand.css', async () => {
    const t = await newTenant();
    const background = png(64, 36);
    const frLogo = png(120, 30);
    expect((await upload(`${brandingUrl(t)}/backgroundImage`, background, 'image/png')).status).toBe(200);
    expect((await upload(`${brandingUrl(t)}/localizations/fr/bannerLogo`, frLogo, 'image/png')).status).toBe(
      404,
    );
    await gh.api('PUT', `${brandingUrl(t)}/localizations/fr`, {});
    expect((await upload(`${brandingUrl(t)}/localizations/fr/bannerLogo`, frLogo, 'image/png')).status).toBe(
      200,
    );

    const fr = await branding.forPage(t, 'fr');
    const en = await branding.forPage(t, 'en');
    expect(fr.bannerLogoUrl).not.toBeNull();
    expect(en.bannerLogoUrl).toBeNull();
    // The background is inherited by the localization, served under its version.
    expect(fr.backgroundImageUrl).toBe(`/t/${t}/u/assets/branding/${fr.version}/backgroundImage`);
    const served = await assets.inject({ url: fr.backgroundImageUrl as string });
    expect(served.rawPayload.equals(background)).toBe(true);
    const css = await assets.inject({ url: fr.stylesheetUrl as string });
    expect(css.body).toContain('background-image:url(backgroundImage)');
    expect((await assets.inject({ url: fr.bannerLogoUrl as string })).rawPayload.equals(frLogo)).toBe(true);

    const localization = (await gh.api('GET', `${brandingUrl(t)}/localizations/fr`)).body;
    expect(localization.bannerLogoRelativeUrl).toBe(fr.bannerLogoUrl);
    expect(localization.backgroundImageRelativeUrl).toBeNull();
    expect((await gh.api('GET', brandingUrl(t))).body.backgroundImageRelativeUrl).toBe(en.backgroundImageUrl);

    // Deleting the localization deletes its images.
    expect((await gh.api('DELETE', `${brandingUrl(t)}/localizations/fr`)).status).toBe(204);
    expect((await assets.inject({ url: fr.bannerLogoUrl as string })).statusCode).toBe(404);
  });

  it('lists the JSON routes in the OpenAPI document', async () => {
    const paths = (await gh.api('GET', '/api/openapi.json')).body.paths;
    expect(Object.keys(paths['/api/v1/tenants/{tenantId}/branding'])).toEqual(['get', 'patch']);
    expect(Object.keys(paths['/api/v1/tenants/{tenantId}/branding/localizations/{lang}']).sort()).toEqual([
      'delete',
      'get',
      'patch',
      'put',
    ]);
  });

  it('answers 404 for an unknown tenant and 401 without a token', async () => {
    const unknown = await gh.api('GET', brandingUrl('no-such-tenant'));
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('tenant_not_found');
    expect(
      (await upload(`${brandingUrl('no-such-tenant')}/bannerLogo`, png(10, 10), 'image/png')).status,
    ).toBe(404);
    expect((await gh.api('GET', brandingUrl('admin'), undefined, null)).status).toBe(401);
  });
});
