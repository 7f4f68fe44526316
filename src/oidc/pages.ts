/** The browser-facing pages oidc-provider renders itself, supplied by the hosted UI. */
export interface ProviderPages {
  error(input: PageInput & { error: string; description?: string }): string;
  logout(input: PageInput & { form: string }): string;
  signedOut(input: PageInput): string;
}

export interface PageInput {
  tenantId: string;
  acceptLanguage: string | undefined;
  correlationId: string;
}
