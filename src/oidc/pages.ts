/** The browser-facing pages oidc-provider renders itself, supplied by the hosted UI. */
export interface ProviderPages {
  /** An error page; `unavailable`: the service cannot answer now (the database is down or slow), try again. */
  error(input: PageInput & { error: string; description?: string; unavailable?: boolean }): string;
  logout(input: PageInput & { form: string }): string;
  /** Signed out; with `frontChannel`, the page also signs the browser out of those apps. */
  signedOut(input: PageInput & { frontChannel?: FrontChannelLogout }): string;
  /** The device flow's verification page (RFC 8628): type the code the device shows. */
  deviceCodeEntry(input: PageInput & DeviceCodeEntry): Promise<string>;
  /** The code was found: confirm that this is the device and app being signed in to. */
  deviceCodeConfirm(input: PageInput & DeviceCodeConfirmation): Promise<string>;
  /** Signed in on the device: the browser's part is done. */
  deviceCodeDone(input: PageInput & { appName: string }): Promise<string>;
}

/**
 * The form of a device flow page, as oidc-provider checks it: its action and the `xsrf` token
 * kept in the browser session (oidc-provider's own CSRF protection of these forms).
 */
export interface DeviceCodeForm {
  action: string;
  xsrf: string;
}

/**
 * Why the code page shows again: no code typed, no such code, expired, already used, the
 * sign-in was cancelled (on the confirmation page or the sign-in pages), or refused (a
 * Conditional Access block), or something else failed.
 */
export type DeviceCodeProblem =
  | 'missing'
  | 'notFound'
  | 'expired'
  | 'used'
  | 'cancelled'
  | 'blocked'
  | 'notAssigned'
  | 'failed'
  | 'unavailable';

export interface DeviceCodeEntry {
  form: DeviceCodeForm;
  /** The code to put in the field: the one typed, or the one of a verification_uri_complete link. */
  userCode?: string;
  problem?: DeviceCodeProblem;
}

export interface DeviceCodeConfirmation {
  form: DeviceCodeForm;
  /** The code, formatted as the device shows it (XXXX-XXXX). */
  userCode: string;
  appName: string;
}

export interface PageInput {
  tenantId: string;
  acceptLanguage: string | undefined;
  correlationId: string;
}

/** OpenID Front-Channel Logout: the frames a signed-out page loads, and where it goes next. */
export interface FrontChannelLogout {
  /** Each app's front-channel logout URL with `iss` and `sid`, to load in a hidden frame. */
  frames: string[];
  /** The app's post_logout_redirect_uri (with state) to move on to, if the sign-out named one. */
  continueTo?: string;
}
