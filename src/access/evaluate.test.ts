import { describe, expect, it } from 'vitest';
import { testPolicy } from '../../test/support/access-policies.js';
import { appliedPolicies, compileRules, decide, evaluatePolicies } from './evaluate.js';
import {
  AUTHENTICATION_STRENGTHS,
  type ConditionalAccessConditions,
  type ConditionalAccessPolicy,
  type NamedLocation,
  type ProvedFactors,
  type SignInConditions,
} from './model.js';

const policy = testPolicy;

const users = (u: Partial<NonNullable<ConditionalAccessConditions['users']>>) => ({
  includeUsers: [],
  excludeUsers: [],
  includeGroups: [],
  excludeGroups: [],
  includeRoles: [],
  excludeRoles: [],
  ...u,
});

const signIn = (overrides: Partial<SignInConditions> = {}): SignInConditions => ({
  userId: 'user-1',
  groupIds: new Set(),
  appId: 'app-1',
  ipAddress: '198.51.100.7',
  country: 'FR',
  clientAppType: 'browser',
  devicePlatform: 'windows',
  signInRiskLevel: 'none',
  userRiskLevel: 'none',
  ...overrides,
});

const NOTHING: ProvedFactors = { mfa: false, phishingResistant: false, passwordChanged: false };
const MFA: ProvedFactors = { mfa: true, phishingResistant: false, passwordChanged: false };

const office: NamedLocation = {
  '@odata.type': '#microsoft.graph.ipNamedLocation',
  id: 'loc-office',
  displayName: 'Office',
  createdDateTime: '2026-11-25T00:00:00Z',
  modifiedDateTime: null,
  isTrusted: true,
  ipRanges: [
    { '@odata.type': '#microsoft.graph.iPv4CidrRange', cidrAddress: '203.0.113.0/24' },
    { '@odata.type': '#microsoft.graph.iPv6CidrRange', cidrAddress: '2001:db8:abcd::/48' },
  ],
};
const partner: NamedLocation = {
  ...office,
  id: 'loc-partner',
  displayName: 'Partner',
  isTrusted: false,
  ipRanges: [{ '@odata.type': '#microsoft.graph.iPv4CidrRange', cidrAddress: '192.0.2.0/25' }],
};
const blockedCountries: NamedLocation = {
  '@odata.type': '#microsoft.graph.countryNamedLocation',
  id: 'loc-countries',
  displayName: 'Blocked countries',
  createdDateTime: '2026-11-25T00:00:00Z',
  modifiedDateTime: null,
  countriesAndRegions: ['KP', 'IR'],
  includeUnknownCountriesAndRegions: true,
  countryLookupMethod: 'clientIpAddress',
};
const namedLocations = [office, partner, blockedCountries];

function evaluate(policies: ConditionalAccessPolicy[], conditions: SignInConditions) {
  return evaluatePolicies(compileRules({ policies, namedLocations }), conditions);
}

/** The reason of one policy against one sign-in (`undefined` when it matches and is not disabled). */
const reasonOf = (p: ConditionalAccessPolicy, conditions: SignInConditions = signIn()) =>
  evaluate([p], conditions)[0]?.reason;

describe('users', () => {
  it('includes everyone with All, a listed user, or a member of a listed group', () => {
    expect(reasonOf(policy())).toBeUndefined();
    expect(reasonOf(policy({ conditions: { users: users({ includeUsers: ['user-1'] }) } }))).toBeUndefined();
    expect(reasonOf(policy({ conditions: { users: users({ includeUsers: ['user-2'] }) } }))).toBe('users');
    const byGroup = policy({ conditions: { users: users({ includeGroups: ['g1'] }) } });
    expect(reasonOf(byGroup, signIn({ groupIds: new Set(['g1']) }))).toBeUndefined();
    expect(reasonOf(byGroup, signIn({ groupIds: new Set(['g2']) }))).toBe('users');
  });

  it('includes nobody with None, null users or no include', () => {
    expect(reasonOf(policy({ conditions: { users: users({ includeUsers: ['None'] }) } }))).toBe('users');
    expect(reasonOf(policy({ conditions: { users: null } }))).toBe('users');
    expect(reasonOf(policy({ conditions: { users: users({ excludeUsers: ['user-2'] }) } }))).toBe('users');
  });

  it('lets exclusion of a user or a group beat inclusion', () => {
    const all = { includeUsers: ['All'] };
    expect(reasonOf(policy({ conditions: { users: users({ ...all, excludeUsers: ['user-1'] }) } }))).toBe(
      'users',
    );
    const groups = policy({
      conditions: { users: users({ includeUsers: ['user-1'], excludeGroups: ['g9'] }) },
    });
    expect(reasonOf(groups, signIn({ groupIds: new Set(['g1', 'g9']) }))).toBe('users');
    const both = policy({ conditions: { users: users({ includeGroups: ['g1'], excludeGroups: ['g1'] }) } });
    expect(reasonOf(both, signIn({ groupIds: new Set(['g1']) }))).toBe('users');
  });

  it('includes and excludes users by the directory roles they hold', () => {
    const admins = policy({ conditions: { users: users({ includeRoles: ['role-ga', 'role-ua'] }) } });
    expect(reasonOf(admins, signIn({ roleIds: new Set(['role-ua']) }))).toBeUndefined();
    expect(reasonOf(admins, signIn({ roleIds: new Set(['role-other']) }))).toBe('users');
    expect(reasonOf(admins, signIn())).toBe('users');
    const exceptReaders = policy({
      conditions: { users: users({ includeUsers: ['All'], excludeRoles: ['role-reader'] }) },
    });
    expect(reasonOf(exceptReaders, signIn())).toBeUndefined();
    expect(reasonOf(exceptReaders, signIn({ roleIds: new Set(['role-reader', 'role-ga']) }))).toBe('users');
    expect(compileRules({ policies: [admins], namedLocations: [] }).usesRoles).toBe(true);
    expect(compileRules({ policies: [policy()], namedLocations: [] }).usesRoles).toBe(false);
  });

  it('does not apply workload identity policies to users', () => {
    const clientApplications = {
      includeServicePrincipals: ['ServicePrincipalsInMyTenant'],
      excludeServicePrincipals: [],
    };
    expect(reasonOf(policy({ conditions: { users: null, clientApplications } }))).toBe('users');
    const none = users({ includeUsers: ['None'] });
    expect(reasonOf(policy({ conditions: { users: none, clientApplications } }))).toBe('users');
  });
});

describe('workload identities', () => {
  const daemon = signIn({
    userId: undefined,
    servicePrincipalAppId: 'daemon',
    appId: 'api',
    ipAddress: undefined,
  });
  const forPrincipals = (include: string[], exclude: string[] = []) =>
    policy({
      grantControls: { operator: 'OR', builtInControls: ['block'], authenticationStrength: null },
      conditions: {
        users: null,
        clientApplications: { includeServicePrincipals: include, excludeServicePrincipals: exclude },
      },
    });

  it('applies only policies with client applications that include the app', () => {
    expect(reasonOf(policy(), daemon)).toBe('users');
    expect(reasonOf(forPrincipals(['ServicePrincipalsInMyTenant']), daemon)).toBeUndefined();
    expect(reasonOf(forPrincipals(['daemon']), daemon)).toBeUndefined();
    expect(reasonOf(forPrincipals(['other']), daemon)).toBe('users');
    expect(reasonOf(forPrincipals(['ServicePrincipalsInMyTenant'], ['daemon']), daemon)).toBe('users');
  });

  it('checks the application (resource) condition', () => {
    const p = forPrincipals(['daemon']);
    p.conditions.applications = { includeApplications: ['other-api'], excludeApplications: [] };
    expect(reasonOf(p, daemon)).toBe('application');
    p.conditions.applications = { includeApplications: ['api'], excludeApplications: [] };
    expect(reasonOf(p, daemon)).toBeUndefined();
    expect(decide(evaluate([p], daemon), NOTHING)).toEqual({ block: true, requirements: [] });
  });
});

describe('applications', () => {
  const apps = (include: string[], exclude: string[] = []) =>
    policy({ conditions: { applications: { includeApplications: include, excludeApplications: exclude } } });
  it('includes All or the app, None includes nothing, exclusion wins', () => {
    expect(reasonOf(apps(['app-1']))).toBeUndefined();
    expect(reasonOf(apps(['app-2']))).toBe('application');
    expect(reasonOf(apps(['None']))).toBe('application');
    expect(reasonOf(apps(['All'], ['app-1']))).toBe('application');
    expect(reasonOf(apps(['app-1'], ['app-1']))).toBe('application');
  });
});

describe('locations', () => {
  const at = (include: string[], exclude: string[] = []) =>
    policy({ conditions: { locations: { includeLocations: include, excludeLocations: exclude } } });

  it('matches any location without the condition, and All for any sign-in', () => {
    expect(
      reasonOf(policy({ conditions: { locations: null } }), signIn({ ipAddress: undefined })),
    ).toBeUndefined();
    expect(reasonOf(at(['All']))).toBeUndefined();
    expect(reasonOf(at(['All']), signIn({ ipAddress: undefined }))).toBeUndefined();
  });

  it('matches IPv4 and IPv6 ranges of named locations', () => {
    expect(reasonOf(at(['loc-office']), signIn({ ipAddress: '203.0.113.9' }))).toBeUndefined();
    expect(reasonOf(at(['loc-office']), signIn({ ipAddress: '::ffff:203.0.113.9' }))).toBeUndefined();
    expect(reasonOf(at(['loc-office']), signIn({ ipAddress: '2001:db8:abcd:12::1' }))).toBeUndefined();
    expect(reasonOf(at(['loc-office']), signIn({ ipAddress: '2001:db8:abce::1' }))).toBe('location');
    expect(reasonOf(at(['loc-office']), signIn({ ipAddress: '203.0.114.9' }))).toBe('location');
    expect(reasonOf(at(['loc-partner']), signIn({ ipAddress: '192.0.2.127' }))).toBeUndefined();
    expect(reasonOf(at(['loc-partner']), signIn({ ipAddress: '192.0.2.128' }))).toBe('location');
  });

  it('matches AllTrusted only in a trusted IP location', () => {
    expect(reasonOf(at(['AllTrusted']), signIn({ ipAddress: '203.0.113.9' }))).toBeUndefined();
    expect(reasonOf(at(['AllTrusted']), signIn({ ipAddress: '192.0.2.1' }))).toBe('location');
  });

  it('lets an excluded trusted location or named location beat inclusion', () => {
    expect(reasonOf(at(['All'], ['AllTrusted']), signIn({ ipAddress: '203.0.113.9' }))).toBe('location');
    expect(reasonOf(at(['All'], ['AllTrusted']), signIn({ ipAddress: '198.51.100.1' }))).toBeUndefined();
    expect(reasonOf(at(['All'], ['loc-partner']), signIn({ ipAddress: '192.0.2.1' }))).toBe('location');
    expect(reasonOf(at(['loc-office'], ['loc-office']), signIn({ ipAddress: '203.0.113.9' }))).toBe(
      'location',
    );
  });

  it('matches countries, and unknown countries when the location says so', () => {
    expect(reasonOf(at(['loc-countries']), signIn({ country: 'KP' }))).toBeUndefined();
    expect(reasonOf(at(['loc-countries']), signIn({ country: 'ir' }))).toBeUndefined();
    expect(reasonOf(at(['loc-countries']), signIn({ country: 'FR' }))).toBe('location');
    expect(reasonOf(at(['loc-countries']), signIn({ country: undefined }))).toBeUndefined();
    const knownOnly = compileRules({
      policies: [at(['loc-countries'])],
      namedLocations: [{ ...blockedCountries, includeUnknownCountriesAndRegions: false }],
    });
    expect(evaluatePolicies(knownOnly, signIn({ country: undefined }))[0]?.reason).toBe('location');
  });

  it('places a sign-in without an IP by its country alone, and missing locations match nothing', () => {
    expect(reasonOf(at(['loc-countries']), signIn({ ipAddress: undefined, country: 'KP' }))).toBeUndefined();
    expect(reasonOf(at(['AllTrusted']), signIn({ ipAddress: undefined, country: 'KP' }))).toBe('location');
    expect(reasonOf(at(['All'], ['loc-countries']), signIn({ ipAddress: undefined, country: 'KP' }))).toBe(
      'location',
    );
    expect(reasonOf(at(['loc-deleted']))).toBe('location');
    expect(reasonOf(at(['All'], ['loc-deleted']))).toBeUndefined();
  });

  it('blocks a country', () => {
    const block = at(['loc-countries']);
    block.grantControls = { operator: 'OR', builtInControls: ['block'], authenticationStrength: null };
    expect(decide(evaluate([block], signIn({ country: 'KP' })), MFA).block).toBe(true);
    expect(decide(evaluate([block], signIn({ country: 'FR' })), NOTHING)).toEqual({
      block: false,
      requirements: [],
    });
  });
});

describe('client apps, platforms and risk', () => {
  it('matches client app types', () => {
    expect(reasonOf(policy({ conditions: { clientAppTypes: ['browser'] } }))).toBeUndefined();
    const mobile = policy({ conditions: { clientAppTypes: ['mobileAppsAndDesktopClients'] } });
    expect(reasonOf(mobile)).toBe('clientApps');
    expect(reasonOf(mobile, signIn({ clientAppType: 'mobileAppsAndDesktopClients' }))).toBeUndefined();
  });

  it('matches platforms, exclusion wins, and an unknown platform only through all', () => {
    const on = (include: string[], exclude: string[] = []) =>
      policy({
        conditions: { platforms: { includePlatforms: include, excludePlatforms: exclude } as never },
      });
    expect(reasonOf(on(['windows']))).toBeUndefined();
    expect(reasonOf(on(['iOS', 'android']))).toBe('devicePlatform');
    expect(reasonOf(on(['all']))).toBeUndefined();
    expect(reasonOf(on(['all'], ['windows']))).toBe('devicePlatform');
    expect(reasonOf(on(['all'], ['windows']), signIn({ devicePlatform: undefined }))).toBeUndefined();
    expect(reasonOf(on(['windows']), signIn({ devicePlatform: undefined }))).toBe('devicePlatform');
  });

  it('matches risk levels, any when empty', () => {
    const risky = policy({ conditions: { signInRiskLevels: ['high', 'medium'] } });
    expect(reasonOf(risky)).toBe('signInRisk');
    expect(reasonOf(risky, signIn({ signInRiskLevel: 'high' }))).toBeUndefined();
    const userRisk = policy({ conditions: { userRiskLevels: ['high'] } });
    expect(reasonOf(userRisk)).toBe('userRisk');
    expect(reasonOf(userRisk, signIn({ userRiskLevel: 'high' }))).toBeUndefined();
  });

  it('reports the first unmet condition in the fixed order', () => {
    const strict = policy({
      conditions: {
        applications: { includeApplications: ['other'], excludeApplications: [] },
        clientAppTypes: ['mobileAppsAndDesktopClients'],
        signInRiskLevels: ['high'],
        userRiskLevels: ['high'],
        platforms: { includePlatforms: ['iOS'], excludePlatforms: [] },
        locations: { includeLocations: ['loc-office'], excludeLocations: [] },
      },
    });
    expect(reasonOf(strict)).toBe('application');
    strict.conditions.applications.includeApplications = ['All'];
    expect(reasonOf(strict)).toBe('location');
    strict.conditions.locations = null;
    expect(reasonOf(strict)).toBe('clientApps');
    strict.conditions.clientAppTypes = ['all'];
    expect(reasonOf(strict)).toBe('devicePlatform');
    strict.conditions.platforms = null;
    expect(reasonOf(strict)).toBe('signInRisk');
    strict.conditions.signInRiskLevels = [];
    expect(reasonOf(strict)).toBe('userRisk');
  });

  it('marks a disabled policy that matches as policyNotEnabled', () => {
    expect(evaluate([policy({ state: 'disabled' })], signIn())[0]).toMatchObject({
      matches: true,
      reason: 'policyNotEnabled',
    });
    expect(evaluate([policy({ state: 'disabled', conditions: { users: null } })], signIn())[0]?.reason).toBe(
      'users',
    );
  });
});

describe('decide', () => {
  const grant = (
    builtInControls: Array<'block' | 'mfa' | 'passwordChange'>,
    operator: 'AND' | 'OR' = 'AND',
  ) => ({
    operator,
    builtInControls,
    authenticationStrength: null,
  });
  const run = (policies: ConditionalAccessPolicy[], proved = NOTHING) =>
    decide(evaluate(policies, signIn()), proved);

  it('asks for MFA until it is proved', () => {
    expect(run([policy()])).toEqual({ block: false, requirements: ['mfa'] });
    expect(run([policy()], MFA)).toEqual({ block: false, requirements: [] });
  });

  it('lets block win over everything', () => {
    expect(run([policy(), policy({ grantControls: grant(['block']) })], MFA)).toEqual({
      block: true,
      requirements: [],
    });
  });

  it('combines AND controls: every one, in the order the user meets them', () => {
    const both = policy({ grantControls: grant(['passwordChange', 'mfa']) });
    expect(run([both]).requirements).toEqual(['mfa', 'passwordChange']);
    expect(run([both], MFA).requirements).toEqual(['passwordChange']);
    expect(run([both], { ...MFA, passwordChanged: true }).requirements).toEqual([]);
  });

  it('combines OR controls: any one, else the first listed', () => {
    const either = policy({ grantControls: grant(['passwordChange', 'mfa'], 'OR') });
    expect(run([either]).requirements).toEqual(['mfa']);
    expect(run([either], { ...NOTHING, passwordChanged: true }).requirements).toEqual([]);
    expect(run([policy({ grantControls: grant(['passwordChange'], 'OR') })]).requirements).toEqual([
      'passwordChange',
    ]);
  });

  it('needs every applied policy met', () => {
    const mfa = policy();
    const password = policy({ grantControls: grant(['passwordChange']) });
    expect(run([mfa, password]).requirements).toEqual(['mfa', 'passwordChange']);
    expect(run([mfa, password], MFA).requirements).toEqual(['passwordChange']);
  });

  it('maps authentication strengths, phishing-resistant replacing plain MFA', () => {
    const strong = policy({
      grantControls: {
        operator: 'AND',
        builtInControls: [],
        authenticationStrength: AUTHENTICATION_STRENGTHS.phishingResistant,
      },
    });
    const any = policy({
      grantControls: {
        operator: 'AND',
        builtInControls: [],
        authenticationStrength: AUTHENTICATION_STRENGTHS.multifactor,
      },
    });
    expect(run([any]).requirements).toEqual(['mfa']);
    expect(run([any], MFA).requirements).toEqual([]);
    expect(run([strong, policy()]).requirements).toEqual(['phishingResistantMfa']);
    expect(run([strong], MFA).requirements).toEqual(['phishingResistantMfa']);
    expect(run([strong], { ...MFA, phishingResistant: true }).requirements).toEqual([]);
    expect(run([strong], { ...NOTHING, phishingResistant: true }).requirements).toEqual([
      'phishingResistantMfa',
    ]);
  });

  it('ignores report-only, disabled and non-matching policies', () => {
    expect(
      run([policy({ state: 'enabledForReportingButNotEnforced', grantControls: grant(['block']) })]),
    ).toEqual({
      block: false,
      requirements: [],
    });
    expect(run([policy({ state: 'disabled' })])).toEqual({ block: false, requirements: [] });
    expect(run([policy({ conditions: { users: null } })])).toEqual({ block: false, requirements: [] });
  });

  it('merges session controls: the strictest frequency, never over always', () => {
    const frequency = (value: number | null, type: 'hours' | 'days' | null, everyTime = false) =>
      policy({
        grantControls: null,
        sessionControls: {
          signInFrequency: {
            isEnabled: true,
            frequencyInterval: everyTime ? 'everyTime' : 'timeBased',
            value,
            type,
            authenticationType: 'primaryAndSecondaryAuthentication',
          },
          persistentBrowser: null,
        },
      });
    const browser = (mode: 'always' | 'never') =>
      policy({
        grantControls: null,
        sessionControls: { signInFrequency: null, persistentBrowser: { isEnabled: true, mode } },
      });
    expect(run([frequency(2, 'days'), frequency(12, 'hours')])).toEqual({
      block: false,
      requirements: [],
      signInFrequencySeconds: 43_200,
    });
    expect(run([frequency(1, 'days'), frequency(null, null, true)]).signInFrequencySeconds).toBe(0);
    expect(run([browser('always')]).persistentBrowser).toBe('always');
    expect(run([browser('always'), browser('never'), browser('always')]).persistentBrowser).toBe('never');
    expect(
      run([{ ...browser('never'), state: 'enabledForReportingButNotEnforced' }]).persistentBrowser,
    ).toBeUndefined();
  });
});

describe('appliedPolicies', () => {
  const block = {
    operator: 'OR' as const,
    builtInControls: ['block' as const],
    authenticationStrength: null,
  };
  function log(policies: ConditionalAccessPolicy[], proved: ProvedFactors, conditions = signIn()) {
    const evaluations = evaluate(policies, conditions);
    return appliedPolicies(evaluations, proved, decide(evaluations, proved));
  }

  it('gives each enforced policy its result and the overall status', () => {
    const mfa = policy({
      sessionControls: {
        signInFrequency: {
          isEnabled: true,
          frequencyInterval: 'everyTime',
          value: null,
          type: null,
          authenticationType: 'primaryAndSecondaryAuthentication',
        },
        persistentBrowser: { isEnabled: true, mode: 'never' },
      },
    });
    const other = policy({
      conditions: { applications: { includeApplications: ['app-2'], excludeApplications: [] } },
    });
    const off = policy({ state: 'disabled' });
    const unmet = log([mfa, other, off], NOTHING);
    expect(unmet.status).toBe('failure');
    expect(unmet.applied).toEqual([
      {
        id: mfa.id,
        displayName: mfa.displayName,
        result: 'failure',
        enforcedGrantControls: ['Mfa'],
        enforcedSessionControls: ['SignInFrequency', 'PersistentBrowserSessionMode'],
      },
      {
        id: other.id,
        displayName: other.displayName,
        result: 'notApplied',
        enforcedGrantControls: [],
        enforcedSessionControls: [],
      },
      {
        id: off.id,
        displayName: off.displayName,
        result: 'notEnabled',
        enforcedGrantControls: [],
        enforcedSessionControls: [],
      },
    ]);
    const met = log([mfa, other, off], MFA);
    expect(met.status).toBe('success');
    expect(met.applied.map((entry) => entry.result)).toEqual(['success', 'notApplied', 'notEnabled']);
    expect(log([other, off], NOTHING).status).toBe('notApplied');
  });

  it('reports blocks and grant names', () => {
    const blocking = policy({ grantControls: block });
    const strength = policy({
      grantControls: {
        operator: 'AND',
        builtInControls: ['mfa', 'passwordChange'],
        authenticationStrength: AUTHENTICATION_STRENGTHS.multifactor,
      },
    });
    const result = log([blocking, strength], MFA);
    expect(result.status).toBe('failure');
    expect(result.applied.map((entry) => [entry.result, entry.enforcedGrantControls])).toEqual([
      ['failure', ['Block']],
      ['failure', ['Mfa', 'PasswordChange', 'RequireAuthenticationStrength']],
    ]);
  });

  it('never enforces report-only policies, and reports what they would have done', () => {
    const reportOnly = (grantControls: ConditionalAccessPolicy['grantControls'], apps = ['All']) =>
      policy({
        state: 'enabledForReportingButNotEnforced',
        grantControls,
        conditions: { applications: { includeApplications: apps, excludeApplications: [] } },
      });
    const mfaGrant = {
      operator: 'OR' as const,
      builtInControls: ['mfa' as const],
      authenticationStrength: null,
    };
    const policies = [reportOnly(block), reportOnly(mfaGrant), reportOnly(mfaGrant, ['app-2'])];
    const unproved = log(policies, NOTHING);
    expect(unproved.status).toBe('notApplied');
    expect(unproved.applied.map((entry) => entry.result)).toEqual([
      'reportOnlyFailure',
      'reportOnlyInterrupted',
      'reportOnlyNotApplied',
    ]);
    expect(unproved.applied[0]?.enforcedGrantControls).toEqual(['Block']);
    expect(log(policies, MFA).applied[1]?.result).toBe('reportOnlySuccess');
    const withEnforced = log([...policies, policy()], MFA);
    expect(withEnforced.status).toBe('success');
  });
});
