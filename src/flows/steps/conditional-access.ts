import { type AccessEnforcer, provedBy, type Requirement } from '../../access/index.js';
import { ACR, next, type SignInAttempt, type SignInStep } from '../model.js';

/**
 * Step 6: Conditional Access, right after the first factor whatever it was. Every enabled
 * policy that applies to this user, app, place and device counts: one that blocks ends the
 * attempt; otherwise what their grants still ask for becomes the attempt's requirements,
 * which step 7 makes the user meet. The app itself may ask for a second factor too (its
 * "require MFA" setting, or `acr_values` naming the multi-factor class).
 */
export function conditionalAccess(access: AccessEnforcer): SignInStep {
  return {
    name: 'conditional-access',
    async run(attempt) {
      const signals = attempt.signals;
      const proved = provedBy(attempt.amr, attempt.passwordChanged !== undefined);
      const check = await access.check(
        attempt.tenantId,
        {
          userId: attempt.user?.id,
          appId: attempt.app.appId,
          ipAddress: signals?.ipAddress,
          country: signals?.location?.countryOrRegion ?? null,
          operatingSystem: signals?.device.operatingSystem,
          clientAppUsed: signals?.device.clientAppUsed,
          signInRiskLevel: attempt.riskLevel,
          userRiskLevel: attempt.userRiskLevel,
        },
        proved,
      );
      attempt.access = check;
      if (check.decision.block) return { fail: 'blocked' };

      const requirements: Requirement[] = [...check.decision.requirements];
      const appWantsMfa = appAsksForMfa(attempt);
      if (appWantsMfa && !proved.mfa && !requirements.some(isSecondFactor)) requirements.unshift('mfa');
      attempt.requirements = requirements;
      attempt.authenticationRequirement =
        appWantsMfa || check.required.requirements.some(isSecondFactor)
          ? 'multiFactorAuthentication'
          : 'singleFactorAuthentication';
      return next();
    },
  };
}

const isSecondFactor = (requirement: Requirement) =>
  requirement === 'mfa' || requirement === 'phishingResistantMfa';

const appAsksForMfa = (attempt: SignInAttempt): boolean =>
  attempt.app.requireMfa === true || attempt.requestedAcr?.includes(ACR.multiFactor) === true;
