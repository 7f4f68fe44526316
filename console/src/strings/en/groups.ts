/** Strings of the groups pages. */
export const groups = {};
