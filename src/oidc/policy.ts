import { interactionPolicy, type KoaContextWithOIDC } from 'oidc-provider';
import { ACR } from '../flows/index.js';

const { Check, base } = interactionPolicy;

/**
 * oidc-provider's interaction policy, plus two checks: a browser session whose account has
 * since been disabled or deleted asks for a fresh sign-in (prompt=none gets login_required)
 * instead of carrying on without an account; and a session that proved one factor does not
 * serve an app that needs two (its "require MFA" setting, or `acr_values` naming the
 * multi-factor class): the user steps up through the sign-in pipeline (prompt=none gets
 * interaction_required).
 */
export function interactionPolicyWithAccountCheck(requiresMfa: (clientId: string) => Promise<boolean>) {
  const policy = base();
  const login = policy.get('login');
  if (!login) throw new Error('oidc-provider has no login prompt');
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
    new Check(
      'mfa_required',
      'the application needs a second factor this session has not proved',
      'interaction_required',
      async (ctx: KoaContextWithOIDC) => {
        const session = ctx.oidc.session;
        if (!session?.accountId || session.acr === ACR.multiFactor) return Check.NO_NEED_TO_PROMPT;
        const asked = String(ctx.oidc.params?.acr_values ?? '')
          .split(' ')
          .includes(ACR.multiFactor);
        const needed = asked || (await requiresMfa(ctx.oidc.client?.clientId ?? ''));
        return needed ? Check.REQUEST_PROMPT : Check.NO_NEED_TO_PROMPT;
      },
    ),
  );
  return policy;
}
