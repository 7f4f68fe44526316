import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../src/platform/index.js';
import { Browser, readForm } from './support/browser.js';
import { TEST_DATABASES } from './support/databases.js';
import { startGatehouse, type TestGatehouse } from './support/gatehouse.js';
import { type MailSink, startMailSink } from './support/mail-sink.js';
import { client, relyingParty } from './support/oauth.js';
import { totpCode } from './support/totp.js';

const PASSWORD = 'Correct-Horse-Battery-Staple-42';
const MFA = 'urn:gatehouse:loa:2';

describe.each(TEST_DATABASES)('multi-factor sign-in on %s', (kind) => {
  const clock = new ManualClock(new Date('2026-11-25T12:00:10Z'));
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
    app = await gh.registerApp('demo', { displayName: 'Contoso Bank', web: { redirectUris: [callback] } });
  });
  afterAll(async () => {
    await gh?.stop();
    await mail?.close();
  });

  async function createUser(mailAddress: string | null, name: string) {
    const created = await gh.api('POST', '/api/v1/tenants/demo/users', {
      displayName: name,
      ...(mailAddress
        ? { mail: mailAddress }
        : { identities: [{ signInType: 'userName', issuerAssignedId: name.toLowerCase() }] }),
      passwordProfile: { password: PASSWORD },
    });
    expect(created.status).toBe(201);
    return created.body.id as string;
  }

  /** An authorization request asking for MFA, and the password typed on the sign-in page. */
  async function signIn(login: string, extra: Record<string, string> = { acr_values: MFA }) {
    const browser = new Browser({ 'x-forwarded-for': `198.51.100.${nextIp++}` });
    const rp = await relyingParty(gh.baseUrl, 'demo', app.appId, client.ClientSecretBasic(app.secret));
    const verifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const url = client.buildAuthorizationUrl(rp, {
      redirect_uri: callback,
      scope: 'openid profile email',
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      ...extra,
    });
    const start = await browser.navigate(url, callback);
    const form = readForm(start.body, /\/login$/);
    const afterPassword = await browser.navigate(new URL(form.action, gh.baseUrl), callback, {
      form: { ...form.fields, login, password: PASSWORD },
    });
    return {
      afterPassword,
      async submit(html: string, action: string, values: Record<string, string> = {}) {
        const next = readForm(html, new RegExp(`${action.replaceAll('/', '\\/')}$`));
        return browser.navigate(new URL(next.action, gh.baseUrl), callback, {
          form: { ...next.fields, ...values },
        });
      },
      get: (path: string) => browser.navigate(new URL(path, gh.baseUrl), callback),
      /** Another authorization request of the same app in the same browser. */
      async authorize(params: Record<string, string>) {
        const again = client.buildAuthorizationUrl(rp, {
          redirect_uri: callback,
          scope: 'openid',
          code_challenge: await client.calculatePKCECodeChallenge(client.randomPKCECodeVerifier()),
          code_challenge_method: 'S256',
          state: client.randomState(),
          ...params,
        });
        return browser.navigate(again, callback);
      },
      async tokens(redirectedTo: string | undefined) {
        expect(redirectedTo).toMatch(/\/app\/callback\?code=/);
        return client.authorizationCodeGrant(rp, new URL(redirectedTo as string), {
          pkceCodeVerifier: verifier,
          expectedState: state,
        });
      },
    };
  }

  it('asks for a second factor when the app asks for it with acr_values, by a code sent by email', async () => {
    const userId = await createUser('vera@example.com', 'Vera');
    const run = await signIn('vera@example.com');
    expect(run.afterPassword.url).toMatch(/\/mfa$/);
    expect(run.afterPassword.body).toContain('Email a code to v•••@example.com');
    const sent = await run.submit(run.afterPassword.body, '/mfa/email');
    expect(sent.url).toMatch(/\/mfa\/email\/code$/);
    expect(sent.body).toContain('5 minutes');
    const code = await mail.nextCode('vera@example.com');
    clock.advance(1000);
    const done = await run.submit(sent.body, '/mfa/email/code', { code });
    const claims = (await run.tokens(done.redirectedTo)).claims();
    expect(claims?.amr).toEqual(expect.arrayContaining(['pwd', 'otp', 'mfa']));
    expect(claims?.acr).toBe(MFA);

    await gh.gatehouse.signIns.flush();
    const log = await gh.api('GET', `/api/v1/tenants/demo/auditLogs/signIns?userId=${userId}`);
    expect(log.body.value.map((e: { status: { errorCode: number } }) => e.status.errorCode)).toEqual([
      0, 50074,
    ]);
    expect(log.body.value[0].authenticationRequirement).toBe('multiFactorAuthentication');
  });

  it('logs a wrong second factor as a failed sign-in of the app, and counts it in usage & insights', async () => {
    const emailMfa = async () => {
      await gh.gatehouse.usageRollup.rollUp();
      const mfa = await gh.api(
        'GET',
        `/api/v1/tenants/demo/reports/userInsights/monthly/mfaCompletions?$filter=appId eq '${app.appId}' and mfaMethod eq 'Email'&$select=attemptsCount,successCount`,
      );
      expect(mfa.status).toBe(200);
      return mfa.body.value[0] ?? { attemptsCount: 0, successCount: 0 };
    };
    const before = await emailMfa();
    const userId = await createUser('wanda@example.com', 'Wanda');
    const run = await signIn('wanda@example.com');
    const sent = await run.submit(run.afterPassword.body, '/mfa/email');
    const code = await mail.nextCode('wanda@example.com');
    clock.advance(1000);
    const wrong = await run.submit(sent.body, '/mfa/email/code', {
      code: code === '000000' ? '111111' : '000000',
    });
    expect(wrong.status).toBe(401);
    clock.advance(1000);
    const done = await run.submit(wrong.body, '/mfa/email/code', { code });
    await run.tokens(done.redirectedTo);

    await gh.gatehouse.signIns.flush();
    const log = await gh.api('GET', `/api/v1/tenants/demo/auditLogs/signIns?userId=${userId}`);
    const codes = log.body.value.map((e: { status: { errorCode: number } }) => e.status.errorCode);
    expect(codes).toEqual([0, 500121, 50074]);
    expect(log.body.value[1]).toMatchObject({ appId: app.appId, ipAddress: log.body.value[2].ipAddress });

    const after = await emailMfa();
    expect(after.attemptsCount - before.attemptsCount).toBe(2);
    expect(after.successCount - before.successCount).toBe(1);
  });

  it('signs in with one factor when nothing asks for more', async () => {
    await createUser('wim@example.com', 'Wim');
    const run = await signIn('wim@example.com', {});
    const claims = (await run.tokens(run.afterPassword.redirectedTo)).claims();
    expect(claims?.amr).toEqual(['pwd']);
    expect(claims?.acr).toBe('urn:gatehouse:loa:1');
  });

  it('makes a user with no method set up an authenticator app, then accepts each code once, and recovery codes once', async () => {
    // Without email as a method, this user has nothing to prove a second factor with.
    const policy = await gh.api('PATCH', '/api/v1/tenants/demo/authenticationMethodsPolicy', {
      authenticationMethodConfigurations: [{ id: 'Email', state: 'disabled' }],
    });
    expect(policy.status).toBe(200);
    await createUser(null, 'Xena');

    const first = await signIn('xena');
    expect(first.afterPassword.url).toMatch(/\/mfa\/setup$/);
    const secret = /Enter this key in the app: ([A-Z2-7]+)/.exec(first.afterPassword.body)?.[1] as string;
    expect(secret).toBeDefined();
    expect(first.afterPassword.body).toContain('src="data:image/svg+xml;base64,');
    const wrong = await first.submit(first.afterPassword.body, '/mfa/setup', { code: '000000' });
    expect(wrong.status).toBe(401);
    const setupSecret = /Enter this key in the app: ([A-Z2-7]+)/.exec(wrong.body)?.[1] as string;
    const saved = await first.submit(wrong.body, '/mfa/setup', { code: totpCode(setupSecret, clock.now()) });
    const recoveryCodes = [...saved.body.matchAll(/<li><code>([^<]+)<\/code><\/li>/g)].map(
      (m) => m[1] as string,
    );
    expect(recoveryCodes).toHaveLength(10);
    const done = await first.submit(saved.body, '/mfa/setup/done');
    expect((await first.tokens(done.redirectedTo)).claims()?.amr).toContain('mfa');

    // The code of this time step was spent on the setup: it does not work again.
    const second = await signIn('xena');
    expect(second.afterPassword.url).toMatch(/\/mfa$/);
    const totpPage = await second.get(`${new URL(second.afterPassword.url).pathname}/totp`);
    const replay = await second.submit(totpPage.body, '/mfa/totp', {
      code: totpCode(setupSecret, clock.now()),
    });
    expect(replay.status).toBe(401);
    clock.advance(30_000);
    const fresh = await second.submit(replay.body, '/mfa/totp', { code: totpCode(setupSecret, clock.now()) });
    expect((await second.tokens(fresh.redirectedTo)).claims()?.acr).toBe(MFA);

    // A recovery code works once.
    for (const expected of ['success', 'refused'] as const) {
      const run = await signIn('xena');
      const page = await run.get(`${new URL(run.afterPassword.url).pathname}/recovery`);
      const result = await run.submit(page.body, '/mfa/recovery', {
        code: (recoveryCodes[0] as string).toLowerCase(),
      });
      if (expected === 'success') expect(result.redirectedTo).toMatch(/code=/);
      else expect(result.status).toBe(401);
    }

    // Five wrong codes, and the user must wait.
    const guesser = await signIn('xena');
    let page = await guesser.get(`${new URL(guesser.afterPassword.url).pathname}/totp`);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      page = await guesser.submit(page.body, '/mfa/totp', { code: '123456' });
      statuses.push(page.status);
    }
    expect(statuses.slice(-1)).toEqual([429]);

    await gh.api('PATCH', '/api/v1/tenants/demo/authenticationMethodsPolicy', {
      authenticationMethodConfigurations: [{ id: 'Email', state: 'enabled' }],
    });
  });

  it('steps an existing one-factor session up to two factors, and holds an app that requires MFA to it', async () => {
    await createUser('zoe@example.com', 'Zoe');
    const run = await signIn('zoe@example.com', {});
    expect((await run.tokens(run.afterPassword.redirectedTo)).claims()?.acr).toBe('urn:gatehouse:loa:1');

    // prompt=none cannot step up silently.
    const silent = await run.authorize({ acr_values: MFA, prompt: 'none' });
    expect(silent.redirectedTo).toContain('error=interaction_required');

    // The same browser asks for MFA: no password again, straight to the second factor.
    const stepUp = await run.authorize({ acr_values: MFA });
    expect(stepUp.url).toMatch(/\/mfa$/);
    const sent = await run.submit(stepUp.body, '/mfa/email');
    const done = await run.submit(sent.body, '/mfa/email/code', {
      code: await mail.nextCode('zoe@example.com'),
    });
    expect(done.redirectedTo).toMatch(/code=/);

    // An app that requires MFA asks a one-factor session for it, without acr_values.
    const strict = await gh.api('PATCH', `/api/v1/tenants/demo/applications/${app.id}`, { requireMfa: true });
    expect(strict.body.requireMfa).toBe(true);
    const other = await signIn('zoe@example.com', {});
    expect(other.afterPassword.url).toMatch(/\/mfa$/);
    await gh.api('PATCH', `/api/v1/tenants/demo/applications/${app.id}`, { requireMfa: false });
  });

  it("texts a code to the user's phone where the tenant allows SMS", async () => {
    const userId = await createUser('ines@example.com', 'Ines');
    await gh.api('PATCH', '/api/v1/tenants/demo/authenticationMethodsPolicy', {
      authenticationMethodConfigurations: [{ id: 'Sms', state: 'enabled' }],
    });
    await gh.gatehouse.mfa.addPhone('demo', userId, '+1 425 555 0123');
    const run = await signIn('ines@example.com');
    expect(run.afterPassword.body).toContain('Text a code to +14•••••••23');
    const sent = await run.submit(run.afterPassword.body, '/mfa/sms');
    expect(sent.url).toMatch(/\/mfa\/sms\/code$/);
    const outbox = await gh.api('GET', '/api/v1/tenants/demo/smsOutbox?$top=1');
    expect(outbox.body.value[0].to).toBe('+14255550123');
    const code = /\b(\d{6})\b/.exec(outbox.body.value[0].text)?.[1] as string;
    // Asking for another text at once waits out the cooldown.
    const choice = await run.get(new URL(run.afterPassword.url).pathname);
    const early = await run.submit(choice.body, '/mfa/sms');
    expect(early.status).toBe(429);
    expect(early.body).toMatch(/Wait \d+ seconds/);
    const wrong = await run.submit(sent.body, '/mfa/sms/code', {
      code: code === '000000' ? '111111' : '000000',
    });
    expect(wrong.status).toBe(401);
    const done = await run.submit(wrong.body, '/mfa/sms/code', { code });
    expect((await run.tokens(done.redirectedTo)).claims()?.amr).toEqual(
      expect.arrayContaining(['pwd', 'sms', 'mfa']),
    );
    await gh.api('PATCH', '/api/v1/tenants/demo/authenticationMethodsPolicy', {
      authenticationMethodConfigurations: [{ id: 'Sms', state: 'disabled' }],
    });
  });

  it('never lets a password alone add an authenticator app for a user who has a method', async () => {
    await createUser('yara@example.com', 'Yara');
    const run = await signIn('yara@example.com');
    expect(run.afterPassword.url).toMatch(/\/mfa$/);
    const setup = await run.get(`${new URL(run.afterPassword.url).pathname}/setup`);
    expect(setup.url).toMatch(/\/mfa$/);
  });
});
