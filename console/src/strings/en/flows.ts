/** Strings of the flows pages. */
export const flows = {};
