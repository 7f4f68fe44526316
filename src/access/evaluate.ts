/**
 * Conditional Access evaluation: policies compiled once per snapshot of a tenant's rules, then
 * checked against one sign-in with no parsing and no I/O. The rules are Entra's: every
 * assignment and condition of a policy must match for it to apply, exclusions beat inclusions,
 * block wins, and every applied policy's grant must be met.
 */
import { BlockList, isIPv4, isIPv6, SocketAddress } from 'node:net';
import {
  type AccessDecision,
  type AnalysisReason,
  type AppliedConditionalAccessPolicy,
  AUTHENTICATION_STRENGTHS,
  type ConditionalAccessPolicy,
  type ConditionalAccessStatus,
  type NamedLocation,
  type PolicyEvaluation,
  type ProvedFactors,
  type Requirement,
  type RiskLevel,
  type SignInConditions,
  type TenantAccessRules,
} from './model.js';

interface IdMatcher {
  all: boolean;
  ids: ReadonlySet<string>;
}

interface CompiledUsers {
  includeAll: boolean;
  includeUsers: ReadonlySet<string>;
  includeGroups: ReadonlySet<string>;
  excludeUsers: ReadonlySet<string>;
  excludeGroups: ReadonlySet<string>;
  includeRoles: ReadonlySet<string>;
  excludeRoles: ReadonlySet<string>;
}

interface CompiledLocations {
  includeAll: boolean;
  includeTrusted: boolean;
  /** Indexes into `CompiledRules.locations`; ids of missing locations are dropped (they match nothing). */
  include: readonly number[];
  excludeTrusted: boolean;
  exclude: readonly number[];
}

interface CompiledPlatforms {
  includeAll: boolean;
  include: ReadonlySet<string>;
  exclude: ReadonlySet<string>;
}

export interface CompiledPolicy {
  policy: ConditionalAccessPolicy;
  /** Null: the policy applies to no user sign-in. */
  users: CompiledUsers | null;
  /** Null: the policy applies to no workload identity. */
  servicePrincipals: { include: IdMatcher; exclude: ReadonlySet<string> } | null;
  applications: { include: IdMatcher; exclude: ReadonlySet<string> };
  locations: CompiledLocations | null;
  /** Null: any client app type. */
  clientAppTypes: ReadonlySet<string> | null;
  platforms: CompiledPlatforms | null;
  /** Null: any level. */
  signInRiskLevels: ReadonlySet<RiskLevel> | null;
  userRiskLevels: ReadonlySet<RiskLevel> | null;
}

export interface CompiledLocation {
  id: string;
  trusted: boolean;
  ipv4: BlockList | null;
  ipv6: BlockList | null;
  countries: ReadonlySet<string> | null;
  includeUnknownCountries: boolean;
}

export interface CompiledRules {
  policies: readonly CompiledPolicy[];
  locations: readonly CompiledLocation[];
  /** Whether any policy has a location condition (else a sign-in's locations are never worked out). */
  usesLocations: boolean;
  /** Whether any policy names directory roles (else a user's roles are never looked up). */
  usesRoles: boolean;
}

const set = <T>(values: readonly T[]): ReadonlySet<T> => new Set(values);

function compileLocation(location: NamedLocation): CompiledLocation {
  if (location['@odata.type'] === '#microsoft.graph.countryNamedLocation') {
    return {
      id: location.id,
      trusted: false,
      ipv4: null,
      ipv6: null,
      countries: new Set(location.countriesAndRegions.map((code) => code.toUpperCase())),
      includeUnknownCountries: location.includeUnknownCountriesAndRegions,
    };
  }
  let ipv4: BlockList | null = null;
  let ipv6: BlockList | null = null;
  for (const range of location.ipRanges) {
    const [address = '', bits = ''] = range.cidrAddress.trim().split('/');
    const prefix = Number(bits);
    if (bits === '' || !Number.isInteger(prefix)) continue;
    // Stored data was validated on the way in; a range that still fails to parse matches nothing.
    try {
      if (isIPv4(address)) {
        ipv4 ??= new BlockList();
        ipv4.addSubnet(address, prefix, 'ipv4');
      } else if (isIPv6(address)) {
        ipv6 ??= new BlockList();
        ipv6.addSubnet(address, prefix, 'ipv6');
      }
    } catch {}
  }
  return {
    id: location.id,
    trusted: location.isTrusted,
    ipv4,
    ipv6,
    countries: null,
    includeUnknownCountries: false,
  };
}

function compileControls(policy: ConditionalAccessPolicy): Requirement[] {
  const grant = policy.grantControls;
  if (!grant) return [];
  const wanted = new Set<Requirement>();
  if (grant.builtInControls.includes('mfa')) wanted.add('mfa');
  const strength = grant.authenticationStrength;
  // Any strength other than the phishing-resistant one asks for at least a second factor.
  if (strength)
    wanted.add(
      strength.id === AUTHENTICATION_STRENGTHS.phishingResistant.id ? 'phishingResistantMfa' : 'mfa',
    );
  if (grant.builtInControls.includes('passwordChange')) wanted.add('passwordChange');
  return (['mfa', 'phishingResistantMfa', 'passwordChange'] as const).filter((control) =>
    wanted.has(control),
  );
}

function enforcedGrantControlsOf(policy: ConditionalAccessPolicy): string[] {
  const grant = policy.grantControls;
  if (!grant) return [];
  const names: string[] = [];
  for (const control of grant.builtInControls) {
    if (control === 'block') names.push('Block');
    if (control === 'mfa') names.push('Mfa');
    if (control === 'passwordChange') names.push('PasswordChange');
  }
  if (grant.authenticationStrength) names.push('RequireAuthenticationStrength');
  return names;
}

function enforcedSessionControlsOf(policy: ConditionalAccessPolicy): string[] {
  const names: string[] = [];
  if (policy.sessionControls?.signInFrequency?.isEnabled) names.push('SignInFrequency');
  if (policy.sessionControls?.persistentBrowser?.isEnabled) names.push('PersistentBrowserSessionMode');
  return names;
}

function compilePolicy(
  policy: ConditionalAccessPolicy,
  locationIndex: ReadonlyMap<string, number>,
): CompiledPolicy {
  const { conditions } = policy;
  const users = conditions.users;
  const includesSomeone =
    users !== null &&
    (users.includeUsers.some((id) => id !== 'None') ||
      users.includeGroups.length > 0 ||
      users.includeRoles.length > 0);
  const indexesOf = (ids: readonly string[]) =>
    ids.flatMap((id) => {
      const index = locationIndex.get(id);
      return index === undefined ? [] : [index];
    });
  const locations = conditions.locations;
  const platforms = conditions.platforms;
  const clientApps = conditions.clientAppTypes;
  return {
    policy,
    users:
      users && includesSomeone
        ? {
            includeAll: users.includeUsers.includes('All'),
            includeUsers: set(users.includeUsers),
            includeGroups: set(users.includeGroups),
            excludeUsers: set(users.excludeUsers),
            excludeGroups: set(users.excludeGroups),
            includeRoles: set(users.includeRoles),
            excludeRoles: set(users.excludeRoles),
          }
        : null,
    servicePrincipals: conditions.clientApplications
      ? {
          include: {
            all: conditions.clientApplications.includeServicePrincipals.includes(
              'ServicePrincipalsInMyTenant',
            ),
            ids: set(conditions.clientApplications.includeServicePrincipals),
          },
          exclude: set(conditions.clientApplications.excludeServicePrincipals),
        }
      : null,
    applications: {
      include: {
        all: conditions.applications.includeApplications.includes('All'),
        ids: set(conditions.applications.includeApplications.filter((id) => id !== 'None')),
      },
      exclude: set(conditions.applications.excludeApplications),
    },
    locations: locations
      ? {
          includeAll: locations.includeLocations.includes('All'),
          includeTrusted: locations.includeLocations.includes('AllTrusted'),
          include: indexesOf(locations.includeLocations),
          excludeTrusted: locations.excludeLocations.includes('AllTrusted'),
          exclude: indexesOf(locations.excludeLocations),
        }
      : null,
    // Empty means not configured, as `['all']` does.
    clientAppTypes: clientApps.length === 0 || clientApps.includes('all') ? null : set(clientApps),
    platforms: platforms
      ? {
          includeAll: platforms.includePlatforms.includes('all'),
          include: set(platforms.includePlatforms),
          exclude: set(platforms.excludePlatforms),
        }
      : null,
    signInRiskLevels: conditions.signInRiskLevels.length > 0 ? set(conditions.signInRiskLevels) : null,
    userRiskLevels: conditions.userRiskLevels.length > 0 ? set(conditions.userRiskLevels) : null,
  };
}

/** Precomputes everything evaluation needs, once per snapshot of a tenant's rules. */
export function compileRules(rules: TenantAccessRules): CompiledRules {
  const locations = rules.namedLocations.map(compileLocation);
  const locationIndex = new Map(locations.map((location, index) => [location.id, index]));
  const policies = rules.policies.map((policy) => {
    controlsOf(policy);
    grantNamesOf(policy);
    sessionNamesOf(policy);
    return compilePolicy(policy, locationIndex);
  });
  return {
    policies,
    locations,
    usesLocations: policies.some((policy) => policy.locations !== null),
    usesRoles: policies.some(
      (policy) =>
        policy.users !== null && policy.users.includeRoles.size + policy.users.excludeRoles.size > 0,
    ),
  };
}

/** Where a sign-in stands: which named locations it falls in, and whether one of them is trusted. */
interface SignInLocations {
  within: readonly boolean[];
  trusted: boolean;
}

const NOWHERE: SignInLocations = { within: [], trusted: false };

function locate(locations: readonly CompiledLocation[], conditions: SignInConditions): SignInLocations {
  // Without an address a sign-in is in no IP range, but a known country still places it.
  let address = conditions.ipAddress ?? '';
  // An IPv4 address seen through a dual-stack socket.
  if (address.startsWith('::ffff:') && isIPv4(address.slice(7))) address = address.slice(7);
  const v4 = isIPv4(address);
  const family = v4 ? 'ipv4' : isIPv6(address) ? 'ipv6' : null;
  // Parsed once: BlockList.check with a string parses it again for every location.
  const parsed = family ? new SocketAddress({ address, family }) : null;
  const country = conditions.country?.toUpperCase();
  let trusted = false;
  // Plain loops on the hot path: no closure per sign-in.
  const within: boolean[] = new Array(locations.length);
  for (let index = 0; index < locations.length; index++) {
    const location = locations[index] as CompiledLocation;
    if (location.countries) {
      within[index] =
        country === undefined ? location.includeUnknownCountries : location.countries.has(country);
      continue;
    }
    const list = v4 ? location.ipv4 : location.ipv6;
    const inside = parsed !== null && list?.check(parsed) === true;
    if (inside && location.trusted) trusted = true;
    within[index] = inside;
  }
  return { within, trusted };
}

const intersects = (ids: ReadonlySet<string>, other: ReadonlySet<string>): boolean => {
  if (other.size === 0 || ids.size === 0) return false;
  for (const id of ids) if (other.has(id)) return true;
  return false;
};

const NO_ROLES: ReadonlySet<string> = new Set();

function usersMatch(compiled: CompiledPolicy, conditions: SignInConditions): boolean {
  const { userId } = conditions;
  if (userId === undefined) {
    // A workload identity: only policies for client applications apply, and `users` is not read.
    const principals = compiled.servicePrincipals;
    const appId = conditions.servicePrincipalAppId;
    if (!principals || appId === undefined) return false;
    const named = (ids: ReadonlySet<string>) =>
      ids.has(appId) ||
      (conditions.servicePrincipalId !== undefined && ids.has(conditions.servicePrincipalId));
    return (principals.include.all || named(principals.include.ids)) && !named(principals.exclude);
  }
  const users = compiled.users;
  if (!users) return false;
  const roleIds = conditions.roleIds ?? NO_ROLES;
  const included =
    users.includeAll ||
    users.includeUsers.has(userId) ||
    intersects(conditions.groupIds, users.includeGroups) ||
    intersects(roleIds, users.includeRoles);
  if (!included) return false;
  return (
    !users.excludeUsers.has(userId) &&
    !intersects(conditions.groupIds, users.excludeGroups) &&
    !intersects(roleIds, users.excludeRoles)
  );
}

function applicationMatches(compiled: CompiledPolicy, conditions: SignInConditions): boolean {
  const { include, exclude } = compiled.applications;
  return (include.all || include.ids.has(conditions.appId)) && !exclude.has(conditions.appId);
}

function withinAny(where: SignInLocations, indexes: readonly number[]): boolean {
  for (const index of indexes) if (where.within[index] === true) return true;
  return false;
}

function locationMatches(locations: CompiledLocations, where: SignInLocations): boolean {
  const included =
    locations.includeAll ||
    (locations.includeTrusted && where.trusted) ||
    withinAny(where, locations.include);
  if (!included) return false;
  return !((locations.excludeTrusted && where.trusted) || withinAny(where, locations.exclude));
}

function platformMatches(
  platforms: CompiledPlatforms,
  platform: SignInConditions['devicePlatform'],
): boolean {
  // An unknown platform is only reached by `all`, and never excluded.
  if (platform === undefined) return platforms.includeAll;
  const included = platforms.includeAll || platforms.include.has(platform);
  return included && !platforms.exclude.has(platform) && !platforms.exclude.has('all');
}

function firstUnmet(
  compiled: CompiledPolicy,
  conditions: SignInConditions,
  where: SignInLocations,
): AnalysisReason | undefined {
  if (!usersMatch(compiled, conditions)) return 'users';
  if (!applicationMatches(compiled, conditions)) return 'application';
  if (compiled.locations && !locationMatches(compiled.locations, where)) return 'location';
  if (compiled.clientAppTypes && !compiled.clientAppTypes.has(conditions.clientAppType)) return 'clientApps';
  if (compiled.platforms && !platformMatches(compiled.platforms, conditions.devicePlatform))
    return 'devicePlatform';
  if (compiled.signInRiskLevels && !compiled.signInRiskLevels.has(conditions.signInRiskLevel))
    return 'signInRisk';
  if (compiled.userRiskLevels && !compiled.userRiskLevels.has(conditions.userRiskLevel)) return 'userRisk';
  return undefined;
}

/** Whether an address is in one of the tenant's trusted IP named locations. */
export function isTrustedAddress(compiled: CompiledRules, ipAddress: string): boolean {
  return locate(compiled.locations, {
    ipAddress,
    groupIds: new Set(),
    appId: '',
    clientAppType: 'browser',
    signInRiskLevel: 'none',
    userRiskLevel: 'none',
  }).trusted;
}

/** Every policy, in order, against one sign-in. */
export function evaluatePolicies(compiled: CompiledRules, conditions: SignInConditions): PolicyEvaluation[] {
  const where = compiled.usesLocations ? locate(compiled.locations, conditions) : NOWHERE;
  const { policies } = compiled;
  const evaluations: PolicyEvaluation[] = new Array(policies.length);
  for (let index = 0; index < policies.length; index++) {
    const compiledPolicy = policies[index] as CompiledPolicy;
    const { policy } = compiledPolicy;
    const reason = firstUnmet(compiledPolicy, conditions, where);
    evaluations[index] =
      reason !== undefined
        ? { policy, matches: false, reason }
        : policy.state === 'disabled'
          ? { policy, matches: true, reason: 'policyNotEnabled' }
          : { policy, matches: true };
  }
  return evaluations;
}

// Evaluations carry the policy, not its compiled form: derived facts are cached per policy object.
const controlsCache = new WeakMap<ConditionalAccessPolicy, readonly Requirement[]>();
const grantNamesCache = new WeakMap<ConditionalAccessPolicy, readonly string[]>();
const sessionNamesCache = new WeakMap<ConditionalAccessPolicy, readonly string[]>();

function cached<T>(
  cache: WeakMap<ConditionalAccessPolicy, T>,
  policy: ConditionalAccessPolicy,
  make: (p: ConditionalAccessPolicy) => T,
): T {
  let value = cache.get(policy);
  if (value === undefined) {
    value = make(policy);
    cache.set(policy, value);
  }
  return value;
}

const controlsOf = (policy: ConditionalAccessPolicy) => cached(controlsCache, policy, compileControls);
const grantNamesOf = (policy: ConditionalAccessPolicy) =>
  cached(grantNamesCache, policy, enforcedGrantControlsOf);
const sessionNamesOf = (policy: ConditionalAccessPolicy) =>
  cached(sessionNamesCache, policy, enforcedSessionControlsOf);
const blocks = (policy: ConditionalAccessPolicy) =>
  policy.grantControls?.builtInControls.includes('block') ?? false;

function isMet(control: Requirement, proved: ProvedFactors): boolean {
  if (control === 'mfa') return proved.mfa;
  if (control === 'phishingResistantMfa') return proved.mfa && proved.phishingResistant;
  return proved.passwordChanged;
}

/** The controls of one policy's grant still unmet, given what the sign-in proved (block aside). */
export function unmetControls(policy: ConditionalAccessPolicy, proved: ProvedFactors): Requirement[] {
  const controls = controlsOf(policy);
  if (controls.length === 0) return [];
  if (policy.grantControls?.operator === 'OR') {
    if (controls.some((control) => isMet(control, proved))) return [];
    return [controls[0] as Requirement];
  }
  return controls.filter((control) => !isMet(control, proved));
}

const enforced = (evaluation: PolicyEvaluation) =>
  evaluation.matches && evaluation.policy.state === 'enabled';

function secondsOf(policy: ConditionalAccessPolicy): number | undefined {
  const frequency = policy.sessionControls?.signInFrequency;
  if (!frequency?.isEnabled) return undefined;
  if (frequency.frequencyInterval === 'everyTime') return 0;
  if (frequency.value === null || frequency.type === null) return undefined;
  return frequency.value * (frequency.type === 'days' ? 86_400 : 3_600);
}

/** The combined decision of every enabled policy that applies. */
export function decide(evaluations: readonly PolicyEvaluation[], proved: ProvedFactors): AccessDecision {
  const applied = evaluations.filter(enforced);
  if (applied.some((evaluation) => blocks(evaluation.policy))) return { block: true, requirements: [] };
  const wanted = new Set<Requirement>();
  let signInFrequencySeconds: number | undefined;
  let persistentBrowser: 'always' | 'never' | undefined;
  for (const { policy } of applied) {
    for (const control of unmetControls(policy, proved)) wanted.add(control);
    const seconds = secondsOf(policy);
    if (seconds !== undefined) signInFrequencySeconds = Math.min(seconds, signInFrequencySeconds ?? seconds);
    const browser = policy.sessionControls?.persistentBrowser;
    if (browser?.isEnabled && persistentBrowser !== 'never') persistentBrowser = browser.mode;
  }
  if (wanted.has('phishingResistantMfa')) wanted.delete('mfa');
  const requirements = (['phishingResistantMfa', 'mfa', 'passwordChange'] as const).filter((r) =>
    wanted.has(r),
  );
  const decision: AccessDecision = { block: false, requirements };
  if (signInFrequencySeconds !== undefined) decision.signInFrequencySeconds = signInFrequencySeconds;
  if (persistentBrowser !== undefined) decision.persistentBrowser = persistentBrowser;
  return decision;
}

/** The sign-in log's view of the evaluations: each policy's result and the overall status. */
export function appliedPolicies(
  evaluations: readonly PolicyEvaluation[],
  proved: ProvedFactors,
  decision: AccessDecision,
): { applied: AppliedConditionalAccessPolicy[]; status: ConditionalAccessStatus } {
  let failed = decision.block;
  let succeeded = false;
  const applied = evaluations.map(({ policy, matches }): AppliedConditionalAccessPolicy => {
    const { id, displayName, state } = policy;
    const relevant = matches && state !== 'disabled';
    let result: AppliedConditionalAccessPolicy['result'];
    if (state === 'disabled') result = 'notEnabled';
    else if (!matches) result = state === 'enabled' ? 'notApplied' : 'reportOnlyNotApplied';
    else {
      const blocked = blocks(policy);
      const unmet = !blocked && unmetControls(policy, proved).length > 0;
      if (state === 'enabled') {
        result = blocked || unmet ? 'failure' : 'success';
        if (result === 'failure') failed = true;
        else succeeded = true;
      } else result = blocked ? 'reportOnlyFailure' : unmet ? 'reportOnlyInterrupted' : 'reportOnlySuccess';
    }
    return {
      id,
      displayName,
      result,
      // Copies: a log entry must not share arrays with the cache.
      enforcedGrantControls: relevant ? grantNamesOf(policy).slice() : [],
      enforcedSessionControls: relevant ? sessionNamesOf(policy).slice() : [],
    };
  });
  return { applied, status: failed ? 'failure' : succeeded ? 'success' : 'notApplied' };
}
