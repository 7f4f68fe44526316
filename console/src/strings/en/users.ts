/** Strings of the users pages. */
export const users = {};
