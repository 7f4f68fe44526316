import {
  type AccessEnforcer,
  type AppliedConditionalAccessPolicy,
  type ConditionalAccessStatus,
  provedBy,
} from '../access/index.js';
import type { Clock } from '../platform/index.js';
import {
  clientIp,
  type GeoLocation,
  type GeoLocator,
  parseUserAgent,
  type RiskLevel,
  type TrustedProxies,
  type UserAgentDetails,
} from '../protection/index.js';
import { ACR, DEVICE_CLIENT_APP, type TransferMethod } from './model.js';
import type { MayUserReach } from './steps/app-assignment.js';

/**
 * What Conditional Access says of an existing browser session asked to serve an app: carry
 * on, step up to a second factor, sign in afresh (sign-in frequency), or stop (blocked by a
 * policy, or the app requires assignment and the user holds none).
 */
export type SessionVerdict = 'ok' | 'mfa' | 'reauthenticate' | 'blocked' | 'notAssigned';

/** The verdict on a reused session, with what the sign-in log keeps of that single sign-on. */
export interface SessionJudgement {
  verdict: SessionVerdict;
  applied: AppliedConditionalAccessPolicy[];
  status: ConditionalAccessStatus;
  ipAddress: string;
  location?: GeoLocation;
  device: UserAgentDetails;
  /** The session served an app on another device (the device flow). */
  transferMethod?: TransferMethod;
}

/** The facts of an authorization request served from a session, as the verdict needs them. */
export interface SessionRequest {
  accountId: string;
  clientId: string;
  remoteAddress: string;
  forwardedFor?: string;
  userAgent?: string;
  /** The methods the session proved, and when (seconds since the epoch). */
  amr: string[];
  authTime?: number;
  acrValues: string[];
  /** The app's own "require MFA" setting. */
  appRequiresMfa?: boolean;
  /** The device flow: the session signs in for an app on a device (a desktop or device client). */
  transferMethod?: TransferMethod;
}

/** A token request Conditional Access looks at: a refresh, or an app signing in as itself. */
export interface TokenRequest {
  grantType: 'refresh_token' | 'client_credentials';
  /** The user of a refresh token. */
  accountId?: string;
  /** What the sign-in behind a refresh token proved (its `amr`). */
  amr?: string[];
  clientId: string;
  remoteAddress: string;
  forwardedFor?: string;
  userAgent?: string;
}

/** Conditional Access's answer to a token request, and what the sign-in log keeps of it. */
export interface TokenAccess {
  blocked: boolean;
  /** Refused because the app requires assignment and the user holds none (no policy applied). */
  notAssigned?: boolean;
  /** Refused because a policy asks for more than the refresh token's sign-in proved: sign in again. */
  interactionRequired?: boolean;
  applied: AppliedConditionalAccessPolicy[];
  status: 'success' | 'failure' | 'notApplied';
  /** Where the request came from, when known. */
  location?: GeoLocation;
}

export interface ProtocolAccessDeps {
  access: AccessEnforcer;
  geo: GeoLocator;
  trustedProxies: TrustedProxies;
  clock: Clock;
  /** The user's standing risk (Identity Protection), for policies on user risk. */
  userRisk(tenantId: string, userId: string): Promise<{ riskLevel: RiskLevel }>;
  /** False when the app requires assignment and the user holds none (as the sign-in step). */
  mayUserReach: MayUserReach;
}

/**
 * Conditional Access where the protocol serves a user without the sign-in pipeline: a browser
 * session reused for another app (single sign-on), and tokens refreshed or requested by an
 * app for itself. The same policies decide, from the same signals.
 */
export function createProtocolAccess(deps: ProtocolAccessDeps) {
  async function signalsOf(request: { remoteAddress: string; forwardedFor?: string; userAgent?: string }) {
    const ipAddress = clientIp(request, deps.trustedProxies);
    const location = await deps.geo.lookup(ipAddress);
    return { ipAddress, location, device: parseUserAgent(request.userAgent) };
  }

  return {
    /** A session about to serve an app: carry on, step up, sign in afresh, or stop. */
    async session(tenantId: string, request: SessionRequest): Promise<SessionJudgement> {
      const { ipAddress, location, device } = await signalsOf(request);
      if (request.transferMethod === 'deviceCodeFlow') device.clientAppUsed = DEVICE_CLIENT_APP;
      if (!(await deps.mayUserReach(tenantId, request.accountId, request.clientId)))
        return { verdict: 'notAssigned', applied: [], status: 'notApplied', ipAddress, location, device };
      const proved = provedBy(request.amr);
      const check = await deps.access.check(
        tenantId,
        {
          userId: request.accountId,
          appId: request.clientId,
          ipAddress,
          country: location?.countryOrRegion ?? null,
          operatingSystem: device.operatingSystem,
          clientAppUsed: device.clientAppUsed,
          userRiskLevel: (await deps.userRisk(tenantId, request.accountId)).riskLevel,
        },
        proved,
      );
      const { decision } = check;
      const judged = (verdict: SessionVerdict): SessionJudgement => ({
        verdict,
        applied: check.applied,
        status: check.status,
        ipAddress,
        location,
        device,
        ...(request.transferMethod && { transferMethod: request.transferMethod }),
      });
      if (decision.block) return judged('blocked');
      const frequency = decision.signInFrequencySeconds;
      const age = deps.clock.now().getTime() / 1000 - (request.authTime ?? 0);
      if (frequency !== undefined && (frequency === 0 || age > frequency)) return judged('reauthenticate');
      if (decision.requirements.includes('passwordChange')) return judged('reauthenticate');
      if (decision.requirements.length > 0) return judged('mfa');
      const appWantsMfa = request.appRequiresMfa === true || request.acrValues.includes(ACR.multiFactor);
      return judged(appWantsMfa && !proved.mfa ? 'mfa' : 'ok');
    },

    /** A refresh (the user's policies) or client-credentials request (workload identity policies). */
    async token(tenantId: string, request: TokenRequest): Promise<TokenAccess> {
      const workload = request.grantType === 'client_credentials';
      if (
        !workload &&
        request.accountId &&
        !(await deps.mayUserReach(tenantId, request.accountId, request.clientId))
      )
        return { blocked: true, notAssigned: true, applied: [], status: 'notApplied' };
      // Most tenants have no policy for apps: an app's token then costs nothing more.
      if (workload && !(await deps.access.hasWorkloadPolicies(tenantId))) {
        const location = await deps.geo.lookup(clientIp(request, deps.trustedProxies));
        return { blocked: false, applied: [], status: 'notApplied', location };
      }
      const { ipAddress, location, device } = await signalsOf(request);
      const check = await deps.access.check(
        tenantId,
        {
          ...(workload || !request.accountId
            ? { servicePrincipalAppId: request.clientId }
            : {
                userId: request.accountId,
                userRiskLevel: (await deps.userRisk(tenantId, request.accountId)).riskLevel,
              }),
          appId: request.clientId,
          ipAddress,
          country: location?.countryOrRegion ?? null,
          operatingSystem: device.operatingSystem,
          clientAppUsed: device.clientAppUsed,
        },
        // An app proves nothing but itself; a refresh, what its sign-in proved. A refresh cannot
        // prompt: a policy asking for more than that (MFA made required since) refuses it.
        workload
          ? { mfa: true, phishingResistant: true, passwordChanged: true }
          : provedBy(request.amr ?? []),
      );
      const unmet = !workload && check.decision.requirements.length > 0;
      return {
        blocked: check.decision.block || unmet,
        ...(unmet && !check.decision.block && { interactionRequired: true }),
        applied: check.applied,
        status: check.status,
        location,
      };
    },
  };
}

export type ProtocolAccess = ReturnType<typeof createProtocolAccess>;
