import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Mailer } from '../src/messaging/index.js';
import { ManualClock } from '../src/platform/index.js';
import { Browser, readForm } from './support/browser.js';
import { TEST_DATABASES } from './support/databases.js';
import { startGatehouse, type TestGatehouse } from './support/gatehouse.js';
import { type MailSink, startMailSink } from './support/mail-sink.js';
import { client, relyingParty } from './support/oauth.js';

const PASSWORD = 'Correct-Horse-Battery-Staple-42';
const KNOWN = 'kim@example.com';
const UNKNOWN = 'nobody@example.com';

/**
 * A mail outbox as slow as a test likes: every message the server queues waits until the test
 * releases it. The page of a known address may not wait for it, since the page of an unknown
 * address has nothing to wait for: a difference anyone can time.
 */
function holdMail(mailer: Mailer) {
  const enqueue = mailer.enqueue;
  const asked: string[] = [];
  let released = false;
  let release!: () => void;
  const gate = new Promise<void>((resolve) => {
    release = () => {
      released = true;
      resolve();
    };
  });
  mailer.enqueue = async (tenantId, message) => {
    asked.push(message.to);
    await gate;
    return enqueue(tenantId, message);
  };
  // Breaks the deadlock of a page that does wait, so the test fails instead of hanging.
  const watchdog = setTimeout(release, 5_000);
  return {
    /** The recipients of the messages queued so far. */
    asked,
    /** Whether the messages have been let through. */
    get released() {
      return released;
    },
    release,
    restore() {
      clearTimeout(watchdog);
      release();
      mailer.enqueue = enqueue;
    },
  };
}

/**
 * Password-reset and email sign-in codes: the page answers the same, after the same work, for
 * an address with an account and one without. Whether to send the code (which needs the
 * account looked up) and queueing it happen after the page has answered, for both alike.
 */
describe.each(TEST_DATABASES)('code requests that do not tell whether an account exists, on %s', (kind) => {
  const clock = new ManualClock(new Date());
  let gh: TestGatehouse;
  let mail: MailSink;
  let callback: string;
  let app: { id: string; appId: string; secret: string };
  let nextIp = 10;

  beforeAll(async () => {
    mail = await startMailSink();
    gh = await startGatehouse(kind, {
      clock,
      env: { GATEHOUSE_SMTP_URL: mail.url, GATEHOUSE_TRUSTED_PROXIES: '127.0.0.1/32,::1/128' },
    });
    callback = `${gh.baseUrl}/app/callback`;
    app = await gh.registerApp('demo', { displayName: 'Code Shop', web: { redirectUris: [callback] } });
    const flow = await gh.api('POST', '/api/v1/tenants/demo/userFlows', {
      displayName: 'Codes',
      signInMethods: ['emailPassword', 'emailOtp'],
      applications: [app.appId],
    });
    expect(flow.status, JSON.stringify(flow.body)).toBe(201);
    const user = await gh.api('POST', '/api/v1/tenants/demo/users', {
      displayName: 'Kim',
      mail: KNOWN,
      passwordProfile: { password: PASSWORD },
    });
    expect(user.status, JSON.stringify(user.body)).toBe(201);
  });
  afterAll(async () => {
    await gh?.stop();
    await mail?.close();
  });

  /** A new browser at the app's first page, and a way to post the forms of its pages. */
  async function visit() {
    const browser = new Browser({ 'x-forwarded-for': `198.51.100.${nextIp++}` });
    const rp = await relyingParty(gh.baseUrl, 'demo', app.appId, client.ClientSecretBasic(app.secret));
    const url = client.buildAuthorizationUrl(rp, {
      redirect_uri: callback,
      scope: 'openid',
      code_challenge: await client.calculatePKCECodeChallenge(client.randomPKCECodeVerifier()),
      code_challenge_method: 'S256',
      state: client.randomState(),
    });
    const first = await browser.navigate(url, callback);
    expect(first.status).toBe(200);
    const base = new URL(first.url).pathname;
    return {
      get: (path: string) => browser.navigate(new URL(`${base}${path}`, gh.baseUrl), callback),
      async submit(html: string, action: string, values: Record<string, string>) {
        const form = readForm(html, new RegExp(`${action.replaceAll('/', '\\/')}$`));
        return browser.navigate(new URL(form.action, gh.baseUrl), callback, {
          form: { ...form.fields, ...values },
        });
      },
    };
  }

  /** A page without what differs between two visits: the address, the interaction, the form token. */
  const shape = (body: string, email: string) =>
    body
      .replaceAll(email, '{email}')
      .replace(/\/interaction\/[A-Za-z0-9_-]+/g, '/interaction/{uid}')
      .replace(/name="csrf" value="[^"]*"/g, 'name="csrf" value="{csrf}"');

  /** Asks for a code at `path` (`/reset` or `/otp`); whether the page came back while mail was held. */
  async function requestCode(path: string, email: string, held: ReturnType<typeof holdMail>) {
    const visitor = await visit();
    const start = await visitor.get(path);
    expect(start.status).toBe(200);
    const page = await visitor.submit(start.body, path, { email });
    return { page, visitor, answeredWhileHeld: !held.released };
  }

  for (const [name, path] of [
    ['a password reset', '/reset'],
    ['an email sign-in', '/otp'],
  ] as const) {
    it(`answers ${name} code request without waiting for the mail, for known and unknown addresses alike`, async () => {
      const held = holdMail(gh.gatehouse.mailer);
      let known: Awaited<ReturnType<typeof requestCode>>;
      let unknown: Awaited<ReturnType<typeof requestCode>>;
      try {
        known = await requestCode(path, KNOWN, held);
        unknown = await requestCode(path, UNKNOWN, held);
      } finally {
        held.restore();
      }
      // Both pages answered while no mail could be queued: neither waited for it.
      expect(known.answeredWhileHeld).toBe(true);
      expect(unknown.answeredWhileHeld).toBe(true);
      expect(known.page.status).toBe(200);
      expect(unknown.page.status).toBe(200);
      expect(known.page.url).toMatch(new RegExp(`${path}/code$`));
      expect(shape(unknown.page.body, UNKNOWN)).toBe(shape(known.page.body, KNOWN));

      // Once mail moves, the known address gets its code, the unknown one nothing.
      const code = await mail.nextCode(KNOWN);
      await gh.gatehouse.mailer.idle();
      expect(held.asked).toEqual([KNOWN]);
      expect(mail.received.filter((m) => m.to === UNKNOWN)).toEqual([]);

      // The code works.
      const done = await known.visitor.submit(known.page.body, `${path}/code`, { code });
      if (path === '/reset') expect(done.url).toMatch(/\/reset\/password$/);
      else expect(done.redirectedTo).toMatch(/\/app\/callback\?code=/);
    });
  }

  it('answers "send a new code" without waiting for the mail, for known and unknown addresses alike', async () => {
    const first = holdMail(gh.gatehouse.mailer);
    first.restore();
    const known = await requestCode('/reset', KNOWN, first);
    const unknown = await requestCode('/reset', UNKNOWN, first);
    await mail.nextCode(KNOWN);
    await gh.gatehouse.mailer.idle();
    clock.advance(31_000);

    const held = holdMail(gh.gatehouse.mailer);
    let knownAgain: { page: Awaited<ReturnType<typeof known.visitor.submit>>; answeredWhileHeld: boolean };
    let unknownAgain: typeof knownAgain;
    try {
      const resend = async (request: typeof known) => {
        const page = await request.visitor.submit(request.page.body, '/reset/resend', {});
        return { page, answeredWhileHeld: !held.released };
      };
      knownAgain = await resend(known);
      unknownAgain = await resend(unknown);
    } finally {
      held.restore();
    }
    expect(knownAgain.answeredWhileHeld).toBe(true);
    expect(unknownAgain.answeredWhileHeld).toBe(true);
    expect(knownAgain.page.status).toBe(200);
    expect(knownAgain.page.body).toContain('We sent a new code.');
    expect(shape(unknownAgain.page.body, UNKNOWN)).toBe(shape(knownAgain.page.body, KNOWN));

    const code = await mail.nextCode(KNOWN);
    await gh.gatehouse.mailer.idle();
    expect(held.asked).toEqual([KNOWN]);
    expect(mail.received.filter((m) => m.to === UNKNOWN)).toEqual([]);
    const chosen = await known.visitor.submit(knownAgain.page.body, '/reset/code', { code });
    expect(chosen.url).toMatch(/\/reset\/password$/);
  });
});
