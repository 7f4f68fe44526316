/** Sign-in logs: the list, its filters, the details pane's tabs. */
export const signInLogs = {
  title: 'Sign-in logs',
};
