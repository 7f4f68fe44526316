/** Strings of the tenants pages. */
export const tenants = {};
