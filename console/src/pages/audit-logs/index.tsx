import { AuditLogs } from './AuditLogs';

/** Monitoring › Audit logs (one page: the list, its filters and the details pane). */
export function Component() {
  return <AuditLogs />;
}
