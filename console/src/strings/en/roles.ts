/** Strings of the roles pages. */
export const roles = {};
