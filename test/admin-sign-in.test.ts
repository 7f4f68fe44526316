import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Clock } from '../src/platform/index.js';
import { Browser, readForm } from './support/browser.js';
import { TEST_DATABASES } from './support/databases.js';
import { startGatehouse, type TestGatehouse } from './support/gatehouse.js';
import { client } from './support/oauth.js';
import { totpCode } from './support/totp.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const ADMIN = 'root@example.com';
const PASSWORD = 'Correct-Horse-Battery-Staple-42';
const GLOBAL_ADMINISTRATOR = '62e90394-69f5-4237-9190-012177145e10';
const NOWHERE = 'http://nowhere.invalid/';

/**
 * The real time moved on by the test: the server's rate-limit windows pass in real time (the
 * login command polls every 5 s in its own process), and TOTP time steps move when told.
 */
class MovedClock implements Clock {
  #offset = 0;
  now(): Date {
    return new Date(Date.now() + this.#offset);
  }
  advance(ms: number): void {
    this.#offset += ms;
  }
}

/**
 * Administrators sign in as themselves: the bootstrap admin through the admin tenant's hosted
 * pages must register an authenticator app at the first sign-in ("Require multifactor
 * authentication for admins", built in) and prove it afterwards; a user of the admin tenant
 * holding no role is not asked; and `login` gets an admin token by the device flow.
 */
describe.each(TEST_DATABASES)('administrators signing in on %s', (kind) => {
  const clock = new MovedClock();
  let gh: TestGatehouse;
  let console_: { appId: string; callback: string };
  let totpSecret = '';
  let nextIp = 10;

  beforeAll(async () => {
    gh = await startGatehouse(kind, {
      clock,
      env: {
        GATEHOUSE_ADMIN_EMAIL: ADMIN,
        GATEHOUSE_ADMIN_PASSWORD: PASSWORD,
        GATEHOUSE_TRUSTED_PROXIES: '127.0.0.1/32,::1/128',
      },
    });
    // A public client of the admin tenant (an SPA: authorization code + PKCE, no secret).
    const callback = `${gh.baseUrl}/console/callback`;
    const app = await gh.api('POST', '/api/v1/tenants/admin/applications', {
      displayName: 'Admin console (test)',
      spa: { redirectUris: [callback] },
    });
    expect(app.status, JSON.stringify(app.body)).toBe(201);
    console_ = { appId: app.body.appId, callback };
  });
  afterAll(() => gh?.stop());

  /** An authorization request of the console app, then the password on the sign-in page. */
  async function signIn(login: string, scope = 'openid profile') {
    const browser = new Browser({ 'x-forwarded-for': `198.51.100.${nextIp++}` });
    const rp = await client.discovery(
      new URL(`${gh.baseUrl}/t/admin`),
      console_.appId,
      undefined,
      client.None(),
      { execute: [client.allowInsecureRequests] },
    );
    const verifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const url = client.buildAuthorizationUrl(rp, {
      redirect_uri: console_.callback,
      scope,
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
    });
    const start = await browser.navigate(url, console_.callback);
    const form = readForm(start.body, /\/login$/);
    const afterPassword = await browser.navigate(new URL(form.action, gh.baseUrl), console_.callback, {
      form: { ...form.fields, login, password: PASSWORD },
    });
    return {
      browser,
      afterPassword,
      async submit(html: string, action: RegExp, values: Record<string, string> = {}) {
        const next = readForm(html, action);
        return browser.navigate(new URL(next.action, gh.baseUrl), console_.callback, {
          form: { ...next.fields, ...values },
        });
      },
      get: (path: string) => browser.navigate(new URL(path, gh.baseUrl), console_.callback),
      async tokens(redirectedTo: string | undefined) {
        expect(redirectedTo).toMatch(/\/console\/callback\?code=/);
        return client.authorizationCodeGrant(rp, new URL(redirectedTo as string), {
          pkceCodeVerifier: verifier,
          expectedState: state,
        });
      },
    };
  }

  it('bootstraps the admin MFA policy, the gatehouse-cli public client, and no mailed second factor', async () => {
    const policies = await gh.api('GET', '/api/v1/tenants/admin/conditionalAccess/policies');
    expect(policies.body.value).toHaveLength(1);
    const [policy] = policies.body.value;
    expect(policy).toMatchObject({
      displayName: 'Require multifactor authentication for admins',
      state: 'enabled',
      templateId: expect.any(String),
      conditions: {
        users: {
          includeUsers: [],
          excludeUsers: [],
          includeRoles: expect.arrayContaining([GLOBAL_ADMINISTRATOR]),
        },
        applications: { includeApplications: ['All'] },
      },
      grantControls: { operator: 'OR', builtInControls: ['mfa'] },
    });
    const template = await gh.api(
      'GET',
      `/api/v1/tenants/admin/conditionalAccess/templates/${policy.templateId}`,
    );
    expect(template.body.scenarios).toContain('protectAdmins');
    // The roles it names are the built-in ones.
    const definitions = await gh.api('GET', '/api/v1/roleManagement/directory/roleDefinitions');
    if (definitions.status === 200)
      expect([...policy.conditions.users.includeRoles].sort()).toEqual(
        definitions.body.value.map((d: { templateId: string }) => d.templateId).sort(),
      );

    const methods = await gh.api('GET', '/api/v1/tenants/admin/authenticationMethodsPolicy');
    expect(methods.body.authenticationMethodConfigurations).toEqual(
      expect.arrayContaining([
        { id: 'Email', state: 'disabled' },
        { id: 'SoftwareOath', state: 'enabled' },
        { id: 'Fido2', state: 'enabled' },
      ]),
    );
    const apps = await gh.api('GET', '/api/v1/tenants/admin/applications?$top=100');
    const cli = apps.body.value.find((a: { appId: string }) => a.appId === 'gatehouse-cli');
    expect(cli).toMatchObject({
      displayName: 'Gatehouse CLI',
      isFallbackPublicClient: true,
      web: { redirectUris: [] },
      spa: { redirectUris: [] },
      publicClient: { redirectUris: [] },
      passwordCredentials: [],
    });

    // A policy naming a role that does not exist is refused.
    const unknown = await gh.api('POST', '/api/v1/tenants/admin/conditionalAccess/policies', {
      displayName: 'Typo',
      state: 'enabled',
      conditions: {
        users: { includeRoles: [crypto.randomUUID()] },
        applications: { includeApplications: ['All'] },
      },
      grantControls: { operator: 'OR', builtInControls: ['mfa'] },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toMatchObject({
      code: 'unknown_reference',
      target: 'conditions.users.includeRoles.0',
    });
  });

  it('makes the admin register an authenticator app (or a passkey) at the first sign-in, then asks for its code', async () => {
    const first = await signIn(ADMIN);
    expect(first.afterPassword.url).toMatch(/\/t\/admin\/u\/interaction\/[\w-]+\/mfa\/setup$/);
    expect(first.afterPassword.body).toContain('Protect your account with an authenticator app');
    // A passkey is offered beside it.
    expect(first.afterPassword.body).toMatch(
      /href="\/t\/admin\/u\/interaction\/[\w-]+\/mfa\/passkey\/setup">Add a passkey instead</,
    );
    const passkeySetup = await first.get(
      /href="(\/t\/admin\/u\/interaction\/[\w-]+\/mfa\/passkey\/setup)"/.exec(
        first.afterPassword.body,
      )?.[1] as string,
    );
    expect(passkeySetup.status).toBe(200);
    expect(passkeySetup.body).toContain('data-ceremony="create"');

    totpSecret = /Enter this key in the app: ([A-Z2-7]+)/.exec(first.afterPassword.body)?.[1] as string;
    expect(totpSecret).toBeTruthy();
    const saved = await first.submit(first.afterPassword.body, /\/mfa\/setup$/, {
      code: totpCode(totpSecret, clock.now()),
    });
    expect(saved.body).toContain('Save your recovery codes');
    const done = await first.submit(saved.body, /\/mfa\/setup\/done$/);
    const tokens = await first.tokens(done.redirectedTo);
    expect(tokens.claims()).toMatchObject({
      acr: 'urn:gatehouse:loa:2',
      amr: expect.arrayContaining(['pwd', 'mfa']),
    });

    // The sign-in log: multi-factor, by the admin policy.
    await gh.gatehouse.signIns.flush();
    const admin = (await gh.api('GET', `/api/v1/tenants/admin/users?$top=100`)).body.value.find(
      (u: { mail: string }) => u.mail === ADMIN,
    );
    const log = await gh.api('GET', `/api/v1/tenants/admin/auditLogs/signIns?userId=${admin.id}`);
    expect(log.body.value[0]).toMatchObject({
      status: { errorCode: 0 },
      authenticationRequirement: 'multiFactorAuthentication',
      appliedConditionalAccessPolicies: [
        expect.objectContaining({
          displayName: 'Require multifactor authentication for admins',
          result: 'success',
        }),
      ],
    });

    // Next time: the authenticator app's code (a new one: the last was spent), no mailed code.
    clock.advance(30_000);
    const second = await signIn(ADMIN);
    expect(second.afterPassword.url).toMatch(/\/mfa$/);
    expect(second.afterPassword.body).toContain('Use a code from your authenticator app');
    expect(second.afterPassword.body).not.toContain('Email a code');
    const totpPage = await second.get(`${new URL(second.afterPassword.url).pathname}/totp`);
    const back = await second.submit(totpPage.body, /\/mfa\/totp$/, {
      code: totpCode(totpSecret, clock.now()),
    });
    expect((await second.tokens(back.redirectedTo)).claims()?.acr).toBe('urn:gatehouse:loa:2');
  });

  it('does not ask a user of the admin tenant who holds no directory role', async () => {
    const created = await gh.api('POST', '/api/v1/tenants/admin/users', {
      displayName: 'Nora',
      mail: 'nora@example.com',
      passwordProfile: { password: PASSWORD },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const run = await signIn('nora@example.com');
    const claims = (await run.tokens(run.afterPassword.redirectedTo)).claims();
    expect(claims?.amr).toEqual(['pwd']);
    expect(claims?.acr).toBe('urn:gatehouse:loa:1');
  });

  it('gives a tenant-scoped admin, signed in with a second factor, a token that does only what the role allows', async () => {
    // The console-like app calls the admin API as the signed-in admin: an admin granted it that.
    await gh.grant('admin', console_.appId, 'gatehouse-admin-api', { scope: 'user_impersonation' });
    const user = await gh.api('POST', '/api/v1/tenants/admin/users', {
      displayName: 'Uma',
      mail: 'uma@example.com',
      passwordProfile: { password: PASSWORD },
    });
    expect(user.status).toBe(201);
    const USER_ADMINISTRATOR = 'fe930be7-5e62-47db-91af-98c3a49a38b1';
    const assigned = await gh.api('POST', '/api/v1/roleManagement/directory/roleAssignments', {
      principalId: user.body.id,
      roleDefinitionId: USER_ADMINISTRATOR,
      directoryScopeId: '/tenants/demo',
    });
    expect(assigned.status, JSON.stringify(assigned.body)).toBe(201);

    const run = await signIn('uma@example.com', `openid ${gh.baseUrl}/api/user_impersonation`);
    // A role holder: the admin policy asks for a second factor, registered now.
    expect(run.afterPassword.url).toMatch(/\/mfa\/setup$/);
    const secret = /Enter this key in the app: ([A-Z2-7]+)/.exec(run.afterPassword.body)?.[1] as string;
    const saved = await run.submit(run.afterPassword.body, /\/mfa\/setup$/, {
      code: totpCode(secret, clock.now()),
    });
    const done = await run.submit(saved.body, /\/mfa\/setup\/done$/);
    const tokens = await run.tokens(done.redirectedTo);
    const token = tokens.access_token;
    expect(decodeJwt(token)).toMatchObject({
      aud: `${gh.baseUrl}/api`,
      sub: user.body.id,
      scp: 'user_impersonation',
    });

    const created = await gh.api(
      'POST',
      '/api/v1/tenants/demo/users',
      {
        displayName: 'Made by Uma',
        mail: 'made-by-uma@example.com',
        passwordProfile: { password: PASSWORD },
      },
      token,
    );
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const policies = await gh.api('GET', '/api/v1/tenants/demo/conditionalAccess/policies', undefined, token);
    expect(policies.status).toBe(403);
    expect(policies.body.error.message).toContain('microsoft.directory/conditionalAccessPolicies');
    const elsewhere = await gh.api('GET', '/api/v1/tenants/admin/users', undefined, token);
    expect(elsewhere.status).toBe(404);
    expect(elsewhere.body.error.code).toBe('tenant_not_found');
  });

  it('login: prints the code on stderr, and the admin token alone on stdout once the admin approves', async () => {
    expect(totpSecret, 'the admin registered an authenticator app above').toBeTruthy();
    const inherited = Object.fromEntries(
      Object.entries(process.env).filter(([name]) => !name.startsWith('GATEHOUSE_')),
    );
    const cli = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'login', '--url', gh.baseUrl], {
      cwd: ROOT,
      env: inherited,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    cli.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    const exited = new Promise<number | null>((resolve) => cli.once('exit', (code) => resolve(code)));
    try {
      const instructions = await new Promise<RegExpExecArray>((resolve, reject) => {
        cli.stderr.on('data', (chunk: Buffer) => {
          stderr += chunk.toString();
          const found = /Open (\S+) and enter the code ([A-Z]{4}-[A-Z]{4})\n/.exec(stderr);
          if (found && stderr.includes('Waiting for the sign-in')) resolve(found);
        });
        void exited.then((code) => reject(new Error(`login exited (${code}) early:\n${stderr}`)));
      });
      const [, verificationUri, userCode] = instructions as unknown as [string, string, string];
      expect(verificationUri).toBe(`${gh.baseUrl}/t/admin/oauth2/device`);
      expect(stderr).toContain(`${verificationUri}?user_code=${userCode}`);
      // Nothing but the instructions: the server's modules are not loaded by the client command.
      expect(stderr).not.toContain('oidc-provider');

      // The admin approves in a browser: code, confirmation, password, authenticator app.
      const browser = new Browser({ 'x-forwarded-for': `198.51.100.${nextIp++}` });
      const codePage = await browser.navigate(verificationUri as string, NOWHERE);
      const codeForm = readForm(codePage.body, /\/oauth2\/device$/);
      const confirm = await browser.navigate(new URL(codeForm.action, gh.baseUrl), NOWHERE, {
        form: { ...codeForm.fields, user_code: userCode as string },
      });
      expect(confirm.body).toContain('Are you signing in to Gatehouse CLI?');
      const confirmForm = readForm(confirm.body, /\/oauth2\/device$/);
      const signInPage = await browser.navigate(new URL(confirmForm.action, gh.baseUrl), NOWHERE, {
        form: { ...confirmForm.fields, confirm: 'yes' },
      });
      const login = readForm(signInPage.body, /\/login$/);
      const mfa = await browser.navigate(new URL(login.action, gh.baseUrl), NOWHERE, {
        form: { ...login.fields, login: ADMIN, password: PASSWORD },
      });
      expect(mfa.url).toMatch(/\/mfa$/);
      clock.advance(30_000);
      const totpPage = await browser.navigate(
        new URL(`${new URL(mfa.url).pathname}/totp`, gh.baseUrl),
        NOWHERE,
      );
      const totpForm = readForm(totpPage.body, /\/mfa\/totp$/);
      const done = await browser.navigate(new URL(totpForm.action, gh.baseUrl), NOWHERE, {
        form: { ...totpForm.fields, code: totpCode(totpSecret, clock.now()) },
      });
      expect(done.body).toContain('You signed in to Gatehouse CLI on your device.');

      const code = await exited;
      expect(code, stderr).toBe(0);
      const token = stdout.trim();
      expect(token.split('\n')).toHaveLength(1);
      const claims = decodeJwt(token);
      expect(claims).toMatchObject({ aud: `${gh.baseUrl}/api`, client_id: 'gatehouse-cli' });
      expect(stderr).not.toContain(token);
      // The token is the admin's own: the admin API answers it.
      const me = await gh.api('GET', '/api/v1/tenants/admin/users?$top=1', undefined, token);
      expect(me.status, JSON.stringify(me.body)).toBe(200);
    } finally {
      if (cli.exitCode === null) cli.kill('SIGKILL');
      await exited;
    }
  }, 90_000);
});
