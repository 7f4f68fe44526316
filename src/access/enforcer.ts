import {
  appliedPolicies,
  type CompiledRules,
  compileRules,
  decide,
  evaluatePolicies,
  isTrustedAddress,
} from './evaluate.js';
import type {
  AccessDecision,
  AppliedConditionalAccessPolicy,
  ConditionalAccessStatus,
  DevicePlatform,
  PolicyEvaluation,
  ProvedFactors,
  RiskLevel,
  SignInConditions,
  TenantAccessRules,
} from './model.js';

/** What a caller knows of a sign-in, in the sign-in log's words. */
export interface AccessFacts {
  userId?: string;
  appId: string;
  /** For client-credentials requests: the app signing in as itself. */
  servicePrincipalAppId?: string;
  ipAddress?: string;
  /** ISO 3166-1 alpha-2 when known; looked up from the IP when undefined. */
  country?: string | null;
  /** "Windows 10", "iOS 17", … (the sign-in log's deviceDetail.operatingSystem). */
  operatingSystem?: string;
  /** "Browser" or "Mobile Apps and Desktop clients". */
  clientAppUsed?: string;
  signInRiskLevel?: RiskLevel;
  userRiskLevel?: RiskLevel;
}

/** One sign-in checked against every policy of its tenant. */
export interface AccessCheck {
  evaluations: PolicyEvaluation[];
  /** The controls the applied policies ask for, whatever the sign-in proved so far. */
  required: AccessDecision;
  /** What is still unmet, given what the sign-in proved. */
  decision: AccessDecision;
  /** The sign-in log's view: each policy's result, and the overall status. */
  applied: AppliedConditionalAccessPolicy[];
  status: ConditionalAccessStatus;
}

export interface AccessEnforcerDeps {
  rulesOf(tenantId: string): Promise<TenantAccessRules>;
  groupsOf(tenantId: string, userId: string): Promise<ReadonlySet<string>>;
  /** The directory roles (template ids) a user holds; read only when a policy of the tenant names roles. */
  rolesOf?(tenantId: string, userId: string): Promise<ReadonlySet<string>>;
  countryOf(ipAddress: string): Promise<string | undefined>;
  /** The service principal (object id) of an app signing in as itself. */
  servicePrincipalIdOf?(tenantId: string, appId: string): Promise<string | undefined>;
  /** Told of every live decision (sign-ins, sessions, tokens; not What If): operator metrics. */
  onCheck?(check: AccessCheck, facts: AccessFacts): void;
}

export const NOTHING_PROVED: ProvedFactors = { mfa: false, phishingResistant: false, passwordChanged: false };

/** What an `amr` list proves (RFC 8176 values: `mfa`; a passkey is `hwk` or `swk`). */
export function provedBy(amr: readonly string[], passwordChanged = false): ProvedFactors {
  return {
    mfa: amr.includes('mfa'),
    phishingResistant: amr.includes('hwk') || amr.includes('swk'),
    passwordChanged,
  };
}

const PLATFORMS: ReadonlyArray<[RegExp, Exclude<DevicePlatform, 'all'>]> = [
  [/^android/i, 'android'],
  [/^(ios|ipados)/i, 'iOS'],
  [/^windows/i, 'windows'],
  [/^(mac ?os|os x)/i, 'macOS'],
  [/^linux/i, 'linux'],
];

/** The Conditional Access platform of a sign-in log operating system ("iOS 17" → iOS). */
export function platformOf(
  operatingSystem: string | null | undefined,
): Exclude<DevicePlatform, 'all'> | undefined {
  if (!operatingSystem) return undefined;
  return PLATFORMS.find(([pattern]) => pattern.test(operatingSystem))?.[1];
}

/** The Conditional Access client app type of a sign-in log `clientAppUsed`. */
export const clientAppTypeOf = (
  clientAppUsed: string | null | undefined,
): SignInConditions['clientAppType'] =>
  clientAppUsed === 'Mobile Apps and Desktop clients' ? 'mobileAppsAndDesktopClients' : 'browser';

/**
 * Conditional Access as the rest of Gatehouse calls it: facts of a sign-in in, the decision
 * and the log's view out. Policies are compiled once per snapshot of the tenant's rules (the
 * service hands out a new snapshot on every change, on every node).
 */
export function createAccessEnforcer(deps: AccessEnforcerDeps) {
  const compiled = new WeakMap<TenantAccessRules, CompiledRules>();

  async function compiledRulesOf(tenantId: string): Promise<CompiledRules> {
    const rules = await deps.rulesOf(tenantId);
    let result = compiled.get(rules);
    if (!result) {
      result = compileRules(rules);
      compiled.set(rules, result);
    }
    return result;
  }

  async function conditionsOf(tenantId: string, facts: AccessFacts): Promise<SignInConditions> {
    const country =
      facts.country === undefined
        ? facts.ipAddress
          ? await deps.countryOf(facts.ipAddress)
          : undefined
        : (facts.country ?? undefined);
    return {
      userId: facts.userId,
      groupIds: facts.userId ? await deps.groupsOf(tenantId, facts.userId) : new Set(),
      appId: facts.appId,
      servicePrincipalAppId: facts.servicePrincipalAppId,
      servicePrincipalId:
        facts.servicePrincipalAppId && deps.servicePrincipalIdOf
          ? await deps.servicePrincipalIdOf(tenantId, facts.servicePrincipalAppId)
          : undefined,
      ipAddress: facts.ipAddress,
      country,
      clientAppType: clientAppTypeOf(facts.clientAppUsed),
      devicePlatform: platformOf(facts.operatingSystem),
      signInRiskLevel: facts.signInRiskLevel ?? 'none',
      userRiskLevel: facts.userRiskLevel ?? 'none',
    };
  }

  return {
    compiledRulesOf,
    conditionsOf,
    /** Whether any policy of the tenant is for workload identities (apps signing in as themselves). */
    async hasWorkloadPolicies(tenantId: string): Promise<boolean> {
      return (await compiledRulesOf(tenantId)).policies.some((policy) => policy.servicePrincipals !== null);
    },
    /** Whether an address is in one of the tenant's trusted named locations. */
    async isTrusted(tenantId: string, ipAddress: string): Promise<boolean> {
      return isTrustedAddress(await compiledRulesOf(tenantId), ipAddress);
    },
    /** Every policy against one sign-in, given what it has proved so far. */
    async check(tenantId: string, facts: AccessFacts, proved: ProvedFactors): Promise<AccessCheck> {
      const [rules, conditions] = await Promise.all([
        compiledRulesOf(tenantId),
        conditionsOf(tenantId, facts),
      ]);
      if (rules.usesRoles && facts.userId && deps.rolesOf)
        conditions.roleIds = await deps.rolesOf(tenantId, facts.userId);
      const evaluations = evaluatePolicies(rules, conditions);
      const decision = decide(evaluations, proved);
      const required = decide(evaluations, NOTHING_PROVED);
      const check = { evaluations, required, decision, ...appliedPolicies(evaluations, proved, decision) };
      deps.onCheck?.(check, facts);
      return check;
    },
  };
}

export type AccessEnforcer = ReturnType<typeof createAccessEnforcer>;
