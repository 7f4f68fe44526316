/**
 * Conditional Access evaluation, in process: 200 realistic policies over 20 named locations
 * against one sign-in (evaluate every policy, decide, and build the sign-in log's view), against
 * the same for one policy in the same run. Target: p99 under 1 ms. See docs/benchmarks.md.
 */
import {
  appliedPolicies,
  type CompiledRules,
  compileRules,
  decide,
  evaluatePolicies,
} from '../src/access/evaluate.js';
import type {
  BuiltInControl,
  ConditionalAccessPolicy,
  DevicePlatform,
  NamedLocation,
  ProvedFactors,
  RiskLevel,
  SignInConditions,
} from '../src/access/model.js';
import { figuresOf, timeAlternating } from './micro.js';
import { row } from './servers.js';

const ITERATIONS = Number(process.env.BENCH_CA_ITERATIONS ?? 20_000);
const WARMUP = Number(process.env.BENCH_CA_WARMUP ?? 5_000);
const SLICES = 10;
const POLICIES = 200;
const TARGET_P99_US = 1_000;

/** Deterministic, so every run evaluates the same rules. */
function random(seed: number) {
  return (n: number) => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return Math.floor((seed / 2 ** 31) * n);
  };
}

const CREATED = '2026-11-25T00:00:00Z';
const COUNTRY_SETS = [
  ['KP', 'IR'],
  ['RU', 'BY'],
  ['CN'],
  ['FR', 'DE', 'ES'],
  ['US', 'CA'],
  ['BR'],
  ['IN'],
  ['NG'],
  ['GB'],
  ['JP'],
];

function namedLocations(): NamedLocation[] {
  const ip = Array.from({ length: 10 }, (_, i): NamedLocation => {
    const v4 = Array.from({ length: 4 }, (_, j) => ({
      '@odata.type': '#microsoft.graph.iPv4CidrRange' as const,
      cidrAddress: `10.${i}.${j * 16}.0/20`,
    }));
    const v6 = Array.from({ length: 3 }, (_, j) => ({
      '@odata.type': '#microsoft.graph.iPv6CidrRange' as const,
      cidrAddress: `2001:db8:${i.toString(16)}${j}::/48`,
    }));
    return {
      '@odata.type': '#microsoft.graph.ipNamedLocation',
      id: `ip-${i}`,
      displayName: `Office ${i}`,
      createdDateTime: CREATED,
      modifiedDateTime: null,
      isTrusted: i % 3 === 0,
      ipRanges: [...v4, ...v6],
    };
  });
  const countries = COUNTRY_SETS.map(
    (codes, i): NamedLocation => ({
      '@odata.type': '#microsoft.graph.countryNamedLocation',
      id: `country-${i}`,
      displayName: `Countries ${codes.join(' ')}`,
      createdDateTime: CREATED,
      modifiedDateTime: null,
      countriesAndRegions: codes,
      includeUnknownCountriesAndRegions: i === 0,
      countryLookupMethod: 'clientIpAddress',
    }),
  );
  return [...ip, ...countries];
}

const ids = (prefix: string, count: number, pick: (n: number) => number, of: number) =>
  Array.from({ length: count }, () => `${prefix}-${pick(of)}`);

/** A mix like a large tenant's: most policies for everyone or big groups, many conditions, AND/OR grants. */
function policies(count: number): ConditionalAccessPolicy[] {
  const pick = random(7);
  const platforms: DevicePlatform[] = ['android', 'iOS', 'windows', 'macOS', 'linux'];
  const risks: RiskLevel[] = ['low', 'medium', 'high'];
  return Array.from({ length: count }, (_, i): ConditionalAccessPolicy => {
    const everyone = pick(2) === 0;
    const blocks = pick(8) === 0;
    const controls: BuiltInControl[] = blocks
      ? ['block']
      : pick(3) === 0
        ? ['mfa', 'passwordChange']
        : ['mfa'];
    return {
      id: `policy-${i}`,
      displayName: `Policy ${i}`,
      state:
        (['enabled', 'enabled', 'enabledForReportingButNotEnforced', 'disabled'] as const)[pick(4)] ??
        'enabled',
      createdDateTime: CREATED,
      modifiedDateTime: null,
      templateId: null,
      conditions: {
        users: {
          includeUsers: everyone ? ['All'] : ids('user', 1 + pick(20), pick, 500),
          excludeUsers: ids('user', pick(5), pick, 500),
          includeGroups: everyone ? [] : ids('group', 1 + pick(5), pick, 40),
          excludeGroups: ids('group', pick(3), pick, 40),
          includeRoles: [],
          excludeRoles: [],
        },
        applications: {
          includeApplications: pick(2) === 0 ? ['All'] : ids('app', 1 + pick(10), pick, 30),
          excludeApplications: ids('app', pick(3), pick, 30),
        },
        clientApplications: null,
        signInRiskLevels: pick(4) === 0 ? [risks[pick(3)] ?? 'high'] : [],
        userRiskLevels: pick(6) === 0 ? ['high'] : [],
        // Blocks are for risky countries, as in most tenants; the others are MFA and password policies.
        locations: blocks
          ? { includeLocations: [`country-${pick(3)}`], excludeLocations: [] }
          : pick(2) === 0
            ? {
                includeLocations: pick(2) === 0 ? ['All'] : [`country-${pick(10)}`, `ip-${pick(10)}`],
                excludeLocations: pick(2) === 0 ? ['AllTrusted'] : [`ip-${pick(10)}`],
              }
            : null,
        clientAppTypes: pick(3) === 0 ? ['browser'] : ['all'],
        platforms:
          pick(3) === 0
            ? { includePlatforms: ['all'], excludePlatforms: [platforms[pick(5)] ?? 'linux'] }
            : null,
      },
      grantControls: {
        operator: pick(2) === 0 ? 'AND' : 'OR',
        builtInControls: controls,
        authenticationStrength: null,
      },
      sessionControls:
        pick(4) === 0
          ? {
              signInFrequency: {
                isEnabled: true,
                frequencyInterval: 'timeBased',
                value: 1 + pick(24),
                type: 'hours',
                authenticationType: 'primaryAndSecondaryAuthentication',
              },
              persistentBrowser: { isEnabled: true, mode: pick(2) === 0 ? 'always' : 'never' },
            }
          : null,
    };
  });
}

/** A user in a few groups, from an IPv6 address outside every office, in a country some policies name. */
const SIGN_IN: SignInConditions = {
  userId: 'user-17',
  groupIds: new Set(['group-3', 'group-11', 'group-25', 'group-38', 'group-40']),
  appId: 'app-4',
  ipAddress: '2001:db8:ff00::42',
  country: 'FR',
  clientAppType: 'browser',
  devicePlatform: 'windows',
  signInRiskLevel: 'low',
  userRiskLevel: 'none',
};
const PROVED: ProvedFactors = { mfa: true, phishingResistant: false, passwordChanged: false };

function once(rules: CompiledRules): number {
  const evaluations = evaluatePolicies(rules, SIGN_IN);
  const decision = decide(evaluations, PROVED);
  return appliedPolicies(evaluations, PROVED, decision).applied.length;
}

export function conditionalAccessBenchmark(): { p99Us: number; baselineP99Us: number } {
  const locations = namedLocations();
  const many = compileRules({ policies: policies(POLICIES), namedLocations: locations });
  const single = compileRules({ policies: policies(1), namedLocations: locations });
  const evaluations = evaluatePolicies(many, SIGN_IN);
  const applying = evaluations.filter((e) => e.matches && e.policy.state !== 'disabled').length;
  const decision = decide(evaluations, PROVED);
  console.log(
    `conditional access: ${POLICIES} policies, ${locations.length} named locations; ` +
      `${applying} apply to the sign-in, decision ${decision.block ? 'block' : `[${decision.requirements.join(', ')}]`}`,
  );
  console.log(`${WARMUP} warm-up and ${ITERATIONS} measured calls each, in ${SLICES} alternating slices`);

  const samples = timeAlternating(
    { baseline: () => once(single), subject: () => once(many) },
    { warmup: WARMUP, iterations: ITERATIONS, slices: SLICES },
  );

  const a = figuresOf(samples.baseline);
  const b = figuresOf(samples.subject);
  row(['', 'p50 µs', 'p99 µs', 'max µs', 'calls'], 22);
  row(
    ['1 policy (baseline)', a.p50.toFixed(1), a.p99.toFixed(1), a.max.toFixed(1), samples.baseline.length],
    22,
  );
  row(
    [`${POLICIES} policies`, b.p50.toFixed(1), b.p99.toFixed(1), b.max.toFixed(1), samples.subject.length],
    22,
  );
  console.log(`ratio p99 ${POLICIES} / 1 policy: ${(b.p99 / a.p99).toFixed(1)}`);
  const pass = b.p99 < TARGET_P99_US;
  console.log(`p99 ${b.p99.toFixed(1)} µs, target < ${TARGET_P99_US} µs: ${pass ? 'PASS' : 'FAIL'}`);
  return { p99Us: b.p99, baselineP99Us: a.p99 };
}
