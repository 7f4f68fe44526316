import type { SignIn } from '../insights/index.js';
import { AppError, isAppError } from '../platform/index.js';
import type { AccessEnforcer } from './enforcer.js';
import { analyzeImpact, type ImpactReport, type ImpactSignIn } from './impact.js';
import type { ConditionalAccessPolicy, TenantAccessRules } from './model.js';
import { accessErrors, type ImpactRequest, type WhatIfRequest } from './schemas.js';
import type { AccessDirectory } from './service.js';
import { type WhatIfResult, whatIf } from './what-if.js';

export interface AccessAnalysisDeps {
  enforcer: AccessEnforcer;
  /** What If names a user and an app: both must exist, or the answer would be about nobody. */
  directory: Pick<AccessDirectory, 'userExists' | 'applicationExists'>;
  rulesOf(tenantId: string): Promise<TenantAccessRules>;
  groupsOf(tenantId: string, userId: string): Promise<ReadonlySet<string>>;
  /** The directory roles (template ids) a user holds, for policies naming roles. */
  rolesOf?(tenantId: string, userId: string): Promise<ReadonlySet<string>>;
  countryOf(ipAddress: string): Promise<string | undefined>;
  /** A stored policy, or a draft validated like a new one (id `draft`). */
  policyOf(tenantId: string, request: ImpactRequest): Promise<ConditionalAccessPolicy>;
  /** The tenant's sign-ins since a date, newest first. */
  signInsSince(tenantId: string, from: Date): AsyncIterable<SignIn>;
  now(): Date;
}

const DAY_MS = 24 * 60 * 60_000;

/**
 * The admin's questions about policies: What If (which policies would apply to this sign-in,
 * and what would they ask) and impact (what would this policy have done to the last N days).
 */
export function createAccessAnalysis(deps: AccessAnalysisDeps) {
  /** The policy to replay; a draft's errors name their field inside `policy`, as the request has it. */
  async function draftOrStored(tenantId: string, request: ImpactRequest): Promise<ConditionalAccessPolicy> {
    try {
      return await deps.policyOf(tenantId, request);
    } catch (error) {
      if ('policy' in request && isAppError(error) && error.target)
        throw new AppError(error.code, error.kind, error.message, `policy.${error.target}`, error.details);
      throw error;
    }
  }

  return {
    async whatIf(tenantId: string, request: WhatIfRequest): Promise<WhatIfResult> {
      const identity = request.signInIdentity;
      const conditions = request.signInConditions ?? {};
      const userId = 'userId' in identity ? identity.userId : undefined;
      const appId = request.signInContext.includeApplications[0] as string;
      const principalId = 'servicePrincipalId' in identity ? identity.servicePrincipalId : undefined;
      if (userId && !(await deps.directory.userExists(tenantId, userId)))
        throw accessErrors.unknownReference(`User '${userId}' does not exist.`, 'signInIdentity.userId');
      if (principalId && !(await deps.directory.applicationExists(tenantId, principalId)))
        throw accessErrors.unknownReference(
          `Application '${principalId}' does not exist.`,
          'signInIdentity.servicePrincipalId',
        );
      if (!(await deps.directory.applicationExists(tenantId, appId)))
        throw accessErrors.unknownReference(
          `Application '${appId}' does not exist.`,
          'signInContext.includeApplications.0',
        );
      const country =
        conditions.country ?? (conditions.ipAddress ? await deps.countryOf(conditions.ipAddress) : undefined);
      return whatIf(await deps.enforcer.compiledRulesOf(tenantId), {
        userId,
        servicePrincipalAppId: principalId,
        groupIds: userId ? await deps.groupsOf(tenantId, userId) : new Set(),
        roleIds: userId && deps.rolesOf ? await deps.rolesOf(tenantId, userId) : undefined,
        appId,
        ipAddress: conditions.ipAddress,
        country: country?.toUpperCase(),
        clientAppType: conditions.clientAppType ?? 'browser',
        devicePlatform: conditions.devicePlatform,
        signInRiskLevel: conditions.signInRiskLevel ?? 'none',
        userRiskLevel: conditions.userRiskLevel ?? 'none',
      });
    },

    async impact(tenantId: string, request: ImpactRequest): Promise<ImpactReport & { days: number }> {
      const days = request.days ?? 30;
      const [policy, rules] = await Promise.all([draftOrStored(tenantId, request), deps.rulesOf(tenantId)]);
      const from = new Date(deps.now().getTime() - days * DAY_MS);
      const { rolesOf } = deps;
      const report = await analyzeImpact({
        policy,
        namedLocations: rules.namedLocations,
        signIns: interactiveSignIns(deps.signInsSince(tenantId, from)),
        groupsOf: (userId) => deps.groupsOf(tenantId, userId),
        rolesOf: rolesOf && ((userId) => rolesOf(tenantId, userId)),
      });
      return { days, ...report };
    },
  };
}

/**
 * The sign-ins a policy would have seen, once each: those that succeeded and those Conditional
 * Access blocked (53003). A wrong password never reached it; an attempt interrupted for MFA or
 * a password change (50074, 50125) is logged again when the user completes it.
 */
const REACHED_CONDITIONAL_ACCESS = new Set([0, 53003]);

/** The user sign-ins of the log that reached Conditional Access, as impact analysis reads them. */
async function* interactiveSignIns(entries: AsyncIterable<SignIn>): AsyncGenerator<ImpactSignIn> {
  for await (const entry of entries) {
    if (!entry.userId || !REACHED_CONDITIONAL_ACCESS.has(entry.status.errorCode)) continue;
    yield {
      userId: entry.userId,
      appId: entry.appId,
      appDisplayName: entry.appDisplayName,
      ipAddress: entry.ipAddress,
      countryOrRegion: entry.location?.countryOrRegion ?? null,
      clientAppUsed: entry.clientAppUsed,
      operatingSystem: entry.deviceDetail?.operatingSystem ?? null,
      riskLevelDuringSignIn: entry.riskLevelDuringSignIn,
      mfaProved:
        entry.status.errorCode === 0 && entry.authenticationRequirement === 'multiFactorAuthentication',
    };
  }
}

export type AccessAnalysis = ReturnType<typeof createAccessAnalysis>;
