import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
} from '../src/mfa/passkeys/index.js';
import { ManualClock } from '../src/platform/index.js';
import { Browser, readForm } from './support/browser.js';
import { TEST_DATABASES } from './support/databases.js';
import { startGatehouse, type TestGatehouse } from './support/gatehouse.js';
import { client, relyingParty } from './support/oauth.js';
import { SoftwareAuthenticator } from './support/software-authenticator.js';

const PASSWORD = 'Correct-Horse-Battery-Staple-42';
const MFA = 'urn:gatehouse:loa:2';

/** The WebAuthn options a passkey page hands its script, from its JSON data block. */
function optionsOf<T>(html: string): T {
  const block = /<script type="application\/json" id="passkey-options">([\s\S]*?)<\/script>/.exec(html);
  expect(block).not.toBeNull();
  return JSON.parse(block?.[1] as string) as T;
}

describe.each(TEST_DATABASES)('passkeys on the hosted pages on %s', (kind) => {
  const clock = new ManualClock(new Date('2026-11-25T12:00:10Z'));
  let gh: TestGatehouse;
  let callback: string;
  let app: { id: string; appId: string; secret: string };
  let nextIp = 10;

  beforeAll(async () => {
    gh = await startGatehouse(kind, { clock, env: { GATEHOUSE_TRUSTED_PROXIES: '127.0.0.1/32,::1/128' } });
    callback = `${gh.baseUrl}/app/callback`;
    app = await gh.registerApp('demo', { displayName: 'Contoso Bank', web: { redirectUris: [callback] } });
  });
  afterAll(async () => {
    await gh?.stop();
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

  /** An authorization request in a fresh browser, stopped on the sign-in page. */
  async function authorize(extra: Record<string, string> = {}) {
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
    const base = new URL(start.url).pathname;
    return {
      browser,
      start,
      base,
      get: (path: string) => browser.navigate(new URL(path, gh.baseUrl), callback),
      raw: (path: string, form?: Record<string, string>) =>
        browser.request(new URL(path, gh.baseUrl), form ? { form } : {}),
      async submit(html: string, action: string, values: Record<string, string> = {}) {
        const next = readForm(html, new RegExp(`${action.replaceAll('/', '\\/')}$`));
        return browser.navigate(new URL(next.action, gh.baseUrl), callback, {
          form: { ...next.fields, ...values },
        });
      },
      async password(login: string) {
        return this.submit(start.body, '/login', { login, password: PASSWORD });
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

  it('serves the one script with a long cache and a JavaScript content type', async () => {
    const response = await fetch(`${gh.baseUrl}/t/demo/u/assets/passkey.js`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(response.headers.get('cache-control')).toContain('max-age=86400');
    expect(await response.text()).toContain('navigator.credentials.get');
  });

  it('proves the second factor with a passkey the user has', async () => {
    const userId = await createUser('petra@example.com', 'Petra');
    const authenticator = await givePasskey(userId, 'petra@example.com');
    const run = await authorize({ acr_values: MFA });
    const afterPassword = await run.password('petra@example.com');
    expect(afterPassword.url).toMatch(/\/mfa$/);
    expect(afterPassword.body).toContain('Use a passkey');

    const page = await run.get(`${run.base}/mfa/passkey`);
    expect(page.status).toBe(200);
    const options = optionsOf<PublicKeyCredentialRequestOptionsJSON>(page.body);
    // Only this user's passkey may answer.
    expect(options.allowCredentials?.map((c) => c.id)).toEqual([
      Buffer.from(authenticator.credentials[0]?.id as Buffer).toString('base64url'),
    ]);
    expect(page.body).toContain('Passkeys need JavaScript');
    expect(page.body).toContain('/t/demo/u/assets/passkey.js');
    const headers = await run.raw(`${run.base}/mfa/passkey`);
    expect(headers.headers.get('content-security-policy')).toContain("script-src 'self'");
    // The sign-in page itself still runs no script at all.
    expect((await run.raw(run.base)).headers.get('content-security-policy')).not.toContain('script-src');

    const done = await run.submit(page.body, '/mfa/passkey', {
      response: JSON.stringify(authenticator.getAssertion(options)),
    });
    const claims = (await run.tokens(done.redirectedTo)).claims();
    expect(claims?.amr).toEqual(expect.arrayContaining(['pwd', 'hwk', 'mfa']));
    expect(claims?.acr).toBe(MFA);
  });

  it('signs in without a password: a verified passkey is two factors', async () => {
    const userId = await createUser('quinn@example.com', 'Quinn');
    const authenticator = await givePasskey(userId, 'quinn@example.com');
    const run = await authorize({ acr_values: MFA });
    expect(run.start.body).toContain('Sign in with a passkey');
    const page = await run.get(`${run.base}/passkey`);
    expect(page.status).toBe(200);
    const options = optionsOf<PublicKeyCredentialRequestOptionsJSON>(page.body);
    expect(options.allowCredentials ?? []).toEqual([]);
    expect(options.userVerification).toBe('required');

    const done = await run.submit(page.body, '/passkey', {
      response: JSON.stringify(authenticator.getAssertion(options)),
    });
    // The app asked for MFA: no second step was needed.
    const claims = (await run.tokens(done.redirectedTo)).claims();
    expect(claims?.sub).toBe(userId);
    expect(claims?.amr).toEqual(['hwk', 'mfa']);
    expect(claims?.acr).toBe(MFA);

    await gh.gatehouse.signIns.flush();
    const log = await gh.api('GET', `/api/v1/tenants/demo/auditLogs/signIns?userId=${userId}`);
    expect(log.body.value[0].status.errorCode).toBe(0);
    expect(log.body.value[0].authenticationRequirement).toBe('multiFactorAuthentication');
  });

  it('refuses an assertion made for another origin, a replayed one, and a post without the form token', async () => {
    const userId = await createUser('rhea@example.com', 'Rhea');
    const authenticator = await givePasskey(userId, 'rhea@example.com');
    const run = await authorize();
    const page = await run.get(`${run.base}/passkey`);
    const options = optionsOf<PublicKeyCredentialRequestOptionsJSON>(page.body);

    // A phishing site relaying the challenge: the browser names its own origin.
    const phished = await run.submit(page.body, '/passkey', {
      response: JSON.stringify(
        authenticator.getAssertion(options, { origin: 'https://gatehouse.example.net' }),
      ),
    });
    expect(phished.status).toBe(401);
    expect(phished.redirectedTo).toBeUndefined();
    expect(phished.body).toContain('That passkey could not be verified');

    // The page came back with a fresh challenge: a genuine assertion works, once.
    const fresh = optionsOf<PublicKeyCredentialRequestOptionsJSON>(phished.body);
    expect(fresh.challenge).not.toBe(options.challenge);
    const form = readForm(phished.body, /\/passkey$/);
    const body: Record<string, string> = {
      ...form.fields,
      response: JSON.stringify(authenticator.getAssertion(fresh)),
    };
    const ok = await run.browser.navigate(new URL(form.action, gh.baseUrl), callback, { form: body });
    expect(ok.redirectedTo).toMatch(/code=/);

    // The same post again, in a new sign-in of the same browser (same form token cookie).
    const again = await authorize();
    const replayForm = readForm((await again.get(`${again.base}/passkey`)).body, /\/passkey$/);
    const replay = await again.browser.navigate(new URL(replayForm.action, gh.baseUrl), callback, {
      form: { ...replayForm.fields, challengeId: body.challengeId ?? '', response: body.response ?? '' },
    });
    expect(replay.status).toBe(401);
    expect(replay.redirectedTo).toBeUndefined();

    // No form token: refused before anything is checked.
    const third = await authorize();
    const thirdPage = await third.get(`${third.base}/passkey`);
    const thirdForm = readForm(thirdPage.body, /\/passkey$/);
    const { csrf: _csrf, ...withoutCsrf } = thirdForm.fields;
    const forged = await third.browser.navigate(new URL(thirdForm.action, gh.baseUrl), callback, {
      form: {
        ...withoutCsrf,
        response: JSON.stringify(
          authenticator.getAssertion(optionsOf<PublicKeyCredentialRequestOptionsJSON>(thirdPage.body)),
        ),
      },
    });
    expect(forged.status).toBe(403);
    expect(forged.redirectedTo).toBeUndefined();
  });

  it('lets a user with nothing to prove add a passkey at the MFA step, then sign in with it alone', async () => {
    const policy = await gh.api('PATCH', '/api/v1/tenants/demo/authenticationMethodsPolicy', {
      authenticationMethodConfigurations: [{ id: 'Email', state: 'disabled' }],
    });
    expect(policy.status).toBe(200);
    try {
      const userId = await createUser(null, 'Sven');
      const run = await authorize({ acr_values: MFA });
      const afterPassword = await run.password('sven');
      expect(afterPassword.url).toMatch(/\/mfa\/setup$/);
      expect(afterPassword.body).toContain('Add a passkey instead');
      const setup = await run.get(`${run.base}/mfa/passkey/setup`);
      expect(setup.status).toBe(200);
      const options = optionsOf<PublicKeyCredentialCreationOptionsJSON>(setup.body);
      expect(options.authenticatorSelection?.residentKey).toBe('required');
      const authenticator = new SoftwareAuthenticator({ origin: gh.baseUrl, synced: true });
      const done = await run.submit(setup.body, '/mfa/passkey/setup', {
        response: JSON.stringify(authenticator.createCredential(options)),
      });
      expect((await run.tokens(done.redirectedTo)).claims()?.amr).toEqual(
        expect.arrayContaining(['pwd', 'swk', 'mfa']),
      );
      expect(await gh.gatehouse.passkeys.list('demo', userId)).toHaveLength(1);

      // Now the user has a method: a password alone cannot add another passkey.
      const second = await authorize({ acr_values: MFA });
      const mfa = await second.password('sven');
      expect(mfa.url).toMatch(/\/mfa$/);
      expect(mfa.body).toContain('Use a passkey');
      const refused = await second.get(`${second.base}/mfa/passkey/setup`);
      expect(refused.url).toMatch(/\/mfa$/);

      // And the synced passkey signs in alone.
      const passwordless = await authorize();
      const page = await passwordless.get(`${passwordless.base}/passkey`);
      const signedIn = await passwordless.submit(page.body, '/passkey', {
        response: JSON.stringify(authenticator.getAssertion(optionsOf(page.body))),
      });
      expect((await passwordless.tokens(signedIn.redirectedTo)).claims()?.amr).toEqual(['swk', 'mfa']);
    } finally {
      await gh.api('PATCH', '/api/v1/tenants/demo/authenticationMethodsPolicy', {
        authenticationMethodConfigurations: [{ id: 'Email', state: 'enabled' }],
      });
    }
  });

  it('offers no passkey sign-in when the tenant turns passkeys off', async () => {
    await gh.api('PATCH', '/api/v1/tenants/demo/authenticationMethodsPolicy', {
      authenticationMethodConfigurations: [{ id: 'Fido2', state: 'disabled' }],
    });
    try {
      const run = await authorize();
      expect(run.start.body).not.toContain('Sign in with a passkey');
      expect((await run.get(`${run.base}/passkey`)).status).toBe(404);
    } finally {
      await gh.api('PATCH', '/api/v1/tenants/demo/authenticationMethodsPolicy', {
        authenticationMethodConfigurations: [{ id: 'Fido2', state: 'enabled' }],
      });
    }
  });
});
