/**
 * Impact analysis (which Entra lacks): a draft or report-only policy replayed, as if enabled,
 * against past sign-ins, counting the sign-ins and distinct users it would have blocked or
 * challenged, overall and per application.
 */
import { clientAppTypeOf, platformOf } from './enforcer.js';
import { compileRules, decide, evaluatePolicies } from './evaluate.js';
import type { ConditionalAccessPolicy, NamedLocation, RiskLevel, SignInConditions } from './model.js';

/** The fields of a sign-in log entry the analysis reads. */
export interface ImpactSignIn {
  userId: string | null;
  appId: string;
  appDisplayName: string;
  ipAddress: string;
  countryOrRegion: string | null;
  clientAppUsed: string;
  operatingSystem: string | null;
  riskLevelDuringSignIn: string;
  mfaProved: boolean;
}

export interface ImpactCounts {
  evaluated: number;
  /** The policy applied (blocked, challenged or already satisfied). */
  applied: number;
  blocked: number;
  /** The grant was not met by what the sign-in proved: the user would have been asked for more. */
  challenged: number;
}

export interface ApplicationImpact {
  appId: string;
  appDisplayName: string;
  signIns: ImpactCounts;
  users: ImpactCounts;
}

export interface ImpactReport {
  signIns: ImpactCounts;
  /** Distinct users: a user counts once in each column any of their sign-ins reached. */
  users: ImpactCounts;
  /** Sorted by display name. */
  applications: ApplicationImpact[];
}

export interface ImpactInput {
  policy: ConditionalAccessPolicy;
  namedLocations: readonly NamedLocation[];
  /** User sign-ins only count; entries without a user are skipped. */
  signIns: AsyncIterable<ImpactSignIn>;
  groupsOf(userId: string): Promise<ReadonlySet<string>>;
  /** The directory roles a user holds now (the log does not keep them); none when absent. */
  rolesOf?(userId: string): Promise<ReadonlySet<string>>;
}

export type ImpactOutcome = 'notApplied' | 'satisfied' | 'challenged' | 'blocked';

const RISK_LEVELS: ReadonlySet<string> = new Set<RiskLevel>(['low', 'medium', 'high', 'none']);
/** `hidden`, `unknownFutureValue` and anything else read as no risk. */
const riskOf = (level: string): RiskLevel => (RISK_LEVELS.has(level) ? (level as RiskLevel) : 'none');

const zero = (): ImpactCounts => ({ evaluated: 0, applied: 0, blocked: 0, challenged: 0 });

function count(counts: ImpactCounts, outcome: ImpactOutcome): void {
  counts.evaluated += 1;
  if (outcome === 'notApplied') return;
  counts.applied += 1;
  if (outcome === 'blocked') counts.blocked += 1;
  if (outcome === 'challenged') counts.challenged += 1;
}

/** Per user: the outcomes any of their sign-ins reached, counted once each at the end. */
type Reached = Set<ImpactOutcome>;

function countUsers(users: ReadonlyMap<string, Reached>): ImpactCounts {
  const counts = zero();
  for (const reached of users.values()) {
    counts.evaluated += 1;
    if (reached.has('satisfied') || reached.has('challenged') || reached.has('blocked')) counts.applied += 1;
    if (reached.has('blocked')) counts.blocked += 1;
    if (reached.has('challenged')) counts.challenged += 1;
  }
  return counts;
}

function note(users: Map<string, Reached>, userId: string, outcome: ImpactOutcome): void {
  let reached = users.get(userId);
  if (!reached) {
    reached = new Set();
    users.set(userId, reached);
  }
  reached.add(outcome);
}

export async function analyzeImpact(input: ImpactInput): Promise<ImpactReport> {
  const compiled = compileRules({
    policies: [{ ...input.policy, state: 'enabled' }],
    namedLocations: input.namedLocations,
  });
  const groups = new Map<string, Promise<ReadonlySet<string>>>();
  const groupsOf = (userId: string) => {
    let found = groups.get(userId);
    if (!found) {
      found = input.groupsOf(userId);
      groups.set(userId, found);
    }
    return found;
  };
  const roles = new Map<string, Promise<ReadonlySet<string>>>();
  const rolesOf = (userId: string) => {
    if (!compiled.usesRoles || !input.rolesOf) return undefined;
    let found = roles.get(userId);
    if (!found) {
      found = input.rolesOf(userId);
      roles.set(userId, found);
    }
    return found;
  };

  const signIns = zero();
  const users = new Map<string, Reached>();
  const apps = new Map<
    string,
    { appDisplayName: string; signIns: ImpactCounts; users: Map<string, Reached> }
  >();

  for await (const entry of input.signIns) {
    if (!entry.userId) continue;
    const conditions: SignInConditions = {
      userId: entry.userId,
      groupIds: await groupsOf(entry.userId),
      roleIds: await rolesOf(entry.userId),
      appId: entry.appId,
      ipAddress: entry.ipAddress || undefined,
      country: entry.countryOrRegion ? entry.countryOrRegion.toUpperCase() : undefined,
      clientAppType: clientAppTypeOf(entry.clientAppUsed),
      devicePlatform: platformOf(entry.operatingSystem),
      signInRiskLevel: riskOf(entry.riskLevelDuringSignIn),
      userRiskLevel: 'none',
    };
    const outcome = outcomeOf(evaluatePolicies(compiled, conditions), entry.mfaProved);

    count(signIns, outcome);
    note(users, entry.userId, outcome);
    let app = apps.get(entry.appId);
    if (!app) {
      app = { appDisplayName: entry.appDisplayName, signIns: zero(), users: new Map() };
      apps.set(entry.appId, app);
    }
    count(app.signIns, outcome);
    note(app.users, entry.userId, outcome);
  }

  const applications = [...apps.entries()]
    .map(([appId, app]) => ({
      appId,
      appDisplayName: app.appDisplayName,
      signIns: app.signIns,
      users: countUsers(app.users),
    }))
    .sort((a, b) =>
      a.appDisplayName === b.appDisplayName
        ? a.appId < b.appId
          ? -1
          : 1
        : a.appDisplayName < b.appDisplayName
          ? -1
          : 1,
    );
  return { signIns, users: countUsers(users), applications };
}

function outcomeOf(evaluations: ReturnType<typeof evaluatePolicies>, mfaProved: boolean): ImpactOutcome {
  if (!evaluations[0]?.matches) return 'notApplied';
  const decision = decide(evaluations, { mfa: mfaProved, phishingResistant: false, passwordChanged: false });
  if (decision.block) return 'blocked';
  return decision.requirements.length > 0 ? 'challenged' : 'satisfied';
}
