import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { ManualClock } from '../../src/platform/index.js';
import { Browser, readForm } from './browser.js';
import { type ApiResponse, type Daemon, startGatehouse, type TestGatehouse } from './gatehouse.js';
import { type MailSink, startMailSink } from './mail-sink.js';
import { client, relyingParty, tokenRequest } from './oauth.js';

export const SCENARIO_PASSWORD = 'Correct-Horse-Battery-Staple-42';
export const WINDOWS_EDGE =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0.0.0';
export const IPHONE_SAFARI =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1';

/** A web app of the demo tenant, with its secret and its one redirect URI. */
export interface WebApp extends Daemon {
  callback: string;
}

type Page = Awaited<ReturnType<Browser['navigate']>>;
export type Entry = ApiResponse['body'];

/**
 * Sign-in scenarios through the real server, the way a customer's browser and an app drive it:
 * a Gatehouse whose clients appear at the addresses tests choose (X-Forwarded-For through a
 * trusted proxy, placed by a geo override file), a mail sink for codes, and browsers that keep
 * their cookies (the device cookie too). The clock starts at the real time: oidc-provider
 * stamps sessions with the system clock.
 */
export async function startScenario(
  kind: 'sqlite' | 'postgres',
  options: { geoOverrides: Record<string, unknown>; env?: Record<string, string> },
) {
  const clock = new ManualClock(new Date());
  const dir = await mkdtemp(join(tmpdir(), 'gatehouse-scenario-'));
  const overrides = join(dir, 'geo.json');
  await writeFile(overrides, JSON.stringify(options.geoOverrides));
  const mail: MailSink = await startMailSink();
  const gh: TestGatehouse = await startGatehouse(kind, {
    clock,
    env: {
      GATEHOUSE_SMTP_URL: mail.url,
      GATEHOUSE_TRUSTED_PROXIES: '127.0.0.1/32,::1/128',
      GATEHOUSE_GEO_OVERRIDES: overrides,
      GATEHOUSE_SIGNIN_ATTEMPTS_PER_IP: '1000',
      ...options.env,
    },
  });
  const tenant = '/api/v1/tenants/demo';
  const policies = `${tenant}/conditionalAccess/policies`;

  /** A browser at one address with one user agent; `defaults` go into every authorization request. */
  function browserAt(ip: string, userAgent = WINDOWS_EDGE, defaults: Record<string, string> = {}) {
    const browser = new Browser({ 'x-forwarded-for': ip, 'user-agent': userAgent });
    async function authorize(app: WebApp, params: Record<string, string> = {}) {
      const rp = await relyingParty(gh.baseUrl, 'demo', app.appId, client.ClientSecretBasic(app.secret));
      const verifier = client.randomPKCECodeVerifier();
      const state = client.randomState();
      const url = client.buildAuthorizationUrl(rp, {
        redirect_uri: app.callback,
        scope: 'openid offline_access',
        code_challenge: await client.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
        state,
        prompt: 'consent',
        ...defaults,
        ...params,
      });
      const page = await browser.navigate(url, app.callback);
      return {
        page,
        async tokens(redirectedTo: string | undefined) {
          expect(redirectedTo).toMatch(/\/callback\?code=/);
          return client.authorizationCodeGrant(rp, new URL(redirectedTo as string), {
            pkceCodeVerifier: verifier,
            expectedState: state,
          });
        },
        refresh: (refreshToken: string) =>
          tokenRequest(
            gh.baseUrl,
            'demo',
            { grant_type: 'refresh_token', refresh_token: refreshToken },
            { id: app.appId, secret: app.secret },
          ),
      };
    }
    async function submit(app: WebApp, html: string, action: RegExp, values: Record<string, string> = {}) {
      const form = readForm(html, action);
      return browser.navigate(new URL(form.action, gh.baseUrl), app.callback, {
        form: { ...form.fields, ...values },
      });
    }
    return {
      browser,
      authorize,
      submit,
      /** Moves this browser (same cookies) to another address. */
      moveTo(address: string) {
        browser.headers['x-forwarded-for'] = address;
      },
      /** An authorization request, then the password typed on the sign-in page: the page after it. */
      async signIn(app: WebApp, login: string, password = SCENARIO_PASSWORD) {
        const started = await authorize(app);
        const after = await submit(app, started.page.body, /\/login$/, { login, password });
        return { ...after, tokens: started.tokens, refresh: started.refresh };
      },
    };
  }
  type At = ReturnType<typeof browserAt>;

  return {
    gh,
    mail,
    clock,
    browserAt,

    async registerWebApp(displayName: string): Promise<WebApp> {
      const callback = `https://${displayName.toLowerCase().replaceAll(' ', '-')}.example/callback`;
      const app = await gh.registerApp('demo', { displayName, web: { redirectUris: [callback] } });
      return { ...app, callback };
    },

    async createUser(mailAddress: string, password = SCENARIO_PASSWORD): Promise<string> {
      const created = await gh.api('POST', `${tenant}/users`, {
        displayName: mailAddress.split('@')[0],
        mail: mailAddress,
        passwordProfile: { password },
      });
      expect(created.status).toBe(201);
      return created.body.id as string;
    },

    async createPolicy(body: Record<string, unknown>): Promise<{ id: string; displayName: string }> {
      const created = await gh.api('POST', policies, { state: 'enabled', ...body });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      return created.body;
    },

    async deletePolicies(): Promise<void> {
      const all = await gh.api('GET', policies);
      for (const policy of all.body.value) await gh.api('DELETE', `${policies}/${policy.id}`);
    },

    /** Proves the second factor by the emailed code, from the MFA page. */
    async proveByEmail(at: At, app: WebApp, mfaPage: Page, address: string): Promise<Page> {
      expect(mfaPage.url).toMatch(/\/mfa$/);
      const sent = await at.submit(app, mfaPage.body, /\/mfa\/email$/);
      clock.advance(1000);
      return at.submit(app, sent.body, /\/mfa\/email\/code$/, { code: await mail.nextCode(address) });
    },

    /** The user's sign-in log, newest first. */
    async signInLog(userId: string): Promise<Entry[]> {
      await gh.gatehouse.signIns.flush();
      const log = await gh.api('GET', `${tenant}/auditLogs/signIns?userId=${userId}`);
      expect(log.status).toBe(200);
      return log.body.value;
    },

    async stop(): Promise<void> {
      await gh?.stop();
      await mail?.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export type Scenario = Awaited<ReturnType<typeof startScenario>>;
export type ScenarioBrowser = ReturnType<Scenario['browserAt']>;
