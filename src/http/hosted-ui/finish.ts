import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  acrOf,
  type FirstFactorCredentials,
  type InheritedRisk,
  type SignInAttempt,
  toSignInEntry,
} from '../../flows/index.js';
import { DEVICE_FLOW_REFUSALS, SIGN_IN_RESULT } from '../../oidc/index.js';
import { interactionKey, sendBlockPage } from './attribute-extensions.js';
import { deviceIdOf } from './cookies.js';
import type { HostedUiDeps } from './deps.js';
import { type InteractionPage, mounted, PageError, redirect, sendPage } from './page.js';
import { errorPage } from './templates.js';

/** How a page shows a refused attempt: it re-renders itself with the message. */
export type Rerender = (status: number, message: string) => unknown;

/**
 * Hands credentials to the sign-in pipeline and acts on its outcome: back to the app on
 * success, on to the password-change page when the user must change it, or the page again
 * with a message that reveals nothing about which part was wrong.
 */
export function createFinisher(deps: HostedUiDeps) {
  return async function finishSignIn(
    page: InteractionPage,
    request: FastifyRequest,
    reply: FastifyReply,
    credentials: FirstFactorCredentials,
    rerender: Rerender,
  ) {
    const attempt: SignInAttempt = {
      tenantId: page.tenant.id,
      app: { appId: page.appId, displayName: page.appName },
      facts: {
        remoteAddress: request.raw.socket.remoteAddress ?? '',
        forwardedFor: request.headers['x-forwarded-for'],
        userAgent: request.headers['user-agent'],
        correlationId: request.id,
        deviceId: deviceIdOf(request.headers.cookie),
        // The device flow: this browser signs in for an app on another device.
        ...(isDeviceFlow(page) && { transferMethod: 'deviceCodeFlow' as const }),
        locale: page.lang.toLowerCase(),
      },
      credentials,
      requestedAcr: requestedAcrOf(page),
      amr: [],
      authenticationDetails: [],
      riskLevel: 'none',
      authenticationRequirement: 'singleFactorAuthentication',
    };
    const outcome = await deps.signIn(attempt);
    const { t } = page;
    // The extension calls the pages made in this interaction belong to this sign-in's log entry.
    await deps.extensionCalls?.attach(page.tenant.id, interactionKey(page.uid), attempt.facts.correlationId);

    // The pages that continue this sign-in carry the risk it was judged with.
    const risk: InheritedRisk = attempt.inheritedRisk ?? {
      level: attempt.riskLevel,
      correlationId: attempt.facts.correlationId,
      eventTypes: (attempt.riskDetections ?? []).map((d) => d.riskEventType),
    };
    if (attempt.interruption === 'mfa' && attempt.user) {
      await deps.journeys.put(page.tenant.id, page.uid, {
        kind: 'mfa',
        userId: attempt.user.id,
        login: credentials.login,
        amr: attempt.amr,
        risk,
        ...(attempt.requirements?.includes('phishingResistantMfa') && { passkeyOnly: true }),
        ...(attempt.pendingLink && { link: attempt.pendingLink }),
        logEntry: toSignInEntry(attempt),
      });
      return redirect(reply, `${page.base}/mfa`);
    }
    if (attempt.interruption === 'passwordChange' && attempt.user) {
      await deps.journeys.put(page.tenant.id, page.uid, {
        kind: 'passwordChange',
        userId: attempt.user.id,
        login: credentials.login,
        amr: attempt.amr,
        risk,
        ...(attempt.pendingLink && { link: attempt.pendingLink }),
      });
      return redirect(reply, `${page.base}/change`);
    }
    if (!outcome.ok) {
      switch (attempt.failure) {
        case 'throttled':
          reply.header('retry-after', String(Math.ceil((attempt.retryAfterMs ?? 60_000) / 1000)));
          return rerender(429, t('signIn.throttled'));
        case 'blocked':
          if (isDeviceFlow(page)) return refuseDevice(page, request, reply, 'blocked');
          throw new PageError(403, 'error.blocked');
        case 'notAssigned':
          if (isDeviceFlow(page)) return refuseDevice(page, request, reply, 'notAssigned');
          throw new PageError(403, 'error.notAssigned');
        case 'federatedAccountExists':
          // The provider's verified email is an existing account's: the user proves that account to link them.
          if (credentials.method !== 'federated' || !credentials.identity.email)
            return rerender(409, t('federation.accountExists'));
          await deps.journeys.put(page.tenant.id, page.uid, {
            kind: 'federatedLink',
            email: credentials.identity.email,
            providerId: credentials.providerId,
            providerName: credentials.providerName,
            identity: credentials.identity,
          });
          return redirect(reply, `${page.base}/federation/link`);
        case 'accountNotFound':
          return rerender(403, t('federation.noAccount'));
        case 'applicationNotFound':
        case 'methodNotAllowed':
          throw new PageError(400, 'error.generic');
        case 'invalidPasskey':
          return rerender(401, t('passkey.refused'));
        case 'extensionBlocked':
          // A password submit extension's Block: its own title and message (escaped by the page).
          return sendBlockPage(reply, page, {
            title: attempt.blockPage?.title ?? t('extension.blockedTitle'),
            message: attempt.blockPage?.message ?? t('extension.signInBlocked'),
          });
        case 'extensionFailed':
          // Not "wrong password": the legacy system could not be asked (the sign-in log says why).
          return sendPage(
            reply,
            errorPage(page.frame, { message: t('extension.passwordUnavailable'), correlationId: request.id }),
            503,
          );
        case 'invalidCode':
          return rerender(
            401,
            attempt.codeAttemptsLeft
              ? t('code.wrong', { remaining: String(attempt.codeAttemptsLeft) })
              : t('code.expired'),
          );
        default:
          // A wrong email, a wrong password and a disabled account read the same.
          return rerender(401, t('signIn.invalidCredentials'));
      }
    }
    await deps.journeys.end(page.tenant.id, page.uid);
    const returnTo = await page.provider.interactionResult(mounted(request, page.tenant.id), reply.raw, {
      login: {
        accountId: attempt.user?.id as string,
        amr: attempt.amr,
        acr: acrOf(attempt.amr),
        // A policy's persistent browser session control: `never` keeps the cookie to this browser session.
        remember: attempt.access?.decision.persistentBrowser !== 'never',
      },
      // Which sign-in the code comes from: the token issuance extension's call is logged with it.
      [SIGN_IN_RESULT]: { correlationId: attempt.facts.correlationId },
    });
    return redirect(reply, returnTo);
  };
}

export type FinishSignIn = ReturnType<typeof createFinisher>;

/** The interaction was started by the device flow (RFC 8628): it ends on the device, not at a redirect URI. */
export const isDeviceFlow = (page: InteractionPage): boolean =>
  typeof (page.details as { deviceCode?: unknown }).deviceCode === 'string';

/**
 * A refused device flow (a Conditional Access block, an app the user is not assigned to) is
 * ended, not left waiting: the device is told `access_denied` with Entra's error at its next
 * poll, and this browser sees the code page saying why.
 */
export async function refuseDevice(
  page: InteractionPage,
  request: FastifyRequest,
  reply: FastifyReply,
  why: keyof typeof DEVICE_FLOW_REFUSALS,
) {
  const returnTo = await page.provider.interactionResult(mounted(request, page.tenant.id), reply.raw, {
    error: 'access_denied',
    error_description: DEVICE_FLOW_REFUSALS[why],
  });
  return redirect(reply, returnTo);
}

/** The `acr_values` of the authorization request, as a list. */
function requestedAcrOf(page: InteractionPage): string[] | undefined {
  const values = page.details.params.acr_values;
  return typeof values === 'string' ? values.split(' ').filter(Boolean).slice(0, 10) : undefined;
}
