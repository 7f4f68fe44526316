import { describe, expect, it } from 'vitest';
import { testPolicy } from '../../test/support/access-policies.js';
import { analyzeImpact, type ImpactCounts, type ImpactSignIn } from './impact.js';
import type { ConditionalAccessConditions, ConditionalAccessPolicy, NamedLocation } from './model.js';

const APPS = [
  { appId: 'app-home', appDisplayName: 'Home insurance' },
  { appId: 'app-auto', appDisplayName: 'Auto insurance' },
  { appId: 'app-claims', appDisplayName: 'Claims' },
];
const COUNTRIES = ['FR', 'DE', 'KP', 'RU', null] as const;
const SYSTEMS = ['Windows 10', 'iOS 17', 'Mac OS', 'macOS', 'Android 14', 'Linux', null] as const;
const RISKS = ['none', 'low', 'high', 'hidden'] as const;
const staff = (userId: string) => Number(userId.slice(5)) % 4 === 0;

/** A deterministic log: a linear congruential generator, so the counts never change. */
function generateLog(size: number): ImpactSignIn[] {
  let seed = 42;
  const next = (n: number) => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    // The high bits: an LCG's low bits cycle.
    return Math.floor((seed / 2 ** 31) * n);
  };
  return Array.from({ length: size }, (_, i) => {
    const app = APPS[next(APPS.length)] ?? APPS[0];
    const office = next(5) === 0;
    return {
      userId: i % 37 === 0 ? null : `user-${next(20)}`,
      appId: app?.appId ?? '',
      appDisplayName: app?.appDisplayName ?? '',
      ipAddress: office ? `203.0.113.${next(250)}` : `198.51.${next(250)}.${next(250)}`,
      countryOrRegion: COUNTRIES[next(COUNTRIES.length)] ?? null,
      clientAppUsed: next(3) === 0 ? 'Mobile Apps and Desktop clients' : 'Browser',
      operatingSystem: SYSTEMS[next(SYSTEMS.length)] ?? null,
      riskLevelDuringSignIn: RISKS[next(RISKS.length)] ?? 'none',
      mfaProved: next(2) === 0,
    };
  });
}

const office: NamedLocation = {
  '@odata.type': '#microsoft.graph.ipNamedLocation',
  id: 'loc-office',
  displayName: 'Office',
  createdDateTime: '2026-11-25T00:00:00Z',
  modifiedDateTime: null,
  isTrusted: true,
  ipRanges: [{ '@odata.type': '#microsoft.graph.iPv4CidrRange', cidrAddress: '203.0.113.0/24' }],
};
const sanctioned: NamedLocation = {
  '@odata.type': '#microsoft.graph.countryNamedLocation',
  id: 'loc-sanctioned',
  displayName: 'Sanctioned',
  createdDateTime: '2026-11-25T00:00:00Z',
  modifiedDateTime: null,
  countriesAndRegions: ['KP', 'RU'],
  includeUnknownCountriesAndRegions: false,
  countryLookupMethod: 'clientIpAddress',
};

function policy(
  conditions: Partial<ConditionalAccessConditions>,
  builtIn: Array<'block' | 'mfa'>,
): ConditionalAccessPolicy {
  return testPolicy({
    id: 'draft',
    displayName: 'Draft',
    state: 'disabled',
    grantControls: { operator: 'OR', builtInControls: builtIn, authenticationStrength: null },
    conditions,
  });
}

async function* stream(log: ImpactSignIn[]): AsyncIterable<ImpactSignIn> {
  yield* log;
}

type Outcome = 'notApplied' | 'satisfied' | 'challenged' | 'blocked';

/** The expected report, tallied the plain way from per-entry outcomes the test decides itself. */
function expected(log: ImpactSignIn[], outcomeOf: (entry: ImpactSignIn) => Outcome) {
  const tally = (entries: ImpactSignIn[]) => {
    const signIns: ImpactCounts = { evaluated: 0, applied: 0, blocked: 0, challenged: 0 };
    const users = new Map<string, Set<Outcome>>();
    for (const entry of entries) {
      const outcome = outcomeOf(entry);
      signIns.evaluated += 1;
      signIns.applied += outcome === 'notApplied' ? 0 : 1;
      signIns.blocked += outcome === 'blocked' ? 1 : 0;
      signIns.challenged += outcome === 'challenged' ? 1 : 0;
      users.set(entry.userId ?? '', new Set([...(users.get(entry.userId ?? '') ?? []), outcome]));
    }
    const sets = [...users.values()];
    return {
      signIns,
      users: {
        evaluated: sets.length,
        applied: sets.filter((s) => s.has('satisfied') || s.has('challenged') || s.has('blocked')).length,
        blocked: sets.filter((s) => s.has('blocked')).length,
        challenged: sets.filter((s) => s.has('challenged')).length,
      },
    };
  };
  const withUser = log.filter((entry) => entry.userId !== null);
  return {
    ...tally(withUser),
    applications: [...APPS]
      .sort((a, b) => (a.appDisplayName < b.appDisplayName ? -1 : 1))
      .map((app) => ({ ...app, ...tally(withUser.filter((entry) => entry.appId === app.appId)) })),
  };
}

describe('analyzeImpact', () => {
  const log = generateLog(600);
  const groupsOf = async (userId: string) => new Set(staff(userId) ? ['g-staff'] : ['g-customers']);

  it('counts an MFA policy for two apps, outside the office, not for staff, not on Linux', async () => {
    const draft = policy(
      {
        users: {
          includeUsers: ['All'],
          excludeUsers: [],
          includeGroups: [],
          excludeGroups: ['g-staff'],
          includeRoles: [],
          excludeRoles: [],
        },
        applications: { includeApplications: ['app-home', 'app-auto'], excludeApplications: [] },
        locations: { includeLocations: ['All'], excludeLocations: ['AllTrusted'] },
        platforms: { includePlatforms: ['all'], excludePlatforms: ['linux'] },
      },
      ['mfa'],
    );
    let lookups = 0;
    const report = await analyzeImpact({
      policy: draft,
      namedLocations: [office, sanctioned],
      signIns: stream(log),
      groupsOf: (userId) => {
        lookups += 1;
        return groupsOf(userId);
      },
    });
    const applies = (entry: ImpactSignIn) =>
      !staff(entry.userId ?? '') &&
      entry.appId !== 'app-claims' &&
      !entry.ipAddress.startsWith('203.0.113.') &&
      entry.operatingSystem !== 'Linux';
    const want = expected(log, (entry) =>
      !applies(entry) ? 'notApplied' : entry.mfaProved ? 'satisfied' : 'challenged',
    );
    expect(report).toEqual(want);
    expect(report.signIns.evaluated).toBe(log.length - Math.ceil(log.length / 37));
    expect(report.signIns.challenged).toBeGreaterThan(0);
    expect(report.users.evaluated).toBe(20);
    // groupsOf is asked once per user within one run.
    expect(lookups).toBe(20);
  });

  it('counts a block of sanctioned countries for browsers, and a block of high risk on mobile platforms', async () => {
    const countries = policy(
      {
        locations: { includeLocations: ['loc-sanctioned'], excludeLocations: [] },
        clientAppTypes: ['browser'],
      },
      ['block'],
    );
    const byCountry = await analyzeImpact({
      policy: countries,
      namedLocations: [office, sanctioned],
      signIns: stream(log),
      groupsOf,
    });
    expect(byCountry).toEqual(
      expected(log, (entry) =>
        ['KP', 'RU'].includes(entry.countryOrRegion ?? '') && entry.clientAppUsed === 'Browser'
          ? 'blocked'
          : 'notApplied',
      ),
    );
    expect(byCountry.signIns.blocked).toBeGreaterThan(0);

    const risky = policy(
      {
        signInRiskLevels: ['high'],
        platforms: { includePlatforms: ['iOS', 'android', 'macOS'], excludePlatforms: [] },
      },
      ['block'],
    );
    const byRisk = await analyzeImpact({ policy: risky, namedLocations: [], signIns: stream(log), groupsOf });
    const mobile = ['iOS 17', 'Android 14', 'Mac OS', 'macOS'];
    expect(byRisk).toEqual(
      expected(log, (entry) =>
        entry.riskLevelDuringSignIn === 'high' && mobile.includes(entry.operatingSystem ?? '')
          ? 'blocked'
          : 'notApplied',
      ),
    );
    expect(byRisk.signIns.blocked).toBeGreaterThan(0);
  });

  it('reports nothing for an empty log', async () => {
    const report = await analyzeImpact({
      policy: policy({}, ['mfa']),
      namedLocations: [],
      signIns: stream([]),
      groupsOf,
    });
    expect(report).toEqual({
      signIns: { evaluated: 0, applied: 0, blocked: 0, challenged: 0 },
      users: { evaluated: 0, applied: 0, blocked: 0, challenged: 0 },
      applications: [],
    });
  });
});
