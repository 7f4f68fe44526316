import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../src/platform/index.js';
import { Browser, readForm } from './support/browser.js';
import { TEST_DATABASES } from './support/databases.js';
import { startGatehouse, type TestGatehouse } from './support/gatehouse.js';
import { type MailSink, startMailSink } from './support/mail-sink.js';
import { client, relyingParty } from './support/oauth.js';

const PASSWORD = 'Correct-Horse-Battery-Staple-42';
const NEW_PASSWORD = 'Purple-Elephant-Marmalade-97';

describe.each(TEST_DATABASES)('sign-in throttling and client IPs on %s', (kind) => {
  let gh: TestGatehouse;
  let appId: string;
  let callback: string;

  beforeAll(async () => {
    gh = await startGatehouse(kind, {
      env: {
        GATEHOUSE_LOCKOUT_THRESHOLD: '3',
        GATEHOUSE_SIGNIN_ATTEMPTS_PER_IP: '8',
        GATEHOUSE_TRUSTED_PROXIES: '127.0.0.1/32, ::1',
      },
    });
    callback = `${gh.baseUrl}/app/callback`;
    const app = await gh.api('POST', '/api/v1/tenants/demo/applications', {
      displayName: 'Public app',
      spa: { redirectUris: [callback] },
    });
    appId = app.body.appId;
    for (const mail of ['carol@example.com', 'dave@example.com']) {
      const user = await gh.api('POST', '/api/v1/tenants/demo/users', {
        displayName: mail,
        mail,
        passwordProfile: { password: PASSWORD },
      });
      expect(user.status).toBe(201);
    }
  });
  afterAll(() => gh?.stop());

  /** One attempt from a client at `ip` (through the trusted local proxy). */
  async function attempt(ip: string, login: string, password: string) {
    const browser = new Browser({ 'x-forwarded-for': ip });
    const rp = await relyingParty(gh.baseUrl, 'demo', appId, client.None());
    const url = client.buildAuthorizationUrl(rp, {
      redirect_uri: callback,
      scope: 'openid',
      code_challenge: await client.calculatePKCECodeChallenge(client.randomPKCECodeVerifier()),
      code_challenge_method: 'S256',
    });
    const page = await browser.navigate(url, callback);
    const form = readForm(page.body, /\/login$/);
    const result = await browser.navigate(new URL(form.action, gh.baseUrl), callback, {
      form: { ...form.fields, login, password },
    });
    return result;
  }

  it('rests an account after too many failures, even for the right password, and logs the client IP', async () => {
    // Distinct wrong passwords: a repeated one would not count again.
    for (let i = 0; i < 3; i++)
      expect((await attempt('203.0.113.10', 'carol@example.com', `wrong-${i}`)).status).toBe(401);
    const locked = await attempt('203.0.113.11', 'carol@example.com', PASSWORD);
    expect(locked.status).toBe(429);
    expect(locked.body).toContain('Too many attempts');
    // Another account is not affected.
    expect((await attempt('203.0.113.12', 'dave@example.com', PASSWORD)).redirectedTo).toContain('code=');

    await gh.gatehouse.signIns.flush();
    const logs = await gh.api('GET', '/api/v1/tenants/demo/auditLogs/signIns?ipAddress=203.0.113.11');
    expect(logs.body.value[0]).toMatchObject({ ipAddress: '203.0.113.11', status: { errorCode: 50053 } });
  });

  it("clears an account's failures when it signs in", async () => {
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 2; i++)
        expect((await attempt('203.0.113.20', 'dave@example.com', `wrong-${round}-${i}`)).status).toBe(401);
      expect((await attempt('203.0.113.21', 'dave@example.com', PASSWORD)).redirectedTo).toContain('code=');
    }
  });

  it('limits attempts per client IP across accounts', async () => {
    const ip = '198.51.100.7';
    const statuses: number[] = [];
    for (let i = 0; i < 9; i++) statuses.push((await attempt(ip, `nobody${i}@example.com`, 'wrong')).status);
    expect(statuses.slice(0, 8).every((s) => s === 401)).toBe(true);
    expect(statuses[8]).toBe(429);
    // A different client IP still gets through.
    expect((await attempt('198.51.100.8', 'dave@example.com', PASSWORD)).redirectedTo).toContain('code=');
  });
});

describe.each(TEST_DATABASES)('smart lockout on %s', (kind) => {
  const clock = new ManualClock(new Date());
  let gh: TestGatehouse;
  let mail: MailSink;
  let appId: string;
  let callback: string;
  const users = new Map<string, string>();

  beforeAll(async () => {
    mail = await startMailSink();
    gh = await startGatehouse(kind, {
      clock,
      // Home is 192.0.2.0/24; anywhere else is unfamiliar.
      familiar: async (attempt) => attempt.signals?.ipAddress.startsWith('192.0.2.') ?? false,
      env: {
        GATEHOUSE_LOCKOUT_THRESHOLD: '3',
        GATEHOUSE_LOCKOUT_DURATION: '60',
        GATEHOUSE_SIGNIN_ATTEMPTS_PER_IP: '1000',
        GATEHOUSE_TRUSTED_PROXIES: '127.0.0.1/32, ::1',
        GATEHOUSE_SMTP_URL: mail.url,
      },
    });
    callback = `${gh.baseUrl}/app/callback`;
    const app = await gh.api('POST', '/api/v1/tenants/demo/applications', {
      displayName: 'Public app',
      spa: { redirectUris: [callback] },
    });
    appId = app.body.appId;
    for (const name of ['erin', 'frank', 'grace', 'heidi', 'ivan']) {
      const user = await gh.api('POST', '/api/v1/tenants/demo/users', {
        displayName: name,
        mail: `${name}@example.com`,
        passwordProfile: { password: PASSWORD },
      });
      expect(user.status).toBe(201);
      users.set(name, user.body.id);
    }
  });
  afterAll(async () => {
    await gh?.stop();
    await mail?.close();
  });

  async function authorize(ip: string) {
    const browser = new Browser({ 'x-forwarded-for': ip });
    const rp = await relyingParty(gh.baseUrl, 'demo', appId, client.None());
    const url = client.buildAuthorizationUrl(rp, {
      redirect_uri: callback,
      scope: 'openid',
      code_challenge: await client.calculatePKCECodeChallenge(client.randomPKCECodeVerifier()),
      code_challenge_method: 'S256',
    });
    return { browser, page: await browser.navigate(url, callback) };
  }

  /** One password attempt from `ip`: its status, Retry-After and where it led. */
  async function attempt(ip: string, name: string, password: string) {
    const { browser, page } = await authorize(ip);
    const form = readForm(page.body, /\/login$/);
    const action = new URL(form.action, gh.baseUrl);
    const response = await browser.request(action, {
      form: { ...form.fields, login: `${name}@example.com`, password },
    });
    const location = response.headers.get('location');
    const landed = location ? await browser.navigate(new URL(location, action), callback) : undefined;
    return {
      status: response.status,
      retryAfter: response.headers.get('retry-after'),
      signedIn: landed?.redirectedTo?.includes('code=') ?? false,
    };
  }

  const wrong = (count: number, ip: string, name: string) =>
    Array.from({ length: count }, (_, i) => attempt(ip, name, `wrong-${ip}-${i}-${Math.random()}`)).reduce(
      async (previous, next) => {
        await previous;
        expect((await next).status).toBe(401);
      },
      Promise.resolve(),
    );

  async function lockedFor(ip: string, name: string): Promise<number | undefined> {
    const result = await attempt(ip, name, PASSWORD);
    if (result.signedIn) return undefined;
    expect(result.status).toBe(429);
    return Number(result.retryAfter);
  }

  it('does not count the same wrong password twice', async () => {
    for (let i = 0; i < 5; i++)
      expect((await attempt('203.0.113.30', 'erin', 'summer2024')).status).toBe(401);
    expect((await attempt('203.0.113.30', 'erin', 'summer2025')).status).toBe(401);
    // Two distinct wrong passwords so far: not locked; the right one clears them.
    expect(await lockedFor('203.0.113.31', 'erin')).toBeUndefined();
    await wrong(3, '203.0.113.32', 'erin');
    expect(await lockedFor('203.0.113.33', 'erin')).toBe(60);
  });

  it('doubles the lock on each repeat', async () => {
    await wrong(3, '203.0.113.40', 'frank');
    expect(await lockedFor('203.0.113.40', 'frank')).toBe(60);
    clock.advance(60_000);
    await wrong(3, '203.0.113.41', 'frank');
    expect(await lockedFor('203.0.113.41', 'frank')).toBe(120);
    clock.advance(120_000);
    expect(await lockedFor('203.0.113.42', 'frank')).toBeUndefined();
  });

  it('keeps familiar and unfamiliar locations apart', async () => {
    await wrong(3, '203.0.113.50', 'grace');
    expect(await lockedFor('203.0.113.51', 'grace')).toBe(60);
    // The user at home still signs in: the attacker elsewhere has locked only the unfamiliar side.
    expect(await lockedFor('192.0.2.10', 'grace')).toBeUndefined();
    expect(await lockedFor('203.0.113.51', 'grace')).toBe(60);
    // Failures at home count on their own side.
    await wrong(3, '192.0.2.10', 'grace');
    expect(await lockedFor('192.0.2.11', 'grace')).toBe(60);
  });

  it('lets an admin unlock a user', async () => {
    await wrong(3, '203.0.113.60', 'heidi');
    await wrong(3, '192.0.2.60', 'heidi');
    const unlock = await gh.api('POST', `/api/v1/tenants/demo/users/${users.get('heidi')}/unlock`);
    expect(unlock.status).toBe(204);
    expect(await lockedFor('203.0.113.61', 'heidi')).toBeUndefined();
    expect(await lockedFor('192.0.2.61', 'heidi')).toBeUndefined();
    const missing = await gh.api(
      'POST',
      '/api/v1/tenants/demo/users/00000000-0000-4000-8000-000000000000/unlock',
    );
    expect(missing.status).toBe(404);
  });

  it('is cleared by a password reset', async () => {
    await wrong(3, '203.0.113.70', 'ivan');
    expect(await lockedFor('203.0.113.70', 'ivan')).toBe(60);
    const { browser, page } = await authorize('203.0.113.71');
    const submit = async (html: string, action: string, values: Record<string, string>) => {
      const form = readForm(html, new RegExp(`${action.replaceAll('/', '\\/')}$`));
      return browser.navigate(new URL(form.action, gh.baseUrl), callback, {
        form: { ...form.fields, ...values },
      });
    };
    const base = new URL(page.url).pathname;
    const start = await browser.navigate(new URL(`${base}/reset`, gh.baseUrl), callback);
    const sent = await submit(start.body, '/reset', { email: 'ivan@example.com' });
    const choose = await submit(sent.body, '/reset/code', { code: await mail.nextCode('ivan@example.com') });
    const done = await submit(choose.body, '/reset/password', {
      password: NEW_PASSWORD,
      confirm: NEW_PASSWORD,
    });
    expect(done.redirectedTo).toContain('code=');
    expect((await attempt('203.0.113.72', 'ivan', NEW_PASSWORD)).signedIn).toBe(true);
  });
});
