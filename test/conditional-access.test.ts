import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from './support/browser.js';
import { TEST_DATABASES } from './support/databases.js';
import type { TestGatehouse } from './support/gatehouse.js';
import { tokenRequest } from './support/oauth.js';
import {
  IPHONE_SAFARI,
  type Scenario,
  startScenario,
  type WebApp,
  WINDOWS_EDGE,
} from './support/scenario.js';

const NEW_PASSWORD = 'Another-Long-Passphrase-For-Risk-77';

/** Addresses the tests sign in from, placed by the geo override file. */
const PLACES = {
  paris: '203.0.113.7',
  seattle: '198.51.100.20',
  moscow: '192.0.2.44',
  office: '10.20.1.5',
};
const GEO_OVERRIDES = {
  '203.0.113.0/24': {
    countryOrRegion: 'FR',
    city: 'Paris',
    state: 'Île-de-France',
    latitude: 48.86,
    longitude: 2.35,
  },
  '198.51.100.0/24': {
    countryOrRegion: 'US',
    city: 'Seattle',
    state: 'Washington',
    latitude: 47.6,
    longitude: -122.3,
  },
  '192.0.2.0/24': { countryOrRegion: 'RU', city: 'Moscow', latitude: 55.75, longitude: 37.62 },
  '10.20.0.0/16': { countryOrRegion: 'US', city: 'Redmond', state: 'Washington', asn: 64512 },
};

describe.each(TEST_DATABASES)('Conditional Access at sign-in on %s', (kind) => {
  let scenario: Scenario;
  let gh: TestGatehouse;
  let auto: WebApp;
  let home: WebApp;
  const locations = '/api/v1/tenants/demo/conditionalAccess/namedLocations';

  beforeAll(async () => {
    scenario = await startScenario(kind, { geoOverrides: GEO_OVERRIDES });
    gh = scenario.gh;
    auto = await scenario.registerWebApp('Auto insurance');
    home = await scenario.registerWebApp('Home insurance');
    // The product documents' scenario: one user flow for both apps.
    const flow = await gh.api('POST', '/api/v1/tenants/demo/userFlows', {
      displayName: 'Insurance customers',
      isSignUpAllowed: true,
      signInMethods: ['emailPassword'],
      attributes: [{ attribute: 'displayName', required: true, inputType: 'text' }],
      applications: [auto.appId, home.appId],
    });
    expect(flow.status).toBe(201);
  });
  afterAll(() => scenario?.stop());
  // Each test starts with no policy.
  afterEach(() => scenario.deletePolicies());

  const createUser = (mail: string) => scenario.createUser(mail);
  const createPolicy = (body: Record<string, unknown>) => scenario.createPolicy(body);
  const browserAt = (ip: string, userAgent?: string) => scenario.browserAt(ip, userAgent);
  const signInLog = (userId: string) => scenario.signInLog(userId);
  const advance = (ms: number) => scenario.clock.advance(ms);

  const allUsers = (extra: Record<string, unknown> = {}) => ({
    users: { includeUsers: ['All'] },
    applications: { includeApplications: ['All'] },
    ...extra,
  });

  it('asks for MFA in the home insurance app only, also when the customer arrives by single sign-on', async () => {
    const userId = await createUser('casey@example.com');
    const policy = await createPolicy({
      displayName: 'Home insurance needs MFA',
      conditions: { users: { includeUsers: ['All'] }, applications: { includeApplications: [home.appId] } },
      grantControls: { operator: 'OR', builtInControls: ['mfa'] },
    });
    const at = browserAt(PLACES.paris);

    const autoRun = await at.signIn(auto, 'casey@example.com');
    const autoClaims = (await autoRun.tokens(autoRun.redirectedTo)).claims();
    expect(autoClaims?.amr).toEqual(['pwd']);

    // Same browser, same SSO session: the home insurance app asks for the second factor.
    advance(1000);
    const homeRun = await at.authorize(home);
    expect(homeRun.page.url).toMatch(/\/mfa$/);
    const done = await scenario.proveByEmail(at, home, homeRun.page, 'casey@example.com');
    const homeClaims = (await homeRun.tokens(done.redirectedTo)).claims();
    expect(homeClaims?.amr).toEqual(expect.arrayContaining(['pwd', 'mfa']));

    const [homeEntry, autoEntry] = await signInLog(userId);
    expect(autoEntry?.appId).toBe(auto.appId);
    expect(autoEntry?.conditionalAccessStatus).toBe('notApplied');
    expect(autoEntry?.appliedConditionalAccessPolicies).toEqual([
      {
        id: policy.id,
        displayName: policy.displayName,
        result: 'notApplied',
        enforcedGrantControls: [],
        enforcedSessionControls: [],
      },
    ]);
    expect(autoEntry?.location).toMatchObject({
      city: 'Paris',
      countryOrRegion: 'FR',
      state: 'Île-de-France',
    });
    expect(autoEntry?.location.geoCoordinates).toMatchObject({ latitude: 48.86, longitude: 2.35 });
    // One browser: both entries carry its device cookie.
    expect(autoEntry?.deviceDetail.deviceId).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(homeEntry?.deviceDetail.deviceId).toBe(autoEntry?.deviceDetail.deviceId);
    expect(homeEntry?.appId).toBe(home.appId);
    expect(homeEntry?.conditionalAccessStatus).toBe('success');
    expect(homeEntry?.authenticationRequirement).toBe('multiFactorAuthentication');
    expect(homeEntry?.appliedConditionalAccessPolicies[0]).toMatchObject({
      result: 'success',
      enforcedGrantControls: ['Mfa'],
    });
  });

  it('logs the interrupted attempt as a failure of the policy, then the success', async () => {
    const userId = await createUser('drew@example.com');
    await createPolicy({
      displayName: 'Everyone needs MFA',
      conditions: allUsers(),
      grantControls: { operator: 'OR', builtInControls: ['mfa'] },
    });
    const at = browserAt(PLACES.seattle);
    const run = await at.signIn(home, 'drew@example.com');
    advance(1000);
    const done = await scenario.proveByEmail(at, home, run, 'drew@example.com');
    expect(done.redirectedTo).toMatch(/code=/);
    const [success, interrupted] = await signInLog(userId);
    expect(interrupted?.status.errorCode).toBe(50074);
    expect(interrupted?.conditionalAccessStatus).toBe('failure');
    expect(success?.status.errorCode).toBe(0);
    expect(success?.conditionalAccessStatus).toBe('success');
  });

  it('blocks sign-ins from a blocked country and lets others in', async () => {
    const userId = await createUser('eli@example.com');
    const blocked = await gh.api('POST', locations, {
      '@odata.type': '#microsoft.graph.countryNamedLocation',
      displayName: 'Embargoed',
      countriesAndRegions: ['RU'],
    });
    expect(blocked.status).toBe(201);
    await createPolicy({
      displayName: 'Block embargoed countries',
      conditions: allUsers({ locations: { includeLocations: [blocked.body.id] } }),
      grantControls: { operator: 'OR', builtInControls: ['block'] },
    });

    const fromMoscow = await browserAt(PLACES.moscow).signIn(auto, 'eli@example.com');
    expect(fromMoscow.status).toBe(403);
    expect(fromMoscow.body).toContain('access policy does not allow this sign-in');
    expect(fromMoscow.redirectedTo).toBeUndefined();

    advance(1000);
    const fromParis = await browserAt(PLACES.paris).signIn(auto, 'eli@example.com');
    expect(fromParis.redirectedTo).toMatch(/code=/);

    const [allowed, refused] = await signInLog(userId);
    expect(refused?.status).toMatchObject({ errorCode: 53003 });
    expect(refused?.conditionalAccessStatus).toBe('failure');
    expect(refused?.location).toMatchObject({ city: 'Moscow', countryOrRegion: 'RU' });
    expect(refused?.appliedConditionalAccessPolicies[0]).toMatchObject({
      result: 'failure',
      enforcedGrantControls: ['Block'],
    });
    expect(allowed?.conditionalAccessStatus).toBe('notApplied');
    expect(allowed?.appliedConditionalAccessPolicies[0].result).toBe('notApplied');
  });

  it('does not ask for MFA inside a trusted location, and does outside it', async () => {
    const fayId = await createUser('fay@example.com');
    const office = await gh.api('POST', locations, {
      '@odata.type': '#microsoft.graph.ipNamedLocation',
      displayName: 'Head office',
      isTrusted: true,
      ipRanges: [{ '@odata.type': '#microsoft.graph.iPv4CidrRange', cidrAddress: '10.20.0.0/16' }],
    });
    expect(office.status).toBe(201);
    await createPolicy({
      displayName: 'MFA outside the office',
      conditions: allUsers({ locations: { includeLocations: ['All'], excludeLocations: ['AllTrusted'] } }),
      grantControls: { operator: 'OR', builtInControls: ['mfa'] },
    });
    const inOffice = await browserAt(PLACES.office).signIn(auto, 'fay@example.com');
    expect(inOffice.redirectedTo).toMatch(/code=/);
    const [officeEntry] = await signInLog(fayId);
    expect(officeEntry?.autonomousSystemNumber).toBe(64512);
    advance(1000);
    const outside = await browserAt(PLACES.paris).signIn(auto, 'fay@example.com');
    expect(outside.url).toMatch(/\/mfa$/);
  });

  it('lets an excluded group through a policy that includes everyone', async () => {
    const insiderId = await createUser('gil@example.com');
    await createUser('hana@example.com');
    const group = await gh.api('POST', '/api/v1/tenants/demo/groups', { displayName: 'Break-glass' });
    expect(group.status).toBe(201);
    const member = await gh.api('POST', `/api/v1/tenants/demo/groups/${group.body.id}/members/$ref`, {
      '@odata.id': `${gh.baseUrl}/api/v1/tenants/demo/users/${insiderId}`,
    });
    expect(member.status).toBe(204);
    await createPolicy({
      displayName: 'Block all but break-glass',
      conditions: {
        users: { includeUsers: ['All'], excludeGroups: [group.body.id] },
        applications: { includeApplications: [auto.appId] },
      },
      grantControls: { operator: 'OR', builtInControls: ['block'] },
    });
    const insider = await browserAt(PLACES.paris).signIn(auto, 'gil@example.com');
    expect(insider.redirectedTo).toMatch(/code=/);
    const other = await browserAt(PLACES.paris).signIn(auto, 'hana@example.com');
    expect(other.status).toBe(403);
  });

  it('reads the platform and the client app from the user agent', async () => {
    await createUser('ivo@example.com');
    await createPolicy({
      displayName: 'No iOS',
      conditions: allUsers({ platforms: { includePlatforms: ['iOS'] } }),
      grantControls: { operator: 'OR', builtInControls: ['block'] },
    });
    await createPolicy({
      displayName: 'Browsers only',
      conditions: allUsers({ clientAppTypes: ['mobileAppsAndDesktopClients'] }),
      grantControls: { operator: 'OR', builtInControls: ['block'] },
    });
    expect((await browserAt(PLACES.paris, IPHONE_SAFARI).signIn(auto, 'ivo@example.com')).status).toBe(403);
    expect((await browserAt(PLACES.paris, 'curl/8.5.0').signIn(auto, 'ivo@example.com')).status).toBe(403);
    const windows = await browserAt(PLACES.paris, WINDOWS_EDGE).signIn(auto, 'ivo@example.com');
    expect(windows.redirectedTo).toMatch(/code=/);
  });

  it('evaluates report-only policies and logs what they would have done, without enforcing them', async () => {
    const userId = await createUser('jo@example.com');
    await createPolicy({
      displayName: 'Would block',
      state: 'enabledForReportingButNotEnforced',
      conditions: allUsers(),
      grantControls: { operator: 'OR', builtInControls: ['block'] },
    });
    await createPolicy({
      displayName: 'Would ask for MFA',
      state: 'enabledForReportingButNotEnforced',
      conditions: allUsers(),
      grantControls: { operator: 'OR', builtInControls: ['mfa'] },
    });
    await createPolicy({
      displayName: 'Switched off',
      state: 'disabled',
      conditions: allUsers(),
      grantControls: { operator: 'OR', builtInControls: ['block'] },
    });
    const run = await browserAt(PLACES.paris).signIn(auto, 'jo@example.com');
    expect(run.redirectedTo).toMatch(/code=/);
    const [entry] = await signInLog(userId);
    expect(entry?.conditionalAccessStatus).toBe('notApplied');
    expect(
      Object.fromEntries(
        entry?.appliedConditionalAccessPolicies.map((p: { displayName: string; result: string }) => [
          p.displayName,
          p.result,
        ]),
      ),
    ).toEqual({
      'Would block': 'reportOnlyFailure',
      'Would ask for MFA': 'reportOnlyInterrupted',
      'Switched off': 'notEnabled',
    });
  });

  it('takes the user through MFA, then a password change, when a policy grants both', async () => {
    const userId = await createUser('kim@example.com');
    await createPolicy({
      displayName: 'Risky users change their password',
      conditions: allUsers({ userRiskLevels: ['none'] }),
      grantControls: { operator: 'AND', builtInControls: ['mfa', 'passwordChange'] },
    });
    const at = browserAt(PLACES.paris);
    const run = await at.signIn(auto, 'kim@example.com');
    advance(1000);
    const change = await scenario.proveByEmail(at, auto, run, 'kim@example.com');
    expect(change.url).toMatch(/\/change$/);
    advance(1000);
    const done = await at.submit(auto, change.body, /\/change$/, {
      password: NEW_PASSWORD,
      confirm: NEW_PASSWORD,
    });
    expect(done.redirectedTo).toMatch(/code=/);
    const [success] = await signInLog(userId);
    expect(success?.conditionalAccessStatus).toBe('success');
    expect(success?.appliedConditionalAccessPolicies[0].enforcedGrantControls).toEqual([
      'Mfa',
      'PasswordChange',
    ]);
  });

  it('keeps the session to the browser session when persistentBrowser is never', async () => {
    await createUser('lee@example.com');
    const persistent = browserAt(PLACES.paris);
    await persistent.signIn(auto, 'lee@example.com');
    const sessionCookie = (b: Browser) => b.setCookies.filter((line) => /^_session=/.test(line)).at(-1) ?? '';
    expect(sessionCookie(persistent.browser)).toMatch(/expires=/i);

    await createPolicy({
      displayName: 'No persistent sessions',
      conditions: allUsers(),
      sessionControls: { persistentBrowser: { isEnabled: true, mode: 'never' } },
    });
    const transient = browserAt(PLACES.paris);
    const run = await transient.signIn(auto, 'lee@example.com');
    expect(run.redirectedTo).toMatch(/code=/);
    expect(sessionCookie(transient.browser)).toMatch(/^_session=[^;]+;/);
    expect(sessionCookie(transient.browser)).not.toMatch(/expires=/i);
  });

  it('asks for a fresh sign-in when the sign-in frequency has run out', async () => {
    await createUser('max@example.com');
    await createPolicy({
      displayName: 'Home insurance: sign in every hour',
      conditions: { users: { includeUsers: ['All'] }, applications: { includeApplications: [home.appId] } },
      sessionControls: {
        signInFrequency: { isEnabled: true, frequencyInterval: 'timeBased', value: 1, type: 'hours' },
      },
    });
    const at = browserAt(PLACES.paris);
    await at.signIn(auto, 'max@example.com');
    advance(30 * 60_000);
    expect((await at.authorize(home)).page.redirectedTo).toMatch(/code=/);
    advance(31 * 60_000);
    const again = await at.authorize(home);
    expect(again.page.redirectedTo).toBeUndefined();
    expect(again.page.body).toContain('name="password"');
    // The other app keeps its single sign-on.
    expect((await at.authorize(auto)).page.redirectedTo).toMatch(/code=/);
    // prompt=none cannot ask: the app hears login_required.
    const silent = await at.authorize(home, { prompt: 'none' });
    expect(silent.page.redirectedTo).toMatch(/error=login_required/);
  });

  it('stops a session it now blocks, and refuses its refresh token', async () => {
    await createUser('ned@example.com');
    const at = browserAt(PLACES.paris);
    const run = await at.signIn(auto, 'ned@example.com');
    const tokens = await run.tokens(run.redirectedTo);
    expect(tokens.refresh_token).toBeTruthy();

    await createPolicy({
      displayName: 'Auto insurance closed',
      conditions: { users: { includeUsers: ['All'] }, applications: { includeApplications: [auto.appId] } },
      grantControls: { operator: 'OR', builtInControls: ['block'] },
    });
    const refreshed = await run.refresh(tokens.refresh_token as string);
    expect(refreshed.status).toBe(400);
    expect(refreshed.body).toMatchObject({ error: 'invalid_grant' });
    expect(String(refreshed.body.error_description)).toContain('Conditional Access');

    const sso = await at.authorize(auto);
    expect(sso.page.status).toBe(403);
    expect(sso.page.body).toContain('access policy does not allow this sign-in');
    const silent = await at.authorize(auto, { prompt: 'none' });
    expect(silent.page.redirectedTo).toMatch(/error=access_denied/);
  });

  it('refuses client credentials to an app a workload identity policy blocks, and logs why', async () => {
    const daemon = await gh.registerDaemon('demo', 'Nightly export');
    const api = await gh.api('POST', '/api/v1/tenants/demo/applications', {
      displayName: 'Export API',
      identifierUris: ['api://export'],
      appRoles: [
        {
          value: 'Export.Run',
          displayName: 'Run',
          description: 'App-only',
          allowedMemberTypes: ['Application'],
        },
      ],
    });
    await gh.grant('demo', daemon.appId, api.body.appId, { roles: ['Export.Run'] });
    const request = () =>
      tokenRequest(
        gh.baseUrl,
        'demo',
        { grant_type: 'client_credentials', scope: 'api://export/.default' },
        {
          id: daemon.appId,
          secret: daemon.secret,
        },
      );
    expect((await request()).status).toBe(200);
    advance(1000);
    await createPolicy({
      displayName: 'Block the export job',
      conditions: {
        // Graph names workload identities by their service principal's id (an appId works too).
        clientApplications: {
          includeServicePrincipals: [(await gh.servicePrincipalOf('demo', daemon.appId)).id],
        },
        applications: { includeApplications: ['All'] },
      },
      grantControls: { operator: 'OR', builtInControls: ['block'] },
    });
    const refused = await request();
    expect(refused.status).toBe(400);
    expect(String(refused.body.error_description)).toContain('Conditional Access');

    await gh.gatehouse.signIns.flush();
    const log = await gh.api('GET', `/api/v1/tenants/demo/auditLogs/signIns?appId=${daemon.appId}`);
    const [blocked, granted] = log.body.value;
    expect(granted.status.errorCode).toBe(0);
    expect(blocked.status.errorCode).toBe(53003);
    expect(blocked.conditionalAccessStatus).toBe('failure');
    expect(blocked.appliedConditionalAccessPolicies[0]).toMatchObject({ result: 'failure' });
  });
});
