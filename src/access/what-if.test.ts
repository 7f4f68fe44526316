import { describe, expect, it } from 'vitest';
import { testPolicy } from '../../test/support/access-policies.js';
import { compileRules } from './evaluate.js';
import {
  AUTHENTICATION_STRENGTHS,
  type ConditionalAccessGrantControls,
  type ConditionalAccessPolicy,
  type PolicyState,
  type SignInConditions,
} from './model.js';
import { whatIf } from './what-if.js';

function policy(
  id: string,
  grantControls: ConditionalAccessGrantControls | null,
  options: { state?: PolicyState; apps?: string[]; users?: string[] } = {},
): ConditionalAccessPolicy {
  return testPolicy({
    id,
    displayName: `Policy ${id}`,
    state: options.state ?? 'enabled',
    grantControls,
    conditions: {
      users: {
        includeUsers: options.users ?? ['All'],
        excludeUsers: [],
        includeGroups: [],
        excludeGroups: [],
        includeRoles: [],
        excludeRoles: [],
      },
      applications: { includeApplications: options.apps ?? ['All'], excludeApplications: [] },
    },
  });
}

const grant = (
  builtInControls: ConditionalAccessGrantControls['builtInControls'],
  operator: 'AND' | 'OR' = 'OR',
  authenticationStrength: ConditionalAccessGrantControls['authenticationStrength'] = null,
): ConditionalAccessGrantControls => ({ operator, builtInControls, authenticationStrength });

const conditions: SignInConditions = {
  userId: 'user-1',
  groupIds: new Set(),
  appId: 'home-insurance',
  clientAppType: 'browser',
  signInRiskLevel: 'none',
  userRiskLevel: 'none',
};

const run = (policies: ConditionalAccessPolicy[], signIn = conditions) =>
  whatIf(compileRules({ policies, namedLocations: [] }), signIn);

describe('whatIf', () => {
  it('lists every policy with whether it applies and the first unmet condition', () => {
    const result = run([
      policy('home', grant(['mfa']), { apps: ['home-insurance'] }),
      policy('auto', grant(['mfa']), { apps: ['auto-insurance'] }),
      policy('someone-else', grant(['block']), { users: ['user-2'] }),
      policy('off', grant(['block']), { state: 'disabled' }),
      policy('report', grant(['block']), { state: 'enabledForReportingButNotEnforced' }),
    ]);
    expect(
      result.value.map(({ id, policyApplies, analysisReasons }) => [id, policyApplies, analysisReasons]),
    ).toEqual([
      ['home', true, 'notSet'],
      ['auto', false, 'application'],
      ['someone-else', false, 'users'],
      ['off', false, 'policyNotEnabled'],
      ['report', true, 'notSet'],
    ]);
    expect(result.value[0]).toEqual({
      id: 'home',
      displayName: 'Policy home',
      state: 'enabled',
      policyApplies: true,
      analysisReasons: 'notSet',
      grantControls: grant(['mfa']),
      sessionControls: null,
    });
    // Report-only policies are listed but left out of the decision.
    expect(result.decision).toEqual({
      block: false,
      grantControls: ['mfa'],
      authenticationStrength: null,
      operator: 'OR',
    });
  });

  it('challenges the home insurance app only', () => {
    const policies = [policy('home', grant(['mfa']), { apps: ['home-insurance'] })];
    expect(run(policies).decision.grantControls).toEqual(['mfa']);
    expect(run(policies, { ...conditions, appId: 'auto-insurance' }).decision).toEqual({
      block: false,
      grantControls: [],
      authenticationStrength: null,
      operator: 'AND',
    });
  });

  it('combines several policies with AND, and block wins', () => {
    const two = run([
      policy('a', grant(['mfa'], 'OR')),
      policy('b', grant(['passwordChange', 'mfa'], 'AND')),
    ]);
    expect(two.decision).toEqual({
      block: false,
      grantControls: ['mfa', 'passwordChange'],
      authenticationStrength: null,
      operator: 'AND',
    });
    const blocked = run([policy('a', grant(['mfa'])), policy('b', grant(['block']))]);
    expect(blocked.decision).toEqual({
      block: true,
      grantControls: ['block'],
      authenticationStrength: null,
      operator: 'OR',
    });
  });

  it('keeps one policy operator and ignores policies without grant controls', () => {
    const result = run([policy('session-only', null), policy('a', grant(['mfa', 'passwordChange'], 'OR'))]);
    expect(result.decision.operator).toBe('OR');
  });

  it('reports the strictest authentication strength', () => {
    const result = run([
      policy('any', grant([], 'AND', AUTHENTICATION_STRENGTHS.multifactor)),
      policy('strong', grant([], 'AND', AUTHENTICATION_STRENGTHS.phishingResistant)),
    ]);
    expect(result.decision).toEqual({
      block: false,
      grantControls: [],
      authenticationStrength: AUTHENTICATION_STRENGTHS.phishingResistant,
      operator: 'AND',
    });
  });
});
