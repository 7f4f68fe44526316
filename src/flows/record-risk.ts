import type { Clock } from '../platform/index.js';
import {
  type DetectionDraft,
  emptyProfile,
  learn,
  type RiskDetail,
  type RiskLocation,
  type SignInProfile,
  type SprayTracker,
} from '../protection/index.js';
import { passwordOf, type SignInAttempt } from './model.js';
import type { AfterSignIn } from './pipeline.js';
import { riskSignalsOf } from './steps/identity-protection.js';

export interface RiskRecordingDeps {
  clock: Clock;
  spray: SprayTracker;
  recordDetections(
    tenantId: string,
    user: { id: string; userPrincipalName: string | null; displayName: string | null } | null,
    drafts: DetectionDraft[],
    context: {
      correlationId: string | null;
      ipAddress: string | null;
      location: RiskLocation | null;
      activityAt: Date;
    },
  ): Promise<unknown>;
  profileOf(tenantId: string, userId: string): Promise<SignInProfile | undefined>;
  saveProfile(tenantId: string, userId: string, profile: SignInProfile): Promise<void>;
  remediateUser(
    tenantId: string,
    userId: string,
    detail: 'userPerformedSecuredPasswordChange' | 'userPerformedSecuredPasswordReset',
    initiatedBy: string,
  ): Promise<unknown>;
  remediateSignIn(
    tenantId: string,
    correlationId: string,
    detail: 'userPassedMFADrivenByRiskBasedPolicy',
  ): Promise<unknown>;
}

/** Whether an enforced policy that applied asked for MFA because of the sign-in risk. */
function mfaDrivenByRisk(attempt: SignInAttempt): boolean {
  return (attempt.access?.evaluations ?? []).some(({ policy, matches }) => {
    const grant = policy.grantControls;
    return (
      matches &&
      policy.state === 'enabled' &&
      policy.conditions.signInRiskLevels.length > 0 &&
      (grant?.builtInControls.includes('mfa') === true || grant?.authenticationStrength != null)
    );
  });
}

function riskLocationOf(attempt: SignInAttempt): RiskLocation | null {
  const location = attempt.signals?.location;
  if (!location) return null;
  const { city, state, countryOrRegion, latitude, longitude } = location;
  return {
    city,
    state,
    countryOrRegion,
    geoCoordinates: latitude === null || longitude === null ? null : { latitude, longitude },
  };
}

/**
 * After every attempt: what Identity Protection keeps of it. A wrong password counts toward
 * the password-spray pattern of its address; detections are stored (and the user's risk moves);
 * a successful sign-in joins the user's profile; a password changed or reset in the sign-in
 * remediates the user's risk, and MFA passed because of the sign-in risk remediates that risk.
 */
export function recordRisk(deps: RiskRecordingDeps): AfterSignIn {
  return async (attempt) => {
    const { tenantId, user } = attempt;
    const ipAddress = attempt.signals?.ipAddress ?? attempt.facts.remoteAddress;
    if (attempt.failure === 'invalidCredentials' && passwordOf(attempt.credentials) !== undefined)
      await deps.spray.recordFailure(tenantId, ipAddress, attempt.credentials.login);
    if (!user) return;

    const now = deps.clock.now();
    const detections = attempt.riskDetections ?? [];
    if (detections.length > 0) {
      await deps.recordDetections(
        tenantId,
        { id: user.id, userPrincipalName: user.mail, displayName: user.displayName || null },
        detections,
        {
          correlationId: attempt.facts.correlationId,
          ipAddress,
          location: riskLocationOf(attempt),
          activityAt: now,
        },
      );
    }
    if (attempt.riskLevel !== 'none') attempt.riskState = 'atRisk';
    if (attempt.failure || attempt.interruption) return;

    // A continuation (MFA, password change) did not read it in step 5.
    const profile = attempt.riskProfile ?? (await deps.profileOf(tenantId, user.id)) ?? emptyProfile();
    await deps.saveProfile(tenantId, user.id, learn(profile, riskSignalsOf(attempt, now)));

    if (attempt.passwordChanged) {
      const detail: RiskDetail =
        attempt.passwordChanged === 'reset'
          ? 'userPerformedSecuredPasswordReset'
          : 'userPerformedSecuredPasswordChange';
      await deps.remediateUser(tenantId, user.id, detail, 'system');
    }
    const inherited = attempt.inheritedRisk;
    if (inherited && inherited.level !== 'none' && attempt.amr.includes('mfa') && mfaDrivenByRisk(attempt)) {
      await deps.remediateSignIn(tenantId, inherited.correlationId, 'userPassedMFADrivenByRiskBasedPolicy');
      attempt.riskState = 'remediated';
      attempt.riskDetail = 'userPassedMFADrivenByRiskBasedPolicy';
    }
  };
}
