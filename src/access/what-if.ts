/**
 * What If: every policy against a hypothetical sign-in, shaped like Microsoft Graph's
 * `conditionalAccess/evaluate` action, with the combined decision of the enforced ones.
 */
import { type CompiledRules, evaluatePolicies } from './evaluate.js';
import {
  type AnalysisReason,
  AUTHENTICATION_STRENGTHS,
  type AuthenticationStrengthRef,
  type BuiltInControl,
  type ConditionalAccessGrantControls,
  type ConditionalAccessSessionControls,
  type PolicyState,
  type SignInConditions,
} from './model.js';

export interface WhatIfPolicyResult {
  id: string;
  displayName: string;
  state: PolicyState;
  /** Matches and is not disabled (report-only policies apply too, without being enforced). */
  policyApplies: boolean;
  /** The first unmet condition, or `notSet` when the policy applies. */
  analysisReasons: AnalysisReason | 'notSet';
  grantControls: ConditionalAccessGrantControls | null;
  sessionControls: ConditionalAccessSessionControls | null;
}

export interface WhatIfDecision {
  block: boolean;
  /** The built-in controls the enforced policies ask for (`['block']` alone when blocked). */
  grantControls: BuiltInControl[];
  /** The strictest authentication strength asked for, if any (null when blocked). */
  authenticationStrength: AuthenticationStrengthRef | null;
  /** The one policy's own operator when exactly one applied policy has grant controls, else AND. */
  operator: 'AND' | 'OR';
}

export interface WhatIfResult {
  value: WhatIfPolicyResult[];
  decision: WhatIfDecision;
}

const CONTROL_ORDER: readonly BuiltInControl[] = ['block', 'mfa', 'passwordChange'];

const hasGrant = (grant: ConditionalAccessGrantControls | null): grant is ConditionalAccessGrantControls =>
  grant !== null && (grant.builtInControls.length > 0 || grant.authenticationStrength !== null);

export function whatIf(compiled: CompiledRules, conditions: SignInConditions): WhatIfResult {
  const evaluations = evaluatePolicies(compiled, conditions);
  const value = evaluations.map(({ policy, matches, reason }): WhatIfPolicyResult => {
    const policyApplies = matches && policy.state !== 'disabled';
    return {
      id: policy.id,
      displayName: policy.displayName,
      state: policy.state,
      policyApplies,
      analysisReasons: policyApplies ? 'notSet' : (reason ?? 'policyNotEnabled'),
      grantControls: policy.grantControls,
      sessionControls: policy.sessionControls,
    };
  });

  const grants = evaluations
    .filter(({ policy, matches }) => matches && policy.state === 'enabled')
    .map(({ policy }) => policy.grantControls)
    .filter(hasGrant);
  const controls = new Set(grants.flatMap((grant) => grant.builtInControls));
  const block = controls.has('block');
  const strengths = grants.flatMap((grant) =>
    grant.authenticationStrength ? [grant.authenticationStrength] : [],
  );
  const authenticationStrength = block
    ? null
    : (strengths.find((strength) => strength.id === AUTHENTICATION_STRENGTHS.phishingResistant.id) ??
      strengths[0] ??
      null);
  const [only] = grants;
  return {
    value,
    decision: {
      block,
      grantControls: block ? ['block'] : CONTROL_ORDER.filter((control) => controls.has(control)),
      authenticationStrength,
      // A block is the whole answer; else one policy's own operator, or AND across policies.
      operator: block ? 'OR' : grants.length === 1 && only ? only.operator : 'AND',
    },
  };
}
