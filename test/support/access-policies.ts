import type { ConditionalAccessConditions, ConditionalAccessPolicy } from '../../src/access/model.js';

export type TestPolicyInput = Partial<Omit<ConditionalAccessPolicy, 'conditions'>> & {
  conditions?: Partial<ConditionalAccessConditions>;
};

let counter = 0;

/**
 * A stored-shape policy for evaluator tests: enabled, all users, all apps, MFA, every other
 * condition open; anything given replaces the default (conditions field by field).
 */
export function testPolicy(input: TestPolicyInput = {}): ConditionalAccessPolicy {
  counter += 1;
  const { conditions, ...rest } = input;
  return {
    id: `policy-${counter}`,
    displayName: `Policy ${counter}`,
    state: 'enabled',
    createdDateTime: '2026-11-25T00:00:00Z',
    modifiedDateTime: null,
    templateId: null,
    grantControls: { operator: 'OR', builtInControls: ['mfa'], authenticationStrength: null },
    sessionControls: null,
    ...rest,
    conditions: {
      users: {
        includeUsers: ['All'],
        excludeUsers: [],
        includeGroups: [],
        excludeGroups: [],
        includeRoles: [],
        excludeRoles: [],
      },
      applications: { includeApplications: ['All'], excludeApplications: [] },
      clientApplications: null,
      signInRiskLevels: [],
      userRiskLevels: [],
      locations: null,
      clientAppTypes: ['all'],
      platforms: null,
      ...conditions,
    },
  };
}
