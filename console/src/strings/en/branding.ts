/** Strings of the branding pages. */
export const branding = {};
