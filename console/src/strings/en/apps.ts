/** Strings of the apps pages. */
export const apps = {};
