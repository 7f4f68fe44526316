/** Strings of the idp pages. */
export const idp = {};
