import type { ExtensionRunner, RunInput } from './runner.js';

/**
 * Why a one-time code is sent (the callout's `authenticationContext.requestType`). Entra documents
 * only `signUp`; Gatehouse also names the email code sign-in, the password reset and the email
 * second factor.
 */
export type OtpRequestType = 'signUp' | 'signIn' | 'passwordReset' | 'mfa';

export interface OtpSendInput
  extends Pick<RunInput, 'tenantId' | 'appId' | 'recordUnder' | 'correlationId' | 'client'> {
  /** The address the code is for. */
  identifier: string;
  oneTimeCode: string;
  requestType: OtpRequestType;
}

/**
 * Who delivers a one-time code: the extension bound to the app (a custom email provider), or
 * Gatehouse's own email — when none is bound, or when the call failed and the extension (or its
 * listener) falls back to the built-in provider. A failed call without fallback sends nothing.
 */
export type OtpDelivery = 'extension' | 'gatehouse' | 'none';

/**
 * The email OTP send event: offers the code to the extension bound to the app. Its answer
 * (`continueWithDefaultBehavior`) means it delivered the code. The code travels only in the
 * callout's body: the runner logs and records no body.
 */
export async function sendOneTimeCode(run: ExtensionRunner, input: OtpSendInput): Promise<OtpDelivery> {
  const { identifier, oneTimeCode, requestType, ...context } = input;
  const result = await run('emailOtpSend', {
    ...context,
    requestType,
    eventData: { otpContext: { identifier, oneTimeCode } },
  });
  if (result.kind === 'notConfigured') return 'gatehouse';
  if (result.kind === 'action') return 'extension';
  return result.bound.fallbackOnError ? 'gatehouse' : 'none';
}
