import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_API_APP_ID, ADMIN_API_APP_ROLE } from '../src/admin-api-access.js';
import { RETRY_DELAYS_MS, WEBHOOK_EVENT_TYPES } from '../src/extensions/webhooks/index.js';
import { ManualClock } from '../src/platform/index.js';
import { Browser, readForm } from './support/browser.js';
import { TEST_DATABASES, type TestDatabase } from './support/databases.js';
import { type ApiResponse, startGatehouse, type TestGatehouse } from './support/gatehouse.js';
import { type MailSink, startMailSink } from './support/mail-sink.js';
import { client, relyingParty, tokenRequest } from './support/oauth.js';

const PASSWORD = 'Correct-Horse-Battery-Staple-42';
const NEW_PASSWORD = 'Purple-Elephant-Marmalade-97';
const TENANT = 'hooks';

interface Received {
  path: string;
  headers: Record<string, string>;
  body: string;
  status: number;
}

// biome-ignore lint/suspicious/noExplicitAny: payloads are inspected freely
type Payload = { type: string; timestamp: string; data: any };

/**
 * The business's API: a real HTTP server on loopback that keeps every request and answers
 * each path with the statuses queued for it (then 200, or the path's standing answer).
 */
async function startReceiver() {
  const received: Received[] = [];
  const queued = new Map<string, number[]>();
  const standing = new Map<string, number>();
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const path = request.url ?? '/';
      const status = queued.get(path)?.shift() ?? standing.get(path) ?? 200;
      received.push({
        path,
        headers: headersOf(request.headers),
        body: Buffer.concat(chunks).toString('utf8'),
        status,
      });
      response.writeHead(status, { 'content-type': 'text/plain' });
      response.end(status < 300 ? 'ok' : 'receiver is down');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path: string) => `http://127.0.0.1:${port}${path}`,
    /** The requests to a path, in the order they came. */
    at: (path: string) => received.filter((r) => r.path === path),
    /** Answers the next requests to `path` with these statuses. */
    queue: (path: string, ...statuses: number[]) => queued.set(path, statuses),
    /** Answers every request to `path` with this status. */
    always: (path: string, status: number) => standing.set(path, status),
    /** Waits (bounded) until `path` has received requests matching `predicate`, `count` of them. */
    async waitFor(path: string, predicate: (r: Received) => boolean, count = 1): Promise<Received[]> {
      const deadline = Date.now() + 15_000;
      for (;;) {
        const found = received.filter((r) => r.path === path && predicate(r));
        if (found.length >= count) return found;
        if (Date.now() > deadline)
          throw new Error(
            `${path}: ${found.length}/${count} expected requests; got ${received
              .filter((r) => r.path === path)
              .map((r) => typeOf(r))
              .join(', ')}`,
          );
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
type Receiver = Awaited<ReturnType<typeof startReceiver>>;

function headersOf(headers: IncomingHttpHeaders): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [
      name,
      Array.isArray(value) ? value.join(', ') : (value ?? ''),
    ]),
  );
}

const payloadOf = (r: Received): Payload => JSON.parse(r.body) as Payload;
const typeOf = (r: Received): string => payloadOf(r).type;
const ofType = (type: string) => (r: Received) => typeOf(r) === type;

/** Standard Webhooks' own verifier, as a receiver runs it (its tolerance: 5 minutes of real time). */
const verify = (secret: string, r: Received): Payload =>
  new Webhook(secret).verify(r.body, r.headers) as Payload;

/** The signature check alone, for messages signed after the test clock moved past that tolerance. */
function signedWith(secret: string, r: Received): boolean {
  const at = new Date(Number(r.headers['webhook-timestamp']) * 1000);
  const expected = new Webhook(secret).sign(r.headers['webhook-id'] as string, at, r.body);
  return (r.headers['webhook-signature'] ?? '').split(' ').includes(expected);
}

describe.each(TEST_DATABASES)('event webhooks (Standard Webhooks) on %s', (kind) => {
  const clock = new ManualClock(new Date());
  let gh: TestGatehouse;
  let mail: MailSink;
  let receiver: Receiver;
  let callback: string;
  let app: { appId: string; secret: string };
  /** Each browser comes from its own address, so per-IP limits stay out of the way. */
  let nextIp = 10;
  /** A fresh admin token, needed again once the clock has moved past the cached one's lifetime. */
  let token: string | undefined;

  const api = async (method: string, path: string, body?: unknown, as?: string): Promise<ApiResponse> => {
    token ??= await gh.adminToken();
    return gh.api(method, `/api/v1/tenants/${TENANT}${path}`, body, as ?? token);
  };
  const advance = (ms: number) => {
    clock.advance(ms);
    token = undefined;
  };

  /** Creates a webhook to the receiver's `path`; answers the webhook with its secret. */
  async function createWebhook(path: string, events: readonly string[], extra: Record<string, unknown> = {}) {
    const created = await api('POST', '/webhooks', {
      displayName: `Receiver ${path}`,
      url: receiver.url(path),
      events,
      ...extra,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return created.body as { id: string; secret: string; secretHint: string };
  }

  async function createUser(mail: string) {
    const created = await api('POST', '/users', {
      displayName: mail.split('@')[0],
      mail,
      passwordProfile: { password: PASSWORD },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return created.body as { id: string };
  }

  const newBrowser = () =>
    new Browser({
      'x-forwarded-for': `198.51.100.${nextIp++}`,
      'user-agent': 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0',
    });

  /** The hosted pages of an authorization request, as a person with a browser sees them. */
  async function authorize(browser = newBrowser()) {
    const rp = await relyingParty(gh.baseUrl, TENANT, app.appId, client.ClientSecretBasic(app.secret));
    const url = client.buildAuthorizationUrl(rp, {
      redirect_uri: callback,
      scope: 'openid',
      code_challenge: await client.calculatePKCECodeChallenge(client.randomPKCECodeVerifier()),
      code_challenge_method: 'S256',
    });
    const page = await browser.navigate(url, callback);
    expect(page.status).toBe(200);
    const base = new URL(page.url).pathname;
    return {
      page,
      submit: async (html: string, action: string, values: Record<string, string>) => {
        const form = readForm(html, new RegExp(`${action.replaceAll('/', '\\/')}$`));
        return browser.navigate(new URL(form.action, gh.baseUrl), callback, {
          form: { ...form.fields, ...values },
        });
      },
      get: (path: string) => browser.navigate(new URL(`${base}${path}`, gh.baseUrl), callback),
    };
  }

  async function signIn(login: string, password: string) {
    const flow = await authorize();
    return flow.submit(flow.page.body, '/login', { login, password });
  }

  beforeAll(async () => {
    mail = await startMailSink();
    receiver = await startReceiver();
    gh = await startGatehouse(kind, {
      clock,
      env: { GATEHOUSE_SMTP_URL: mail.url, GATEHOUSE_TRUSTED_PROXIES: '127.0.0.1/32,::1/128' },
    });
    callback = `${gh.baseUrl}/app/callback`;
    for (const id of [TENANT, 'elsewhere'])
      expect(
        (await gh.api('POST', '/api/v1/tenants', { id, displayName: id, type: 'customer' })).status,
      ).toBe(201);
    app = await gh.registerApp(TENANT, { displayName: 'Shop', web: { redirectUris: [callback] } });
    const flow = await api('POST', '/userFlows', {
      displayName: 'Shop customers',
      isSignUpAllowed: true,
      signInMethods: ['emailPassword'],
      attributes: [{ attribute: 'displayName', required: true, inputType: 'text' }],
      applications: [app.appId],
    });
    expect(flow.status, JSON.stringify(flow.body)).toBe(201);
  });
  afterAll(async () => {
    await gh?.stop();
    await receiver?.close();
    await mail?.close();
  });

  it('answers the secret once, at creation; reads show only its hint, and the audit trail never', async () => {
    const created = await createWebhook('/created', ['user.created', 'signIn.failed']);
    expect(created).toEqual({
      id: expect.any(String),
      displayName: 'Receiver /created',
      url: receiver.url('/created'),
      // In the catalogue's order, whatever the request's.
      events: ['signIn.failed', 'user.created'],
      enabled: true,
      disabledReason: null,
      disabledDateTime: null,
      secret: expect.stringMatching(/^whsec_[A-Za-z0-9+/]{43}=$/),
      secretHint: created.secret.slice(0, 10),
      createdDateTime: clock.now().toISOString(),
      modifiedDateTime: null,
    });
    expect(Buffer.from(created.secret.slice(6), 'base64')).toHaveLength(32);

    const read = await api('GET', `/webhooks/${created.id}`);
    expect(read.status).toBe(200);
    expect(read.body).not.toHaveProperty('secret');
    expect(read.body.secretHint).toBe(created.secretHint);
    const list = await api('GET', '/webhooks');
    expect(list.body.value.map((w: { id: string }) => w.id)).toContain(created.id);
    expect(JSON.stringify(list.body)).not.toContain(created.secret.slice(10));

    const audits = await api('GET', '/auditLogs/directoryAudits?category=Webhook');
    // Entries of one instant (the test clock) come in any order: this webhook's is looked for.
    const added = audits.body.value.find(
      (a: { targetResources: { id: string }[] }) => a.targetResources[0]?.id === created.id,
    );
    expect(added).toMatchObject({
      activityDisplayName: 'Add webhook',
      operationType: 'Add',
      targetResources: [{ id: created.id, type: 'Webhook', displayName: 'Receiver /created' }],
    });
    expect(JSON.stringify(audits.body)).not.toContain(created.secret.slice(10));
  });

  it('refuses invalid webhooks with a clear error naming the field, and changes nothing', async () => {
    const before = (await api('GET', '/webhooks')).body.value.length;
    const cases: [Record<string, unknown>, string, string][] = [
      [{ url: 'http://example.com/hook' }, 'url', 'https'],
      [{ url: 'ftp://127.0.0.1/hook' }, 'url', 'https'],
      [{ url: 'https://user:pw@example.com/hook' }, 'url', 'credentials'],
      [{ url: 'not a url' }, 'url', 'absolute URL'],
      [{ events: [] }, 'events', 'at least one'],
      [{ events: ['user.exploded'] }, 'events.0', 'must be one of'],
      [{ displayName: '' }, 'displayName', 'empty'],
      [{ displayName: 'x'.repeat(300) }, 'displayName', '256'],
      [{ enabled: 'yes' }, 'enabled', ''],
    ];
    for (const [change, target, message] of cases) {
      const refused = await api('POST', '/webhooks', {
        displayName: 'Bad',
        url: 'https://hooks.example.com/in',
        events: ['user.created'],
        ...change,
      });
      expect(refused.status, JSON.stringify(change)).toBe(400);
      expect(refused.body.error.target, JSON.stringify(change)).toBe(target);
      expect(refused.body.error.message, JSON.stringify(change)).toContain(message);
    }
    const unknown = await api('POST', '/webhooks', {
      displayName: 'Mine',
      url: 'https://hooks.example.com/in',
      events: ['user.created'],
      secret: 'whsec_my-own',
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toMatchObject({ code: 'unknown_field', target: 'secret' });
    expect((await api('GET', '/webhooks')).body.value).toHaveLength(before);

    const missing = await api('GET', '/webhooks/8b0c2a36-5d1e-4a59-9a57-0a4d2f1c9e11');
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('webhook_not_found');
    expect((await api('GET', '/webhooks/not-an-id')).status).toBe(400);
    const badPatch = await api('PATCH', '/webhooks/8b0c2a36-5d1e-4a59-9a57-0a4d2f1c9e11', { events: [] });
    expect(badPatch.status).toBe(400);
  });

  it('delivers every event type, signed so that the standardwebhooks verifier accepts it', async () => {
    const all = await createWebhook('/all', WEBHOOK_EVENT_TYPES);
    const at = (type: string) => receiver.waitFor('/all', ofType(type));

    // A user created and updated through the admin API.
    const ada = await createUser('ada@example.com');
    const [created] = await at('user.created');
    const createdEvent = verify(all.secret, created as Received);
    expect(createdEvent).toEqual({
      type: 'user.created',
      timestamp: expect.any(String),
      data: {
        tenantId: TENANT,
        userId: ada.id,
        user: expect.objectContaining({
          id: ada.id,
          displayName: 'ada',
          mail: 'ada@example.com',
          accountEnabled: true,
          passwordProfile: { password: null, forceChangePasswordNextSignIn: false },
        }),
      },
    });
    expect(createdEvent.data.user).not.toHaveProperty('tenantId');
    expect(created?.body).not.toContain(PASSWORD);
    expect(created?.headers).toMatchObject({
      'content-type': 'application/json',
      'webhook-id': expect.stringMatching(/^msg_[0-9a-f]{26}$/),
      'webhook-timestamp': String(Math.floor(clock.now().getTime() / 1000)),
      'webhook-signature': expect.stringMatching(/^v1,[A-Za-z0-9+/]+=*$/),
    });
    // A tampered body (or id) does not verify.
    const tampered = {
      ...(created as Received),
      body: created?.body.replace('ada@example.com', 'eve@example.com'),
    };
    expect(() => verify(all.secret, tampered as Received)).toThrow(/signature/i);
    expect(() =>
      verify(all.secret, {
        ...(created as Received),
        headers: { ...created?.headers, 'webhook-id': 'msg_other' },
      }),
    ).toThrow();
    expect(() => verify(`whsec_${Buffer.alloc(32, 7).toString('base64')}`, created as Received)).toThrow();

    expect((await api('PATCH', `/users/${ada.id}`, { displayName: 'Ada Lovelace' })).status).toBe(200);
    const [updated] = await at('user.updated');
    expect(verify(all.secret, updated as Received).data).toMatchObject({
      userId: ada.id,
      user: { id: ada.id, displayName: 'Ada Lovelace' },
    });

    // A password sign-in, then a wrong password.
    expect((await signIn('ada@example.com', PASSWORD)).redirectedTo).toMatch(/\/app\/callback\?code=/);
    const [succeeded] = await at('signIn.succeeded');
    expect(verify(all.secret, succeeded as Received).data).toEqual({
      tenantId: TENANT,
      signInId: expect.any(String),
      userId: ada.id,
      appId: app.appId,
      signIn: expect.objectContaining({
        userId: ada.id,
        appId: app.appId,
        appDisplayName: 'Shop',
        status: expect.objectContaining({ errorCode: 0 }),
      }),
    });
    expect((await signIn('ada@example.com', 'not-the-password')).status).toBe(401);
    const [failed] = await at('signIn.failed');
    const failure = verify(all.secret, failed as Received).data;
    expect(failure.signIn.status.errorCode).toBe(50126);
    expect(failure.userId).toBe(ada.id);
    // The log and the event are the same sign-in.
    const logged = await api('GET', `/auditLogs/signIns/${failure.signInId}`);
    expect(logged.body).toMatchObject(failure.signIn);

    // A sign-up on the hosted pages: a new user who signed up (and signs in).
    const signUp = await authorize();
    const start = await signUp.get('/signup');
    const sent = await signUp.submit(start.body, '/signup', { email: 'nora@example.com' });
    const details = await signUp.submit(sent.body, '/signup/code', {
      code: await mail.nextCode('nora@example.com'),
    });
    const done = await signUp.submit(details.body, '/signup/details', {
      password: PASSWORD,
      confirm: PASSWORD,
      'attr.displayName': 'Nora',
    });
    expect(done.redirectedTo).toMatch(/\/app\/callback\?code=/);
    const [signedUp] = await at('user.signedUp');
    const nora = verify(all.secret, signedUp as Received).data;
    expect(nora.user).toMatchObject({ displayName: 'Nora', mail: 'nora@example.com' });
    await receiver.waitFor(
      '/all',
      (r) => typeOf(r) === 'user.created' && payloadOf(r).data.userId === nora.userId,
    );

    // A forgotten password, reset by its owner.
    const reset = await authorize();
    const resetStart = await reset.get('/reset');
    const resetSent = await reset.submit(resetStart.body, '/reset', { email: 'nora@example.com' });
    const choose = await reset.submit(resetSent.body, '/reset/code', {
      code: await mail.nextCode('nora@example.com'),
    });
    const resetDone = await reset.submit(choose.body, '/reset/password', {
      password: NEW_PASSWORD,
      confirm: NEW_PASSWORD,
    });
    expect(resetDone.redirectedTo).toMatch(/\/app\/callback\?code=/);
    const [passwordReset] = await at('user.passwordReset');
    expect(verify(all.secret, passwordReset as Received).data).toMatchObject({
      userId: nora.userId,
      user: { id: nora.userId, mail: 'nora@example.com' },
    });
    expect(passwordReset?.body).not.toContain(NEW_PASSWORD);

    // A risk detection (an admin confirms Ada compromised), and the audit entry of that action.
    expect(
      (await api('POST', '/identityProtection/riskyUsers/confirmCompromised', { userIds: [ada.id] })).status,
    ).toBe(204);
    const [risk] = await receiver.waitFor(
      '/all',
      (r) =>
        typeOf(r) === 'risk.detected' &&
        payloadOf(r).data.riskDetection.riskEventType === 'adminConfirmedUserCompromised',
    );
    expect(verify(all.secret, risk as Received).data).toEqual({
      tenantId: TENANT,
      riskDetectionId: expect.any(String),
      userId: ada.id,
      riskDetection: expect.objectContaining({
        userId: ada.id,
        riskEventType: 'adminConfirmedUserCompromised',
        riskLevel: 'high',
      }),
    });
    const [audit] = await receiver.waitFor(
      '/all',
      (r) =>
        typeOf(r) === 'directoryAudit.created' &&
        payloadOf(r).data.directoryAudit.activityDisplayName === 'Confirm user compromised',
    );
    expect(verify(all.secret, audit as Received).data).toEqual({
      tenantId: TENANT,
      directoryAuditId: expect.any(String),
      directoryAudit: expect.objectContaining({
        category: 'IdentityProtection',
        targetResources: [expect.objectContaining({ id: ada.id })],
      }),
    });

    // The user deleted: the event carries them as they were.
    expect((await api('DELETE', `/users/${ada.id}`)).status).toBe(204);
    const [deleted] = await at('user.deleted');
    expect(verify(all.secret, deleted as Received).data).toMatchObject({
      userId: ada.id,
      user: { id: ada.id, displayName: 'Ada Lovelace' },
    });

    // Each message once (a 2xx is a delivery), each with its own id; one user's in order.
    const requests = receiver.at('/all');
    expect(new Set(requests.map((r) => r.headers['webhook-id'])).size).toBe(requests.length);
    const adas = requests.filter((r) => payloadOf(r).data.userId === ada.id).map(typeOf);
    expect(adas.indexOf('user.created')).toBeLessThan(adas.indexOf('user.updated'));
    expect(adas.at(-1)).toBe('user.deleted');
  });

  it('sends nothing to a disabled webhook, nor an event type a webhook did not ask for', async () => {
    const picky = await createWebhook('/picky', ['user.deleted']);
    const off = await createWebhook('/off', WEBHOOK_EVENT_TYPES, { enabled: false });
    const bea = await createUser('bea@example.com');
    expect((await api('PATCH', `/users/${bea.id}`, { displayName: 'Bea B' })).status).toBe(200);
    expect((await signIn('bea@example.com', 'wrong-password')).status).toBe(401);
    await gh.gatehouse.signIns.flush();
    expect((await api('DELETE', `/users/${bea.id}`)).status).toBe(204);
    await receiver.waitFor('/picky', ofType('user.deleted'));
    await gh.gatehouse.webhooks.idle();
    expect(receiver.at('/picky').map(typeOf)).toEqual(['user.deleted']);
    expect(receiver.at('/off')).toEqual([]);
    // Nothing was even written for them: an event nobody wants costs no row.
    const rows = await gh.gatehouse.storage.db
      .selectFrom('webhook_messages')
      .select(['webhook_id', 'event_type'])
      .where('webhook_id', 'in', [picky.id, off.id])
      .execute();
    expect(rows).toEqual([{ webhook_id: picky.id, event_type: 'user.deleted' }]);

    // Enabled again, it gets the next events; disabled, nothing more.
    expect((await api('PATCH', `/webhooks/${off.id}`, { enabled: true })).body.enabled).toBe(true);
    const cy = await createUser('cy@example.com');
    await receiver.waitFor('/off', (r) => typeOf(r) === 'user.created' && payloadOf(r).data.userId === cy.id);
    expect(
      (await api('PATCH', `/webhooks/${off.id}`, { enabled: false, events: ['user.updated'] })).status,
    ).toBe(200);
    expect((await api('PATCH', `/users/${cy.id}`, { displayName: 'Cy' })).status).toBe(200);
    await gh.gatehouse.webhooks.idle();
    expect(receiver.at('/off').map(typeOf)).not.toContain('user.updated');
  });

  it('sends a test event on request and answers with its outcome', async () => {
    const hook = await createWebhook('/tested', ['user.deleted']);
    const sent = await api('POST', `/webhooks/${hook.id}/test`);
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
    expect(sent.body).toEqual({
      id: expect.any(String),
      messageId: expect.stringMatching(/^msg_/),
      eventType: 'webhook.test',
      attempt: 1,
      createdDateTime: clock.now().toISOString(),
      statusCode: 200,
      error: null,
      durationInMilliseconds: expect.any(Number),
      outcome: 'delivered',
      nextAttemptDateTime: null,
    });
    const [request] = receiver.at('/tested');
    expect(verify(hook.secret, request as Received)).toEqual({
      type: 'webhook.test',
      timestamp: clock.now().toISOString(),
      data: { tenantId: TENANT, webhookId: hook.id, message: expect.any(String) },
    });
    expect(request?.headers['webhook-id']).toBe(sent.body.messageId);

    // A receiver that fails: the answer says so; a test is not retried.
    receiver.queue('/tested', 500);
    const failed = await api('POST', `/webhooks/${hook.id}/test`);
    expect(failed.body).toMatchObject({
      statusCode: 500,
      outcome: 'failed',
      error: 'HTTP 500: receiver is down',
      nextAttemptDateTime: null,
    });
    const log = await api('GET', `/webhooks/${hook.id}/deliveries`);
    expect(log.body.value.map((d: { outcome: string }) => d.outcome)).toEqual(['failed', 'delivered']);
    expect((await api('GET', `/webhooks/${hook.id}`)).body.enabled).toBe(true);
  });

  it('rotates the secret: the new one shown once, the old one still signing for a day', async () => {
    const hook = await createWebhook('/rotated', ['user.created']);
    const rotated = await api('POST', `/webhooks/${hook.id}/rotateSecret`);
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).toMatch(/^whsec_/);
    expect(rotated.body.secret).not.toBe(hook.secret);
    expect(rotated.body.secretHint).toBe(rotated.body.secret.slice(0, 10));
    expect((await api('GET', `/webhooks/${hook.id}`)).body).not.toHaveProperty('secret');
    const dan = await createUser('dan@example.com');
    const [request] = await receiver.waitFor('/rotated', (r) => payloadOf(r).data.userId === dan.id);
    expect(request?.headers['webhook-signature']?.split(' ')).toHaveLength(2);
    expect(verify(rotated.body.secret, request as Received).data.userId).toBe(dan.id);
    expect(verify(hook.secret, request as Received).data.userId).toBe(dan.id);
    const audits = await api('GET', '/auditLogs/directoryAudits?activityDisplayName=Rotate webhook secret');
    expect(audits.body.value[0].targetResources[0].id).toBe(hook.id);
    expect(JSON.stringify(audits.body)).not.toContain(rotated.body.secret.slice(10));
  });

  it('lets a reader read webhooks but not create them, and hides them from other tenants\u2019 admins', async () => {
    const definitions = (await gh.api('GET', '/api/v1/roleManagement/directory/roleDefinitions')).body
      .value as {
      id: string;
      displayName: string;
    }[];
    async function daemonWith(role: string, scope: string) {
      const daemon = await gh.registerDaemon('admin', `${role} at ${scope}`);
      await gh.grant('admin', daemon.appId, ADMIN_API_APP_ID, { roles: [ADMIN_API_APP_ROLE.value] });
      const principalId = await gh.gatehouse.principalOfClient(daemon.appId);
      const roleDefinitionId = definitions.find((d) => d.displayName === role)?.id;
      const assigned = await gh.api('POST', '/api/v1/roleManagement/directory/roleAssignments', {
        principalId,
        roleDefinitionId,
        directoryScopeId: scope,
      });
      expect(assigned.status, JSON.stringify(assigned.body)).toBe(201);
      const issued = await tokenRequest(gh.baseUrl, 'admin', {
        grant_type: 'client_credentials',
        client_id: daemon.appId,
        client_secret: daemon.secret,
        resource: `${gh.baseUrl}/api`,
      });
      return String(issued.body.access_token);
    }
    const body = { displayName: 'SIEM', url: 'https://siem.example.com/in', events: ['signIn.failed'] };

    const reader = await daemonWith('Security Reader', `/tenants/${TENANT}`);
    expect((await api('GET', '/webhooks', undefined, reader)).status).toBe(200);
    const refused = await api('POST', '/webhooks', body, reader);
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toContain('microsoft.directory/webhooks/allProperties/allTasks');

    const other = await daemonWith('Security Administrator', '/tenants/elsewhere');
    const hidden = await api('GET', '/webhooks', undefined, other);
    expect(hidden.status).toBe(404);
    expect(hidden.body.error.code).toBe('tenant_not_found');
    expect((await gh.api('POST', '/api/v1/tenants/elsewhere/webhooks', body, other)).status).toBe(201);

    const securityAdmin = await daemonWith('Security Administrator', `/tenants/${TENANT}`);
    const made = await api('POST', '/webhooks', body, securityAdmin);
    expect(made.status).toBe(201);
    expect((await api('DELETE', `/webhooks/${made.body.id}`, undefined, securityAdmin)).status).toBe(204);
    expect((await api('GET', `/webhooks/${made.body.id}`)).status).toBe(404);
  });

  it('retries a failing receiver with backoff, one user at a time, and logs each attempt', async () => {
    const hook = await createWebhook('/flaky', ['user.created', 'user.updated']);
    receiver.queue('/flaky', 500);
    const eve = await createUser('eve@example.com');
    const [first] = await receiver.waitFor('/flaky', () => true);
    expect(first?.status).toBe(500);
    // Eve's next event waits behind the undelivered one; another user's does not.
    expect((await api('PATCH', `/users/${eve.id}`, { displayName: 'Eve E' })).status).toBe(200);
    const fay = await createUser('fay@example.com');
    await receiver.waitFor('/flaky', (r) => payloadOf(r).data.userId === fay.id);
    await gh.gatehouse.webhooks.idle();
    expect(receiver.at('/flaky').filter((r) => payloadOf(r).data.userId === eve.id)).toHaveLength(1);

    const log = await api('GET', `/webhooks/${hook.id}/deliveries`);
    const failed = log.body.value.find((d: { outcome: string }) => d.outcome === 'failed');
    expect(failed).toMatchObject({
      messageId: first?.headers['webhook-id'],
      eventType: 'user.created',
      attempt: 1,
      statusCode: 500,
      error: 'HTTP 500: receiver is down',
      nextAttemptDateTime: new Date(clock.now().getTime() + RETRY_DELAYS_MS[0]).toISOString(),
    });

    // Not yet due: nothing goes. Five seconds later: the retry, then the event behind it.
    expect(await gh.gatehouse.webhooks.deliverDue()).toBe(0);
    advance(RETRY_DELAYS_MS[0]);
    expect(await gh.gatehouse.webhooks.deliverDue()).toBe(2);
    const eves = receiver.at('/flaky').filter((r) => payloadOf(r).data.userId === eve.id);
    expect(eves.map((r) => [typeOf(r), r.status])).toEqual([
      ['user.created', 500],
      ['user.created', 200],
      ['user.updated', 200],
    ]);
    expect(eves[1]?.headers['webhook-id']).toBe(first?.headers['webhook-id']);
    expect(signedWith(hook.secret, eves[1] as Received)).toBe(true);
    expect(Number(eves[1]?.headers['webhook-timestamp'])).toBe(Math.floor(clock.now().getTime() / 1000));

    const after = await api('GET', `/webhooks/${hook.id}/deliveries`);
    const ofEve = after.body.value.filter(
      (d: { messageId: string }) => d.messageId === first?.headers['webhook-id'],
    );
    expect(ofEve.map((d: { attempt: number; outcome: string }) => [d.attempt, d.outcome])).toEqual([
      [2, 'delivered'],
      [1, 'failed'],
    ]);
    expect(ofEve[0]).toMatchObject({ statusCode: 200, error: null, nextAttemptDateTime: null });
  });

  it('disables a webhook whose message failed every attempt, with an audit entry by Gatehouse', async () => {
    const hook = await createWebhook('/dead', ['user.updated']);
    receiver.always('/dead', 503);
    const gus = await createUser('gus@example.com');
    expect((await api('PATCH', `/users/${gus.id}`, { displayName: 'Gus G' })).status).toBe(200);
    await receiver.waitFor('/dead', () => true);
    // The first attempt is settled (logged, its retry scheduled) before time moves on.
    await gh.gatehouse.webhooks.idle();
    for (const delay of RETRY_DELAYS_MS) {
      advance(delay);
      await gh.gatehouse.webhooks.deliverDue();
    }
    const attempts = receiver.at('/dead');
    expect(attempts).toHaveLength(RETRY_DELAYS_MS.length + 1);
    expect(new Set(attempts.map((r) => r.headers['webhook-id'])).size).toBe(1);
    expect(attempts.every((r) => signedWith(hook.secret, r))).toBe(true);

    const disabled = (await api('GET', `/webhooks/${hook.id}`)).body;
    expect(disabled).toMatchObject({ enabled: false, disabledDateTime: clock.now().toISOString() });
    expect(disabled.disabledReason).toContain('HTTP 503');
    const audits = await api('GET', '/auditLogs/directoryAudits?activityDisplayName=Disable webhook');
    expect(audits.body.value[0]).toMatchObject({
      category: 'Webhook',
      operationType: 'Update',
      initiatedBy: { user: null, app: { appId: 'gatehouse', displayName: 'Gatehouse' } },
      targetResources: [{ id: hook.id, type: 'Webhook' }],
    });
    expect(audits.body.value[0].resultReason).toContain('HTTP 503');

    // The delivery log, newest first, a page at a time.
    const page = await api('GET', `/webhooks/${hook.id}/deliveries?$top=5`);
    expect(page.body.value.map((d: { attempt: number }) => d.attempt)).toEqual([8, 7, 6, 5, 4]);
    expect(page.body.value[0]).toMatchObject({
      outcome: 'failed',
      statusCode: 503,
      nextAttemptDateTime: null,
    });
    const next = await gh.api('GET', page.body['@odata.nextLink'].slice(gh.baseUrl.length), undefined, token);
    expect(next.body.value.map((d: { attempt: number }) => d.attempt)).toEqual([3, 2, 1]);
    expect(next.body['@odata.nextLink']).toBeUndefined();

    // Disabled, it gets nothing; enabled again, it does (and Gatehouse's reason is gone).
    receiver.always('/dead', 200);
    expect((await api('PATCH', `/users/${gus.id}`, { displayName: 'Gus' })).status).toBe(200);
    await gh.gatehouse.webhooks.idle();
    expect(receiver.at('/dead')).toHaveLength(RETRY_DELAYS_MS.length + 1);
    const enabled = await api('PATCH', `/webhooks/${hook.id}`, { enabled: true });
    expect(enabled.body).toMatchObject({ enabled: true, disabledReason: null, disabledDateTime: null });
    expect((await api('PATCH', `/users/${gus.id}`, { displayName: 'Gus Again' })).status).toBe(200);
    const [again] = await receiver.waitFor('/dead', (r) => r.status === 200);
    expect(payloadOf(again as Received).data.user.displayName).toBe('Gus Again');
  });

  it('purges delivered messages and the delivery log after 30 days', async () => {
    const hook = await createWebhook('/purged', ['user.created']);
    await createUser('hal@example.com');
    await receiver.waitFor('/purged', () => true);
    await gh.gatehouse.webhooks.idle();
    expect((await api('GET', `/webhooks/${hook.id}/deliveries`)).body.value).toHaveLength(1);
    advance(29 * 24 * 60 * 60_000);
    await gh.gatehouse.webhooks.purgeExpired();
    expect((await api('GET', `/webhooks/${hook.id}/deliveries`)).body.value).toHaveLength(1);
    advance(2 * 24 * 60 * 60_000);
    expect(await gh.gatehouse.webhooks.purgeExpired()).toBeGreaterThan(0);
    expect((await api('GET', `/webhooks/${hook.id}/deliveries`)).body.value).toEqual([]);
    const left = await gh.gatehouse.storage.db
      .selectFrom('webhook_messages')
      .select('id')
      .where('webhook_id', '=', hook.id)
      .execute();
    expect(left).toEqual([]);
  });
});

describe.each(TEST_DATABASES)('webhook deliveries across a restart on %s', (kind) => {
  let receiver: Receiver;
  let database: TestDatabase | undefined;
  beforeAll(async () => {
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await receiver?.close();
    await database?.drop();
  });

  it('delivers, after a restart on the same data, the messages pending when the node stopped', async () => {
    const clock = new ManualClock(new Date());
    const first = await startGatehouse(kind, { clock });
    database = first.database;
    expect(
      (await first.api('POST', '/api/v1/tenants', { id: 'restart', displayName: 'restart' })).status,
    ).toBe(201);
    const created = await first.api('POST', '/api/v1/tenants/restart/webhooks', {
      displayName: 'Down for now',
      url: receiver.url('/restart'),
      events: ['user.created', 'user.updated'],
    });
    expect(created.status).toBe(201);
    receiver.always('/restart', 503);
    const users: string[] = [];
    for (const name of ['ivy', 'jon', 'kim']) {
      const user = await first.api('POST', '/api/v1/tenants/restart/users', {
        displayName: name,
        mail: `${name}@example.com`,
      });
      users.push(user.body.id);
      await first.api('PATCH', `/api/v1/tenants/restart/users/${user.body.id}`, { displayName: `${name}!` });
    }
    // Each user's first message failed once; the second waits behind it.
    await receiver.waitFor('/restart', () => true, 3);
    await first.gatehouse.webhooks.idle();
    expect(receiver.at('/restart')).toHaveLength(3);
    await first.stop({ keepDatabase: true });

    receiver.always('/restart', 200);
    clock.advance(RETRY_DELAYS_MS[0]);
    const second = await startGatehouse(kind, { clock, database: first.database });
    try {
      expect(await second.gatehouse.webhooks.deliverDue()).toBe(6);
      const delivered = receiver.at('/restart').filter((r) => r.status === 200);
      for (const userId of users)
        expect(delivered.filter((r) => payloadOf(r).data.userId === userId).map(typeOf), userId).toEqual([
          'user.created',
          'user.updated',
        ]);
      expect(new Set(delivered.map((r) => r.headers['webhook-id'])).size).toBe(6);
      expect(delivered.every((r) => signedWith(created.body.secret, r))).toBe(true);
    } finally {
      await second.stop({ keepDatabase: true });
    }
  });

  it('lets two nodes on one database deliver at once, each message by one of them', async () => {
    const clock = new ManualClock(new Date());
    const one = await startGatehouse(kind, { clock });
    const two = await startGatehouse(kind, { clock, database: one.database });
    try {
      expect((await one.api('POST', '/api/v1/tenants', { id: 'pair', displayName: 'pair' })).status).toBe(
        201,
      );
      const created = await one.api('POST', '/api/v1/tenants/pair/webhooks', {
        displayName: 'Busy',
        url: receiver.url('/pair'),
        events: ['user.created'],
      });
      receiver.always('/pair', 503);
      for (let i = 0; i < 24; i++)
        expect(
          (
            await (i % 2 ? one : two).api('POST', '/api/v1/tenants/pair/users', {
              displayName: `user ${i}`,
              mail: `user${i}@example.com`,
            })
          ).status,
        ).toBe(201);
      await receiver.waitFor('/pair', () => true, 24);
      await Promise.all([one.gatehouse.webhooks.idle(), two.gatehouse.webhooks.idle()]);

      receiver.always('/pair', 200);
      clock.advance(RETRY_DELAYS_MS[0]);
      const [a, b] = await Promise.all([
        one.gatehouse.webhooks.deliverDue(),
        two.gatehouse.webhooks.deliverDue(),
      ]);
      expect(a + b).toBe(24);
      const delivered = receiver.at('/pair').filter((r) => r.status === 200);
      expect(delivered).toHaveLength(24);
      expect(new Set(delivered.map((r) => r.headers['webhook-id'])).size).toBe(24);
      expect(delivered.every((r) => signedWith(created.body.secret, r))).toBe(true);
    } finally {
      await two.stop({ keepDatabase: true });
      await one.stop();
    }
  });
});
