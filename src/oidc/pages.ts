/** The browser-facing pages oidc-provider renders itself, supplied by the hosted UI. */
export interface ProviderPages {
  /** An error page; `unavailable`: the service cannot answer now (the database is down or slow), try again. */
  error(input: PageInput & { error: string; description?: string; unavailable?: boolean }): string;
  logout(input: PageInput & { form: string }): string;
  /** Signed out; with `frontChannel`, the page also signs the browser out of those apps. */
  signedOut(input: PageInput & { frontChannel?: FrontChannelLogout }): string;
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
