import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUTHENTICATION_STRENGTHS } from '../src/access/index.js';
import type { SignInEntry } from '../src/insights/index.js';
import { ManualClock } from '../src/platform/index.js';
import { TEST_DATABASES } from './support/databases.js';
import { type Daemon, startGatehouse, type TestGatehouse } from './support/gatehouse.js';

const PASSWORD = 'Lantern-Harbour-Quartz-58';
const DAY_MS = 24 * 60 * 60_000;
type Body = Record<string, unknown>;

/** Addresses the tests use, placed by the geo override file. */
const PLACES = {
  paris: '203.0.113.7',
  seattle: '198.51.100.20',
  moscow: '192.0.2.44',
  office: '10.20.1.5',
};
const GEO_OVERRIDES = {
  '203.0.113.0/24': { countryOrRegion: 'FR', city: 'Paris' },
  '198.51.100.0/24': { countryOrRegion: 'US', city: 'Seattle' },
  '192.0.2.0/24': { countryOrRegion: 'RU', city: 'Moscow' },
  '10.20.0.0/16': { countryOrRegion: 'US', city: 'Redmond' },
};

/** A small deterministic generator, so that a failing log can be generated again. */
function seeded(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  return <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
}

describe.each(TEST_DATABASES)('Conditional Access What If and impact over HTTP on %s', (kind) => {
  // Starts at the real time: the admin token is stamped with the system clock.
  const clock = new ManualClock(new Date());
  let gh: TestGatehouse;
  let dir: string;
  const ca = '/api/v1/tenants/demo/conditionalAccess';

  async function createUser(name: string) {
    const created = await gh.api('POST', '/api/v1/tenants/demo/users', {
      displayName: name,
      mail: `${name.toLowerCase().replaceAll(' ', '.')}@analysis.example`,
      passwordProfile: { password: PASSWORD },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return created.body.id as string;
  }

  async function createPolicy(body: Body) {
    const created = await gh.api('POST', `${ca}/policies`, { state: 'enabled', ...body });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return created.body as { id: string; displayName: string };
  }

  async function createLocation(body: Body) {
    const created = await gh.api('POST', `${ca}/namedLocations`, body);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return created.body.id as string;
  }

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gatehouse-ca-analysis-'));
    const overrides = join(dir, 'geo.json');
    await writeFile(overrides, JSON.stringify(GEO_OVERRIDES));
    gh = await startGatehouse(kind, { clock, env: { GATEHOUSE_GEO_OVERRIDES: overrides } });
  });
  afterAll(async () => {
    await gh?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  describe('What If', () => {
    let alice: string;
    let bob: string;
    let carol: string;
    let dave: string;
    let auto: Daemon;
    let home: Daemon;
    let daemon: Daemon;
    let otherDaemon: Daemon;
    /** Policy ids by short name. */
    const ids: Record<string, string> = {};

    beforeAll(async () => {
      alice = await createUser('Alice');
      bob = await createUser('Bob');
      carol = await createUser('Carol');
      dave = await createUser('Dave');
      const contractors = await gh.api('POST', '/api/v1/tenants/demo/groups', { displayName: 'Contractors' });
      expect(contractors.status).toBe(201);
      const member = await gh.api('POST', `/api/v1/tenants/demo/groups/${contractors.body.id}/members/$ref`, {
        '@odata.id': `${gh.baseUrl}/api/v1/tenants/demo/users/${carol}`,
      });
      expect(member.status).toBe(204);
      auto = await gh.registerApp('demo', { displayName: 'Auto insurance' });
      home = await gh.registerApp('demo', { displayName: 'Home insurance' });
      daemon = await gh.registerDaemon('demo', 'Nightly export');
      otherDaemon = await gh.registerDaemon('demo', 'Billing sync');

      const office = await createLocation({
        '@odata.type': '#microsoft.graph.ipNamedLocation',
        displayName: 'Head office',
        isTrusted: true,
        ipRanges: [{ '@odata.type': '#microsoft.graph.iPv4CidrRange', cidrAddress: '10.20.0.0/16' }],
      });
      const embargoed = await createLocation({
        '@odata.type': '#microsoft.graph.countryNamedLocation',
        displayName: 'Embargoed',
        countriesAndRegions: ['RU', 'KP'],
      });
      expect(office).not.toBe(embargoed);

      ids.mfaOutside = (
        await createPolicy({
          displayName: 'MFA outside the office',
          conditions: {
            users: { includeUsers: ['All'], excludeUsers: [dave] },
            applications: { includeApplications: ['All'] },
            locations: { includeLocations: ['All'], excludeLocations: ['AllTrusted'] },
          },
          grantControls: { operator: 'OR', builtInControls: ['mfa'] },
        })
      ).id;
      ids.embargo = (
        await createPolicy({
          displayName: 'Block embargoed countries for Home',
          conditions: {
            users: { includeUsers: ['All'] },
            applications: { includeApplications: [home.appId] },
            locations: { includeLocations: [embargoed] },
          },
          grantControls: { operator: 'OR', builtInControls: ['block'] },
        })
      ).id;
      ids.contractorsMobile = (
        await createPolicy({
          displayName: 'Contractors: no mobile or desktop clients',
          conditions: {
            users: { includeGroups: [contractors.body.id] },
            applications: { includeApplications: ['All'] },
            clientAppTypes: ['mobileAppsAndDesktopClients'],
          },
          grantControls: { operator: 'OR', builtInControls: ['block'] },
        })
      ).id;
      ids.phishingResistantMobile = (
        await createPolicy({
          displayName: 'Passkey on phones for Home (report-only)',
          state: 'enabledForReportingButNotEnforced',
          conditions: {
            users: { includeUsers: [alice, bob] },
            applications: { includeApplications: [home.appId] },
            platforms: { includePlatforms: ['android', 'iOS'] },
          },
          grantControls: {
            operator: 'OR',
            authenticationStrength: { id: AUTHENTICATION_STRENGTHS.phishingResistant.id },
          },
        })
      ).id;
      ids.highRisk = (
        await createPolicy({
          displayName: 'Block high sign-in risk',
          conditions: {
            users: { includeUsers: ['All'] },
            applications: { includeApplications: ['All'] },
            signInRiskLevels: ['high'],
          },
          grantControls: { operator: 'OR', builtInControls: ['block'] },
        })
      ).id;
      ids.riskyUsers = (
        await createPolicy({
          displayName: 'Password change for risky users (disabled)',
          state: 'disabled',
          conditions: {
            users: { includeUsers: ['All'] },
            applications: { includeApplications: ['All'] },
            userRiskLevels: ['high'],
          },
          grantControls: { operator: 'AND', builtInControls: ['mfa', 'passwordChange'] },
        })
      ).id;
      ids.autoNotWindows = (
        await createPolicy({
          displayName: 'MFA for Auto off Windows, contractors excluded',
          conditions: {
            users: { includeUsers: [bob, carol], excludeGroups: [contractors.body.id] },
            applications: { includeApplications: [auto.appId] },
            platforms: { includePlatforms: ['all'], excludePlatforms: ['windows'] },
          },
          grantControls: { operator: 'OR', builtInControls: ['mfa'] },
        })
      ).id;
      ids.daemonOffice = (
        await createPolicy({
          displayName: 'Nightly export only from the office',
          conditions: {
            clientApplications: { includeServicePrincipals: [daemon.appId] },
            locations: { includeLocations: ['All'], excludeLocations: ['AllTrusted'] },
          },
          grantControls: { builtInControls: ['block'] },
        })
      ).id;
    });

    type Conditions = {
      ipAddress?: string;
      country?: string;
      clientAppType?: string;
      devicePlatform?: string;
      signInRiskLevel?: string;
      userRiskLevel?: string;
    };

    async function evaluate(identity: Body, appId: string, signInConditions?: Conditions) {
      const response = await gh.api('POST', `${ca}/evaluate`, {
        signInIdentity: identity,
        signInContext: { includeApplications: [appId] },
        ...(signInConditions && { signInConditions }),
      });
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      return response.body as {
        value: {
          id: string;
          displayName: string;
          state: string;
          policyApplies: boolean;
          analysisReasons: string;
          grantControls: unknown;
          sessionControls: unknown;
        }[];
        decision: {
          block: boolean;
          grantControls: string[];
          operator: string;
          authenticationStrength: unknown;
        };
      };
    }

    /** Each policy's reason by short name: `notSet` where it applies. */
    function reasonsOf(result: Awaited<ReturnType<typeof evaluate>>) {
      expect(result.value).toHaveLength(Object.keys(ids).length);
      const byId = new Map(result.value.map((policy) => [policy.id, policy]));
      return Object.fromEntries(
        Object.entries(ids).map(([name, id]) => {
          const policy = byId.get(id);
          expect(policy, name).toBeDefined();
          // policyApplies and analysisReasons always agree.
          expect(policy?.policyApplies, name).toBe(policy?.analysisReasons === 'notSet');
          return [name, policy?.analysisReasons];
        }),
      );
    }

    const notSet = 'notSet';

    it('lists every policy in the Graph shape, with its controls', async () => {
      const result = await evaluate({ userId: alice }, auto.appId, { ipAddress: PLACES.paris });
      const embargo = result.value.find((policy) => policy.id === ids.embargo);
      expect(embargo).toEqual({
        id: ids.embargo,
        displayName: 'Block embargoed countries for Home',
        state: 'enabled',
        policyApplies: false,
        analysisReasons: 'application',
        grantControls: { operator: 'OR', builtInControls: ['block'], authenticationStrength: null },
        sessionControls: null,
      });
      const reportOnly = result.value.find((policy) => policy.id === ids.phishingResistantMobile);
      expect(reportOnly?.state).toBe('enabledForReportingButNotEnforced');
      expect(reportOnly?.grantControls).toMatchObject({
        authenticationStrength: AUTHENTICATION_STRENGTHS.phishingResistant,
      });
    });

    it('resolves the country of an IP through the geo override file when no country is given', async () => {
      // Paris (FR): outside the office, so MFA; not embargoed.
      const paris = await evaluate({ userId: alice }, home.appId, { ipAddress: PLACES.paris });
      expect(reasonsOf(paris)).toEqual({
        mfaOutside: notSet,
        embargo: 'location',
        contractorsMobile: 'users',
        phishingResistantMobile: 'devicePlatform',
        highRisk: 'signInRisk',
        riskyUsers: 'userRisk',
        autoNotWindows: 'users',
        daemonOffice: 'users',
      });
      expect(paris.decision).toEqual({
        block: false,
        grantControls: ['mfa'],
        authenticationStrength: null,
        operator: 'OR',
      });

      // Moscow (RU, from the override file): the embargo blocks, and block wins over MFA.
      const moscow = await evaluate({ userId: bob }, home.appId, {
        ipAddress: PLACES.moscow,
        devicePlatform: 'windows',
      });
      expect(reasonsOf(moscow)).toMatchObject({
        mfaOutside: notSet,
        embargo: notSet,
        phishingResistantMobile: 'devicePlatform',
        autoNotWindows: 'application',
      });
      expect(moscow.decision).toEqual({
        block: true,
        grantControls: ['block'],
        authenticationStrength: null,
        operator: 'OR',
      });
    });

    it('uses a country given directly, before any IP lookup', async () => {
      // 198.18.0.1 is in no override range: the given country places it.
      const northKorea = await evaluate({ userId: bob }, home.appId, {
        ipAddress: '198.18.0.1',
        country: 'kp',
      });
      expect(reasonsOf(northKorea)).toMatchObject({ mfaOutside: notSet, embargo: notSet });
      expect(northKorea.decision).toMatchObject({ block: true, grantControls: ['block'] });

      // The given country wins over the address's own (Moscow is RU in the override file).
      const declared = await evaluate({ userId: bob }, home.appId, {
        ipAddress: PLACES.moscow,
        country: 'FR',
      });
      expect(reasonsOf(declared)).toMatchObject({ mfaOutside: notSet, embargo: 'location' });
      expect(declared.decision).toMatchObject({ block: false, grantControls: ['mfa'] });

      // Without an address, a given country still places the sign-in (in no IP range).
      const noAddress = await evaluate({ userId: bob }, home.appId, { country: 'KP' });
      expect(reasonsOf(noAddress)).toMatchObject({ mfaOutside: notSet, embargo: notSet });
      expect(noAddress.decision.block).toBe(true);
    });

    it('excludes a trusted IP location, and lists a report-only policy without enforcing it', async () => {
      const inOffice = await evaluate({ userId: alice }, home.appId, {
        ipAddress: PLACES.office,
        devicePlatform: 'iOS',
      });
      expect(reasonsOf(inOffice)).toEqual({
        mfaOutside: 'location',
        embargo: 'location',
        contractorsMobile: 'users',
        phishingResistantMobile: notSet,
        highRisk: 'signInRisk',
        riskyUsers: 'userRisk',
        autoNotWindows: 'users',
        daemonOffice: 'users',
      });
      // The report-only policy applies but asks for nothing.
      expect(inOffice.decision).toEqual({
        block: false,
        grantControls: [],
        authenticationStrength: null,
        operator: 'AND',
      });
    });

    it('lets a user exclusion beat an All inclusion', async () => {
      const excluded = await evaluate({ userId: dave }, auto.appId, { ipAddress: PLACES.seattle });
      expect(reasonsOf(excluded)).toMatchObject({ mfaOutside: 'users' });
      expect(excluded.decision).toEqual({
        block: false,
        grantControls: [],
        authenticationStrength: null,
        operator: 'AND',
      });
      const included = await evaluate({ userId: alice }, auto.appId, { ipAddress: PLACES.seattle });
      expect(reasonsOf(included)).toMatchObject({ mfaOutside: notSet });
    });

    it('lets a group exclusion beat a user inclusion, and checks client app types', async () => {
      const mobile = await evaluate({ userId: carol }, auto.appId, {
        ipAddress: PLACES.paris,
        clientAppType: 'mobileAppsAndDesktopClients',
        devicePlatform: 'android',
      });
      expect(reasonsOf(mobile)).toEqual({
        mfaOutside: notSet,
        embargo: 'application',
        contractorsMobile: notSet,
        phishingResistantMobile: 'users',
        highRisk: 'signInRisk',
        riskyUsers: 'userRisk',
        // Carol is included by id but excluded through Contractors.
        autoNotWindows: 'users',
        daemonOffice: 'users',
      });
      expect(mobile.decision).toMatchObject({ block: true, grantControls: ['block'] });

      const browser = await evaluate({ userId: carol }, auto.appId, {
        ipAddress: PLACES.paris,
        clientAppType: 'browser',
      });
      expect(reasonsOf(browser)).toMatchObject({ contractorsMobile: 'clientApps' });
      expect(browser.decision).toEqual({
        block: false,
        grantControls: ['mfa'],
        authenticationStrength: null,
        operator: 'OR',
      });
    });

    it('checks device platforms, an unknown platform reaching only `all`', async () => {
      const windows = await evaluate({ userId: bob }, auto.appId, {
        ipAddress: PLACES.office,
        devicePlatform: 'windows',
      });
      expect(reasonsOf(windows)).toMatchObject({ mfaOutside: 'location', autoNotWindows: 'devicePlatform' });
      expect(windows.decision.grantControls).toEqual([]);

      const mac = await evaluate({ userId: bob }, auto.appId, {
        ipAddress: PLACES.office,
        devicePlatform: 'macOS',
      });
      expect(reasonsOf(mac)).toMatchObject({ autoNotWindows: notSet });
      expect(mac.decision).toMatchObject({ block: false, grantControls: ['mfa'], operator: 'OR' });

      const unknown = await evaluate({ userId: bob }, auto.appId, { ipAddress: PLACES.office });
      expect(reasonsOf(unknown)).toMatchObject({ autoNotWindows: notSet });
      // Home's report-only policy names platforms, not `all`: an unknown one does not reach it.
      const unknownHome = await evaluate({ userId: bob }, home.appId, { ipAddress: PLACES.office });
      expect(reasonsOf(unknownHome)).toMatchObject({ phishingResistantMobile: 'devicePlatform' });
    });

    it('checks sign-in and user risk; a disabled policy says policyNotEnabled only once it matches', async () => {
      const risky = await evaluate({ userId: alice }, auto.appId, {
        ipAddress: PLACES.office,
        signInRiskLevel: 'high',
        userRiskLevel: 'high',
      });
      expect(reasonsOf(risky)).toMatchObject({
        mfaOutside: 'location',
        highRisk: notSet,
        riskyUsers: 'policyNotEnabled',
      });
      expect(risky.decision).toEqual({
        block: true,
        grantControls: ['block'],
        authenticationStrength: null,
        operator: 'OR',
      });

      const medium = await evaluate({ userId: alice }, auto.appId, {
        ipAddress: PLACES.office,
        signInRiskLevel: 'medium',
      });
      // An unmet condition comes first, even for a disabled policy.
      expect(reasonsOf(medium)).toMatchObject({ highRisk: 'signInRisk', riskyUsers: 'userRisk' });
      expect(medium.decision.block).toBe(false);
    });

    it('combines two enforced grants with AND, MFA and block alike', async () => {
      // Bob on a Mac from Paris reaches both MFA policies: two grants, so the operator is AND.
      const both = await evaluate({ userId: bob }, auto.appId, {
        ipAddress: PLACES.paris,
        devicePlatform: 'macOS',
      });
      expect(reasonsOf(both)).toMatchObject({ mfaOutside: notSet, autoNotWindows: notSet });
      expect(both.decision).toEqual({
        block: false,
        grantControls: ['mfa'],
        authenticationStrength: null,
        operator: 'AND',
      });
    });

    it('evaluates a workload identity against client application policies only', async () => {
      const outside = await evaluate({ servicePrincipalId: daemon.appId }, daemon.appId, {
        ipAddress: PLACES.paris,
      });
      expect(reasonsOf(outside)).toEqual({
        mfaOutside: 'users',
        embargo: 'users',
        contractorsMobile: 'users',
        phishingResistantMobile: 'users',
        highRisk: 'users',
        riskyUsers: 'users',
        autoNotWindows: 'users',
        daemonOffice: notSet,
      });
      expect(outside.decision).toEqual({
        block: true,
        grantControls: ['block'],
        authenticationStrength: null,
        operator: 'OR',
      });

      const inOffice = await evaluate({ servicePrincipalId: daemon.appId }, daemon.appId, {
        ipAddress: PLACES.office,
      });
      expect(reasonsOf(inOffice)).toMatchObject({ daemonOffice: 'location' });
      expect(inOffice.decision.block).toBe(false);

      const other = await evaluate({ servicePrincipalId: otherDaemon.appId }, otherDaemon.appId, {
        ipAddress: PLACES.paris,
      });
      expect(reasonsOf(other)).toMatchObject({ daemonOffice: 'users' });
      expect(other.decision.block).toBe(false);
    });

    it('refuses a user id or an app the tenant does not have, naming the field', async () => {
      const ask = (identity: Body, appId: string) =>
        gh.api('POST', `${ca}/evaluate`, {
          signInIdentity: identity,
          signInContext: { includeApplications: [appId] },
        });
      const stranger = await ask({ userId: crypto.randomUUID() }, auto.appId);
      expect(stranger.status).toBe(400);
      expect(stranger.body.error).toMatchObject({
        code: 'unknown_reference',
        target: 'signInIdentity.userId',
      });
      const unknownApp = await ask({ userId: alice }, 'no-such-app');
      expect(unknownApp.status).toBe(400);
      expect(unknownApp.body.error.target).toBe('signInContext.includeApplications.0');
      const unknownPrincipal = await ask({ servicePrincipalId: 'no-such-daemon' }, auto.appId);
      expect(unknownPrincipal.status).toBe(400);
      expect(unknownPrincipal.body.error.target).toBe('signInIdentity.servicePrincipalId');
    });
  });

  describe('impact', () => {
    const APPS = ['Travel cover', 'Claims portal', 'Quotes'] as const;
    const COUNTRIES = [
      { country: 'FR', ip: PLACES.paris },
      { country: 'US', ip: PLACES.seattle },
      { country: 'RU', ip: PLACES.moscow },
      { country: 'DE', ip: '198.18.0.1' },
      { country: null, ip: '100.64.0.9' },
    ] as const;
    const SYSTEMS = ['Windows 10', 'iOS 17', 'Android 14', 'macOS', 'Linux'];

    interface Generated {
      ageDays: number;
      userId: string | null;
      appId: string;
      appDisplayName: string;
      country: string | null;
      mfa: boolean;
      succeeded: boolean;
    }

    const generated: Generated[] = [];
    let users: string[];
    let apps: (Daemon & { displayName: string })[];
    let embargoed: string;
    let reportOnlyMfa: string;
    let now: Date;

    beforeAll(async () => {
      users = [];
      for (let index = 0; index < 15; index++) users.push(await createUser(`Impact user ${index}`));
      apps = [];
      for (const displayName of APPS)
        apps.push({ displayName, ...(await gh.registerApp('demo', { displayName })) });
      embargoed = await createLocation({
        '@odata.type': '#microsoft.graph.countryNamedLocation',
        displayName: 'Russia only',
        countriesAndRegions: ['RU'],
      });
      reportOnlyMfa = (
        await createPolicy({
          displayName: 'MFA for everyone but user 0 (report-only)',
          state: 'enabledForReportingButNotEnforced',
          conditions: {
            users: { includeUsers: ['All'], excludeUsers: [users[0]] },
            applications: { includeApplications: ['All'] },
          },
          grantControls: { operator: 'OR', builtInControls: ['mfa'] },
        })
      ).id;

      // 260 sign-ins over 45 days (a quarter day off each whole day, so never on a window's edge).
      const pick = seeded(42);
      now = clock.now();
      for (let index = 0; index < 260; index++) {
        const ageDays = pick([...Array(45).keys()]) + 0.25;
        const app = pick(apps);
        const place = pick(COUNTRIES);
        const userId = pick(users);
        const mfa = pick([true, false]);
        const succeeded = pick([true, true, true, false]);
        clock.set(new Date(now.getTime() - ageDays * DAY_MS));
        const mobile = pick([true, false, false]);
        const entry: SignInEntry = {
          tenantId: 'demo',
          userId,
          userPrincipalName: `user-${users.indexOf(userId)}@analysis.example`,
          appId: app.appId,
          appDisplayName: app.displayName,
          ipAddress: place.ip,
          clientAppUsed: mobile ? 'Mobile Apps and Desktop clients' : 'Browser',
          isInteractive: true,
          correlationId: crypto.randomUUID(),
          signInEventTypes: ['interactiveUser'],
          status: succeeded ? { errorCode: 0 } : { errorCode: 50126, failureReason: 'Invalid password.' },
          deviceDetail: { browser: mobile ? null : 'Edge 120', operatingSystem: pick(SYSTEMS) },
          location: { countryOrRegion: place.country, city: null, state: null, geoCoordinates: null },
          authenticationRequirement: mfa ? 'multiFactorAuthentication' : 'singleFactorAuthentication',
          riskLevelDuringSignIn: pick(['none', 'none', 'low', 'high']),
        };
        gh.gatehouse.signIns.record(entry);
        generated.push({
          ageDays,
          userId,
          appId: app.appId,
          appDisplayName: app.displayName,
          country: place.country,
          mfa,
          succeeded,
        });
      }
      // Service principal sign-ins have no user: impact skips them.
      for (let index = 0; index < 20; index++) {
        clock.set(new Date(now.getTime() - (index + 0.25) * DAY_MS));
        const app = pick(apps);
        gh.gatehouse.signIns.record({
          tenantId: 'demo',
          appId: app.appId,
          appDisplayName: app.displayName,
          servicePrincipalName: app.displayName,
          ipAddress: PLACES.moscow,
          clientAppUsed: '',
          isInteractive: false,
          correlationId: crypto.randomUUID(),
          signInEventTypes: ['servicePrincipal'],
          status: { errorCode: 0 },
          location: { countryOrRegion: 'RU' },
          authenticationRequirement: 'singleFactorAuthentication',
        });
      }
      clock.set(now);
      await gh.gatehouse.signIns.flush();
    });

    interface Counts {
      evaluated: number;
      applied: number;
      blocked: number;
      challenged: number;
    }
    type Outcome = 'notApplied' | 'satisfied' | 'challenged' | 'blocked';

    /** The report worked out by hand: a plain filter over what was generated. */
    function expected(days: number, outcomeOf: (signIn: Generated) => Outcome) {
      // A wrong password never reached Conditional Access: impact leaves it out.
      const inWindow = generated.filter((signIn) => signIn.ageDays < days && signIn.succeeded);
      const signInCounts = (list: Generated[]): Counts => ({
        evaluated: list.length,
        applied: list.filter((s) => outcomeOf(s) !== 'notApplied').length,
        blocked: list.filter((s) => outcomeOf(s) === 'blocked').length,
        challenged: list.filter((s) => outcomeOf(s) === 'challenged').length,
      });
      const distinct = (list: Generated[]) => new Set(list.map((s) => s.userId)).size;
      const userCounts = (list: Generated[]): Counts => ({
        evaluated: distinct(list),
        applied: distinct(list.filter((s) => outcomeOf(s) !== 'notApplied')),
        blocked: distinct(list.filter((s) => outcomeOf(s) === 'blocked')),
        challenged: distinct(list.filter((s) => outcomeOf(s) === 'challenged')),
      });
      const applications = [...APPS]
        .sort()
        .map((name) => apps.find((app) => app.displayName === name) as Daemon & { displayName: string })
        .map((app) => {
          const list = inWindow.filter((s) => s.appId === app.appId);
          return list.length === 0
            ? undefined
            : {
                appId: app.appId,
                appDisplayName: app.displayName,
                signIns: signInCounts(list),
                users: userCounts(list),
              };
        })
        .filter((app) => app !== undefined);
      return { days, signIns: signInCounts(inWindow), users: userCounts(inWindow), applications };
    }

    it('reports what a draft policy blocking a country for one app would have done', async () => {
      const travel = apps[0] as Daemon;
      const draft = {
        displayName: 'Block Russia for Travel cover',
        state: 'enabledForReportingButNotEnforced',
        conditions: {
          users: { includeUsers: ['All'] },
          applications: { includeApplications: [travel.appId] },
          locations: { includeLocations: [embargoed] },
        },
        grantControls: { operator: 'OR', builtInControls: ['block'] },
      };
      const before = (await gh.api('GET', `${ca}/policies?$top=100`)).body.value.length;
      const response = await gh.api('POST', `${ca}/impact`, { policy: draft });
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      const want = expected(30, (s) =>
        s.appId === travel.appId && s.country === 'RU' ? 'blocked' : 'notApplied',
      );
      expect(response.body).toEqual(want);
      // The generated log reaches every column, and older sign-ins exist that the window left out.
      expect(want.signIns.blocked).toBeGreaterThan(0);
      expect(want.signIns.evaluated).toBeLessThan(generated.length);
      expect(want.applications).toHaveLength(3);
      // A draft is not saved.
      expect((await gh.api('GET', `${ca}/policies?$top=100`)).body.value).toHaveLength(before);

      // The window follows `days`.
      const week = await gh.api('POST', `${ca}/impact`, { policy: draft, days: 7 });
      expect(week.status).toBe(200);
      expect(week.body).toEqual(
        expected(7, (s) => (s.appId === travel.appId && s.country === 'RU' ? 'blocked' : 'notApplied')),
      );
    });

    it('reports what a stored report-only MFA policy would have challenged', async () => {
      const excluded = users[0];
      const outcome = (s: Generated): Outcome =>
        s.userId === excluded ? 'notApplied' : s.mfa && s.succeeded ? 'satisfied' : 'challenged';
      const response = await gh.api('POST', `${ca}/impact`, { policyId: reportOnlyMfa });
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      const want = expected(30, outcome);
      expect(response.body).toEqual(want);
      expect(want.signIns.challenged).toBeGreaterThan(0);
      expect(want.signIns.applied).toBeGreaterThan(want.signIns.challenged);
      expect(want.users.applied).toBeLessThan(want.users.evaluated);

      const longest = await gh.api('POST', `${ca}/impact`, { policyId: reportOnlyMfa, days: 90 });
      expect(longest.body).toEqual(expected(90, outcome));
      expect(longest.body.signIns.evaluated).toBe(generated.filter((s) => s.succeeded).length);
      // Replaying a stored policy leaves it as it was.
      const stored = await gh.api('GET', `${ca}/policies/${reportOnlyMfa}`);
      expect(stored.body).toMatchObject({
        state: 'enabledForReportingButNotEnforced',
        modifiedDateTime: null,
      });
    });

    it('answers 404 for a policy id the tenant does not have', async () => {
      const response = await gh.api('POST', `${ca}/impact`, { policyId: crypto.randomUUID() });
      expect(response.status).toBe(404);
    });

    it('refuses an invalid draft with 400 and saves nothing', async () => {
      const before = (await gh.api('GET', `${ca}/policies?$top=100`)).body.value;
      const cases: [Body, string][] = [
        [
          {
            displayName: 'Block and MFA',
            state: 'enabled',
            conditions: {
              users: { includeUsers: ['All'] },
              applications: { includeApplications: ['All'] },
            },
            grantControls: { operator: 'AND', builtInControls: ['block', 'mfa'] },
          },
          'policy.grantControls.builtInControls',
        ],
        [
          {
            displayName: 'Unknown user',
            state: 'enabled',
            conditions: {
              users: { includeUsers: [crypto.randomUUID()] },
              applications: { includeApplications: ['All'] },
            },
            grantControls: { operator: 'OR', builtInControls: ['mfa'] },
          },
          'policy.conditions.users.includeUsers.0',
        ],
      ];
      for (const [policy, target] of cases) {
        const response = await gh.api('POST', `${ca}/impact`, { policy });
        expect(response.status, JSON.stringify(response.body)).toBe(400);
        expect(response.body.error.target, JSON.stringify(response.body)).toBe(target);
      }
      expect((await gh.api('GET', `${ca}/policies?$top=100`)).body.value).toEqual(before);
    });
  });
});
