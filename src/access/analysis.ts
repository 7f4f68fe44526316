import type { SignIn } from '../insights/index.js';
import type { AccessEnforcer } from './enforcer.js';
import { analyzeImpact, type ImpactReport, type ImpactSignIn } from './impact.js';
import type { ConditionalAccessPolicy, TenantAccessRules } from './model.js';
import type { ImpactRequest, WhatIfRequest } from './schemas.js';
import { type WhatIfResult, whatIf } from './what-if.js';

export interface AccessAnalysisDeps {
  enforcer: AccessEnforcer;
  rulesOf(tenantId: string): Promise<TenantAccessRules>;
  groupsOf(tenantId: string, userId: string): Promise<ReadonlySet<string>>;
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
  return {
    async whatIf(tenantId: string, request: WhatIfRequest): Promise<WhatIfResult> {
      const identity = request.signInIdentity;
      const conditions = request.signInConditions ?? {};
      const userId = 'userId' in identity ? identity.userId : undefined;
      const appId = request.signInContext.includeApplications[0] as string;
      const country =
        conditions.country ?? (conditions.ipAddress ? await deps.countryOf(conditions.ipAddress) : undefined);
      return whatIf(await deps.enforcer.compiledRulesOf(tenantId), {
        userId,
        servicePrincipalAppId: 'servicePrincipalId' in identity ? identity.servicePrincipalId : undefined,
        groupIds: userId ? await deps.groupsOf(tenantId, userId) : new Set(),
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
      const [policy, rules] = await Promise.all([deps.policyOf(tenantId, request), deps.rulesOf(tenantId)]);
      const from = new Date(deps.now().getTime() - days * DAY_MS);
      const report = await analyzeImpact({
        policy,
        namedLocations: rules.namedLocations,
        signIns: interactiveSignIns(deps.signInsSince(tenantId, from)),
        groupsOf: (userId) => deps.groupsOf(tenantId, userId),
      });
      return { days, ...report };
    },
  };
}

/** The user sign-ins of the log, as impact analysis reads them. */
async function* interactiveSignIns(entries: AsyncIterable<SignIn>): AsyncGenerator<ImpactSignIn> {
  for await (const entry of entries) {
    if (!entry.userId) continue;
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
      succeeded: entry.status.errorCode === 0,
    };
  }
}

export type AccessAnalysis = ReturnType<typeof createAccessAnalysis>;
