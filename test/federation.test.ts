import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readForm } from './support/browser.js';
import { TEST_DATABASES } from './support/databases.js';
import type { TestGatehouse } from './support/gatehouse.js';
import { startPartnerProvider } from './support/partner-idp.js';
import {
  SCENARIO_PASSWORD as PASSWORD,
  type Scenario,
  type ScenarioBrowser,
  startScenario,
  type WebApp,
} from './support/scenario.js';
import { totpCode } from './support/totp.js';

/**
 * Sign-in with a generic OpenID Connect provider. The provider is a real upstream: a second
 * tenant (`partner`) of the same Gatehouse, with its own users, sign-in pages and keys.
 */
describe.each(TEST_DATABASES)('federation with an OpenID Connect provider on %s', (kind) => {
  let scenario: Scenario;
  let gh: TestGatehouse;
  let shop: WebApp;
  let providerId: string;
  let partner: Awaited<ReturnType<typeof startPartnerProvider>>;

  beforeAll(async () => {
    scenario = await startScenario(kind, { geoOverrides: {} });
    gh = scenario.gh;
    shop = await scenario.registerWebApp('Shop');
    partner = await startPartnerProvider(gh);
    providerId = partner.providerId;
    const flow = await gh.api('POST', '/api/v1/tenants/demo/userFlows', {
      displayName: 'Shop customers',
      signInMethods: ['emailPassword'],
      identityProviders: [providerId],
      attributes: [{ attribute: 'displayName', required: true, inputType: 'text' }],
      applications: [shop.appId],
    });
    expect(flow.status, JSON.stringify(flow.body)).toBe(201);
  });
  afterAll(() => scenario?.stop());
  afterEach(() => scenario.deletePolicies());

  const partnerUser = (mail: string, verified: boolean) => partner.createUser(mail, PASSWORD, { verified });

  /** From the shop's sign-in page, through the provider's button and its sign-in page. */
  async function signInWithPartner(
    at: ScenarioBrowser,
    mail: string,
    action: 'login' | 'abort' = 'login',
    app: WebApp = shop,
  ) {
    const started = await at.authorize(app);
    expect(started.page.body).toContain('Sign in with Partner ID');
    const button = new URL(`${new URL(started.page.url).pathname}/federation/${providerId}`, gh.baseUrl);
    const partnerPage = await at.browser.navigate(button, app.callback);
    expect(partnerPage.url).toContain('/t/partner/');
    const form = readForm(partnerPage.body, action === 'login' ? /\/login$/ : /\/abort$/);
    const back = await at.browser.navigate(new URL(form.action, gh.baseUrl), app.callback, {
      form: action === 'login' ? { ...form.fields, login: mail, password: PASSWORD } : form.fields,
    });
    return { ...back, tokens: started.tokens };
  }

  const demoUsers = async () =>
    (await gh.api('GET', '/api/v1/tenants/demo/users?$top=100')).body.value as Array<{
      id: string;
      mail: string | null;
      identities: Array<{ signInType: string; issuer: string; issuerAssignedId: string }>;
    }>;

  it('creates the user at the first sign-in and finds them again the next time', async () => {
    const partnerId = await partnerUser('pat@partner.example', true);
    const first = await signInWithPartner(scenario.browserAt('203.0.113.10'), 'pat@partner.example');
    const claims = (await first.tokens(first.redirectedTo)).claims();
    expect(claims?.amr).toEqual(['fed']);

    const created = (await demoUsers()).find((u) =>
      u.identities.some((i) => i.signInType === 'federated' && i.issuerAssignedId === partnerId),
    );
    expect(created).toMatchObject({ id: claims?.sub, mail: 'pat@partner.example' });
    expect(created?.identities).toEqual([
      { signInType: 'federated', issuer: `${gh.baseUrl}/t/partner`, issuerAssignedId: partnerId },
    ]);

    scenario.clock.advance(1000);
    const again = await signInWithPartner(scenario.browserAt('203.0.113.10'), 'pat@partner.example');
    expect((await again.tokens(again.redirectedTo)).claims()?.sub).toBe(claims?.sub);
    const [latest] = await scenario.signInLog(claims?.sub as string);
    expect(latest?.status.errorCode).toBe(0);
    expect(latest?.authenticationDetails[0]).toMatchObject({
      authenticationMethod: 'Federated',
      authenticationStepResultDetail: 'Partner ID',
    });
  });

  it('never links on an email the provider did not verify', async () => {
    const local = await scenario.createUser('quinn@shop.example');
    await partnerUser('quinn@shop.example', false);
    const done = await signInWithPartner(scenario.browserAt('203.0.113.11'), 'quinn@shop.example');
    const claims = (await done.tokens(done.redirectedTo)).claims();
    // A new account without the unverified email, not the local one.
    expect(claims?.sub).not.toBe(local);
    const created = (await demoUsers()).find((u) => u.id === claims?.sub);
    expect(created?.mail).toBeNull();
  });

  it('does not sign in to a local account with the same verified email: the user proves it, then it is linked', async () => {
    const local = await scenario.createUser('rae@shop.example');
    const partnerId = await partnerUser('rae@shop.example', true);
    const at = scenario.browserAt('203.0.113.12');
    const linkPage = await signInWithPartner(at, 'rae@shop.example');
    expect(linkPage.status).toBe(409);
    expect(linkPage.redirectedTo).toBeUndefined();
    expect(linkPage.body).toContain('An account with rae@shop.example already exists');
    // Nothing is linked on the provider's word.
    expect((await demoUsers()).find((u) => u.id === local)?.identities).toHaveLength(1);

    const wrong = await at.submit(shop, linkPage.body, /\/federation\/link$/, {
      password: 'not-the-password',
    });
    expect(wrong.status).toBe(401);
    expect(wrong.body).toContain('The email address or password is incorrect.');
    expect((await demoUsers()).find((u) => u.id === local)?.identities).toHaveLength(1);

    // Linking is a change of security info: after the password, the second factor (the email).
    const mfa = await at.submit(shop, wrong.body, /\/federation\/link$/, { password: PASSWORD });
    expect((await demoUsers()).find((u) => u.id === local)?.identities).toHaveLength(1);
    const linked = await scenario.proveByEmail(at, shop, mfa, 'rae@shop.example');
    const claims = (await linkPage.tokens(linked.redirectedTo)).claims();
    expect(claims?.sub).toBe(local);
    expect((await demoUsers()).find((u) => u.id === local)?.identities).toContainEqual({
      signInType: 'federated',
      issuer: `${gh.baseUrl}/t/partner`,
      issuerAssignedId: partnerId,
    });
    const log = await scenario.signInLog(local);
    // The password proved the account (then the sign-in waited for MFA); the link came with success.
    expect(log.find((e) => e.status.errorCode === 50074)?.authenticationDetails).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ authenticationMethod: 'Password', succeeded: true }),
      ]),
    );
    expect(log.find((e) => e.status.errorCode === 0)?.authenticationDetails).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ authenticationStepResultDetail: 'Partner ID linked to the account' }),
      ]),
    );

    // From now on the provider alone signs in to the account.
    scenario.clock.advance(1000);
    const again = await signInWithPartner(scenario.browserAt('203.0.113.12'), 'rae@shop.example');
    const next = (await again.tokens(again.redirectedTo)).claims();
    expect(next?.sub).toBe(local);
    expect(next?.amr).toEqual(['fed']);
  });

  it("links after a code sent to the account's address", async () => {
    const local = await scenario.createUser('uma@shop.example');
    await partnerUser('uma@shop.example', true);
    const at = scenario.browserAt('203.0.113.16');
    const linkPage = await signInWithPartner(at, 'uma@shop.example');
    expect(linkPage.status).toBe(409);
    const codePage = await at.submit(shop, linkPage.body, /\/federation\/link\/send$/);
    expect(codePage.body).toContain('uma@shop.example');
    scenario.clock.advance(1000);
    const wrong = await at.submit(shop, codePage.body, /\/federation\/link\/code$/, { code: '000000' });
    expect(wrong.status).toBe(401);
    const linked = await at.submit(shop, wrong.body, /\/federation\/link\/code$/, {
      code: await scenario.mail.nextCode('uma@shop.example'),
    });
    const claims = (await linkPage.tokens(linked.redirectedTo)).claims();
    expect(claims?.sub).toBe(local);
    expect(claims?.amr).toEqual(['otp']);
    expect((await demoUsers()).find((u) => u.id === local)?.identities.map((i) => i.signInType)).toEqual([
      'emailAddress',
      'federated',
    ]);
  });

  it('links after an emailed code only once the authenticator app the user holds is proved too', async () => {
    // The attack: the mailbox alone, plus a provider account made for it, must not take over an
    // account protected by an authenticator app.
    const local = await scenario.createUser('vic@shop.example');
    const enrollment = await gh.gatehouse.mfa.startTotpEnrollment('demo', local, 'vic@shop.example');
    scenario.clock.advance(30_000);
    expect(
      await gh.gatehouse.mfa.confirmTotpEnrollment(
        'demo',
        local,
        enrollment.enrollmentId,
        totpCode(enrollment.secret, scenario.clock.now()),
      ),
    ).toBe(true);
    await partnerUser('vic@shop.example', true);
    const at = scenario.browserAt('203.0.113.17');
    const linkPage = await signInWithPartner(at, 'vic@shop.example');
    const codePage = await at.submit(shop, linkPage.body, /\/federation\/link\/send$/);
    const mfa = await at.submit(shop, codePage.body, /\/federation\/link\/code$/, {
      code: await scenario.mail.nextCode('vic@shop.example'),
    });
    // The MFA page: the authenticator app, not the mailbox that sent the code; nothing linked yet.
    expect(mfa.url).toMatch(/\/mfa$/);
    expect(mfa.body).toContain('/mfa/totp');
    expect(mfa.body).not.toContain('/mfa/email');
    const identities = async () =>
      (await demoUsers()).find((u) => u.id === local)?.identities.map((i) => i.signInType);
    expect(await identities()).toEqual(['emailAddress']);
    // Walking away leaves it unlinked: the provider alone still does not sign in to the account.
    scenario.clock.advance(1000);
    const again = await signInWithPartner(scenario.browserAt('203.0.113.17'), 'vic@shop.example');
    expect(again.status).toBe(409);
    expect(await identities()).toEqual(['emailAddress']);

    // Proving the app links it.
    const totp = await at.browser.navigate(`${mfa.url}/totp`, shop.callback);
    scenario.clock.advance(30_000);
    const linked = await at.submit(shop, totp.body, /\/mfa\/totp$/, {
      code: totpCode(enrollment.secret, scenario.clock.now()),
    });
    const claims = (await linkPage.tokens(linked.redirectedTo)).claims();
    expect(claims?.sub).toBe(local);
    expect(await identities()).toEqual(['emailAddress', 'federated']);
  });

  it('asks a new user for the required attributes the provider did not give', async () => {
    const club = await scenario.registerWebApp('Club');
    const flow = await gh.api('POST', '/api/v1/tenants/demo/userFlows', {
      displayName: 'Club members',
      signInMethods: ['emailPassword'],
      identityProviders: [providerId],
      attributes: [
        { attribute: 'displayName', required: true, inputType: 'text' },
        { attribute: 'city', required: true, inputType: 'text' },
      ],
      applications: [club.appId],
    });
    expect(flow.status, JSON.stringify(flow.body)).toBe(201);
    await partnerUser('vic@partner.example', true);
    const at = scenario.browserAt('203.0.113.17');
    const details = await signInWithPartner(at, 'vic@partner.example', 'login', club);
    expect(details.url).toMatch(/\/federation\/details$/);
    // What the provider gave is filled in; what it did not is asked for.
    expect(readForm(details.body, /\/federation\/details$/).fields['attr.displayName']).toBe('vic');
    const missing = await at.submit(club, details.body, /\/federation\/details$/, { 'attr.city': '' });
    expect(missing.status).toBe(400);
    expect((await demoUsers()).some((u) => u.mail === 'vic@partner.example')).toBe(false);
    const done = await at.submit(club, missing.body, /\/federation\/details$/, { 'attr.city': 'Lyon' });
    const claims = (await details.tokens(done.redirectedTo)).claims();
    const user = await gh.api('GET', `/api/v1/tenants/demo/users/${claims?.sub}`);
    expect(user.body).toMatchObject({ displayName: 'vic', city: 'Lyon', mail: 'vic@partner.example' });
  });

  it('does not create a user when the flow does not allow sign-up', async () => {
    const members = await scenario.registerWebApp('Members');
    const flow = await gh.api('POST', '/api/v1/tenants/demo/userFlows', {
      displayName: 'Members only',
      signInMethods: ['emailPassword'],
      isSignUpAllowed: false,
      identityProviders: [providerId],
      applications: [members.appId],
    });
    expect(flow.status, JSON.stringify(flow.body)).toBe(201);
    await partnerUser('wes@partner.example', true);
    const refused = await signInWithPartner(
      scenario.browserAt('203.0.113.18'),
      'wes@partner.example',
      'login',
      members,
    );
    expect(refused.status).toBe(403);
    expect(refused.body).toContain('There is no account for this sign-in');
    expect((await demoUsers()).some((u) => u.mail === 'wes@partner.example')).toBe(false);
  });

  it('judges a federated sign-in by Identity Protection: an anonymizer address is a risk detection', async () => {
    const list = await gh.api('PUT', '/api/v1/tenants/demo/identityProtection/threatLists/anonymizer', {
      displayName: 'Tor exits',
      entries: ['198.51.100.66'],
    });
    expect(list.status, JSON.stringify(list.body)).toBe(200);
    await partnerUser('yui@partner.example', true);
    const done = await signInWithPartner(scenario.browserAt('198.51.100.66'), 'yui@partner.example');
    const userId = (await done.tokens(done.redirectedTo)).claims()?.sub as string;
    await gh.gatehouse.signIns.flush();
    const detections = await gh.api(
      'GET',
      `/api/v1/tenants/demo/identityProtection/riskDetections?userId=${userId}`,
    );
    expect(detections.body.value.map((d: { riskEventType: string }) => d.riskEventType)).toContain(
      'anonymizedIPAddress',
    );
    const [entry] = await scenario.signInLog(userId);
    expect(entry?.riskEventTypes_v2).toContain('anonymizedIPAddress');
    await gh.api('DELETE', '/api/v1/tenants/demo/identityProtection/threatLists/anonymizer');
  });

  it('asks for MFA after a federated sign-in when a policy requires it', async () => {
    await partnerUser('xan@partner.example', true);
    await scenario.createPolicy({
      displayName: 'MFA at the shop',
      conditions: { users: { includeUsers: ['All'] }, applications: { includeApplications: [shop.appId] } },
      grantControls: { operator: 'OR', builtInControls: ['mfa'] },
    });
    const at = scenario.browserAt('203.0.113.19');
    const mfaPage = await signInWithPartner(at, 'xan@partner.example');
    const done = await scenario.proveByEmail(at, shop, mfaPage, 'xan@partner.example');
    const claims = (await mfaPage.tokens(done.redirectedTo)).claims();
    expect(claims?.amr).toEqual(expect.arrayContaining(['fed', 'mfa']));
  });

  it('takes the user back to the sign-in page when they cancel at the provider', async () => {
    await partnerUser('sam@partner.example', true);
    const cancelled = await signInWithPartner(
      scenario.browserAt('203.0.113.13'),
      'sam@partner.example',
      'abort',
    );
    expect(cancelled.status).toBe(400);
    expect(cancelled.body).toContain('Signing in with Partner ID did not work');
    expect(cancelled.body).toContain('name="password"');
  });

  it('refuses a callback whose state it did not send, and a callback used twice', async () => {
    const at = scenario.browserAt('203.0.113.14');
    const forged = await at.browser.navigate(
      new URL('/t/demo/u/federation/callback?code=abc&state=forged-state', gh.baseUrl),
      shop.callback,
    );
    expect(forged.status).toBe(400);
    expect(forged.body).toContain('expired');
  });

  it('puts federated sign-ins through Conditional Access', async () => {
    await partnerUser('tess@partner.example', true);
    await scenario.createPolicy({
      displayName: 'Shop closed',
      conditions: { users: { includeUsers: ['All'] }, applications: { includeApplications: [shop.appId] } },
      grantControls: { operator: 'OR', builtInControls: ['block'] },
    });
    const blocked = await signInWithPartner(scenario.browserAt('203.0.113.15'), 'tess@partner.example');
    expect(blocked.status).toBe(403);
    expect(blocked.body).toContain('access policy does not allow this sign-in');
  });
});
