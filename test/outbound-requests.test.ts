import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TEST_DATABASES } from './support/databases.js';
import type { TestGatehouse } from './support/gatehouse.js';
import { type Scenario, startScenario, type WebApp } from './support/scenario.js';

/**
 * Server-side requests to URLs someone configured go through one outbound policy: never to a
 * link-local address (cloud metadata), to loopback and private addresses only when
 * `GATEHOUSE_OUTBOUND_ALLOW` says so, judged on the address actually connected to. Each attack
 * here is made over HTTP, as an administrator and an anonymous visitor would make it.
 */

/** A server on 127.0.0.1 and ::1 that counts what it is asked: the target that must not be reached. */
async function startTarget(status = 200) {
  const hits: string[] = [];
  const handler = (req: { method?: string; url?: string }, res: import('node:http').ServerResponse) => {
    hits.push(`${req.method} ${req.url}`);
    res.writeHead(status, { 'content-type': 'application/json' }).end('{}');
  };
  const servers: Server[] = [];
  const listen = (host: string, port: number) =>
    new Promise<Server>((resolve, reject) => {
      const server = createServer(handler);
      server.once('error', reject);
      server.listen(port, host, () => resolve(server));
    });
  const first = await listen('127.0.0.1', 0);
  servers.push(first);
  const port = (first.address() as AddressInfo).port;
  // `localhost` may resolve to ::1 first: the same port there counts too.
  await listen('::1', port).then(
    (server) => servers.push(server),
    () => undefined,
  );
  return {
    port,
    hits,
    close: () =>
      Promise.all(
        servers.map(
          (server) =>
            new Promise<void>((resolve) => {
              server.closeAllConnections();
              server.close(() => resolve());
            }),
        ),
      ),
  };
}
type Target = Awaited<ReturnType<typeof startTarget>>;

/** The outbound connections this process makes (undici's diagnostics channels): host and outcome. */
function watchConnections() {
  const seen: { hostname: string; outcome: string }[] = [];
  const connected = (message: unknown) => {
    const { connectParams } = message as { connectParams: { hostname: string } };
    seen.push({ hostname: connectParams.hostname, outcome: 'connected' });
  };
  const failed = (message: unknown) => {
    const { connectParams, error } = message as {
      connectParams: { hostname: string };
      error: { code?: string };
    };
    seen.push({ hostname: connectParams.hostname, outcome: String(error?.code) });
  };
  subscribe('undici:client:connected', connected);
  subscribe('undici:client:connectError', failed);
  return {
    seen,
    stop() {
      unsubscribe('undici:client:connected', connected);
      unsubscribe('undici:client:connectError', failed);
    },
  };
}

const oidcProvider = (displayName: string, metadataUrl: string) => ({
  '@odata.type': '#microsoft.graph.openIdConnectIdentityProvider',
  displayName,
  clientId: 'gatehouse',
  clientSecret: 'a-client-secret',
  metadataUrl,
  scope: 'openid',
});

/** What an administrator sets up, and what an anonymous visitor then does with it. */
function attacks(scenario: () => Scenario) {
  let count = 0;
  /** An app whose user flow offers a provider registered from `body`. */
  async function offer(body: Record<string, unknown>): Promise<{ app: WebApp; providerId: string }> {
    const { gh } = scenario();
    const app = await scenario().registerWebApp(`Outbound ${++count}`);
    const provider = await gh.api('POST', '/api/v1/tenants/demo/identityProviders', body);
    expect(provider.status, JSON.stringify(provider.body)).toBe(201);
    const flow = await gh.api('POST', '/api/v1/tenants/demo/userFlows', {
      displayName: `Outbound flow ${count}`,
      signInMethods: ['emailPassword'],
      identityProviders: [provider.body.id],
      applications: [app.appId],
    });
    expect(flow.status, JSON.stringify(flow.body)).toBe(201);
    return { app, providerId: provider.body.id };
  }
  /** An anonymous visitor opens the app's sign-in page and clicks the provider's button. */
  async function click(app: WebApp, providerId: string, ip = '203.0.113.50') {
    const at = scenario().browserAt(ip);
    const started = await at.authorize(app);
    const button = `${new URL(started.page.url).pathname}/federation/${providerId}`;
    expect(started.page.body).toContain(`href="${button}"`);
    return at.browser.navigate(new URL(button, scenario().gh.baseUrl), app.callback);
  }
  /** An app with a back-channel logout URL, a user signed in to it, then their sessions revoked. */
  async function signInThenRevoke(backchannelLogoutUrl: string): Promise<void> {
    const { gh } = scenario();
    const name = `backchannel-${++count}`;
    const callback = `https://${name}.example/callback`;
    const registered = await gh.registerApp('demo', {
      displayName: name,
      web: { redirectUris: [callback], backchannelLogoutUrl },
    });
    const app: WebApp = { ...registered, callback };
    const mail = `${name}@shop.example`;
    const userId = await scenario().createUser(mail);
    const signedIn = await scenario().browserAt('203.0.113.51').signIn(app, mail);
    expect(signedIn.redirectedTo).toContain('code=');
    const revoked = await gh.api('POST', `/api/v1/tenants/demo/users/${userId}/revokeSignInSessions`);
    expect(revoked.status).toBe(200);
  }
  return { offer, click, signInThenRevoke };
}

describe.each(TEST_DATABASES)('outbound requests without an allowance on %s', (kind) => {
  let scenario: Scenario;
  let gh: TestGatehouse;
  let target: Target;
  let gateway: Target;
  const { offer, click, signInThenRevoke } = attacks(() => scenario);

  beforeAll(async () => {
    target = await startTarget();
    gateway = await startTarget();
    scenario = await startScenario(kind, {
      geoOverrides: {},
      env: {
        // The default, said out loud: the test harness allows loopback otherwise.
        GATEHOUSE_OUTBOUND_ALLOW: 'none',
        GATEHOUSE_SMS_GATEWAY_URL: `http://127.0.0.1:${gateway.port}/sms`,
      },
    });
    gh = scenario.gh;
  });
  afterAll(async () => {
    await scenario?.stop();
    await target?.close();
    await gateway?.close();
  });
  beforeEach(() => {
    target.hits.length = 0;
    gateway.hits.length = 0;
  });

  it('never fetches the discovery document of an OpenID Connect provider at 127.0.0.1', async () => {
    const { app, providerId } = await offer(
      oidcProvider('Loopback ID', `http://127.0.0.1:${target.port}/.well-known/openid-configuration`),
    );
    const page = await click(app, providerId);
    expect(page.status).toBe(502);
    expect(page.body).toContain('Signing in with Loopback ID did not work.');
    expect(target.hits).toEqual([]);
  });

  it('never fetches the SAML metadata of a provider at 127.0.0.1', async () => {
    const { app, providerId } = await offer({
      '@odata.type': '#microsoft.graph.samlIdentityProvider',
      displayName: 'Loopback SSO',
      metadataUrl: `http://127.0.0.1:${target.port}/metadata`,
    });
    const page = await click(app, providerId);
    expect(page.status).toBe(502);
    expect(page.body).toContain('Signing in with Loopback SSO did not work.');
    expect(target.hits).toEqual([]);
  });

  it('judges the address connected to, not the name: localhost is loopback too', async () => {
    const { app, providerId } = await offer(
      oidcProvider('Named ID', `http://localhost:${target.port}/.well-known/openid-configuration`),
    );
    const watch = watchConnections();
    try {
      const page = await click(app, providerId);
      expect(page.status).toBe(502);
      expect(page.body).toContain('Signing in with Named ID did not work.');
    } finally {
      watch.stop();
    }
    expect(target.hits).toEqual([]);
    // The name was resolved and its addresses refused before any connection was made.
    expect(watch.seen).toEqual([{ hostname: 'localhost', outcome: 'ERR_OUTBOUND_REFUSED' }]);
  });

  it('sends no back-channel logout to a loopback URL', async () => {
    await signInThenRevoke(`http://127.0.0.1:${target.port}/backchannel`);
    expect(target.hits).toEqual([]);
  });

  it('sends no text message to an SMS gateway on loopback', async () => {
    const result = await gh.gatehouse.sms.sendCode('demo', {
      to: '+14255550100',
      lang: 'en',
      code: '482913',
      minutes: 10,
    });
    expect(result).toMatchObject({ ok: false, reason: 'delivery_failed' });
    expect(gateway.hits).toEqual([]);
    const failed = await gh.api('GET', '/api/v1/tenants/demo/smsOutbox?status=failed');
    expect(failed.body.value[0]?.lastError).toMatch(/outbound policy/);
  });
});

describe.each(TEST_DATABASES)(
  'outbound requests with loopback and private addresses allowed on %s',
  (kind) => {
    let scenario: Scenario;
    let target: Target;
    let failing: Target;
    const { offer, click, signInThenRevoke } = attacks(() => scenario);

    beforeAll(async () => {
      target = await startTarget();
      failing = await startTarget(503);
      scenario = await startScenario(kind, {
        geoOverrides: {},
        env: { GATEHOUSE_OUTBOUND_ALLOW: 'loopback,private' },
      });
    });
    afterAll(async () => {
      await scenario?.stop();
      await target?.close();
      await failing?.close();
    });
    beforeEach(() => {
      target.hits.length = 0;
    });

    it('reaches a provider on loopback once allowed', async () => {
      const { app, providerId } = await offer(
        oidcProvider('Allowed ID', `http://127.0.0.1:${target.port}/.well-known/openid-configuration`),
      );
      // The target's `{}` is no discovery document: the sign-in fails, but it was asked.
      expect((await click(app, providerId)).status).toBe(502);
      expect(target.hits).toEqual(['GET /.well-known/openid-configuration']);
    });

    it.each([
      ['169.254.169.254', 'https://169.254.169.254/.well-known/openid-configuration'],
      ['::ffff:a9fe:a9fe', 'https://[::ffff:169.254.169.254]/.well-known/openid-configuration'],
      ['fe80::1', 'https://[fe80::1]/.well-known/openid-configuration'],
      ['0.0.0.0', 'https://0.0.0.0/.well-known/openid-configuration'],
    ])(
      'never connects to the link-local or unspecified address %s, whatever is allowed',
      async (host, url) => {
        const { app, providerId } = await offer(oidcProvider(`Metadata ${host}`, url));
        const watch = watchConnections();
        try {
          const page = await click(app, providerId);
          expect(page.status).toBe(502);
          expect(page.body).toContain(`Signing in with Metadata ${host} did not work.`);
        } finally {
          watch.stop();
        }
        expect(watch.seen).toEqual([{ hostname: host, outcome: 'ERR_OUTBOUND_REFUSED' }]);
      },
    );

    it('remembers a failing provider for a minute: repeated clicks reach it once', async () => {
      const { app, providerId } = await offer(
        oidcProvider('Failing ID', `http://127.0.0.1:${failing.port}/.well-known/openid-configuration`),
      );
      for (const ip of ['203.0.113.60', '203.0.113.61', '203.0.113.62', '203.0.113.63']) {
        const page = await click(app, providerId, ip);
        expect(page.status).toBe(502);
        expect(page.body).toContain('Signing in with Failing ID did not work.');
      }
      expect(failing.hits).toEqual(['GET /.well-known/openid-configuration']);
      // After the window, the next click asks again.
      scenario.clock.advance(61_000);
      expect((await click(app, providerId)).status).toBe(502);
      expect(failing.hits).toHaveLength(2);
    });

    it('sends a back-channel logout to a loopback URL once allowed', async () => {
      await signInThenRevoke(`http://127.0.0.1:${target.port}/backchannel`);
      expect(target.hits).toEqual(['POST /backchannel']);
    });
  },
);
