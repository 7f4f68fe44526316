import { createHash } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ManualClock } from '../src/platform/index.js';
import { TEST_DATABASES } from './support/databases.js';
import type { TestGatehouse } from './support/gatehouse.js';
import type { MailSink } from './support/mail-sink.js';
import {
  type Entry,
  IPHONE_SAFARI as IPHONE,
  WINDOWS_EDGE as LAPTOP,
  SCENARIO_PASSWORD as PASSWORD,
  type Scenario,
  startScenario,
  type WebApp,
} from './support/scenario.js';

const NEW_PASSWORD = 'Another-Long-Passphrase-For-Risk-77';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Addresses the tests sign in from, placed by the geo override file. */
const PLACES = {
  homeIsp: '198.51.100.20',
  mobileCarrier: '100.64.10.33',
  paris: '203.0.113.7',
  berlin: '198.18.4.9',
  anonymizer: '192.0.2.44',
  threatIntelligence: '198.18.1.5',
  malicious: '198.18.2.5',
  sprayer: '198.18.3.5',
};
const GEO_OVERRIDES = {
  '198.51.100.0/24': {
    countryOrRegion: 'US',
    city: 'Seattle',
    state: 'Washington',
    latitude: 47.6,
    longitude: -122.3,
    asn: 7922,
  },
  '100.64.10.0/24': {
    countryOrRegion: 'US',
    city: 'Seattle',
    state: 'Washington',
    latitude: 47.61,
    longitude: -122.33,
    asn: 21928,
  },
  '203.0.113.0/24': {
    countryOrRegion: 'FR',
    city: 'Paris',
    state: 'Île-de-France',
    latitude: 48.86,
    longitude: 2.35,
    asn: 3215,
  },
  '198.18.4.0/24': { countryOrRegion: 'DE', city: 'Berlin', latitude: 52.52, longitude: 13.4, asn: 3320 },
  '192.0.2.0/24': { countryOrRegion: 'NL', city: 'Amsterdam', latitude: 52.37, longitude: 4.9, asn: 60068 },
  '198.18.1.0/24': { countryOrRegion: 'DE', city: 'Frankfurt', latitude: 50.11, longitude: 8.68, asn: 24940 },
  '198.18.2.0/24': { countryOrRegion: 'RO', city: 'Bucharest', latitude: 44.43, longitude: 26.1, asn: 9009 },
  '198.18.3.0/24': { countryOrRegion: 'US', city: 'New York', latitude: 40.71, longitude: -74.0, asn: 14061 },
};

describe.each(TEST_DATABASES)('Identity Protection at sign-in on %s', (kind) => {
  let scenario: Scenario;
  let gh: TestGatehouse;
  let mail: MailSink;
  let clock: ManualClock;
  let app: WebApp;
  const tenant = '/api/v1/tenants/demo';
  const protection = `${tenant}/identityProtection`;

  beforeAll(async () => {
    scenario = await startScenario(kind, { geoOverrides: GEO_OVERRIDES });
    ({ gh, mail, clock } = scenario);
    app = await scenario.registerWebApp('Shop');
    const flow = await gh.api('POST', `${tenant}/userFlows`, {
      displayName: 'Shop customers',
      isSignUpAllowed: true,
      signInMethods: ['emailPassword'],
      attributes: [{ attribute: 'displayName', required: true, inputType: 'text' }],
      applications: [app.appId],
    });
    expect(flow.status).toBe(201);
  });
  afterAll(() => scenario?.stop());
  // Each test starts with no policy.
  afterEach(() => scenario.deletePolicies());

  const createUser = (mailAddress: string) => scenario.createUser(mailAddress);
  const createPolicy = (body: Record<string, unknown>) => scenario.createPolicy(body);
  const signInLog = (userId: string) => scenario.signInLog(userId);

  async function putThreatList(category: string, entries: string[]) {
    const put = await gh.api('PUT', `${protection}/threatLists/${category}`, {
      displayName: `Test ${category}`,
      entries,
    });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
  }

  /**
   * A browser at one place with one user agent, signing in to the shop; it keeps its cookies
   * (the device cookie too), and every sign-in types the password, even with a session.
   */
  function browserAt(ip: string, userAgent = LAPTOP) {
    const at = scenario.browserAt(ip, userAgent, { prompt: 'login' });
    return {
      ...at,
      at,
      authorize: async () => (await at.authorize(app)).page,
      submit: (html: string, action: RegExp, values?: Record<string, string>) =>
        at.submit(app, html, action, values),
      signIn: (login: string, password?: string) => at.signIn(app, login, password),
    };
  }
  type At = ReturnType<typeof browserAt>;

  const proveByEmail = (at: At, mfaPage: Parameters<Scenario['proveByEmail']>[2], address: string) =>
    scenario.proveByEmail(at.at, app, mfaPage, address);

  async function detectionsOf(userId: string): Promise<Entry[]> {
    const found = await gh.api('GET', `${protection}/riskDetections?userId=${userId}`);
    expect(found.status).toBe(200);
    return found.body.value;
  }

  const infoOf = (detection: Entry): Record<string, string> =>
    Object.fromEntries(
      (JSON.parse(detection.additionalInfo) as Array<{ Key: string; Value: string }>).map((p) => [
        p.Key,
        p.Value,
      ]),
    );

  /** Signs in successfully `times` times from `at`, `step` apart. */
  async function learnFrom(at: At, login: string, times: number, step = DAY) {
    for (let i = 0; i < times; i++) {
      if (i > 0) clock.advance(step);
      const done = await at.signIn(login);
      expect(done.redirectedTo, done.body).toMatch(/\/callback\?code=/);
    }
  }

  it('raises nothing for an ordinary user at home on a laptop and about town on a phone', async () => {
    const userId = await createUser('olivia@example.com');
    const laptop = browserAt(PLACES.homeIsp, LAPTOP);
    const phone = browserAt(PLACES.mobileCarrier, IPHONE);
    for (let day = 0; day < 14; day++) {
      const done = await (day % 2 === 0 ? laptop : phone).signIn('olivia@example.com');
      expect(done.redirectedTo, `day ${day}`).toMatch(/\/callback\?code=/);
      clock.advance(DAY);
    }
    // Past the learning period, both devices are familiar.
    expect((await phone.signIn('olivia@example.com')).redirectedTo).toMatch(/code=/);
    clock.advance(HOUR);
    expect((await laptop.signIn('olivia@example.com')).redirectedTo).toMatch(/code=/);

    // Each browser kept the one device cookie it was given.
    for (const at of [laptop, phone])
      expect(at.browser.setCookies.filter((line) => line.startsWith('gh_device='))).toHaveLength(1);
    expect(await detectionsOf(userId)).toEqual([]);
    const risky = await gh.api('GET', `${protection}/riskyUsers/${userId}`);
    // Never at risk: no risk record at all.
    expect(risky.status).toBe(404);
    const log = await signInLog(userId);
    expect(log).toHaveLength(16);
    for (const entry of log) {
      expect(entry.status.errorCode).toBe(0);
      expect(entry.riskLevelDuringSignIn).toBe('none');
      expect(entry.riskState).toBe('none');
      expect(entry.riskEventTypes_v2).toEqual([]);
    }
  });

  it('flags a sign-in through an anonymizer, and remediates it when the user passes the MFA a policy asks', async () => {
    const userId = await createUser('anna@example.com');
    await putThreatList('anonymizer', ['192.0.2.0/24']);

    const first = await browserAt(PLACES.anonymizer).signIn('anna@example.com');
    expect(first.redirectedTo).toMatch(/code=/);
    const [detection] = await detectionsOf(userId);
    expect(detection).toMatchObject({
      riskEventType: 'anonymizedIPAddress',
      riskLevel: 'medium',
      riskState: 'atRisk',
      detectionTimingType: 'realtime',
      activity: 'signin',
      ipAddress: PLACES.anonymizer,
      userId,
    });
    expect(detection?.location).toMatchObject({ city: 'Amsterdam', countryOrRegion: 'NL' });
    const [entry] = await signInLog(userId);
    expect(entry).toMatchObject({
      riskLevelDuringSignIn: 'medium',
      riskState: 'atRisk',
      riskEventTypes_v2: ['anonymizedIPAddress'],
    });
    expect(detection?.correlationId).toBe(entry?.correlationId);

    await createPolicy({
      displayName: 'Medium sign-in risk needs MFA',
      conditions: {
        users: { includeUsers: ['All'] },
        applications: { includeApplications: ['All'] },
        signInRiskLevels: ['medium'],
      },
      grantControls: { operator: 'OR', builtInControls: ['mfa'] },
    });
    clock.advance(HOUR);
    const at = browserAt(PLACES.anonymizer);
    const asked = await at.signIn('anna@example.com');
    expect(asked.url).toMatch(/\/mfa$/);
    const done = await proveByEmail(at, asked, 'anna@example.com');
    expect(done.redirectedTo).toMatch(/\/callback\?code=/);

    const [success, interrupted] = await signInLog(userId);
    expect(interrupted).toMatchObject({ riskLevelDuringSignIn: 'medium', riskState: 'atRisk' });
    expect(interrupted?.status.errorCode).toBe(50074);
    expect(success?.status.errorCode).toBe(0);
    expect(success).toMatchObject({
      riskState: 'remediated',
      riskDetail: 'userPassedMFADrivenByRiskBasedPolicy',
      riskEventTypes_v2: ['anonymizedIPAddress'],
    });
    const detections = await detectionsOf(userId);
    expect(detections).toHaveLength(2);
    const second = detections.find((d) => d.correlationId === interrupted?.correlationId);
    expect(second).toMatchObject({
      riskEventType: 'anonymizedIPAddress',
      riskState: 'remediated',
      riskDetail: 'userPassedMFADrivenByRiskBasedPolicy',
    });
    // The first sign-in, which no policy challenged, stays at risk.
    expect(detections.find((d) => d.id === detection?.id)?.riskState).toBe('atRisk');
  });

  it('blocks a sign-in from a threat-intelligence address when a policy blocks high sign-in risk', async () => {
    const userId = await createUser('boris@example.com');
    await putThreatList('threatIntelligence', [PLACES.threatIntelligence]);
    await createPolicy({
      displayName: 'High sign-in risk is blocked',
      conditions: {
        users: { includeUsers: ['All'] },
        applications: { includeApplications: ['All'] },
        signInRiskLevels: ['high'],
      },
      grantControls: { operator: 'OR', builtInControls: ['block'] },
    });
    const blocked = await browserAt(PLACES.threatIntelligence).signIn('boris@example.com');
    expect(blocked.status).toBe(403);
    expect(blocked.body).toContain('access policy does not allow this sign-in');
    expect(blocked.redirectedTo).toBeUndefined();

    const [entry] = await signInLog(userId);
    expect(entry?.status.errorCode).toBe(53003);
    expect(entry).toMatchObject({
      riskLevelDuringSignIn: 'high',
      riskState: 'atRisk',
      riskEventTypes_v2: ['investigationsThreatIntelligence'],
      conditionalAccessStatus: 'failure',
    });
    const [detection] = await detectionsOf(userId);
    expect(detection).toMatchObject({
      riskEventType: 'investigationsThreatIntelligence',
      riskLevel: 'high',
      ipAddress: PLACES.threatIntelligence,
    });
    expect(infoOf(detection as Entry).matched).toBe('ipAddress');

    // A clean address is let in.
    clock.advance(HOUR);
    expect((await browserAt(PLACES.homeIsp).signIn('boris@example.com')).redirectedTo).toMatch(/code=/);
  });

  it('raises threat intelligence for a password found in a leak', async () => {
    const userId = await createUser('clara@example.com');
    const hash = createHash('sha256').update(`clara@example.com:${PASSWORD}`, 'utf8').digest('hex');
    const imported = await gh.api('POST', `${protection}/leakedCredentials`, { hashes: [hash] });
    expect(imported.status, JSON.stringify(imported.body)).toBe(200);
    expect(imported.body).toEqual({ imported: 1 });

    // The login is matched lower-cased, whatever the user typed.
    const done = await browserAt(PLACES.homeIsp).signIn('Clara@Example.com');
    expect(done.redirectedTo).toMatch(/code=/);
    const [detection] = await detectionsOf(userId);
    expect(detection).toMatchObject({ riskEventType: 'investigationsThreatIntelligence', riskLevel: 'high' });
    expect(infoOf(detection as Entry).matched).toContain('leakedCredential');
    const [entry] = await signInLog(userId);
    expect(entry).toMatchObject({
      riskLevelDuringSignIn: 'high',
      riskEventTypes_v2: ['investigationsThreatIntelligence'],
    });
    const risky = await gh.api('GET', `${protection}/riskyUsers/${userId}`);
    expect(risky.body).toMatchObject({ riskLevel: 'high', riskState: 'atRisk' });

    // A wrong password is no leak.
    clock.advance(HOUR);
    const wrong = await browserAt(PLACES.homeIsp).signIn('clara@example.com', 'Not-The-Leaked-One-99');
    expect(wrong.status).toBe(401);
    expect(await detectionsOf(userId)).toHaveLength(1);
  });

  it('raises unfamiliarFeatures for a new country, network and device after the learning period', async () => {
    const userId = await createUser('dmitri@example.com');
    await learnFrom(browserAt(PLACES.homeIsp, LAPTOP), 'dmitri@example.com', 10);
    expect(await detectionsOf(userId)).toEqual([]);

    clock.advance(DAY);
    const done = await browserAt(PLACES.berlin, IPHONE).signIn('dmitri@example.com');
    expect(done.redirectedTo).toMatch(/code=/);
    const detections = await detectionsOf(userId);
    expect(detections.map((d) => d.riskEventType)).toEqual(['unfamiliarFeatures']);
    expect(detections[0]).toMatchObject({ riskLevel: 'high', ipAddress: PLACES.berlin });
    expect(detections[0]?.location).toMatchObject({ city: 'Berlin', countryOrRegion: 'DE' });
    const unfamiliar = infoOf(detections[0] as Entry).unfamiliarFeatures?.split(',');
    expect(unfamiliar).toEqual(expect.arrayContaining(['asn', 'subnet', 'place', 'deviceId']));
    const [entry] = await signInLog(userId);
    expect(entry).toMatchObject({
      riskLevelDuringSignIn: 'high',
      riskState: 'atRisk',
      riskEventTypes_v2: ['unfamiliarFeatures'],
    });
  });

  it('raises unlikelyTravel for Seattle, then Paris an hour later', async () => {
    const userId = await createUser('elena@example.com');
    const at = browserAt(PLACES.homeIsp, LAPTOP);
    await learnFrom(at, 'elena@example.com', 10, 6 * HOUR);
    clock.advance(HOUR);
    // The same laptop, flown (impossibly fast) to Paris: its device cookie is familiar.
    at.moveTo(PLACES.paris);
    const done = await at.signIn('elena@example.com');
    expect(done.redirectedTo).toMatch(/code=/);

    const detections = await detectionsOf(userId);
    expect(detections.map((d) => d.riskEventType)).toEqual(['unlikelyTravel']);
    const info = infoOf(detections[0] as Entry);
    expect(Number(info.speedKmPerHour)).toBeGreaterThan(900);
    expect(Number(info.distanceKm)).toBeGreaterThan(7_000);
    expect(info.previousIpAddress).toBe(PLACES.homeIsp);
    expect(detections[0]?.ipAddress).toBe(PLACES.paris);
    const [entry] = await signInLog(userId);
    expect(entry?.riskEventTypes_v2).toEqual(['unlikelyTravel']);
    expect(entry?.riskLevelDuringSignIn).toBe(detections[0]?.riskLevel);
  });

  it('raises passwordSpray when a sign-in succeeds from an address that failed across ten accounts', async () => {
    const victims: string[] = [];
    for (let i = 0; i < 10; i++) {
      const address = `spray${i}@example.com`;
      victims.push(await createUser(address));
      const failed = await browserAt(PLACES.sprayer).signIn(address, `Summer2026-guess-${i}`);
      expect(failed.status).toBe(401);
      clock.advance(1000);
    }
    const userId = await createUser('felix@example.com');
    const done = await browserAt(PLACES.sprayer).signIn('felix@example.com');
    expect(done.redirectedTo).toMatch(/code=/);

    const detections = await detectionsOf(userId);
    expect(detections.map((d) => d.riskEventType)).toEqual(['passwordSpray']);
    expect(detections[0]).toMatchObject({ riskLevel: 'high', ipAddress: PLACES.sprayer });
    expect(infoOf(detections[0] as Entry).failedAccountsFromIp).toBe('10');
    const [entry] = await signInLog(userId);
    expect(entry).toMatchObject({ riskLevelDuringSignIn: 'high', riskEventTypes_v2: ['passwordSpray'] });
    // The accounts sprayed are not locked out by one wrong password each.
    clock.advance(1000);
    expect((await browserAt(PLACES.homeIsp).signIn('spray0@example.com')).redirectedTo).toMatch(/code=/);
  });

  it('raises maliciousIPAddress for an address in the malicious list', async () => {
    const userId = await createUser('greta@example.com');
    await putThreatList('malicious', ['198.18.2.0/24']);
    const done = await browserAt(PLACES.malicious).signIn('greta@example.com');
    expect(done.redirectedTo).toMatch(/code=/);
    const [detection] = await detectionsOf(userId);
    expect(detection).toMatchObject({
      riskEventType: 'maliciousIPAddress',
      riskLevel: 'high',
      ipAddress: PLACES.malicious,
    });
    const [entry] = await signInLog(userId);
    expect(entry).toMatchObject({
      riskLevelDuringSignIn: 'high',
      riskState: 'atRisk',
      riskEventTypes_v2: ['maliciousIPAddress'],
    });
  });

  it('makes a user confirmed compromised prove MFA and change the password, which remediates the risk', async () => {
    const userId = await createUser('hugo@example.com');
    const confirmed = await gh.api('POST', `${protection}/riskyUsers/confirmCompromised`, {
      userIds: [userId],
    });
    expect(confirmed.status).toBe(204);
    const risky = await gh.api('GET', `${protection}/riskyUsers/${userId}`);
    expect(risky.body).toMatchObject({ riskLevel: 'high', riskState: 'confirmedCompromised' });

    await createPolicy({
      displayName: 'High user risk changes the password',
      conditions: {
        users: { includeUsers: ['All'] },
        applications: { includeApplications: ['All'] },
        userRiskLevels: ['high'],
      },
      grantControls: { operator: 'AND', builtInControls: ['mfa', 'passwordChange'] },
    });
    clock.advance(1000);
    const at = browserAt(PLACES.homeIsp);
    const run = await at.signIn('hugo@example.com');
    expect(run.url).toMatch(/\/mfa$/);
    const change = await proveByEmail(at, run, 'hugo@example.com');
    expect(change.url).toMatch(/\/change$/);
    clock.advance(1000);
    const done = await at.submit(change.body, /\/change$/, { password: NEW_PASSWORD, confirm: NEW_PASSWORD });
    expect(done.redirectedTo).toMatch(/\/callback\?code=/);

    const after = await gh.api('GET', `${protection}/riskyUsers/${userId}`);
    expect(after.body).toMatchObject({
      riskLevel: 'none',
      riskState: 'remediated',
      riskDetail: 'userPerformedSecuredPasswordChange',
    });
    const history = await gh.api('GET', `${protection}/riskyUsers/${userId}/history`);
    expect(history.status).toBe(200);
    const states = history.body.value.map((item: Entry) => [item.riskState, item.riskDetail]);
    expect(states).toContainEqual(['confirmedCompromised', 'adminConfirmedUserCompromised']);
    expect(states[0]).toEqual(['remediated', 'userPerformedSecuredPasswordChange']);

    // With the risk gone, the next sign-in (new password) goes straight through.
    clock.advance(HOUR);
    expect((await at.signIn('hugo@example.com', NEW_PASSWORD)).redirectedTo).toMatch(/code=/);
  });

  it('remediates user risk when the user resets a forgotten password', async () => {
    const userId = await createUser('ines@example.com');
    const confirmed = await gh.api('POST', `${protection}/riskyUsers/confirmCompromised`, {
      userIds: [userId],
    });
    expect(confirmed.status).toBe(204);

    clock.advance(1000);
    const at = browserAt(PLACES.homeIsp);
    const page = await at.authorize();
    expect(page.body).toContain('Forgot your password?');
    const base = new URL(page.url).pathname;
    const start = await at.browser.navigate(new URL(`${base}/reset`, gh.baseUrl), app.callback);
    const sent = await at.submit(start.body, /\/reset$/, { email: 'ines@example.com' });
    const choose = await at.submit(sent.body, /\/reset\/code$/, {
      code: await mail.nextCode('ines@example.com'),
    });
    expect(choose.body).toContain('Choose a new password');
    const done = await at.submit(choose.body, /\/reset\/password$/, {
      password: NEW_PASSWORD,
      confirm: NEW_PASSWORD,
    });
    expect(done.redirectedTo).toMatch(/\/callback\?code=/);

    const after = await gh.api('GET', `${protection}/riskyUsers/${userId}`);
    expect(after.body).toMatchObject({
      riskLevel: 'none',
      riskState: 'remediated',
      riskDetail: 'userPerformedSecuredPasswordReset',
    });
    const history = await gh.api('GET', `${protection}/riskyUsers/${userId}/history`);
    expect(history.body.value[0]).toMatchObject({
      riskState: 'remediated',
      riskDetail: 'userPerformedSecuredPasswordReset',
      initiatedBy: 'system',
    });
    const [entry] = await signInLog(userId);
    expect(entry?.status.errorCode).toBe(0);
  });
});
