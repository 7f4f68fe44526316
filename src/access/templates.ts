import { ROLE_DEFINITIONS } from '../authorization/index.js';
import type {
  ConditionalAccessConditions,
  ConditionalAccessGrantControls,
  ConditionalAccessSessionControls,
} from './model.js';

/** Graph's templateScenarios values. */
export type TemplateScenario =
  | 'new'
  | 'secureFoundation'
  | 'zeroTrust'
  | 'remoteWork'
  | 'protectAdmins'
  | 'emergingThreats';

/** What a template fills in; the admin completes it when making a policy from it. */
export type TemplateInput = 'includeApplications' | 'countriesAndRegions';

/** Graph's conditionalAccessTemplate: a policy to start from. */
export interface ConditionalAccessTemplate {
  id: string;
  name: string;
  description: string;
  scenarios: TemplateScenario[];
  details: {
    conditions: ConditionalAccessConditions;
    grantControls: ConditionalAccessGrantControls | null;
    sessionControls: ConditionalAccessSessionControls | null;
  };
}

export interface TemplateDefinition extends ConditionalAccessTemplate {
  /** What making a policy from it needs (required) and accepts. */
  requires: TemplateInput | null;
}

const conditions = (overrides: Partial<ConditionalAccessConditions> = {}): ConditionalAccessConditions => ({
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
  ...overrides,
});

const grant = (
  builtInControls: ConditionalAccessGrantControls['builtInControls'],
  operator: 'AND' | 'OR' = 'OR',
): ConditionalAccessGrantControls => ({ operator, builtInControls, authenticationStrength: null });

/** The template the admin tenant's built-in policy is made from (bootstrap). */
export const ADMIN_MFA_TEMPLATE_ID = '524fdb39-a125-4b85-9d45-3ba8a9308766';

/** The templates, by their fixed ids. */
export const TEMPLATES: readonly TemplateDefinition[] = [
  {
    id: 'a3d0a415-b068-4326-9251-f9cdf9feeb64',
    name: 'Require multifactor authentication for all users',
    description:
      'Every user must complete multifactor authentication to sign in to any application. Exclude your emergency access accounts.',
    scenarios: ['secureFoundation', 'zeroTrust', 'remoteWork'],
    requires: null,
    details: { conditions: conditions(), grantControls: grant(['mfa']), sessionControls: null },
  },
  {
    id: 'c7503427-338e-4c5e-902d-abe252abfb43',
    name: 'Require multifactor authentication for chosen applications',
    description:
      'Users must complete multifactor authentication to sign in to the applications you choose; other applications are not affected.',
    scenarios: ['secureFoundation', 'zeroTrust'],
    requires: 'includeApplications',
    details: {
      conditions: conditions({ applications: { includeApplications: [], excludeApplications: [] } }),
      grantControls: grant(['mfa']),
      sessionControls: null,
    },
  },
  {
    id: '0b2282f9-2862-4178-88b5-d79340b36cb8',
    name: 'Block access from chosen countries',
    description:
      'Sign-ins from the countries and regions you choose are blocked. A country named location is created for them.',
    scenarios: ['remoteWork', 'zeroTrust'],
    requires: 'countriesAndRegions',
    details: {
      conditions: conditions({ locations: { includeLocations: [], excludeLocations: [] } }),
      grantControls: grant(['block']),
      sessionControls: null,
    },
  },
  {
    id: '6b619f55-792e-45dc-9711-d83ec9d7d9a1',
    name: 'Block sign-ins with high sign-in risk',
    description: 'Sign-ins that Identity Protection finds highly risky are blocked.',
    scenarios: ['zeroTrust', 'emergingThreats'],
    requires: null,
    details: {
      conditions: conditions({ signInRiskLevels: ['high'] }),
      grantControls: grant(['block']),
      sessionControls: null,
    },
  },
  {
    id: '634b6de7-c38d-4357-a2c7-3842706eedd7',
    name: 'Require multifactor authentication and a password change for high-risk users',
    description:
      'Users whose user risk is high must complete multifactor authentication and then change their password, every time until the risk is remediated.',
    scenarios: ['zeroTrust', 'emergingThreats'],
    requires: null,
    details: {
      conditions: conditions({ userRiskLevels: ['high'] }),
      grantControls: grant(['mfa', 'passwordChange'], 'AND'),
      sessionControls: {
        signInFrequency: {
          isEnabled: true,
          frequencyInterval: 'everyTime',
          value: null,
          type: null,
          authenticationType: 'primaryAndSecondaryAuthentication',
        },
        persistentBrowser: null,
      },
    },
  },
  {
    id: ADMIN_MFA_TEMPLATE_ID,
    name: 'Require multifactor authentication for admins',
    description:
      'Users holding a directory role must complete multifactor authentication to sign in: every built-in role reaches the admin API. Exclude your emergency access accounts.',
    scenarios: ['protectAdmins', 'secureFoundation', 'zeroTrust'],
    requires: null,
    details: {
      conditions: conditions({
        users: {
          includeUsers: [],
          excludeUsers: [],
          includeGroups: [],
          excludeGroups: [],
          includeRoles: ROLE_DEFINITIONS.map((role) => role.templateId),
          excludeRoles: [],
        },
      }),
      grantControls: grant(['mfa']),
      sessionControls: null,
    },
  },
];

/** The admin API's view of a template. */
export function toTemplateView(template: TemplateDefinition): ConditionalAccessTemplate {
  const { requires: _requires, ...view } = template;
  return structuredClone(view);
}
