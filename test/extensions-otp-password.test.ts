import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  compactDecrypt,
  createRemoteJWKSet,
  decodeProtectedHeader,
  exportSPKI,
  generateKeyPair,
  type JWTPayload,
  jwtVerify,
  UnsecuredJWT,
} from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DATABASES } from './support/databases.js';
import { client, relyingParty } from './support/oauth.js';
import { type Scenario, type ScenarioBrowser, startScenario, type WebApp } from './support/scenario.js';

/** The caller every callout token names (Entra's authentication events service). */
const CALLOUT_CLIENT_ID = '99045fe1-7639-4a75-9d4a-577b6ca3810f';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const STRONG = 'Quiet-Lantern-Harbour-2718';

/** One request the business's API received, and what checking its bearer token gave. */
interface Call {
  path: string;
  headers: IncomingHttpHeaders;
  // biome-ignore lint/suspicious/noExplicitAny: callout bodies are inspected freely
  body: any;
  token: Promise<JWTPayload>;
}

type Answer = { status?: number; body?: unknown; hang?: boolean };

/**
 * The business's API, a real HTTP server on loopback: it records each callout, checks its
 * bearer token against the tenant's JWKS, and answers what the test's handler says (or holds
 * the request until Gatehouse gives up on it).
 */
async function startBusinessApi(verify: (token: string) => Promise<JWTPayload>) {
  const calls: Call[] = [];
  const waiters = new Set<() => void>();
  let handler: (call: Call) => Answer | Promise<Answer> = () => ({ status: 500 });
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', async () => {
      const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
      const token = verify(bearer);
      token.catch(() => undefined);
      const call: Call = {
        path: req.url ?? '',
        headers: req.headers,
        body: JSON.parse(Buffer.concat(chunks).toString('utf8')),
        token,
      };
      calls.push(call);
      for (const wake of waiters) wake();
      const answer = await handler(call);
      // Slower than the extension's time limit: answered only once Gatehouse has hung up.
      if (answer.hang) return void res.on('close', () => res.destroy());
      res.writeHead(answer.status ?? 200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(answer.body ?? {}));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    answer(next: typeof handler) {
      handler = next;
    },
    /** The next call to `path` after the first `after` calls (waits: OTP callouts follow the page's answer). */
    async next(path: string, after: number, timeoutMs = 10_000): Promise<Call> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = calls.slice(after).find((c) => c.path === path);
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`no call to ${path} within ${timeoutMs} ms`);
        await new Promise<void>((resolve) => {
          const wake = () => {
            waiters.delete(wake);
            clearTimeout(timer);
            resolve();
          };
          const timer = setTimeout(wake, 100);
          waiters.add(wake);
        });
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const otpAnswer = {
  data: {
    '@odata.type': 'microsoft.graph.OnOtpSendResponseData',
    actions: [{ '@odata.type': 'microsoft.graph.OtpSend.continueWithDefaultBehavior' }],
  },
};

const passwordAnswer = (action: string, nonce: string, fields: Record<string, string> = {}) => ({
  data: {
    '@odata.type': 'microsoft.graph.onPasswordSubmitResponseData',
    actions: [{ '@odata.type': `microsoft.graph.passwordSubmit.${action}`, ...fields }],
    nonce,
  },
});

describe.each(TEST_DATABASES)('email OTP send and password submit extensions on %s', (kind) => {
  let scenario: Scenario;
  let api: Awaited<ReturnType<typeof startBusinessApi>>;
  let app: WebApp;
  let apiApp: { id: string; appId: string };
  let appSp: { id: string };
  let otpExtensionId: string;
  let otpListenerId: string;
  let passwordExtensionId: string;
  let passwordListenerId: string;
  const encryptKeyId = '3f2b8c1e-6d4a-4b7f-9e2a-1c5d8f0a7b63';
  let decryptionKey: KeyObject;
  /** The legacy system's passwords, by sign-in name. */
  const legacy = new Map<string, string>();
  let nextIp = 10;
  const tenant = '/api/v1/tenants/demo';

  /** A new browser at its own address, a second after the last (so log entries sort by time). */
  const at = (): ScenarioBrowser => {
    scenario.clock.advance(1000);
    return scenario.browserAt(`203.0.113.${nextIp++}`);
  };
  const adminApi = (method: string, path: string, body?: unknown) => scenario.gh.api(method, path, body);

  beforeAll(async () => {
    scenario = await startScenario(kind, { geoOverrides: {}, env: { GATEHOUSE_LOCKOUT_THRESHOLD: '3' } });
    const { gh, clock } = scenario;
    const discovery = (await (
      await fetch(`${gh.baseUrl}/t/demo/.well-known/openid-configuration`)
    ).json()) as {
      issuer: string;
      jwks_uri: string;
    };
    const jwks = createRemoteJWKSet(new URL(discovery.jwks_uri));
    api = await startBusinessApi(async (token) => {
      const { payload } = await jwtVerify(token, jwks, {
        issuer: discovery.issuer,
        audience: apiApp.appId,
        currentDate: clock.now(),
      });
      return payload;
    });

    app = await scenario.registerWebApp('Contoso Shop');
    appSp = await gh.servicePrincipalOf('demo', app.appId);
    const flow = await adminApi('POST', `${tenant}/userFlows`, {
      displayName: 'Shop customers',
      isSignUpAllowed: true,
      signInMethods: ['emailPassword', 'emailOtp'],
      attributes: [{ attribute: 'displayName', required: true, inputType: 'text' }],
      applications: [app.appId],
    });
    expect(flow.status, JSON.stringify(flow.body)).toBe(201);

    // The extension's API registration, with the RSA key the password is encrypted to.
    const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
    decryptionKey = pair.privateKey;
    const registered = await adminApi('POST', `${tenant}/applications`, {
      displayName: 'Legacy identity API',
      keyCredentials: [
        {
          keyId: encryptKeyId,
          type: 'AsymmetricX509Cert',
          usage: 'Encrypt',
          key: pair.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
          displayName: 'JIT migration',
        },
      ],
      tokenEncryptionKeyId: encryptKeyId,
    });
    expect(registered.status, JSON.stringify(registered.body)).toBe(201);
    expect(registered.body.tokenEncryptionKeyId).toBe(encryptKeyId);
    expect(registered.body.keyCredentials[0]).toMatchObject({ usage: 'Encrypt', key: null });
    apiApp = registered.body;

    const attribute = await adminApi('POST', `${tenant}/customAttributes`, {
      name: 'requiresMigration',
      dataType: 'boolean',
    });
    expect(attribute.status).toBe(201);

    const extension = async (type: string, path: string, extra: Record<string, unknown> = {}) => {
      const created = await adminApi('POST', `${tenant}/identity/customAuthenticationExtensions`, {
        '@odata.type': `#microsoft.graph.${type}`,
        displayName: type,
        endpointConfiguration: {
          '@odata.type': '#microsoft.graph.httpRequestEndpoint',
          targetUrl: `${api.url}${path}`,
        },
        authenticationConfiguration: {
          '@odata.type': '#microsoft.graph.azureAdTokenAuthentication',
          resourceId: apiApp.appId,
        },
        clientConfiguration: { timeoutInMilliseconds: 2000, maximumRetries: 0 },
        ...extra,
      });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      return created.body.id as string;
    };
    const listener = async (type: string, handler: Record<string, unknown>) => {
      const created = await adminApi('POST', `${tenant}/identity/authenticationEventListeners`, {
        '@odata.type': `#microsoft.graph.${type}`,
        conditions: {
          applications: { includeAllApplications: false, includeApplications: [{ appId: app.appId }] },
        },
        priority: 500,
        handler,
      });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      return created.body.id as string;
    };
    otpExtensionId = await extension('onOtpSendCustomExtension', '/otp');
    otpListenerId = await listener('onEmailOtpSendListener', {
      '@odata.type': '#microsoft.graph.onOtpSendCustomExtensionHandler',
      customExtension: { id: otpExtensionId },
    });
    passwordExtensionId = await extension('onPasswordSubmitCustomExtension', '/password');
    passwordListenerId = await listener('onPasswordSubmitListener', {
      '@odata.type': '#microsoft.graph.onPasswordMigrationCustomExtensionHandler',
      migrationPropertyId: 'extension_requiresMigration',
      customExtension: { id: passwordExtensionId },
    });
  });

  afterAll(async () => {
    await scenario?.stop();
    await api?.close();
  });

  /** What the API answers to password submit calls: the legacy check, or what a test chooses. */
  const legacyCheck = async (call: Call, decide?: (nonce: string) => Answer): Promise<Answer> => {
    const { plaintext } = await compactDecrypt(call.body.data.encryptedPasswordContext, decryptionKey);
    const inner = UnsecuredJWT.decode(new TextDecoder().decode(plaintext)).payload;
    const nonce = inner.nonce as string;
    if (decide) return decide(nonce);
    const right = legacy.get(inner.username as string) === inner['user-password'];
    return { body: passwordAnswer(right ? 'MigratePassword' : 'Retry', nonce) };
  };

  /** A legacy user: in the directory with the migration mark and no password. */
  async function legacyUser(mail: string, password: string): Promise<string> {
    const created = await adminApi('POST', `${tenant}/users`, {
      displayName: mail.split('@')[0],
      mail,
      customAttributes: { requiresMigration: true },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    legacy.set(mail, password);
    return created.body.id;
  }

  /** Another page of the interaction whose sign-in page is at `signInUrl` (`/signup`, `/otp`, `/reset`). */
  const pageOf = (browser: ScenarioBrowser, signInUrl: string, path: string) =>
    browser.browser.navigate(
      new URL(`${new URL(signInUrl).pathname}${path}`, scenario.gh.baseUrl),
      app.callback,
    );

  const passwordCalls = () => api.calls.filter((c) => c.path === '/password').length;

  describe('email OTP send', () => {
    it('sends the sign-up code through the extension only, with Entra’s request, and the code works', async () => {
      api.answer(() => ({ body: otpAnswer }));
      const before = api.calls.length;
      const browser = at();
      const started = await browser.authorize(app);
      const signUpPage = await pageOf(browser, started.page.url, '/signup');
      const sent = await browser.submit(app, signUpPage.body, /\/signup$/, { email: 'Ona@Example.com' });
      expect(sent.url).toMatch(/\/signup\/code$/);

      const call = await api.next('/otp', before);
      expect(call.headers['content-type']).toBe('application/json');
      const token = await call.token;
      expect(token).toMatchObject({ aud: apiApp.appId, azp: CALLOUT_CLIENT_ID });
      expect(call.body).toEqual({
        type: 'microsoft.graph.authenticationEvent.emailOtpSend',
        source: `/tenants/demo/applications/${app.appId}`,
        data: {
          '@odata.type': 'microsoft.graph.onOtpSendCalloutData',
          tenantId: 'demo',
          authenticationEventListenerId: otpListenerId,
          customAuthenticationExtensionId: otpExtensionId,
          otpContext: { identifier: 'ona@example.com', oneTimeCode: expect.stringMatching(/^\d{6}$/) },
          authenticationContext: {
            correlationId: expect.any(String),
            client: { ip: browser.browser.headers['x-forwarded-for'], locale: 'en', market: 'en' },
            protocol: 'OAUTH2.0',
            requestType: 'signUp',
            clientServicePrincipal: {
              id: appSp.id,
              appId: app.appId,
              appDisplayName: 'Contoso Shop',
              displayName: 'Contoso Shop',
            },
            resourceServicePrincipal: {
              id: appSp.id,
              appId: app.appId,
              appDisplayName: 'Contoso Shop',
              displayName: 'Contoso Shop',
            },
          },
        },
      });
      await scenario.gh.gatehouse.mailer.idle();
      expect(scenario.mail.received.filter((m) => m.to === 'ona@example.com')).toEqual([]);

      const details = await browser.submit(app, sent.body, /\/signup\/code$/, {
        code: call.body.data.otpContext.oneTimeCode,
      });
      expect(details.status).toBe(200);
      const done = await browser.submit(app, details.body, /\/signup\/details$/, {
        password: STRONG,
        confirm: STRONG,
        'attr.displayName': 'Ona',
      });
      const tokens = await started.tokens(done.redirectedTo);
      const user = await adminApi('GET', `${tenant}/users/${tokens.claims()?.sub}`);
      expect(user.body).toMatchObject({ mail: 'ona@example.com', displayName: 'Ona' });
    });

    it('falls back to Gatehouse’s email when the call fails and the extension says so; else sends nothing', async () => {
      api.answer(() => ({ status: 500 }));
      const extension = `${tenant}/identity/customAuthenticationExtensions/${otpExtensionId}`;
      const fallback = await adminApi('PATCH', extension, {
        behaviorOnError: { '@odata.type': '#microsoft.graph.fallbackToMicrosoftProviderOnError' },
      });
      expect(fallback.status, JSON.stringify(fallback.body)).toBe(204);

      const signUp = async (email: string) => {
        const before = api.calls.length;
        const browser = at();
        const started = await browser.authorize(app);
        const page = await pageOf(browser, started.page.url, '/signup');
        const sent = await browser.submit(app, page.body, /\/signup$/, { email });
        expect(sent.url).toMatch(/\/signup\/code$/);
        await api.next('/otp', before);
        await scenario.gh.gatehouse.mailer.idle();
        return { browser, sent };
      };

      const rescued = await signUp('pia@example.com');
      const code = await scenario.mail.nextCode('pia@example.com');
      const details = await rescued.browser.submit(app, rescued.sent.body, /\/signup\/code$/, { code });
      expect(details.status).toBe(200);

      const off = await adminApi('PATCH', extension, { behaviorOnError: null });
      expect(off.status).toBe(204);
      await signUp('quin@example.com');
      expect(scenario.mail.received.filter((m) => m.to === 'quin@example.com')).toEqual([]);
    });

    it('sends email sign-in and password reset codes through it, and only to existing accounts', async () => {
      api.answer(() => ({ body: otpAnswer }));
      await scenario.createUser('rhea@example.com', STRONG);

      // Email code sign-in.
      let before = api.calls.length;
      const browser = at();
      const started = await browser.authorize(app);
      const otpPage = await pageOf(browser, started.page.url, '/otp');
      const sent = await browser.submit(app, otpPage.body, /\/otp$/, { email: 'rhea@example.com' });
      const call = await api.next('/otp', before);
      expect(call.body.data.authenticationContext.requestType).toBe('signIn');
      expect(call.body.data.otpContext.identifier).toBe('rhea@example.com');
      const signedIn = await browser.submit(app, sent.body, /\/otp\/code$/, {
        code: call.body.data.otpContext.oneTimeCode,
      });
      expect((await started.tokens(signedIn.redirectedTo)).claims()?.amr).toEqual(['otp']);

      // Password reset, for an existing account and for an address without one.
      const reset = async (email: string) => {
        const visitor = at();
        const flow = await visitor.authorize(app);
        const page = await pageOf(visitor, flow.page.url, '/reset');
        return { visitor, sent: await visitor.submit(app, page.body, /\/reset$/, { email }) };
      };
      before = api.calls.length;
      const known = await reset('rhea@example.com');
      const resetCall = await api.next('/otp', before);
      expect(resetCall.body.data.authenticationContext.requestType).toBe('passwordReset');
      const choose = await known.visitor.submit(app, known.sent.body, /\/reset\/code$/, {
        code: resetCall.body.data.otpContext.oneTimeCode,
      });
      expect(choose.body).toContain('Choose a new password');

      before = api.calls.length;
      const unknown = await reset('nobody@example.com');
      expect(unknown.sent.url).toMatch(/\/reset\/code$/);
      await scenario.gh.gatehouse.mailer.idle();
      expect(api.calls.slice(before)).toEqual([]);
      expect(
        scenario.mail.received.filter((m) => ['rhea@example.com', 'nobody@example.com'].includes(m.to)),
      ).toEqual([]);
    });
  });

  describe('password submit (just-in-time migration)', () => {
    it('migrates a legacy user on their first password sign-in, and never asks again', async () => {
      const password = 'Amber-Meadow-Violin-4821';
      const userId = await legacyUser('lee@example.com', password);
      api.answer((call) => legacyCheck(call));
      const before = api.calls.length;

      const browser = at();
      const first = await browser.signIn(app, 'lee@example.com', password);
      const tokens = await first.tokens(first.redirectedTo);
      expect(tokens.claims()).toMatchObject({ sub: userId, amr: ['pwd'] });
      const [entry] = await scenario.signInLog(userId);
      expect(entry.status.errorCode).toBe(0);
      expect(entry.authenticationDetails).toContainEqual(
        expect.objectContaining({
          authenticationStepResultDetail: 'Password migrated from the legacy system',
        }),
      );
      expect(entry.appliedEventListeners).toEqual([
        expect.objectContaining({
          eventType: 'passwordSubmit',
          handlerResult: expect.objectContaining({ errorCode: 0, httpStatus: 200 }),
        }),
      ]);

      const call = await api.next('/password', before);
      expect(await call.token).toMatchObject({ aud: apiApp.appId, azp: CALLOUT_CLIENT_ID });
      const user = (await adminApi('GET', `${tenant}/users/${userId}`)).body;
      expect(call.body).toEqual({
        type: 'microsoft.graph.authenticationEvent.passwordSubmit',
        source: `/tenants/demo/applications/${app.appId}`,
        data: {
          '@odata.type': 'microsoft.graph.onPasswordSubmitCalloutData',
          tenantId: 'demo',
          authenticationEventListenerId: passwordListenerId,
          customAuthenticationExtensionId: passwordExtensionId,
          encryptedPasswordContext: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+\.[\w-]+\.[\w-]+$/),
          authenticationContext: {
            correlationId: expect.any(String),
            client: { ip: browser.browser.headers['x-forwarded-for'], locale: 'en', market: 'en' },
            protocol: 'OAUTH2.0',
            clientServicePrincipal: {
              id: appSp.id,
              appId: app.appId,
              appDisplayName: 'Contoso Shop',
              displayName: 'Contoso Shop',
            },
            resourceServicePrincipal: {
              id: appSp.id,
              appId: app.appId,
              appDisplayName: 'Contoso Shop',
              displayName: 'Contoso Shop',
            },
            user: {
              createdDateTime: user.createdDateTime,
              displayName: 'lee',
              givenName: null,
              id: userId,
              mail: 'lee@example.com',
              surname: null,
              userPrincipalName: 'lee@example.com',
              userType: 'Member',
            },
          },
        },
      });
      // The JWE: RSA-OAEP-256 + A256GCM to the registered key; inside, Entra's unsigned JWT.
      const jwe = call.body.data.encryptedPasswordContext;
      expect(decodeProtectedHeader(jwe)).toMatchObject({
        alg: 'RSA-OAEP-256',
        enc: 'A256GCM',
        kid: encryptKeyId,
      });
      const { plaintext } = await compactDecrypt(jwe, decryptionKey);
      const inner = UnsecuredJWT.decode(new TextDecoder().decode(plaintext)).payload;
      expect(inner).toEqual({
        'user-password': password,
        username: 'lee@example.com',
        nonce: expect.stringMatching(GUID),
      });

      // Migrated: the mark is gone, the password is Gatehouse's own now.
      expect((await adminApi('GET', `${tenant}/users/${userId}`)).body.customAttributes).toEqual({
        requiresMigration: false,
      });
      const calls = passwordCalls();
      const again = await at().signIn(app, 'lee@example.com', password);
      expect(again.redirectedTo).toMatch(/\/callback\?code=/);
      const wrong = await at().signIn(app, 'lee@example.com', 'Not-The-Password-1234');
      expect(wrong.status).toBe(401);
      expect(passwordCalls()).toBe(calls);
    });

    it('reads Retry as a wrong password and Block as a block page with the extension’s words', async () => {
      const userId = await legacyUser('mo@example.com', 'Copper-Kettle-Sonata-5150');
      api.answer((call) => legacyCheck(call));
      const retried = await at().signIn(app, 'mo@example.com', 'Copper-Kettle-Sonata-0000');
      expect(retried.status).toBe(401);
      expect(retried.body).toContain('The email address or password is incorrect.');
      const [retryEntry] = await scenario.signInLog(userId);
      expect(retryEntry.status.errorCode).toBe(50126);
      expect(retryEntry.appliedEventListeners).toEqual([
        expect.objectContaining({
          eventType: 'passwordSubmit',
          executedListenerId: passwordListenerId,
          handlerResult: expect.objectContaining({ errorCode: 0, httpStatus: 200, numberOfAttempts: 1 }),
        }),
      ]);

      // Retry counts for smart lockout as any wrong password does: once locked, nobody is asked.
      await legacyUser('kit@example.com', 'Harbour-Thistle-Banjo-7731');
      for (const guess of ['Harbour-Thistle-Banjo-1', 'Harbour-Thistle-Banjo-2', 'Harbour-Thistle-Banjo-3'])
        expect((await at().signIn(app, 'kit@example.com', guess)).status).toBe(401);
      const calls = passwordCalls();
      const locked = await at().signIn(app, 'kit@example.com', 'Harbour-Thistle-Banjo-7731');
      expect(locked.status).toBe(429);
      expect(passwordCalls()).toBe(calls);

      api.answer((call) =>
        legacyCheck(call, (nonce) => ({
          body: passwordAnswer('Block', nonce, {
            title: 'Sign-in blocked',
            message: 'Your <b>account</b> is under review. Please contact support.',
          }),
        })),
      );
      const blocked = await at().signIn(app, 'mo@example.com', 'Copper-Kettle-Sonata-5150');
      expect(blocked.status).toBe(403);
      expect(blocked.body).toContain('<h1>Sign-in blocked</h1>');
      expect(blocked.body).toContain(
        'Your &lt;b&gt;account&lt;/b&gt; is under review. Please contact support.',
      );
      const [blockEntry] = await scenario.signInLog(userId);
      expect(blockEntry.status.errorCode).toBe(50158);
      // Still to migrate: Block changed nothing.
      expect((await adminApi('GET', `${tenant}/users/${userId}`)).body.customAttributes).toEqual({
        requiresMigration: true,
      });
    });

    it('sends the user to the password change page on UpdatePassword, and on a migrated password too weak here', async () => {
      const userId = await legacyUser('nia@example.com', 'Saffron-Glacier-Tandem-3392');
      api.answer((call) => legacyCheck(call, (nonce) => ({ body: passwordAnswer('UpdatePassword', nonce) })));
      const browser = at();
      const change = await browser.signIn(app, 'nia@example.com', 'Saffron-Glacier-Tandem-3392');
      expect(change.url).toMatch(/\/change$/);
      expect(change.body).toContain('Your password must be changed before you continue.');
      const done = await browser.submit(app, change.body, /\/change$/, { password: STRONG, confirm: STRONG });
      expect((await change.tokens(done.redirectedTo)).claims()?.sub).toBe(userId);

      // The new password is Gatehouse's: it verifies here, and the user is marked migrated silently.
      const calls = passwordCalls();
      const again = await at().signIn(app, 'nia@example.com', STRONG);
      expect(again.redirectedTo).toMatch(/\/callback\?code=/);
      expect(passwordCalls()).toBe(calls);
      expect((await adminApi('GET', `${tenant}/users/${userId}`)).body.customAttributes).toEqual({
        requiresMigration: false,
      });

      // MigratePassword of a password Gatehouse's rules refuse: changed before going on (Entra's UpdatePassword).
      const weakId = await legacyUser('oz@example.com', 'sunshine');
      api.answer((call) => legacyCheck(call));
      const weak = await at().signIn(app, 'oz@example.com', 'sunshine');
      expect(weak.url).toMatch(/\/change$/);
      expect((await adminApi('GET', `${tenant}/users/${weakId}`)).body.customAttributes).toEqual({
        requiresMigration: true,
      });
    });

    it('cannot check the password when the answer does not echo the nonce, times out, or there is no key', async () => {
      const userId = await legacyUser('pax@example.com', 'Walnut-Compass-Aurora-6604');
      const unavailable = 'check your password right now. Try again in a few minutes.';

      api.answer(() => ({ body: passwordAnswer('MigratePassword', 'not-the-nonce') }));
      const forged = await at().signIn(app, 'pax@example.com', 'Walnut-Compass-Aurora-6604');
      expect(forged.status).toBe(503);
      expect(forged.body).toContain(unavailable);
      expect(forged.body).not.toContain('The email address or password is incorrect.');
      const [forgedEntry] = await scenario.signInLog(userId);
      expect(forgedEntry.appliedEventListeners[0].handlerResult.errorCode).toBe(1003003);
      expect((await adminApi('GET', `${tenant}/users/${userId}`)).body.customAttributes).toEqual({
        requiresMigration: true,
      });

      // Slower than the time limit: the call is given up, and the log says so.
      const extension = `${tenant}/identity/customAuthenticationExtensions/${passwordExtensionId}`;
      expect(
        (
          await adminApi('PATCH', extension, {
            clientConfiguration: { timeoutInMilliseconds: 300, maximumRetries: 0 },
          })
        ).status,
      ).toBe(204);
      api.answer(() => ({ hang: true }));
      const slow = await at().signIn(app, 'pax@example.com', 'Walnut-Compass-Aurora-6604');
      expect(slow.status).toBe(503);
      expect(slow.body).toContain(unavailable);
      const [slowEntry] = await scenario.signInLog(userId);
      expect(slowEntry.status).toMatchObject({ errorCode: 1003000 });
      expect(slowEntry.appliedEventListeners).toEqual([
        {
          eventType: 'passwordSubmit',
          executedListenerId: passwordListenerId,
          handlerResult: {
            '@odata.type': '#microsoft.graph.customExtensionCalloutResult',
            customExtensionId: passwordExtensionId,
            calloutDateTime: expect.any(String),
            numberOfAttempts: 1,
            httpStatus: 0,
            errorCode: 1003005,
            durationInMilliseconds: expect.any(Number),
          },
        },
      ]);
      expect(
        (
          await adminApi('PATCH', extension, {
            clientConfiguration: { timeoutInMilliseconds: 2000, maximumRetries: 0 },
          })
        ).status,
      ).toBe(204);

      // Without an Encrypt key to encrypt the password to, the extension is not called at all.
      const application = `${tenant}/applications/${apiApp.id}`;
      expect((await adminApi('PATCH', application, { tokenEncryptionKeyId: null })).status).toBe(200);
      api.answer((call) => legacyCheck(call));
      const calls = passwordCalls();
      const keyless = await at().signIn(app, 'pax@example.com', 'Walnut-Compass-Aurora-6604');
      expect(keyless.status).toBe(503);
      expect(passwordCalls()).toBe(calls);
      expect((await adminApi('PATCH', application, { tokenEncryptionKeyId: encryptKeyId })).status).toBe(200);
      const migrated = await at().signIn(app, 'pax@example.com', 'Walnut-Compass-Aurora-6604');
      expect(migrated.redirectedTo).toMatch(/\/callback\?code=/);
    });
  });

  describe('Encrypt key credentials', () => {
    it('are never accepted to verify a client assertion, and tokenEncryptionKeyId must name one', async () => {
      const { gh } = scenario;
      const encrypt = await generateKeyPair('RS256', { extractable: true });
      const verify = await generateKeyPair('RS256', { extractable: true });
      const created = await adminApi('POST', `${tenant}/applications`, {
        displayName: 'Key-based daemon',
        keyCredentials: [
          { type: 'AsymmetricX509Cert', usage: 'Encrypt', key: await exportSPKI(encrypt.publicKey) },
          { type: 'AsymmetricX509Cert', usage: 'Verify', key: await exportSPKI(verify.publicKey) },
        ],
      });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      const { appId } = created.body;
      const withKey = (key: Parameters<typeof client.PrivateKeyJwt>[0]) =>
        relyingParty(gh.baseUrl, 'demo', appId, client.PrivateKeyJwt(key));
      await expect(client.clientCredentialsGrant(await withKey(verify.privateKey))).resolves.toMatchObject({
        token_type: expect.stringMatching(/bearer/i),
      });
      await expect(client.clientCredentialsGrant(await withKey(encrypt.privateKey))).rejects.toMatchObject({
        error: 'invalid_client',
      });

      // tokenEncryptionKeyId names an Encrypt key of the app's own; an Encrypt key is RSA.
      const verifyKeyId = created.body.keyCredentials[1].keyId;
      const wrong = await adminApi('PATCH', `${tenant}/applications/${created.body.id}`, {
        tokenEncryptionKeyId: verifyKeyId,
      });
      expect(wrong.status).toBe(400);
      expect(wrong.body.error).toMatchObject({
        code: 'invalid_token_encryption_key',
        target: 'tokenEncryptionKeyId',
      });
      const ec = await generateKeyPair('ES256', { extractable: true });
      const notRsa = await adminApi('POST', `${tenant}/applications`, {
        displayName: 'EC encrypt',
        keyCredentials: [
          { type: 'AsymmetricX509Cert', usage: 'Encrypt', key: await exportSPKI(ec.publicKey) },
        ],
      });
      expect(notRsa.status).toBe(400);
      expect(notRsa.body.error.code).toBe('invalid_key_credential');
      // Removing the key tokenEncryptionKeyId names is refused while it names it.
      const dropped = await adminApi('PATCH', `${tenant}/applications/${apiApp.id}`, { keyCredentials: [] });
      expect(dropped.status).toBe(400);
    });
  });
});
