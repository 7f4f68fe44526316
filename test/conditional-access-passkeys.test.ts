import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type {
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
} from '../src/mfa/passkeys/index.js';
import { ManualClock } from '../src/platform/index.js';
import { Browser, readForm } from './support/browser.js';
import { TEST_DATABASES } from './support/databases.js';
import { type ApiResponse, startGatehouse, type TestGatehouse } from './support/gatehouse.js';
import { type MailSink, startMailSink } from './support/mail-sink.js';
import { client, relyingParty } from './support/oauth.js';
import { SoftwareAuthenticator } from './support/software-authenticator.js';

const PASSWORD = 'Correct-Horse-Battery-Staple-42';
const PHISHING_RESISTANT_MFA = '00000000-0000-0000-0000-000000000004';

/** The WebAuthn options a passkey page hands its script, from its JSON data block. */
function optionsOf<T>(html: string): T {
  const block = /<script type="application\/json" id="passkey-options">([\s\S]*?)<\/script>/.exec(html);
  expect(block).not.toBeNull();
  return JSON.parse(block?.[1] as string) as T;
}

describe.each(TEST_DATABASES)('Conditional Access asking for phishing-resistant MFA on %s', (kind) => {
  // Starts at the real time: oidc-provider stamps sessions with the system clock.
  const clock = new ManualClock(new Date());
  let gh: TestGatehouse;
  let mail: MailSink;
  let callback: string;
  let app: { id: string; appId: string; secret: string };
  let nextIp = 10;
  const policies = '/api/v1/tenants/demo/conditionalAccess/policies';
  const methodsPolicy = '/api/v1/tenants/demo/authenticationMethodsPolicy';

  beforeAll(async () => {
    mail = await startMailSink();
    gh = await startGatehouse(kind, {
      clock,
      env: { GATEHOUSE_SMTP_URL: mail.url, GATEHOUSE_TRUSTED_PROXIES: '127.0.0.1/32,::1/128' },
    });
    callback = `${gh.baseUrl}/app/callback`;
    app = await gh.registerApp('demo', { displayName: 'Contoso Bank', web: { redirectUris: [callback] } });
    // A passkey is the only method that meets the strength.
    await setFido2('enabled');
  });
  afterAll(async () => {
    await gh?.stop();
    await mail?.close();
  });
  // Each test starts with no policy and passkeys on.
  afterEach(async () => {
    const all = await gh.api('GET', policies);
    for (const policy of all.body.value) await gh.api('DELETE', `${policies}/${policy.id}`);
    await setFido2('enabled');
  });

  async function setFido2(state: 'enabled' | 'disabled') {
    const changed = await gh.api('PATCH', methodsPolicy, {
      authenticationMethodConfigurations: [{ id: 'Fido2', state }],
    });
    expect(changed.status).toBe(200);
  }

  async function requirePhishingResistantMfa() {
    const created = await gh.api('POST', policies, {
      displayName: 'Contoso Bank needs a passkey',
      state: 'enabled',
      conditions: { users: { includeUsers: ['All'] }, applications: { includeApplications: [app.appId] } },
      grantControls: {
        operator: 'OR',
        builtInControls: [],
        authenticationStrength: { id: PHISHING_RESISTANT_MFA },
      },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return created.body as { id: string; displayName: string };
  }

  async function createUser(mailAddress: string) {
    const created = await gh.api('POST', '/api/v1/tenants/demo/users', {
      displayName: mailAddress.split('@')[0],
      mail: mailAddress,
      passwordProfile: { password: PASSWORD },
    });
    expect(created.status).toBe(201);
    return created.body.id as string;
  }

  /** A passkey registered for the user directly with the service (as the account pages would). */
  async function givePasskey(userId: string, name: string) {
    const authenticator = new SoftwareAuthenticator({ origin: gh.baseUrl });
    const { challengeId, options } = await gh.gatehouse.passkeys.registrationOptions('demo', {
      id: userId,
      name,
      displayName: name,
    });
    await gh.gatehouse.passkeys.register(
      'demo',
      userId,
      challengeId,
      authenticator.createCredential(options),
    );
    return authenticator;
  }

  async function signInLog(userId: string) {
    await gh.gatehouse.signIns.flush();
    const log = await gh.api('GET', `/api/v1/tenants/demo/auditLogs/signIns?userId=${userId}`);
    return log.body.value as ApiResponse['body'][];
  }

  /** An authorization request in a fresh browser, then the password typed on the sign-in page. */
  async function signInWithPassword(login: string) {
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
    });
    const start = await browser.navigate(url, callback);
    const base = new URL(start.url).pathname;
    const submit = async (html: string, action: string, values: Record<string, string> = {}) => {
      const next = readForm(html, new RegExp(`${action.replaceAll('/', '\\/')}$`));
      return browser.navigate(new URL(next.action, gh.baseUrl), callback, {
        form: { ...next.fields, ...values },
      });
    };
    const after = await submit(start.body, '/login', { login, password: PASSWORD });
    return {
      base,
      after,
      submit,
      get: (path: string) => browser.navigate(new URL(path, gh.baseUrl), callback),
      async tokens(redirectedTo: string | undefined) {
        expect(redirectedTo).toMatch(/\/app\/callback\?code=/);
        return client.authorizationCodeGrant(rp, new URL(redirectedTo as string), {
          pkceCodeVerifier: verifier,
          expectedState: state,
        });
      },
    };
  }

  it('offers only the passkey to a user who has one, and logs the strength as met', async () => {
    const userId = await createUser('petra@example.com');
    const authenticator = await givePasskey(userId, 'petra@example.com');
    const policy = await requirePhishingResistantMfa();

    const run = await signInWithPassword('petra@example.com');
    expect(run.after.url).toMatch(/\/mfa$/);
    expect(run.after.body).toContain('Use a passkey');
    // An emailed code is not phishing-resistant: not offered.
    expect(run.after.body).not.toContain('Email a code');
    expect(run.after.body).not.toContain('/mfa/email');
    expect(run.after.body).not.toContain('/mfa/totp');

    const page = await run.get(`${run.base}/mfa/passkey`);
    expect(page.status).toBe(200);
    // The completed sign-in is logged after the interrupted one.
    clock.advance(1000);
    const done = await run.submit(page.body, '/mfa/passkey', {
      response: JSON.stringify(
        authenticator.getAssertion(optionsOf<PublicKeyCredentialRequestOptionsJSON>(page.body)),
      ),
    });
    const claims = (await run.tokens(done.redirectedTo)).claims();
    expect(claims?.sub).toBe(userId);
    expect(claims?.amr).toEqual(expect.arrayContaining(['pwd', 'hwk', 'mfa']));

    const [entry, interrupted] = await signInLog(userId);
    // The password alone was logged as interrupted for the missing strength.
    expect(interrupted?.status.errorCode).toBe(50074);
    expect(interrupted?.conditionalAccessStatus).toBe('failure');
    expect(interrupted?.appliedConditionalAccessPolicies[0]).toMatchObject({
      result: 'failure',
      enforcedGrantControls: ['RequireAuthenticationStrength'],
    });
    expect(entry?.status.errorCode).toBe(0);
    expect(entry?.conditionalAccessStatus).toBe('success');
    expect(entry?.authenticationRequirement).toBe('multiFactorAuthentication');
    expect(entry?.appliedConditionalAccessPolicies).toEqual([
      expect.objectContaining({
        id: policy.id,
        displayName: policy.displayName,
        result: 'success',
        enforcedGrantControls: ['RequireAuthenticationStrength'],
      }),
    ]);
  });

  it('has a user without a passkey prove two factors, then add one to finish', async () => {
    const userId = await createUser('quinn@example.com');
    await requirePhishingResistantMfa();

    const run = await signInWithPassword('quinn@example.com');
    expect(run.after.url).toMatch(/\/mfa$/);
    expect(run.after.body).toContain('Email a code');
    expect(run.after.body).not.toContain('Use a passkey');
    const sent = await run.submit(run.after.body, '/mfa/email');
    clock.advance(1000);
    const proved = await run.submit(sent.body, '/mfa/email/code', {
      code: await mail.nextCode('quinn@example.com'),
    });
    // Two factors are not enough for this app: on to adding a passkey.
    expect(proved.redirectedTo).toBeUndefined();
    expect(proved.url).toMatch(/\/mfa\/passkey\/setup$/);
    expect(proved.status).toBe(200);

    const options = optionsOf<PublicKeyCredentialCreationOptionsJSON>(proved.body);
    const authenticator = new SoftwareAuthenticator({ origin: gh.baseUrl });
    clock.advance(1000);
    const done = await run.submit(proved.body, '/mfa/passkey/setup', {
      response: JSON.stringify(authenticator.createCredential(options)),
    });
    const claims = (await run.tokens(done.redirectedTo)).claims();
    expect(claims?.sub).toBe(userId);
    expect(claims?.amr).toEqual(expect.arrayContaining(['pwd', 'mfa', 'hwk']));
    expect(await gh.gatehouse.passkeys.list('demo', userId)).toHaveLength(1);

    const [entry] = await signInLog(userId);
    expect(entry?.status.errorCode).toBe(0);
    expect(entry?.conditionalAccessStatus).toBe('success');
  });

  it('cannot be met when the tenant turns passkeys off: the MFA step refuses', async () => {
    await createUser('rhea@example.com');
    await requirePhishingResistantMfa();
    await setFido2('disabled');

    const run = await signInWithPassword('rhea@example.com');
    expect(run.after.url).toMatch(/\/mfa$/);
    expect(run.after.status).toBe(403);
    expect(run.after.body).toContain('your account has no method for it that this organisation allows');
    // No emailed code first: it could not have met the strength anyway.
    expect(run.after.body).not.toContain('Email a code');
    expect(run.after.redirectedTo).toBeUndefined();
  });

  it('refuses a user who has a passkey too when passkeys are off', async () => {
    const userId = await createUser('sven@example.com');
    await givePasskey(userId, 'sven@example.com');
    await requirePhishingResistantMfa();
    await setFido2('disabled');

    const run = await signInWithPassword('sven@example.com');
    expect(run.after.status).toBe(403);
    expect(run.after.body).not.toContain('Use a passkey');
    expect(run.after.redirectedTo).toBeUndefined();
  });
});
