/** Audit logs: the list, its filters, the details pane. */
export const auditLogs = {
  title: 'Audit logs',
};
