import { interactionPolicy, type KoaContextWithOIDC } from 'oidc-provider';

const { Check, base } = interactionPolicy;

/**
 * oidc-provider's interaction policy, plus one check: a browser session whose account has
 * since been disabled or deleted asks for a fresh sign-in (prompt=none gets login_required)
 * instead of carrying on without an account.
 */
export function interactionPolicyWithAccountCheck() {
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
  return policy;
}
