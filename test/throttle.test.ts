import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, readForm } from './support/browser.js';
import { TEST_DATABASES } from './support/databases.js';
import { startGatehouse, type TestGatehouse } from './support/gatehouse.js';
import { client, relyingParty } from './support/oauth.js';

const PASSWORD = 'Correct-Horse-Battery-Staple-42';

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
    for (let i = 0; i < 3; i++)
      expect((await attempt('203.0.113.10', 'carol@example.com', 'wrong')).status).toBe(401);
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
        expect((await attempt('203.0.113.20', 'dave@example.com', 'wrong')).status).toBe(401);
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
