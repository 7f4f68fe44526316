import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { proveMfaOnAccountPages } from './support/account-step-up.js';
import { type Browser, readForm } from './support/browser.js';
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

const NOWHERE = 'http://nowhere.invalid/';

/**
 * Linked accounts on the self-service account pages: a user links and unlinks identity
 * providers, always keeping one way to sign in. The provider is a real upstream: a second
 * tenant (`partner`) of the same Gatehouse, as in federation.test.ts.
 */
describe.each(TEST_DATABASES)('linking identity providers from the account pages on %s', (kind) => {
  let scenario: Scenario;
  let gh: TestGatehouse;
  let shop: WebApp;
  let providerId: string;
  let account: string;
  let partner: Awaited<ReturnType<typeof startPartnerProvider>>;
  let nextIp = 10;

  beforeAll(async () => {
    scenario = await startScenario(kind, { geoOverrides: {} });
    gh = scenario.gh;
    account = `${gh.baseUrl}/t/demo/account`;
    shop = await scenario.registerWebApp('Shop');
    partner = await startPartnerProvider(gh);
    providerId = partner.providerId;
    // The account pages' own client exists once they were opened; its flow offers the provider
    // too, so a user who signs in only with it reaches their account.
    await scenario.browserAt('203.0.113.1').browser.navigate(account, NOWHERE);
    const flow = await gh.api('POST', '/api/v1/tenants/demo/userFlows', {
      displayName: 'Customers',
      signInMethods: ['emailPassword'],
      identityProviders: [providerId],
      attributes: [{ attribute: 'displayName', required: true, inputType: 'text' }],
      applications: [shop.appId, 'gatehouse-account'],
    });
    expect(flow.status, JSON.stringify(flow.body)).toBe(201);
  });
  afterAll(() => scenario?.stop());

  const at = () => scenario.browserAt(`203.0.113.${nextIp++}`);

  /** A user of the partner tenant (the email is not verified: nothing links on it). */
  const partnerUser = (mail: string) => partner.createUser(mail, PASSWORD);

  const identitiesOf = async (userId: string) =>
    (await gh.api('GET', `/api/v1/tenants/demo/users/${userId}`)).body.identities as Array<{
      signInType: string;
      issuer: string;
      issuerAssignedId: string;
    }>;

  /** Submits the first form on a page whose action matches; follows redirects until `stopAt`. */
  async function submit(
    browser: Browser,
    body: string,
    action: RegExp,
    fields: Record<string, string> = {},
    stopAt = NOWHERE,
  ) {
    const form = readForm(body, action);
    return browser.navigate(new URL(form.action, gh.baseUrl), stopAt, {
      form: { ...form.fields, ...fields },
    });
  }

  /**
   * Signs in to the account pages with a password and proves the emailed code (linking is a
   * change of security info), then opens Linked accounts.
   */
  async function accountSignIn(browser: Browser, mail: string) {
    const login = await browser.navigate(`${account}/identities`, NOWHERE);
    const page = await submit(browser, login.body, /\/login$/, { login: mail, password: PASSWORD });
    expect(page.url).toBe(`${account}/identities`);
    await proveMfaOnAccountPages(gh, browser, account, () => scenario.mail.nextCode(mail));
    return browser.navigate(`${account}/identities`, NOWHERE);
  }

  /**
   * From the Linked accounts page to the partner's sign-in page and back (to `stopAt`); with a
   * partner session already in the browser, the partner sends it straight back.
   */
  async function linkPartner(
    browser: Browser,
    page: { body: string },
    partnerMail: string,
    stopAt = NOWHERE,
  ) {
    const partnerPage = await submit(browser, page.body, /\/identities\/link$/, {}, stopAt);
    if (partnerPage.redirectedTo || !partnerPage.url.includes('/t/partner/')) return partnerPage;
    return submit(browser, partnerPage.body, /\/login$/, { login: partnerMail, password: PASSWORD }, stopAt);
  }

  /** A sign-in at the shop with the partner: the ID token's claims. */
  async function shopSignInWithPartner(where: ScenarioBrowser, partnerMail: string) {
    const started = await where.authorize(shop);
    const button = new URL(`${new URL(started.page.url).pathname}/federation/${providerId}`, gh.baseUrl);
    const partnerPage = await where.browser.navigate(button, shop.callback);
    const form = readForm(partnerPage.body, /\/login$/);
    const back = await where.browser.navigate(new URL(form.action, gh.baseUrl), shop.callback, {
      form: { ...form.fields, login: partnerMail, password: PASSWORD },
    });
    return (await started.tokens(back.redirectedTo)).claims();
  }

  it('links the provider to a local account: the provider then signs in to that account', async () => {
    const local = await scenario.createUser('lee@shop.example');
    const partnerId = await partnerUser('lee@partner.example');
    const { browser } = at();
    const page = await accountSignIn(browser, 'lee@shop.example');
    expect(page.body).toContain('Linked accounts');
    expect(page.body).toContain('No account is linked yet.');
    expect(page.body).toContain('Link Partner ID');

    const linked = await linkPartner(browser, page, 'lee@partner.example');
    expect(linked.url).toBe(`${account}/identities?done=linked`);
    expect(linked.body).toContain('The account was linked.');
    expect(linked.body).toContain('Unlink Partner ID');
    expect(linked.body).not.toContain('Link Partner ID');
    expect(await identitiesOf(local)).toContainEqual({
      signInType: 'federated',
      issuer: partner.issuer,
      issuerAssignedId: partnerId,
    });

    scenario.clock.advance(1000);
    const claims = await shopSignInWithPartner(at(), 'lee@partner.example');
    expect(claims?.sub).toBe(local);
    expect(claims?.amr).toEqual(['fed']);
  });

  it('refuses a provider account already linked to another user', async () => {
    await partnerUser('max@partner.example');
    // Max's partner account already signs in to a Gatehouse account of its own.
    const owner = (await shopSignInWithPartner(at(), 'max@partner.example'))?.sub as string;
    const local = await scenario.createUser('nia@shop.example');
    const { browser } = at();
    const page = await accountSignIn(browser, 'nia@shop.example');
    const refused = await linkPartner(browser, page, 'max@partner.example');
    expect(refused.status).toBe(409);
    expect(refused.body).toContain('This Partner ID account is already linked to another account.');
    expect(refused.body).toContain('Link Partner ID');
    expect((await identitiesOf(local)).map((i) => i.signInType)).toEqual(['emailAddress']);
    expect((await identitiesOf(owner)).map((i) => i.signInType)).toEqual(['federated']);
  });

  it('unlinks the provider while a password remains', async () => {
    const local = await scenario.createUser('oli@shop.example');
    await partnerUser('oli@partner.example');
    const { browser } = at();
    const page = await accountSignIn(browser, 'oli@shop.example');
    const linked = await linkPartner(browser, page, 'oli@partner.example');
    expect(await identitiesOf(local)).toHaveLength(2);

    // Without this session's CSRF token nothing happens.
    const identity = readForm(linked.body, /\/identities\/unlink$/).fields;
    const forged = await browser.request(`${account}/identities/unlink`, {
      form: { ...identity, csrf: 'x'.repeat(43) },
    });
    expect(forged.status).toBe(403);
    expect(await identitiesOf(local)).toHaveLength(2);

    const unlinked = await submit(browser, linked.body, /\/identities\/unlink$/);
    expect(unlinked.url).toBe(`${account}/identities?done=unlinked`);
    expect(unlinked.body).toContain('The account was unlinked.');
    expect(unlinked.body).toContain('Link Partner ID');
    expect((await identitiesOf(local)).map((i) => i.signInType)).toEqual(['emailAddress']);
    // Both changes are in the audit trail, made by the user themselves.
    const audits = await gh.api(
      'GET',
      '/api/v1/tenants/demo/auditLogs/directoryAudits?category=UserManagement',
    );
    const mine = (
      audits.body.value as Array<{
        activityDisplayName: string;
        initiatedBy: { user: { id: string } | null };
        targetResources: Array<{ id: string }>;
      }>
    ).filter((a) => a.targetResources[0]?.id === local);
    expect(mine.map((a) => a.activityDisplayName).sort()).toEqual([
      'Link identity provider',
      'Unlink identity provider',
    ]);
    expect(mine.every((a) => a.initiatedBy.user?.id === local)).toBe(true);

    // The provider no longer signs in to this account.
    scenario.clock.advance(1000);
    const claims = await shopSignInWithPartner(at(), 'oli@partner.example');
    expect(claims?.sub).not.toBe(local);
  });

  it('does not unlink the only way a federated-only user signs in', async () => {
    const partnerId = await partnerUser('pia@partner.example');
    const { browser } = at();
    // Signs in to the account pages with the provider alone (the account is created then).
    const login = await browser.navigate(`${account}/identities`, NOWHERE);
    const button = new URL(`${new URL(login.url).pathname}/federation/${providerId}`, gh.baseUrl);
    const partnerPage = await browser.navigate(button, NOWHERE);
    const page = await submit(browser, partnerPage.body, /\/login$/, {
      login: 'pia@partner.example',
      password: PASSWORD,
    });
    expect(page.url).toBe(`${account}/identities`);
    expect(page.body).toContain('Unlink Partner ID');
    const users = (await gh.api('GET', '/api/v1/tenants/demo/users?$top=100')).body.value as Array<{
      id: string;
      identities: Array<{ issuerAssignedId: string }>;
    }>;
    const user = users.find((u) => u.identities.some((i) => i.issuerAssignedId === partnerId));
    expect(user).toBeDefined();

    const refused = await submit(browser, page.body, /\/identities\/unlink$/);
    expect(refused.status).toBe(409);
    expect(refused.body).toContain('This is your only way to sign in');
    expect(await identitiesOf(user?.id as string)).toEqual([
      { signInType: 'federated', issuer: partner.issuer, issuerAssignedId: partnerId },
    ]);
  });

  it("changes nothing for a forged state, another user's trip, or one that expired", async () => {
    const complete = `${account}/federation/${providerId}/complete`;
    const victim = await scenario.createUser('quin@shop.example');
    const victimBrowser = at().browser;
    await accountSignIn(victimBrowser, 'quin@shop.example');
    const forged = await victimBrowser.navigate(`${complete}?state=forged-state-0123456789`, NOWHERE);
    expect(forged.status).toBe(400);
    expect(forged.body).toContain('expired');

    // Another user's link trip, stopped on its way back and opened in the victim's browser.
    const attacker = await scenario.createUser('rex@shop.example');
    await partnerUser('rex@partner.example');
    const attackerBrowser = at().browser;
    const page = await accountSignIn(attackerBrowser, 'rex@shop.example');
    const stopped = await linkPartner(attackerBrowser, page, 'rex@partner.example', complete);
    expect(stopped.redirectedTo).toMatch(/\/complete\?state=/);
    const crossed = await victimBrowser.navigate(stopped.redirectedTo as string, NOWHERE);
    expect(crossed.status).toBe(400);
    expect((await identitiesOf(victim)).map((i) => i.signInType)).toEqual(['emailAddress']);
    // The trip worked once at most: its owner cannot use it afterwards either.
    const replayed = await attackerBrowser.navigate(stopped.redirectedTo as string, NOWHERE);
    expect(replayed.status).toBe(400);
    expect((await identitiesOf(attacker)).map((i) => i.signInType)).toEqual(['emailAddress']);

    // A trip that outlived its ten minutes.
    const again = await attackerBrowser.navigate(`${account}/identities`, NOWHERE);
    const late = await linkPartner(attackerBrowser, again, 'rex@partner.example', complete);
    scenario.clock.advance(11 * 60_000);
    const expired = await attackerBrowser.navigate(late.redirectedTo as string, NOWHERE);
    expect(expired.status).toBe(400);
    expect((await identitiesOf(attacker)).map((i) => i.signInType)).toEqual(['emailAddress']);
  });
  it('says so when the provider cannot be reached, and links nothing', async () => {
    const broken = await gh.api('POST', '/api/v1/tenants/demo/identityProviders', {
      '@odata.type': '#microsoft.graph.openIdConnectIdentityProvider',
      displayName: 'Offline ID',
      clientId: 'offline',
      clientSecret: 'offline-secret',
      metadataUrl: 'http://127.0.0.1:1/.well-known/openid-configuration',
      scope: 'openid',
    });
    expect(broken.status, JSON.stringify(broken.body)).toBe(201);
    try {
      const local = await scenario.createUser('sol@shop.example');
      const { browser } = at();
      const page = await accountSignIn(browser, 'sol@shop.example');
      expect(page.body).toContain('Link Offline ID');
      const { csrf } = readForm(page.body, /\/identities\/link$/).fields;
      const failed = await browser.navigate(`${account}/identities/link`, NOWHERE, {
        form: { csrf: csrf as string, provider: broken.body.id },
      });
      expect(failed.status).toBe(502);
      expect(failed.body).toContain('Linking Offline ID did not work.');
      expect((await identitiesOf(local)).map((i) => i.signInType)).toEqual(['emailAddress']);
      // A provider the tenant does not have gets no trip at all.
      const unknown = await browser.request(`${account}/identities/link`, {
        form: { csrf: csrf as string, provider: 'no-such-provider' },
      });
      expect(unknown.status).toBe(404);
    } finally {
      await gh.api('DELETE', `/api/v1/tenants/demo/identityProviders/${broken.body.id}`);
    }
  });
});
