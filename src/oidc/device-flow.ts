import Provider, { type Configuration, errors, type KoaContextWithOIDC } from 'oidc-provider';
import type { DeviceCodeForm, DeviceCodeProblem, PageInput, ProviderPages } from './pages.js';

/** RFC 8628's default polling interval, said in every device authorization response. */
export const DEVICE_POLL_INTERVAL_SECONDS = 5;

/** The codes of verification_uri_complete links, taken off the URL to fill the code page in. */
const linkedCodes = new WeakMap<object, string>();

type DeviceFlowFeature = NonNullable<NonNullable<Configuration['features']>['deviceFlow']>;

export interface DeviceFlowPages {
  pages: Pick<ProviderPages, 'deviceCodeEntry' | 'deviceCodeConfirm' | 'deviceCodeDone'>;
  pageInput(ctx: KoaContextWithOIDC): PageInput;
  /** The database (or another dependency) cannot answer now: the page says to try again. */
  isUnavailable(error: unknown): boolean;
}

/**
 * oidc-provider's device flow (RFC 8628), its pages Gatehouse's hosted pages: the code page,
 * the confirmation of the app and code, and the end page. The forms are oidc-provider's own
 * (their `xsrf` token is its CSRF protection, kept in the browser session); the sign-in in
 * between is the ordinary interaction of the hosted sign-in pages and the sign-in pipeline.
 */
export function deviceFlowFeature({ pages, pageInput, isUnavailable }: DeviceFlowPages): DeviceFlowFeature {
  const formOf = (ctx: KoaContextWithOIDC): DeviceCodeForm => ({
    action: new URL(ctx.oidc.urlFor('code_verification')).pathname,
    xsrf: String((ctx.oidc.session?.state as { secret?: string } | undefined)?.secret ?? ''),
  });
  const appNameOf = (client: { clientId: string; clientName?: string } | undefined) =>
    client?.clientName || client?.clientId || '';
  return {
    enabled: true,
    // XXXX-XXXX of 20 unambiguous consonants: about 34 bits, typed easily on a phone.
    charset: 'base-20',
    mask: '****-****',
    async userCodeInputSource(ctx, _form, out, error) {
      const typed = (error as { userCode?: string } | undefined)?.userCode;
      ctx.type = 'html';
      ctx.body = await pages.deviceCodeEntry({
        ...pageInput(ctx),
        form: formOf(ctx),
        userCode: typed ?? linkedCodes.get(ctx),
        problem: error ? problemOf(out?.error, error, isUnavailable) : undefined,
      });
    },
    async userCodeConfirmSource(ctx, _form, client, _deviceInfo, userCode) {
      ctx.type = 'html';
      ctx.body = await pages.deviceCodeConfirm({
        ...pageInput(ctx),
        form: formOf(ctx),
        userCode,
        appName: appNameOf(client),
      });
    },
    async successSource(ctx) {
      ctx.type = 'html';
      ctx.body = await pages.deviceCodeDone({ ...pageInput(ctx), appName: appNameOf(ctx.oidc.client) });
    },
  };
}

/** Why oidc-provider shows the code page again, from the error it shows it for. */
function problemOf(
  code: string | undefined,
  error: Error,
  isUnavailable: (error: unknown) => boolean,
): DeviceCodeProblem {
  switch (error.name) {
    case 'NoCodeError':
      return 'missing';
    case 'NotFoundError':
      return 'notFound';
    case 'ExpiredError':
      return 'expired';
    case 'AlreadyUsedError':
      return 'used';
    case 'AbortedError': {
      // Cancelled on a page, or refused (the sign-in pages end the interaction so).
      const description = (error as { cause?: { error_description?: string } }).cause?.error_description;
      if (description === DEVICE_FLOW_REFUSALS.blocked) return 'blocked';
      if (description === DEVICE_FLOW_REFUSALS.notAssigned) return 'notAssigned';
      return 'cancelled';
    }
    default:
      return code === 'server_error' && isUnavailable(error) ? 'unavailable' : 'failed';
  }
}

/**
 * How a refused device flow ends: the device is told at its next poll (`access_denied` with
 * Entra's error), rather than polling until the code expires.
 */
export const DEVICE_FLOW_REFUSALS = {
  blocked: 'AADSTS53003: Access has been blocked by Conditional Access policies.',
  notAssigned: 'AADSTS50105: The signed in user is not assigned to a role for the application.',
} as const;

/**
 * Middleware around oidc-provider's device endpoints:
 * - a `verification_uri_complete` link (`/oauth2/device?user_code=…`) shows the code page with
 *   the code filled in, rather than oidc-provider's self-submitting form (a script, which the
 *   hosted pages' CSP forbids). The user still presses Next, then confirms the app and code;
 * - the device authorization response says the polling `interval` (RFC 8628 §3.2).
 */
export function deviceFlowRoutes(routes: { device_authorization: string; code_verification: string }) {
  return async (ctx: KoaContextWithOIDC, next: () => Promise<void>) => {
    if (ctx.method === 'GET' && ctx.path === routes.code_verification) {
      const linked = ctx.query.user_code;
      if (typeof linked === 'string' && linked) {
        linkedCodes.set(ctx, linked.slice(0, 32));
        ctx.querystring = '';
      }
    }
    await next();
    if (ctx.method === 'POST' && ctx.path === routes.device_authorization && ctx.status === 200) {
      const body = ctx.body as Record<string, unknown> | undefined;
      if (body && typeof body === 'object' && typeof body.device_code === 'string')
        body.interval ??= DEVICE_POLL_INTERVAL_SECONDS;
    }
  };
}

/**
 * `slow_down` (RFC 8628 §3.5), which oidc-provider does not send: a device polling a pending
 * code sooner than the interval is told to slow down. `allow` answers whether this poll of the
 * code (by a hash of it: the device code is a bearer secret) keeps to the interval, on every node.
 * An approved or refused code is answered at once, however fast the poll.
 */
export function slowDownFastPolls(provider: Provider, allow: (codeKey: string) => Promise<boolean>): void {
  const DeviceCode = provider.DeviceCode;
  type Code = InstanceType<typeof DeviceCode> | undefined;
  const find = DeviceCode.find.bind(DeviceCode) as (...args: unknown[]) => Promise<Code>;
  DeviceCode.find = (async (...args: unknown[]) => {
    const code = await find(...args);
    const ctx = Provider.ctx as KoaContextWithOIDC | undefined;
    if (code && ctx?.oidc?.route === 'token' && !code.accountId && !code.error && !code.isExpired) {
      if (!(await allow(code.jti))) throw new errors.SlowDown();
    }
    return code;
  }) as typeof DeviceCode.find;
}
