import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DATABASES } from './support/databases.js';
import {
  SCENARIO_PASSWORD as PASSWORD,
  type Scenario,
  type ScenarioBrowser,
  startScenario,
  type WebApp,
} from './support/scenario.js';

const NOWHERE = 'http://nowhere.invalid/';
const NEW_PASSWORD = 'Another-Long-Passphrase-77';

/**
 * A user at risk who changes their password on the account page: Entra's "secure password
 * change" — a change in a session that proved MFA — remediates their risk; one without MFA does not.
 */
describe.each(TEST_DATABASES)('a password change on the account page and user risk on %s', (kind) => {
  let scenario: Scenario;
  const protection = '/api/v1/tenants/demo/identityProtection';
  // The account pages' redirects end nowhere an app would be: the browser stops there.
  const accountApp = { callback: NOWHERE } as WebApp;

  beforeAll(async () => {
    scenario = await startScenario(kind, { geoOverrides: {} });
  });
  afterAll(() => scenario?.stop());
  afterEach(() => scenario.deletePolicies());

  /** A user an administrator confirmed compromised: high user risk. */
  async function compromisedUser(mail: string) {
    const id = await scenario.createUser(mail);
    const confirmed = await scenario.gh.api('POST', `${protection}/riskyUsers/confirmCompromised`, {
      userIds: [id],
    });
    expect(confirmed.status).toBe(204);
    return id;
  }

  const riskOf = async (id: string) => (await scenario.gh.api('GET', `${protection}/riskyUsers/${id}`)).body;

  /** Signs in to the account's password page (with the emailed second factor when asked) and changes it. */
  async function changePassword(at: ScenarioBrowser, mail: string) {
    const signInPage = await at.browser.navigate(`${scenario.gh.baseUrl}/t/demo/account/password`, NOWHERE);
    let page = await at.submit(accountApp, signInPage.body, /\/login$/, { login: mail, password: PASSWORD });
    if (page.url.endsWith('/mfa')) page = await scenario.proveByEmail(at, accountApp, page, mail);
    expect(page.url).toMatch(/\/account\/password$/);
    const changed = await at.submit(accountApp, page.body, /\/password$/, {
      current: PASSWORD,
      password: NEW_PASSWORD,
      confirm: NEW_PASSWORD,
    });
    expect(changed.status).toBe(200);
  }

  it('remediates the risk of a user who changes their password after MFA', async () => {
    const id = await compromisedUser('risky.mfa@shop.example');
    await scenario.createPolicy({
      displayName: 'MFA everywhere',
      conditions: { users: { includeUsers: ['All'] }, applications: { includeApplications: ['All'] } },
      grantControls: { operator: 'OR', builtInControls: ['mfa'] },
    });
    await changePassword(scenario.browserAt('203.0.113.60'), 'risky.mfa@shop.example');
    expect(await riskOf(id)).toMatchObject({
      riskState: 'remediated',
      riskLevel: 'none',
      riskDetail: 'userPerformedSecuredPasswordChange',
    });
  });

  it('leaves the risk of a user who changes their password without MFA', async () => {
    const id = await compromisedUser('risky.pwd@shop.example');
    await changePassword(scenario.browserAt('203.0.113.61'), 'risky.pwd@shop.example');
    expect(await riskOf(id)).toMatchObject({ riskState: 'confirmedCompromised', riskLevel: 'high' });
  });
});
