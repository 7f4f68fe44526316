import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, readForm } from './support/browser.js';
import { TEST_DATABASES } from './support/databases.js';
import { startGatehouse, type TestGatehouse } from './support/gatehouse.js';
import { type MailSink, startMailSink } from './support/mail-sink.js';
import { client, relyingParty } from './support/oauth.js';

const PASSWORD = 'Correct-Horse-Battery-Staple-42';
/** Catastrophic for a backtracking engine: 27 letters took 4.4 s, each more doubles it. */
const PATHOLOGICAL = '([a-z]|[a-z0-9])+x';

/**
 * Validation patterns are typed by admins and run against what anonymous visitors post: they
 * run in a linear-time engine (RE2), so no answer can hold the server up, and a pattern that
 * engine cannot run is refused when the flow is saved.
 */
describe.each(TEST_DATABASES)('admin-typed validation patterns on %s', (kind) => {
  let gh: TestGatehouse;
  let mail: MailSink;
  let callback: string;
  let app: { id: string; appId: string; secret: string };
  let nextIp = 10;
  const flows = '/api/v1/tenants/demo/userFlows';

  beforeAll(async () => {
    mail = await startMailSink();
    gh = await startGatehouse(kind, {
      env: { GATEHOUSE_SMTP_URL: mail.url, GATEHOUSE_TRUSTED_PROXIES: '127.0.0.1/32,::1/128' },
    });
    callback = `${gh.baseUrl}/app/callback`;
    app = await gh.registerApp('demo', { displayName: 'Pattern Shop', web: { redirectUris: [callback] } });
    const attribute = await gh.api('POST', '/api/v1/tenants/demo/customAttributes', {
      name: 'memberCode',
      dataType: 'string',
    });
    expect(attribute.status).toBe(201);
  });
  afterAll(async () => {
    await gh?.stop();
    await mail?.close();
  });

  /** A visitor's browser at the sign-up form's last page (email verified), for the app's flow. */
  async function signUpDetails(email: string) {
    const browser = new Browser({ 'x-forwarded-for': `198.51.100.${nextIp++}` });
    const rp = await relyingParty(gh.baseUrl, 'demo', app.appId, client.ClientSecretBasic(app.secret));
    const verifier = client.randomPKCECodeVerifier();
    const url = client.buildAuthorizationUrl(rp, {
      redirect_uri: callback,
      scope: 'openid',
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state: client.randomState(),
    });
    const first = await browser.navigate(url, callback);
    expect(first.status).toBe(200);
    const submit = async (html: string, action: string, values: Record<string, string>) => {
      const form = readForm(html, new RegExp(`${action.replaceAll('/', '\\/')}$`));
      return browser.navigate(new URL(form.action, gh.baseUrl), callback, {
        form: { ...form.fields, ...values },
      });
    };
    const base = new URL(first.url).pathname;
    const start = await browser.navigate(new URL(`${base}/signup`, gh.baseUrl), callback);
    const sent = await submit(start.body, '/signup', { email });
    expect(sent.status).toBe(200);
    const details = await submit(sent.body, '/signup/code', { code: await mail.nextCode(email) });
    expect(details.status).toBe(200);
    expect(details.body).toContain('memberCode');
    return { details, submit };
  }

  it('accepts a pattern that is catastrophic for a backtracking engine, and answers every value at once', async () => {
    const saved = await gh.api('POST', flows, {
      displayName: 'Members',
      signInMethods: ['emailPassword'],
      attributes: [
        { attribute: 'displayName', required: true },
        { attribute: 'memberCode', required: true, validation: { pattern: PATHOLOGICAL } },
      ],
      applications: [app.appId],
    });
    // Safe under RE2, so there is nothing to refuse.
    expect(saved.status, JSON.stringify(saved.body)).toBe(201);
    expect(saved.body.attributes[1].validation).toEqual({ pattern: PATHOLOGICAL });

    const { details, submit } = await signUpDetails('mallory@example.com');
    const post = (value: string) =>
      submit(details.body, '/signup/details', {
        password: PASSWORD,
        confirm: PASSWORD,
        'attr.displayName': 'Mallory',
        'attr.memberCode': value,
      });
    // The first post of the page loads what it needs (password checks): not part of the bound.
    const warm = await post('');
    expect(warm.status).toBe(400);
    expect(warm.body).toContain('memberCode');
    // 27 letters blocked the event loop for 4.4 s with RegExp; 1024 (the cap) would never end.
    // A loose bound on one request: this is a hang check, not a benchmark.
    for (const value of ['a'.repeat(27), 'a'.repeat(40), 'a'.repeat(1024)]) {
      const started = performance.now();
      const refused = await post(value);
      const elapsed = performance.now() - started;
      expect(refused.status, `${value.length} characters`).toBe(400);
      expect(refused.body).toContain('This value is not in the expected format.');
      expect(elapsed, `${value.length} characters`).toBeLessThan(1000);
    }
    // Longer than any answer may be: refused by length, before the pattern.
    const tooLong = await post('a'.repeat(1025));
    expect(tooLong.status).toBe(400);
    expect(tooLong.body).not.toContain('This value is not in the expected format.');
    expect((await gh.api('GET', '/api/v1/tenants/demo/users?$top=100')).body.value).toEqual([]);

    // A value the pattern does match goes through: the account exists.
    const done = await post(`${'a1'.repeat(500)}x`);
    expect(done.redirectedTo).toMatch(/\/app\/callback\?code=/);
    const users = (await gh.api('GET', '/api/v1/tenants/demo/users?$top=100')).body.value;
    expect(users.map((u: { mail: string }) => u.mail)).toEqual(['mallory@example.com']);
  });

  it('refuses, when the flow is saved, a pattern the linear-time engine cannot run, and says why', async () => {
    const save = (pattern: string) =>
      gh.api('POST', flows, {
        displayName: 'Refused',
        attributes: [{ attribute: 'memberCode', validation: { pattern } }],
      });
    for (const [pattern, why] of [
      ['(a)\\1', /backreference|\\1/],
      ['(?<n>a)\\k<n>', /backreference|\\k/],
      ['(?=a)[a-z]+', /lookahead|lookaround|\(\?=/],
      ['(?!admin)[a-z]+', /lookahead|lookaround|\(\?!/],
      ['(?<=a)b', /lookbehind|lookaround|\(\?<=/],
      ['a++', /\+\+/],
      ['[a-', /missing closing \]/],
      // Would leave the whole-value anchors behind if it were pasted into ^(?:…)$.
      ['a)|(b', /unexpected \)/],
    ] as const) {
      const refused = await save(pattern);
      expect(refused.status, pattern).toBe(400);
      expect(refused.body.error, pattern).toMatchObject({
        code: 'invalid_pattern',
        target: 'attributes.0.validation.pattern',
      });
      expect(refused.body.error.message, pattern).toMatch(why);
    }
    // A pattern whose program is too large to check quickly is refused too, with the reason.
    const large = await save('.{0,1000}.{0,1000}');
    expect(large.status).toBe(400);
    expect(large.body.error).toMatchObject({ code: 'invalid_pattern' });
    expect(large.body.error.message).toMatch(/too large/);
    // Nothing was saved.
    const listed = (await gh.api('GET', flows)).body.value as { displayName: string }[];
    expect(listed.map((f) => f.displayName)).not.toContain('Refused');
  });
});
