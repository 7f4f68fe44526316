import { interactionPolicy, type KoaContextWithOIDC } from 'oidc-provider';
import type { SessionJudgement, SessionRequest, SessionVerdict } from '../flows/index.js';

const { Check, base } = interactionPolicy;

export type SessionAccess = (request: SessionRequest) => Promise<SessionJudgement>;

/**
 * oidc-provider's interaction policy, plus checks on the browser session before it serves an
 * app without asking: its account must still be able to sign in (else a fresh sign-in;
 * prompt=none gets login_required), and Conditional Access must agree for this app, from
 * here, now — a block stops it (access_denied), a missing second factor steps up through the
 * sign-in pipeline (interaction_required), and a sign-in frequency that has run out asks for
 * a fresh sign-in (login_required).
 */
export function interactionPolicyWithAccountCheck(
  sessionAccess: SessionAccess,
  /** Told once per request when the session is refused this app (for the sign-in log). */
  onBlocked: (ctx: KoaContextWithOIDC, judgement: SessionJudgement) => void = () => undefined,
) {
  const policy = base();
  const login = policy.get('login');
  if (!login) throw new Error('oidc-provider has no login prompt');
  const verdicts = new WeakMap<KoaContextWithOIDC, Promise<SessionJudgement>>();
  const verdictOf = (ctx: KoaContextWithOIDC): Promise<SessionJudgement> => {
    let verdict = verdicts.get(ctx);
    if (!verdict) {
      const session = ctx.oidc.session;
      verdict = sessionAccess({
        accountId: session?.accountId ?? '',
        clientId: ctx.oidc.client?.clientId ?? '',
        remoteAddress: ctx.req.socket.remoteAddress ?? '',
        forwardedFor: ctx.get('x-forwarded-for') || undefined,
        userAgent: ctx.get('user-agent') || undefined,
        amr: session?.amr ?? [],
        authTime: session?.authTime?.(),
        acrValues: String(ctx.oidc.params?.acr_values ?? '')
          .split(' ')
          .filter(Boolean),
        // The device flow's verification: the session signs in for an app on a device.
        ...(DEVICE_ROUTES.has(ctx.oidc.route) && { transferMethod: 'deviceCodeFlow' as const }),
      });
      verdicts.set(ctx, verdict);
    }
    return verdict;
  };
  // Only a session that is being reused is judged: right after a sign-in the pipeline has.
  const reused = (ctx: KoaContextWithOIDC) => reusedSession(ctx);
  const told = new WeakSet<KoaContextWithOIDC>();
  const sessionCheck = (name: string, description: string, error: string, when: SessionVerdict) =>
    new Check(name, description, error, async (ctx: KoaContextWithOIDC) => {
      if (!reused(ctx) || !ctx.oidc.account) return Check.NO_NEED_TO_PROMPT;
      const judgement = await verdictOf(ctx);
      if (judgement.verdict !== when) return Check.NO_NEED_TO_PROMPT;
      if ((when === 'blocked' || when === 'notAssigned') && !told.has(ctx)) {
        told.add(ctx);
        onBlocked(ctx, judgement);
      }
      return Check.REQUEST_PROMPT;
    });

  login.checks.add(
    new Check(
      'account_unavailable',
      'the account of this session can no longer sign in',
      'login_required',
      (ctx: KoaContextWithOIDC) =>
        ctx.oidc.session?.accountId && !ctx.oidc.account ? Check.REQUEST_PROMPT : Check.NO_NEED_TO_PROMPT,
    ),
    0,
  );
  login.checks.add(
    sessionCheck(
      'app_not_assigned',
      'the application requires assignment and the user holds none',
      'access_denied',
      'notAssigned',
    ),
  );
  login.checks.add(
    sessionCheck(
      'conditional_access_blocked',
      'a Conditional Access policy blocks this sign-in',
      'access_denied',
      'blocked',
    ),
  );
  login.checks.add(
    sessionCheck(
      'sign_in_frequency',
      'a Conditional Access policy asks for a fresh sign-in',
      'login_required',
      'reauthenticate',
    ),
  );
  login.checks.add(
    sessionCheck(
      'mfa_required',
      'the application needs a second factor this session has not proved',
      'interaction_required',
      'mfa',
    ),
  );
  return {
    policy,
    /** The judgement of this request's reused session, if the policy made one. */
    judgementOf: (ctx: KoaContextWithOIDC): Promise<SessionJudgement> | undefined => verdicts.get(ctx),
  };
}

/** oidc-provider's routes of the device flow's browser side (the code pages and their resume). */
const DEVICE_ROUTES: ReadonlySet<string> = new Set(['code_verification', 'device_resume']);

/** The request is served by an existing browser session (single sign-on), not a sign-in just made. */
export const reusedSession = (ctx: KoaContextWithOIDC): boolean =>
  Boolean(ctx.oidc.session?.accountId && !ctx.oidc.result?.login);
