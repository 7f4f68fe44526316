import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DATABASES } from './support/databases.js';
import { type Scenario, startScenario, type WebApp } from './support/scenario.js';

/**
 * An app served from an existing browser session (single sign-on) is a sign-in in the log, as
 * in Entra: once per authorization, with the session's methods "previously satisfied" and the
 * Conditional Access policies judged for that app.
 */
describe.each(TEST_DATABASES)('single sign-on in the sign-in log on %s', (kind) => {
  let scenario: Scenario;
  let auto: WebApp;
  let home: WebApp;

  beforeAll(async () => {
    scenario = await startScenario(kind, { geoOverrides: {} });
    auto = await scenario.registerWebApp('Auto insurance');
    home = await scenario.registerWebApp('Home insurance');
  });
  afterAll(() => scenario?.stop());

  it('logs the second app of a session as a sign-in satisfied by the session', async () => {
    const userId = await scenario.createUser('sso@shop.example');
    const policy = await scenario.createPolicy({
      displayName: 'Watch home insurance',
      state: 'enabledForReportingButNotEnforced',
      conditions: { users: { includeUsers: ['All'] }, applications: { includeApplications: [home.appId] } },
      grantControls: { operator: 'OR', builtInControls: ['block'] },
    });
    const at = scenario.browserAt('203.0.113.70');
    const first = await at.signIn(auto, 'sso@shop.example');
    expect((await first.tokens(first.redirectedTo)).claims()?.sub).toBe(userId);
    scenario.clock.advance(1000);
    const second = await at.authorize(home);
    // No page: the session signs the user in to the second app.
    expect((await second.tokens(second.page.redirectedTo)).claims()?.sub).toBe(userId);

    const log = await scenario.signInLog(userId);
    const atHome = log.filter((e) => e.appId === home.appId);
    expect(atHome).toHaveLength(1);
    expect(atHome[0]).toMatchObject({
      status: { errorCode: 0 },
      isInteractive: true,
      userPrincipalName: 'sso@shop.example',
      ipAddress: '203.0.113.70',
      authenticationRequirement: 'singleFactorAuthentication',
      authenticationDetails: [expect.objectContaining({ authenticationMethod: 'Previously satisfied' })],
      appliedConditionalAccessPolicies: [
        expect.objectContaining({ id: policy.id, result: 'reportOnlyFailure' }),
      ],
    });
    expect(log.filter((e) => e.appId === auto.appId)[0]?.authenticationDetails[0]).toMatchObject({
      authenticationMethod: 'Password',
    });
    await scenario.deletePolicies();
  });

  it('logs a session a policy refuses for an app as a blocked sign-in', async () => {
    const userId = await scenario.createUser('sso.blocked@shop.example');
    await scenario.createPolicy({
      displayName: 'No home insurance',
      conditions: { users: { includeUsers: ['All'] }, applications: { includeApplications: [home.appId] } },
      grantControls: { operator: 'OR', builtInControls: ['block'] },
    });
    const at = scenario.browserAt('203.0.113.71');
    const first = await at.signIn(auto, 'sso.blocked@shop.example');
    expect(first.redirectedTo).toBeDefined();
    scenario.clock.advance(1000);
    const refused = await at.authorize(home);
    expect(refused.page.status).toBe(403);

    const atHome = (await scenario.signInLog(userId)).filter((e) => e.appId === home.appId);
    expect(atHome).toHaveLength(1);
    expect(atHome[0]).toMatchObject({
      status: { errorCode: 53003 },
      conditionalAccessStatus: 'failure',
      authenticationDetails: [expect.objectContaining({ authenticationMethod: 'Previously satisfied' })],
    });
    await scenario.deletePolicies();
  });
});
